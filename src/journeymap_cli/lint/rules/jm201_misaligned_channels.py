"""JM201 misaligned-channels."""

from __future__ import annotations

from collections.abc import Iterator

from journeymap_cli.lint.rules import Context, Finding, NoOptions, Rule, register
from journeymap_cli.report.diagnostics import Severity


@register
class MisalignedChannels(Rule):
    """Channels tell different stories within one stage.

    **What it does**: flags a stage where two channels' mean normalised performance
    (frontstage touchpoints) differ by 50 or more on the 0-100 scale: the scoring model's
    definition of a misaligned stage (docs/scoring.md).

    **Why it matters**: customers move between channels within a stage. An excellent
    website followed by a poor phone call feels like a broken promise, and an average over
    channels hides it.

    **Example**:
    ```yaml
    touchpoints:
      - {name: Books online, channel: Website, performance: 5}
      - {name: Confirms by phone, channel: Phone, performance: 2}
    ```

    **Use instead**: close the gap in the weak channel, or record why the channels
    differ (pain points, opportunities) and suppress the finding with a comment.
    """

    CODE = "JM201"
    NAME = "misaligned-channels"
    SUMMARY = "Two channels differ by 50 or more in one stage"
    SEVERITY = Severity.WARNING

    def check(self, ctx: Context, options: NoOptions) -> Iterator[Finding]:
        for (loc, _), stage in zip(ctx.stages(), ctx.score.stages, strict=True):
            if stage.misaligned:
                spread = ", ".join(f"{c} {v:.0f}" for c, v in stage.channels.items())
                yield Finding(loc, f"channels are misaligned in stage {stage.name!r}: {spread}")

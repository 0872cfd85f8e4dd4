"""JM206 detail-of-another-state."""

from __future__ import annotations

from collections.abc import Iterator

from journeymap_cli.lint.rules import Context, Finding, NoOptions, Rule, register
from journeymap_cli.report.diagnostics import Severity


@register
class DetailOfAnotherState(Rule):
    """A stage opens into a detail map of the other state (as-is and to-be mixed).

    **What it does**: flags a stage whose `detail` map says another `state` than this
    map: an as-is map whose stage opens into a to-be map, or the other way round.

    **Why it matters**: the detail map describes the stage step by step, and its figures
    roll up into this map's (docs/scoring.md, "Roll-up"). An as-is journey that drills down
    into the experience the company only plans to deliver reports today's experience
    better than it is; a to-be journey detailed by today's steps plans nothing new.

    **Example**: `state: as-is` (the default) and
    ```yaml
    - name: Purchase
      detail: purchase-steps-to-be.jmap.yaml
    ```

    **Use instead**: detail each map with a map of its own state: the as-is stage with
    the as-is steps, the to-be stage with the to-be steps (`based_on` the as-is ones).
    """

    CODE = "JM206"
    NAME = "detail-of-another-state"
    SUMMARY = "A stage's detail map is of the other state (as-is or to-be)"
    SEVERITY = Severity.WARNING

    def check(self, ctx: Context, options: NoOptions) -> Iterator[Finding]:
        for s, detail in sorted(ctx.details.items()):
            if detail.jmap.state != ctx.jmap.state:
                stage = ctx.jmap.stages[s]
                yield Finding(
                    ("stages", s, "detail"),
                    f"stage {stage.name!r} of this {ctx.jmap.state} map opens into "
                    f"{stage.detail!r}, a {detail.jmap.state} map",
                )

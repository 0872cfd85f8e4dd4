"""JM301 gap-without-pain-point."""

from __future__ import annotations

from collections.abc import Iterator

from journeymap_cli.lint.rules import Context, Finding, NoOptions, Rule, register
from journeymap_cli.report.diagnostics import Severity


@register
class GapWithoutPainPoint(Rule):
    """A touchpoint performs below its target, and nobody wrote down why.

    **What it does**: flags a touchpoint whose `performance` is below its `target` when
    it has no `pain_points` and its stage has no `opportunities`.

    **Why it matters**: a gap without a reason cannot be acted on. The pain point is what
    the owning team needs to hear; the opportunity is what they could do about it.

    **Example**:
    ```yaml
    - name: Requests a quote
      performance: 2
      target: 5
    ```

    **Use instead**:
    ```yaml
    - name: Requests a quote
      performance: 2
      target: 5
      pain_points: [Quote took 26 hours and came as a phone call]
    ```
    """

    CODE = "JM301"
    NAME = "gap-without-pain-point"
    SUMMARY = "A touchpoint is below target with no pain point or opportunity recorded"
    SEVERITY = Severity.WARNING

    def check(self, ctx: Context, options: NoOptions) -> Iterator[Finding]:
        for loc, stage, point in ctx.touchpoints():
            if point.performance is None or point.target is None:
                continue
            if (
                point.performance < point.target
                and not point.pain_points
                and not (stage.opportunities)
            ):
                yield Finding(
                    loc,
                    f"touchpoint {point.name!r} is below target ({point.performance} < "
                    f"{point.target}) but records no pain point and its stage no opportunity",
                )

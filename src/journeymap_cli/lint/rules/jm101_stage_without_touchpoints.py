"""JM101 stage-without-touchpoints."""

from __future__ import annotations

from collections.abc import Iterator

from journeymap_cli.lint.rules import Context, Finding, NoOptions, Rule, register
from journeymap_cli.report.diagnostics import Severity


@register
class StageWithoutTouchpoints(Rule):
    """A stage lists no touchpoint.

    **What it does**: flags a stage whose `touchpoints` list is missing or empty.

    **Why it matters**: a stage where the customer never meets the company is either a gap
    in the research or a place nobody owns. Either way the map cannot say who fixes it.

    **Example**:
    ```yaml
    - name: Comparing
      actions: [Reads reviews]
    ```

    **Use instead**: record the moments of contact, even indirect ones (a review site the
    company answers on, an email it sends):
    ```yaml
    - name: Comparing
      actions: [Reads reviews]
      touchpoints:
        - {name: Reads answers to reviews, channel: Review sites, owner: Marketing}
    ```
    """

    CODE = "JM101"
    NAME = "stage-without-touchpoints"
    SUMMARY = "A stage has no touchpoints: nobody is accountable for it"
    SEVERITY = Severity.WARNING

    def check(self, ctx: Context, options: NoOptions) -> Iterator[Finding]:
        for loc, stage in ctx.stages():
            if not stage.touchpoints:
                yield Finding(loc, f"stage {stage.name!r} has no touchpoints")

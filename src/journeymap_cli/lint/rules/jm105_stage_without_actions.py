"""JM105 stage-without-actions."""

from __future__ import annotations

from collections.abc import Iterator

from journeymap_cli.lint.rules import Context, Finding, NoOptions, Rule, register
from journeymap_cli.report.diagnostics import Severity


@register
class StageWithoutActions(Rule):
    """A stage says nothing about what the customer does.

    **What it does**: flags a stage with no `actions`.

    **Why it matters**: the doing lane anchors every other lane. Thoughts, feelings and
    touchpoints without actions read as the company's view of the stage, not the
    customer's.

    **Example**:
    ```yaml
    - name: Discovery
      emotion: 3
    ```

    **Use instead**:
    ```yaml
    - name: Discovery
      actions: [Searches for family SUVs on her phone]
      emotion: 3
    ```
    """

    CODE = "JM105"
    NAME = "stage-without-actions"
    SUMMARY = "A stage has no actions: what the customer does is missing"
    SEVERITY = Severity.WARNING

    def check(self, ctx: Context, options: NoOptions) -> Iterator[Finding]:
        for loc, stage in ctx.stages():
            if not stage.actions:
                yield Finding(loc, f"stage {stage.name!r} has no actions")

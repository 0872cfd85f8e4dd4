"""JM106 stage-without-thoughts-or-feelings."""

from __future__ import annotations

from collections.abc import Iterator

from journeymap_cli.lint.rules import Context, Finding, NoOptions, Rule, register
from journeymap_cli.report.diagnostics import Severity


@register
class StageWithoutThoughtsOrFeelings(Rule):
    """A stage records neither thoughts nor feelings.

    **What it does**: flags a stage with no `thoughts` and no `feelings`.

    **Why it matters**: a journey map is about the customer's inner experience. Without
    their words, the emotion rating is a number nobody can explain or challenge.

    **Example**:
    ```yaml
    - name: Purchase
      actions: [Signs the contract]
      emotion: 2
    ```

    **Use instead**:
    ```yaml
    - name: Purchase
      actions: [Signs the contract]
      thoughts: ["Forty pages, and nobody explains them"]
      feelings: [anxious]
      emotion: 2
    ```
    """

    CODE = "JM106"
    NAME = "stage-without-thoughts-or-feelings"
    SUMMARY = "A stage has neither thoughts nor feelings"
    SEVERITY = Severity.INFO

    def check(self, ctx: Context, options: NoOptions) -> Iterator[Finding]:
        for loc, stage in ctx.stages():
            if not stage.thoughts and not stage.feelings:
                yield Finding(loc, f"stage {stage.name!r} has no thoughts or feelings")

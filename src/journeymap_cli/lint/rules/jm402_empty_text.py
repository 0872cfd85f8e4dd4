"""JM402 empty-list-item."""

from __future__ import annotations

from collections.abc import Iterator

from journeymap_cli.fmt.edits import Fix
from journeymap_cli.lint.rules import Context, Finding, NoOptions, Rule, register
from journeymap_cli.report.diagnostics import Severity


@register
class EmptyListItem(Rule):
    """A list holds an empty or whitespace-only item.

    **What it does**: flags an empty string, or one of only whitespace, in any list
    (actions, pain points, evidence...), and an empty string anywhere else. Fixable in
    lists: `jmap lint --fix` drops the item (the rest keep their order).

    **Why it matters**: empty items render as empty bullets and count as content for the
    completeness checks, so a stage looks filled in when it is not.

    **Example**:
    ```yaml
    actions: [Signs the contract, ""]
    ```

    **Use instead**:
    ```yaml
    actions: [Signs the contract]
    ```
    """

    CODE = "JM402"
    NAME = "empty-text"
    SUMMARY = "An empty or whitespace-only text or list item"
    SEVERITY = Severity.WARNING
    FIXABLE = True

    def check(self, ctx: Context, options: NoOptions) -> Iterator[Finding]:
        for loc, text in ctx.strings():
            if text.strip():
                continue
            if loc and isinstance(loc[-1], int):
                yield Finding(loc, "empty list item", fix=Fix("drop", loc))
            else:
                yield Finding(loc, f"{loc[-1] if loc else 'value'} is empty")

"""JM401 untrimmed-text."""

from __future__ import annotations

from collections.abc import Iterator

from journeymap_cli.fmt.edits import Fix
from journeymap_cli.lint.rules import Context, Finding, NoOptions, Rule, register
from journeymap_cli.report.diagnostics import Severity


@register
class UntrimmedText(Rule):
    """Text starts or ends with spaces, tabs or blank lines.

    **What it does**: flags a string value with leading or trailing whitespace (a block
    scalar's single final newline is fine). Fixable: `jmap lint --fix` trims it.

    **Why it matters**: stray whitespace makes two equal owners or channels differ, breaks
    table cells in rendered Markdown and shows up as noise in diffs.

    **Example**:
    ```yaml
    owner: "Sales "
    ```

    **Use instead**:
    ```yaml
    owner: Sales
    ```
    """

    CODE = "JM401"
    NAME = "untrimmed-text"
    SUMMARY = "Text has leading or trailing whitespace"
    SEVERITY = Severity.WARNING
    FIXABLE = True

    def check(self, ctx: Context, options: NoOptions) -> Iterator[Finding]:
        for loc, text in ctx.strings():
            body = text[:-1] if text.endswith("\n") and not text.endswith("\n\n") else text
            if body and body.strip() and body != body.strip():
                yield Finding(loc, "text has leading or trailing whitespace", fix=Fix("strip", loc))

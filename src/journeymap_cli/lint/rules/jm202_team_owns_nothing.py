"""JM202 team-owns-nothing."""

from __future__ import annotations

from collections.abc import Iterator

from journeymap_cli.lint.rules import Context, Finding, NoOptions, Rule, register
from journeymap_cli.lint.rules._vocabulary import unused
from journeymap_cli.report.diagnostics import Severity


@register
class TeamOwnsNothing(Rule):
    """A declared team owns no touchpoint.

    **What it does**: flags an entry of `teams` that no touchpoint names as its `owner`.

    **Why it matters**: either the team has no part in this journey (drop it from the
    vocabulary) or the map misses the touchpoints it is accountable for, often backstage
    work the customer feels but does not see.

    **Example**:
    ```yaml
    teams: [Sales, Finance]
    # ...no touchpoint has owner: Finance
    ```

    **Use instead**: give Finance its touchpoints (`owner: Finance`), or remove it from
    `teams`.
    """

    CODE = "JM202"
    NAME = "team-owns-nothing"
    SUMMARY = "A declared team owns no touchpoint"
    SEVERITY = Severity.INFO

    def check(self, ctx: Context, options: NoOptions) -> Iterator[Finding]:
        yield from unused(ctx, "teams", "owner", "team {name!r} is declared but owns nothing")

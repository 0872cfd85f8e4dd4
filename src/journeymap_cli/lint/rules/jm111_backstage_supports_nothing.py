"""JM111 backstage-supports-nothing."""

from __future__ import annotations

from collections.abc import Iterator

from journeymap_cli.format.blueprint import unseen
from journeymap_cli.lint.rules import Context, Finding, NoOptions, Rule, register
from journeymap_cli.report.diagnostics import Severity


@register
class BackstageSupportsNothing(Rule):
    """A backstage or support touchpoint supports nothing, in a map that draws a blueprint.

    **What it does**: in a map with at least one `supports` link, flags each backstage or
    support touchpoint (`layer: backstage` or `support`, or `backstage: true`) whose
    `supports` is empty. Maps that draw no links at all are not checked.

    **Why it matters**: a service blueprint shows what makes each moment of the
    customer's journey possible. Work behind the scenes that is linked to no touchpoint
    is a missing link (the team cannot trace a poor moment back to it, and the figures
    behind each hotspot leave it out) or work that serves no one.

    **Example**:
    ```yaml
    - name: Checks the stock
      layer: support
      actor: Stock system
    ```

    **Use instead**:
    ```yaml
    - name: Checks the stock
      layer: support
      actor: Stock system
      supports: [confirms-the-delivery-date]
    ```
    """

    CODE = "JM111"
    NAME = "backstage-supports-nothing"
    SUMMARY = "A backstage or support touchpoint supports nothing in a map with a blueprint"
    SEVERITY = Severity.WARNING

    def check(self, ctx: Context, options: NoOptions) -> Iterator[Finding]:
        if not ctx.blueprint().linked:
            return
        for loc, _, point in ctx.touchpoints():
            if unseen(point) and not point.supports:
                yield Finding(
                    (*loc, "name"),
                    f"{point.layer} touchpoint {point.name!r} supports no touchpoint",
                    key=True,
                )

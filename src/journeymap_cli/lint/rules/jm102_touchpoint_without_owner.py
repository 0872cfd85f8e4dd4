"""JM102 touchpoint-without-owner."""

from __future__ import annotations

from collections.abc import Iterator

from journeymap_cli.lint.rules import Context, Finding, NoOptions, Rule, register
from journeymap_cli.report.diagnostics import Severity


@register
class TouchpointWithoutOwner(Rule):
    """A touchpoint names no owner.

    **What it does**: flags a touchpoint without an `owner`.

    **Why it matters**: a touchpoint nobody is accountable for does not get fixed. Owners
    turn a map into a to-do list per team (`jmap score --by owner`).

    **Example**:
    ```yaml
    - name: Waits for delivery updates
      channel: WhatsApp
    ```

    **Use instead**:
    ```yaml
    - name: Waits for delivery updates
      channel: WhatsApp
      owner: Delivery
    ```
    """

    CODE = "JM102"
    NAME = "touchpoint-without-owner"
    SUMMARY = "A touchpoint has no owner: no team is accountable for it"
    SEVERITY = Severity.WARNING

    def check(self, ctx: Context, options: NoOptions) -> Iterator[Finding]:
        for loc, _, point in ctx.touchpoints():
            if point.owner is None:
                yield Finding(loc, f"touchpoint {point.name!r} has no owner")

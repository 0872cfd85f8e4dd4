"""JM306 opportunity-addresses-nothing."""

from __future__ import annotations

from collections.abc import Iterator

from journeymap_cli.format.integrity import opportunities
from journeymap_cli.lint.rules import Context, Finding, NoOptions, Rule, register
from journeymap_cli.report.diagnostics import Severity


@register
class OpportunityAddressesNothing(Rule):
    """An opportunity does not say which touchpoints it would improve.

    **What it does**: flags an opportunity written as a mapping whose `addresses` is
    missing or empty (unless it is `dropped`). Opportunities written as plain strings
    (format 1.0) are not checked.

    **Why it matters**: an opportunity is ranked by the gaps of the touchpoints it
    addresses; one that addresses nothing has no impact in the figures, cannot be
    checked once `done`, and leaves the team guessing what it is meant to fix.

    **Example**:
    ```yaml
    opportunities:
      - name: Call back within an hour
        owner: Sales
    ```

    **Use instead**:
    ```yaml
    opportunities:
      - name: Call back within an hour
        owner: Sales
        addresses: [books-a-test-drive]
    ```
    """

    CODE = "JM306"
    NAME = "opportunity-addresses-nothing"
    SUMMARY = "An opportunity mapping addresses no touchpoint"
    SEVERITY = Severity.WARNING

    def check(self, ctx: Context, options: NoOptions) -> Iterator[Finding]:
        for loc, item in opportunities(ctx.jmap):
            if not item.addresses and item.status != "dropped":
                yield Finding(
                    (*loc, "name"),
                    f"opportunity {item.name!r} addresses no touchpoint",
                    key=True,
                )

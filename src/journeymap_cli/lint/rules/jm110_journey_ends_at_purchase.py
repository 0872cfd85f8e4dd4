"""JM110 journey-ends-at-purchase."""

from __future__ import annotations

import re
from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict, Field

from journeymap_cli.lint.rules import Context, Finding, Rule, register
from journeymap_cli.report.diagnostics import Severity


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    purchase_words: list[str] = Field(
        default_factory=lambda: ["purchase", "buy", "checkout", "order", "sign", "pay"],
        description="words that make a stage a purchase stage",
    )


@register
class JourneyEndsAtPurchase(Rule):
    """The journey stops at the purchase.

    **What it does**: flags a map whose last stage is a purchase stage (its id or name
    contains one of `purchase-words`), with no post-purchase, use or return stage after it.

    **Why it matters**: most of a customer's lifetime value comes after the first sale:
    onboarding, use, service, renewal, return. A map that ends at the till optimises
    acquisition and leaves loyalty unmapped.

    **Example**:
    ```yaml
    stages:
      - name: Discovery
      - name: Purchase
    ```

    **Use instead**:
    ```yaml
    stages:
      - name: Discovery
      - name: Purchase
      - name: Post-purchase
      - name: Return
    ```
    """

    CODE = "JM110"
    NAME = "journey-ends-at-purchase"
    SUMMARY = "The journey stops at the purchase: no post-purchase or return stage"
    SEVERITY = Severity.INFO
    Options = Settings

    def check(self, ctx: Context, options: Settings) -> Iterator[Finding]:
        last = ctx.jmap.stages[-1]
        text = f"{last.id} {last.name}".lower()
        if any(re.search(rf"\b{re.escape(w)}", text) for w in options.purchase_words) and not (
            "post" in text or "after" in text
        ):
            yield Finding(
                ("stages", len(ctx.jmap.stages) - 1),
                f"the journey ends at {last.name!r}: nothing after the purchase is mapped",
            )

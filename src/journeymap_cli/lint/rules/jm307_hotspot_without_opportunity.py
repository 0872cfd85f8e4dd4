"""JM307 hotspot-without-opportunity."""

from __future__ import annotations

from collections.abc import Iterator

from journeymap_cli.format.integrity import opportunities
from journeymap_cli.lint.rules import Context, Finding, NoOptions, Rule, register
from journeymap_cli.report.diagnostics import Severity


@register
class HotspotWithoutOpportunity(Rule):
    """A hotspot touchpoint is not addressed by any open opportunity.

    **What it does**: in a map that links opportunities to touchpoints (at least one
    opportunity written as a mapping), flags each hotspot (a frontstage touchpoint
    below its target, see docs/scoring.md) that no open opportunity (`idea`,
    `planned` or `in-progress`) lists in its `addresses`.

    **Why it matters**: hotspots are where the experience falls furthest short of what
    the company means to deliver. Once opportunities say what they fix, a hotspot that
    none of them addresses is a gap nobody plans to close.

    **Example**: a touchpoint with `performance: 2, target: 5` while every opportunity
    addresses other touchpoints, or is `done` or `dropped`.

    **Use instead**:
    ```yaml
    opportunities:
      - name: Confirm appointments by text message
        addresses: [books-an-appointment]
    ```
    """

    CODE = "JM307"
    NAME = "hotspot-without-opportunity"
    SUMMARY = "A hotspot touchpoint is not addressed by any open opportunity"
    SEVERITY = Severity.INFO

    def check(self, ctx: Context, options: NoOptions) -> Iterator[Finding]:
        items = [item for _, item in opportunities(ctx.jmap)]
        if not items:  # the map does not link opportunities to touchpoints (yet)
            return
        addressed = {ref for item in items if item.open for ref in item.addresses}
        hot = {h.id for h in ctx.score.hotspots}
        for loc, _, point in ctx.touchpoints():
            if point.id in hot and point.id not in addressed:
                yield Finding(
                    (*loc, "name"),
                    f"touchpoint {point.name!r} is below its target and no open "
                    "opportunity addresses it",
                    key=True,
                )

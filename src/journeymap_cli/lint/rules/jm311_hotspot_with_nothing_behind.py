"""JM311 hotspot-with-nothing-behind."""

from __future__ import annotations

from collections.abc import Iterator

from journeymap_cli.lint.rules import Context, Finding, NoOptions, Rule, register
from journeymap_cli.report.diagnostics import Severity


@register
class HotspotWithNothingBehind(Rule):
    """A frontstage hotspot has nothing behind it, in a map that draws a blueprint.

    **What it does**: in a map with at least one `supports` link, flags each hotspot (a
    frontstage touchpoint below its target, see docs/scoring.md) that no backstage or
    support touchpoint lists in its `supports`. Maps that draw no links are not checked.

    **Why it matters**: a hotspot is where the experience falls furthest short, and the
    cause is usually behind the scenes: a slow approval, a stock system that is not up to
    date, a courier. Once a map draws its blueprint, a hotspot with nothing behind it
    leaves the team fixing the surface (a nicer letter) instead of the cause.

    **Example**: `Confirms the delivery date` rated `performance: 2, target: 5` while
    every `supports` link of the map points at other touchpoints.

    **Use instead**:
    ```yaml
    - name: Checks the stock
      layer: support
      supports: [confirms-the-delivery-date]
    ```
    """

    CODE = "JM311"
    NAME = "hotspot-with-nothing-behind"
    SUMMARY = "A frontstage hotspot is supported by nothing in a map with a blueprint"
    SEVERITY = Severity.INFO

    def check(self, ctx: Context, options: NoOptions) -> Iterator[Finding]:
        blueprint = ctx.blueprint()
        if not blueprint.linked:
            return
        hot = {h.id for h in ctx.score.hotspots}
        for loc, _, point in ctx.touchpoints():
            if point.layer != "frontstage" or point.id not in hot:
                continue
            if not blueprint.supported_by.get(point.id or ""):
                yield Finding(
                    (*loc, "name"),
                    f"touchpoint {point.name!r} is below its target and no backstage or "
                    "support touchpoint supports it",
                    key=True,
                )

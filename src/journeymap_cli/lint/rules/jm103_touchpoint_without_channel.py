"""JM103 touchpoint-without-channel."""

from __future__ import annotations

from collections.abc import Iterator

from journeymap_cli.format.blueprint import unseen
from journeymap_cli.lint.rules import Context, Finding, NoOptions, Rule, register
from journeymap_cli.report.diagnostics import Severity


@register
class TouchpointWithoutChannel(Rule):
    """A touchpoint names no channel.

    **What it does**: flags a frontstage touchpoint without a `channel`. Backstage and
    support touchpoints (`layer: backstage` or `support`, or `backstage: true`) may leave
    it out: work behind the scenes often has none.

    **Why it matters**: the channel says where the experience happens (web, phone,
    showroom). Without it, channel alignment cannot be checked and the same moment done
    well online and badly by phone looks like one average.

    **Example**:
    ```yaml
    - name: Requests a quote
      owner: Sales
    ```

    **Use instead**:
    ```yaml
    - name: Requests a quote
      owner: Sales
      channel: Website
    ```
    """

    CODE = "JM103"
    NAME = "touchpoint-without-channel"
    SUMMARY = "A frontstage touchpoint has no channel"
    SEVERITY = Severity.WARNING

    def check(self, ctx: Context, options: NoOptions) -> Iterator[Finding]:
        for loc, _, point in ctx.touchpoints():
            if point.channel is None and not unseen(point):
                yield Finding(loc, f"touchpoint {point.name!r} has no channel")

"""JM310 done-but-target-missed."""

from __future__ import annotations

from collections.abc import Iterator

from journeymap_cli.format.integrity import opportunities
from journeymap_cli.format.model import Touchpoint
from journeymap_cli.format.parts import metric_of
from journeymap_cli.lint.rules import Context, Finding, NoOptions, Rule, register
from journeymap_cli.report.diagnostics import Severity


def misses(point: Touchpoint) -> list[str]:
    """What of a touchpoint is still short of its target: its rating, its metrics."""
    out = []
    performance, target = point.performance, point.target
    if performance is not None and target is not None and performance < target:
        out.append(f"performance {performance} < target {target}")
    for key, entry in point.metrics.items():
        metric = metric_of(entry)
        if metric is not None and metric.met() is False:
            out.append(f"{key} {metric.value} misses {metric.target}")
    return out


@register
class DoneButTargetMissed(Rule):
    """An opportunity is marked done, but the touchpoints it addresses still miss their target.

    **What it does**: flags an opportunity with `status: done` when a touchpoint it
    `addresses` still has a `performance` below its `target`, or a metric that misses
    its `target`.

    **Why it matters**: either the map was not updated after the change shipped (the
    ratings and figures are stale), or the change did not work. Both deserve a look
    before the opportunity is closed for good.

    **Example**:
    ```yaml
    opportunities:
      - name: Call back within an hour
        addresses: [books-a-test-drive]   # performance: 2, target: 5
        status: done
    ```

    **Use instead**: re-rate the touchpoint from fresh evidence; if it is still short,
    set the opportunity back to `in-progress` or record a new one.
    """

    CODE = "JM310"
    NAME = "done-but-target-missed"
    SUMMARY = "A done opportunity's touchpoints still miss their target"
    SEVERITY = Severity.INFO

    def check(self, ctx: Context, options: NoOptions) -> Iterator[Finding]:
        points = {p.id: p for _, _, p in ctx.touchpoints()}
        for loc, item in opportunities(ctx.jmap):
            if item.status != "done":
                continue
            short = [
                f"{ref} ({'; '.join(found)})"
                for ref in item.addresses
                if ref in points and (found := misses(points[ref]))
            ]
            if short:
                yield Finding(
                    (*loc, "status"),
                    f"opportunity {item.name!r} is done but {', '.join(short)} "
                    "still miss their target"
                    if len(short) > 1
                    else f"opportunity {item.name!r} is done but {short[0]} still misses "
                    "its target",
                )

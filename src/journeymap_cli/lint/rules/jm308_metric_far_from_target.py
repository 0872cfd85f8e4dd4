"""JM308 metric-far-from-target."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict, Field

from journeymap_cli.format.model import Stage
from journeymap_cli.format.parts import Metric, opportunity_of
from journeymap_cli.lint.rules import Context, Finding, Rule, register
from journeymap_cli.report.diagnostics import Loc, Severity


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    margin: float = Field(0.2, gt=0)


def shortfall(metric: Metric) -> float | None:
    """How far the value falls short of the target, as a share of the target (0.25 =
    25 % short); None when it meets the target or has none. A target of 0 makes any
    miss infinitely wide."""
    if metric.target is None or metric.better is None or metric.met():
        return None
    miss = abs(metric.value - metric.target)
    return miss / abs(metric.target) if metric.target else float("inf")


@register
class MetricFarFromTarget(Rule):
    """A metric misses its target by a wide margin and nothing in its stage plans to act.

    **What it does**: flags a metric (a stage's or a touchpoint's) with a `target` that
    its `value` misses, in the direction of `better`, by more than `margin` of the
    target (20 % by default: a conversion of 0.25 against a target of 0.35 is 29 %
    short; a wait of 13 minutes against a target of 10 with `better: lower` is 30 %
    over), when its stage has no open opportunity and, for a touchpoint's metric, no
    open opportunity anywhere in the map addresses that touchpoint. A target of 0 is
    missed widely by any value on the wrong side of it.

    **Why it matters**: a KPI far off its target is the clearest sign that something
    needs doing; a map that records the miss but no opportunity to close it reads as if
    the team accepts it.

    **Example**:
    ```yaml
    metrics:
      conversion: {value: 0.2, target: 0.35, better: higher}
    opportunities: []
    ```

    **Use instead**: record what the team could do about it in the stage's
    `opportunities` (addressing the touchpoint concerned), or revise the target.
    """

    CODE = "JM308"
    NAME = "metric-far-from-target"
    SUMMARY = "A metric misses its target widely and its stage has no open opportunity"
    SEVERITY = Severity.INFO
    Options = Settings

    def check(self, ctx: Context, options: Settings) -> Iterator[Finding]:
        addressed = {
            ref
            for stage in ctx.jmap.stages
            for entry in stage.opportunities
            if (item := opportunity_of(entry)).open
            for ref in item.addresses
        }
        for loc, stage in ctx.stages():
            if _has_open_opportunity(stage):
                continue
            found: list[tuple[Loc, str, Metric]] = [
                ((*loc, "metrics", key), key, m)
                for key, m in stage.metrics.items()
                if isinstance(m, Metric)
            ]
            for t, point in enumerate(stage.touchpoints):
                if point.id in addressed:
                    continue
                found += [
                    ((*loc, "touchpoints", t, "metrics", key), key, m)
                    for key, m in point.metrics.items()
                    if isinstance(m, Metric)
                ]
            for mloc, key, metric in found:
                short = shortfall(metric)
                if short is not None and short > options.margin:
                    yield Finding(
                        (*mloc, "value"),
                        f"metric {key!r} is {metric.value} against a target of {metric.target}"
                        f" ({_share(short)} off) and stage {stage.name!r} has no open "
                        "opportunity",
                    )


def _has_open_opportunity(stage: Stage) -> bool:
    return any(opportunity_of(entry).open for entry in stage.opportunities)


def _share(short: float) -> str:
    return "all the way" if short == float("inf") else f"{short:.0%}"

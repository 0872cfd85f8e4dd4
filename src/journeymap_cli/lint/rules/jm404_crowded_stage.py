"""JM404 crowded-stage."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict, Field

from journeymap_cli.lint.rules import Context, Finding, Rule, register
from journeymap_cli.report.diagnostics import Severity


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    max_touchpoints: int = Field(10, ge=1)


@register
class CrowdedStage(Rule):
    """A stage has too many touchpoints to read.

    **What it does**: flags a stage with more than `max-touchpoints` touchpoints (10 by
    default).

    **Why it matters**: a column of fifteen cards is unreadable on a map and usually means
    the stage is really two stages (e.g. "Purchase" hiding "Financing" and "Delivery") or
    that the map mixes levels of detail.

    **Example**: a `Purchase` stage with 14 touchpoints.

    **Use instead**: split the stage along the customer's own steps, or move detail into
    a separate, more detailed map of that stage.
    """

    CODE = "JM404"
    NAME = "crowded-stage"
    SUMMARY = "A stage has more touchpoints than the configured maximum"
    SEVERITY = Severity.INFO
    Options = Settings

    def check(self, ctx: Context, options: Settings) -> Iterator[Finding]:
        for loc, stage in ctx.stages():
            if len(stage.touchpoints) > options.max_touchpoints:
                yield Finding(
                    loc,
                    f"stage {stage.name!r} has {len(stage.touchpoints)} touchpoints "
                    f"(at most {options.max_touchpoints})",
                )

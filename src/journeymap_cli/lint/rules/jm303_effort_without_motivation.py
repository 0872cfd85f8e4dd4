"""JM303 effort-without-motivation."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict, Field

from journeymap_cli.lint.rules import Context, Finding, Rule, register
from journeymap_cli.report.diagnostics import Severity


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    high_effort: float = Field(75.0, ge=0, le=100, description="normalised effort, 0-100")


@register
class EffortWithoutMotivation(Rule):
    """A high-effort stage records no motivation.

    **What it does**: flags a stage whose normalised `effort` is at least `high-effort`
    (75 on 0-100 by default: 4 or 5 on a 1-5 scale) with no `motivations`.

    **Why it matters**: where moving on is hard, customers drop out unless something pulls
    them forward. Knowing what that is tells the team what to protect or strengthen.

    **Example**:
    ```yaml
    - name: Setup
      effort: 5
    ```

    **Use instead**:
    ```yaml
    - name: Setup
      effort: 5
      motivations: [Seeing the first rota built from templates]
    ```
    """

    CODE = "JM303"
    NAME = "effort-without-motivation"
    SUMMARY = "A high-effort stage has no motivation recorded"
    SEVERITY = Severity.WARNING
    Options = Settings

    def check(self, ctx: Context, options: Settings) -> Iterator[Finding]:
        for (loc, stage), score in zip(ctx.stages(), ctx.score.stages, strict=True):
            if (
                score.effort is not None
                and score.effort >= options.high_effort
                and not (stage.motivations)
            ):
                yield Finding(
                    loc,
                    f"stage {stage.name!r} takes high effort ({stage.effort}) "
                    "but records no motivation",
                )

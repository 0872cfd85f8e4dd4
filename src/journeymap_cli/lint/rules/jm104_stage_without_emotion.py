"""JM104 stage-without-emotion."""

from __future__ import annotations

from collections.abc import Iterator

from journeymap_cli.lint.rules import Context, Finding, NoOptions, Rule, register
from journeymap_cli.report.diagnostics import Severity


@register
class StageWithoutEmotion(Rule):
    """A stage has no emotion rating: a hole in the emotion curve.

    **What it does**: flags a stage without `emotion`.

    **Why it matters**: the emotion curve is what people read first on a journey map. A
    stage without a rating breaks the line exactly where the story should be told, and the
    low point or the end of the journey may be the one missing.

    **Example**:
    ```yaml
    - name: Purchase
      feelings: [relieved, anxious]
    ```

    **Use instead**:
    ```yaml
    - name: Purchase
      feelings: [relieved, anxious]
      emotion: 3
    ```
    """

    CODE = "JM104"
    NAME = "stage-without-emotion"
    SUMMARY = "A stage has no emotion: a hole in the emotion curve"
    SEVERITY = Severity.WARNING

    def check(self, ctx: Context, options: NoOptions) -> Iterator[Finding]:
        for loc, stage in ctx.stages():
            if stage.emotion is None:
                yield Finding(loc, f"stage {stage.name!r} has no emotion rating")

"""JM108 unrated-moment-of-truth."""

from __future__ import annotations

from collections.abc import Iterator

from journeymap_cli.lint.rules import Context, Finding, NoOptions, Rule, register
from journeymap_cli.report.diagnostics import Severity


@register
class UnratedMomentOfTruth(Rule):
    """A moment of truth has no performance rating or no target.

    **What it does**: flags a touchpoint marked `moment_of_truth: true` that lacks
    `performance` or `target`.

    **Why it matters**: moments of truth decide whether customers stay or leave; they count
    double in the score. Unrated, they cannot show a gap, so the most important place to
    act never appears among the hotspots.

    **Example**:
    ```yaml
    - name: Takes the test drive
      moment_of_truth: true
    ```

    **Use instead**:
    ```yaml
    - name: Takes the test drive
      moment_of_truth: true
      performance: 4
      target: 5
    ```
    """

    CODE = "JM108"
    NAME = "unrated-moment-of-truth"
    SUMMARY = "A moment of truth lacks a performance rating or a target"
    SEVERITY = Severity.WARNING

    def check(self, ctx: Context, options: NoOptions) -> Iterator[Finding]:
        for loc, _, point in ctx.touchpoints():
            if not point.moment_of_truth:
                continue
            missing = [f for f in ("performance", "target") if getattr(point, f) is None]
            if missing:
                yield Finding(
                    loc,
                    f"moment of truth {point.name!r} has no {' and no '.join(missing)}",
                )

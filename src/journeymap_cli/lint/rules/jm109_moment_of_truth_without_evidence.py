"""JM109 moment-of-truth-without-evidence."""

from __future__ import annotations

from collections.abc import Iterator

from journeymap_cli.lint.rules import Context, Finding, NoOptions, Rule, register
from journeymap_cli.report.diagnostics import Severity


@register
class MomentOfTruthWithoutEvidence(Rule):
    """A moment of truth is rated on a hunch: no evidence.

    **What it does**: flags a moment of truth with no `evidence` entry.

    **Why it matters**: the ratings that weigh most in the score should be the best
    founded. A moment of truth without evidence is an unvalidated assumption, and teams
    will argue about it instead of fixing it.

    **Example**:
    ```yaml
    - name: Signs the contract
      moment_of_truth: true
      performance: 3
    ```

    **Use instead**:
    ```yaml
    - name: Signs the contract
      moment_of_truth: true
      performance: 3
      evidence: ["Buyer survey Q3 2026, n=412, question 12"]
    ```
    """

    CODE = "JM109"
    NAME = "moment-of-truth-without-evidence"
    SUMMARY = "A moment of truth has no evidence: an unvalidated assumption"
    SEVERITY = Severity.WARNING

    def check(self, ctx: Context, options: NoOptions) -> Iterator[Finding]:
        for loc, _, point in ctx.touchpoints():
            if point.moment_of_truth and not point.evidence:
                yield Finding(loc, f"moment of truth {point.name!r} has no evidence")

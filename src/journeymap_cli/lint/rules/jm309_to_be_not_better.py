"""JM309 to-be-not-better."""

from __future__ import annotations

from collections.abc import Iterator

from journeymap_cli.lint.rules import Context, Finding, NoOptions, Rule, register
from journeymap_cli.report.diagnostics import Severity


@register
class ToBeNotBetter(Rule):
    """A to-be map does not improve on the as-is map it is based on.

    **What it does**: for a map with `state: to-be` and a `based_on` map, compares the
    two maps' figures (docs/scoring.md): flags the map when its `experience` is not
    higher, or its `gap` not lower, than the `based_on` map's. Figures that either map
    cannot compute (no ratings) are not compared.

    **Why it matters**: a to-be map describes the experience the company wants to
    deliver. If its figures are no better than today's, either the ratings were copied
    without being revised, or the planned journey does not improve anything.

    **Example**: `state: to-be`, `based_on: car-purchase.jmap.yaml`, and the same
    performance ratings as the as-is map.

    **Use instead**: rate each touchpoint as it will perform once the changes are made;
    keep the as-is ratings in the as-is map.
    """

    CODE = "JM309"
    NAME = "to-be-not-better"
    SUMMARY = "A to-be map's figures are not better than its based_on map's"
    SEVERITY = Severity.INFO

    def check(self, ctx: Context, options: NoOptions) -> Iterator[Finding]:
        before = ctx.based_on
        if ctx.jmap.state != "to-be" or before is None:
            return
        now = ctx.score
        worse = []
        # experience: higher is better; gap: lower is better
        for name, sign in (("experience", 1), ("gap", -1)):
            new, old = getattr(now, name), getattr(before, name)
            if new is not None and old is not None and sign * (new - old) <= 0:
                worse.append(f"{name} {new:.1f} (as-is {old:.1f})")
        if worse:
            yield Finding(
                ("state",),
                f"this to-be map is not better than {ctx.jmap.based_on!r}: {', '.join(worse)}",
            )

"""Opportunity `impact` and `priority` (scoring.md 1.1, "Opportunities"): pure, no I/O."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from journeymap_cli.format.model import Stage
from journeymap_cli.format.parts import Opportunity, Status


@dataclass(frozen=True, slots=True)
class OpportunityScore:
    id: str
    name: str
    stage: str  # stage id
    stage_name: str
    status: Status
    open: bool  # idea, planned or in-progress: ranked; done and dropped are not
    owner: str | None
    addresses: list[str]  # touchpoint ids, as written
    value: float | None  # n(value)
    effort: float | None  # n(effort)
    impact: float  # Σ w·(n(target) − n(performance)) of what it addresses, positive gaps only
    priority: float  # impact · v / e


def factor(normalised: float | None) -> float:
    """`1 + 4·n/100` (1 to 5 on any scale), or 3 without a rating: weights, value, effort."""
    return 3.0 if normalised is None else 1 + 4 * normalised / 100


def score_opportunities(
    stages: Iterable[Stage],
    n: Callable[[int | None], float | None],
    gains: Mapping[str, float],
) -> list[OpportunityScore]:
    """Every opportunity written as a mapping, in spine order.

    `gains` maps a touchpoint id to its positive weighted gap (frontstage touchpoints with
    both ratings only), so an id missing from it adds nothing to the impact. A 1.0 string
    opportunity is a loose note with nothing to address: it gets no figures.
    """
    out: list[OpportunityScore] = []
    for stage in stages:
        for entry in stage.opportunities:
            if not isinstance(entry, Opportunity):
                continue
            # an id written twice in `addresses` is one touchpoint: count its gap once
            impact = sum(gains.get(pid, 0.0) for pid in dict.fromkeys(entry.addresses))
            value, effort = n(entry.value), n(entry.effort)
            out.append(
                OpportunityScore(
                    id=entry.id or "",
                    name=entry.name,
                    stage=stage.id or "",
                    stage_name=stage.name,
                    status=entry.status,
                    open=entry.open,
                    owner=entry.owner,
                    addresses=list(entry.addresses),
                    value=value,
                    effort=effort,
                    impact=impact,
                    priority=impact * factor(value) / factor(effort),
                )
            )
    return out


def ranked(opportunities: Iterable[OpportunityScore]) -> list[OpportunityScore]:
    """The open opportunities by priority, largest first (stable: ties keep spine order)."""
    return sorted((o for o in opportunities if o.open), key=lambda o: -o.priority)

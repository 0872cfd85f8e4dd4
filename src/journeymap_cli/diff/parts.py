"""What changed in the parts format 1.1 added: opportunities, quotes, metrics and links.

Opportunities are matched by id across the whole map (ids are unique among a map's
opportunities), so one that moves to another stage is a change, not a removal and an
addition. Metrics are matched by their key where they live (a stage or a touchpoint);
quotes by their words and who said them; links by the map they point to.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from journeymap_cli.format.model import JourneyMap
from journeymap_cli.format.parts import (
    Metric,
    MetricEntry,
    Opportunity,
    metric_label,
    opportunity_of,
    quote_of,
)

OPPORTUNITY_VALUES = ("name", "stage", "status", "value", "effort", "owner")


@dataclass(frozen=True)
class Change:
    """A field that changed: a value (old → new), or a list (items removed, items added)."""

    field: str
    old: Any
    new: Any
    kind: str = "value"  # or "list": old = removed items, new = added items


@dataclass
class OpportunityChange:
    kind: str  # added | removed | changed
    id: str
    name: str
    stage: str  # the stage's name (the new one, or the old one for a removal)
    status: str  # in the newer version (the older one for a removal)
    changes: list[Change] = field(default_factory=list)


@dataclass(frozen=True)
class QuoteChange:
    kind: str  # added | removed
    text: str
    who: str | None
    where: str  # 'Stage' or 'Stage / Touchpoint'


@dataclass
class MetricChange:
    kind: str  # added | removed | changed
    key: str
    label: str
    where: str  # 'Stage' or 'Stage / Touchpoint'
    unit: str | None
    better: str | None  # higher | lower | None: which way ▲ points
    changes: list[Change] = field(default_factory=list)  # value, target, unit, better
    met: tuple[bool | None, bool | None] = (None, None)  # target met before, after
    value: Any = None  # the figure in the newer version (the older one for a removal)


@dataclass
class LinkChange:
    kind: str  # added | removed | changed
    map: str
    relation: str
    changes: list[Change] = field(default_factory=list)  # relation, note


@dataclass
class PartChanges:
    opportunities: list[OpportunityChange] = field(default_factory=list)
    quotes: list[QuoteChange] = field(default_factory=list)
    metrics: list[MetricChange] = field(default_factory=list)
    links: list[LinkChange] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.opportunities or self.quotes or self.metrics or self.links)


def _opportunities(m: JourneyMap) -> dict[str, tuple[str, Opportunity]]:
    """Opportunity id → (stage name, opportunity); a 1.0 string is an idea of that name."""
    return {
        o.id or "": (stage.name, o)
        for stage in m.stages
        for o in map(opportunity_of, stage.opportunities)
    }


def _opportunity_changes(om: JourneyMap, nm: JourneyMap) -> list[OpportunityChange]:
    before, after = _opportunities(om), _opportunities(nm)
    out: list[OpportunityChange] = []
    for oid, (stage, o) in after.items():
        if oid not in before:
            out.append(OpportunityChange("added", oid, o.name, stage, o.status))
            continue
        old_stage, old = before[oid]
        olds = {n: old_stage if n == "stage" else getattr(old, n) for n in OPPORTUNITY_VALUES}
        news = {n: stage if n == "stage" else getattr(o, n) for n in OPPORTUNITY_VALUES}
        changes = [Change(n, olds[n], news[n]) for n in OPPORTUNITY_VALUES if olds[n] != news[n]]
        removed = [a for a in old.addresses if a not in o.addresses]
        added = [a for a in o.addresses if a not in old.addresses]
        if removed or added:
            changes.append(Change("addresses", removed, added, "list"))
        if changes:
            out.append(OpportunityChange("changed", oid, o.name, stage, o.status, changes))
    out += [
        OpportunityChange("removed", oid, o.name, stage, o.status)
        for oid, (stage, o) in before.items()
        if oid not in after
    ]
    return out


def _places(m: JourneyMap, stage_key: dict[str, str]) -> Iterator[tuple[str, str, Any]]:
    """(place key, where, holder) for every stage and touchpoint; stages keyed as matched."""
    for stage in m.stages:
        yield f"stage:{stage_key.get(stage.id or '', stage.id)}", stage.name, stage
        for point in stage.touchpoints:
            yield f"touchpoint:{point.id}", f"{stage.name} / {point.name}", point


def _quote_changes(om: JourneyMap, nm: JourneyMap, old_key: dict[str, str]) -> list[QuoteChange]:
    def quotes(m: JourneyMap, key: dict[str, str]) -> dict[tuple[str, str, str | None], str]:
        return {
            (place, q.text, q.who): where
            for place, where, holder in _places(m, key)
            for q in map(quote_of, holder.quotes)
        }

    before, after = quotes(om, old_key), quotes(nm, {})
    added = [QuoteChange("added", k[1], k[2], w) for k, w in after.items() if k not in before]
    removed = [QuoteChange("removed", k[1], k[2], w) for k, w in before.items() if k not in after]
    return added + removed


def _metric(entry: MetricEntry) -> tuple[Any, Metric | None]:
    """The figure as written (a 1.0 text like '6 days' stays text) and the Metric, if any."""
    if isinstance(entry, Metric):
        return entry.value, entry
    return entry, None


def _metric_changes(om: JourneyMap, nm: JourneyMap, old_key: dict[str, str]) -> list[MetricChange]:
    def metrics(m: JourneyMap, key: dict[str, str]) -> dict[tuple[str, str], tuple[str, Any]]:
        return {
            (place, k): (where, entry)
            for place, where, holder in _places(m, key)
            for k, entry in holder.metrics.items()
        }

    before, after = metrics(om, old_key), metrics(nm, {})
    out: list[MetricChange] = []
    for (place, key), (where, entry) in after.items():
        value, new = _metric(entry)
        unit, better = (new.unit, new.better) if new else (None, None)
        if (place, key) not in before:
            label = metric_label(key, entry)
            out.append(MetricChange("added", key, label, where, unit, better, value=value))
            continue
        old_value, old = _metric(before[(place, key)][1])
        pairs = {
            "value": (old_value, value),
            "target": (old.target if old else None, new.target if new else None),
            "unit": (old.unit if old else None, unit),
            "better": (old.better if old else None, better),
        }
        changes = [Change(n, a, b) for n, (a, b) in pairs.items() if a != b]
        if changes:
            met = (old.met() if old else None, new.met() if new else None)
            better = better or (old.better if old else None)
            label = metric_label(key, entry)
            out.append(
                MetricChange("changed", key, label, where, unit, better, changes, met, value)
            )
    for (place, key), (where, entry) in before.items():
        if (place, key) not in after:
            value, old = _metric(entry)
            unit, better = (old.unit, old.better) if old else (None, None)
            label = metric_label(key, entry)
            out.append(MetricChange("removed", key, label, where, unit, better, value=value))
    return out


def _link_changes(om: JourneyMap, nm: JourneyMap) -> list[LinkChange]:
    before = {link.map: link for link in om.links}
    after = {link.map: link for link in nm.links}
    out: list[LinkChange] = []
    for path, link in after.items():
        old = before.get(path)
        if old is None:
            out.append(LinkChange("added", path, link.relation))
            continue
        changes = [
            Change(n, getattr(old, n), getattr(link, n))
            for n in ("relation", "note")
            if getattr(old, n) != getattr(link, n)
        ]
        if changes:
            out.append(LinkChange("changed", path, link.relation, changes))
    out += [LinkChange("removed", p, k.relation) for p, k in before.items() if p not in after]
    return out


def compare_parts(om: JourneyMap, nm: JourneyMap, pairs: dict[str, str]) -> PartChanges:
    """`pairs` maps a new stage id to the old one it matched (a renamed stage is one place)."""
    old_key = {old: new for new, old in pairs.items()}
    return PartChanges(
        opportunities=_opportunity_changes(om, nm),
        quotes=_quote_changes(om, nm, old_key),
        metrics=_metric_changes(om, nm, old_key),
        links=_link_changes(om, nm),
    )

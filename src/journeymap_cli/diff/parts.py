"""What changed in the parts format 1.1 added: opportunities, quotes, images, metrics, links.

Each part is matched by what identifies it, and a change of its other fields is a change
naming the field, not a removal and an addition. Opportunities are matched by id across
the whole map (ids are unique among a map's opportunities), so one that moves to another
stage is a change. Metrics are matched by their key where they live (a stage or a
touchpoint); quotes by their words where they live (a new `who`, `source` or `date` is a
change); images by their path where they live (the persona, a stage); links by the map
they point to.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from journeymap_cli.format.model import JourneyMap, Persona
from journeymap_cli.format.parts import (
    Metric,
    MetricEntry,
    Opportunity,
    metric_label,
    opportunity_of,
    quote_of,
)

OPPORTUNITY_VALUES = ("name", "stage", "status", "value", "effort", "owner", "notes")
OPPORTUNITY_LISTS = ("addresses", "evidence")
QUOTE_VALUES = ("who", "source", "date")  # the words are what identifies a quote
# a stage's image is identified by its path; the persona's one image by being the persona's
IMAGE_VALUES = ("path", "alt", "caption")
METRIC_VALUES = ("value", "target", "unit", "better", "label", "source", "date")
# (place key, where it is shown, the item): a quote or an image where it lives
Placed = tuple[str, str, Any]


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
    kind: str  # added | removed | changed
    text: str
    who: str | None  # in the newer version (the older one for a removal)
    where: str  # 'Stage' or 'Stage / Touchpoint'
    changes: list[Change] = field(default_factory=list)  # who, source, date


@dataclass(frozen=True)
class ImageChange:
    kind: str  # added | removed | changed
    path: str
    alt: str  # in the newer version (the older one for a removal)
    where: str  # 'Persona' or the stage's name
    changes: list[Change] = field(default_factory=list)  # alt, caption


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
    images: list[ImageChange] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.opportunities or self.quotes or self.metrics or self.links or self.images)


def _opportunities(
    m: JourneyMap, stage_key: dict[str, str]
) -> dict[str, tuple[str, str, Opportunity]]:
    """Opportunity id → (stage key as matched, stage name, opportunity); a 1.0 string is an
    idea of that name."""
    return {
        o.id or "": (stage_key.get(stage.id or "", stage.id or ""), stage.name, o)
        for stage in m.stages
        for o in map(opportunity_of, stage.opportunities)
    }


def _opportunity_changes(
    om: JourneyMap, nm: JourneyMap, old_key: dict[str, str]
) -> list[OpportunityChange]:
    before, after = _opportunities(om, old_key), _opportunities(nm, {})
    out: list[OpportunityChange] = []
    for oid, (key, stage, o) in after.items():
        if oid not in before:
            out.append(OpportunityChange("added", oid, o.name, stage, o.status))
            continue
        old_key_of, old_stage, old = before[oid]
        # the stage is the same place when it was matched, renamed or not: only a move
        # to another stage is a change of the opportunity's stage
        moved = old_key_of != key
        olds = {n: old_stage if n == "stage" else getattr(old, n) for n in OPPORTUNITY_VALUES}
        news = {n: stage if n == "stage" else getattr(o, n) for n in OPPORTUNITY_VALUES}
        changes = [
            Change(n, olds[n], news[n])
            for n in OPPORTUNITY_VALUES
            if (moved if n == "stage" else olds[n] != news[n])
        ]
        for name in OPPORTUNITY_LISTS:
            before_items, after_items = getattr(old, name), getattr(o, name)
            removed = [a for a in before_items if a not in after_items]
            added = [a for a in after_items if a not in before_items]
            if removed or added:
                changes.append(Change(name, removed, added, "list"))
        if changes:
            out.append(OpportunityChange("changed", oid, o.name, stage, o.status, changes))
    out += [
        OpportunityChange("removed", oid, o.name, stage, o.status)
        for oid, (_, stage, o) in before.items()
        if oid not in after
    ]
    return out


def _places(m: JourneyMap, stage_key: dict[str, str]) -> Iterator[tuple[str, str, Any]]:
    """(place key, where, holder) for every stage and touchpoint; stages keyed as matched."""
    for stage in m.stages:
        yield f"stage:{stage_key.get(stage.id or '', stage.id)}", stage.name, stage
        for point in stage.touchpoints:
            yield f"touchpoint:{point.id}", f"{stage.name} / {point.name}", point


def _fields(old: Any, new: Any, names: tuple[str, ...]) -> list[Change]:
    return [
        Change(n, getattr(old, n), getattr(new, n))
        for n in names
        if getattr(old, n) != getattr(new, n)
    ]


def _match(
    before: list[Placed],
    after: list[Placed],
    identity: Callable[[Placed], Any],
    fields: tuple[str, ...],
) -> tuple[list[tuple[Placed | None, Placed]], list[Placed]]:
    """(old or None, new) for each new item that is not unchanged, and the old items left.

    An item is unchanged when one just like it was in the same place; the others are
    paired, in order, with an old item of the same identity in the same place (a change),
    so that two quotes of the same words by two people stay two quotes."""

    def key(item: Placed) -> tuple[Any, ...]:
        return (item[0], identity(item))

    def whole(item: Placed) -> tuple[Any, ...]:
        return (*key(item), *(getattr(item[2], n) for n in fields))

    def index(of: Callable[[Placed], tuple[Any, ...]]) -> dict[tuple[Any, ...], list[int]]:
        found: dict[tuple[Any, ...], list[int]] = {}
        for i, item in enumerate(before):
            found.setdefault(of(item), []).append(i)
        return found

    used: set[int] = set()

    def take(found: dict[tuple[Any, ...], list[int]], k: tuple[Any, ...]) -> int | None:
        i = next((i for i in found.get(k, []) if i not in used), None)
        if i is not None:
            used.add(i)
        return i

    same, alike = index(whole), index(key)
    pending = [item for item in after if take(same, whole(item)) is None]
    pairs: list[tuple[Placed | None, Placed]] = []
    for item in pending:
        i = take(alike, key(item))
        pairs.append((None if i is None else before[i], item))
    return pairs, [item for i, item in enumerate(before) if i not in used]


def _text_of(item: Placed) -> str:
    text: str = item[2].text
    return text


def _path_of(item: Placed) -> str | None:
    """A stage image's path; None for the persona's image, which is one whatever its path."""
    path: str = item[2].path
    return None if item[0] == "persona" else path


def _quote_changes(om: JourneyMap, nm: JourneyMap, old_key: dict[str, str]) -> list[QuoteChange]:
    def quotes(m: JourneyMap, key: dict[str, str]) -> list[Placed]:
        return [
            (place, where, q)
            for place, where, holder in _places(m, key)
            for q in map(quote_of, holder.quotes)
        ]

    pairs, gone = _match(quotes(om, old_key), quotes(nm, {}), _text_of, QUOTE_VALUES)
    out = [
        QuoteChange("added", q.text, q.who, where)
        if old is None
        else QuoteChange("changed", q.text, q.who, where, _fields(old[2], q, QUOTE_VALUES))
        for old, (_, where, q) in pairs
    ]
    return out + [QuoteChange("removed", q.text, q.who, where) for _, where, q in gone]


def _image_changes(om: JourneyMap, nm: JourneyMap, old_key: dict[str, str]) -> list[ImageChange]:
    def images(m: JourneyMap, key: dict[str, str]) -> list[Placed]:
        found: list[Placed] = []
        if isinstance(m.persona, Persona) and m.persona.image is not None:
            found.append(("persona", "Persona", m.persona.image))
        for stage in m.stages:
            place = f"stage:{key.get(stage.id or '', stage.id)}"
            found += [(place, stage.name, image) for image in stage.images]
        return found

    pairs, gone = _match(images(om, old_key), images(nm, {}), _path_of, IMAGE_VALUES)
    out = [
        ImageChange("added", image.path, image.alt, where)
        if old is None
        else ImageChange(
            "changed", image.path, image.alt, where, _fields(old[2], image, IMAGE_VALUES)
        )
        for old, (_, where, image) in pairs
    ]
    return out + [ImageChange("removed", i.path, i.alt, where) for _, where, i in gone]


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
            n: (getattr(old, n) if old else None, getattr(new, n) if new else None)
            for n in METRIC_VALUES
        }
        pairs["value"] = (old_value, value)  # a 1.0 figure has no Metric
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
        opportunities=_opportunity_changes(om, nm, old_key),
        quotes=_quote_changes(om, nm, old_key),
        metrics=_metric_changes(om, nm, old_key),
        links=_link_changes(om, nm),
        images=_image_changes(om, nm, old_key),
    )

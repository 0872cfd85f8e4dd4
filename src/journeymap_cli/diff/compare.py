"""What changed in the journey between two versions of a map: pure functions, no I/O.

Stages and touchpoints are matched by id, so a renamed stage (same id, new name) is a
rename, not a removal and an addition. Where ids are defaulted from names, a removed and
an added stage that share at least half of their touchpoint ids are also a rename.
The parts of format 1.1 (opportunities, quotes, metrics, links) are compared in parts.py.
The service blueprint of format 1.2 is compared by meaning: a touchpoint's effective
`layer` (so `backstage: true` rewritten as `layer: backstage` is no change), the ids in
its `supports` as the touchpoints they name, and a stage's `detail` as a path.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from typing import Any

from journeymap_cli.diff.parts import Change as Change  # re-exported: sheets/summary reads it here
from journeymap_cli.diff.parts import PartChanges, compare_parts
from journeymap_cli.format.model import JourneyMap, Persona, Stage, Touchpoint
from journeymap_cli.score.figures import MapScore

# `detail` is compared as a path (_detail): ./a.jmap.yaml and a.jmap.yaml are one map
STAGE_VALUES = ("name", "description", "emotion", "effort")
# opportunities are compared one by one (parts.py), not as a list of names
STAGE_LISTS = (
    "goals", "actions", "thoughts", "feelings", "barriers", "motivations", "questions",
    "physical_evidence",
)  # fmt: skip
# `layer`, not `backstage`: the layer however it is written (the model resolves the two)
POINT_VALUES = (
    "name", "channel", "owner", "actor", "layer", "moment_of_truth", "performance",
    "target", "importance", "would_pay", "notes",
)  # fmt: skip
# `supports` is compared as the touchpoints it names (_supports)
POINT_LISTS = ("pain_points", "evidence")
PERSONA_VALUES = ("name", "segment", "description", "quote")
PERSONA_LISTS = ("goals", "frustrations", "traits")
# not `journey`: it defaults to the id, which follows the file name (old → new is noise)
MAP_VALUES = ("title", "description", "owner", "scenario", "state", "based_on")
SCORE_FIGURES = (
    "experience", "gap", "completeness", "ownership", "moments_of_truth", "evidence",
)  # fmt: skip


@dataclass(frozen=True)
class Linked:
    """A touchpoint an entry of `supports` names: its id, and its name in the version that
    has the link (the id itself where that version has no such touchpoint)."""

    id: str
    name: str


@dataclass
class StageChange:
    kind: str  # added | removed | renamed | changed
    id: str
    name: str
    old_id: str | None = None
    old_name: str | None = None
    position: int | None = None  # 1-based, in the version where it exists
    changes: list[Change] = field(default_factory=list)


@dataclass
class TouchpointChange:
    kind: str  # added | removed | changed | moved
    id: str
    name: str
    stage: str  # the stage's name (the new one, or the old one for a removal)
    from_stage: str | None = None
    changes: list[Change] = field(default_factory=list)
    moment_of_truth: bool = False  # in the newer version (the older one for a removal)


@dataclass(frozen=True)
class Regression:
    what: str

    def __str__(self) -> str:
        return self.what


@dataclass
class MapDiff:
    old_label: str
    new_label: str
    title: str
    map_changes: list[Change]
    persona: list[Change]
    stages: list[StageChange]
    reordered: tuple[list[str], list[str]] | None  # stage names, old and new order
    touchpoints: list[TouchpointChange]
    scores: dict[str, tuple[float | None, float | None]]
    emotion: list[tuple[str, int | None, int | None]]  # stage name, old, new
    parts: PartChanges = field(default_factory=PartChanges)  # format 1.1
    # each version's rating scale (min, max): an emotion drop is judged on the 0-100 scale
    scales: tuple[tuple[int, int], tuple[int, int]] = ((1, 5), (1, 5))

    @property
    def changed(self) -> bool:
        return bool(
            self.map_changes or self.persona or self.stages or self.reordered
            or self.touchpoints or self.emotion or self.parts.changed
        )  # fmt: skip


@dataclass(frozen=True)
class Thresholds:
    """How much a figure may worsen before `--fail-on-regression` fails."""

    experience_drop: float = 0.0
    gap_increase: float = 0.0
    moment_of_truth_drop: int = 0
    # rating steps on a 1-5 scale (one step = 25 points of 0-100): 2 fails a fall of 3 → 1
    emotion_drop: float = 2.0


def _values(old: Any, new: Any, names: tuple[str, ...]) -> list[Change]:
    return [
        Change(n, getattr(old, n), getattr(new, n))
        for n in names
        if getattr(old, n) != getattr(new, n)
    ]


def _lists(old: Any, new: Any, names: tuple[str, ...]) -> list[Change]:
    out = []
    for n in names:
        before, after = list(getattr(old, n)), list(getattr(new, n))
        removed = [x for x in before if x not in after]
        added = [x for x in after if x not in before]
        if removed or added:
            out.append(Change(n, removed, added, "list"))
    return out


def _detail(old: Stage, new: Stage) -> list[Change]:
    """A change of the map a stage opens into; the same path written otherwise is none."""
    a, b = old.detail, new.detail
    if a == b or (
        a is not None and b is not None and posixpath.normpath(a) == posixpath.normpath(b)
    ):
        return []
    return [Change("detail", a, b)]


def _supports(
    old: Touchpoint, new: Touchpoint, old_names: dict[str, str], new_names: dict[str, str]
) -> list[Change]:
    """The touchpoints a touchpoint stopped and started supporting, named (order and an id
    written twice are no change: the links are the same)."""
    before, after = dict.fromkeys(old.supports), dict.fromkeys(new.supports)
    removed = [Linked(i, old_names.get(i, i)) for i in before if i not in after]
    added = [Linked(i, new_names.get(i, i)) for i in after if i not in before]
    return [Change("supports", removed, added, "list")] if removed or added else []


def _match_stages(old: list[Stage], new: list[Stage]) -> dict[str, str]:
    """new stage id → old stage id: by id, then by shared touchpoint ids."""
    old_ids = {s.id for s in old}
    pairs = {s.id or "": s.id or "" for s in new if s.id in old_ids}
    spare_old = [s for s in old if s.id not in pairs.values()]
    for stage in new:
        if stage.id in pairs:
            continue
        mine = {p.id for p in stage.touchpoints}
        for candidate in spare_old:
            theirs = {p.id for p in candidate.touchpoints}
            if mine and theirs and len(mine & theirs) * 2 >= min(len(mine), len(theirs)):
                pairs[stage.id or ""] = candidate.id or ""
                spare_old.remove(candidate)
                break
    return pairs


def diff_maps(
    old_label: str,
    old: tuple[JourneyMap, Persona, MapScore],
    new_label: str,
    new: tuple[JourneyMap, Persona, MapScore],
) -> MapDiff:
    (om, op, os_), (nm, np_, ns) = old, new
    pairs = _match_stages(om.stages, nm.stages)
    old_by_id = {s.id: s for s in om.stages}
    stages: list[StageChange] = []
    emotion: list[tuple[str, int | None, int | None]] = []
    for i, stage in enumerate(nm.stages, 1):
        before = old_by_id.get(pairs.get(stage.id or ""))
        if before is None:
            stages.append(StageChange("added", stage.id or "", stage.name, position=i))
            continue
        changes = _values(before, stage, STAGE_VALUES) + _detail(before, stage)
        changes += _lists(before, stage, STAGE_LISTS)
        if before.emotion != stage.emotion:
            emotion.append((stage.name, before.emotion, stage.emotion))
        renamed = before.name != stage.name or before.id != stage.id
        if renamed or [c for c in changes if c.field not in ("name", "emotion")]:
            stages.append(
                StageChange(
                    "renamed" if renamed else "changed",
                    stage.id or "",
                    stage.name,
                    old_id=before.id,
                    old_name=before.name,
                    position=i,
                    changes=[c for c in changes if c.field != "name"],
                )
            )
    matched_old = set(pairs.values())
    for i, stage in enumerate(om.stages, 1):
        if stage.id not in matched_old:
            stages.append(StageChange("removed", stage.id or "", stage.name, position=i))
    common_old = [s.name for s in om.stages if s.id in matched_old]
    inverse = {v: k for k, v in pairs.items()}
    order_new = [s.id for s in nm.stages if s.id in pairs]
    order_old = [inverse[s.id or ""] for s in om.stages if s.id in matched_old]
    reordered = None
    if order_new != order_old:
        reordered = (common_old, [s.name for s in nm.stages if s.id in pairs])
    return MapDiff(
        old_label=old_label,
        new_label=new_label,
        title=nm.title,
        map_changes=_values(om, nm, MAP_VALUES),
        persona=_values(op, np_, PERSONA_VALUES) + _lists(op, np_, PERSONA_LISTS),
        stages=stages,
        reordered=reordered,
        touchpoints=_touchpoints(om, nm, pairs),
        scores={f: (os_.figure(f), ns.figure(f)) for f in SCORE_FIGURES},
        emotion=emotion,
        parts=compare_parts(om, nm, pairs),
        scales=((om.scale.min, om.scale.max), (nm.scale.min, nm.scale.max)),
    )


def _touchpoints(om: JourneyMap, nm: JourneyMap, pairs: dict[str, str]) -> list[TouchpointChange]:
    def index(m: JourneyMap) -> dict[str, tuple[Stage, Touchpoint]]:
        return {p.id or "": (s, p) for s in m.stages for p in s.touchpoints}

    before, after = index(om), index(nm)
    old_names = {pid: point.name for pid, (_, point) in before.items()}
    new_names = {pid: point.name for pid, (_, point) in after.items()}
    out: list[TouchpointChange] = []
    for pid, (stage, point) in after.items():
        if pid not in before:
            out.append(
                TouchpointChange(
                    "added", pid, point.name, stage.name, None, [], point.moment_of_truth
                )
            )
            continue
        old_stage, old_point = before[pid]
        changes = _values(old_point, point, POINT_VALUES) + _lists(old_point, point, POINT_LISTS)
        changes += _supports(old_point, point, old_names, new_names)
        moved = pairs.get(stage.id or "") != old_stage.id
        if moved:
            out.append(
                TouchpointChange(
                    "moved",
                    pid,
                    point.name,
                    stage.name,
                    old_stage.name,
                    changes,
                    point.moment_of_truth,
                )
            )
        elif changes:
            out.append(
                TouchpointChange(
                    "changed", pid, point.name, stage.name, None, changes, point.moment_of_truth
                )
            )
    for pid, (stage, point) in before.items():
        if pid not in after:
            out.append(
                TouchpointChange(
                    "removed", pid, point.name, stage.name, None, [], point.moment_of_truth
                )
            )
    return out


def regressions(d: MapDiff, limits: Thresholds) -> list[Regression]:
    found = []
    old_x, new_x = d.scores["experience"]
    if old_x is not None and new_x is not None and old_x - new_x > limits.experience_drop + 1e-9:
        found.append(Regression(f"experience dropped {old_x:.1f} → {new_x:.1f}"))
    old_g, new_g = d.scores["gap"]
    if old_g is not None and new_g is not None and new_g - old_g > limits.gap_increase + 1e-9:
        found.append(Regression(f"the gap to target widened {old_g:.1f} → {new_g:.1f}"))
    for t in d.touchpoints:
        perf = next((c for c in t.changes if c.field == "performance"), None)
        if perf is None or not t.moment_of_truth or perf.old is None or perf.new is None:
            continue
        if perf.old - perf.new > limits.moment_of_truth_drop:
            found.append(
                Regression(f"moment of truth “{t.name}” ({t.stage}) fell {perf.old} → {perf.new}")
            )
    found += _emotion_drops(d, limits.emotion_drop)
    return found


def _emotion_drops(d: MapDiff, steps: float) -> list[Regression]:
    """Stages whose emotion fell by `steps` or more rating steps of a 1-5 scale, measured
    on the 0-100 scale so that a 1-7 or 0-10 map is judged alike (one 1-5 step = 25)."""
    (old_low, old_high), (new_low, new_high) = d.scales
    found = []
    for name, old, new in d.emotion:
        if old is None or new is None:
            continue
        fall = 100 * (old - old_low) / (old_high - old_low) - 100 * (new - new_low) / (
            new_high - new_low
        )
        if fall > 0 and fall >= 25 * steps - 1e-9:
            scale = f"{new_low}–{new_high}"
            found.append(Regression(f"emotion in “{name}” fell {old} → {new} (on {scale})"))
    return found

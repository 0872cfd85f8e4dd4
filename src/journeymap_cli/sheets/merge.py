"""A read sheet applied to a map's round-trip data: stages matched by id, name or a renamed
stage's id (new ones only when allowed), touchpoints matched by id, the sheet the truth for
the columns it has (a blank cell removes the value), everything else left as it is."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from journeymap_cli.format.model import Named, slugify
from journeymap_cli.sheets.columns import Vocabulary
from journeymap_cli.sheets.keep import as_read
from journeymap_cli.sheets.layers import put_layer
from journeymap_cli.sheets.nodes import put
from journeymap_cli.sheets.rows import Row, Sheet, SheetProblem

# `layer` and the old `backstage` column are one field: layers.put_layer
POINT_FIELDS = (
    "channel", "owner", "actor", "moment_of_truth", "performance", "target", "importance",
    "would_pay", "pain_points", "evidence", "notes", "metrics", "supports",
)  # fmt: skip
STAGE_FIELDS = (
    "description", "goals", "actions", "thoughts", "feelings", "emotion", "effort",
    "barriers", "motivations", "questions", "physical_evidence", "opportunities", "metrics",
    "detail",
)  # fmt: skip


def _id(node: Any) -> str:
    return str(node.get("id") or slugify(str(node.get("name", ""))) or "unnamed")


@dataclass
class Stages:
    """The map's stages, found the way a workshop names them; new ones appended."""

    nodes: CommentedSeq
    allow_new: bool
    problems: list[SheetProblem]
    by_id: dict[str, Any] = field(default_factory=dict)
    by_name: dict[str, Any] = field(default_factory=dict)
    named_on: dict[str, tuple[str, int, str]] = field(default_factory=dict)
    new: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        for node in self.nodes:
            self._index(node)

    def _index(self, node: Any) -> None:
        self.by_id.setdefault(_id(node), node)
        self.by_name.setdefault(str(node.get("name", "")).casefold(), node)

    def find(self, row: Row) -> Any | None:
        """The stage a row belongs to; None (and a problem) when it names no stage."""
        if row.stage_id:
            node = self.by_id.get(row.stage_id)
            if node is not None:
                return self._rename(node, row)
            other = self.by_name.get(row.stage.casefold()) if row.stage else None
            if other is not None:
                self._problem(
                    row,
                    "stage_id",
                    f"stage {row.stage!r} has the id {_id(other)!r}, not {row.stage_id!r}:"
                    " correct the stage_id or leave it blank",
                )
                return None
        else:
            node = self.by_name.get(row.stage.casefold()) or self.by_id.get(slugify(row.stage))
            if node is not None:
                return node
        if not self.allow_new:
            from journeymap_cli.suggest import closest

            names = [str(n.get("name", "")) for n in self.nodes]
            near = closest(row.stage, names, cutoff=0.0) if names else None
            hint = f"; the closest stage is {near!r}" if near else ""
            what = f"stage_id {row.stage_id!r}" if row.stage_id else f"stage {row.stage!r}"
            self._problem(
                row,
                "stage_id" if row.stage_id else "stage",
                f"{what} matches no stage of the map{hint} (to add a stage, use"
                " --allow-new-stages)",
            )
            return None
        node = CommentedMap()
        node["name"] = row.stage or row.stage_id
        if row.stage_id and row.stage_id != slugify(row.stage):
            node["id"] = row.stage_id
        self.nodes.append(node)
        self._index(node)
        self.new.add(_id(node))
        self.named_on[_id(node)] = (row.stage, row.row, row.sheet)
        return node

    def _rename(self, node: Any, row: Row) -> Any:
        """Matched by stage_id: the sheet's name is the stage's name (once per stage)."""
        if not row.stage:
            return node
        first = self.named_on.setdefault(_id(node), (row.stage, row.row, row.sheet))
        if first[0] != row.stage:
            where = f"{first[2]} row {first[1]}" if first[2] else f"row {first[1]}"
            self._problem(
                row, "stage", f"stage_id {row.stage_id!r} is named {first[0]!r} on {where}"
            )
            return None
        put(node, "stage", "name", row.stage)
        return node

    def _problem(self, row: Row, column: str, message: str) -> None:
        self.problems.append(SheetProblem(row.row, row.columns.get(column, 1), message, row.sheet))


def apply(
    data: CommentedMap,
    sheet: Sheet,
    vocabularies: dict[str, Vocabulary],
    origins: dict[int, Row],
    *,
    allow_new: bool,
) -> list[SheetProblem]:
    """Apply the Stages and Touchpoints rows to `data`; the problems found on the way."""
    problems: list[SheetProblem] = []
    if "stages" not in data or not isinstance(data["stages"], CommentedSeq):
        data["stages"] = CommentedSeq()
    stages = Stages(data["stages"], allow_new, problems)
    texts: dict[int, list[str]] = {}
    for row in sheet.stages:
        node = stages.find(row)
        if node is None:
            continue
        origins.setdefault(id(node), row)
        for key in STAGE_FIELDS:
            if key == "opportunities" and key in row.values:
                # text items, placed among the mappings; unchanged ones as the map has them
                mine = [e for e in node.get("opportunities") or [] if isinstance(e, str)]
                texts[id(node)] = as_read(mine, row.values[key])
            elif key in row.values:
                put(node, "stage", key, row.values[key])
    if sheet.has_points:
        _touchpoints(data, sheet, stages, vocabularies, origins, problems)
    from journeymap_cli.sheets.opportunities import apply_opportunities

    apply_opportunities(sheet, stages, texts, vocabularies["teams"], origins, problems)
    return problems


def _touchpoints(
    data: CommentedMap,
    sheet: Sheet,
    stages: Stages,
    vocabularies: dict[str, Vocabulary],
    origins: dict[int, Row],
    problems: list[SheetProblem],
) -> None:
    from journeymap_cli.fmt.rewrite import tidy

    existing = {_id(p): p for s in data["stages"] for p in s.get("touchpoints") or []}
    gaps = _take_gaps(data["stages"])  # before any value changes: a removed key had them
    listed: dict[int, tuple[Any, list[Any]]] = {}  # id(stage node) → (node, its points)
    seen: dict[str, Row] = {}
    for row in sheet.points:
        node = stages.find(row)
        if node is None:
            continue
        origins.setdefault(id(node), row)
        points = listed.setdefault(id(node), (node, []))[1]
        name = row.values.get("name")
        if not name:
            continue  # a stage without touchpoints (or a blank touchpoint cell)
        pid = row.values.get("id") or slugify(name) or "unnamed"
        if pid in seen:
            first = seen[pid]
            problems.append(
                SheetProblem(
                    row.row,
                    row.columns.get("id", row.columns.get("touchpoint", 1)),
                    f"touchpoint id {pid!r} is also on row {first.row}: give one of them"
                    " another id",
                    row.sheet,
                )
            )
            continue
        seen[pid] = row
        if not _vocabulary_ok(row, vocabularies, problems):
            continue
        point = existing.get(pid)
        fresh = point is None
        point = CommentedMap() if point is None else point
        if _update_point(point, row, pid, vocabularies) or fresh:
            tidy(point, "touchpoint")  # a new or changed touchpoint in fmt's layout
        origins[id(point)] = row
        points.append(point)
    placed = set(seen)
    for node in data["stages"]:
        if id(node) in listed:
            _replace_items(node, listed[id(node)][1])
        elif node.get("touchpoints"):  # points that moved to a listed stage leave this one
            _replace_items(node, [p for p in node["touchpoints"] if _id(p) not in placed])
    _put_gaps(data["stages"], gaps)


@dataclass
class _Gaps:
    """The comment lines between touchpoints: each before a touchpoint (it goes where the
    touchpoint goes) or after a stage's last one (it stays there: often the next stage's
    heading, or the file's last lines)."""

    before: dict[int, str] = field(default_factory=dict)  # id(touchpoint) → lines before it
    after: dict[int, str] = field(default_factory=dict)  # id(stage) → lines after its list
    order: dict[int, list[Any]] = field(default_factory=dict)  # id(stage) → its touchpoints


def _take_gaps(stages: Any) -> _Gaps:
    from journeymap_cli.sheets.comments import take_lead, take_tail

    gaps = _Gaps()
    for stage in stages:
        points = list(stage.get("touchpoints") or [])
        if points:
            gaps.order[id(stage)] = points
            gaps.before[id(points[0])] = take_lead(stage, "touchpoints")
            for point, following in pairwise(points):
                gaps.before[id(following)] = take_tail(point, inside=_column(point))
            gaps.after[id(stage)] = take_tail(points[-1], inside=_column(points[-1]))
    return gaps


def _column(point: Any) -> int | None:
    """The column of a touchpoint's keys in the file (None for one the sheet made)."""
    column = getattr(getattr(point, "lc", None), "col", None)
    return column if isinstance(column, int) else None


def _put_gaps(stages: Any, gaps: _Gaps) -> None:
    """Every line `_take_gaps` took, put back: before its touchpoint wherever it went; the
    lines before a removed touchpoint go before the next one that stays (or after the list)."""
    from journeymap_cli.sheets.comments import add_lead, add_tail

    present = {id(p) for stage in stages for p in stage.get("touchpoints") or []}
    for stage_id, points in gaps.order.items():
        carried = ""
        for point in points:
            if id(point) in present:
                gaps.before[id(point)] = carried + gaps.before.get(id(point), "")
                carried = ""
            else:
                carried += gaps.before.pop(id(point), "")
        gaps.after[stage_id] = carried + gaps.after.get(stage_id, "")
    for stage in stages:
        points = list(stage.get("touchpoints") or [])
        for i, point in enumerate(points):
            lines = gaps.before.pop(id(point), "")
            if i:
                add_tail(points[i - 1], lines)
            else:
                add_lead(stage, "touchpoints", lines)
        tail = gaps.after.pop(id(stage), "")
        add_tail(points[-1] if points else stage, tail)


def _vocabulary_ok(
    row: Row, vocabularies: dict[str, Vocabulary], problems: list[SheetProblem]
) -> bool:
    ok = True
    for column, kind in (("channel", "channels"), ("owner", "teams")):
        cell = row.values.get(column)
        vocabulary = vocabularies[kind]
        if cell and vocabulary.declared and vocabulary.find(cell) is None:
            from journeymap_cli.suggest import did_you_mean

            names = [e.name for e in vocabulary.entries]
            problems.append(
                SheetProblem(
                    row.row,
                    row.columns[column],
                    f"{column} {cell!r} is not one of the map's {kind}"
                    f"{did_you_mean(cell, names)} (declared: {', '.join(names) or 'none'})",
                    row.sheet,
                )
            )
            ok = False
    return ok


def _update_point(
    point: CommentedMap, row: Row, pid: str, vocabularies: dict[str, Vocabulary]
) -> bool:
    """The sheet is the truth for its columns; other keys (and comments) stay."""
    changed = put(point, "touchpoint", "name", row.values["name"])
    if row.values.get("id") and ("id" in point or pid != slugify(row.values["name"])):
        changed |= put(point, "touchpoint", "id", pid)
    for key in POINT_FIELDS:
        if key not in row.values:
            continue  # a column the sheet does not have: the map's value stays
        value = row.values[key]
        if key in ("channel", "owner"):
            vocabulary = vocabularies["channels" if key == "channel" else "teams"]
            if vocabulary.same(point.get(key), value):
                continue
            value = vocabulary.reference(value) if value else None
        changed |= put(point, "touchpoint", key, value)
    return put_layer(point, row.values) or changed


def _replace_items(stage: Any, points: list[Any]) -> None:
    """Set a stage's touchpoints, reusing its list so that the comments on it survive."""
    current = stage.get("touchpoints")
    if isinstance(current, CommentedSeq):
        if len(current) == len(points) and all(
            a is b for a, b in zip(current, points, strict=True)
        ):
            return
        if points:
            current[:] = points
            return
    if points:
        stage["touchpoints"] = CommentedSeq(points)
    elif "touchpoints" in stage:
        del stage["touchpoints"]


def vocabulary_entries(rows: list[tuple[str, str, str]]) -> list[str | Named]:
    """Vocabulary rows of the Map sheet as the model's entries."""
    return [
        name if not entry_id and not description
        else Named(id=entry_id or slugify(name), name=name or None, description=description or None)
        for name, entry_id, description in rows
    ]  # fmt: skip

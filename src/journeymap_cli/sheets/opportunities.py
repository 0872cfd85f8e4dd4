"""Opportunities in the sheets: text items in the Stages sheet, opportunity mappings (format
1.1) one per row in the Opportunities sheet; merged so that each entry keeps its place."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from journeymap_cli.format.model import JourneyMap, Stage, slugify
from journeymap_cli.sheets.columns import Vocabulary, join_items
from journeymap_cli.sheets.comments import add_tail, take_tail
from journeymap_cli.sheets.nodes import put
from journeymap_cli.sheets.rows import Row, Sheet, SheetProblem

if TYPE_CHECKING:
    from journeymap_cli.sheets.merge import Stages

FIELDS = ("addresses", "owner", "value", "effort", "status", "notes", "evidence")


def text_items(stage: Stage) -> list[str]:
    """The opportunities written as plain text (the Stages sheet's cell)."""
    return [o for o in stage.opportunities if isinstance(o, str)]


def opportunity_rows(jmap: JourneyMap) -> Iterator[list[Any]]:
    """One row per opportunity mapping, in the map's order."""
    teams = Vocabulary(jmap.teams)
    for stage in jmap.stages:
        for o in stage.opportunities:
            if isinstance(o, str):
                continue
            yield [
                stage.name,
                stage.id or "",
                o.name,
                o.id or "",
                join_items(o.addresses),
                teams.shown(o.owner),
                "" if o.value is None else o.value,
                "" if o.effort is None else o.effort,
                o.status,
                o.notes or "",
                join_items(o.evidence),
            ]


def apply_opportunities(
    sheet: Sheet,
    stages: Stages,
    texts: dict[int, list[str]],
    teams: Vocabulary,
    origins: dict[int, Row],
    problems: list[SheetProblem],
) -> None:
    """`texts`: id(stage node) → the Stages sheet's text items for it. Without an
    Opportunities sheet a map's mappings stay; with one, it is the truth for every stage."""
    rows: dict[int, dict[str, Row]] = {}
    seen: dict[str, Row] = {}
    for row in sheet.opportunities:
        node = stages.find(row)
        if node is None or not row.values.get("name"):
            continue
        oid = row.values.get("id") or slugify(row.values["name"]) or "unnamed"
        if oid in seen:
            problems.append(
                SheetProblem(
                    row.row,
                    row.columns.get("id", row.columns["opportunity"]),
                    f"opportunity id {oid!r} is also on row {seen[oid].row}",
                    row.sheet,
                )
            )
            continue
        seen[oid] = row
        owner = row.values.get("owner")
        if owner and teams.declared and teams.find(owner) is None:
            problems.append(
                SheetProblem(
                    row.row,
                    row.columns["owner"],
                    f"owner {owner!r} is not one of the map's teams",
                    row.sheet,
                )
            )
            continue
        rows.setdefault(id(node), {})[oid] = row
    for node in stages.nodes:
        if id(node) in texts or sheet.has_opportunities:
            wanted = rows.get(id(node), {}) if sheet.has_opportunities else None
            _rebuild(node, texts.get(id(node)), wanted, teams, origins)


def _rebuild(
    node: Any,
    texts: list[str] | None,
    wanted: dict[str, Row] | None,
    teams: Vocabulary,
    origins: dict[int, Row],
) -> None:
    """The stage's opportunities: kept entries in place, new ones appended."""
    current = list(node.get("opportunities") or [])
    if texts is None:
        texts = [e for e in current if isinstance(e, str)]
    remaining = list(texts)
    wanted = dict(wanted) if wanted is not None else None
    out: list[Any] = []
    changed = False
    for entry in current:
        if isinstance(entry, str):
            if entry in remaining:
                remaining.remove(entry)
                out.append(entry)
            else:
                changed = True
            continue
        if wanted is None:
            out.append(entry)
            continue
        row = wanted.pop(str(entry.get("id") or slugify(str(entry.get("name", "")))), None)
        if row is None:
            changed = True
            continue
        changed |= _update(entry, row, teams)
        origins[id(entry)] = row
        out.append(entry)
    out += remaining
    for row in (wanted or {}).values():
        from journeymap_cli.fmt.rewrite import tidy

        entry = CommentedMap()
        _update(entry, row, teams)
        tidy(entry, "opportunity")
        origins[id(entry)] = row
        out.append(entry)
    changed |= bool(remaining) or bool(wanted)
    positions = [i for i, e in enumerate(out) if isinstance(e, str)]
    for i, text in zip(positions, texts, strict=True):  # the sheet's order of text items
        changed |= out[i] != text
        out[i] = text
    if not changed:
        return
    seq = node.get("opportunities")
    if isinstance(seq, CommentedSeq) and out:
        tail = take_tail(seq)  # the lines after the list (the next key's heading) stay
        seq[:] = out
        add_tail(seq, tail)
    else:
        put(node, "stage", "opportunities", out)


def _update(entry: CommentedMap, row: Row, teams: Vocabulary) -> bool:
    changed = put(entry, "opportunity", "name", row.values["name"])
    oid = row.values.get("id")
    if oid and ("id" in entry or oid != slugify(row.values["name"])):
        changed |= put(entry, "opportunity", "id", oid)
    for key in FIELDS:
        if key not in row.values:
            continue
        value = row.values[key]
        if key == "owner":
            if teams.same(entry.get(key), value):
                continue
            value = teams.reference(value) if value else None
        changed |= put(entry, "opportunity", key, value)
    return changed

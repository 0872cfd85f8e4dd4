"""Rows of text (from a CSV or a workbook) → checked values per touchpoint, stage and map
field, each with the row it came from; every bad cell a problem at its row and column."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from journeymap_cli.sheets.columns import (
    FLAGS,
    LISTS,
    MAP_COLUMNS,
    MAP_FIELDS,
    OLD_TOUCHPOINT_COLUMNS,
    OPPORTUNITY_COLUMNS,
    RATINGS,
    STAGE_COLUMNS,
    TOUCHPOINT_COLUMNS,
    CellError,
    flag_text,
    header_name,
    read_flag,
    read_layer,
    read_metrics,
    read_rating,
    read_scale,
    read_status,
    split_items,
)

ID_RULE = " (lower-case letters, digits, - or _)"


@lru_cache(maxsize=1)
def _id_adapter() -> Any:
    from pydantic import TypeAdapter

    from journeymap_cli.format.base import Slug

    return TypeAdapter(Slug)


def _is_id(text: str) -> bool:
    """An id as the format allows it (pydantic's regex: ids may be in any script)."""
    from pydantic import ValidationError

    try:
        _id_adapter().validate_python(text)
    except ValidationError:
        return False
    return True


@dataclass
class SheetProblem:
    row: int  # 1-based row as the spreadsheet shows it (the header is row 1)
    column: int  # 1-based
    message: str
    sheet: str = ""  # the workbook's sheet; "" for a CSV


@dataclass
class Table:
    """One sheet of rows: its name in a workbook ("" for a CSV), header cells, then rows."""

    name: str
    header: list[str]
    rows: Iterable[tuple[int, list[str]]]
    old_lists: bool = False  # a CSV: a one-line list cell may use the old "a; b" form


@dataclass
class Row:
    """A touchpoint or stage row: its stage as written, and the cells the sheet has, read.
    A blank cell is None: the value is removed (the sheet has the column)."""

    row: int
    sheet: str
    stage: str
    stage_id: str
    values: dict[str, Any]
    columns: dict[str, int]  # column name → 1-based column, for messages


@dataclass
class Sheet:
    points: list[Row] = field(default_factory=list)
    stages: list[Row] = field(default_factory=list)
    opportunities: list[Row] = field(default_factory=list)
    map_values: dict[str, Any] = field(default_factory=dict)
    map_rows: dict[str, int] = field(default_factory=dict)
    vocabularies: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)
    has_points: bool = False
    has_stages: bool = False
    has_opportunities: bool = False
    has_map: bool = False
    problems: list[SheetProblem] = field(default_factory=list)


def _header(
    sheet: Sheet, table: Table, known: tuple[str, ...], required: tuple[str, ...]
) -> list[str] | None:
    """The header's column names, or None (and the problems) when it has unknown ones."""
    from journeymap_cli.suggest import did_you_mean

    header = [header_name(h) for h in table.header]
    problems = []
    for i, name in enumerate(header, 1):
        if name and name not in known:
            problems.append(
                SheetProblem(
                    1,
                    i,
                    f"unknown column {name!r}{did_you_mean(name, list(known))}"
                    f" (columns: {', '.join(known)})",
                    table.name,
                )
            )
        elif name and header.index(name) != i - 1:
            problems.append(SheetProblem(1, i, f"column {name!r} is given twice", table.name))
    problems += [
        SheetProblem(1, 1, f"missing column {name!r}", table.name)
        for name in required
        if name not in header
    ]
    sheet.problems += problems
    return None if problems else header


def read_map_table(sheet: Sheet, table: Table) -> None:
    """The Map sheet: one row per field (`field`, `value`), one per channel and team."""
    sheet.has_map = True
    header = _header(sheet, table, MAP_COLUMNS, ("field", "value"))
    if header is None:
        return
    for row_number, row in table.rows:
        cells = dict(zip(header, row, strict=False))
        name = cells.get("field", "").strip().lower()
        value = cells.get("value", "")
        if not name:
            if any(c.strip() for c in row):
                sheet.problems.append(SheetProblem(row_number, 1, "no field name", table.name))
            continue
        where = header.index("value") + 1
        from journeymap_cli.io.yamlstream import control_character

        bad = [(i, c) for i, cell in enumerate(row, 1) if (c := control_character(cell))]
        for column, control in bad:
            sheet.problems.append(
                SheetProblem(row_number, column, f"{name}: {control} is not allowed", table.name)
            )
        if bad:
            continue
        if name not in MAP_FIELDS:
            from journeymap_cli.suggest import did_you_mean

            sheet.problems.append(
                SheetProblem(
                    row_number,
                    1,
                    f"unknown field {name!r}{did_you_mean(name, list(MAP_FIELDS))}",
                    table.name,
                )
            )
            continue
        if name in ("channel", "team"):
            entry = (value.strip(), cells.get("id", "").strip(), cells.get("description", ""))
            if not entry[0] and not entry[1]:
                sheet.problems.append(
                    SheetProblem(row_number, where, f"a {name} needs a name or an id", table.name)
                )
            sheet.vocabularies.setdefault(name, []).append(entry)
            continue
        if name in sheet.map_values:
            sheet.problems.append(
                SheetProblem(row_number, 1, f"field {name!r} is given twice", table.name)
            )
            continue
        sheet.map_rows[name] = row_number
        try:
            sheet.map_values[name] = _map_value(name, value)
        except CellError as exc:
            sheet.problems.append(SheetProblem(row_number, where, str(exc), table.name))


def _map_value(name: str, value: str) -> Any:
    if name == "scale":
        return read_scale(value)
    if name == "format":
        if not re.fullmatch(r"\s*\d{1,3}(?:\.\d{1,3})?\s*", value):
            raise CellError(f"format {value!r} is not a version number")
        return value.strip()
    if name == "state" and value.strip() not in ("", "as-is", "to-be"):
        raise CellError(f"state {value!r} is not as-is or to-be")
    if name in LISTS:
        return split_items(value)
    return value.strip() or None


KINDS = {
    "points": (TOUCHPOINT_COLUMNS + OLD_TOUCHPOINT_COLUMNS, ("stage", "touchpoint")),
    "stages": (STAGE_COLUMNS, ("stage",)),
    "opportunities": (OPPORTUNITY_COLUMNS, ("stage", "opportunity")),
}


def read_rows(sheet: Sheet, table: Table, scale: tuple[int, int], kind: str) -> None:
    """The Touchpoints sheet (or a CSV), the Stages or the Opportunities sheet."""
    known, required = KINDS[kind]
    header = _header(sheet, table, known, required)
    if header is None:
        return
    setattr(sheet, f"has_{kind}", True)
    target: list[Row] = getattr(sheet, kind)
    columns = {name: i for i, name in enumerate(header, 1) if name}
    from journeymap_cli.io.yamlstream import control_character

    for row_number, row in table.rows:
        if not any(cell.strip() for cell in row):
            continue
        cells = {name: (row[i - 1] if i <= len(row) else "") for name, i in columns.items()}
        bad = False
        for name, cell in cells.items():
            if control := control_character(cell):
                sheet.problems.append(
                    SheetProblem(row_number, columns[name], f"{name}: {control} is not allowed",
                                 table.name)
                )  # fmt: skip
                bad = True
        if bad:
            continue
        values, problems = _values(cells, scale, table.old_lists)
        sheet.problems += [
            SheetProblem(row_number, columns[name], message, table.name)
            for name, message in problems
        ]
        stage = cells["stage"].strip()
        if not stage and not cells.get("stage_id", "").strip():
            sheet.problems.append(
                SheetProblem(row_number, columns["stage"], "no stage name", table.name)
            )
            continue
        target.append(
            Row(row_number, table.name, stage, cells.get("stage_id", "").strip(), values, columns)
        )


def _values(
    cells: dict[str, str], scale: tuple[int, int], old_lists: bool
) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    values: dict[str, Any] = {}
    problems: list[tuple[str, str]] = []
    for name, cell in cells.items():
        if name in ("stage", "stage_id"):
            if name == "stage_id" and cell.strip() and not _is_id(cell.strip()):
                problems.append((name, f"stage_id {cell.strip()!r} is not an id{ID_RULE}"))
            continue
        try:
            if name in RATINGS:
                values[name] = read_rating(name, cell, scale)
            elif name in FLAGS:
                values[name] = read_flag(name, cell)
            elif name in LISTS:
                values[name] = split_items(cell, old_form=old_lists)
            elif name == "metrics":
                values[name] = read_metrics(cell)
            elif name in ("touchpoint", "opportunity"):
                values["name"] = cell.strip() or None
            elif name == "status":
                values[name] = read_status(cell)
            elif name == "layer":
                values[name] = read_layer(cell)
            elif name == "id":
                values["id"] = cell.strip() or None
                if values["id"] and not _is_id(values["id"]):
                    raise CellError(f"id {values['id']!r} is not an id{ID_RULE}")
            else:  # free text: only spaces around it go, as in list items
                values[name] = cell.strip(" ") if cell.strip() else None
        except CellError as exc:
            problems.append((name, str(exc)))
    layer, flag = values.get("layer"), values.get("backstage")
    if layer is not None and flag is not None and (layer != "frontstage") != flag:
        problems.append(
            (
                "layer",
                f"layer {layer!r} disagrees with backstage {flag_text(flag)!r} (yes: out of the"
                " customer's sight, backstage or support): fill in layer alone; backstage is"
                " the column of sheets made before format 1.2",
            )
        )
    return values, problems

"""`jmap import`'s work: a sheet (CSV or workbook) read, applied to a new map or merged into
an existing one, and the result checked (valid, within the size limit) before anyone writes."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zipfile import BadZipFile

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from journeymap_cli.format.model import JourneyMap
from journeymap_cli.io.loader import DEFAULT_MAX_BYTES
from journeymap_cli.sheets.columns import Vocabulary
from journeymap_cli.sheets.rows import Row, Sheet, SheetProblem, Table

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
# What openpyxl raises on a damaged or hostile workbook (bad XML, missing parts, odd values),
# and zipfile on an encrypted part or an unknown compression (RuntimeError and its
# NotImplementedError).
_WORKBOOK_ERRORS: tuple[type[Exception], ...] = (
    BadZipFile, OSError, KeyError, ValueError, TypeError, AttributeError, IndexError,
    SyntaxError, EOFError, RuntimeError,
)  # fmt: skip


@dataclass
class Options:
    title: str | None = None  # a new map's title (default: the workbook's, else the file's)
    persona: str | None = None  # a new map's persona (default: the workbook's, else Customer)
    scale: tuple[int, int] | None = None  # a new map's scale (default: the workbook's, else 1-5)
    allow_new_stages: bool = False
    max_bytes: int = DEFAULT_MAX_BYTES


@dataclass
class Built:
    text: str = ""
    problems: list[SheetProblem] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)  # workbook sheets jmap does not read
    refused: str = ""  # why the workbook is not read at all (beyond bounds.py's bounds)
    before: JourneyMap | None = None
    after: JourneyMap | None = None
    origins: dict[int, Row] = field(default_factory=dict)  # id(node) → the row it came from


def is_workbook(path: Path) -> bool:
    return path.suffix.lower() in WORKBOOK_SUFFIXES


@contextmanager
def _tables(path: Path, max_bytes: int, built: Built) -> Iterator[dict[str, Table]]:
    """The sheet's tables by name (a CSV is the Touchpoints table), streamed."""
    if is_workbook(path):
        from journeymap_cli.sheets.reader import read_xlsx

        try:
            book, tables, built.ignored = read_xlsx(path, max_bytes, built.problems)
        except _WORKBOOK_ERRORS as exc:
            built.problems.append(SheetProblem(1, 1, f"not a readable workbook: {exc}"))
            yield {}
            return
        try:
            yield tables
        finally:
            book.close()
        return
    from journeymap_cli.sheets.csvfile import open_csv

    handle, table = open_csv(path, max_bytes, built.problems)
    try:
        yield {"Touchpoints": table} if table.header else {}
    finally:
        handle.close()


def import_sheet(
    path: Path, options: Options, map_text: str | None = None, model: JourneyMap | None = None
) -> Built:
    """The map text the sheet makes (new, or `map_text` merged), or the problems."""
    from journeymap_cli.sheets.bounds import Refused
    from journeymap_cli.sheets.csvfile import SheetTooLarge
    from journeymap_cli.sheets.rows import read_map_table, read_rows

    built = Built(before=model)
    sheet = Sheet()
    try:
        with _tables(path, options.max_bytes, built) as tables:
            if "Map" in tables:
                read_map_table(sheet, tables["Map"])
            scale = sheet.map_values.get("scale") or (
                (model.scale.min, model.scale.max) if model else options.scale or (1, 5)
            )
            for name, kind in (
                ("Stages", "stages"),
                ("Touchpoints", "points"),
                ("Opportunities", "opportunities"),
            ):
                if name in tables:
                    read_rows(sheet, tables[name], scale, kind)
    except SheetTooLarge as exc:
        built.problems.append(SheetProblem(1, 1, str(exc)))
        return built
    except Refused as exc:  # now, or while its rows were read
        built.refused = str(exc)
        return built
    except _WORKBOOK_ERRORS as exc:  # what a damaged workbook's content can raise while read
        built.problems.append(SheetProblem(1, 1, f"not a readable workbook: {exc}"))
        return built
    built.problems += sheet.problems
    if not tables and not built.problems:
        built.problems.append(
            SheetProblem(1, 1, "no Touchpoints, Stages, Opportunities or Map sheet")
        )
    if built.problems and not (sheet.points or sheet.stages or sheet.opportunities):
        return _sorted(built)  # a header or the file itself is wrong: no rows to check
    # Rows keep the cells that read well, so the map's own checks (vocabularies, stages)
    # run on them too: every problem of the sheet in one run, not one round per fix. A
    # cell already reported is not reported again from what its row became without it.
    cells = {(p.sheet, p.row, p.column) for p in built.problems}
    data = _start(path, options, sheet, map_text)
    found = Built(before=model, origins=built.origins)
    _apply(data, model, sheet, options, found)
    built.problems += [p for p in found.problems if (p.sheet, p.row, p.column) not in cells]
    if built.problems:
        return _sorted(built)
    _finish(data, map_text, path, options, built)
    return _sorted(built)


def _start(path: Path, options: Options, sheet: Sheet, map_text: str | None) -> CommentedMap:
    from journeymap_cli.fmt.rewrite import load

    if map_text is not None:
        data: CommentedMap = load(map_text)
        return data
    data = CommentedMap()
    data["jmap"] = 1
    data["title"] = options.title or sheet.map_values.get("title") or path.stem
    persona = options.persona or sheet.map_values.get("persona") or "Customer"
    inline = not persona.endswith((".persona.yaml", ".persona.yml"))
    data["persona"] = CommentedMap(name=persona) if inline else persona
    if options.title:
        sheet.map_values.pop("title", None)
    if options.persona:
        sheet.map_values.pop("persona", None)
    low, high = options.scale or sheet.map_values.get("scale") or (1, 5)
    if (low, high) != (1, 5):
        data["scale"] = CommentedMap(min=low, max=high)
    data["stages"] = CommentedSeq()
    return data


def _apply(
    data: CommentedMap, model: JourneyMap | None, sheet: Sheet, options: Options, built: Built
) -> None:
    from journeymap_cli.sheets.mapfields import apply_map_fields
    from journeymap_cli.sheets.merge import apply, vocabulary_entries

    if sheet.has_map:
        built.problems += apply_map_fields(data, model, sheet)
    vocabularies = {}
    for kind, key in (("channel", "channels"), ("team", "teams")):
        if sheet.has_map:
            rows = sheet.vocabularies.get(kind)
            vocabularies[key] = Vocabulary(vocabulary_entries(rows) if rows else None)
        else:
            vocabularies[key] = Vocabulary(getattr(model, key) if model else None)
    built.problems += apply(
        data,
        sheet,
        vocabularies,
        built.origins,
        allow_new=options.allow_new_stages or model is None,
    )


def _finish(
    data: CommentedMap, map_text: str | None, path: Path, options: Options, built: Built
) -> None:
    from pydantic import ValidationError

    from journeymap_cli.fmt.rewrite import UnsafeRewrite, dump, guess_layout, reads_back, tidy
    from journeymap_cli.format.integrity import check
    from journeymap_cli.report import diagnostics as codes

    if not data["stages"]:
        built.problems.append(SheetProblem(2, 1, "no rows: a map needs at least one stage"))
        return
    try:
        if map_text is None:
            # fmt's layout applied to the data itself: canonical(dump()) would parse the
            # text again with ruamel's pure-Python reader (2/3 of the time on a big sheet)
            tidy(data, "map")
            data.fa.set_block_style()
            header = f"# Imported from a spreadsheet by jmap import ({path.name}).\n"
            text = header + dump(data)
        else:
            text = dump(data, guess_layout(map_text))
        reads_back(text, data)
        if map_text is not None and _same_data(map_text, text):
            text = map_text  # nothing changed: the file keeps a layout ruamel would not write
    except UnsafeRewrite as exc:
        built.problems.append(SheetProblem(1, 1, f"the map would not read back: {exc}"))
        return
    size = len(text.encode("utf-8"))
    if size > options.max_bytes:
        built.problems.append(
            SheetProblem(
                1,
                1,
                f"the map would be {size:,} bytes, over the limit of {options.max_bytes:,}"
                " (max-bytes): jmap would refuse to read it; nothing written",
            )
        )
        return
    from journeymap_cli.io.yamlstream import parse

    try:
        after = JourneyMap.model_validate(parse(text).data)
    except ValidationError as exc:
        built.problems += [
            SheetProblem(1, 1, f"the map would not be valid: {e['msg']}") for e in exc.errors()
        ]
        return
    for problem in check(after):
        row, col = _cell_of(data, problem.loc, built.origins)
        message = problem.message
        dropped = None
        if problem.code == codes.REFERENCE:  # an id that names nothing, not a link's direction
            dropped = _dropped_address(data, problem.loc, built)
        if dropped is not None:
            row, col, note = dropped
            message += note
        at = (row.row, col, row.sheet) if row else (1, 1, "")
        built.problems.append(SheetProblem(at[0], at[1], message, at[2]))
    built.text, built.after = text, after


def _same_data(a: str, b: str) -> bool:
    """The same values of the same types (3 is not 3.0), whatever the layout."""
    import json

    from journeymap_cli.io.yamlstream import parse

    def key(text: str) -> str:
        return json.dumps(parse(text).data, sort_keys=True, default=str)

    return key(a) == key(b)


def _cell_of(data: Any, loc: tuple[Any, ...], origins: dict[int, Row]) -> tuple[Row | None, int]:
    """The sheet row the deepest node on `loc` came from (a touchpoint's, else its stage's),
    and the column of the field `loc` names below it (column 1 when the sheet has none)."""
    node = data
    found = None
    rest: tuple[Any, ...] = ()
    for i, part in enumerate(loc):
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        if id(node) in origins:
            found, rest = origins[id(node)], loc[i + 1 :]
    if found is None:
        return None, 1
    # the first field name below the row's node: 'addresses' of an opportunity, 'channel'
    # of a touchpoint; so the message points at the cell to edit, not at column A
    column = next((found.columns[p] for p in rest if isinstance(p, str) and p in found.columns), 1)
    return found, column


def _dropped_address(
    data: Any, loc: tuple[Any, ...], built: Built
) -> tuple[Row | None, int, str] | None:
    """A touchpoint id broken by the sheet where no cell of the sheet holds the reference:
    an opportunity's `addresses` (a CSV holds no opportunities) or a touchpoint's
    `supports` (a sheet made before format 1.2 has no such column). Not the row the
    reference came from, but the row of the touchpoint it named, whose id the sheet changed
    (or nothing, the touchpoint gone), with a note saying so."""
    if len(loc) < 3 or loc[-2] not in ("addresses", "supports") or built.before is None:
        return None
    node: Any = data
    for part in loc[:-2]:
        node = node[part]
    origin = built.origins.get(id(node))
    if origin is not None and loc[-2] in origin.columns:  # the reference's own cell
        return None
    ref = node[loc[-2]][loc[-1]]
    old = [(s, p) for s in built.before.stages for p in s.touchpoints if p.id == ref]
    if not old:
        return None
    stage, point = old[0]
    where = ""
    if loc[-2] == "addresses":
        stage_name = str(data["stages"][loc[1]].get("name"))
        where = f"; the opportunity is in stage {stage_name!r} of the map"
    rows = [r for r in built.origins.values() if _named(r, point.name)]
    rows.sort(key=lambda r: r.stage_id != stage.id and r.stage != stage.name)
    if rows:
        row = rows[0]
        column = row.columns.get("id", row.columns.get("touchpoint", 1))
        return row, column, f" (this row's touchpoint had the id {ref!r}{where})"
    gone = f"touchpoint {point.name!r}, which had that id, is no longer in the sheet"
    return None, 1, f" ({gone}{where})"


def _named(row: Row, name: str) -> bool:
    cell = row.values.get("name")
    return isinstance(cell, str) and cell.casefold() == name.casefold()


def _sorted(built: Built) -> Built:
    built.problems.sort(key=lambda p: (p.sheet != "", p.sheet, p.row, p.column))
    return built

"""A workbook read back for `jmap import`: openpyxl reads it, part by part, each within the
bounds of bounds.py; the known sheets become tables of text, hidden or repeated ones are
problems."""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any
from zipfile import ZipFile

from openpyxl.reader.excel import ExcelReader

from journeymap_cli.sheets.bounds import (
    LAST_COLUMN,
    LAST_ROW,
    MAX_PARTS,
    Archive,
    Budget,
    Refused,
    check_archive,
)
from journeymap_cli.sheets.csvfile import SheetTooLarge
from journeymap_cli.sheets.rows import SheetProblem, Table

SHEETS = ("Touchpoints", "Stages", "Opportunities", "Map")
MAX_MERGED = 10_000  # merged ranges read from one sheet; more are left as they are


@dataclass
class Part:
    """A worksheet as the workbook lists it."""

    title: str
    state: str  # visible, hidden or veryHidden
    path: str  # its part in the zip


class _Reader(ExcelReader):  # type: ignore[misc]  # openpyxl has no type hints
    """openpyxl's reader, reading what jmap needs and no more. openpyxl's own `read` also
    parses the document properties, theme, external links (cached copies of other
    workbooks) and charts, and makes a `ReadOnlyWorksheet` of every sheet, which parses the
    sheet to its `<dimension>` and pads rows up to it; this reads the manifest, the shared
    strings (streamed, counted: openpyxl keeps the whole table), the workbook and the
    styles (for dates), and lists the worksheets, whose rows `rows` streams."""

    archive: ZipFile  # openpyxl's, then (checked first) the bounded one

    def __init__(self, data: bytes, budget: Budget) -> None:
        archive = Archive(io.BytesIO(data), budget.max_bytes)
        try:
            check_archive(archive, budget.max_bytes)
        except Refused:
            archive.close()
            raise
        super().__init__(io.BytesIO(data), read_only=True, keep_links=False)
        self.archive.close()
        self.archive = archive
        self.budget = budget
        self.parts: list[Part] = []
        self.ignored: list[str] = []

    def read(self) -> None:
        from openpyxl.styles.stylesheet import apply_stylesheet

        self.read_manifest()
        self.read_strings()
        self.read_workbook()
        apply_stylesheet(self.archive, self.wb)
        if len(self.parser.sheets) > MAX_PARTS:
            raise Refused(f"{len(self.parser.sheets):,} sheets, more than {MAX_PARTS:,}")
        for sheet, rel in self.parser.find_sheets():
            if rel.Type.endswith("/worksheet") and rel.target in self.valid_files:
                self.parts.append(Part(sheet.name, sheet.state or "visible", rel.target))
            else:  # a chart sheet, or a sheet whose part is missing
                self.ignored.append(sheet.name)

    def read_strings(self) -> None:
        """The shared strings, each counted as it is read; openpyxl's `read_string_table`
        keeps every string (and every parsed element) until the end of the table."""
        from openpyxl.cell.text import Text
        from openpyxl.xml.constants import SHARED_STRINGS, SHEET_MAIN_NS
        from openpyxl.xml.functions import iterparse

        part = self.package.find(SHARED_STRINGS)
        if part is None:
            return
        tag = f"{{{SHEET_MAIN_NS}}}si"
        strings: list[str] = []
        root = None
        with self.archive.open(part.PartName[1:]) as source:
            for event, node in iterparse(source, events=("start", "end")):
                if root is None:
                    root = node
                elif event == "end" and node.tag == tag:
                    text = Text.from_tree(node).content.replace("x005F_", "")
                    self.budget.string(text)
                    strings.append(text)
                    root.clear()  # the strings read so far leave the tree
                    self.budget.in_time()
        self.shared_strings = strings

    def rows(self, part: Part) -> Iterator[tuple[int, list[dict[str, Any]]]]:
        """The rows the sheet's XML holds, each (row number, its cells), by openpyxl's
        worksheet parser; rows it does not hold are not made up (`ReadOnlyWorksheet`
        yields one empty row for every row number in between, 100 million of them for a
        row numbered 100,000,000)."""
        from openpyxl.worksheet._reader import WorkSheetParser

        with self.archive.open(part.path) as source:
            parser = WorkSheetParser(
                source,
                self.shared_strings,
                data_only=False,
                epoch=self.wb.epoch,
                date_formats=self.wb._date_formats,
                timedelta_formats=self.wb._timedelta_formats,
            )
            yield from parser.parse()

    def source(self, part: Part) -> IO[bytes]:
        return self.archive.open(part.path)


def read_xlsx(
    path: Path, max_bytes: int, problems: list[SheetProblem]
) -> tuple[ZipFile, dict[str, Table], list[str]]:
    """The workbook's zip (to close), its known sheets by name, and the names of the sheets
    ignored. Raises `Refused` (now or while the rows are read) beyond the bounds."""
    with path.open("rb") as handle:
        data = handle.read(max_bytes + 1)  # what is checked is what is read
    if len(data) > max_bytes:
        size = max(path.stat().st_size, len(data))
        raise SheetTooLarge(
            f"{size:,} bytes, over the limit of {max_bytes:,} (max-bytes); split the workbook"
            " or raise --max-bytes"
        )
    budget = Budget(max_bytes)
    reader = _Reader(data, budget)
    try:
        reader.read()
        chosen, ignored = _known(reader.parts, problems)
        tables = {
            name: _table(reader, part, name, budget, problems) for name, part in chosen.items()
        }
    except BaseException:
        reader.archive.close()
        raise
    return reader.archive, tables, reader.ignored + ignored


def _known(parts: list[Part], problems: list[SheetProblem]) -> tuple[dict[str, Part], list[str]]:
    """The sheet read for each known name (its visible one, else its first), the titles of
    the others; a hidden known sheet and a second sheet of a known name are problems (a
    hidden "Touchpoints " would otherwise stand in for the "Touchpoints" people edit)."""
    found: dict[str, list[Part]] = {}
    ignored = []
    for part in parts:
        name = next((n for n in SHEETS if n.casefold() == part.title.strip().casefold()), None)
        if name is None:
            ignored.append(part.title)
        else:
            found.setdefault(name, []).append(part)
    chosen = {}
    for name, candidates in found.items():
        shown = [p for p in candidates if p.state == "visible"]
        chosen[name] = read = (shown or candidates)[0]
        for part in candidates:
            if part.state != "visible":
                also = f", beside the {read.title!r} jmap reads" if read is not part else ""
                problems.append(
                    SheetProblem(
                        1,
                        1,
                        f"sheet {part.title!r} is a {name} sheet, {part.state}{also}: what"
                        " nobody sees must not change the map; unhide it or delete it",
                    )
                )
            elif part is not read:
                problems.append(
                    SheetProblem(
                        1,
                        1,
                        f"sheet {part.title!r} is a second {name} sheet, beside"
                        f" {read.title!r}: move its rows into one and delete the other",
                    )
                )
    return chosen, ignored


def _table(
    reader: _Reader, part: Part, name: str, budget: Budget, problems: list[SheetProblem]
) -> Table:
    merged = _scan(reader.source(part), name, budget)
    rows = reader.rows(part)
    first = next(rows, None)
    header: list[str] = []
    if first is not None and first[0] == 1:
        header = [_text(value) for value in _values(first[1])]
        for text in header:
            budget.cell(text, f"{name} row 1")
        while header and not header[-1]:
            header.pop()
    elif first is not None:
        rows = _chain(first, rows)
    return Table(name, header, _rows(rows, name, len(header), budget, problems, merged))


Cells = Iterator[tuple[int, list[dict[str, Any]]]]  # (row number, its cells) from openpyxl


def _chain(first: tuple[int, list[dict[str, Any]]], rest: Cells) -> Cells:
    yield first
    yield from rest


def _values(cells: list[dict[str, Any]], width: int = LAST_COLUMN) -> list[Any]:
    """The row's values from column 1 to its last cell within `width` (a formula as
    FORMULA); a column the XML has no cell for is None."""
    last = max((c["column"] for c in cells if c["column"] <= width), default=0)
    out: list[Any] = [None] * last
    for cell in cells:
        if 1 <= cell["column"] <= last:
            out[cell["column"] - 1] = FORMULA if cell["data_type"] == "f" else cell["value"]
    return out


FORMULA = object()  # a cell that holds a formula: jmap reads values


def _rows(
    rows: Cells,
    sheet: str,
    width: int,
    budget: Budget,
    problems: list[SheetProblem],
    merged: list[tuple[int, int, int, int]],
) -> Iterator[tuple[int, list[str]]]:
    """Each row the XML holds, as text: as many cells as the header has names, or fewer
    (to its last cell); rows beyond Excel's last row, or out of order, refuse the workbook."""
    merged = sorted(merged, key=lambda bounds: bounds[1])  # by first row
    active: list[tuple[int, int, int, int]] = []
    first: dict[tuple[int, int], str] = {}  # a merged range's top-left cell → its text
    previous = 1
    for row_number, found in rows:
        budget.in_time()
        if row_number > LAST_ROW:
            raise Refused(f"{sheet}: row {row_number:,} is beyond Excel's last row ({LAST_ROW:,})")
        if row_number <= previous:
            order = "again" if row_number == previous else f"after row {previous:,}"
            raise Refused(
                f"{sheet}: row {row_number:,} comes {order} in its XML (a spreadsheet writes"
                " each row once, in order)"
            )
        previous = row_number
        while merged and merged[0][1] <= row_number:
            active.append(merged.pop(0))
        active = [b for b in active if b[3] >= row_number]
        values = _values(found, max(width, 1))
        reach = max((min(b[2], max(width, 1)) for b in active), default=0)
        values += [None] * (reach - len(values))
        texts = []
        for column, value in enumerate(values, 1):
            inside = next((b for b in active if b[0] <= column <= b[2]), None)
            if inside is not None and (inside[1], inside[0]) != (row_number, column):
                # a workshop merged the stage's cells: each row has the top-left's text
                texts.append(first.get((inside[1], inside[0]), ""))
                continue
            if value is FORMULA:
                message = "a formula: jmap reads values; type the value itself"
                problems.append(SheetProblem(row_number, column, message, sheet))
                texts.append("")
                continue
            text = _text(value)
            budget.cell(text, f"{sheet} row {row_number:,}")
            texts.append(text)
            if inside is not None:
                first[(row_number, column)] = text
        yield row_number, texts


_TAG = re.compile(
    rb"<(?:[A-Za-z_][\w.-]*:)?(?:(row)\b|(c)[\s/>]"
    rb"|mergeCell\b[^>]*?\bref=\"([A-Z0-9:$]{2,40})\")"
)


def _scan(stream: IO[bytes], sheet: str, budget: Budget) -> list[tuple[int, int, int, int]]:
    """The sheet's merged ranges (min_col, min_row, max_col, max_row) below the header,
    found in its bytes (openpyxl's read-only parser skips them); and no row of more cells
    than Excel's 16,384 columns: openpyxl makes every cell of a row at once (a tree node
    and a dict), so one row of 2,000,000 `<c/>` (a 741 KB file) took 8 s and 655 MiB."""
    from openpyxl.utils.cell import range_boundaries

    out: list[tuple[int, int, int, int]] = []
    seen: set[tuple[int, int, int, int]] = set()
    rest, cells = b"", 0
    with stream:
        while True:
            budget.in_time()
            chunk = stream.read(1 << 20)
            text = rest + chunk
            # a tag cut by the chunk's end is read with the next chunk, from its `<`
            cut = text.rfind(b"<", max(len(text) - 200, 0)) if chunk else -1
            cut = len(text) if cut < 0 else cut
            for found in _TAG.finditer(text):
                if found.start() >= cut:
                    break
                if found[1]:
                    cells = 0
                elif found[2]:
                    cells += 1
                    if cells > LAST_COLUMN:
                        raise Refused(
                            f"{sheet}: a row of more than {LAST_COLUMN:,} cells (Excel's"
                            " last column is XFD)"
                        )
                elif len(out) < MAX_MERGED:
                    try:
                        low_col, low_row, high_col, high_row = range_boundaries(
                            found[3].decode("ascii")
                        )
                        bounds = (low_col or 0, low_row or 0, high_col or 0, high_row or 0)
                    except (TypeError, ValueError):
                        continue
                    if all(bounds) and bounds[1] >= 2 and bounds not in seen:  # below the header
                        seen.add(bounds)
                        out.append(bounds)
            rest = text[cut:]
            if not chunk:
                return out


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):  # TRUE typed in a cell: a flag reads it as yes, text as TRUE
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        return value.date().isoformat()  # 2026-03 typed, taken for a date: shown as a day
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)

"""Touchpoint rows as CSV: written with formula-looking cells defused, read back streaming
with the delimiter sniffed (`,` `;` tab), a BOM and CRLF accepted and defused cells restored."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from journeymap_cli.format.model import JourneyMap, Touchpoint
from journeymap_cli.report.cells import defuse, restore
from journeymap_cli.sheets.columns import (
    TOUCHPOINT_COLUMNS,
    Vocabulary,
    flag_text,
    join_items,
    metrics_text,
)
from journeymap_cli.sheets.rows import SheetProblem, Table

DELIMITERS = ",;\t"
NOT_UTF8 = "not UTF-8 text: save the sheet as 'CSV UTF-8' (or export it as .xlsx)"


def touchpoint_rows(jmap: JourneyMap, *, csv_lists: bool) -> Iterator[list[str | int]]:
    """One row per touchpoint (a stage without any: one row with an empty touchpoint).
    Channels and owners by name; list items one per line; the layer always written, the
    old `backstage` column never."""
    channels, teams = Vocabulary(jmap.channels), Vocabulary(jmap.teams)
    for stage in jmap.stages:
        points: list[Touchpoint | None] = list(stage.touchpoints) or [None]
        for p in points:
            if p is None:
                yield [stage.name, stage.id or "", *[""] * (len(TOUCHPOINT_COLUMNS) - 2)]
                continue
            yield [
                stage.name,
                stage.id or "",
                p.name,
                p.id or "",
                channels.shown(p.channel),
                teams.shown(p.owner),
                p.actor or "",
                p.layer,  # however the map writes it (`backstage: true` is backstage)
                flag_text(p.moment_of_truth),
                "" if p.performance is None else p.performance,
                "" if p.target is None else p.target,
                "" if p.importance is None else p.importance,
                flag_text(p.would_pay),
                join_items(p.pain_points, csv=csv_lists),
                join_items(p.evidence, csv=csv_lists),
                p.notes or "",
                metrics_text(p.metrics),
                join_items(p.supports, csv=csv_lists),
            ]


def export_csv(jmap: JourneyMap) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(TOUCHPOINT_COLUMNS)
    for row in touchpoint_rows(jmap, csv_lists=True):
        writer.writerow([defuse(c) if isinstance(c, str) else c for c in row])
    return out.getvalue()


class SheetTooLarge(Exception):
    """The sheet is over the size limit: refused before any row is read."""


def open_csv(path: Path, max_bytes: int, problems: list[SheetProblem]) -> tuple[BinaryIO, Table]:
    """The sheet's header and a stream of its rows; problems found while reading are added
    to `problems` (an unterminated quote at the row where it opens, bytes that are not UTF-8
    at their line)."""
    size = path.stat().st_size
    if size > max_bytes:
        raise SheetTooLarge(
            f"{size:,} bytes, over the limit of {max_bytes:,} (max-bytes): a map made from it"
            " would be refused; split the sheet or raise --max-bytes"
        )
    handle = path.open("rb")
    lines = _decoded(handle)
    try:
        first = next(lines, "")
        # Excel's "sep=;" line names the delimiter; Excel shows the line after it as row 1
        hint = re.fullmatch(r"sep=([,;\t|])\r?\n?", first)
        if hint:
            first = next(lines, "")
    except NotUtf8 as exc:
        problems.append(SheetProblem(1, 1, f"{NOT_UTF8} (line {exc.line} of the file)"))
        return handle, Table("", [], iter(()))
    dialect = _sniff(first, hint[1] if hint else None)
    try:
        header_rows = list(csv.reader([first], dialect=dialect, strict=True))
    except csv.Error as exc:  # a quote in the header opens a cell the line does not close
        problems.append(SheetProblem(1, 1, f"the header row is not CSV: {exc}"))
        return handle, Table("", [], iter(()))
    header = [restore(c) for c in header_rows[0]] if header_rows else []
    if not header:
        problems.append(SheetProblem(1, 1, "the sheet is empty"))
    return handle, Table("", header, _rows(lines, dialect, problems), old_lists=True)


class NotUtf8(Exception):
    def __init__(self, line: int) -> None:
        self.line = line


def _decoded(handle: BinaryIO) -> Iterator[str]:
    """The file's lines as text, a line at a time (a BOM dropped), so that bytes that are
    not UTF-8 are reported at their line."""
    for number, raw in enumerate(handle, 1):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise NotUtf8(number) from None
        yield line[1:] if number == 1 and line.startswith("\ufeff") else line


def _sniff(line: str, delimiter: str | None = None) -> type[csv.Dialect]:
    """Excel's dialect with the delimiter of the header line: `,`, `;` or tab. Only the
    delimiter is taken from the sniffer: on a header without quotes it also guesses that
    `""` is no escaped quote, which breaks every quoted cell after it."""
    try:
        delimiter = delimiter or csv.Sniffer().sniff(line, delimiters=DELIMITERS).delimiter
    except csv.Error:
        delimiter = ","

    class Sheet(csv.excel):
        pass

    Sheet.delimiter = delimiter
    return Sheet


def _rows(
    lines: Iterator[str], dialect: type[csv.Dialect], problems: list[SheetProblem]
) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(lines, dialect=dialect, strict=True)
    row_number = 1
    try:
        for row in reader:
            row_number += 1
            yield row_number, [restore(cell) for cell in row]
    except NotUtf8 as exc:
        problems.append(
            SheetProblem(row_number + 1, 1, f"{NOT_UTF8} (line {exc.line} of the file)")
        )
    except csv.Error as exc:
        row_number += 1
        message = (
            "a quoted cell opened on this row is never closed"
            if "unexpected end of data" in str(exc) or "EOF" in str(exc)
            else f"not CSV: {exc}"
        )
        problems.append(SheetProblem(row_number, 1, message))

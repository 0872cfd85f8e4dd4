"""How much of a workbook jmap reads, all of it from max-bytes: the zip's parts checked before
openpyxl opens them, then the text and the time that reading them may take.

Measured on openpyxl 3.1.5 (read-only), nothing guarding it (benchmarks/workbook_bombs.py):
a 407 KB workbook holding one 400 MiB shared string, shown in a header cell, ran past 90 s
and 14 GB; 4,000 MiB of spaces after `</sheetData>` in a 4 MB file took 45 s and 4.1 GB;
a cell at XFD1048576 on each of 4 sheets of a 3 KB file, 12 s; row 100,000,000 ran past
90 s (openpyxl makes up every row before it). The declared size of each part is a real
bound: `zipfile` stops a part at its declared size (a part that inflates further fails
its CRC check), so the sizes are checked before anything is inflated.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import IO
from zipfile import ZipFile, ZipInfo

MAX_PARTS = 1_000  # parts in the zip, and sheets in the workbook: Excel writes a few dozen
# All parts together inflate to at most this many times max-bytes: openpyxl writes 2.4
# bytes of sheet XML per byte of the map (a 1.4 MB map: 3.4 MB of XML), others less.
INFLATE = 10
# One part inflates at most this many times its compressed size once it is over the grace:
# a workbook's XML deflates 5 to 15 times (jmap's own: 10), a run of one byte 1,000 times.
MAX_RATIO = 100
RATIO_GRACE = 1 << 20
LAST_ROW = 1_048_576  # Excel's last row, and column (XFD)
LAST_COLUMN = 16_384
# The whole read, every sheet and every row's checks: the workbook of a 4.3 MB map (12,000
# touchpoints, 11 MB of XML) is read and checked in 6 s.
READ_SECONDS = 60.0


class Refused(Exception):
    """The workbook is beyond what jmap reads; it is not read at all (exit 2)."""


def check_archive(archive: ZipFile, max_bytes: int) -> None:
    """The zip's directory against the bounds, before any part is inflated."""
    parts = archive.infolist()
    if len(parts) > MAX_PARTS:
        raise Refused(
            f"{len(parts):,} parts in the zip, more than a workbook has ({MAX_PARTS:,} at most)"
        )
    total = sum(part.file_size for part in parts)
    if total > INFLATE * max_bytes:
        raise Refused(
            f"its parts inflate to {total:,} bytes, over {INFLATE * max_bytes:,}"
            f" ({INFLATE} x max-bytes); raise --max-bytes if the workbook is genuine"
        )
    for part in parts:
        ratio = part.file_size / max(part.compress_size, 1)
        if part.file_size > RATIO_GRACE and ratio > MAX_RATIO:
            raise Refused(
                f"{part.filename} inflates {ratio:,.0f} times (from {part.compress_size:,}"
                f" to {part.file_size:,} bytes), more than XML does ({MAX_RATIO} at most)"
            )


class Archive(ZipFile):
    """The workbook's zip, where every part read whole (openpyxl parses those into a tree:
    [Content_Types].xml, the workbook, its relationships, the styles) is at most
    max-bytes; the shared strings and the sheets are streamed (`open`), never read whole."""

    def __init__(self, file: IO[bytes], max_bytes: int) -> None:
        super().__init__(file)
        self.max_bytes = max_bytes

    def read(self, name: str | ZipInfo, pwd: bytes | None = None) -> bytes:
        part = name if isinstance(name, ZipInfo) else self.getinfo(name)
        if part.file_size > self.max_bytes:
            raise Refused(
                f"{part.filename} inflates to {part.file_size:,} bytes, over max-bytes"
                f" ({self.max_bytes:,})"
            )
        return super().read(name, pwd)


@dataclass
class Budget:
    """What reading the workbook may still spend: characters of text (max-bytes for the
    shared strings, max-bytes again for the cells that show them) and time."""

    max_bytes: int
    ends: float = field(default_factory=lambda: time.monotonic() + READ_SECONDS)
    strings: int = 0
    cells: int = 0

    def in_time(self) -> None:
        if time.monotonic() > self.ends:
            raise Refused(f"reading it took over {READ_SECONDS:.0f} s")

    def string(self, text: str) -> None:
        """A shared string read: its characters, plus one (a million empty strings are
        not free)."""
        self.strings += len(text) + 1
        if self.strings > self.max_bytes:
            raise Refused(
                f"its shared strings hold more than max-bytes ({self.max_bytes:,}) of text"
            )

    def cell(self, text: str, where: str) -> None:
        self.cells += len(text)
        if self.cells > self.max_bytes:
            raise Refused(f"more text than max-bytes ({self.max_bytes:,}) by {where}")

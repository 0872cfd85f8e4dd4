"""Workbooks made byte by byte for tests and benchmarks: a minimal valid .xlsx, and the
hostile ones (a shared string of hundreds of MB in a few KB, whitespace after
`</sheetData>`, thousands of entries, a `<dimension>` of XFD1048576, row 100,000,000).

A part that repeats (`Repeat`) is deflated once per chunk with a full flush, after which
deflate forgets what came before: every chunk deflates to the same bytes, so 400 MB of
text is written as 400 copies of a 1 KB block, in milliseconds, with its true CRC."""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
MIB = 1 << 20


@dataclass
class Repeat:
    """`head`, then `chunk` `times` over, then `tail`."""

    head: bytes
    chunk: bytes
    times: int
    tail: bytes = b""

    @property
    def size(self) -> int:
        return len(self.head) + len(self.chunk) * self.times + len(self.tail)


Part = bytes | Repeat


def _deflate(part: Part) -> tuple[bytes, int, int]:
    """(raw deflate stream, CRC-32, size)."""
    if isinstance(part, bytes):
        packer = zlib.compressobj(9, zlib.DEFLATED, -15)
        return packer.compress(part) + packer.flush(), zlib.crc32(part), len(part)
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = packer.compress(part.head) + packer.flush(zlib.Z_FULL_FLUSH)
    block = packer.compress(part.chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    tail = packer.compress(part.tail) + packer.flush()
    crc = zlib.crc32(part.head)
    for _ in range(part.times):
        crc = zlib.crc32(part.chunk, crc)
    return head + block * part.times + tail, zlib.crc32(part.tail, crc), part.size


def zip_bytes(parts: dict[str, Part], lie: dict[str, int] | None = None) -> bytes:
    """A zip of `parts` (each under 4 GiB: no zip64 needed). `lie` gives an entry a
    declared size other than its real one, as a crafted archive can."""
    out, directory = bytearray(), bytearray()
    for name, part in parts.items():
        data, crc, size = _deflate(part)
        size = (lie or {}).get(name, size)
        raw = name.encode()
        fields = (20, 0, 8, 0, 0x21, crc, len(data), size, len(raw), 0)
        directory += (
            struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, *fields, 0, 0, 0, 0, len(out)) + raw
        )
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, *fields) + raw + data
    end = struct.pack(
        "<IHHHHIIH", 0x06054B50, 0, 0, len(parts), len(parts), len(directory), len(out), 0
    )
    return bytes(out + directory + end)


@dataclass
class Sheet:
    name: str
    rows: Part  # the XML inside <sheetData>, or a whole worksheet part (`whole`)
    state: str = "visible"
    dimension: str = ""
    whole: bool = False


def cells(row: int, *texts: str) -> str:
    """One row of inline-string cells from column A."""
    out = "".join(
        f'<c r="{chr(65 + i)}{row}" t="inlineStr"><is><t>{escape(t)}</t></is></c>'
        for i, t in enumerate(texts)
    )
    return f'<row r="{row}">{out}</row>'


TOUCHPOINTS = cells(1, "stage", "touchpoint") + cells(2, "Applying", "Fills in the form")
# a row or two of each sheet jmap reads, together a valid map
CONTENT = {
    "Touchpoints": TOUCHPOINTS,
    "Stages": cells(1, "stage", "description") + cells(2, "Applying", "Filling it in"),
    "Opportunities": cells(1, "stage", "opportunity") + cells(2, "Applying", "A shorter form"),
    "Map": cells(1, "field", "value") + cells(2, "title", "Bombs"),
}


def worksheet(rows: str, dimension: str = "") -> bytes:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return f'<worksheet xmlns="{MAIN}">{dim}<sheetData>{rows}</sheetData></worksheet>'.encode()


@dataclass
class Book:
    sheets: list[Sheet] = field(default_factory=lambda: [Sheet("Touchpoints", TOUCHPOINTS)])
    strings: Part | None = None  # xl/sharedStrings.xml
    extra: dict[str, Part] = field(default_factory=dict)  # more entries, as they are

    def parts(self) -> dict[str, Part]:
        types = [
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package'
            '.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>',
            f'<Override PartName="/xl/workbook.xml" ContentType="{TYPE}.sheet.main+xml"/>',
        ]
        rels, entries, parts = [], [], {}
        for i, sheet in enumerate(self.sheets, 1):
            name = f"xl/worksheets/sheet{i}.xml"
            types.append(f'<Override PartName="/{name}" ContentType="{TYPE}.worksheet+xml"/>')
            rels.append(
                f'<Relationship Id="rId{i}" Target="worksheets/sheet{i}.xml" '
                f'Type="{RELS}/worksheet"/>'
            )
            entries.append(
                f'<sheet name="{escape(sheet.name)}" sheetId="{i}" '
                f'state="{sheet.state}" r:id="rId{i}"/>'
            )
            rows = sheet.rows
            if sheet.whole:
                parts[name] = rows
            elif isinstance(rows, bytes | str):
                text = rows.decode() if isinstance(rows, bytes) else rows
                parts[name] = worksheet(text, sheet.dimension)
            else:
                head, tail = worksheet("\0", sheet.dimension).split(b"\0")
                parts[name] = Repeat(head + rows.head, rows.chunk, rows.times, rows.tail + tail)
        if self.strings is not None:
            types.append(
                f'<Override PartName="/xl/sharedStrings.xml" '
                f'ContentType="{TYPE}.sharedStrings+xml"/>'
            )
            rels.append(
                f'<Relationship Id="rId{len(self.sheets) + 1}" Target="sharedStrings'
                f'.xml" Type="{RELS}/sharedStrings"/>'
            )
            parts["xl/sharedStrings.xml"] = self.strings
        head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        return {
            "[Content_Types].xml": (
                f'{head}<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                f'content-types">{"".join(types)}</Types>'
            ).encode(),
            "_rels/.rels": (
                f'{head}<Relationships xmlns="{PACKAGE}"><Relationship Id="rId1" '
                f'Type="{RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
            ).encode(),
            "xl/workbook.xml": (
                f'{head}<workbook xmlns="{MAIN}" xmlns:r="{RELS}"><sheets>{"".join(entries)}'
                f"</sheets></workbook>"
            ).encode(),
            "xl/_rels/workbook.xml.rels": (
                f'{head}<Relationships xmlns="{PACKAGE}">{"".join(rels)}</Relationships>'
            ).encode(),
            **parts,
            **self.extra,
        }

    def write(self, path: Path, lie: dict[str, int] | None = None) -> Path:
        path.write_bytes(zip_bytes(self.parts(), lie))
        return path


def shared_strings(*texts: str, big: int = 0) -> Part:
    """A shared string table of `texts`, then (with `big`) one string of `big` MiB."""
    head = f'<sst xmlns="{MAIN}">' + "".join(f"<si><t>{escape(t)}</t></si>" for t in texts)
    if not big:
        return (head + "</sst>").encode()
    return Repeat((head + "<si><t>").encode(), b"a" * MIB, big, b"</t></si></sst>")


# --- the bombs ------------------------------------------------------------------------------

# a header whose third cell is shared string 0 (the big one)
STRING_HEADER = cells(1, "stage", "touchpoint").replace(
    "</row>", '<c r="C1" t="s"><v>0</v></c></row>'
)
LAST_CELL = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'


def touchpoints(rows: Part, strings: Part | None = None) -> Book:
    """A workbook of one Touchpoints sheet."""
    return Book([Sheet("Touchpoints", rows)], strings=strings)


def every_sheet(more: str = "", dimension: str = "") -> Book:
    """A workbook of the four sheets, each with `more` rows after its own."""
    return Book([Sheet(name, rows + more, dimension=dimension) for name, rows in CONTENT.items()])


def bombs(string_mib: int = 400, space_mib: int = 1000) -> dict[str, Book]:
    """name → workbook: a shared string of `string_mib` MiB, `space_mib` MiB of spaces.
    What openpyxl 3.1.5 (read-only) did with each is in benchmarks/workbook_bombs.py."""
    spaces = Repeat(worksheet(TOUCHPOINTS)[: -len("</worksheet>")], b" " * MIB, space_mib)
    spaces.tail = b"</worksheet>"
    return {
        # one 400 MiB shared string in a 407 KB file
        "shared-string": touchpoints(
            STRING_HEADER + cells(2, "S", "T"), shared_strings(big=string_mib)
        ),
        # 1 GiB of spaces after </sheetData> (4 GB in the issue)
        "whitespace": Book([Sheet("Touchpoints", spaces, whole=True)]),
        # 30,000 parts of a few bytes
        "many-entries": Book(extra={f"xl/media/p{i}.xml": b"<p/>" for i in range(30_000)}),
        # 40 MiB of one letter in the document's properties: it deflates 1,000 times
        "ratio": Book(extra={"docProps/core.xml": Repeat(b"<t>", b"a" * MIB, 40, b"</t>")}),
        # each sheet's <dimension> says A1:XFD1048576
        "dimension": every_sheet(dimension="A1:XFD1048576"),
        # and a cell at XFD1048576 on each sheet: every row in between was padded
        "last-cell": every_sheet(LAST_CELL, dimension="A1:XFD1048576"),
        # row 100,000,000 on each sheet: 100 million rows padded, a sheet
        "row-100000000": every_sheet(cells(100_000_000, "Applying", "Late")),
    }


def corpus() -> dict[str, bytes]:
    """The workbook cases of tests/fuzz/corpus/ (`workbook-NAME.xlsx`), a few KB each:
    `python -c "import workbooks; workbooks.write_corpus()"` in tests/ writes them again."""
    laughs = "".join(
        f'<!ENTITY {b} "{("&" + a + ";") * 10}">' for a, b in zip("abcdefg", "bcdefgh", strict=True)
    )
    entities = f'<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa">{laughs}]>'
    external = '<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY h SYSTEM "file:///etc/passwd">]>'
    laughing = f'<sst xmlns="{MAIN}"><si><t>&h;</t></si></sst>'
    typed = (
        '<row r="2"><c r="A2" t="inlineStr"><is><t>S</t></is></c><c r="B2" t="inlineStr"><is>'
        '<t>T</t></is></c><c r="C2"><f>1+1</f><v>2</v></c><c r="D2" t="b"><v>1</v></c>'
        '<c r="E2" t="e"><v>#DIV/0!</v></c></row>'
    )
    hidden = Sheet("Touchpoints ", TOUCHPOINTS, state="hidden")
    twins = [Sheet("MAP", CONTENT["Map"]), Sheet("map", CONTENT["Map"])]
    books = {
        "hidden-touchpoints": Book([Sheet("Touchpoints", TOUCHPOINTS), hidden]),
        "case-twins": Book([*twins, Sheet("Touchpoints", TOUCHPOINTS)]),
        "dimension-xfd1048576": every_sheet(dimension="A1:XFD1048576"),
        "last-cell-xfd1048576": every_sheet(LAST_CELL, dimension="A1:XFD1048576"),
        "row-100000000": every_sheet(cells(100_000_000, "Applying", "Late")),
        "rows-out-of-order": touchpoints(TOUCHPOINTS + cells(2, "B", "U")),
        "wide-row": touchpoints(TOUCHPOINTS + "<row>" + "<c/>" * 16_385 + "</row>"),
        "shared-string-20mb": touchpoints(STRING_HEADER, shared_strings(big=20)),
        "shared-string-index": touchpoints(STRING_HEADER, shared_strings()),
        "entity-bomb": touchpoints(STRING_HEADER, (entities + laughing).encode()),
        "external-entity": touchpoints(STRING_HEADER, (external + laughing).encode()),
        "row-numbers": touchpoints(
            cells(1, "stage", "touchpoint")
            + '<row r="1e400"><c t="inlineStr"><is><t>S</t></is></c></row>'
        ),
        "no-sheets": Book([]),
        "formula-bool-error": touchpoints(
            cells(1, "stage", "touchpoint", "notes", "backstage", "performance") + typed
        ),
    }
    out = {name: zip_bytes(book.parts()) for name, book in books.items()}
    lying = touchpoints(Repeat(TOUCHPOINTS.encode(), b" " * MIB, 5))
    out["lying-size"] = zip_bytes(lying.parts(), lie={"xl/worksheets/sheet1.xml": 1000})
    good = zip_bytes(Book().parts())
    out["truncated"] = good[: len(good) // 2]
    out["encrypted"] = _patched(good, flags=1)  # every part says it is encrypted
    out["compression-99"] = _patched(good, method=99)  # a compression zipfile does not know
    return out


def _patched(data: bytes, **fields: int) -> bytes:
    """The zip with the flags or the compression method of every part changed, in both its
    local header and its directory entry."""
    out = bytearray(data)
    for signature, flags in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = out.find(signature)
        while at >= 0:
            for name, offset in (("flags", flags), ("method", flags + 2)):
                if name in fields:
                    struct.pack_into("<H", out, at + offset, fields[name])
            at = out.find(signature, at + 4)
    return bytes(out)


def write_corpus(folder: Path = Path(__file__).parent / "fuzz" / "corpus") -> None:
    for name, data in corpus().items():
        (folder / f"workbook-{name}.xlsx").write_bytes(data)

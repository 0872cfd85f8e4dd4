"""`jmap import BOOK.xlsx` within bounds: workbook bombs made here with zipfile's format
(tests/workbooks.py) are refused with a message naming the file, or read as the rows they
hold, by the installed `jmap` under a memory limit; each bound on its own, through the CLI;
hidden and repeated sheets reported."""

from __future__ import annotations

import difflib
import os
import random
import resource
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from helpers import CLEAN, run_jmap
from journeymap_cli.sheets import bounds
from journeymap_cli.sheets.columns import TOUCHPOINT_COLUMNS
from journeymap_cli.suggest import closest
from workbooks import (
    CONTENT,
    MAIN,
    STRING_HEADER,
    TOUCHPOINTS,
    Book,
    Repeat,
    Sheet,
    bombs,
    cells,
)

JMAP = Path(sys.executable).parent / "jmap"
GIB = 1 << 30


def _limit_memory() -> None:
    # 1 GiB of address space: jmap reads a workbook in 40-80 MiB; the bombs took 4-14 GB
    resource.setrlimit(resource.RLIMIT_AS, (GIB, GIB))


def jmap(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The installed `jmap`, as a user runs it (JMAP_DEBUG=0), in 1 GiB of memory; the
    timeout only stops a hang (the bombs took minutes)."""
    return subprocess.run(
        [str(JMAP), *args],
        cwd=folder,
        capture_output=True,
        text=True,
        preexec_fn=_limit_memory,
        env={**os.environ, "JMAP_DEBUG": "0", "NO_COLOR": "1"},
        timeout=120,
    )


# bomb → words of its refusal
REFUSED = {
    "shared-string": "its parts inflate to 419,432,",  # 400 MiB of one shared string
    "whitespace": "its parts inflate to 1,048,5",  # 1 GiB of spaces after </sheetData>
    "many-entries": "30,005 parts in the zip, more than a workbook has (1,000 at most)",
    "ratio": "docProps/core.xml inflates 1,010 times (from 41,535 to 41,943,047 bytes)",
    "row-100000000": "row 100,000,000 is beyond Excel's last row (1,048,576)",
}


@pytest.fixture(scope="module")
def bomb_books() -> dict[str, Book]:
    return bombs()


@pytest.mark.skipif(not JMAP.exists(), reason="jmap is not installed in this environment")
@pytest.mark.parametrize("name", sorted(REFUSED))
def test_a_workbook_bomb_is_refused_naming_the_file(
    tmp_path: Path, bomb_books: dict[str, Book], name: str
) -> None:
    bomb_books[name].write(tmp_path / f"{name}.xlsx")
    proc = jmap(tmp_path, "import", f"{name}.xlsx", "-o", "m.jmap.yaml")
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert proc.stderr.startswith(f"jmap: error: {name}.xlsx: "), proc.stderr
    assert REFUSED[name] in proc.stderr
    assert proc.stderr.rstrip().endswith("not read (m.jmap.yaml not written)")
    assert "Traceback" not in proc.stderr and "MemoryError" not in proc.stderr
    assert not (tmp_path / "m.jmap.yaml").exists()


@pytest.mark.skipif(not JMAP.exists(), reason="jmap is not installed in this environment")
@pytest.mark.parametrize("name", ["dimension", "last-cell"])
def test_a_claimed_xfd1048576_is_no_reason_to_pad_rows(
    tmp_path: Path, bomb_books: dict[str, Book], name: str
) -> None:
    """A `<dimension>` of A1:XFD1048576, or a cell there, on each of the four sheets: the
    rows the XML holds are read (openpyxl padded a million rows a sheet: 12 s)."""
    bomb_books[name].write(tmp_path / f"{name}.xlsx")
    proc = jmap(tmp_path, "import", f"{name}.xlsx", "-o", "m.jmap.yaml")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "1 touchpoint in 1 stage" in proc.stderr
    text = (tmp_path / "m.jmap.yaml").read_text()
    assert "title: Bombs" in text and "- name: Fills in the form" in text
    assert "- name: A shorter form" in text and "description: Filling it in" in text


@pytest.mark.skipif(not JMAP.exists(), reason="jmap is not installed in this environment")
def test_running_out_of_memory_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    """Past every bound (max-bytes raised to its 1 GiB ceiling): a 300 MiB shared string
    that deflates only 53 times, read in 1 GiB of memory."""
    rng = random.Random(0)
    chunk = b"".join(bytes(rng.choices(b"bcdefghijk", k=12)) + b"a" * 500 for _ in range(2048))
    Book(
        [Sheet("Touchpoints", STRING_HEADER + cells(2, "S", "T"))],
        strings=Repeat(f'<sst xmlns="{MAIN}"><si><t>'.encode(), chunk, 300, b"</t></si></sst>"),
    ).write(tmp_path / "big.xlsx")
    proc = jmap(tmp_path, "import", "big.xlsx", "-o", "m.jmap.yaml", "--max-bytes", str(GIB))
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert proc.stderr == (
        "jmap: error: big.xlsx: out of memory while reading it; not read"
        " (m.jmap.yaml not written)\n"
    )


# --- each bound through the CLI, at a small --max-bytes ------------------------------------


def refused(result_stderr: str, book: str) -> str:
    prefix = f"jmap: error: {book}: "
    assert result_stderr.startswith(prefix), result_stderr
    return result_stderr[len(prefix) :]


def test_a_part_read_whole_is_at_most_max_bytes(workdir: Path) -> None:
    styles = f'<styleSheet xmlns="{MAIN}">{" " * 20_000}</styleSheet>'.encode()
    Book(extra={"xl/styles.xml": styles}).write(workdir / "b.xlsx")
    result = run_jmap("import", "b.xlsx", "-o", "m.jmap.yaml", "--max-bytes", "10000")
    assert result.exit_code == 2
    assert refused(result.stderr, "b.xlsx").startswith(
        f"xl/styles.xml inflates to {len(styles):,} bytes, over max-bytes (10,000)"
    )


def test_shared_strings_are_counted_as_they_are_read(workdir: Path) -> None:
    strings = "".join(f"<si><t>{i:03} {'x' * 196}</t></si>" for i in range(60))
    header = cells(1, "stage").replace("</row>", '<c r="B1" t="s"><v>0</v></c></row>')
    Book(
        [Sheet("Touchpoints", header)],
        strings=f'<sst xmlns="{MAIN}">{strings}</sst>'.encode(),
    ).write(workdir / "b.xlsx")
    result = run_jmap("import", "b.xlsx", "-o", "m.jmap.yaml", "--max-bytes", "10000")
    assert result.exit_code == 2
    assert refused(result.stderr, "b.xlsx").startswith(
        "its shared strings hold more than max-bytes (10,000) of text"
    )


def test_cell_text_is_counted_row_by_row(workdir: Path) -> None:
    rows = "".join(cells(i, "Applying", f"Touchpoint {i} " + "y" * 500) for i in range(2, 40))
    Book([Sheet("Touchpoints", cells(1, "stage", "touchpoint") + rows)]).write(workdir / "b.xlsx")
    result = run_jmap("import", "b.xlsx", "-o", "m.jmap.yaml", "--max-bytes", "10000")
    assert result.exit_code == 2
    assert refused(result.stderr, "b.xlsx").startswith(
        "more text than max-bytes (10,000) by Touchpoints row 21"
    )


def test_a_row_wider_than_excel_is_refused_before_openpyxl_parses_it(workdir: Path) -> None:
    wide = '<row r="2">' + "<c/>" * (bounds.LAST_COLUMN + 1) + "</row>"
    Book([Sheet("Touchpoints", cells(1, "stage", "touchpoint") + wide)]).write(workdir / "b.xlsx")
    result = run_jmap("import", "b.xlsx", "-o", "m.jmap.yaml")
    assert result.exit_code == 2
    assert refused(result.stderr, "b.xlsx").startswith(
        "Touchpoints: a row of more than 16,384 cells (Excel's last column is XFD)"
    )
    # as many cells as Excel has columns are read
    full = '<row r="3">' + "<c/>" * bounds.LAST_COLUMN + "</row>"
    Book([Sheet("Touchpoints", TOUCHPOINTS + full)]).write(workdir / "b.xlsx")
    assert run_jmap("import", "b.xlsx", "-o", "m.jmap.yaml").exit_code == 0


def test_rows_out_of_order_are_refused(workdir: Path) -> None:
    rows = cells(1, "stage", "touchpoint") + cells(5, "A", "T") + cells(3, "B", "U")
    Book([Sheet("Touchpoints", rows)]).write(workdir / "b.xlsx")
    result = run_jmap("import", "b.xlsx", "-o", "m.jmap.yaml")
    assert result.exit_code == 2
    assert refused(result.stderr, "b.xlsx").startswith(
        "Touchpoints: row 3 comes after row 5 in its XML (a spreadsheet writes each row once,"
        " in order)"
    )


def test_the_whole_read_is_bounded_in_time(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    Book([Sheet(name, rows) for name, rows in CONTENT.items()]).write(workdir / "b.xlsx")
    seconds = bounds.READ_SECONDS
    monkeypatch.setattr(bounds, "READ_SECONDS", -1.0)  # already over when reading starts
    result = run_jmap("import", "b.xlsx", "-o", "m.jmap.yaml")
    assert result.exit_code == 2
    assert refused(result.stderr, "b.xlsx") == (
        "reading it took over -1 s; not read (m.jmap.yaml not written)\n"
    )
    monkeypatch.setattr(bounds, "READ_SECONDS", seconds)
    assert run_jmap("import", "b.xlsx", "-o", "m.jmap.yaml").exit_code == 0


def test_a_part_inflating_past_its_declared_size_is_stopped_there(workdir: Path) -> None:
    """A crafted zip can declare 1 KB for a part of 50 MB: zipfile stops at the declared
    size (the checks rely on it), and the part is unreadable."""
    book = Book([Sheet("Touchpoints", Repeat(TOUCHPOINTS.encode(), b" " * (1 << 20), 50))])
    book.write(workdir / "b.xlsx", lie={"xl/worksheets/sheet1.xml": 1000})
    result = run_jmap("import", "b.xlsx", "-o", "m.jmap.yaml")
    assert result.exit_code == 1
    assert result.stdout.startswith("b.xlsx:1:1: not a readable workbook: ")


def test_the_bounds_follow_max_bytes_from_the_configuration(workdir: Path) -> None:
    (workdir / "jmap.toml").write_text("max-bytes = 2000\n")
    types = Book().parts()["[Content_Types].xml"]
    assert isinstance(types, bytes)
    Book(extra={"[Content_Types].xml": types + b" " * 2000}).write(workdir / "b.xlsx")
    result = run_jmap("import", "b.xlsx", "-o", "m.jmap.yaml")
    assert result.exit_code == 2
    assert refused(result.stderr, "b.xlsx").startswith("[Content_Types].xml inflates to")
    assert "over max-bytes (2,000)" in result.stderr
    assert run_jmap("import", "b.xlsx", "-o", "m.jmap.yaml", "--max-bytes", "5000").exit_code == 0


def test_a_huge_unknown_column_is_reported_without_a_suggestion_hunt(workdir: Path) -> None:
    """difflib indexed every character of a 4 MB header cell (160 MB) to find no match."""
    rng = random.Random(1)
    name = "".join(rng.choices("abcdefghijklmnopqrstuvwxyz", k=1_000_000))
    rows = cells(1, "stage", "touchpoint", name) + cells(2, "S", "T")
    Book([Sheet("Touchpoints", rows)]).write(workdir / "b.xlsx")
    result = run_jmap("import", "b.xlsx", "-o", "m.jmap.yaml")
    assert result.exit_code == 1
    assert result.stdout.startswith(f"b.xlsx:1:3: Touchpoints!C1: unknown column '{name[:9]}")
    assert "did you mean" not in result.stdout


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet="abcdest_", max_size=40),
    st.lists(st.text(alphabet="abcdest_", min_size=1, max_size=12), min_size=1, max_size=5),
)
def test_the_suggestion_shortcut_changes_no_suggestion(word: str, choices: list[str]) -> None:
    by_folded = {c.casefold(): c for c in choices}
    match = difflib.get_close_matches(word.casefold(), list(by_folded), n=1, cutoff=0.6)
    assert closest(word, choices) == (by_folded[match[0]] if match else None)


@pytest.mark.parametrize(
    ("word", "choices", "expected"),
    [  # exactly at the cutoff (2 * 3 / (7 + 3) = 0.6): found by hypothesis outside CI
        ("bse_aeb", ["bea"], "bea"),
        ("at_da_c", ["td_"], "td_"),
        ("abdaa_s", ["da_", "td"], "da_"),
    ],
)
def test_the_shortcut_keeps_a_match_at_exactly_the_cutoff(
    word: str, choices: list[str], expected: str
) -> None:
    assert closest(word, choices) == expected


# --- hidden and repeated sheets -----------------------------------------------------------


@pytest.fixture
def book(workdir: Path) -> Path:
    (workdir / "m.jmap.yaml").write_text(CLEAN)
    assert run_jmap("export", "m.jmap.yaml", "-o", "m.xlsx").exit_code == 0
    return workdir / "m.xlsx"


def test_a_hidden_sheet_never_stands_in_for_the_visible_one(book: Path) -> None:
    """The issue's case: a hidden "Touchpoints " (trailing space) read instead of the
    visible Touchpoints, silently. Now each extra sheet is a problem, reported with the
    problems of the sheet read, in one run; nothing is written."""
    wb = load_workbook(book)
    hidden = wb.copy_worksheet(wb["Touchpoints"])
    hidden.title = "Touchpoints "
    hidden.sheet_state = "hidden"
    performance = TOUCHPOINT_COLUMNS.index("performance") + 1
    hidden.cell(2, performance).value = 1  # a rating nobody sees
    again = wb.copy_worksheet(wb["Stages"])
    again.title = "stages "  # openpyxl, like Excel, refuses a name that differs by case only
    wb["Touchpoints"].cell(2, performance).value = 9  # off the scale, in the sheet read
    wb.save(book)
    before = (book.parent / "m.jmap.yaml").read_text()
    result = run_jmap("import", "m.xlsx", "-o", "m.jmap.yaml", "--merge")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "m.xlsx:1:1: sheet 'Touchpoints ' is a Touchpoints sheet, hidden, beside the"
        " 'Touchpoints' jmap reads: what nobody sees must not change the map; unhide it or"
        " delete it",
        "m.xlsx:1:1: sheet 'stages ' is a second Stages sheet, beside 'Stages': move its rows"
        " into one and delete the other",
        "m.xlsx:2:10: Touchpoints!J2: performance 9 is off the scale 1-5",
    ]
    assert "3 problems; m.jmap.yaml not written" in result.stderr
    assert (book.parent / "m.jmap.yaml").read_text() == before


def test_sheets_whose_names_differ_by_case_only_are_reported(workdir: Path) -> None:
    """Excel refuses such names; a workbook made otherwise can hold them."""
    sheets = [Sheet("TOUCHPOINTS", TOUCHPOINTS), Sheet("Touchpoints", TOUCHPOINTS)]
    Book(sheets).write(workdir / "b.xlsx")
    result = run_jmap("import", "b.xlsx", "-o", "m.jmap.yaml")
    assert result.exit_code == 1
    assert result.stdout == (
        "b.xlsx:1:1: sheet 'Touchpoints' is a second Touchpoints sheet, beside 'TOUCHPOINTS':"
        " move its rows into one and delete the other\n"
    )


def test_a_hidden_known_sheet_alone_is_read_and_reported(book: Path) -> None:
    wb = load_workbook(book)
    wb["Stages"].sheet_state = "veryHidden"
    wb.save(book)
    result = run_jmap("import", "m.xlsx", "-o", "m.jmap.yaml", "--merge")
    assert result.exit_code == 1
    assert result.stdout == (
        "m.xlsx:1:1: sheet 'Stages' is a Stages sheet, veryHidden: what nobody sees must not"
        " change the map; unhide it or delete it\n"
    )


def test_a_hidden_sheet_of_another_name_is_only_ignored(book: Path) -> None:
    wb = load_workbook(book)
    notes = wb.create_sheet("Notes")
    notes.sheet_state = "hidden"
    wb.save(book)
    result = run_jmap("import", "m.xlsx", "-o", "m.jmap.yaml", "--merge")
    assert result.exit_code == 0, result.stdout
    assert "sheet 'Notes' ignored" in result.stderr


def test_the_zip_checks_inflate_nothing(tmp_path: Path) -> None:
    """The checks read the zip's directory only: a part whose data is garbage passes them
    (and fails when it is read)."""
    path = Book().write(tmp_path / "b.xlsx")
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        part = archive.getinfo("xl/worksheets/sheet1.xml")
        start = part.header_offset + 30 + len(part.filename)
    data[start : start + part.compress_size] = b"\xff" * part.compress_size
    path.write_bytes(bytes(data))
    with zipfile.ZipFile(path) as archive:
        bounds.check_archive(archive, 1 << 20)
        with pytest.raises(bounds.Refused, match="inflate to"):
            bounds.check_archive(archive, 10)
        with pytest.raises(zlib.error):
            archive.read("xl/worksheets/sheet1.xml")

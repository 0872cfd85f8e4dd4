"""Fuzzing: mutated maps through every command end in 0, 1 or 2, never a traceback.

Budget: about 15 s in CI, 150 examples a test (CI=true runs derandomized, so failures
reproduce). Cases worth keeping live in tests/fuzz/corpus/ and run every time.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from helpers import CLEAN
from journeymap_cli.cli.app import app

CORPUS = Path(__file__).parent / "corpus"
COMMANDS = (
    ["validate"],
    ["lint"],
    ["score", "--format", "json"],
    ["render", "-o", "-"],
    ["render", "-f", "md", "-o", "-"],
    ["fmt", "--check"],
    ["export"],
)
FUZZ = settings(
    max_examples=int(os.environ.get("JMAP_FUZZ_EXAMPLES", "40")),
    deadline=None,
    derandomize=os.environ.get("CI") == "true",
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


# Bounded time: a command that takes this long on a 2 KB input is hanging, not slow (they
# take 10-300 ms); the alarm stops it, so a hang fails the test instead of stalling CI.
HANG_SECONDS = 30


class Hang(Exception):
    pass


def _hang(signum: int, frame: object) -> None:
    raise Hang(f"a command ran over {HANG_SECONDS} s")


def run_everything(folder: Path, name: str) -> None:
    """Every command on one file: exit 0, 1 or 2 within the time bound, no exception escapes."""
    runner = CliRunner()
    cwd = os.getcwd()
    os.chdir(folder)
    previous = signal.signal(signal.SIGALRM, _hang)
    try:
        for command in COMMANDS:
            signal.alarm(HANG_SECONDS)
            result = runner.invoke(app, [*command, name], catch_exceptions=False)
            signal.alarm(0)
            assert result.exit_code in (0, 1, 2), (command, result.exit_code)
            assert "Traceback" not in result.stdout + result.stderr, command
        # the same bytes on standard input (an editor's buffer) give the same report
        raw = Path(name).read_bytes()
        for command in (["validate"], ["lint"], ["fmt", "--check"]):
            signal.alarm(HANG_SECONDS)
            from_file = runner.invoke(app, [*command, name], catch_exceptions=False)
            piped = runner.invoke(
                app, [*command, "--stdin-filename", name, "-"], input=raw, catch_exceptions=False
            )
            signal.alarm(0)
            assert (piped.exit_code, piped.stdout) == (from_file.exit_code, from_file.stdout)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
        os.chdir(cwd)


# --- mutations of a valid map --------------------------------------------------------------

NASTY = [
    "\u202eRTL override",
    "שלום עולם",
    "مرحبا",
    "😀🎉",
    "\x00",
    "\\ud800",
    "\\U0001F600",
    "\ufeff",
    "\r\n",
    "\t",
    "&x",
    "*x",
    "!!python/object:os.system",
    "? ",
    ": ",
    "- ",
    "[" * 80,
    "{" * 80,
    "'",
    '"',
    "\\",
    "%",
    "@",
    "`",
    "|",
    ">",
    "#",
    "\u2028",
    "9" * 5000,
    "0x" + "f" * 4000,  # a number beyond 64 bits, written in hex (issue 13)
    "1" + "0" * 309,  # beyond what a float holds
    " # jmap: disable=JM101,JM999\n",
    "[" * 3000 + "]" * 3000,  # nesting far past the loader's depth limit
    "\n" + "".join("  " * i + "- x:\n" for i in range(200)),
]


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    text = CLEAN
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["insert", "delete-line", "truncate", "swap", "bytes"]))
        lines = text.splitlines(keepends=True)
        if kind == "insert":
            at = draw(st.integers(0, len(text)))
            text = text[:at] + draw(st.sampled_from(NASTY)) + text[at:]
        elif kind == "delete-line" and lines:
            del lines[draw(st.integers(0, len(lines) - 1))]
            text = "".join(lines)
        elif kind == "truncate":
            text = text[: draw(st.integers(0, len(text)))]
        elif kind == "swap" and lines:
            i = draw(st.integers(0, len(lines) - 1))
            if ":" in lines[i]:
                key = lines[i].split(":", 1)[0]
                value = draw(
                    st.sampled_from(
                        [
                            "[]",
                            "{}",
                            "1",
                            "-3",
                            "true",
                            "null",
                            '"x"',
                            "[a, [b]]",
                            "{a: 1}",
                            "1.5",
                            "0x1F",
                            ".nan",
                            "''",
                        ]
                    )
                )
                lines[i] = f"{key}: {value}\n"
                text = "".join(lines)
    raw = text.encode("utf-8", "surrogatepass")
    if draw(st.booleans()) and raw:  # flip some bytes
        data = bytearray(raw)
        for _ in range(draw(st.integers(1, 3))):
            data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
        raw = bytes(data)
    return raw


@FUZZ
@given(mutated())
def test_mutated_maps_never_crash(tmp_path_factory: pytest.TempPathFactory, raw: bytes) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    (folder / "jmap.toml").write_text("")
    (folder / "m.jmap.yaml").write_bytes(raw)
    run_everything(folder, "m.jmap.yaml")


@pytest.mark.parametrize("case", sorted(p.name for p in CORPUS.glob("*.yaml")))
def test_corpus(tmp_path: Path, case: str) -> None:
    (tmp_path / "jmap.toml").write_text("")
    (tmp_path / "c.jmap.yaml").write_bytes((CORPUS / case).read_bytes())
    run_everything(tmp_path, "c.jmap.yaml")


# --- valid maps render completely ---------------------------------------------------------

NAME = st.text(
    # no bidi controls either (format characters, Cf): a map refuses them (JM003)
    alphabet=st.characters(
        blacklist_categories=["Cs", "Cc", "Zl", "Zp"],
        blacklist_characters="\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069",
    ),
    min_size=1,
    max_size=30,
).filter(lambda s: s.strip() == s and s.strip())


@st.composite
def valid_maps(draw: st.DrawFn) -> tuple[str, list[str]]:
    names: list[str] = []
    stages = []
    for s in range(draw(st.integers(1, 4))):
        stage_name = draw(NAME)
        points = []
        for t in range(draw(st.integers(0, 3))):
            point_name = draw(NAME)
            points.append(
                {"name": point_name, "id": f"t{s}-{t}", "performance": draw(st.integers(1, 5))}
            )
            names.append(point_name)
        stages.append(
            {
                "name": stage_name,
                "id": f"s{s}",
                "touchpoints": points,
                "emotion": draw(st.none() | st.integers(1, 5)),
            }
        )
        names.append(stage_name)
    data = {"jmap": 1, "title": draw(NAME), "persona": {"name": draw(NAME)}, "stages": stages}
    return json.dumps(data, ensure_ascii=False), names  # JSON is YAML


class Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


@FUZZ
@given(valid_maps())
def test_valid_maps_render_every_stage_and_touchpoint(
    tmp_path_factory: pytest.TempPathFactory, case: tuple[str, list[str]]
) -> None:
    text, names = case
    folder = tmp_path_factory.mktemp("valid")
    (folder / "jmap.toml").write_text("")
    (folder / "m.jmap.yaml").write_text(text, encoding="utf-8")
    runner = CliRunner()
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        checked = runner.invoke(app, ["validate", "m.jmap.yaml"], catch_exceptions=False)
        assert checked.exit_code == 0, checked.stdout
        html = runner.invoke(app, ["render", "m.jmap.yaml", "-o", "-"], catch_exceptions=False)
    finally:
        os.chdir(cwd)
    assert html.exit_code == 0
    parser = Text()
    parser.feed(html.stdout)
    parser.close()
    page = "".join(parser.parts)
    for name in names:
        assert name in page, name


CELLS = st.sampled_from(
    [
        "stage",
        "touchpoint",
        "performance",
        "S",
        "T",
        "3",
        "nine",
        "yes",
        "maybe",
        "",
        '"',
        ",",
        "\n",
        "a;b\\;c",
        "😀",
        "\x00",
        "-1",
        "99",
        "stage_id",
        "id",
        "x" * 300,
    ]
)


@FUZZ
@given(st.lists(st.lists(CELLS, min_size=1, max_size=6), min_size=0, max_size=8))
def test_random_sheets_never_crash_import(
    tmp_path_factory: pytest.TempPathFactory, rows: list[list[str]]
) -> None:
    folder = tmp_path_factory.mktemp("sheet")
    text = "\n".join(",".join(row) for row in rows)
    (folder / "s.csv").write_text(text, encoding="utf-8", errors="surrogatepass")
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        result = CliRunner().invoke(
            app, ["import", "s.csv", "-o", "m.jmap.yaml"], catch_exceptions=False
        )
        assert result.exit_code in (0, 1, 2)
        if result.exit_code == 0:  # whatever import writes must validate
            check = CliRunner().invoke(app, ["validate", "m.jmap.yaml"], catch_exceptions=False)
            assert check.exit_code == 0, check.stdout
    finally:
        os.chdir(cwd)


@FUZZ
@given(mutated(), mutated())
def test_diff_of_mutated_maps_never_crashes(
    tmp_path_factory: pytest.TempPathFactory, old: bytes, new: bytes
) -> None:
    folder = tmp_path_factory.mktemp("diff")
    (folder / "a.jmap.yaml").write_bytes(old)
    (folder / "b.jmap.yaml").write_bytes(new)
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        for fmt in ("text", "md", "json"):
            result = CliRunner().invoke(
                app,
                ["diff", "a.jmap.yaml", "b.jmap.yaml", "-f", fmt, "--fail-on-regression"],
                catch_exceptions=False,
            )
            assert result.exit_code in (0, 1, 2)
    finally:
        os.chdir(cwd)


# --- workbooks --------------------------------------------------------------------------------

# workbook case → (exit code of a new import, words of its message)
WORKBOOKS = {
    "case-twins": (1, "sheet 'map' is a second Map sheet, beside 'MAP'"),
    "compression-99": (1, "not a readable workbook: That compression method is not supported"),
    "encrypted": (1, "not a readable workbook: File '[Content_Types].xml' is encrypted"),
    "dimension-xfd1048576": (0, "wrote new.jmap.yaml (1 touchpoint in 1 stage)"),
    "entity-bomb": (1, "not a readable workbook: limit on input amplification factor"),
    "external-entity": (1, "not a readable workbook: undefined entity &h;"),
    "formula-bool-error": (1, "Touchpoints!C2: a formula: jmap reads values"),
    "hidden-touchpoints": (1, "sheet 'Touchpoints ' is a Touchpoints sheet, hidden"),
    "last-cell-xfd1048576": (0, "wrote new.jmap.yaml (1 touchpoint in 1 stage)"),
    "lying-size": (1, "not a readable workbook: Bad CRC-32"),
    "no-sheets": (1, "no Touchpoints, Stages, Opportunities or Map sheet"),
    "row-100000000": (2, "row 100,000,000 is beyond Excel's last row (1,048,576)"),
    "row-numbers": (1, "not a readable workbook: 1e400 is not a valid row number"),
    "rows-out-of-order": (2, "Touchpoints: row 2 comes again in its XML"),
    "shared-string-20mb": (2, "xl/sharedStrings.xml inflates 1,006 times"),
    "shared-string-index": (1, "not a readable workbook: list index out of range"),
    "truncated": (1, "not a readable workbook: File is not a zip file"),
    "wide-row": (2, "Touchpoints: a row of more than 16,384 cells"),
}


def test_every_workbook_case_has_its_outcome() -> None:
    names = {p.name[len("workbook-") : -len(".xlsx")] for p in CORPUS.glob("workbook-*.xlsx")}
    assert names == set(WORKBOOKS)


def import_workbook(folder: Path, data: bytes) -> tuple[int, str]:
    """`jmap import` of the workbook as a new map and merged into a map (a dry run), within
    the hang bound: the new import's exit code and everything it printed."""
    (folder / "jmap.toml").write_text("")
    (folder / "m.jmap.yaml").write_text(CLEAN)
    (folder / "w.xlsx").write_bytes(data)
    runner = CliRunner()
    cwd = os.getcwd()
    os.chdir(folder)
    previous = signal.signal(signal.SIGALRM, _hang)
    try:
        signal.alarm(HANG_SECONDS)
        new = runner.invoke(
            app, ["import", "w.xlsx", "-o", "new.jmap.yaml"], catch_exceptions=False
        )
        merged = runner.invoke(
            app, ["import", "w.xlsx", "-o", "m.jmap.yaml", "--merge", "--dry-run"],
            catch_exceptions=False,
        )  # fmt: skip
        signal.alarm(0)
        for result in (new, merged):
            assert result.exit_code in (0, 1, 2)
            assert "Traceback" not in result.stdout + result.stderr
        if new.exit_code == 0:  # whatever import writes must validate
            check = runner.invoke(app, ["validate", "new.jmap.yaml"], catch_exceptions=False)
            assert check.exit_code == 0, check.stdout
        else:
            assert not Path("new.jmap.yaml").exists()
        assert Path("m.jmap.yaml").read_text() == CLEAN  # a dry run writes nothing
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
        os.chdir(cwd)
    return new.exit_code, new.stdout + new.stderr


@pytest.mark.parametrize("case", sorted(WORKBOOKS))
def test_workbook_corpus(tmp_path: Path, case: str) -> None:
    code, output = import_workbook(tmp_path, (CORPUS / f"workbook-{case}.xlsx").read_bytes())
    assert (code, WORKBOOKS[case][1] in output) == (WORKBOOKS[case][0], True), output


@st.composite
def hand_made_workbooks(draw: st.DrawFn) -> bytes:
    """A workbook of hand-made XML: sheets of known names (any case, spaces, states), rows
    at drawn numbers, cells of every type, shared strings that may not exist."""
    from workbooks import MAIN, Book, Sheet, zip_bytes

    cell = st.sampled_from([
        '<c t="inlineStr"><is><t>Applying</t></is></c>', '<c t="inlineStr"><is><t>x</t></is></c>',
        '<c t="s"><v>0</v></c>', '<c t="s"><v>7</v></c>', '<c t="b"><v>1</v></c>',
        "<c><v>3</v></c>", "<c><v>1e308</v></c>", "<c><f>1+1</f></c>", '<c t="e"><v>#N/A</v></c>',
        '<c r="XFD1"/>', '<c r="A1"/>', "<c/>", '<c t="d"><v>2026-03-01</v></c>',
        '<c r="B2" t="inlineStr"><is><t>stage</t></is></c>',
    ])  # fmt: skip
    header = '<row r="1"><c t="inlineStr"><is><t>stage</t></is></c><c t="inlineStr"><is><t>' \
        "touchpoint</t></is></c></row>"  # fmt: skip
    sheets = []
    for _ in range(draw(st.integers(0, 3))):
        numbers = draw(st.lists(st.integers(1, 1_100_000), max_size=5).map(sorted))
        numbers = draw(st.sampled_from([numbers, numbers[::-1]]))
        rows = "".join(
            f'<row r="{n}">' + "".join(draw(st.lists(cell, max_size=4))) + "</row>" for n in numbers
        )
        name = draw(st.sampled_from(["Touchpoints", "touchpoints ", "Stages", "MAP", "Notes"]))
        state = draw(st.sampled_from(["visible", "hidden", "veryHidden"]))
        dimension = draw(st.sampled_from(["", "A1:XFD1048576", "A1:B2", "nonsense"]))
        sheets.append(Sheet(name, header + rows, state=state, dimension=dimension))
    strings = draw(st.sampled_from([None, f'<sst xmlns="{MAIN}"><si><t>s</t></si></sst>']))
    return zip_bytes(Book(sheets, strings=strings.encode() if strings else None).parts())


@FUZZ
@given(hand_made_workbooks())
def test_random_workbooks_never_crash_import(
    tmp_path_factory: pytest.TempPathFactory, data: bytes
) -> None:
    import_workbook(tmp_path_factory.mktemp("book"), data)


# --- user templates: a template's error is the run's, and leaves nothing written ----------


@pytest.mark.parametrize("case", sorted(p.name for p in CORPUS.glob("template-*.j2")))
def test_template_corpus(tmp_path: Path, case: str) -> None:
    """Each template of the corpus as a map's page and as a folder's index: exit 0, or
    exit 2 with `template error: tpl/...` and nothing written; never a map's JM9xx."""
    (tmp_path / "jmap.toml").write_text("")
    for name in ("a", "b"):
        (tmp_path / f"{name}.jmap.yaml").write_text(
            CLEAN.replace("title: ", f"id: {name}\ntitle: ")
        )
    runner = CliRunner()
    cwd = os.getcwd()
    os.chdir(tmp_path)
    previous = signal.signal(signal.SIGALRM, _hang)
    try:
        for role, args in (
            ("map.html.j2", ["a.jmap.yaml", "-o", "out.html"]),
            ("index.html.j2", [".", "-o", "site"]),
        ):
            shutil.rmtree("tpl", ignore_errors=True)
            Path("tpl").mkdir()
            Path("tpl", role).write_bytes((CORPUS / case).read_bytes())
            signal.alarm(HANG_SECONDS)
            result = runner.invoke(
                app, ["render", *args, "--template", "tpl"], catch_exceptions=False
            )
            signal.alarm(0)
            assert result.exit_code in (0, 2), (role, result.stderr)
            assert "Traceback" not in result.stdout + result.stderr and "JM9" not in result.stderr
            if result.exit_code == 2:
                assert result.stderr.startswith("jmap: error: template error: "), result.stderr
                assert not Path("out.html").exists() and not Path("site").exists()
            assert not Path("MARKER").exists()
            shutil.rmtree("site", ignore_errors=True)
            Path("out.html").unlink(missing_ok=True)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
        os.chdir(cwd)

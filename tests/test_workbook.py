"""`jmap export --format xlsx` / `jmap import BOOK.xlsx`: a workbook built for a workshop,
edited the way a participant would (with openpyxl, and saved by LibreOffice), read back."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from helpers import CLEAN, run_jmap
from journeymap_cli.io.loader import Loader
from journeymap_cli.sheets.columns import MAP_MEANING, MEANING, STAGE_COLUMNS, TOUCHPOINT_COLUMNS


@pytest.fixture
def book(workdir: Path) -> Path:
    (workdir / "m.jmap.yaml").write_text(CLEAN)
    result = run_jmap("export", "m.jmap.yaml", "-o", "m.xlsx")
    assert result.exit_code == 0, result.stderr
    return workdir / "m.xlsx"


def column(name: str) -> int:
    return TOUCHPOINT_COLUMNS.index(name) + 1


def test_the_workbook_is_built_for_people(book: Path) -> None:
    wb = load_workbook(book)
    assert wb.sheetnames == ["Touchpoints", "Stages", "Map"]
    points, stages, map_sheet = wb["Touchpoints"], wb["Stages"], wb["Map"]
    assert [c.value for c in points[1]] == list(TOUCHPOINT_COLUMNS)
    assert [c.value for c in stages[1]] == list(STAGE_COLUMNS)
    for sheet, meaning in ((points, MEANING), (stages, MEANING), (map_sheet, MAP_MEANING)):
        assert sheet.freeze_panes == "A2"
        for cell in sheet[1]:
            assert cell.font.bold and cell.comment is not None
            assert cell.comment.text == meaning[cell.value]
    assert points.cell(2, column("touchpoint")).value == "Fills in the online form"
    assert points.cell(2, column("touchpoint")).alignment.wrap_text
    width = points.column_dimensions["C"].width
    assert width >= len("Fills in the online form")
    assert stages.cell(2, STAGE_COLUMNS.index("thoughts") + 1).value == "Hope the photo is accepted"
    rules = {str(r.sqref).split(":")[0]: r for r in points.data_validations.dataValidation}
    performance = rules[f"{chr(64 + column('performance'))}2"]
    assert (performance.type, performance.operator) == ("whole", "between")
    assert (performance.formula1, performance.formula2) == ("1", "5")
    assert performance.prompt == "A whole number from 1 to 5." and performance.showInputMessage
    assert rules[f"{chr(64 + column('moment_of_truth'))}2"].formula1 == '"yes,no"'
    layer = rules[f"{chr(64 + column('layer'))}2"]
    assert (layer.type, layer.formula1) == ("list", '"frontstage,backstage,support"')
    assert layer.allow_blank and layer.showErrorMessage  # blank: frontstage
    assert points.cell(2, column("layer")).value == "frontstage"
    channel = rules[f"{chr(64 + column('channel'))}2"].formula1
    owner = rules[f"{chr(64 + column('owner'))}2"].formula1
    names = {
        ref: [c[0].value for c in map_sheet[ref.split("!")[1].replace("$", "")]]
        for ref in (channel, owner)
    }
    assert names == {channel: ["Website", "Counter"], owner: ["Digital", "Front office"]}
    fields = {row[0].value: row[1].value for row in map_sheet.iter_rows(min_row=2)}
    assert (fields["format"], fields["scale"], fields["title"]) == (
        "1",
        "1-5",
        "Renewing a passport",
    )


def test_a_participant_s_edits_are_exactly_what_the_merge_reports(book: Path) -> None:
    wb = load_workbook(book)
    points, stages = wb["Touchpoints"], wb["Stages"]
    rule = next(
        r for r in points.data_validations.dataValidation
        if str(r.sqref).startswith(f"{chr(64 + column('performance'))}2")
    )  # fmt: skip
    new_rating = int(rule.formula2)  # picked within the drop-down's range: 5
    points.cell(2, column("performance")).value = new_rating
    points.cell(3, column("target")).value = None  # a cell blanked
    pain = 'Waited 40 min, "no one" said why; again 😡'
    points.append(
        {
            1: "Collecting",
            3: "Books an appointment",
            column("channel"): "Website",
            column("owner"): "Front office",
            column("pain_points"): pain,
        }
    )  # fmt: skip  (stage_id left blank, as a participant would)
    thoughts = stages.cell(2, STAGE_COLUMNS.index("thoughts") + 1)
    thoughts.value = f"{thoughts.value}\nWorried about the fee"
    wb.save(book)

    result = run_jmap("import", "m.xlsx", "-o", "m.jmap.yaml", "--merge")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert result.stdout.splitlines() == [
        "Stages",
        "  ~ “Applying”: thoughts: + “Worried about the fee”",
        "Touchpoints",
        "  ~ “Fills in the online form” (Applying): performance 3 → 5 ▲",
        "  ~ “Collects at the counter” (Collecting): target 4 → (removed)",
        "  + added “Books an appointment” (Collecting)",
    ]
    assert run_jmap("validate", "m.jmap.yaml").exit_code == 0
    loaded = Loader().load_map(book.parent / "m.jmap.yaml")
    assert loaded.jmap is not None
    assert [s.name for s in loaded.jmap.stages] == ["Applying", "Collecting"]  # no duplicate
    added = loaded.jmap.stages[1].touchpoints[1]
    assert (added.name, added.channel, added.owner, added.pain_points) == (
        "Books an appointment",
        "Website",
        "Front office",
        [pain],
    )


def test_the_map_sheet_edits_scale_and_vocabularies(book: Path) -> None:
    wb = load_workbook(book)
    map_sheet, points = wb["Map"], wb["Touchpoints"]
    for row in map_sheet.iter_rows(min_row=2):
        if row[0].value == "scale":
            row[1].value = "1-7"
    map_sheet.append(["channel", "Email"])
    points.cell(2, column("performance")).value = 7
    points.cell(3, column("channel")).value = "Email"
    wb.save(book)
    result = run_jmap("import", "m.xlsx", "-o", "m.jmap.yaml", "--merge")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert result.stdout.splitlines() == [
        "Touchpoints",
        "  ~ “Fills in the online form” (Applying): performance 3 → 7 ▲",
        "  ~ “Collects at the counter” (Collecting): channel Counter → Email",
        "Also",
        "  ~ scale 1-5 → 1-7",
        "  ~ channels: + 'Email'",
    ]
    text = (book.parent / "m.jmap.yaml").read_text()
    assert "scale: {min: 1, max: 7}" in text and "channels: [Website, Counter, Email]" in text


def test_formula_looking_text_is_written_as_text_and_read_back(workdir: Path) -> None:
    formula = '=HYPERLINK("https://evil.example","Click")'
    (workdir / "m.jmap.yaml").write_text(
        CLEAN.replace("name: Collects at the counter", f"name: '{formula}'")
        .replace("feelings: [relieved]", "feelings: ['@SUM(A1)', '-1']")
    )  # fmt: skip
    assert run_jmap("export", "m.jmap.yaml", "-o", "m.xlsx").exit_code == 0
    wb = load_workbook(workdir / "m.xlsx")
    cell = wb["Touchpoints"].cell(3, column("touchpoint"))
    assert (cell.value, cell.data_type) == (formula, "s")
    result = run_jmap("import", "m.xlsx", "-o", "m.jmap.yaml", "--merge")
    assert result.exit_code == 0 and "unchanged" in result.stderr, result.stdout


def test_a_formula_typed_in_the_workbook_is_reported_at_its_cell(book: Path) -> None:
    wb = load_workbook(book)
    wb["Touchpoints"].cell(2, column("performance")).value = "=2+2"
    wb.create_sheet("Notes")
    wb.save(book)
    result = run_jmap("import", "m.xlsx", "-o", "m.jmap.yaml", "--merge")
    assert result.exit_code == 1
    assert result.stdout == (
        "m.xlsx:2:10: Touchpoints!J2: a formula: jmap reads values; type the value itself\n"
    )
    assert "sheet 'Notes' ignored" in result.stderr


def test_a_new_map_from_a_workbook_takes_its_title_persona_and_scale(book: Path) -> None:
    result = run_jmap("import", "m.xlsx", "-o", "n.jmap.yaml")
    assert result.exit_code == 0, result.stdout + result.stderr
    text = (book.parent / "n.jmap.yaml").read_text()
    assert "title: Renewing a passport" in text and "name: Amira" in text
    result = run_jmap("import", "m.xlsx", "-o", "t.jmap.yaml", "--title", "Workshop 2")
    assert "title: Workshop 2" in (book.parent / "t.jmap.yaml").read_text()


def test_not_a_workbook_is_a_located_problem(workdir: Path) -> None:
    (workdir / "bad.xlsx").write_bytes(b"not a zip")
    result = run_jmap("import", "bad.xlsx", "-o", "m.jmap.yaml")
    assert result.exit_code == 1 and result.stdout.startswith("bad.xlsx:1:1: not a readable")


def test_a_workbook_saved_by_libreoffice_still_imports(book: Path, tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed, e.g. Debian's libreoffice-calc")
    out = tmp_path / "saved"
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
         "--convert-to", "xlsx", "--outdir", str(out), str(book)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    saved = out / "m.xlsx"
    assert saved.is_file()
    result = run_jmap("import", str(saved), "-o", "m.jmap.yaml", "--merge")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "unchanged" in result.stderr and result.stdout == ""
    assert (book.parent / "m.jmap.yaml").read_text() == CLEAN


def test_a_control_character_in_the_map_sheet_is_refused(book: Path) -> None:
    wb = load_workbook(book)
    for row in wb["Map"].iter_rows(min_row=2):
        if row[0].value == "title":
            row[1].value = "Renewing\x9b2J a passport"  # a C1 control (CSI): legal in XML
    wb.save(book)
    result = run_jmap("import", "m.xlsx", "-o", "m.jmap.yaml", "--merge")
    assert result.exit_code == 1
    assert result.stdout == ("m.xlsx:3:2: Map!B3: title: control character U+009B is not allowed\n")


def test_format_1_1_opportunities_and_metric_mappings_travel(workdir: Path) -> None:
    """Opportunity mappings get their own sheet, metric mappings a YAML flow mapping in the
    metrics cell; both merge back unchanged, and edits to them are in the summary."""
    from test_format11 import FULL, png

    (workdir / "sarah.png").write_bytes(png())
    (workdir / "m.jmap.yaml").write_text(FULL)
    assert run_jmap("validate", "m.jmap.yaml").exit_code == 0
    assert run_jmap("export", "m.jmap.yaml", "-o", "m.xlsx").exit_code == 0
    wb = load_workbook(workdir / "m.xlsx")
    assert wb.sheetnames == ["Touchpoints", "Stages", "Opportunities", "Map"]
    opportunities = wb["Opportunities"]
    assert [c.value for c in opportunities[2]][:4] == [
        "Discovery", "discovery", "Call back within an hour", "call-back"
    ]  # fmt: skip
    stages = wb["Stages"]
    assert stages.cell(2, STAGE_COLUMNS.index("opportunities") + 1).value == (
        "Keep the website fast"
    )
    metrics = stages.cell(2, STAGE_COLUMNS.index("metrics") + 1).value
    assert metrics.splitlines() == [
        "conversion: 0.35",
        "median_days: 6 days",
        'nps: {value: 31, label: "NPS", target: 40, better: "higher", source: "Survey",'
        ' date: "2026-03-14"}',
    ]
    result = run_jmap("import", "m.xlsx", "-o", "m.jmap.yaml", "--merge")
    assert result.exit_code == 0 and "unchanged" in result.stderr, result.stdout
    assert (workdir / "m.jmap.yaml").read_text() == FULL

    status = [c.value for c in opportunities[1]].index("status") + 1
    opportunities.cell(2, status).value = "done"
    opportunities.append(["Purchase", "", "Send the contract by email", "", "signs-the-contract"])
    stages.cell(2, STAGE_COLUMNS.index("metrics") + 1).value = metrics.replace("40", "45")
    wb.save(workdir / "m.xlsx")
    result = run_jmap("import", "m.xlsx", "-o", "m.jmap.yaml", "--merge")
    assert result.exit_code == 0, result.stdout + result.stderr
    # opportunities and metrics in `jmap diff`'s own sections (diff 1.1)
    assert result.stdout.splitlines() == [
        "Opportunities",
        "  ~ “Call back within an hour” (Discovery): status in-progress → done",
        "  + added “Send the contract by email” (Purchase, idea)",
        "Metrics",
        "  ~ NPS (Discovery): target 40 → 45 ▲",
    ]
    assert run_jmap("validate", "m.jmap.yaml").exit_code == 0
    text = (workdir / "m.jmap.yaml").read_text()
    assert "        status: done\n" in text and "- Keep the website fast\n" in text
    assert "nps: {value: 31, label: NPS, target: 45, better: higher" in text  # fmt's style


def test_an_unknown_address_is_reported_at_its_cell(workdir: Path) -> None:
    """A participant's typo in an opportunity's `addresses` points at that cell (column E),
    not at column A of the row."""
    from test_format11 import FULL, png

    (workdir / "sarah.png").write_bytes(png())
    (workdir / "m.jmap.yaml").write_text(FULL)
    assert run_jmap("export", "m.jmap.yaml", "-o", "m.xlsx").exit_code == 0
    wb = load_workbook(workdir / "m.xlsx")
    opportunities = wb["Opportunities"]
    addresses = [c.value for c in opportunities[1]].index("addresses") + 1
    assert addresses == 5
    opportunities.cell(2, addresses).value = "calls-the-dealr"
    wb.save(workdir / "m.xlsx")
    result = run_jmap("import", "m.xlsx", "-o", "m.jmap.yaml", "--merge")
    assert result.exit_code == 1
    assert result.stdout.startswith("m.xlsx:2:5: Opportunities!E2: opportunity "), result.stdout
    assert "'calls-the-dealr', which is not a touchpoint id" in result.stdout
    assert (workdir / "m.jmap.yaml").read_text() == FULL


def test_a_workbook_imported_into_another_folder_is_checked_where_it_lands(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The Map sheet keeps the persona path relative to the exported map; imported into a
    # folder where that path leads nowhere, the map would fail `jmap validate` (JM009).
    project = tmp_path / "project"
    shutil.copytree(Path(__file__).parent.parent / "examples", project / "examples")
    (project / "jmap.toml").write_text("")
    monkeypatch.chdir(project)
    assert run_jmap("export", "examples/car-purchase.jmap.yaml", "-o", "car.xlsx").exit_code == 0
    (project / "sub").mkdir()
    result = run_jmap("import", "car.xlsx", "-o", "sub/new.jmap.yaml")
    assert result.exit_code == 1
    assert "JM009" in result.stdout and "personas/sarah.persona.yaml" in result.stdout
    assert "sub/new.jmap.yaml not written" in result.stderr
    assert not (project / "sub" / "new.jmap.yaml").exists()
    # beside the original map the same workbook imports cleanly
    assert run_jmap("import", "car.xlsx", "-o", "examples/again.jmap.yaml").exit_code == 0
    assert run_jmap("validate", "examples/again.jmap.yaml").exit_code == 0

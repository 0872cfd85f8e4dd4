"""The sheets of format 1.2: the Touchpoints sheet (and CSV) carries `layer` (a drop-down
in the workbook), `actor` and `supports`; the Stages sheet `physical_evidence` and
`detail`. Through the installed `jmap` as a user runs it: lossless round trips, a
workshop's edits merged with the comments kept, bad cells located, and sheets made before
1.2 (a `backstage` column) still read.

tests/data/blueprint12/car.jmap.yaml uses every 1.2 field of the blueprint and drill-down,
in every form (`backstage: true` as 1.1 wrote it, `layer` and `backstage` together, block
and flow `supports`, a `./` detail path, a detail shared by two stages)."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from helpers import EXAMPLES, ROOT, run_installed, run_jmap
from journeymap_cli.format.model import JourneyMap
from journeymap_cli.io.loader import Loader
from journeymap_cli.sheets.columns import MEANING, STAGE_COLUMNS, TOUCHPOINT_COLUMNS

DATA = ROOT / "tests" / "data" / "blueprint12"
CAR = (DATA / "car.jmap.yaml").read_text(encoding="utf-8")


@pytest.fixture
def car(workdir: Path) -> Path:
    shutil.copytree(DATA / "details", workdir / "details")
    path = workdir / "car.jmap.yaml"
    path.write_text(CAR, encoding="utf-8")
    assert run_jmap("validate", "car.jmap.yaml").exit_code == 0
    return path


def loaded(path: Path) -> JourneyMap:
    jmap = Loader().load_map(path).jmap
    assert jmap is not None
    return jmap


def blueprint(jmap: JourneyMap) -> list[Any]:
    """What the sheets carry of the 1.2 additions, per stage and touchpoint."""
    return [
        (
            s.name,
            s.physical_evidence,
            s.detail,
            [(p.id, p.layer, p.actor, p.supports) for p in s.touchpoints],
        )
        for s in jmap.stages
    ]


@pytest.mark.parametrize("suffix", ["xlsx", "csv"])
def test_an_unchanged_sheet_changes_nothing(car: Path, suffix: str) -> None:
    exported = run_installed(car.parent, "export", "car.jmap.yaml", "-o", f"car.{suffix}")
    assert exported.returncode == 0, exported.stderr
    merged = run_installed(car.parent, "import", f"car.{suffix}", "-o", "car.jmap.yaml", "--merge")
    assert merged.returncode == 0, merged.stdout
    assert merged.stdout == "" and "unchanged" in merged.stderr
    assert car.read_text(encoding="utf-8") == CAR


def test_every_example_round_trips_through_the_installed_jmap(workdir: Path) -> None:
    shutil.copytree(EXAMPLES, workdir / "maps")
    for example in sorted((workdir / "maps").glob("*.jmap.yaml")):
        before = example.read_text(encoding="utf-8")
        for suffix in ("xlsx", "csv"):
            sheet = f"maps/{example.stem}.{suffix}"
            assert run_installed(workdir, "export", str(example), "-o", sheet).returncode == 0
            merged = run_installed(workdir, "import", sheet, "-o", str(example), "--merge")
            assert merged.returncode == 0, (example.name, merged.stdout)
            assert merged.stdout == "", (example.name, suffix, merged.stdout)
            assert example.read_text(encoding="utf-8") == before


def test_a_new_map_from_the_workbook_has_every_1_2_field(car: Path) -> None:
    assert run_installed(car.parent, "export", "car.jmap.yaml", "-o", "car.xlsx").returncode == 0
    created = run_installed(car.parent, "import", "car.xlsx", "-o", "new.jmap.yaml")
    assert created.returncode == 0, created.stdout
    made, original = loaded(car.parent / "new.jmap.yaml"), loaded(car)
    assert blueprint(made) == blueprint(original)
    # `backstage: true` as 1.1 wrote it: a new map says the layer the 1.2 way
    text = (car.parent / "new.jmap.yaml").read_text(encoding="utf-8")
    assert "backstage: true" not in text and "layer: backstage" in text


def test_a_new_map_from_the_csv_has_the_blueprint(car: Path) -> None:
    assert run_installed(car.parent, "export", "car.jmap.yaml", "-o", "car.csv").returncode == 0
    created = run_installed(car.parent, "import", "car.csv", "-o", "new.jmap.yaml")
    assert created.returncode == 0, created.stdout
    made, original = loaded(car.parent / "new.jmap.yaml"), loaded(car)
    points = [[(p.id, p.layer, p.actor, p.supports) for p in s.touchpoints] for s in made.stages]
    assert points == [
        [(p.id, p.layer, p.actor, p.supports) for p in s.touchpoints] for s in original.stages
    ]


def test_the_columns_and_the_layer_drop_down(car: Path) -> None:
    assert run_installed(car.parent, "export", "car.jmap.yaml", "-o", "car.xlsx").returncode == 0
    book = load_workbook(car.parent / "car.xlsx")
    points, stages = book["Touchpoints"], book["Stages"]
    header = [c.value for c in points[1]]
    assert header == list(TOUCHPOINT_COLUMNS) and "backstage" not in header
    assert points.cell(1, header.index("layer") + 1).comment.text == MEANING["layer"]
    rows = {r[3].value: r for r in points.iter_rows(min_row=2)}
    cell = {name: header.index(name) for name in ("layer", "actor", "supports")}
    assert [rows["stock-check"][cell[n]].value for n in cell] == [
        "backstage",  # written `backstage: true`
        "Sales advisor",
        "test-drive",
    ]
    assert rows["stock-system"][cell["supports"]].value == "stock-check\ntest-drive"
    assert rows["stock-system"][cell["actor"]].data_type == "s"  # "=Stock…" is no formula
    rule = next(r for r in points.data_validations.dataValidation if str(r.sqref).startswith("H2:"))
    assert header[7] == "layer"
    assert (rule.type, rule.formula1) == ("list", '"frontstage,backstage,support"')
    assert rule.error == "layer is frontstage, backstage or support."
    first = [c.value for c in stages[2]]
    assert first[STAGE_COLUMNS.index("physical_evidence")] == "The brochure\n=the price list\n007"
    assert first[STAGE_COLUMNS.index("detail")] == "./details/discovery.jmap.yaml"


EDITED = (
    CAR.replace("    detail: ./details/discovery.jmap.yaml\n", "")
    .replace('      - "007"\n', '      - "007"\n      - The showroom\n')
    .replace("        actor: Sales advisor\n        backstage: true\n", "        actor: Sales"
             " advisor\n        layer: support\n")
    .replace(
        "        supports:\n          - stock-check  # the advisor reads it\n"
        "          - test-drive\n",
        "        supports: [test-drive]\n",
    )
    .replace(
        "        layer: backstage\n        backstage: true\n        supports: [contract]\n", ""
    )
    .replace("[finance-approval, contract]", "[finance-approval, contract, test-drive]")
    .replace("        actor: Workshop technician\n", "")
    .replace("        supports: [collects]\n", "")
    .replace(
        "    detail: details/purchase.jmap.yaml\n    touchpoints:\n      - name: Collects",
        "    detail: details/discovery.jmap.yaml\n    touchpoints:\n      - name: Collects",
    )
    .replace("        performance: 4\n", "        layer: backstage\n        performance: 4\n")
)  # fmt: skip
SUMMARY = [
    "Stages",
    "  ~ “Discovery”: detail removed (was “./details/discovery.jmap.yaml”);"
    " physical evidence: + “The showroom”",
    "  ~ “Delivery”: detail “details/purchase.jmap.yaml” → “details/discovery.jmap.yaml”",
    "Touchpoints",
    "  ~ “Checks the stock” (Discovery): layer backstage → support",
    "  ~ “Dealer stock system” (Discovery): supports: − “Checks the stock”",
    "  ~ “Finance approval” (Purchase): layer backstage → frontstage;"
    " supports: − “Signs the contract”",
    "  ~ “Credit bureau” (Purchase): supports: + “Books a test drive”",
    "  ~ “Prepares the car” (Purchase): actor Workshop technician → (removed);"
    " supports: − “Collects the car”",
    "  ~ “Collects the car” (Delivery): layer frontstage → backstage",
]


def test_a_workshop_s_blueprint_edits_are_merged_and_summarised(car: Path) -> None:
    """Layers moved (a `backstage: true` one to support: `layer` written and the flag gone;
    one to frontstage: both gone), links added and removed, an actor cleared, evidence
    added (the comment on its first item kept), a detail removed and one changed."""
    assert run_installed(car.parent, "export", "car.jmap.yaml", "-o", "car.xlsx").returncode == 0
    book = load_workbook(car.parent / "car.xlsx")
    points = book["Touchpoints"]
    row = {points.cell(r, 4).value: r for r in range(2, points.max_row + 1)}

    def cell(point: str, name: str, value: str | None) -> None:
        points.cell(row[point], TOUCHPOINT_COLUMNS.index(name) + 1).value = value

    cell("stock-check", "layer", "support")
    cell("stock-system", "supports", "test-drive")
    cell("finance-approval", "layer", None)  # blank: frontstage
    cell("finance-approval", "supports", None)
    cell("credit-bureau", "supports", "finance-approval\ncontract\ntest-drive")
    cell("car-prep", "actor", None)
    cell("car-prep", "supports", None)
    cell("collects", "layer", "Backstage")  # any case
    stages = book["Stages"]
    evidence, detail = (STAGE_COLUMNS.index(n) + 1 for n in ("physical_evidence", "detail"))
    stages.cell(2, evidence).value = "The brochure\n=the price list\n007\nThe showroom"
    stages.cell(2, detail).value = None
    stages.cell(4, detail).value = "details/discovery.jmap.yaml"
    book.save(car.parent / "car.xlsx")
    merged = run_installed(car.parent, "import", "car.xlsx", "-o", "car.jmap.yaml", "--merge")
    assert merged.returncode == 0, merged.stdout
    assert merged.stdout.splitlines() == SUMMARY
    assert car.read_text(encoding="utf-8") == EDITED
    assert run_installed(car.parent, "validate", "car.jmap.yaml").returncode == 0


def csv_rows(folder: Path) -> list[dict[str, str]]:
    exported = run_installed(folder, "export", "car.jmap.yaml")
    return list(csv.DictReader(io.StringIO(exported.stdout)))


def write_csv(path: Path, rows: list[dict[str, str]], columns: list[str]) -> None:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def test_bad_blueprint_cells_are_located_and_nothing_is_written(car: Path) -> None:
    """A bad layer at its cell; once the cells read, an unknown id in `supports` (with the
    closest), a link to itself and one the wrong way round, each at its cell, in one run
    (the map's own checks run on a map whose cells all read, as for every sheet); exit 1,
    the map untouched."""
    rows = csv_rows(car.parent)
    rows[1]["supports"] = "test-drives"  # row 3: stock-check
    rows[6]["supports"] = "collects\ncredit-bureau"  # row 8: backstage → support
    rows[7]["layer"] = "front stage"  # row 9: collects
    write_csv(car.parent / "bad.csv", rows, list(rows[0]))
    result = run_installed(car.parent, "import", "bad.csv", "-o", "car.jmap.yaml", "--merge")
    assert result.returncode == 1
    assert result.stdout == (
        "bad.csv:9:8: layer 'front stage' is not frontstage, backstage or support; did you"
        " mean 'frontstage'?\n"
    )
    rows[7]["layer"] = "frontstage"
    rows[5]["supports"] = "credit-bureau"  # row 7: itself
    write_csv(car.parent / "bad.csv", rows, list(rows[0]))
    result = run_installed(car.parent, "import", "bad.csv", "-o", "car.jmap.yaml", "--merge")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "bad.csv:3:18: touchpoint 'Checks the stock' supports 'test-drives', which is not a"
        " touchpoint id of this map; did you mean 'test-drive'?",
        "bad.csv:7:18: touchpoint 'Credit bureau' supports itself",
        "bad.csv:8:18: backstage touchpoint 'Prepares the car' cannot support support"
        " touchpoint 'credit-bureau': supports run towards the customer (support → backstage"
        " or frontstage, backstage → frontstage)",
    ]
    assert "3 problems; car.jmap.yaml not written" in result.stderr
    assert car.read_text(encoding="utf-8") == CAR


def test_an_unknown_supports_id_in_a_workbook_is_at_its_cell(car: Path) -> None:
    assert run_installed(car.parent, "export", "car.jmap.yaml", "-o", "car.xlsx").returncode == 0
    book = load_workbook(car.parent / "car.xlsx")
    book["Touchpoints"].cell(
        7, TOUCHPOINT_COLUMNS.index("supports") + 1
    ).value = "Signs the contract"
    book.save(car.parent / "car.xlsx")
    result = run_installed(car.parent, "import", "car.xlsx", "-o", "car.jmap.yaml", "--merge")
    assert result.returncode == 1
    # a name where its id belongs: the slug of the name is tried first
    assert result.stdout == (
        "car.xlsx:7:18: Touchpoints!R7: touchpoint 'Credit bureau' supports 'Signs the"
        " contract', which is not a touchpoint id of this map; did you mean 'contract'?\n"
    )


OLD_COLUMNS = [
    "stage", "stage_id", "touchpoint", "id", "channel", "owner", "backstage",
    "moment_of_truth", "performance", "target", "importance", "would_pay", "pain_points",
    "evidence", "notes", "metrics",
]  # fmt: skip


def old_sheet(folder: Path, edit: dict[str, str] | None = None) -> None:
    """The map's CSV as jmap wrote it before format 1.2: `backstage`, no layer, actor or
    supports; `edit` sets backstage cells by touchpoint id."""
    rows = csv_rows(folder)
    for row in rows:
        row["backstage"] = (edit or {}).get(row["id"], flag(row["layer"] != "frontstage"))
    write_csv(folder / "old.csv", rows, OLD_COLUMNS)


def flag(value: bool) -> str:
    return "yes" if value else "no"


def test_a_sheet_made_before_1_2_still_merges(car: Path) -> None:
    """Its `backstage` column says only whether the customer sees a touchpoint: yes keeps
    a support one support; no puts a touchpoint frontstage; the links stay."""
    old_sheet(car.parent)
    same = run_installed(car.parent, "import", "old.csv", "-o", "car.jmap.yaml", "--merge")
    assert same.returncode == 0, same.stdout
    assert same.stdout == "" and car.read_text(encoding="utf-8") == CAR
    old_sheet(car.parent, {"car-prep": "no", "collects": "yes"})
    merged = run_installed(car.parent, "import", "old.csv", "-o", "car.jmap.yaml", "--merge")
    assert merged.returncode == 1  # car-prep, frontstage now, cannot support collects
    assert merged.stdout == (
        "old.csv:8:1: frontstage touchpoint 'Prepares the car' cannot support backstage"
        " touchpoint 'collects': supports run towards the customer (support → backstage or"
        " frontstage, backstage → frontstage)\n"
    )
    unlinked = CAR.replace("        supports: [collects]\n", "")
    car.write_text(unlinked, encoding="utf-8")
    old_sheet(car.parent, {"stock-system": "yes", "collects": "yes", "car-prep": "no"})
    merged = run_installed(car.parent, "import", "old.csv", "-o", "car.jmap.yaml", "--merge")
    assert merged.returncode == 0, merged.stdout
    assert merged.stdout == (
        "Touchpoints\n"
        "  ~ “Prepares the car” (Purchase): layer backstage → frontstage\n"
        "  ~ “Collects the car” (Delivery): layer frontstage → backstage\n"
    )
    # a touchpoint without either key, from a sheet without `layer`: as 1.1 wrote it
    assert car.read_text(encoding="utf-8") == unlinked.replace(
        "        actor: Workshop technician\n        layer: backstage\n",
        "        actor: Workshop technician\n",
    ).replace("        performance: 4\n", "        backstage: true\n        performance: 4\n")


def test_a_new_map_from_a_sheet_made_before_1_2_says_backstage_true(car: Path) -> None:
    old_sheet(car.parent)
    created = run_installed(car.parent, "import", "old.csv", "-o", "new.jmap.yaml")
    assert created.returncode == 0, created.stdout
    made = loaded(car.parent / "new.jmap.yaml")
    layers = [(p.id, p.layer, p.backstage) for s in made.stages for p in s.touchpoints]
    assert layers == [
        ("test-drive", "frontstage", False),
        ("stock-check", "backstage", True),
        ("stock-system", "backstage", True),  # a sheet before 1.2 has no support layer
        ("contract", "frontstage", False),
        ("finance-approval", "backstage", True),
        ("credit-bureau", "backstage", True),
        ("car-prep", "backstage", True),
        ("collects", "frontstage", False),
    ]


def test_backstage_and_layer_that_disagree_are_a_problem(car: Path) -> None:
    rows = csv_rows(car.parent)
    for row in rows:
        row["backstage"] = flag(row["layer"] != "frontstage")
    rows[2]["backstage"] = "no"  # row 4: stock-system, layer support
    rows[0]["backstage"] = ""  # row 2: blank says nothing beside a layer
    write_csv(car.parent / "both.csv", rows, [*rows[0]])
    result = run_installed(car.parent, "import", "both.csv", "-o", "car.jmap.yaml", "--merge")
    assert result.returncode == 1
    assert result.stdout == (
        "both.csv:4:8: layer 'support' disagrees with backstage 'no' (yes: out of the"
        " customer's sight, backstage or support): fill in layer alone; backstage is the"
        " column of sheets made before format 1.2\n"
    )


def test_an_id_renamed_in_a_sheet_without_supports_is_at_the_renamed_row(car: Path) -> None:
    """A sheet made before 1.2 has no `supports` cell to fix: the problem is at the row
    whose id changed (as for an opportunity's addresses from a CSV)."""
    old_sheet(car.parent)
    text = (car.parent / "old.csv").read_text(encoding="utf-8")
    (car.parent / "old.csv").write_text(text.replace(",test-drive,", ",test-drive-booking,"))
    result = run_installed(car.parent, "import", "old.csv", "-o", "car.jmap.yaml", "--merge")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"old.csv:2:4: touchpoint {name!r} supports 'test-drive', which is not a touchpoint id"
        " of this map; did you mean 'test-drive-booking'? (this row's touchpoint had the id"
        " 'test-drive')"
        for name in ("Checks the stock", "Dealer stock system")
    ]


def test_a_detail_the_new_map_s_folder_lacks_is_refused(car: Path) -> None:
    """A detail path is relative to the map: imported into another folder, it must name a
    map there, as `jmap validate` would say; nothing is written."""
    assert run_installed(car.parent, "export", "car.jmap.yaml", "-o", "car.xlsx").returncode == 0
    (car.parent / "elsewhere").mkdir()
    result = run_installed(car.parent, "import", "car.xlsx", "-o", "elsewhere/new.jmap.yaml")
    assert result.returncode == 1
    assert "detail" in result.stdout and "details/discovery.jmap.yaml" in result.stdout
    assert "not written" in result.stderr
    assert not (car.parent / "elsewhere" / "new.jmap.yaml").exists()

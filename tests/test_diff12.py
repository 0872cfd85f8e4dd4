"""`jmap diff` over format 1.2: a touchpoint's `layer`, `actor` and `supports` (the
touchpoints it names, by name), a stage's `physical_evidence` and `detail` (set, removed,
another path), in text, Markdown and JSON, through the CLI and the installed `jmap`.

The pair tests/data/diff12/old.jmap.yaml → new.jmap.yaml holds every case. The goldens
hold the words of the changes, not the score figures: those belong to the scorer (which
format 1.2 changes for support touchpoints), and the tests here are about the words."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from helpers import ROOT, run_installed, run_jmap
from journeymap_cli import __version__

FOLDER = ROOT / "tests" / "data" / "diff12"
OLD = "tests/data/diff12/old.jmap.yaml"
NEW = "tests/data/diff12/new.jmap.yaml"

STAGES = [
    "Stages",
    "  ~ “Discovery”: detail set to “discovery.jmap.yaml”;"
    " physical evidence: + “The showroom”, − “The brochure”",
    "  ~ “Purchase”: detail “purchase.jmap.yaml” → “purchase-v2.jmap.yaml”",
    "  ~ “Aftercare”: detail removed (was “aftercare.jmap.yaml”)",
]
TOUCHPOINTS = [
    "Touchpoints",
    "  ~ “Checks the stock” (Discovery): actor Sales advisor → Stock clerk",
    "  ~ “Dealer stock system” (Discovery): supports: + “Books a test drive”",
    "  ~ “Signs the papers” (Purchase): renamed from “Signs the contract”",
    "  ~ “Finance approval” (Purchase): actor Finance officer → –; layer backstage → support",
    # the link to "contract" is named as each version names it
    "  ~ “Credit bureau” (Purchase): supports: + “Signs the papers”, − “Finance approval”",
    "  ~ “Prepares the car” (Purchase): layer backstage → support",
    "  + added “Registers the car” (Delivery)",
]


@pytest.fixture
def at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    for name in ("FORCE_COLOR", "NO_COLOR", "GITHUB_ACTIONS"):
        monkeypatch.delenv(name, raising=False)


def _changes_of(fmt: str, text: str) -> str:
    """The output from the first section of changes on: the figures above it are the
    scorer's."""
    if fmt == "json":
        doc = json.loads(text)
        doc.pop("scores")
        doc["tool"]["version"] = "<version>"
        return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    start = "**Stages**" if fmt == "md" else "\nStages\n"
    return text[text.index(start) :].lstrip("\n")


@pytest.mark.parametrize(("fmt", "suffix"), [("text", "txt"), ("md", "md"), ("json", "json")])
def test_golden(at_root: None, fmt: str, suffix: str, golden: Callable[[str, str], None]) -> None:
    # a change of layer alone is no regression (docs/diff.md): the figures judge its effect
    result = run_jmap("diff", OLD, NEW, "--format", fmt, "--fail-on-regression")
    assert result.exit_code == 0, result.stdout
    golden(f"diff/blueprint12.{suffix}", _changes_of(fmt, result.stdout))


def test_text_names_each_change_in_words(at_root: None) -> None:
    result = run_jmap("diff", OLD, NEW, "--exit-code")
    assert result.exit_code == 1
    lines = [line for line in result.stdout.splitlines() if line]
    start = lines.index("Stages")
    assert lines[start:] == STAGES + TOUCHPOINTS


def test_markdown_has_the_same_lines_escaped(at_root: None) -> None:
    text = run_jmap("diff", OLD, NEW, "-f", "md").stdout
    assert "- \\~ “Aftercare”: detail removed (was “aftercare.jmap.yaml”)\n" in text
    assert "- \\~ “Credit bureau” (Purchase): supports: + “Signs the papers”, − “Finance" in text
    assert "- \\~ “Prepares the car” (Purchase): layer backstage → support\n" in text


def _fields(item: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    return {c["field"]: (c["old"], c["new"]) for c in item["changes"]}


def test_json_has_ids_and_names_of_supports_and_each_field(at_root: None) -> None:
    doc = json.loads(run_jmap("diff", OLD, NEW, "-f", "json").stdout)
    points = {t["id"]: t for t in doc["touchpoints"]}
    # `backstage: true` rewritten `layer: backstage`: the same layer, so only the actor
    assert _fields(points["stock-check"]) == {"actor": ("Sales advisor", "Stock clerk")}
    assert _fields(points["credit-bureau"]) == {
        "supports": (
            [{"id": "finance-approval", "name": "Finance approval"}],
            [{"id": "contract", "name": "Signs the papers"}],
        )
    }
    (link,) = points["credit-bureau"]["changes"]
    assert link["kind"] == "list"  # removed items in old, added ones in new, as for lists
    assert _fields(points["finance-approval"]) == {
        "actor": ("Finance officer", None),
        "layer": ("backstage", "support"),
    }
    assert _fields(points["car-prep"]) == {"layer": ("backstage", "support")}
    assert points["registers"]["kind"] == "added"
    stages = {s["id"]: s for s in doc["stages"]}
    assert _fields(stages["discovery"]) == {
        "detail": (None, "discovery.jmap.yaml"),
        "physical_evidence": (["The brochure"], ["The showroom"]),
    }
    assert _fields(stages["purchase"]) == {
        "detail": ("purchase.jmap.yaml", "purchase-v2.jmap.yaml")
    }
    assert _fields(stages["aftercare"]) == {"detail": ("aftercare.jmap.yaml", None)}
    # ./delivery.jmap.yaml → delivery.jmap.yaml names the same map: no change
    assert "delivery" not in stages
    assert doc["regressions"] == []


def test_the_installed_jmap_says_the_same(tmp_path: Path) -> None:
    """As a user runs it (JMAP_DEBUG=0): the three formats, exit codes as documented."""
    text = run_installed(ROOT, "diff", OLD, NEW, "--exit-code")
    assert text.returncode == 1, text.stderr
    lines = [line for line in text.stdout.splitlines() if line]
    assert lines[lines.index("Stages") :] == STAGES + TOUCHPOINTS
    md = run_installed(ROOT, "diff", OLD, NEW, "-f", "md", "--fail-on-regression")
    assert md.returncode == 0, md.stderr
    assert "- \\~ “Dealer stock system” (Discovery): supports: + “Books a test drive”" in md.stdout
    js = run_installed(ROOT, "diff", OLD, NEW, "-f", "json")
    assert js.returncode == 0
    doc = json.loads(js.stdout)
    assert doc["tool"]["version"] == __version__
    assert {t["id"] for t in doc["touchpoints"]} == {
        "stock-check", "stock-system", "contract", "finance-approval", "credit-bureau",
        "car-prep", "registers",
    }  # fmt: skip


MAP = """\
jmap: 1
title: T
persona: {name: P}
stages:
  - name: S
    touchpoints:
      - name: Good
        channel: Web
        performance: 5
      - name: Poor
        channel: Web
        performance: 1
"""


@pytest.mark.parametrize(
    ("point", "fails"),
    [
        ("Poor", False),  # out of the customer's sight: experience rises
        ("Good", True),  # experience falls: the figure fails, not the layer
    ],
)
def test_a_layer_change_counts_through_the_figures_only(
    workdir: Path, point: str, fails: bool
) -> None:
    # written as 1.1 did, so that the figures move whichever way the scorer reads `layer`
    (workdir / "a.jmap.yaml").write_text(MAP)
    moved = MAP.replace(f"- name: {point}\n", f"- name: {point}\n        backstage: true\n")
    (workdir / "b.jmap.yaml").write_text(moved)
    result = run_installed(workdir, "diff", "a.jmap.yaml", "b.jmap.yaml", "--fail-on-regression")
    assert result.returncode == (1 if fails else 0), result.stdout
    assert f"~ “{point}” (S): layer frontstage → backstage" in result.stdout
    regressions = result.stdout.split("Regressions\n")[1:] or [""]
    assert ("experience dropped" in regressions[0]) is fails
    assert "layer" not in regressions[0]


def test_backstage_flag_and_layer_are_one_field(workdir: Path) -> None:
    """1.1's `backstage: true` → `false` is a change of layer, named as such; rewriting it
    as `layer: backstage` is none; the two maps differ in nothing else."""
    flag = MAP.replace("- name: Poor\n", "- name: Poor\n        backstage: true\n")
    (workdir / "a.jmap.yaml").write_text(flag)
    (workdir / "b.jmap.yaml").write_text(flag.replace("backstage: true", "layer: backstage"))
    (workdir / "c.jmap.yaml").write_text(MAP)
    same = run_installed(workdir, "diff", "a.jmap.yaml", "b.jmap.yaml", "--exit-code")
    assert same.returncode == 0 and "no changes in the journey" in same.stdout
    back = json.loads(
        run_installed(workdir, "diff", "a.jmap.yaml", "c.jmap.yaml", "-f", "json").stdout
    )
    (change,) = back["touchpoints"]
    assert change["changes"] == [
        {"field": "layer", "old": "backstage", "new": "frontstage", "kind": "value"}
    ]


def test_a_reordered_or_repeated_supports_entry_is_no_change(workdir: Path) -> None:
    base = MAP + "      - name: Helper\n        layer: support\n        supports: [good, poor]\n"
    (workdir / "a.jmap.yaml").write_text(base)
    (workdir / "b.jmap.yaml").write_text(base.replace("[good, poor]", "[poor, good, poor]"))
    result = run_installed(workdir, "diff", "a.jmap.yaml", "b.jmap.yaml", "--exit-code")
    assert result.returncode == 0, result.stdout


def test_a_removed_touchpoint_is_named_as_the_older_version_had_it(workdir: Path) -> None:
    base = MAP + "      - name: Helper\n        layer: support\n        supports: [good, poor]\n"
    (workdir / "a.jmap.yaml").write_text(base)
    gone = base.replace("      - name: Poor\n        channel: Web\n        performance: 1\n", "")
    (workdir / "b.jmap.yaml").write_text(gone.replace("[good, poor]", "[good]"))
    result = run_installed(workdir, "diff", "a.jmap.yaml", "b.jmap.yaml")
    assert "  ~ “Helper” (S): supports: − “Poor”\n" in result.stdout
    assert "  − removed “Poor” (S)\n" in result.stdout


def test_a_detail_map_at_a_git_revision(workdir: Path) -> None:
    """--rev reads the detail maps at that revision: one deleted since still counts there."""
    from test_diff_revisions import git

    for name in ("old", "aftercare", "purchase", "delivery"):
        (workdir / f"{name}.jmap.yaml").write_text((FOLDER / f"{name}.jmap.yaml").read_text())
    (workdir / "old.jmap.yaml").rename(workdir / "m.jmap.yaml")
    git(workdir, "init", "-q", "-b", "main")
    git(workdir, "add", "-A")
    git(workdir, "commit", "-qm", "one")
    (workdir / "aftercare.jmap.yaml").unlink()
    text = (workdir / "m.jmap.yaml").read_text()
    (workdir / "m.jmap.yaml").write_text(text.replace("    detail: aftercare.jmap.yaml\n", ""))
    result = run_installed(workdir, "diff", "m.jmap.yaml", "--rev", "HEAD", "--exit-code")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "  ~ “Aftercare”: detail removed (was “aftercare.jmap.yaml”)" in result.stdout

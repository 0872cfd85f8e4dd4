"""A map read ahead of its turn (as another map's `detail` or `based_on`) is read once:
its parse and model are handed to the loader when the map's own turn comes, and what the
loader finds in it is exactly what it finds when the map is checked alone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import VALID, run_installed, run_jmap
from journeymap_cli.io import loader, references

PARENT = VALID.replace(
    "  - name: Discovery\n", "  - name: Discovery\n    detail: child.jmap.yaml\n"
)
# the child: schema-valid (so the parent's detail is fine), with an integrity error (a
# duplicate touchpoint id) and a lint finding, both located in the child
CHILD = VALID.replace("Buying a family car", "Signing").replace(
    "title: Signing", "title: Signing\ndescription: ''"
)


def _child_with_problems() -> str:
    stages = CHILD.index("stages:")
    return CHILD[:stages] + CHILD[stages:].replace(
        "touchpoints:\n",
        "touchpoints:\n      - {name: Dup, id: dup}\n      - {name: Dup 2, id: dup}\n",
        1,
    )


@pytest.fixture
def pair(workdir: Path) -> Path:
    (workdir / "a-parent.jmap.yaml").write_text(PARENT, encoding="utf-8")
    (workdir / "child.jmap.yaml").write_text(_child_with_problems(), encoding="utf-8")
    return workdir


@pytest.mark.parametrize("command", ["validate", "lint"])
def test_the_child_reads_the_same_after_its_parent(pair: Path, command: str) -> None:
    alone = json.loads(run_jmap(command, "--format", "json", "child.jmap.yaml").stdout)
    both = json.loads(run_jmap(command, "--format", "json", ".").stdout)
    mine = [d for d in both["diagnostics"] if d["path"] == "child.jmap.yaml"]
    assert mine == alone["diagnostics"]
    assert [(d["line"], d["code"]) for d in mine if "'dup'" in d["message"]] == [(16, "JM007")]
    assert both["summary"]["files"] == 2  # counted once


def test_each_map_file_is_read_once(pair: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # the parent comes first: its detail is read (parsed, validated) for its checks, then
    # handed over when the child's turn comes
    read: list[str] = []
    real = loader.read

    def counting(path: Path, label: str, *args: object, **kwargs: object) -> loader.Parsed:
        read.append(label)
        return real(path, label, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(loader, "read", counting)
    monkeypatch.setattr(references, "read", counting)
    (pair / "child.jmap.yaml").write_text(CHILD, encoding="utf-8")
    result = run_jmap("score", "-f", "json", ".")
    assert result.exit_code == 0, result.stderr
    assert sorted(read) == ["a-parent.jmap.yaml", "child.jmap.yaml"]


def test_named_another_way_the_child_is_read_again_and_reads_the_same(pair: Path) -> None:
    # from a folder below, the child is '../child.jmap.yaml' as given, but its parent's
    # detail reaches it by a path outside the working folder (absolute): no hand-over, the
    # file is read afresh, with the same findings under the name it was given
    below = pair / "sub"
    below.mkdir()
    alone = run_installed(below, "validate", "../child.jmap.yaml")
    both = run_installed(below, "validate", "../a-parent.jmap.yaml", "../child.jmap.yaml")
    assert alone.returncode == both.returncode == 1
    mine = [line for line in alone.stdout.splitlines() if line.startswith("../child")]
    assert mine
    assert [line for line in both.stdout.splitlines() if line.startswith("../child")] == mine
    assert "2 files checked" in both.stdout


AS_IS = VALID.replace("Buying a family car", "As is")


def test_what_the_loader_sets_on_a_map_is_not_seen_by_other_maps(workdir: Path) -> None:
    # a-to-be reads b-as-is ahead (based_on); b-as-is, without `journey`, then gets its
    # default journey (its id) when loaded. c-to-be, checked after, must see b-as-is as
    # written (no journey), as it would in any order: no disagreement to report.
    to_be = VALID.replace("title: Buying a family car", "title: To be\njourney: other")
    to_be = to_be.replace("jmap: 1\n", "jmap: 1\nstate: to-be\nbased_on: b-as-is.jmap.yaml\n")
    (workdir / "a-to-be.jmap.yaml").write_text(to_be, encoding="utf-8")
    (workdir / "b-as-is.jmap.yaml").write_text(AS_IS, encoding="utf-8")
    (workdir / "c-to-be.jmap.yaml").write_text(to_be, encoding="utf-8")
    result = run_installed(workdir, "validate", ".")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 files checked, no problems" in result.stdout


@pytest.mark.parametrize(
    ("order", "kept_after_parent"),
    [
        (["a-parent.jmap.yaml", "child.jmap.yaml"], 1),  # the child's turn is still to come
        (["child.jmap.yaml", "a-parent.jmap.yaml"], 0),  # the child was loaded already
        (["a-parent.jmap.yaml"], 0),  # the child is not in the list: not kept
    ],
)
def test_only_maps_still_to_come_are_kept(
    pair: Path, order: list[str], kept_after_parent: int
) -> None:
    paths = [Path(name) for name in order]
    reader = loader.Loader(upcoming=paths)
    kept = []
    for path in paths:
        assert reader.load_map(path).jmap is not None or path.name == "child.jmap.yaml"
        if path.name == "a-parent.jmap.yaml":
            kept.append(len(reader.references._ahead))
    assert kept == [kept_after_parent]
    assert reader.references._ahead == {}  # whatever was kept was handed over

"""Format 1.2, drill-down: a stage's `detail` map, and the hierarchy the details form.

`detail` follows the rules of `based_on` (exists, is a map, stays inside the project root,
symlinks included, at every level); a map may not detail itself, directly or through
others (the chain is named), and a hierarchy deeper than MAX_LEVELS ends with a located
error, never a RecursionError. Through the real CLI and the installed `jmap`.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import run_installed, run_jmap
from journeymap_cli.format.drilldown import MAX_LEVELS, Hierarchy, starting_at
from journeymap_cli.io.loader import Loader
from journeymap_cli.io.source import FileSource


def a_map(title: str, *details: str | None, state: str = "as-is") -> str:
    """A small valid map with one stage per entry of `details` (None: no detail)."""
    lines = ["jmap: 1", f"title: {title}", f"state: {state}", "persona: {name: Pat}", "stages:"]
    for i, detail in enumerate(details or (None,)):
        lines.append(f"  - name: Stage {i}")
        if detail is not None:
            lines.append(f"    detail: {detail}")
    return "\n".join(lines) + "\n"


def write(folder: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")


def validate(*paths: str) -> tuple[int, list[tuple[str, int, int, str]], list[str]]:
    result = run_jmap("validate", *paths)
    assert "Traceback" not in result.stdout + result.stderr
    return result.exit_code, result.problems(), result.messages()


def test_a_hierarchy_with_a_shared_sub_journey_is_valid(workdir: Path) -> None:
    write(
        workdir,
        {
            "top.jmap.yaml": a_map("Top", "buy.jmap.yaml", "pay.jmap.yaml", None),
            "buy.jmap.yaml": a_map("Buy", None, "pay.jmap.yaml"),
            "pay.jmap.yaml": a_map("Pay", "steps/card.jmap.yaml"),
            "steps/card.jmap.yaml": a_map("Card"),
        },
    )
    assert validate(".") == (0, [], [])
    loaded = Loader().load_map(workdir / "top.jmap.yaml")
    assert loaded.ok
    assert sorted(loaded.details) == [0, 1]
    buy, pay = loaded.details[0], loaded.details[1]
    assert (buy.jmap.title, pay.jmap.title) == ("Buy", "Pay")
    assert buy.details[1] is pay  # one sub-journey, reached from two stages
    assert pay.details[0].jmap.title == "Card"
    assert pay.details[0].label == "steps/card.jmap.yaml"
    assert pay.details[0].path == (workdir / "steps/card.jmap.yaml").resolve()


@pytest.mark.parametrize(
    ("files", "line", "code", "words"),
    [
        ({}, 7, "JM012", "detail 'x.jmap.yaml' does not exist or is not a regular file"),
        ({"x.jmap.yaml": "jmap: 1\ntitle: [\n"}, 7, "JM012", "is not a valid map"),
        ({"x.jmap.yaml": a_map("X").replace("title", "titel")}, 7, "JM012", "not a valid map"),
        ({"x.jmap.yaml/": ""}, 7, "JM012", "does not exist or is not a regular file"),
    ],
)
def test_a_detail_that_is_not_a_map(
    workdir: Path, files: dict[str, str], line: int, code: str, words: str
) -> None:
    for name, text in files.items():
        if name.endswith("/"):
            (workdir / name).mkdir()
        else:
            (workdir / name).write_text(text, encoding="utf-8")
    write(workdir, {"top.jmap.yaml": a_map("Top", "x.jmap.yaml")})
    exit_code, problems, messages = validate("top.jmap.yaml")
    assert exit_code == 1
    assert problems[0] == ("top.jmap.yaml", line, 13, code), messages
    assert words in messages[0]


def test_a_detail_that_is_not_a_map_file(workdir: Path) -> None:
    write(workdir, {"notes.txt": "hello", "top.jmap.yaml": a_map("Top", "notes.txt")})
    exit_code, problems, messages = validate("top.jmap.yaml")
    assert (exit_code, problems) == (1, [("top.jmap.yaml", 7, 13, "JM012")])
    assert messages == ["detail 'notes.txt' is not a map file"]


def test_a_map_that_details_itself(workdir: Path) -> None:
    write(workdir, {"top.jmap.yaml": a_map("Top", None, "./top.jmap.yaml")})
    exit_code, problems, messages = validate("top.jmap.yaml")
    assert (exit_code, problems) == (1, [("top.jmap.yaml", 8, 13, "JM012")])
    assert messages == ["detail './top.jmap.yaml' is this map itself"]


def test_a_circle_of_details_is_named_from_each_map(workdir: Path) -> None:
    write(
        workdir,
        {
            "a.jmap.yaml": a_map("A", "b.jmap.yaml"),
            "b.jmap.yaml": a_map("B", "sub/c.jmap.yaml"),
            "sub/c.jmap.yaml": a_map("C", "../a.jmap.yaml"),
            "top.jmap.yaml": a_map("Top", "b.jmap.yaml"),
        },
    )
    exit_code, problems, messages = validate(".")
    assert exit_code == 1
    found = dict(zip([p[0] for p in problems], messages, strict=True))
    assert [p[1:] for p in problems] == [(7, 13, "JM012")] * 4
    assert found["a.jmap.yaml"] == (
        "detail 'b.jmap.yaml' leads back to this map: "
        "a.jmap.yaml → b.jmap.yaml → sub/c.jmap.yaml → a.jmap.yaml"
    )
    assert found["sub/c.jmap.yaml"] == (
        "detail '../a.jmap.yaml' leads back to this map: "
        "sub/c.jmap.yaml → a.jmap.yaml → b.jmap.yaml → sub/c.jmap.yaml"
    )
    # a map above the circle cannot be rolled up either: it says where the circle is
    assert found["top.jmap.yaml"] == (
        "detail 'b.jmap.yaml' leads into a circle of details: "
        "b.jmap.yaml → sub/c.jmap.yaml → a.jmap.yaml → b.jmap.yaml"
    )


def test_a_detail_outside_the_project_root_is_never_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Neither `../` nor a symbolic link inside the project leads a read outside it, at
    any level of the hierarchy."""
    project, outside = tmp_path / "project", tmp_path / "outside"
    project.mkdir()
    (project / "jmap.toml").write_text("")
    write(outside, {"secret.jmap.yaml": a_map("Secret", "more.jmap.yaml")})
    (project / "link.jmap.yaml").symlink_to(outside / "secret.jmap.yaml")
    write(
        project,
        {
            "top.jmap.yaml": a_map("Top", "mid.jmap.yaml", "../outside/secret.jmap.yaml"),
            "mid.jmap.yaml": a_map("Mid", "link.jmap.yaml"),
        },
    )
    read: list[Path] = []
    original = FileSource.read

    def spy(self: FileSource, path: Path, limit: int) -> bytes:
        read.append(path.resolve())
        return original(self, path, limit)

    monkeypatch.setattr(FileSource, "read", spy)
    monkeypatch.chdir(project)
    exit_code, problems, messages = validate("top.jmap.yaml")
    assert (exit_code, problems) == (1, [("top.jmap.yaml", 9, 13, "JM012")])
    assert messages == ["detail path '../outside/secret.jmap.yaml' escapes the project root '.'"]
    exit_code, problems, messages = validate("mid.jmap.yaml")
    assert (exit_code, problems) == (1, [("mid.jmap.yaml", 7, 13, "JM012")])
    assert messages == ["detail path 'link.jmap.yaml' escapes the project root '.'"]
    assert read and all(path.is_relative_to(project) for path in read), read


def test_a_detail_of_a_map_that_fails_the_schema_is_checked(workdir: Path) -> None:
    text = a_map("Top", "nope.jmap.yaml").replace("state: as-is", "state: asis")
    write(workdir, {"top.jmap.yaml": text})
    exit_code, problems, messages = validate("top.jmap.yaml")
    assert exit_code == 1
    assert [p[1:] for p in problems] == [(3, 8, "JM002"), (7, 13, "JM012")], messages
    assert "did you mean 'as-is'?" in messages[0]


def test_a_detail_that_is_not_a_string_is_a_schema_error(workdir: Path) -> None:
    write(workdir, {"top.jmap.yaml": a_map("Top", "[a.jmap.yaml]")})
    exit_code, problems, messages = validate("top.jmap.yaml")
    assert (exit_code, [p[1:] for p in problems]) == (1, [(7, 13, "JM002")])
    assert messages == ["stages[0].detail: expected a string, got a list"]


def _chain(folder: Path, levels: int, back_to: int | None = None) -> None:
    """l0 → l1 → ... → l{levels-1}; the last details l{back_to} when given."""
    for i in range(levels):
        below = i + 1 if i + 1 < levels else back_to
        detail = None if below is None else f"l{below}.jmap.yaml"
        (folder / f"l{i}.jmap.yaml").write_text(a_map(f"L{i}", detail), encoding="utf-8")


def test_a_hierarchy_50_levels_deep_ends_with_a_located_error(workdir: Path) -> None:
    _chain(workdir, 50)
    proc = run_installed(workdir, "validate", "l0.jmap.yaml")
    assert proc.returncode == 1
    (line,) = proc.stdout.splitlines()[:-1]
    assert line.startswith(
        "l0.jmap.yaml:7:13: error: JM006 detail 'l1.jmap.yaml' makes a hierarchy of 50 "
        f"levels, over the limit of {MAX_LEVELS}: l0.jmap.yaml → l1.jmap.yaml → "
    )
    assert line.endswith("l10.jmap.yaml → …")
    # the whole folder: each map with more than MAX_LEVELS levels below it and itself
    proc = run_installed(workdir, "validate", "--format", "json", ".")
    found = json.loads(proc.stdout)["diagnostics"]
    assert {d["path"] for d in found} == {f"l{i}.jmap.yaml" for i in range(50 - MAX_LEVELS)}
    assert {(d["line"], d["column"], d["code"]) for d in found} == {(7, 13, "JM006")}


def test_a_chain_of_50_that_loops_ends_with_a_located_error(workdir: Path) -> None:
    _chain(workdir, 50, back_to=0)
    proc = run_installed(workdir, "validate", "l0.jmap.yaml", "l30.jmap.yaml")
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    assert len(lines) == 3  # two errors (no JM901: nothing failed unforeseen) and the count
    assert lines[0] == (
        "l0.jmap.yaml:7:13: error: JM012 detail 'l1.jmap.yaml' leads back to this map: "
        "l0.jmap.yaml → l1.jmap.yaml → l2.jmap.yaml → l3.jmap.yaml → … → l47.jmap.yaml → "
        "l48.jmap.yaml → l49.jmap.yaml → l0.jmap.yaml (50 links)"
    )
    assert lines[1].startswith(
        "l30.jmap.yaml:7:13: error: JM012 detail 'l31.jmap.yaml' leads back to this map: "
        "l30.jmap.yaml → l31.jmap.yaml"
    )


def test_the_hierarchy_is_walked_without_recursion() -> None:
    """5,000 levels, then a circle at the bottom: far past Python's recursion limit."""
    below = {i: [i + 1] for i in range(5000)} | {5000: [4990]}
    asked: list[int] = []

    def children(node: int) -> list[int]:
        asked.append(node)
        return below.get(node, [])

    walk = Hierarchy(children)
    assert walk.circle(0) == (*range(4990, 5001), 4990)
    assert walk.circle(4995) == walk.circle(0)
    assert sorted(asked) == list(range(5001))  # each map's children asked for once
    assert starting_at(walk.circle(0) or (), 4995)[:3] == (4995, 4996, 4997)

    walk = Hierarchy(lambda n: [n + 1, n + 1] if n < 3000 else [])
    assert walk.depth(0) == 3000
    assert walk.circle(0) is None
    assert walk.deepest(0, 4) == [0, 1, 2, 3]

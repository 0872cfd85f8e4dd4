"""`jmap lint --fix` as edits of the text (fmt/patch.py): only the fixed characters change,
and what cannot be an edit goes through the round-trip writer."""

from __future__ import annotations

from pathlib import Path

from helpers import run_jmap
from journeymap_cli.fmt.edits import Fix
from journeymap_cli.fmt.patch import patch
from journeymap_cli.fmt.rewrite import apply_fixes
from journeymap_cli.io.yamlstream import parse


def fixed(text: str, *fixes: Fix) -> str | None:
    expected = parse(text).data
    apply_fixes(expected, list(fixes))
    return patch(text, list(fixes), expected)


def test_strip_keeps_the_quotes_and_everything_around() -> None:
    text = "a:\n   b: 'x '   # why\n   c: [\"  y\", z]\n"
    out = fixed(text, Fix("strip", ("a", "b")), Fix("strip", ("a", "c", 0)))
    assert out == "a:\n   b: 'x'   # why\n   c: [\"y\", z]\n"


def test_drop_removes_an_item_with_its_comma_or_its_line() -> None:
    text = (
        "a: [x, '', y]\nb: [x, \"\"]\nc: ['']\nd:\n    -   x\n    -   ''   # gone too\n    -   y\n"
    )
    out = fixed(
        text,
        Fix("drop", ("a", 1)),
        Fix("drop", ("b", 1)),
        Fix("drop", ("c", 0)),
        Fix("drop", ("d", 1)),
    )
    assert out == "a: [x, y]\nb: [x]\nc: []\nd:\n    -   x\n    -   y\n"


def test_join_puts_items_split_at_a_comma_back_together() -> None:
    text = 'barriers: [Delivery given as "week 47, probably", Late]\n'
    split = parse(text).data["barriers"]
    assert split == ['Delivery given as "week 47', 'probably"', "Late"]
    out = fixed(text, Fix("join", ("barriers", 0), span=1))
    assert out == 'barriers: ["Delivery given as \\"week 47, probably\\"", Late]\n'
    assert parse(out or "").data["barriers"] == ['Delivery given as "week 47, probably"', "Late"]


def test_what_is_no_edit_goes_to_the_round_trip_writer(workdir: Path) -> None:
    """A block scalar to strip, a block list left empty: no edit; `--fix` still fixes them
    (in the author's layout), and a list left empty reads as [] not null."""
    assert fixed("a: |\n  text  \n", Fix("strip", ("a",))) is None
    assert fixed("a:\n  - ''\n", Fix("drop", ("a", 0))) is None
    text = (
        "jmap: 1\ntitle: T\npersona:\n    name: P\nstages:\n    -   name: S\n"
        "        actions:\n            -   ''\n        emotion: 3\n"
    )
    (workdir / "m.jmap.yaml").write_text(text)
    result = run_jmap("lint", "--fix", "--select", "JM402", "m.jmap.yaml")
    assert "fixed 1 problem in 1 file" in result.stderr, result.stderr
    assert parse((workdir / "m.jmap.yaml").read_text()).data["stages"][0]["actions"] == []


def test_fix_on_a_large_map_changes_only_what_it_fixes(workdir: Path) -> None:
    """3,000 stages in an odd layout (3 spaces, comments, blank lines): the diff is the
    fixed lines and nothing else."""
    stages = "".join(
        f"   # stage {i}\n\n   -  name: 'Stage {i}{' ' if i % 500 == 0 else ''}'\n"
        f"      actions: [Calls, ''{', Waits' if i % 2 else ''}]\n"
        for i in range(3000)
    )
    text = f"jmap: 1\ntitle: Big\npersona:\n   name: P   # who\nstages:\n{stages}"
    (workdir / "m.jmap.yaml").write_text(text)
    result = run_jmap("lint", "--fix", "--select", "JM401,JM402", "m.jmap.yaml")
    assert "fixed 3006 problems in 1 file" in result.stderr, result.stderr
    after = (workdir / "m.jmap.yaml").read_text()
    assert after == (
        text.replace(" '\n", "'\n")
        .replace(", ''", "")
        .replace("[Calls, '', Waits]", "[Calls, Waits]")
    )

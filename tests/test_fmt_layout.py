"""fmt's fast writer (fmt/tree.py, fmt/layout.py): the same layout as the round-trip writer,
every comment kept, idempotent, and the round-trip writer only where it must."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from helpers import EXAMPLES, run_jmap
from journeymap_cli.fmt.layout import write
from journeymap_cli.fmt.rewrite import canonical, same_meaning, slow_canonical
from journeymap_cli.fmt.tree import Unsupported, build
from journeymap_cli.io.yamlstream import parse
from test_fmt import FORMAT_11_CANONICAL, FORMAT_11_MESSY, PROSE_CANONICAL, PROSE_MESSY, maps
from yaml_layouts import layouts


def fast(text: str, persona_file: bool = False) -> str:
    """The fast writer alone: Unsupported propagates, and a change of meaning fails."""
    out = write(build(text), persona_file=persona_file)
    same_meaning(text, out)
    return out


@pytest.mark.parametrize(
    "path", sorted(EXAMPLES.rglob("*.yaml")), ids=lambda p: p.name if isinstance(p, Path) else p
)
def test_examples_are_fixed_points_of_both_writers(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    persona = path.name.endswith(".persona.yaml")
    assert fast(text, persona) == text
    assert slow_canonical(text, persona_file=persona) == text


def test_documented_layouts_come_from_the_fast_writer() -> None:
    assert fast(FORMAT_11_MESSY) == FORMAT_11_CANONICAL
    assert fast(PROSE_MESSY) == PROSE_CANONICAL


def _comment_lines(text: str) -> list[str]:
    return sorted(line.strip() for line in text.splitlines() if line.strip().startswith("# note"))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(layouts())
def test_any_layout_keeps_data_and_comments_and_is_idempotent(
    case: tuple[str, list[str]],
) -> None:
    """Maps written with 2 or 4 spaces, lists at 0 or 2, comments and blank lines
    anywhere, keys in any order, folded and block scalars: the fast writer takes them all
    (no fallback), reads back as the same data, keeps each comment once, and is stable."""
    text, comments = case
    once = fast(text)
    assert parse(once).data == parse(text).data
    assert fast(once) == once
    kept = [line.split("# note", 1)[1] for line in once.splitlines() if "# note" in line]
    assert sorted(kept) == sorted(c.split("# note", 1)[1] for c in comments)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(maps())
def test_generated_maps_need_no_fallback(case: tuple[str, list[str]]) -> None:
    text, comments = case
    once = fast(text)
    assert fast(once) == once
    for comment in comments:
        assert comment in once


def test_a_comment_on_its_own_line_goes_with_what_follows_it() -> None:
    """Keys put in order take their comments along (as `# jmap: disable=` directives
    need: such a comment on its own line is about the next node)."""
    text = (
        "title: T\n"
        "# jmap: disable=JM101 -- about the stages\n"
        "stages:\n"
        "  - emotion: 2   # mood\n"
        "    # the name comes first\n"
        "    name: A\n"
        "\n"
        "# about the persona\n"
        "persona: {name: P}\n"
        "jmap: 1\n"
    )
    assert fast(text) == (
        "jmap: 1\n"
        "title: T\n"
        "\n"
        "# about the persona\n"
        "persona:\n"
        "  name: P\n"
        "# jmap: disable=JM101 -- about the stages\n"
        "stages:\n"
        "    # the name comes first\n"
        "  - name: A\n"
        "    emotion: 2   # mood\n"
    )


def test_scalars_keep_how_they_are_written_and_lose_their_line_breaks() -> None:
    text = (
        "jmap: 1\n"
        "title: 'It''s   a title'\n"
        "persona:\n"
        "    name: Sarah\n"
        "    description: a plain text\n"
        "        folded over lines\n"
        '    quote: "quoted and\n'
        '        folded"\n'
        "stages:\n"
        "-   name: S\n"
        "    emotion: 0x3\n"
        "    metrics: {visits: {value: 1.50, unit: ~}}\n"
    )
    assert fast(text) == (
        "jmap: 1\n"
        "title: 'It''s   a title'\n"
        "persona:\n"
        "  name: Sarah\n"
        "  description: a plain text folded over lines\n"
        '  quote: "quoted and folded"\n'
        "stages:\n"
        "  - name: S\n"
        "    emotion: 0x3\n"
        "    metrics:\n"
        "      visits: {value: 1.50, unit: ~}\n"
    )


def test_block_scalars_move_with_their_key_and_keep_their_lines() -> None:
    text = (
        "jmap: 1\n"
        "persona:\n"
        "    description: |   # as told\n"
        "        first line\n"
        "          indented # not a comment\n"
        "\n"
        "        last line\n"
        "\n"
        "    # a comment after the text, before the next key\n"
        "    name: Sarah\n"
        "title: >-\n"
        "    folded\n"
        "    title\n"
    )
    out = fast(text)
    assert out == (
        "jmap: 1\n"
        "title: >-\n"
        "  folded\n"
        "  title\n"
        "persona:\n"
        "\n"  # the blank line and the comment go with the key they stood before
        "  # a comment after the text, before the next key\n"
        "  name: Sarah\n"
        "  description: |   # as told\n"
        "    first line\n"
        "      indented # not a comment\n"
        "\n"
        "    last line\n"
    )
    assert fast(out) == out


def test_a_comment_right_after_a_block_scalar_stays_a_comment() -> None:
    """At the column of a block scalar's text, a comment line would be text: a comment
    that lands right after one goes left of its text."""
    assert parse("x-notes: |\n  text\n  # c\n").data == {"x-notes": "text\n# c\n"}
    text = "jmap: 1\nx-notes: |\n    text\n  # about the title\ntitle: T\n"
    assert fast(text) == "jmap: 1\n  # about the title\ntitle: T\nx-notes: |\n  text\n"
    text = "jmap: 1\nx-b: |\n    text\nx-a: 1\n      # about x-c, written deep\nx-c: 2\n"
    assert (
        fast(text) == "jmap: 1\nx-b: |\n  text\nx-a: 1\n      # about x-c, written deep\nx-c: 2\n"
    )
    text = "jmap: 1\nx-b: |\n    text\n      # about x-a, written deep\nx-a: 1\n"
    assert parse(text).data["x-b"] == "text\n  # about x-a, written deep\n"  # text, in fact
    text = "jmap: 1\nx-b: |\n    text\n\n  # about x-a\nx-a: 1\nx-0: |\n  zero\n"
    out = fast(text)
    assert out == "jmap: 1\nx-b: |\n  text\n\n # about x-a\nx-a: 1\nx-0: |\n  zero\n"
    assert parse(out).data == parse(text).data


def test_inline_collections_take_their_comment_to_the_line_that_holds_them() -> None:
    text = (
        "jmap: 1\n"
        "stages:\n"
        "  - name: S\n"
        "    touchpoints:\n"
        "      - {performance: 3, name: T}   # the counter\n"
        "    feelings: [a, b]  # two\n"
        "    actions: [Calls the dealer, Waits for the call back]  # prose\n"
        "    quotes: []  # none yet\n"
    )
    assert fast(text) == (
        "jmap: 1\n"
        "stages:\n"
        "  - name: S\n"
        f"{'    actions:':<58}# prose\n"  # the comment keeps its column
        "      - Calls the dealer\n"
        "      - Waits for the call back\n"
        "    feelings: [a, b]  # two\n"
        "    quotes: []  # none yet\n"
        "    touchpoints:\n"
        f"{'      - name: T':<36}# the counter\n"
        "        performance: 3\n"
    )


def test_what_the_fast_writer_cannot_hold_goes_through_the_round_trip_writer(
    workdir: Path,
) -> None:
    """A tag, a list written as a block inside a list: the round-trip writer lays these
    out, and `jmap fmt` is none the wiser."""
    cases = {
        "tag": "jmap: 1\ntitle: !!str T  # tagged\n",
        "nested": "jmap: 1\nx-grid:\n  - - a long item that is prose\n    - b\n",
    }
    for text in cases.values():
        with pytest.raises(Unsupported):
            write(build(text))
        out = canonical(text)
        assert out == slow_canonical(text)
        assert parse(out).data == parse(text).data
    assert "# tagged" in canonical(cases["tag"])
    # through the command, a map (fmt rewrites only what passes the schema, and no map
    # field holds a list of lists)
    (workdir / "tag.jmap.yaml").write_text(
        cases["tag"] + "persona: {name: P}\nstages: [{name: S}]\n"
    )
    assert run_jmap("fmt", ".").exit_code == 0
    assert run_jmap("fmt", "--check", ".").exit_code == 0


def test_comments_inside_brackets_are_kept_or_the_file_is_left_alone(workdir: Path) -> None:
    """The round-trip writer drops a comment inside `[...]`; the fast writer turns the
    list into a block that keeps it, and refuses the file where it cannot."""
    text = (
        "jmap: 1\n"
        "title: T\n"
        "tags: [  # why these\n"
        "  # the first one\n"
        "  cars,\n"
        "  b2c,  # for now\n"
        "  fleet]\n"
        "stages:\n"
        "  - {emotion: 3,  # mood\n"
        "     name: S}\n"
    )
    assert "# for now" not in slow_canonical(text)  # what it did before
    assert fast(text) == (
        "jmap: 1\n"
        "title: T\n"
        "tags:    # why these\n"
        "  # the first one\n"
        "  - cars\n"
        "  - b2c # for now\n"
        "  - fleet\n"
        "stages:\n"
        "  - name: S\n"
        "    emotion: 3   # mood\n"
    )
    lost = (
        "jmap: 1\ntitle: T\ntags: [cars, b2c,\n  # after the last one\n]\n"
        "persona: {name: P}\nstages: [{name: S}]\n"
    )
    path = workdir / "m.jmap.yaml"
    path.write_text(lost)
    result = run_jmap("fmt", ".")
    assert result.exit_code == 1
    assert "the comment at line 4 sits inside [...]" in result.stderr
    assert path.read_text() == lost


VOCABULARY_BLOCK = """\
jmap: 1
title: T
persona:
  name: P
channels:
  - Portal
  - Website
  - Email
  - In person
teams:
  - "Finance & insurance"
  - Customer care
stages:
  - name: S
    feelings: [very happy, ok]
"""
VOCABULARY_CANONICAL = """\
jmap: 1
title: T
persona:
  name: P
channels: [Portal, Website, Email, In person]
teams: ["Finance & insurance", Customer care]
stages:
  - name: S
    feelings:
      - very happy
      - ok
"""


def test_vocabularies_of_names_stay_inline_as_users_write_them(workdir: Path) -> None:
    """`channels: [Portal, Website, Email, In person]` (the README's and the starter's
    style) is canonical: names may have spaces; other lists with spaces hold prose."""
    assert fast(VOCABULARY_BLOCK) == VOCABULARY_CANONICAL
    assert slow_canonical(VOCABULARY_BLOCK) == VOCABULARY_CANONICAL
    (workdir / "m.jmap.yaml").write_text(VOCABULARY_CANONICAL)
    assert run_jmap("fmt", "--check", "m.jmap.yaml").exit_code == 0
    # a comma cannot sit in an inline name (it would split it), nor can a long name
    long = VOCABULARY_BLOCK.replace("  - Email\n", "  - Email, post and the phone line\n")
    assert "channels:\n  - Portal\n" in fast(long) == slow_canonical(long)


def test_the_starter_is_canonical(workdir: Path) -> None:
    assert run_jmap("new", "m.jmap.yaml").exit_code == 0
    text = (workdir / "m.jmap.yaml").read_text()
    assert "channels: [" in text and "teams: [" in text
    assert run_jmap("fmt", "--check", "m.jmap.yaml").exit_code == 0

"""The event-stream builder: YAML 1.2 core scalars, positions, and refusals."""

from __future__ import annotations

import math

import pytest

from journeymap_cli.io.yamlstream import YamlProblem, parse


def value(text: str) -> object:
    return parse(f"v: {text}\n").data["v"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("42", 42),
        ("-7", -7),
        ("+3", 3),
        ("0o17", 15),
        ("0x1F", 31),
        ("1.5", 1.5),
        ("1e3", 1000.0),
        (".5", 0.5),
        ("-.inf", -math.inf),
        (".Inf", math.inf),
        ("true", True),
        ("False", False),
        ("null", None),
        ("~", None),
        ("", None),
        # YAML 1.1 booleans and sexagesimals are plain strings in YAML 1.2
        ("yes", "yes"),
        ("on", "on"),
        ("no", "no"),
        ("1:30", "1:30"),
        ("2026-11-24", "2026-11-24"),
        ("012", 12),
        # quoted or block scalars are always strings
        ('"4"', "4"),
        ("'true'", "true"),
        ("|\n  4\n", "4\n"),
        ("!!str 5", "5"),
        ("!!float 5", 5.0),
    ],
)
def test_core_schema_resolution(text: str, expected: object) -> None:
    got = value(text)
    assert got == expected and type(got) is type(expected)


def test_nan() -> None:
    got = value(".nan")
    assert isinstance(got, float) and math.isnan(got)


def test_positions_of_keys_and_values() -> None:
    doc = parse("a: 1\nlist:\n  - x\n  - {k: v}\n")
    assert doc.data == {"a": 1, "list": ["x", {"k": "v"}]}
    assert doc.keys[("a",)] == (1, 1)
    assert doc.values[("a",)] == (1, 4)
    assert doc.values[("list", 1)] == (4, 5)
    assert doc.keys[("list", 1, "k")] == (4, 6)
    assert doc.values[("list", 1, "k")] == (4, 9)
    # an unknown location falls back to its nearest known parent
    assert doc.locate(("list", 1, "missing")) == (4, 5)


@pytest.mark.parametrize(
    ("text", "code", "pos", "words"),
    [
        ("a: &x 1\n", "JM005", (1, 4), "anchor"),
        ("a: !!python/object:os.system x\n", "JM005", (1, 4), "!!python/object:os.system"),
        ("a: !custom x\n", "JM005", (1, 4), "'!custom'"),
        ("a: !!int x\n", "JM002", (1, 4), "not a valid !!int"),
        ("a: " + "9" * 5000 + "\n", "JM006", (1, 4), "5000 digits"),
        # the top mapping is level 1, so the 64th bracket is level 65: the first past the limit
        ("a: " + "[" * 70 + "]" * 70 + "\n", "JM006", (1, 3 + 64), "deeper"),
        ("? [a, b]\n: 1\n", "JM002", (1, 3), "key"),
        # control characters that only an escape can write: they would drive a terminal
        ('a: "red \\e[31m"\n', "JM003", (1, 4), "U+001B (written as an escape)"),
        ('a: "\\0"\n', "JM003", (1, 4), "U+0000"),
        ('a: [ok, "csi \\x9b"]\n', "JM003", (1, 9), "U+009B"),
        ('a: "over\\rwrite"\n', "JM003", (1, 4), "U+000D"),
        ('a: "del \\x7f"\n', "JM003", (1, 4), "U+007F"),
        ('"k\\e": 1\n', "JM003", (1, 1), "U+001B"),
    ],
)
def test_refusals(text: str, code: str, pos: tuple[int, int], words: str) -> None:
    with pytest.raises(YamlProblem) as info:
        parse(text)
    problem = info.value
    assert (problem.code, problem.pos) == (code, pos)
    assert words in problem.message


def test_escapes_of_tab_newline_and_text_are_fine() -> None:
    assert value('"a\\tb\\nc \\u00e9 \\u200d \\u00a0"') == "a\tb\nc \u00e9 \u200d \u00a0"


def test_duplicate_keys_are_all_collected() -> None:
    doc = parse("a: 1\nb: 2\na: 3\nb: 4\n")
    assert [(p.code, p.pos) for p in doc.duplicates] == [("JM004", (3, 1)), ("JM004", (4, 1))]


def test_deep_nesting_does_not_recurse() -> None:
    with pytest.raises(YamlProblem) as info:
        parse("[" * 100_000 + "]" * 100_000)
    assert info.value.code == "JM006"

"""Bidi controls, NEL and the line/paragraph separators are refused like control characters.

They display text reversed or broken where a reader sees nothing ("Trojan Source"): JM003
wherever they are, written as they are or as a YAML escape, in a map, a persona file or a
sheet given to `jmap import`, at their line and column.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import VALID, run_jmap

# (character, its YAML escape, how jmap names it)
INVISIBLE = [
    ("\u202a", "\\u202A", "bidirectional control character U+202A"),
    ("\u202b", "\\u202b", "bidirectional control character U+202B"),
    ("\u202c", "\\u202c", "bidirectional control character U+202C"),
    ("\u202d", "\\u202d", "bidirectional control character U+202D"),
    ("\u202e", "\\u202e", "bidirectional control character U+202E"),
    ("\u2066", "\\u2066", "bidirectional control character U+2066"),
    ("\u2067", "\\u2067", "bidirectional control character U+2067"),
    ("\u2068", "\\u2068", "bidirectional control character U+2068"),
    ("\u2069", "\\u2069", "bidirectional control character U+2069"),
    ("\x85", "\\N", "control character U+0085"),
    ("\u2028", "\\L", "line separator U+2028"),
    ("\u2029", "\\P", "paragraph separator U+2029"),
]
IDS = [f"U+{ord(c):04X}" for c, _, _ in INVISIBLE]
TITLE = "title: Buying a family car\n"  # line 2 of VALID


@pytest.mark.parametrize(("char", "escape", "name"), INVISIBLE, ids=IDS)
def test_in_a_map_raw_and_escaped(workdir: Path, char: str, escape: str, name: str) -> None:
    assert VALID.splitlines(keepends=True)[1] == TITLE
    (workdir / "raw.jmap.yaml").write_text(
        VALID.replace(TITLE, f"title: Pay {char}moc.evil\n"), encoding="utf-8"
    )
    (workdir / "escaped.jmap.yaml").write_text(
        VALID.replace(TITLE, f'title: "Pay {escape}moc.evil"\n'), encoding="utf-8"
    )
    result = run_jmap("validate", "raw.jmap.yaml", "escaped.jmap.yaml")
    assert result.exit_code == 1
    assert result.problems() == [
        ("escaped.jmap.yaml", 2, 8, "JM003"),
        ("raw.jmap.yaml", 2, 12, "JM003"),
    ]
    assert result.messages() == [
        f"{name} (written as an escape) is not allowed in text",
        f"{name} is not allowed in a map",
    ]


@pytest.mark.parametrize(("char", "escape", "name"), INVISIBLE, ids=IDS)
def test_in_a_persona_file_raw_and_escaped(
    workdir: Path, char: str, escape: str, name: str
) -> None:
    map_text = VALID.replace(
        "persona:\n  name: Sarah\n  description: Mother of two\n  goals: [A safe car]\n",
        "persona: p.persona.yaml\n",
    )
    assert map_text != VALID
    (workdir / "m.jmap.yaml").write_text(map_text, encoding="utf-8")
    for form, text in (("raw", f"name: Sa{char}rah\n"), ("escaped", f'name: "Sa{escape}rah"\n')):
        (workdir / "p.persona.yaml").write_text(text + "goals: [A car]\n", encoding="utf-8")
        result = run_jmap("validate", "m.jmap.yaml")
        assert result.exit_code == 1, form
        assert ("p.persona.yaml", 1, 9 if form == "raw" else 7, "JM003") in result.problems()
        assert any(m.startswith(name) for m in result.messages()), result.stdout


@pytest.mark.parametrize(("char", "escape", "name"), INVISIBLE, ids=IDS)
def test_in_a_sheet(workdir: Path, char: str, escape: str, name: str) -> None:
    # a CSV has no escapes: the character as it is, and its escape as text (which is fine)
    (workdir / "s.csv").write_bytes(
        f"stage,touchpoint,owner\nS,Pay {char}moc.evil,Sales\nS,Literal {escape},Sales\n".encode()
    )
    result = run_jmap("import", "s.csv", "-o", "m.jmap.yaml")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [f"s.csv:2:2: touchpoint: {name} is not allowed"]
    assert not (workdir / "m.jmap.yaml").exists()


def test_other_invisible_but_harmless_characters_stay_allowed(workdir: Path) -> None:
    """Joiners and no-break spaces are part of real text (emoji, Persian, French)."""
    family = "\U0001f468\u200d\U0001f469"  # a zero-width joiner inside an emoji
    persian = "\u0645\u06cc\u200c\u0634\u0648\u062f"  # a zero-width non-joiner in a word
    text = f'title: "Caf\\u00e9\u00a0\u2014 {family} {persian}"\n'
    (workdir / "m.jmap.yaml").write_text(VALID.replace(TITLE, text), encoding="utf-8")
    result = run_jmap("validate", "m.jmap.yaml")
    assert result.exit_code == 0, result.stdout

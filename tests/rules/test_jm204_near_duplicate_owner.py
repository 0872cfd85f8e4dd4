"""JM204 near-duplicate-owner: near-duplicate owners without a vocabulary."""

from __future__ import annotations

from pathlib import Path

from helpers import CLEAN, lint_problems

CODE = "JM204"


def test_flags(workdir: Path) -> None:
    text = CLEAN.replace("teams: [Digital, Front office]\n", "").replace(
        "owner: Front office", "owner: Digtal"
    )
    assert lint_problems(workdir, text, CODE) == [(32, 16, CODE)]


def test_passes(workdir: Path) -> None:
    text = CLEAN.replace("teams: [Digital, Front office]\n", "")
    assert lint_problems(workdir, text, CODE) == []


def test_needs_no_vocabulary(workdir: Path) -> None:
    # with teams declared, validation refuses 'Digtal' (JM008) and the map is not linted
    text = CLEAN.replace("owner: Front office", "owner: Digtal")
    assert lint_problems(workdir, text, CODE) == [(33, 16, "JM008")]


def _owners(first: str, second: str) -> str:
    return (
        CLEAN.replace("teams: [Digital, Front office]\n", "")
        .replace("owner: Digital", f"owner: {first}")
        .replace("owner: Front office", f"owner: {second}")
    )


def test_compares_like_with_like_across_scripts(workdir: Path) -> None:
    # before: both slugs were empty, so every pair of Japanese names was "the same"
    assert lint_problems(workdir, _owners("営業", "マーケティング"), CODE) == []
    # one ideograph is a word: a sales department and a sales office are two teams
    assert lint_problems(workdir, _owners("営業部", "営業所"), CODE) == []
    # a Latin and a Cyrillic name are never measured against each other
    assert lint_problems(workdir, _owners("Marketing", "Маркетинг"), CODE) == []


def test_typos_in_other_scripts(workdir: Path) -> None:
    flagged = [(32, 16, CODE)]
    assert lint_problems(workdir, _owners("マーケティング", "マーケテイング"), CODE) == flagged
    assert lint_problems(workdir, _owners("Маркетинг", "Маркетнг"), CODE) == flagged
    assert lint_problems(workdir, _owners("마케팅부서", "마켓팅부서"), CODE) == flagged
    # half-width katakana are the same letters once NFKC-normalised
    assert lint_problems(workdir, _owners("ウエブ", "ｳｴﾌﾞ"), CODE) == flagged


def test_many_distinct_owners_and_one_typo(workdir: Path) -> None:
    # 3,000 distinct owners (all pairs: minutes; neighbours in two orders: a second), and
    # the one typo among them is still found, at its own line
    points = "".join(
        f"      - {{name: Step {i}, owner: Team {i:04d} {'ab' * (i % 7)}}}\n" for i in range(3000)
    )
    text = CLEAN.replace("teams: [Digital, Front office]\n", "").replace(
        "    touchpoints:\n      - name: Collects",
        "    touchpoints:\n" + points + "      - name: Collects",
    )
    text = text.replace("owner: Front office", "owner: Digtal")
    found = lint_problems(workdir, text, CODE)
    assert (3032, 16, CODE) in found
    assert all(line >= 29 for line, _, _ in found)

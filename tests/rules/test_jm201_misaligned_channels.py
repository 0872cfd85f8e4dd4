"""JM201 misaligned-channels: the same step in two channels, 50 or more apart."""

from __future__ import annotations

from pathlib import Path

from helpers import CLEAN, lint_problems, run_jmap

CODE = "JM201"


def _collecting(*points: tuple[str, str, int]) -> str:
    """CLEAN with these (name, channel, performance) touchpoints added to Collecting."""
    extra = "".join(
        f"      - name: {name}\n        channel: {channel}\n        owner: Digital\n"
        f"        performance: {performance}\n"
        for name, channel, performance in points
    )
    return CLEAN + extra


def test_same_step_far_apart_is_flagged_at_the_weaker_touchpoint(workdir: Path) -> None:
    # "Collects at the counter" (Counter, 4 → 75) and "Collects by post" (Website, 1 → 0):
    # the same verb, nothing else named but the medium; 75 apart
    text = _collecting(("Collects by post", "Website", 1))
    assert lint_problems(workdir, text, CODE) == [(36, 9, CODE)]
    result = run_jmap("lint", "--select", CODE, "m.jmap.yaml")
    assert "“Collects by post” (Website, 0/100) is the same step as “Collects at the" in (
        result.stdout
    )
    assert "info: JM201" in result.stdout
    assert result.exit_code == 0  # info does not fail by default


def test_successive_steps_in_other_channels_are_not_compared(workdir: Path) -> None:
    # the mortgage case: one step after another, each in its own channel, not one task
    # done two ways; the performances are far apart but nothing is misaligned
    text = _collecting(
        ("Receives the offer letter by email", "Website", 5),
        ("Gets a reminder", "Counter", 1),
        ("Signs the offer", "Website", 1),
    )
    assert lint_problems(workdir, text, CODE) == []


def test_shared_verb_needs_a_shared_object(workdir: Path) -> None:
    text = _collecting(
        ("Pays the deposit online", "Website", 1),
        ("Pays the courier", "Counter", 5),
        ("Pays the deposit at the counter", "Counter", 5),
    )
    # only the deposit pair: the courier is another thing paid
    assert lint_problems(workdir, text, CODE) == [(36, 9, CODE)]


def test_inflections_and_channel_names_are_set_aside(workdir: Path) -> None:
    text = _collecting(("Collecting the passport on the Website", "Website", 1))
    assert lint_problems(workdir, text, CODE) == [(36, 9, CODE)]


def test_same_channel_is_not_misalignment(workdir: Path) -> None:
    text = _collecting(("Collects at the counter again", "Counter", 1))
    assert lint_problems(workdir, text, CODE) == []


def test_threshold_option(workdir: Path) -> None:
    text = _collecting(("Collects by post", "Website", 3))  # 75 vs 50: 25 apart
    assert lint_problems(workdir, text, CODE) == []
    (workdir / "jmap.toml").write_text("[lint.rules.JM201]\nthreshold = 25\n", encoding="utf-8")
    assert lint_problems(workdir, text, CODE) == [(36, 9, CODE)]


def test_passes(workdir: Path) -> None:
    assert lint_problems(workdir, CLEAN, CODE) == []

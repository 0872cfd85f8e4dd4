"""`jmap score` through the CLI: formats, gates, invalid maps, owner view, configuration."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from helpers import VALID, run_jmap

# VALID, by hand (scale 1-5, n(r) = 25·(r-1)):
#   Finds the website: performance 4 → 75, target 5 → 100, weight 3 (no importance)
#   Signs the contract: performance 3 → 50, no target, weight 3
#   experience = (3·75 + 3·50) / 6 = 62.5; gap = 25 (only the first has both)
#   emotion: [4, 2] → [75, 25]; low 25, end 25


def write(workdir: Path, name: str, text: str) -> None:
    (workdir / name).write_text(text, encoding="utf-8")


def test_json_carries_full_precision_and_nulls(workdir: Path) -> None:
    write(workdir, "a.jmap.yaml", VALID)
    write(workdir, "b.jmap.yaml", "jmap: 1\ntitle: Bare\npersona: {name: B}\nstages: [{name: S}]\n")
    result = run_jmap("score", "--format", "json", ".")
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    a, b = doc["maps"]
    assert (a["id"], a["experience"], a["gap"]) == ("a", 62.5, 25.0)
    assert a["emotion"] == {"curve": [75.0, 25.0], "low": 25.0, "high": 75.0, "end": 25.0}
    assert a["hotspots"][0]["id"] == "finds-the-website"
    assert a["hotspots"][0]["stage"] == "discovery"
    assert a["hotspots"][0]["weighted_gap"] == 75.0
    assert (b["experience"], b["gap"], b["ownership"]) == (None, None, None)
    assert b["emotion"] == {"curve": [None], "low": None, "high": None, "end": None}
    assert doc["portfolio"]["maps"] == 2
    assert doc["portfolio"]["experience"] == 62.5  # b has none: not counted as 0
    assert doc["invalid"] == []


def test_text_shows_a_dash_for_nothing_to_measure(workdir: Path) -> None:
    write(workdir, "b.jmap.yaml", "jmap: 1\ntitle: Bare\npersona: {name: B}\nstages: [{name: S}]\n")
    result = run_jmap("score", ".")
    assert result.exit_code == 0
    experience, quality = (
        [c.strip() for c in row.strip("│ ").split("│")]
        for row in (line for line in result.stdout.splitlines() if "Bare" in line)
    )
    # experience, gap, emotion low and end; ownership: nothing to measure, never 0
    assert [experience[i] for i in (1, 2, 4, 5)] == ["–"] * 4
    assert quality[1:3] == ["0.0", "–"]  # completeness is measured: 0 of 6 checks hold


def test_text_table_rows_and_portfolio(workdir: Path) -> None:
    write(workdir, "a.jmap.yaml", VALID)
    write(workdir, "b.jmap.yaml", VALID.replace("title: Buying a family car", "title: Second"))
    result = run_jmap("score", ".")
    out = result.stdout
    assert "Buying a family car" in out and "Second" in out
    assert "Portfolio (2 maps)" in out
    assert "62.5" in out and "▇▃" in out  # emotion 75 then 25


def test_detail_lists_stages_touchpoints_hotspots_and_failed_checks(workdir: Path) -> None:
    write(workdir, "a.jmap.yaml", VALID)
    out = run_jmap("score", "--detail", "a.jmap.yaml").stdout
    for words in (
        "Stages",
        "Touchpoints",
        "Top hotspots",
        "Finds the website",
        "stage 'purchase': needs at least one action",
    ):
        assert words in out


def test_markdown_table(workdir: Path) -> None:
    write(workdir, "a.jmap.yaml", VALID.replace("title: Buying a family car", "title: A | B"))
    out = run_jmap("score", "--format", "md", "a.jmap.yaml").stdout
    lines = out.splitlines()
    assert lines[0] == "**The customer's experience**"
    assert lines[2] == (
        "| Map | Experience | Gap to target | Emotion | Lowest | At the end | Moments of truth |"
    )
    assert lines[3] == "|:---|---:|---:|:---|---:|---:|---:|"
    # emotion 4 then 2 on 1-5: the lowest and the last are 2 / 5, as the map wrote them
    assert lines[4] == "| A \\| B | 62.5 | 25.0 | ▇▃ | 2 / 5 | 2 / 5 | 0 |"
    quality = lines.index("**The map's quality**")
    assert lines[quality + 2].startswith("| Map | Completeness | Ownership |")
    assert lines[quality + 4].startswith("| A \\| B | ")


def test_csv(workdir: Path) -> None:
    write(workdir, "a.jmap.yaml", VALID)
    rows = list(csv.DictReader(io.StringIO(run_jmap("score", "-f", "csv", ".").stdout)))
    assert rows[0]["experience"] == "62.5"
    assert rows[0]["emotion_end"] == "25.0"
    assert rows[0]["misaligned_stages"] == ""


def test_invalid_maps_are_reported_and_left_out(workdir: Path) -> None:
    write(workdir, "a.jmap.yaml", VALID)
    write(workdir, "bad.jmap.yaml", VALID.replace("emotion: 4", "emotion: 9"))
    result = run_jmap("score", "--format", "json", ".")
    assert result.exit_code == 1
    doc = json.loads(result.stdout)  # stdout stays parseable: diagnostics go to stderr
    assert [m["path"] for m in doc["maps"]] == ["a.jmap.yaml"]
    assert doc["invalid"] == ["bad.jmap.yaml"]
    assert "bad.jmap.yaml:12:14: error: JM002" in result.stderr


def test_gates_name_map_figure_value_and_bound(workdir: Path) -> None:
    write(workdir, "a.jmap.yaml", VALID)
    ok = run_jmap("score", "--fail-under", "experience=60", "--fail-over", "gap=30", ".")
    assert ok.exit_code == 0
    bad = run_jmap(
        "score",
        "--fail-under",
        "experience=70",
        "--fail-under",
        "emotion.low=30",
        "--fail-over",
        "gap=20",
        ".",
    )
    assert bad.exit_code == 1
    assert "a.jmap.yaml: experience 62.5 is under 70 (--fail-under experience=70)" in bad.stderr
    assert "a.jmap.yaml: emotion.low 25.0 is under 30" in bad.stderr
    assert "a.jmap.yaml: gap 25.0 is over 20 (--fail-over gap=20)" in bad.stderr


def test_gate_on_nothing_to_measure_is_noted_not_failed(workdir: Path) -> None:
    write(workdir, "b.jmap.yaml", "jmap: 1\ntitle: Bare\npersona: {name: B}\nstages: [{name: S}]\n")
    result = run_jmap("score", "--fail-under", "experience=60", ".")
    assert result.exit_code == 0
    assert "experience has nothing to measure" in result.stderr


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--fail-under", "experince=60"], "did you mean 'experience'"),
        (["--fail-under", "experience"], "expected FIGURE=VALUE"),
        (["--fail-under", "experience=high"], "'high' is not a number"),
        (["--fail-over", "experience=10"], "unknown figure 'experience'"),
        (["--format", "xml"], "Invalid value"),
    ],
)
def test_bad_options_are_usage_errors(workdir: Path, args: list[str], words: str) -> None:
    write(workdir, "a.jmap.yaml", VALID)
    result = run_jmap("score", *args, ".")
    assert result.exit_code == 2
    assert words in result.stderr


def test_gates_from_the_configuration_and_cli_override(workdir: Path) -> None:
    write(workdir, "a.jmap.yaml", VALID)
    write(workdir, "jmap.toml", '[score.fail-under]\nexperience = 70\n"emotion.low" = 10\n')
    result = run_jmap("score", ".")
    assert result.exit_code == 1
    assert "experience 62.5 is under 70" in result.stderr
    assert run_jmap("score", "--fail-under", "experience=50", ".").exit_code == 0


def test_gates_in_pyproject(workdir: Path) -> None:
    (workdir / "jmap.toml").unlink()
    write(workdir, "a.jmap.yaml", VALID)
    write(
        workdir,
        "pyproject.toml",
        "[project]\nname = 'x'\n\n[tool.jmap.score.fail-over]\ngap = 10\n",
    )
    result = run_jmap("score", ".")
    assert result.exit_code == 1
    assert "gap 25.0 is over 10" in result.stderr


@pytest.mark.parametrize(
    ("toml", "words"),
    [
        (
            "[score]\nfail-undr = {experience = 1}\n",
            "jmap.toml:2: unknown key 'fail-undr' in [score]",
        ),
        ("[score.fail-under]\n\nexperiance = 1\n", "jmap.toml:3: fail-under: unknown figure"),
        ("[score.fail-over]\ngap = 'high'\n", "jmap.toml:2: fail-over.gap must be a number"),
        ("colour = 1\n", "jmap.toml:1: unknown key 'colour'"),
        ("[score\n", "jmap.toml:1: not TOML"),
    ],
)
def test_configuration_errors_name_file_and_line(workdir: Path, toml: str, words: str) -> None:
    write(workdir, "a.jmap.yaml", VALID)
    write(workdir, "jmap.toml", toml)
    result = run_jmap("score", ".")
    assert result.exit_code == 2
    assert words in result.stderr


def test_by_owner(workdir: Path) -> None:
    write(
        workdir,
        "a.jmap.yaml",
        VALID.replace(
            "        performance: 3\n", "        performance: 2\n        pain_points: [Long wait]\n"
        ),
    )
    out = run_jmap("score", "--by", "owner", ".").stdout
    rows = [
        [c.strip() for c in line.strip("│ ").split("│")]
        for line in out.splitlines()
        if line.startswith("│ Marketing") or line.startswith("│ Sales")
    ]
    # By hand: Marketing owns 'Finds the website', w 3 · (100 − 75) = 75, not weak, no pain;
    # Sales owns 'Signs the contract', performance 2 → 25 (weak), no target (no gap), one
    # pain point. Ranked by the weighted gap owned: Marketing first despite Sales' pain.
    assert rows == [
        ["Marketing", "75", "1", "0", "0", "1"],
        ["Sales", "0", "1", "1", "1", "1"],
    ]
    doc = json.loads(run_jmap("score", "--format", "json", ".").stdout)
    owners = {o["owner"]: o for o in doc["portfolio"]["owners"]}
    assert owners["Marketing"]["weighted_gap"] == 75.0
    assert owners["Sales"]["weighted_gap"] == 0.0
    md = run_jmap("score", "--by", "owner", "--format", "md", ".").stdout
    assert "| Owner | Weighted gap | Touchpoints | Weak (<50) | Pain points | Maps |" in md
    assert "| Marketing | 75 | 1 | 0 | 0 | 1 |" in md


def test_by_owner_in_csv_is_the_owner_table(workdir: Path) -> None:
    """A CSV holds one table: with --by owner, the owners' (QA: --by was ignored)."""
    write(
        workdir,
        "a.jmap.yaml",
        VALID.replace(
            "        performance: 3\n", "        performance: 2\n        pain_points: [Long wait]\n"
        ),
    )
    write(
        workdir,
        "b.jmap.yaml",
        VALID.replace("Buying a family car", "Selling a car")
        .replace("teams: [Marketing, Sales]", "teams: [Marketing, Sales, '=cmd']")
        .replace("owner: Sales", "owner: '=cmd'")
        .replace("        owner: Marketing\n", ""),
    )
    result = run_jmap("score", "--by", "owner", "--format", "csv", ".")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout)))
    # Marketing: a's 'Finds the website', w 3 · (100 − 75) = 75; b's copy has no owner
    assert rows == [
        ["owner", "weighted_gap", "touchpoints", "weak_touchpoints", "pain_points", "maps"],
        ["Marketing", "75.0", "1", "0", "0", "a"],
        ["Sales", "0.0", "1", "1", "1", "a"],
        ["'=cmd", "0.0", "1", "0", "0", "b"],  # a formula defused
        ["", "75.0", "1", "0", "0", "b"],  # nobody's touchpoints come last
    ]


SEVEN = VALID.replace("channels:", "scale: {min: 1, max: 7}\nchannels:").replace(
    "emotion: 2", "emotion: 3"
)


def test_ratings_and_emotion_on_the_maps_own_scale(workdir: Path) -> None:
    write(workdir, "a.jmap.yaml", SEVEN)
    out = run_jmap("score", "a.jmap.yaml").stdout
    row = next(line for line in out.splitlines() if "Buying" in line)
    cells = [c.strip() for c in row.strip("│ ").split("│")]
    assert cells[4:6] == ["3 / 7", "3 / 7"]  # emotion 4 then 3 on 1-7: lowest 3, last 3
    assert "50.0" not in row and "33.3" not in row  # not the normalised 0-100 figures
    doc = json.loads(run_jmap("score", "-f", "json", "a.jmap.yaml").stdout)
    (entry,) = doc["maps"]
    assert entry["scale"] == {"min": 1, "max": 7}
    assert entry["emotion"]["low"] == pytest.approx(100 * 2 / 6)  # JSON stays normalised
    detail = run_jmap("score", "--detail", "a.jmap.yaml").stdout
    stage = next(line for line in detail.splitlines() if line.startswith("│ Discovery"))
    assert "4 / 7" in stage  # the stage's emotion as written
    assert "Now and Target on the map's scale 1–7" in detail


def test_experience_and_quality_are_named_apart(workdir: Path) -> None:
    write(workdir, "a.jmap.yaml", VALID)
    for args in (["score", "a.jmap.yaml"], ["score", "-f", "md", "a.jmap.yaml"]):
        out = run_jmap(*args).stdout
        experience, quality = out.index("The customer's experience"), out.index("The map's quality")
        assert experience < quality
        assert "Completeness" in out[quality:] and "Completeness" not in out[:quality]
        assert "Experience" in out[experience:quality]


def test_misaligned_channels_as_a_sentence(workdir: Path) -> None:
    # Purchase: Phone 3 → 50 and Website 1 → 0, 50 apart
    text = VALID + (
        "      - name: Pays online\n        channel: Website\n        owner: Sales\n"
        "        performance: 1\n"
    )
    write(workdir, "a.jmap.yaml", text)
    sentence = (
        "In Purchase, how well things go depends on the channel the customer uses:"
        " Phone 3 / 5, Website 1 / 5 (average performance)."
    )
    for args in (["score", "a.jmap.yaml"], ["score", "-f", "md", "a.jmap.yaml"]):
        out = run_jmap(*args).stdout
        assert sentence in " ".join(out.split()), args
        assert "misaligned" not in out


def test_detail_gives_touchpoint_names_the_room_at_100_columns(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    text = VALID.replace(
        "name: Finds the website", "name: Finds the website after comparing three brochures"
    )
    write(workdir, "a.jmap.yaml", text)
    out = run_jmap("score", "--detail", "a.jmap.yaml").stdout
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= 100
    # the 54-character name fits on one line: the other columns keep only what they need
    assert any("Finds the website after comparing three brochures" in line for line in lines)

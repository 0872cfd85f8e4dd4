"""`jmap score` 1.1 through the CLI: evidence, opportunities, journeys, filters, gates."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from helpers import run_jmap

# The spec's worked example as a file, with its opportunity and a done one; by hand:
# experience 475/13 = 36.54, gap 825/13 = 63.46, evidence 0 (A and B have none),
# 'fix-both' impact 825, priority 825·5/2 = 2062.5; 'shipped' (done) impact 75 and
# priority 75·3/3 = 75, left out of the ranking.
WORKED = """\
jmap: 1
title: Worked example
journey: worked
tags: [retail]
persona: {name: Sarah}
stages:
  - name: Only
    emotion: 2
    opportunities:
      - {name: Shipped, addresses: [a], status: done}
      - {name: Fix both, addresses: [a, b], value: 5, effort: 2, status: planned}
    touchpoints:
      - {name: A, performance: 4, target: 5, importance: 3}
      - {name: B, moment_of_truth: true, performance: 2, target: 5, importance: 5}
"""
# The same map on -2…2 (every rating -3) as the to-be state of the journey: same figures.
SHIFTED = """\
jmap: 1
title: Worked on -2..2
journey: worked
state: to-be
based_on: worked.jmap.yaml
persona: {name: Sarah}
scale: {min: -2, max: 2}
stages:
  - name: Only
    emotion: -1
    opportunities:
      - {name: Fix both, addresses: [a, b], value: 2, effort: -1}
    touchpoints:
      - {name: A, performance: 1, target: 2, importance: 0, evidence: [Survey]}
      - {name: B, moment_of_truth: true, performance: -1, target: 2, importance: 2}
"""
BARE = "jmap: 1\ntitle: Bare\npersona: {name: B}\nstages: [{name: S}]\n"


def write(workdir: Path, name: str, text: str) -> None:
    (workdir / name).write_text(text, encoding="utf-8")


def test_json_carries_evidence_and_opportunities(workdir: Path) -> None:
    write(workdir, "worked.jmap.yaml", WORKED)
    doc = json.loads(run_jmap("score", "--format", "json", "worked.jmap.yaml").stdout)
    (m,) = doc["maps"]
    assert round(m["experience"], 2) == 36.54
    assert m["evidence"] == 0.0
    assert [
        {k: o[k] for k in ("id", "stage", "status", "impact", "priority")}
        for o in m["opportunities"]
    ] == [
        {"id": "shipped", "stage": "only", "status": "done", "impact": 75.0, "priority": 75.0},
        {"id": "fix-both", "stage": "only", "status": "planned", "impact": 825.0,
         "priority": 2062.5},
    ]  # fmt: skip
    assert (m["journey"], m["state"], m["persona"], m["tags"]) == (
        "worked",
        "as-is",
        "Sarah",
        ["retail"],
    )
    assert doc["portfolio"]["evidence"] == 0.0
    assert doc["journeys"] == []  # one map alone is no journey summary


def test_minus_two_to_two_gives_the_same_figures_through_the_cli(workdir: Path) -> None:
    write(workdir, "worked.jmap.yaml", WORKED)
    write(workdir, "shifted.jmap.yaml", SHIFTED)
    doc = json.loads(run_jmap("score", "--format", "json", ".").stdout)
    shifted, plain = doc["maps"]  # sorted by path
    for figure in ("experience", "gap", "emotion", "hotspots"):
        assert shifted[figure] == plain[figure], figure
    assert shifted["opportunities"][0]["priority"] == 2062.5
    assert shifted["evidence"] == 50.0  # A has evidence here: 1 of the 2 rated touchpoints


def test_text_and_markdown_detail_rank_open_opportunities(workdir: Path) -> None:
    write(workdir, "worked.jmap.yaml", WORKED)
    text = run_jmap("score", "--detail", "worked.jmap.yaml").stdout
    assert "Open opportunities" in text
    ranked = [line for line in text.splitlines() if ". priority " in line]
    assert len(ranked) == 1  # the done one is left out
    assert "1. priority 2062.5, impact 825: Fix both (Only, planned" in ranked[0]
    md = run_jmap("score", "--detail", "--format", "md", "worked.jmap.yaml").stdout
    assert "**Open opportunities of Worked example**, by priority" in md
    line = "1. priority 2062.5, impact 825: Fix both (Only, planned, no owner; addresses a, b)"
    assert line in md
    assert "Shipped" not in md


def test_evidence_column_in_text_markdown_and_csv(workdir: Path) -> None:
    write(workdir, "worked.jmap.yaml", WORKED)
    write(workdir, "shifted.jmap.yaml", SHIFTED)
    write(workdir, "bare.jmap.yaml", BARE)
    text = run_jmap("score", ".").stdout
    assert "Evidence" in text
    # evidence is a figure of the map's quality: the last column of that table
    quality_table = text[text.index("The map's quality") :].split("\n\n")[0]
    rows = {
        cells[0]: cells[-1]
        for line in quality_table.splitlines()
        if line.startswith("│")
        for cells in [[c.strip() for c in line.strip("│ ").split("│")]]
    }
    assert rows == {
        "Bare": "–",  # nothing to measure
        "Worked on -2..2": "50.0",
        "Worked example": "0.0",
        "Portfolio (3 maps)": "25.0",  # mean of 50 and 0; Bare is not counted as 0
    }
    md = run_jmap("score", "--format", "md", ".").stdout
    assert "| Map | Completeness | Ownership | Evidence |" in md.splitlines()
    assert "| **25.0** |" in md
    table = list(csv.DictReader(io.StringIO(run_jmap("score", "--format", "csv", ".").stdout)))
    by_id = {row["id"]: row for row in table}
    assert (by_id["bare"]["evidence"], by_id["worked"]["evidence"]) == ("", "0.0")
    assert by_id["worked"]["opportunities"] == "fix-both"  # open ones, by priority
    assert by_id["bare"]["opportunities"] == ""


def test_evidence_gate_fails_and_notes_a_map_with_nothing_to_measure(workdir: Path) -> None:
    write(workdir, "worked.jmap.yaml", WORKED)
    write(workdir, "bare.jmap.yaml", BARE)
    result = run_jmap("score", "--fail-under", "evidence=40", ".")
    assert result.exit_code == 1
    assert "worked.jmap.yaml: evidence 0.0 is under 40 (--fail-under evidence=40)" in result.stderr
    assert "bare.jmap.yaml: evidence has nothing to measure" in result.stderr
    only_bare = run_jmap("score", "--fail-under", "evidence=40", "bare.jmap.yaml")
    assert only_bare.exit_code == 0
    assert "evidence has nothing to measure; --fail-under evidence=40 not checked" in (
        only_bare.stderr
    )


def test_evidence_gate_in_the_configuration(workdir: Path) -> None:
    write(workdir, "worked.jmap.yaml", WORKED)
    write(workdir, "jmap.toml", "[score.fail-under]\nevidence = 10\n")
    result = run_jmap("score", ".")
    assert result.exit_code == 1
    assert "evidence 0.0 is under 10" in result.stderr
    assert run_jmap("score", "--fail-under", "evidence=0", ".").exit_code == 0


def test_journey_summary_in_text_markdown_and_json(workdir: Path) -> None:
    write(workdir, "worked.jmap.yaml", WORKED)
    write(workdir, "shifted.jmap.yaml", SHIFTED)
    doc = json.loads(run_jmap("score", "--format", "json", ".").stdout)
    (j,) = doc["journeys"]
    # shifted.jmap.yaml (to-be) is found first; as-is is listed first all the same
    assert (j["journey"], j["personas"], j["states"]) == ("worked", ["Sarah"], ["as-is", "to-be"])
    assert [m["state"] for m in j["maps"]] == ["as-is", "to-be"]
    assert j["stages"] == [{"id": "only", "name": "Only"}]
    assert [m["curve"] for m in j["maps"]] == [[25.0], [25.0]]
    (c,) = j["comparisons"]
    assert (c["as_is"], c["to_be"]) == ("worked.jmap.yaml", "shifted.jmap.yaml")
    assert c["deltas"] == {
        "experience": 0.0,
        "gap": 0.0,
        "evidence": 50.0,
        "emotion.low": 0.0,
        "emotion.end": 0.0,
    }
    text = run_jmap("score", ".").stdout
    assert "Journey worked: 2 maps; personas Sarah; states as-is, to-be" in text
    assert "Emotion by stage" in text
    assert "evidence +50.0 ▲" in text
    md = run_jmap("score", "--format", "md", ".").stdout
    assert "**Journey worked: 2 maps; personas Sarah; states as-is, to-be**" in md
    assert "| Stage | Sarah (as-is) | Sarah (to-be) |" in md
    assert "| Only | 25.0 | 25.0 |" in md
    assert "experience 0.0, gap 0.0, evidence +50.0 ▲" in md


def test_tag_and_state_filter_rows_portfolio_journeys_and_gates(workdir: Path) -> None:
    write(workdir, "worked.jmap.yaml", WORKED)
    write(workdir, "shifted.jmap.yaml", SHIFTED)
    doc = json.loads(run_jmap("score", "--format", "json", "--tag", "RETAIL", ".").stdout)
    assert [m["id"] for m in doc["maps"]] == ["worked"]
    assert doc["portfolio"]["maps"] == 1
    assert doc["journeys"] == []
    doc = json.loads(run_jmap("score", "--format", "json", "--state", "to-be", ".").stdout)
    assert [m["id"] for m in doc["maps"]] == ["shifted"]
    # the gate only looks at the maps kept: the as-is map (evidence 0) is filtered out
    assert run_jmap("score", "--state", "to-be", "--fail-under", "evidence=40", ".").exit_code == 0
    bad = run_jmap("score", "--state", "draft", ".")
    assert bad.exit_code == 2
    assert "Invalid value" in bad.stderr


def test_markdown_keeps_map_text_inside_its_cells(workdir: Path) -> None:
    # The map's text goes through score/markdown.py's one Markdown escaper (`_md`), as the
    # map titles do; a pipe in a persona or opportunity name never splits a table cell.
    write(workdir, "worked.jmap.yaml", WORKED.replace("{name: Sarah}", "{name: 'Sa|rah'}"))
    write(workdir, "shifted.jmap.yaml", SHIFTED.replace("{name: Sarah}", "{name: 'Sa|rah'}"))
    md = run_jmap("score", "--format", "md", "--detail", ".").stdout
    assert "| Stage | Sa\\|rah (as-is) | Sa\\|rah (to-be) |" in md
    assert "| Worked on -2..2 | Sa\\|rah | to-be | 36.5 | 63.5 | 50.0 | ▃ |" in md


def test_a_tag_no_map_has_is_a_warning(workdir: Path) -> None:
    # A mistyped --tag keeps no map, so a gate would pass over nothing: jmap says so.
    write(workdir, "worked.jmap.yaml", WORKED)
    result = run_jmap(
        "score", "--tag", "retail", "--tag", "retial", "--fail-under", "experience=99", "."
    )
    assert "jmap: warning: no map has the tag 'retial'" in result.stderr
    assert "'retail'" not in result.stderr
    assert result.exit_code == 1  # the gate still sees the map tagged retail
    clean = run_jmap("score", "--tag", "RETAIL", ".")
    assert "warning" not in clean.stderr


def test_markdown_counts_the_maps_left_out_in_words(workdir: Path) -> None:
    write(workdir, "worked.jmap.yaml", WORKED)
    write(workdir, "bad.jmap.yaml", "jmap: 1\ntitle: Bad\n")
    md = run_jmap("score", "--format", "md", ".")
    assert md.exit_code == 1
    assert "\n1 map failed validation and is left out: bad.jmap.yaml\n" in md.stdout
    write(workdir, "worse.jmap.yaml", "jmap: 1\ntitle: Worse\n")
    md = run_jmap("score", "--format", "md", ".")
    assert "\n2 maps failed validation and are left out: " in md.stdout


def _view(persona: str, state: str) -> str:
    return (
        f"jmap: 1\ntitle: {persona} {state}\njourney: trip\nstate: {state}\n"
        f"persona: {{name: {persona}}}\nstages: [{{name: Go, emotion: 3}}]\n"
    )


def test_journey_states_and_maps_read_the_same_in_any_file_order(workdir: Path) -> None:
    """as-is before to-be, maps then by persona (case aside) and path, personas by name:
    the same listing whichever names sort first."""
    views = [("zoe", "to-be"), ("Tom", "as-is"), ("amy", "as-is"), ("Tom", "to-be")]
    listings = []
    for names in (["a", "b", "c", "d"], ["d", "c", "b", "a"]):
        for old in workdir.glob("*.jmap.yaml"):
            old.unlink()
        for name, (persona, state) in zip(names, views, strict=True):
            write(workdir, f"{name}.jmap.yaml", _view(persona, state))
        doc = json.loads(run_jmap("score", "--format", "json", ".").stdout)
        (j,) = doc["journeys"]
        assert j["states"] == ["as-is", "to-be"]
        assert j["personas"] == ["amy", "Tom", "zoe"]
        shown = [(m["persona"], m["state"]) for m in j["maps"]]
        assert shown == [("amy", "as-is"), ("Tom", "as-is"), ("Tom", "to-be"), ("zoe", "to-be")]
        text = run_jmap("score", ".").stdout
        assert "Journey trip: 4 maps; personas amy, Tom, zoe; states as-is, to-be" in text
        md = run_jmap("score", "--format", "md", ".").stdout
        assert "| Stage | amy (as-is) | Tom (as-is) | Tom (to-be) | zoe (to-be) |" in md
        listings.append({k: v for k, v in j.items() if k not in ("maps", "comparisons")})
    assert listings[0] == listings[1]

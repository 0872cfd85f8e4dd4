"""`jmap score` 1.2 through the CLI and the installed command: the roll-up over detail
maps, `behind` on hotspots, `stages[].detail`, rollup gates, the portfolio."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from helpers import run_installed, run_jmap

# docs/scoring.md, "Roll-up, by hand": the parent (1-5) with two stages; Order opens into
# a map on 0-10 whose Deposit stage opens into the payment map, which the parent's
# Delivery stage opens into too. By hand: rollup experience 1150/24 = 47.92, gap
# 1050/24 = 43.75, evidence 3 of 5 = 60, 1 moment of truth; the parent's own experience
# (125 + 225) / 8 = 43.75, gap 250 / 8 = 31.25. The stock system (support) is behind A.
PARENT = """\
jmap: 1
title: Buying a car
persona: {name: Sarah}
stages:
  - name: Order
    emotion: 3
    detail: order/order.jmap.yaml
    touchpoints:
      - {name: A, channel: Showroom, performance: 2, target: 4, importance: 5}
      - {name: Stock system, layer: support, actor: Stock system, performance: 2, supports: [a]}
  - name: Delivery
    emotion: 4
    detail: pay.jmap.yaml
    touchpoints:
      - {name: B, channel: Showroom, performance: 4, target: 4, importance: 3}
"""
ORDER = """\
jmap: 1
title: Ordering
persona: {name: Sarah}
scale: {min: 0, max: 10}
stages:
  - name: Sign
    emotion: 4
    touchpoints:
      - {name: C, moment_of_truth: true, performance: 5, target: 10, importance: 10,
         evidence: [Signing survey]}
  - name: Deposit
    emotion: 6
    detail: ../pay.jmap.yaml
"""
PAY = """\
jmap: 1
title: Paying
persona: {name: Sarah}
stages:
  - name: Card
    emotion: 2
    touchpoints:
      - {name: D, performance: 3, target: 5, importance: 3, evidence: [Payment log]}
"""


@pytest.fixture
def hierarchy(workdir: Path) -> Path:
    (workdir / "order").mkdir()
    (workdir / "parent.jmap.yaml").write_text(PARENT, encoding="utf-8")
    (workdir / "order/order.jmap.yaml").write_text(ORDER, encoding="utf-8")
    (workdir / "pay.jmap.yaml").write_text(PAY, encoding="utf-8")
    return workdir


def test_json_carries_the_roll_up_behind_and_stage_details(hierarchy: Path) -> None:
    result = run_jmap("score", "--format", "json", "parent.jmap.yaml")
    assert result.exit_code == 0, result.stderr
    (m,) = json.loads(result.stdout)["maps"]
    assert (m["experience"], m["gap"]) == (43.75, 31.25)  # its own figures are unchanged
    r = m["rollup"]
    assert r["experience"] == pytest.approx(1150 / 24)
    assert (r["gap"], r["evidence"], r["moments_of_truth"]) == (43.75, 60.0, 1)
    assert (r["maps"], r["touchpoints"]) == (3, 5)
    # the detail maps named relative to the parent, whichever map names them
    assert [(h["id"], h["weighted_gap"], h["map"]) for h in r["hotspots"]] == [
        ("c", 500.0, "order/order.jmap.yaml"),
        ("a", 250.0, "parent.jmap.yaml"),
        ("d", 150.0, "pay.jmap.yaml"),
    ]
    order, delivery = (st["detail"] for st in m["stages"])
    assert order == {
        "path": "order/order.jmap.yaml",
        "experience": 50.0,
        "gap": 50.0,
        "emotion": {"low": 40.0, "end": 60.0},
        "scale": {"min": 0, "max": 10},
    }
    assert delivery["path"] == "pay.jmap.yaml"
    (a,) = m["hotspots"]
    assert a["behind"] == [
        {"id": "stock-system", "name": "Stock system", "layer": "support", "performance": 25.0}
    ]
    assert "map" not in a and "behind" not in m["touchpoints"][0]


def test_a_map_without_details_gets_null(hierarchy: Path) -> None:
    (m,) = json.loads(run_jmap("score", "-f", "json", "pay.jmap.yaml").stdout)["maps"]
    assert m["rollup"] is None
    assert m["stages"][0]["detail"] is None
    assert m["hotspots"][0]["behind"] == []


def test_the_portfolio_counts_each_map_once(hierarchy: Path) -> None:
    doc = json.loads(run_jmap("score", "-f", "json", "parent.jmap.yaml", "pay.jmap.yaml").stdout)
    # the means of the maps' own figures: the payment map is one row, not three
    assert doc["portfolio"]["maps"] == 2
    assert doc["portfolio"]["experience"] == pytest.approx((43.75 + 50) / 2)
    assert doc["portfolio"]["gap"] == pytest.approx((31.25 + 50) / 2)
    assert doc["portfolio"]["moments_of_truth"] == 0.0


def test_text_shows_the_roll_up_beside_the_map_and_what_is_behind(hierarchy: Path) -> None:
    proc = run_installed(hierarchy, "score", "parent.jmap.yaml", "pay.jmap.yaml", "--detail")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    parent = next(i for i, line in enumerate(lines) if line.startswith("│ Buying a car"))
    assert lines[parent + 1].split("│")[1:4] == [
        " ↳ with its 2 detail maps ",
        "       47.9 ",
        "          43.8 ",
    ]
    assert "│ ↳ with its 2 detail maps │              │           │     60.0 │" in proc.stdout
    assert "Portfolio (2 maps)" in proc.stdout
    assert "behind it: Stock system, 2 / 5" in proc.stdout
    assert (
        "→ Order opens into order/order.jmap.yaml: experience 50.0, gap 50.0, lowest emotion"
        " 4 / 10, at the end 6 / 10" in proc.stdout
    )
    assert "Stock system (support)" in proc.stdout
    assert "C — Sign, in order/order.jmap.yaml, no owner" in proc.stdout


def test_markdown_and_csv_carry_the_roll_up(hierarchy: Path) -> None:
    md = run_installed(hierarchy, "score", "-f", "md", "--detail", "parent.jmap.yaml").stdout
    assert "| ↳ with its 2 detail maps | 47.9 | 43.8 |  |  |  | 1 |" in md
    assert "| ↳ with its 2 detail maps |  |  | 60.0 |" in md
    assert "weighted gap 250 — no pain point recorded; behind it: Stock system, 2 / 5" in md
    assert "**Roll-up of Buying a car**: With its 2 detail maps" in md
    text = run_installed(hierarchy, "score", "-f", "csv", "parent.jmap.yaml", "pay.jmap.yaml")
    parent, pay = csv.DictReader(io.StringIO(text.stdout))
    assert float(parent["rollup_experience"]) == pytest.approx(1150 / 24)
    assert (parent["rollup_gap"], parent["rollup_evidence"]) == ("43.75", "60.0")
    assert (parent["rollup_moments_of_truth"], parent["rollup_hotspots"]) == ("1", "3")
    assert parent["rollup_maps"] == "3"
    assert parent["experience"] == "43.75"
    assert [pay[k] for k in pay if k.startswith("rollup_")] == [""] * 6


def test_rollup_gates_on_the_command_line(hierarchy: Path) -> None:
    both = ("parent.jmap.yaml", "pay.jmap.yaml")
    proc = run_installed(hierarchy, "score", *both, "--fail-under", "rollup.experience=50")
    assert proc.returncode == 1
    assert (
        "jmap: gate failed: parent.jmap.yaml: rollup.experience 47.9 is under 50"
        " (--fail-under rollup.experience=50)" in proc.stderr
    )
    assert "pay.jmap.yaml" not in proc.stderr  # no roll-up: not gated, no note
    proc = run_installed(hierarchy, "score", *both, "--fail-over", "rollup.gap=40")
    assert proc.returncode == 1
    assert "parent.jmap.yaml: rollup.gap 43.8 is over 40 (--fail-over rollup.gap=40)" in (
        proc.stderr
    )
    passed = run_installed(hierarchy, "score", *both, "--fail-under", "rollup.evidence=60")
    assert passed.returncode == 0, passed.stderr
    # the own gap (31.25) passes where the rolled-up one (43.75) fails
    own = run_installed(hierarchy, "score", "parent.jmap.yaml", "--fail-over", "gap=40")
    assert own.returncode == 0, own.stderr


def test_a_rollup_gate_over_maps_without_details_says_it_checked_nothing(
    hierarchy: Path,
) -> None:
    proc = run_installed(hierarchy, "score", "pay.jmap.yaml", "--fail-over", "rollup.gap=1")
    assert proc.returncode == 0
    assert (
        "jmap: note: no map scored has detail maps: --fail-over rollup.gap=1 checked nothing"
        in proc.stderr
    )


def test_rollup_gates_in_the_configuration(hierarchy: Path) -> None:
    (hierarchy / "jmap.toml").write_text(
        '[score.fail-under]\nrollup.experience = 50\n[score.fail-over]\n"rollup.gap" = 40\n'
    )
    proc = run_installed(hierarchy, "score", "parent.jmap.yaml")
    assert proc.returncode == 1
    assert "rollup.experience 47.9 is under 50" in proc.stderr
    assert "rollup.gap 43.8 is over 40" in proc.stderr
    # the command line replaces the configured gate on the same figure
    relaxed = run_installed(
        hierarchy, "score", "parent.jmap.yaml", "--fail-under", "rollup.experience=40"
    )
    assert "rollup.experience" not in relaxed.stderr


@pytest.mark.parametrize(
    ("option", "figure", "hint"),
    [
        ("--fail-under", "rollup.experiense=50", "did you mean 'rollup.experience'?"),
        ("--fail-under", "rollup.gap=50", "allowed: experience,"),
        ("--fail-over", "rollup.experience=50", "allowed: gap, rollup.gap"),
    ],
)
def test_a_wrong_rollup_gate_is_a_usage_error(
    hierarchy: Path, option: str, figure: str, hint: str
) -> None:
    proc = run_installed(hierarchy, "score", "parent.jmap.yaml", option, figure)
    assert proc.returncode == 2
    assert hint in proc.stderr


def test_a_wrong_rollup_gate_in_the_configuration_names_the_line(hierarchy: Path) -> None:
    (hierarchy / "jmap.toml").write_text("[score.fail-over]\nrollup.experience = 50\n")
    proc = run_installed(hierarchy, "score", "parent.jmap.yaml")
    assert proc.returncode == 2
    assert "jmap.toml:2" in proc.stderr
    assert "unknown figure 'rollup.experience'" in proc.stderr


def test_over_the_cores_the_roll_up_is_the_serial_one(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 220 parents share one payment map: over 200 maps, scoring runs on worker processes,
    # each with its own memo of the payment map's figures
    (workdir / "pay.jmap.yaml").write_text(PAY, encoding="utf-8")
    for i in range(220):
        text = PARENT.replace("order/order.jmap.yaml", "pay.jmap.yaml").replace(
            "Buying a car", f"Buying car {i}"
        )
        (workdir / f"p{i:03}.jmap.yaml").write_text(text, encoding="utf-8")
    outputs = {}
    for jobs in ("1", "2"):
        monkeypatch.setenv("JMAP_JOBS", jobs)
        result = run_jmap("score", "-f", "json", ".")
        assert result.exit_code == 0, result.stderr
        outputs[jobs] = json.loads(result.stdout)
    assert outputs["1"] == outputs["2"]
    # each parent: A (w 5, n 25), B (w 3, n 75), D twice (w 3, n 50): 650 / 14
    rolled = [m["rollup"]["experience"] for m in outputs["1"]["maps"] if m["rollup"]]
    assert rolled == [pytest.approx(650 / 14)] * 220


def test_a_blueprint_drawn_as_a_web_lists_the_weakest_ten(workdir: Path) -> None:
    # 2,000 touchpoints and 3,000 links: 1,000 hotspots resting on one backstage step and
    # 999 systems. Listed whole, `behind` would hold a million entries (quadratic); each
    # hotspot lists its ten weakest, and scoring stays linear (benchmarks/scaling.py).
    points = [
        f"      - {{name: F{i}, channel: Web, performance: 2, target: 5}}" for i in range(1000)
    ]
    fronts = ", ".join(f"f{i}" for i in range(1000))
    points.append(f"      - {{name: B, layer: backstage, performance: 3, supports: [{fronts}]}}")
    points += [
        f"      - {{name: S{j}, layer: support, performance: {1 + j % 5},"
        f" supports: [b, f{j}, f{(j * 7) % 1000}]}}"
        for j in range(999)
    ]
    text = "jmap: 1\ntitle: Web\npersona: {name: P}\nstages:\n  - name: S\n    touchpoints:\n"
    (workdir / "web.jmap.yaml").write_text(text + "\n".join(points) + "\n", encoding="utf-8")
    proc = run_installed(workdir, "score", "-f", "json", "web.jmap.yaml")
    assert proc.returncode == 0, proc.stderr
    (m,) = json.loads(proc.stdout)["maps"]
    assert len(m["hotspots"]) == 1000
    assert {len(h["behind"]) for h in m["hotspots"]} == {10}
    # the weakest first: the systems rated 1 (n 0)
    assert {b["performance"] for h in m["hotspots"] for b in h["behind"][:2]} == {0.0}

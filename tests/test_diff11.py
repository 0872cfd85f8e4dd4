"""`jmap diff` over the parts of format 1.1: opportunities, metrics, quotes, links, state."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from helpers import ROOT, run_jmap
from journeymap_cli import __version__

OLD = "tests/data/diff11/old.jmap.yaml"
NEW = "tests/data/diff11/new.jmap.yaml"


@pytest.fixture
def at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    for name in ("FORCE_COLOR", "NO_COLOR", "GITHUB_ACTIONS"):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize(("fmt", "suffix"), [("text", "txt"), ("md", "md"), ("json", "json")])
def test_golden(at_root: None, fmt: str, suffix: str, golden: Callable[[str, str], None]) -> None:
    result = run_jmap("diff", OLD, NEW, "--format", fmt, "--fail-on-regression")
    assert result.exit_code == 0  # every figure improved: no regression
    golden(f"diff/bank11.{suffix}", result.stdout.replace(__version__, "<version>"))


def test_opportunities_by_id_across_stages(at_root: None) -> None:
    doc = json.loads(run_jmap("diff", OLD, NEW, "-f", "json").stdout)
    ideas = {o["id"]: o for o in doc["opportunities"]}
    assert ideas["video-verification"]["kind"] == "added"
    assert ideas["chat-help"]["kind"] == "removed"  # a 1.0 string is an idea of that name
    changes = {c["field"]: (c["old"], c["new"]) for c in ideas["prefill"]["changes"]}
    assert changes == {"status": ("planned", "done"), "value": (4, 5), "effort": (2, 3)}
    moved = {c["field"]: (c["old"], c["new"]) for c in ideas["save-and-resume"]["changes"]}
    assert moved == {"stage": ("Applying", "Verification"), "addresses": ([], ["uploads-an-id"])}


def test_metric_arrows_follow_better(at_root: None) -> None:
    doc = json.loads(run_jmap("diff", OLD, NEW, "-f", "json").stdout)
    metrics = {(m["key"], m["kind"]): m for m in doc["metrics"]}
    errors = metrics[("errors_per_form", "changed")]
    assert (errors["where"], errors["better"]) == ("Applying / Fills the form", "lower")
    assert errors["met"] == {"old": False, "new": True}
    assert ("nps", "added") in metrics and metrics[("nps", "added")]["value"] == 30
    assert metrics[("drop_offs", "removed")]["value"] == "a lot"  # a 1.0 text figure
    text = run_jmap("diff", OLD, NEW).stdout
    # lower is better: going down is ▲ good, going up ▼; the same for a target
    assert "errors per form (Applying / Fills the form): value 3 → 1 ▲" in text
    assert "minutes to apply (Applying): value 18 min → 20 min ▼; target 10 min → 12 min ▼" in text
    assert "completion rate (Applying): value 42 % → 65 % ▲; now meets its target" in text


def test_quotes_links_state_and_based_on(at_root: None) -> None:
    doc = json.loads(run_jmap("diff", OLD, NEW, "-f", "json").stdout)
    assert {(q["kind"], q["text"], q["where"]) for q in doc["quotes"]} == {
        ("added", "Two minutes and done", "Applying / Fills the form"),
        ("removed", "I gave up on my phone", "Applying"),
    }
    links = {(k["kind"], k["map"]): k for k in doc["links"]}
    assert set(links) == {
        ("changed", "service.jmap.yaml"),
        ("added", "old.jmap.yaml"),
        ("removed", "return.jmap.yaml"),
    }
    assert links[("changed", "service.jmap.yaml")]["changes"][0] == {
        "field": "relation",
        "old": "next",
        "new": "previous",
        "kind": "value",
    }
    fields = {c["field"]: (c["old"], c["new"]) for c in doc["map"]}
    assert fields == {"state": ("as-is", "to-be"), "based_on": (None, "old.jmap.yaml")}
    assert doc["scores"]["evidence"] == {"old": 0.0, "new": 50.0}


def test_a_quote_alone_is_a_change(workdir: Path) -> None:
    base = "jmap: 1\ntitle: T\npersona: {name: P}\nstages:\n  - name: S\n"
    (workdir / "a.jmap.yaml").write_text(base, encoding="utf-8")
    (workdir / "b.jmap.yaml").write_text(
        base + "    quotes: [{text: 'Too slow <b>', who: 'User 1'}]\n", encoding="utf-8"
    )
    result = run_jmap("diff", "a.jmap.yaml", "b.jmap.yaml", "--exit-code", "-f", "md")
    assert result.exit_code == 1
    assert "**Quotes**" in result.stdout
    assert "&lt;b&gt;" in result.stdout and "<b>" not in result.stdout  # Markdown escaped

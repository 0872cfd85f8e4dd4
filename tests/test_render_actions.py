"""The page's open opportunities are the scoring model's: same priorities, same order as
`jmap score`, on any scale; a touchpoint written twice in `addresses` counts once."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from helpers import EXAMPLES, run_jmap

# Scale 0-10. Gaps (weight 1 + 4·n(importance)/100, doubled for a moment of truth):
#   wait: n(perf) 20, n(target) 80, importance 10 → w 5, MoT → 10: weighted gap 600
#   pay:  n(perf) 50, n(target) 70, no importance → w 3: weighted gap 60
#   back: backstage, n(perf) 0, n(target) 100: no gap counts
#   fine: n(perf) 90, n(target) 80: a negative gap counts for nothing
# Opportunities (v = 1 + 4·n(value)/100, e likewise, 3 without one):
#   twice: addresses [wait, wait] → impact 600 (not 1,200), value 10 → v 5, effort 5 → e 3:
#          priority 1,000
#   both:  [wait, pay] → impact 660, value 5 → v 3, effort 10 → e 5: priority 396
#   back:  [back, fine] → impact 0: priority 0
#   done:  [wait], status done: left out of the ranking
MAP = """\
jmap: 1
title: Paying at the counter
scale: {min: 0, max: 10}
persona: {name: Ana}
stages:
  - name: Queue
    emotion: 3
    opportunities:
      - Ask regulars what they miss
      - name: Staff a second till at noon
        addresses: [wait, wait]
        value: 10
        effort: 5
        status: planned
      - name: Card reader at every table
        addresses: [wait, pay]
        value: 5
        effort: 10
    touchpoints:
      - {name: Waits in line, id: wait, channel: Shop, owner: Ops, performance: 2, target: 8,
         importance: 10, moment_of_truth: true}
      - {name: Pays at the till, id: pay, channel: Shop, owner: Ops, performance: 5, target: 7}
      - {name: Counts the till, id: back, owner: Ops, backstage: true, performance: 0,
         target: 10}
  - name: Leave
    emotion: 6
    opportunities:
      - name: Refill the receipt printer at night
        addresses: [back, fine]
      - name: Add a second door
        addresses: [wait]
        status: done
    touchpoints:
      - {name: Gets a receipt, id: fine, channel: Shop, owner: Ops, performance: 9, target: 8}
"""


def page_and_score(path: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The page's open opportunities, and `jmap score`'s open ones by priority (stable)."""
    view = run_jmap("render", str(path), "-f", "json", "-o", "-")
    assert view.exit_code == 0, view.stderr
    score = run_jmap("score", str(path), "--format", "json")
    assert score.exit_code in (0, 1), score.stderr
    ranked = sorted(
        (
            o
            for o in json.loads(score.stdout)["maps"][0]["opportunities"]
            if o["status"] not in ("done", "dropped")
        ),
        key=lambda o: -o["priority"],
    )
    return json.loads(view.stdout)["opportunities"], ranked


def test_the_page_ranks_opportunities_with_the_scoring_models_priorities(workdir: Path) -> None:
    (workdir / "m.jmap.yaml").write_text(MAP, encoding="utf-8")
    page, score = page_and_score(workdir / "m.jmap.yaml")
    assert [(o["name"], o["priority"]) for o in page] == [
        # the page's own twin printed 2,000: it counted the gap of `wait` twice
        ("Staff a second till at noon", "1,000"),
        ("Card reader at every table", "396"),
        ("Refill the receipt printer at night", "0"),
        ("Ask regulars what they miss", None),  # format 1.0 text: no figures, last
    ]
    assert [o["priority"] for o in page[:3]] == [f"{o['priority']:,.0f}" for o in score]
    first = page[0]
    assert first["addresses"] == ["Waits in line"]  # written twice, addressed once
    assert (first["value"], first["effort"], first["status"]) == ("10 / 10", "5 / 10", "planned")
    assert (page[1]["value"], page[1]["effort"]) == ("5 / 10", "10 / 10")
    assert (page[2]["value"], page[2]["effort"]) == (None, None)


# the examples that write opportunities as mappings (format 1.1): the others have no figures
RANKED_EXAMPLES = sorted(
    p.name for p in EXAMPLES.glob("*.jmap.yaml") if "addresses:" in p.read_text("utf-8")
)


def test_some_examples_rank_opportunities() -> None:
    assert len(RANKED_EXAMPLES) >= 2


@pytest.mark.parametrize("name", RANKED_EXAMPLES)
def test_every_example_shows_the_priorities_jmap_score_gives(name: str) -> None:
    page, score = page_and_score(EXAMPLES / name)
    ranked = [o for o in page if o["priority"] is not None]
    assert score and [o["priority"] for o in ranked] == [f"{o['priority']:,.0f}" for o in score]
    assert [o["name"] for o in ranked] == [o["name"] for o in score]  # in the same order

"""Scoring 1.2 by hand: the support layer, what stands behind a hotspot, and the roll-up
over detail maps (docs/scoring.md, "Roll-up, by hand")."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from journeymap_cli.format.drilldown import Detail
from journeymap_cli.format.model import JourneyMap
from journeymap_cli.score import rollup
from journeymap_cli.score.figures import MapScore, score_map
from journeymap_cli.score.points import BEHIND_AT_MOST
from journeymap_cli.score.portfolio import portfolio
from journeymap_cli.score.rollup import Memo


def build(data: dict[str, Any]) -> JourneyMap:
    base = {"jmap": 1, "title": "T", "persona": {"name": "P"}}
    return JourneyMap.model_validate({**base, **data})


def scored(data: dict[str, Any], details: dict[int, Detail] | None = None) -> MapScore:
    jmap = build(data)
    return score_map("m.jmap.yaml", jmap, jmap.persona, details)  # type: ignore[arg-type]


# The worked roll-up of docs/scoring.md: a parent on 1-5 with two stages; Order opens into
# a map on 0-10, whose Deposit stage opens into the payment map that the parent's
# Delivery stage opens into as well (the customer pays twice).
PARENT = {
    "title": "Buying a car",
    "stages": [
        {"name": "Order", "emotion": 3, "detail": "order.jmap.yaml",
         "touchpoints": [{"name": "A", "performance": 2, "target": 4, "importance": 5}]},
        {"name": "Delivery", "emotion": 4, "detail": "pay.jmap.yaml",
         "touchpoints": [{"name": "B", "performance": 4, "target": 4, "importance": 3}]},
    ],
}  # fmt: skip
ORDER = {
    "title": "Ordering",
    "scale": {"min": 0, "max": 10},
    "stages": [
        {"name": "Sign", "emotion": 4,
         "touchpoints": [{"name": "C", "moment_of_truth": True, "performance": 5, "target": 10,
                          "importance": 10, "evidence": ["Signing survey"]}]},
        {"name": "Deposit", "emotion": 6, "detail": "pay.jmap.yaml"},
    ],
}  # fmt: skip
PAY = {
    "title": "Paying",
    "stages": [
        {"name": "Card", "emotion": 2,
         "touchpoints": [{"name": "D", "performance": 3, "target": 5, "importance": 3,
                          "evidence": ["Payment log"]}]},
    ],
}  # fmt: skip


def worked_details() -> dict[int, Detail]:
    """The hierarchy as the loader builds it: the shared payment map is one object."""
    pay = Detail(Path("/p/pay.jmap.yaml"), "pay.jmap.yaml", build(PAY))
    order = Detail(Path("/p/order.jmap.yaml"), "order.jmap.yaml", build(ORDER), {1: pay})
    return {0: order, 1: pay}


def test_the_worked_roll_up() -> None:
    # multiset: A (w 5, n 25, gap 50), B (w 3, n 75, gap 0), C (w 2·5 = 10, n 50, gap 50,
    # on 0-10), D twice (w 3, n 50, gap 50); Σw = 5 + 3 + 10 + 2·3 = 24
    s = scored(PARENT, worked_details())
    r = s.rollup
    assert r is not None
    assert r.experience == pytest.approx(1150 / 24)  # (125 + 225 + 500 + 2·150) / 24
    assert round(r.experience or 0, 2) == 47.92
    assert r.gap == pytest.approx(1050 / 24) == 43.75  # (250 + 0 + 500 + 2·150) / 24
    assert r.evidence == 60.0  # C and D twice: 3 of 5 rated
    assert r.moments_of_truth == 1
    assert (r.maps, r.touchpoints) == (3, 5)
    # each map's hotspots once, by weighted gap; `map` names the detail map it is in
    assert [(h.id, h.weighted_gap, h.map) for h in r.hotspots] == [
        ("c", 500.0, "order.jmap.yaml"),
        ("a", 250.0, "m.jmap.yaml"),
        ("d", 150.0, "pay.jmap.yaml"),
    ]
    # the map's own figures do not move: (125 + 225) / 8 and 250 / 8
    assert (s.experience, s.gap, s.moments_of_truth) == (43.75, 31.25, 0)
    # each detailed stage carries its detail map's own figures, emotion on 0-100
    order, delivery = (st.detail for st in s.stages)
    assert order is not None and delivery is not None
    assert (order.path, order.experience, order.gap) == ("order.jmap.yaml", 50.0, 50.0)
    assert (order.emotion_low, order.emotion_end, order.scale) == (40.0, 60.0, (0, 10))
    assert (delivery.path, delivery.experience, delivery.emotion_low) == (
        "pay.jmap.yaml",
        50.0,
        25.0,
    )


def test_counted_once_the_roll_up_would_differ() -> None:
    # the payment map under one stage only: Σw = 21, experience (125+225+500+150)/21
    details = worked_details()
    del details[1]
    r = scored({**PARENT}, details).rollup
    assert r is not None
    assert r.experience == pytest.approx(1000 / 21)
    assert (r.maps, r.touchpoints) == (3, 4)


def test_a_map_without_details_has_no_roll_up_and_no_stage_detail() -> None:
    s = scored(PARENT)  # `detail` written, but no hierarchy given (lint, render of 1.1)
    assert s.rollup is None
    assert all(st.detail is None for st in s.stages)
    assert s.figure("rollup.experience") is None


def test_the_portfolio_counts_each_map_once() -> None:
    parent = scored(PARENT, worked_details())
    pay = scored(PAY)
    means = portfolio([parent, pay]).means
    assert means["experience"] == pytest.approx((43.75 + 50.0) / 2)  # own figures only
    assert parent.figure("rollup.gap") == 43.75
    assert parent.figure("rollup.experience") == pytest.approx(1150 / 24)


def chain(levels: int, fan: int) -> dict[int, Detail]:
    """`levels` maps below the top, each with `fan` stages that all open into the next:
    the bottom map is lived fan^levels times; expanded, the tree would have that many."""
    below: Detail | None = None
    for level in range(levels, 0, -1):
        stages = [
            {"name": f"S{i}", "touchpoints": [{"name": f"T{level}", "performance": level % 5 + 1,
                                                "target": 5}]}
            | ({"detail": f"l{level + 1}.jmap.yaml"} if below is not None else {})
            for i in range(fan)
        ]  # fmt: skip
        kids = {i: below for i in range(fan)} if below is not None else {}
        below = Detail(Path(f"/p/l{level}.jmap.yaml"), f"l{level}", build({"stages": stages}), kids)
    assert below is not None
    return {i: below for i in range(fan)}


def test_a_shared_hierarchy_is_counted_by_multiplicity_not_expanded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # 10 levels below a top map whose 4 stages all open into level 1, every level's 4
    # stages into the next: level k is lived 4^k times (4^10 = 1,048,576 at the bottom).
    scoring = []
    real = rollup.stage_points
    monkeypatch.setattr(rollup, "stage_points", lambda m, w: scoring.append(m) or real(m, w))
    top = {"stages": [{"name": f"S{i}", "detail": "l1.jmap.yaml"} for i in range(4)]}
    r = scored(top, chain(10, 4)).rollup
    assert len(scoring) == 10  # each map below scored once: expanded, a million times
    assert r is not None
    # each level k has 4 touchpoints (one per stage), rated n = 25·(k mod 5), gap 100 - n
    lived = {k: 4**k * 4 for k in range(1, 11)}
    perf = sum(n * 25 * (k % 5) for k, n in lived.items()) / sum(lived.values())
    assert r.touchpoints == sum(lived.values())
    assert r.experience == pytest.approx(perf)
    assert r.maps == 11
    assert len(r.hotspots) == sum(1 for k in range(1, 11) if k % 5 != 4) * 4


def test_a_memo_scores_each_detail_map_once_across_maps() -> None:
    memo = Memo()
    details = worked_details()
    first = scored(PARENT, details)
    jmap = build(PARENT)
    again = score_map("m.jmap.yaml", jmap, jmap.persona, details, memo)  # type: ignore[arg-type]
    also = score_map("m.jmap.yaml", jmap, jmap.persona, details, memo)  # type: ignore[arg-type]
    assert first.rollup == again.rollup == also.rollup
    assert len(memo._kept) == 2  # order and pay, each once
    # a path that now holds another model is scored afresh
    changed = copy.deepcopy(details)
    pay = changed[1]
    pay.jmap = build({**PAY, "stages": [{"name": "Card", "touchpoints": [
        {"name": "D", "performance": 5, "target": 5}]}]})  # fmt: skip
    fresh = score_map("m.jmap.yaml", jmap, jmap.persona, changed, memo)  # type: ignore[arg-type]
    assert fresh.rollup is not None and fresh.rollup.gap != first.rollup.gap  # type: ignore[union-attr]


BLUEPRINT = {
    "stages": [
        {
            "name": "Buy",
            "touchpoints": [
                {"name": "Quote", "channel": "Web", "owner": "Sales", "performance": 2,
                 "target": 5, "importance": 5},
                {"name": "Prices", "channel": "Web", "owner": "Sales", "performance": 4,
                 "target": 4},
                {"name": "Advisor prepares quote", "layer": "backstage", "owner": "Sales",
                 "performance": 3, "supports": ["quote"]},
                {"name": "Credit check", "layer": "backstage", "owner": "Finance",
                 "supports": ["quote"]},
                {"name": "Stock system", "layer": "support", "owner": "IT", "performance": 2,
                 "supports": ["advisor-prepares-quote", "prices"]},
                {"name": "Price book", "layer": "support", "owner": "IT", "performance": 4,
                 "supports": ["advisor-prepares-quote"]},
            ],
        }
    ]
}  # fmt: skip


def test_behind_a_hotspot_weakest_first_unrated_last() -> None:
    s = scored(BLUEPRINT)
    (quote,) = s.hotspots  # Prices meets its target: no hotspot
    # directly: the advisor (n 50) and the credit check (unrated); through the advisor:
    # the stock system (n 25) and the price book (n 75)
    assert [(b.id, b.layer, b.performance) for b in quote.behind] == [
        ("stock-system", "support", 25.0),
        ("advisor-prepares-quote", "backstage", 50.0),
        ("price-book", "support", 75.0),
        ("credit-check", "backstage", None),
    ]
    assert quote.behind[0].name == "Stock system"
    assert s.touchpoints[0] is quote  # the touchpoint and the hotspot are one


def test_the_support_layer_counts_as_backstage() -> None:
    # experience and gap over Quote (w 5, n 25) and Prices (w 3, n 75) only
    s = scored(BLUEPRINT)
    assert s.experience == pytest.approx((5 * 25 + 3 * 75) / 8)
    assert s.gap == pytest.approx(5 * 75 / 8)
    assert s.evidence == 0.0  # two rated frontstage touchpoints, no evidence
    assert [p.layer for p in s.touchpoints][-2:] == ["support", "support"]
    assert all(p.backstage for p in s.touchpoints[2:])
    # completeness asks support work for an owner only: 2 frontstage × 3 (channel, owner,
    # performance) + 4 unseen × 1, all held; 4 stage checks (only "a touchpoint" held) and
    # 2 persona checks (none held): 11 of 16
    checks = [str(c) for c in s.checks if c.subject == "touchpoint 'stock-system'"]
    assert checks == ["touchpoint 'stock-system': an owner"]
    assert len(s.checks) == 16
    assert s.completeness == pytest.approx(100 * 11 / 16)
    # ownership counts every layer
    assert s.ownership == 100.0


def test_a_map_of_format_1_1_scores_as_before() -> None:
    # backstage: true is the backstage layer: the same figures as written in 1.1
    old = copy.deepcopy(BLUEPRINT)
    for point in old["stages"][0]["touchpoints"][2:]:
        point.pop("supports")
        point["backstage"] = point.pop("layer") is not None
    new = scored(BLUEPRINT)
    was = scored(old)
    assert (was.experience, was.gap, was.completeness, was.ownership, was.evidence) == (
        new.experience, new.gap, new.completeness, new.ownership, new.evidence,
    )  # fmt: skip
    assert was.hotspots[0].behind == [] and was.rollup is None


def web(fronts: int, systems: int) -> dict[str, Any]:
    """A blueprint drawn as a web: every hotspot rests on one backstage step, which rests
    on every system; the systems rated 1 to 5 in turn, every seventh unrated."""
    points: list[dict[str, Any]] = [
        {"name": f"F{i}", "channel": "Web", "performance": 2, "target": 5} for i in range(fronts)
    ]
    points.append({"name": "B", "layer": "backstage", "performance": 3,
                   "supports": [f"f{i}" for i in range(fronts)]})  # fmt: skip
    for j in range(systems):
        system: dict[str, Any] = {"name": f"S{j}", "layer": "support", "supports": ["b"]}
        if j % 7:
            system["performance"] = 1 + j % 5
        points.append(system)
    return {"stages": [{"name": "Only", "touchpoints": points}]}


def test_behind_keeps_the_weakest_ten_nearest_first_on_a_tie() -> None:
    s = scored(web(3, 40))
    assert len(s.hotspots) == 3
    # all 41 rest behind each hotspot: B (n 50, one link away) and the 40 systems (two
    # links away); the ten weakest are the systems rated 1 (n 0), in spine order, then
    # those rated 2 (n 25): B (n 50) is not among them
    rated = [j for j in range(40) if j % 7]
    ones = [j for j in rated if j % 5 == 0]
    twos = [j for j in rated if j % 5 == 1]
    expected = [f"s{j}" for j in (ones + twos)[:BEHIND_AT_MOST]]
    for h in s.hotspots:
        assert [b.id for b in h.behind] == expected
        assert [b.performance for b in h.behind] == sorted(b.performance or 0 for b in h.behind)
    # with few systems, every one is listed, the unrated last; B (one link away) before
    # S2 (two links), both rated 3
    few = scored(web(1, 6)).hotspots[0].behind
    assert [(b.id, b.performance) for b in few] == [
        ("s5", 0.0), ("s1", 25.0), ("b", 50.0), ("s2", 50.0), ("s3", 75.0), ("s4", 100.0),
        ("s0", None),
    ]  # fmt: skip


def test_a_detail_map_scored_on_its_own_after_its_parent_is_not_scored_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # the loader hands a map read as a detail to its own turn (the same stages): the memo
    # already holds its figures, and its own score is the same as scored afresh
    from journeymap_cli.score import figures

    memo, details = Memo(), worked_details()
    parent = build(PARENT)
    score_map("m.jmap.yaml", parent, parent.persona, details, memo)  # type: ignore[arg-type]
    pay = details[1].jmap
    afresh = score_map("pay.jmap.yaml", pay, pay.persona)  # type: ignore[arg-type]
    monkeypatch.setattr(figures, "stage_points", lambda *_: pytest.fail("scored again"))
    again = score_map("pay.jmap.yaml", pay, pay.persona, None, memo)  # type: ignore[arg-type]
    assert again == afresh

"""Scoring 1.1 by hand: weights on any scale, evidence, opportunities, journeys, filters."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from journeymap_cli.format.model import JourneyMap
from journeymap_cli.score.figures import MapScore, score_map
from journeymap_cli.score.journeys import journeys
from journeymap_cli.score.opportunities import ranked
from journeymap_cli.score.portfolio import keep


def build(data: dict[str, Any]) -> JourneyMap:
    base = {"jmap": 1, "title": "T", "persona": {"name": "P"}}
    return JourneyMap.model_validate({**base, **data})


def scored(data: dict[str, Any], path: str = "m.jmap.yaml") -> MapScore:
    jmap = build(data)
    return score_map(path, jmap, jmap.persona)  # type: ignore[arg-type]


def worked(shift: int = 0, **scale: int) -> dict[str, Any]:
    """The spec's worked example with its opportunity, every rating shifted by `shift`."""
    return {
        **({"scale": scale} if scale else {}),
        "stages": [
            {
                "name": "Only",
                "emotion": 2 + shift,
                "opportunities": [
                    {
                        "name": "Fix both",
                        "addresses": ["a", "b"],
                        "value": 5 + shift,
                        "effort": 2 + shift,
                    }
                ],
                "touchpoints": [
                    {"name": "A", "performance": 4 + shift, "target": 5 + shift,
                     "importance": 3 + shift},
                    {"name": "B", "moment_of_truth": True, "performance": 2 + shift,
                     "target": 5 + shift, "importance": 5 + shift},
                ],
            }
        ],
    }  # fmt: skip


def test_the_opportunity_of_the_worked_example() -> None:
    # impact = 750 (B) + 75 (A) = 825; v = 1 + 4·100/100 = 5; e = 1 + 4·25/100 = 2;
    # priority = 825 · 5 / 2 = 2062.5
    s = scored(worked())
    (o,) = s.opportunities
    assert (o.id, o.stage, o.status, o.open) == ("fix-both", "only", "idea", True)
    assert (o.value, o.effort) == (100.0, 25.0)
    assert o.impact == 825.0
    assert o.priority == 2062.5
    assert s.evidence == 0.0  # neither A nor B has an evidence entry: measured, and zero


def test_a_scale_from_minus_two_gives_the_same_figures_as_one_to_five() -> None:
    # every rating shifted by -3 on -2…2: n is unchanged, importances 0 and 2 have
    # n 50 and 100, so weights 3 and 5 (B doubled: 10), exactly as on 1-5
    one_to_five, shifted = scored(worked()), scored(worked(-3, min=-2, max=2))
    assert [p.weight for p in shifted.touchpoints] == [3.0, 10.0]
    assert shifted.experience == pytest.approx(475 / 13) == one_to_five.experience
    assert round(shifted.experience or 0, 2) == 36.54
    assert shifted.gap == pytest.approx(825 / 13) == one_to_five.gap
    assert shifted.emotion == one_to_five.emotion
    assert [(h.id, h.weighted_gap) for h in shifted.hotspots] == [("b", 750.0), ("a", 75.0)]
    assert shifted.evidence == one_to_five.evidence == 0.0
    assert shifted.opportunities[0].priority == 2062.5
    assert shifted.completeness == one_to_five.completeness


def test_a_scale_from_zero_weighs_the_lowest_importance_one() -> None:
    # 0-10: importance 0 → n 0 → w 1; importance 10 → w 5; none → 3. Version 1 gave
    # the raw importance 0 here, a touchpoint that weighed nothing.
    s = scored(
        {
            "scale": {"min": 0, "max": 10},
            "stages": [
                {
                    "name": "S",
                    "touchpoints": [
                        {"name": "Low", "performance": 0, "importance": 0},
                        {"name": "High", "performance": 10, "importance": 10},
                        {"name": "Plain", "performance": 5},
                    ],
                }
            ],
        }
    )
    assert [p.weight for p in s.touchpoints] == [1.0, 5.0, 3.0]
    # (1·0 + 5·100 + 3·50) / 9 = 650 / 9
    assert s.experience == pytest.approx(650 / 9)


def test_one_to_five_weights_are_the_importance_as_in_version_one() -> None:
    points = [{"name": f"P{i}", "performance": 3, "importance": i} for i in range(1, 6)]
    s = scored({"stages": [{"name": "S", "touchpoints": points}]})
    assert [p.weight for p in s.touchpoints] == [1.0, 2.0, 3.0, 4.0, 5.0]


def test_evidence_counts_rated_frontstage_touchpoints_only() -> None:
    s = scored(
        {
            "stages": [
                {
                    "name": "S",
                    "touchpoints": [
                        {"name": "Rated with", "performance": 3, "evidence": ["Survey"]},
                        {"name": "Rated without", "performance": 2},
                        {"name": "Unrated with", "evidence": ["Survey"]},
                        {"name": "Back", "backstage": True, "performance": 1},
                    ],
                }
            ]
        }
    )
    # 1 of the 2 rated frontstage touchpoints → 50; the unrated and backstage ones don't count
    assert s.evidence == 50.0
    bare = scored({"stages": [{"name": "S", "touchpoints": [{"name": "Unrated"}]}]})
    assert bare.evidence is None  # nothing to measure: null, never 0


def test_backstage_work_needs_no_channel_and_no_performance() -> None:
    s = scored(
        {
            "persona": {"name": "P", "description": "d", "goals": ["g"]},
            "stages": [
                {
                    "name": "S",
                    "actions": ["a"],
                    "feelings": ["f"],
                    "emotion": 3,
                    "touchpoints": [{"name": "Back", "backstage": True, "owner": "Ops"}],
                }
            ],
        }
    )
    assert s.failed_checks == []
    assert s.completeness == 100.0
    assert [str(c) for c in s.checks if c.subject == "touchpoint 'back'"] == [
        "touchpoint 'back': an owner"
    ]


def test_opportunity_impact_counts_positive_frontstage_gaps_once() -> None:
    s = scored(
        {
            "stages": [
                {
                    "name": "S",
                    "opportunities": [
                        "A loose 1.0 note",
                        {"name": "Twice", "addresses": ["a", "a", "met", "back", "unrated"]},
                        {"name": "Nothing", "value": 5},
                        {"name": "Shipped", "addresses": ["a"], "status": "done"},
                        {"name": "Dropped", "addresses": ["a"], "status": "dropped"},
                        {"name": "Cheap", "addresses": ["a"], "effort": 1},
                    ],
                    "touchpoints": [
                        {"name": "A", "performance": 2, "target": 4},  # w 3 · 50 = 150
                        {"name": "Met", "performance": 5, "target": 4},  # negative gap
                        {"name": "Back", "backstage": True, "performance": 1, "target": 5},
                        {"name": "Unrated", "target": 5},
                    ],
                }
            ]
        }
    )
    by_id = {o.id: o for o in s.opportunities}
    assert "a-loose-1-0-note" not in by_id  # a 1.0 string has nothing to address
    assert by_id["twice"].impact == 150.0  # 'a' once; the others add nothing
    assert by_id["twice"].priority == 150.0  # v 3, e 3 without ratings
    assert (by_id["nothing"].impact, by_id["nothing"].priority) == (0.0, 0.0)
    assert by_id["shipped"].priority == 150.0  # done: figures, but not ranked
    assert by_id["cheap"].priority == 450.0  # e = 1 + 4·0/100 = 1 → 150 · 3 / 1
    assert [o.id for o in ranked(s.opportunities)] == ["cheap", "twice", "nothing"]


def _journey_map(title: str, persona: str, state: str, perf: int, stages: list[str]) -> Any:
    data: dict[str, Any] = {
        "title": title,
        "journey": "buying",
        "state": state,
        "persona": {"name": persona},
        "stages": [
            {
                "name": name,
                "emotion": perf,
                "touchpoints": [
                    {"name": f"{name} tp", "performance": perf, "target": 5,
                     **({"evidence": ["e"]} if state == "to-be" else {})}
                ],
            }
            for name in stages
        ],
    }  # fmt: skip
    return data


def test_journeys_side_by_side_and_as_is_against_to_be() -> None:
    sarah = scored(_journey_map("Sarah now", "Sarah", "as-is", 2, ["Search", "Buy"]), "a.jmap.yaml")
    later = _journey_map("Sarah later", "Sarah", "to-be", 4, ["Search", "Buy"])
    later["based_on"] = "a.jmap.yaml"
    sarah2 = scored(later, "b.jmap.yaml")
    tom = scored(_journey_map("Tom", "Tom", "as-is", 3, ["Search", "Drive", "Buy"]), "c.jmap.yaml")
    alone = scored({"stages": [{"name": "S"}]}, "other.jmap.yaml")  # its own journey: 't'
    (j,) = journeys([sarah, sarah2, tom, alone])
    assert j.journey == "buying"
    assert j.personas == ["Sarah", "Tom"]
    assert j.states == ["as-is", "to-be"]
    assert j.stages == ["search", "drive", "buy"]  # Tom's extra stage after its predecessor
    # as-is maps first (by persona), then to-be: Sarah now, Tom, Sarah later
    assert [m.path for m in j.maps] == ["a.jmap.yaml", "c.jmap.yaml", "b.jmap.yaml"]
    # emotion 2 → 25, 3 → 50, 4 → 75, aligned by stage id (None: that map has no such stage)
    assert [m.curve for m in j.maps] == [[25.0, None, 25.0], [50.0] * 3, [75.0, None, 75.0]]
    assert [m.figures["evidence"] for m in j.maps] == [0.0, 0.0, 100.0]
    (c,) = j.comparisons
    assert (c.persona, c.as_is, c.to_be) == ("Sarah", "a.jmap.yaml", "b.jmap.yaml")
    # experience 25 → 75, gap 75 → 25, evidence 0 → 100, emotion low and end 25 → 75
    assert c.deltas == {
        "experience": 50.0,
        "gap": -50.0,
        "evidence": 100.0,
        "emotion.low": 50.0,
        "emotion.end": 50.0,
    }


def test_a_to_be_map_without_based_on_pairs_with_its_personas_one_as_is_map() -> None:
    now = scored(_journey_map("Now", "Sarah", "as-is", 2, ["S"]), "maps/now.jmap.yaml")
    later = scored(_journey_map("Later", "Sarah", "to-be", 3, ["S"]), "maps/later.jmap.yaml")
    (j,) = journeys([later, now])
    assert [(c.as_is, c.to_be) for c in j.comparisons] == [
        ("maps/now.jmap.yaml", "maps/later.jmap.yaml")
    ]
    other = copy.deepcopy(_journey_map("Now 2", "Sarah", "as-is", 1, ["S"]))
    (j,) = journeys([later, now, scored(other, "maps/now2.jmap.yaml")])
    assert j.comparisons == []  # two as-is maps of Sarah and no based_on: no guess


def test_filters_by_tag_and_state() -> None:
    s = scored({"tags": ["Retail", "EV"], "state": "to-be", "stages": [{"name": "S"}]})
    assert keep(s, [], None)
    assert keep(s, ["retail"], None)  # case forgiven
    assert keep(s, ["b2b", "ev"], "to-be")  # any of the tags
    assert not keep(s, ["b2b"], None)
    assert not keep(s, [], "as-is")

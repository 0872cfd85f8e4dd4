"""The scoring model of scoring.md: the spec's worked example and every null case, exactly."""

from __future__ import annotations

import pytest

from journeymap_cli.format.model import JourneyMap
from journeymap_cli.score.figures import score_map
from journeymap_cli.score.portfolio import portfolio


def build(data: dict) -> JourneyMap:  # type: ignore[type-arg]
    base = {"jmap": 1, "title": "T", "persona": {"name": "P"}}
    return JourneyMap.model_validate({**base, **data})


WORKED = {
    "stages": [
        {
            "name": "Only",
            "emotion": 2,
            "touchpoints": [
                {"name": "A", "performance": 4, "target": 5, "importance": 3},
                {
                    "name": "B",
                    "moment_of_truth": True,
                    "performance": 2,
                    "target": 5,
                    "importance": 5,
                },
            ],
        }
    ]
}


def test_worked_example_of_the_spec() -> None:
    jmap = build(WORKED)
    s = score_map("w.jmap.yaml", jmap, jmap.persona)  # type: ignore[arg-type]
    # Weights: A 3, B 2·5 = 10. n: A 75 (target 100), B 25 (target 100).
    assert [p.weight for p in s.touchpoints] == [3, 10]
    assert s.experience == pytest.approx((3 * 75 + 10 * 25) / 13)
    assert round(s.experience or 0, 2) == 36.54
    assert s.gap == pytest.approx((3 * 25 + 10 * 75) / 13)
    assert round(s.gap or 0, 2) == 63.46
    assert s.emotion.curve == [25.0]
    assert (s.emotion.low, s.emotion.high, s.emotion.end) == (25.0, 25.0, 25.0)
    assert [(h.id, h.weighted_gap) for h in s.hotspots] == [("b", 750.0), ("a", 75.0)]
    assert s.moments_of_truth == 1
    assert s.ownership == 0.0  # nobody owns A or B: measured, and it is zero
    # Checks: persona description ✗, goal ✗; stage: action ✗, thought/feeling ✗,
    # emotion ✓, touchpoint ✓; A: channel ✗, owner ✗, performance ✓;
    # B: channel ✗, owner ✗, performance ✓, target ✓, evidence ✗ → 5 held of 2+4+3+5 = 14.
    assert len(s.checks) == 14
    assert s.completeness == pytest.approx(100 * 5 / 14)


def test_nothing_to_measure_is_none_never_zero() -> None:
    jmap = build({"stages": [{"name": "Empty"}]})
    s = score_map("e", jmap, jmap.persona)  # type: ignore[arg-type]
    assert s.experience is None
    assert s.gap is None
    assert s.emotion.curve == [None]
    assert (s.emotion.low, s.emotion.high, s.emotion.end) == (None, None, None)
    assert s.ownership is None  # no touchpoints at all
    assert s.hotspots == []
    assert s.misaligned_stages == []


def test_ratings_without_targets_give_experience_but_no_gap() -> None:
    jmap = build({"stages": [{"name": "S", "touchpoints": [{"name": "A", "performance": 3}]}]})
    s = score_map("x", jmap, jmap.persona)  # type: ignore[arg-type]
    assert s.experience == 50.0
    assert s.gap is None
    assert s.hotspots == []


def test_backstage_is_left_out_of_experience_and_gap_but_counts_for_ownership() -> None:
    jmap = build(
        {
            "stages": [
                {
                    "name": "S",
                    "touchpoints": [
                        {"name": "Front", "performance": 5, "target": 5, "owner": "Sales"},
                        {"name": "Back", "backstage": True, "performance": 1, "target": 5},
                    ],
                }
            ]
        }
    )
    s = score_map("x", jmap, jmap.persona)  # type: ignore[arg-type]
    assert (s.experience, s.gap) == (100.0, 0.0)
    assert s.ownership == 50.0
    assert s.hotspots == []  # the backstage gap is not a hotspot


def test_emotion_end_is_the_last_non_null_value_and_custom_scale() -> None:
    jmap = build(
        {
            "scale": {"min": 0, "max": 10},
            "stages": [{"name": "A", "emotion": 8}, {"name": "B", "emotion": 1}, {"name": "C"}],
        }
    )
    s = score_map("x", jmap, jmap.persona)  # type: ignore[arg-type]
    assert s.emotion.curve == [80.0, 10.0, None]
    assert (s.emotion.low, s.emotion.high, s.emotion.end) == (10.0, 80.0, 10.0)


def test_misaligned_stage_by_channel_means() -> None:
    # Web: 5 and 3 → n 100, 50 → mean 75; Phone: 2 → n 25. Spread 50 → misaligned.
    # Store: 4 → 75 in the second stage with Web 75: aligned. No channel: ignored.
    jmap = build(
        {
            "stages": [
                {
                    "name": "One",
                    "touchpoints": [
                        {"name": "a", "channel": "Web", "performance": 5},
                        {"name": "b", "channel": "web", "performance": 3},
                        {"name": "c", "channel": "Phone", "performance": 2},
                        {"name": "d", "performance": 1},
                    ],
                },
                {
                    "name": "Two",
                    "touchpoints": [
                        {"name": "e", "channel": "Web", "performance": 4},
                        {"name": "f", "channel": "Store", "performance": 4},
                        {"name": "g", "channel": "Phone", "performance": 2, "backstage": True},
                    ],
                },
            ]
        }
    )
    s = score_map("x", jmap, jmap.persona)  # type: ignore[arg-type]
    assert s.stages[0].channels == {"Web": 100.0, "web": 50.0, "Phone": 25.0}
    assert s.misaligned_stages == ["one"]


def test_misaligned_uses_declared_channel_names() -> None:
    jmap = build(
        {
            "channels": [{"id": "web", "name": "Website"}],
            "stages": [
                {
                    "name": "One",
                    "touchpoints": [
                        {"name": "a", "channel": "web", "performance": 5},
                        {"name": "b", "channel": "Website", "performance": 1},
                    ],
                }
            ],
        }
    )
    s = score_map("x", jmap, jmap.persona)  # type: ignore[arg-type]
    assert s.stages[0].channels == {"Website": 50.0}
    assert s.misaligned_stages == []


def test_portfolio_means_skip_nulls_and_owner_loads() -> None:
    one = build(
        {
            "id": "one",
            "stages": [
                {
                    "name": "S",
                    "emotion": 5,
                    "touchpoints": [
                        {
                            "name": "a",
                            "owner": "Sales",
                            "performance": 1,
                            "pain_points": ["x", "y"],
                        },
                        {"name": "b", "owner": "sales", "performance": 4},
                        {"name": "c", "performance": 2, "pain_points": ["z"]},
                    ],
                }
            ],
        }
    )
    two = build({"id": "two", "stages": [{"name": "S"}]})
    scores = [score_map("1", one, one.persona), score_map("2", two, two.persona)]  # type: ignore[arg-type]
    p = portfolio(scores)
    assert p.maps == 2
    # experience of one: (0 + 75 + 25) / 3 = 33.33; two has none: the mean is one's alone
    assert p.means["experience"] == pytest.approx(100 / 3)
    assert p.means["gap"] is None
    assert p.means["moments_of_truth"] == 0.0
    owners = [(o.owner, o.touchpoints, o.weak_touchpoints, o.pain_points, o.maps) for o in p.owners]
    assert owners == [("Sales", 2, 1, 2, ["one"]), (None, 1, 1, 1, ["one"])]


def test_breach_message_never_rounds_onto_the_bound() -> None:
    from journeymap_cli.score.gates import Breach, Gate

    breach = Breach("m.jmap.yaml", Gate("experience", 60.0, over=False), 59.96)
    assert str(breach) == ("m.jmap.yaml: experience 59.96 is under 60 (--fail-under experience=60)")


def test_bundled_example_computed_by_hand() -> None:
    """examples/saas-onboarding.jmap.yaml, worked by hand (scale 1-5: n(r) = 25·(r - 1)).

    Frontstage touchpoints (w = importance or 3; moment of truth ×2):
      trial-signup        perf 4→75  target 5→100  w 3   gap 25
      welcome-email       perf 3→50  target 4→75   w 3   gap 25
      staff-import  MoT   perf 1→0   target 4→75   w 10  gap 75
      setup-chat          perf 4→75  target 4→75   w 4   gap 0
      first-rota          perf 4→75  target 5→100  w 4   gap 25
      staff-invite  MoT   perf 2→25  target 5→100  w 10  gap 75
      shift-swaps         perf 5→100 target 5→100  w 3   gap 0
      timesheet-approval  perf 4→75  target 4→75   w 4   gap 0
      payroll-export MoT  perf 3→50  target 5→100  w 10  gap 50
      upgrade       MoT   perf 4→75  target 4→75   w 8   gap 0
      day-30-call         perf 3→50  target 4→75   w 3   gap 25
    (pay-code-mapping is backstage: left out.)  Σw = 62.
    experience = (225+150+0+300+300+250+300+300+500+600+150) / 62 = 3075 / 62 = 49.597
    gap        = (75+75+750+0+100+750+0+0+500+0+75) / 62         = 2325 / 62 = 37.5
    emotion [4, 2, 3, 4, 4] → [75, 25, 50, 75, 75]: low 25, high 75, end 75.
    completeness: persona 2 + stages 5·4 + frontstage touchpoints 11·3 + the backstage
      pay-code-mapping 1 (an owner only: scoring 1.1 asks no channel or performance of
      backstage work) + moments of truth 4·2 = 64 checks; failed: shift-swaps has no owner,
      payroll-export (MoT) no evidence → 62 / 64 = 96.875.
    evidence: of the 11 rated frontstage touchpoints, 6 have an evidence entry (trial-signup,
      staff-import, setup-chat, staff-invite, timesheet-approval, upgrade) → 54.55.
    ownership: 11 of 12 touchpoints have an owner = 91.67. Moments of truth: 4.
    Misaligned: none (largest spread: Setup, web 37.5 vs chat 75 = 37.5 < 50).
    Hotspots by w·gap: staff-import 750, staff-invite 750 (spine order breaks the tie),
    payroll-export 500, first-rota 100, then 75 each: trial-signup, welcome-email, day-30-call.
    """
    from helpers import EXAMPLES
    from journeymap_cli.io.loader import Loader

    loaded = Loader().load_map(EXAMPLES / "saas-onboarding.jmap.yaml")
    assert loaded.jmap is not None
    s = score_map(loaded.path, loaded.jmap, loaded.persona)
    assert s.experience == pytest.approx(3075 / 62)
    assert s.gap == pytest.approx(2325 / 62) == 37.5
    assert s.emotion.curve == [75, 25, 50, 75, 75]
    assert (s.emotion.low, s.emotion.high, s.emotion.end) == (25, 75, 75)
    assert len(s.checks) == 64
    assert s.completeness == pytest.approx(100 * 62 / 64) == 96.875
    assert sorted(str(c) for c in s.failed_checks) == [
        "touchpoint 'payroll-export': at least one evidence entry (moment of truth)",
        "touchpoint 'shift-swaps': an owner",
    ]
    assert s.ownership == pytest.approx(100 * 11 / 12)
    assert s.evidence == pytest.approx(100 * 6 / 11)
    assert s.moments_of_truth == 4
    assert s.misaligned_stages == []
    assert [(h.id, h.weighted_gap) for h in s.hotspots] == [
        ("staff-import", 750),
        ("staff-invite", 750),
        ("payroll-export", 500),
        ("first-rota", 100),
        ("trial-signup", 75),
        ("welcome-email", 75),
        ("day-30-call", 75),
    ]

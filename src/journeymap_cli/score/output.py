"""`jmap score` as data: JSON (full precision), CSV and a Markdown table. Reads, never computes."""

from __future__ import annotations

import csv
import json
from dataclasses import asdict, dataclass, field, fields
from typing import Any, TextIO

from journeymap_cli import __version__
from journeymap_cli.report.cells import defuse
from journeymap_cli.score.figures import (
    MapScore,
    OwnerLoad,
    Portfolio,
    Rollup,
    StageScore,
    TouchpointScore,
)
from journeymap_cli.score.gates import Breach, Skipped
from journeymap_cli.score.journeys import Comparison, JourneySummary
from journeymap_cli.score.opportunities import OpportunityScore, ranked

DASH = "–"  # scoring.md: a figure with nothing to measure
SPARKS = "▁▂▃▄▅▆▇█"
JSON_VERSION = 1


@dataclass
class ScoreRun:
    """Everything `jmap score` reports: figures, invalid maps and gate results."""

    scores: list[MapScore]
    portfolio: Portfolio
    invalid: list[str] = field(default_factory=list)
    breaches: list[Breach] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    journeys: list[JourneySummary] = field(default_factory=list)


def shown(value: float | None, decimals: int = 1) -> str:
    """One decimal for people; `–` for nothing to measure."""
    return DASH if value is None else f"{value:.{decimals}f}"


def sparkline(curve: list[float | None]) -> str:
    """One block per stage, low to high; `·` where a stage has no emotion."""
    return "".join(
        "·" if v is None else SPARKS[min(len(SPARKS) - 1, int(v / 100 * len(SPARKS)))]
        for v in curve
    )


def map_document(s: MapScore) -> dict[str, Any]:
    return {
        "path": s.path,
        "id": s.id,
        "title": s.title,
        # the figures are 0-100; the map's own scale, to read emotion and ratings back on it
        "scale": {"min": s.scale[0], "max": s.scale[1]},
        "experience": s.experience,
        "gap": s.gap,
        "emotion": asdict(s.emotion),
        "completeness": s.completeness,
        "checks": {"held": len(s.checks) - len(s.failed_checks), "total": len(s.checks)},
        "failed_checks": [str(c) for c in s.failed_checks],
        "ownership": s.ownership,
        "moments_of_truth": s.moments_of_truth,
        "evidence": s.evidence,
        "misaligned_stages": s.misaligned_stages,
        "hotspots": [point_document(h, "behind") for h in s.hotspots],
        "opportunities": [asdict(o) for o in s.opportunities],
        "journey": s.journey,
        "state": s.state,
        "persona": s.persona,
        "tags": s.tags,
        "stages": [stage_document(st) for st in s.stages],
        "touchpoints": [point_document(t) for t in s.touchpoints],
        "rollup": rollup_document(s.rollup) if s.rollup is not None else None,
    }


_POINT_FIELDS = tuple(f.name for f in fields(TouchpointScore))
_OPTIONAL = ("behind", "map")


def point_document(t: TouchpointScore, *keep: str) -> dict[str, Any]:
    """A touchpoint's figures; `behind` (hotspots) and `map` (a roll-up's) only where kept.
    As asdict() would give them, field by field: asdict's deep copy took most of the time
    of writing the JSON of many maps."""
    document = {
        name: getattr(t, name) for name in _POINT_FIELDS if name not in _OPTIONAL or name in keep
    }
    document["pain_points"] = list(t.pain_points)
    if "behind" in document:
        document["behind"] = [asdict(b) for b in t.behind]
    return document


def stage_document(st: StageScore) -> dict[str, Any]:
    document = asdict(st)
    if st.detail is not None:
        d = st.detail
        document["detail"] = {
            "path": d.path,
            "experience": d.experience,
            "gap": d.gap,
            "emotion": {"low": d.emotion_low, "end": d.emotion_end},
            "scale": {"min": d.scale[0], "max": d.scale[1]},
        }
    return document


def rollup_document(r: Rollup) -> dict[str, Any]:
    return {
        "experience": r.experience,
        "gap": r.gap,
        "evidence": r.evidence,
        "moments_of_truth": r.moments_of_truth,
        "maps": r.maps,
        "touchpoints": r.touchpoints,
        "hotspots": [point_document(h, "behind", "map") for h in r.hotspots],
    }


def portfolio_document(p: Portfolio) -> dict[str, Any]:
    means = p.means
    return {
        "maps": p.maps,
        "experience": means["experience"],
        "gap": means["gap"],
        "emotion": {k: means[f"emotion.{k}"] for k in ("low", "high", "end")},
        "completeness": means["completeness"],
        "ownership": means["ownership"],
        "moments_of_truth": means["moments_of_truth"],
        "evidence": means["evidence"],
        "owners": [asdict(o) for o in p.owners],
    }


def journey_document(j: JourneySummary) -> dict[str, Any]:
    return {
        "journey": j.journey,
        "stages": [{"id": i, "name": n} for i, n in zip(j.stages, j.stage_names, strict=True)],
        "personas": j.personas,
        "states": j.states,
        "maps": [asdict(m) for m in j.maps],
        "comparisons": [asdict(c) for c in j.comparisons],
    }


def write_json(run: ScoreRun, out: TextIO) -> None:
    document = {
        "version": JSON_VERSION,
        "tool": {"name": "jmap", "version": __version__},
        "maps": [map_document(s) for s in run.scores],
        "portfolio": portfolio_document(run.portfolio),
        "journeys": [journey_document(j) for j in run.journeys],
        "invalid": run.invalid,
        "gates": {
            "breaches": [
                {
                    "path": b.path,
                    "figure": b.gate.figure,
                    "value": b.value,
                    "bound": b.gate.bound,
                    "kind": "fail-over" if b.gate.over else "fail-under",
                }
                for b in run.breaches
            ],
            "not_checked": [{"path": k.path, "figure": k.gate.figure} for k in run.skipped],
        },
    }
    json.dump(document, out, indent=2, ensure_ascii=False)
    out.write("\n")


CSV_COLUMNS = (
    "path",
    "id",
    "title",
    "experience",
    "gap",
    "emotion_low",
    "emotion_high",
    "emotion_end",
    "completeness",
    "ownership",
    "moments_of_truth",
    "misaligned_stages",
    "hotspots",
    "evidence",
    "opportunities",
    # format 1.2: the roll-up over the detail maps (empty cells for a map without details)
    "rollup_experience",
    "rollup_gap",
    "rollup_evidence",
    "rollup_moments_of_truth",
    "rollup_hotspots",
    "rollup_maps",
)


def write_csv(run: ScoreRun, out: TextIO) -> None:
    """One row per valid map, full precision; an empty cell where there is nothing to measure."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for s in run.scores:
        # every text from a map is defused: a title "=HYPERLINK(...)" must not run in Excel
        row: list[Any] = [defuse(s.path), defuse(s.id), defuse(s.title)]
        row += [s.experience, s.gap, s.emotion.low]
        row += [s.emotion.high, s.emotion.end, s.completeness, s.ownership]
        row += [s.moments_of_truth, defuse(";".join(s.misaligned_stages)), len(s.hotspots)]
        row += [s.evidence, defuse(";".join(o.id for o in ranked(s.opportunities)))]
        r = s.rollup
        row += (
            [r.experience, r.gap, r.evidence, r.moments_of_truth, len(r.hotspots), r.maps]
            if r is not None
            else [None] * 6
        )
        writer.writerow(["" if v is None else v for v in row])


OWNER_CSV_COLUMNS = (
    "owner",
    "weighted_gap",
    "touchpoints",
    "weak_touchpoints",
    "pain_points",
    "maps",
)


def write_owners_csv(run: ScoreRun, out: TextIO) -> None:
    """`--by owner`: one row per owner, ranked as in the other formats, full precision; the
    owner cell is empty for touchpoints nobody owns, `maps` the map ids joined with `;`."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(OWNER_CSV_COLUMNS)
    for o in run.portfolio.owners:
        owner = "" if o.owner is None else defuse(o.owner)  # a map's text: defused
        maps = defuse(";".join(o.maps))
        writer.writerow(
            [owner, o.weighted_gap, o.touchpoints, o.weak_touchpoints, o.pain_points, maps]
        )


LOWER_IS_BETTER = ("gap",)
OWNER_HEAD = ("Owner", "Weighted gap", "Touchpoints", "Weak (<50)", "Pain points", "Maps")
JOURNEY_HEAD = ("Map", "Persona", "State", "Experience", "Gap", "Evidence", "Emotion")
FIGURE_LABELS = {
    "experience": "experience",
    "gap": "gap",
    "evidence": "evidence",
    "emotion.low": "emotion low",
    "emotion.end": "emotion end",
}


def owner_row(o: OwnerLoad) -> list[str]:
    return [
        o.owner or "(no owner)",
        f"{o.weighted_gap:.0f}",
        str(o.touchpoints),
        str(o.weak_touchpoints),
        str(o.pain_points),
        str(len(o.maps)),
    ]


def opportunity_line(o: OpportunityScore) -> str:
    addresses = ", ".join(o.addresses) or "nothing"
    return (
        f"priority {o.priority:.1f}, impact {o.impact:.0f}: {o.name} ({o.stage_name},"
        f" {o.status}, {o.owner or 'no owner'}; addresses {addresses})"
    )


def journey_title(j: JourneySummary) -> str:
    return (
        f"Journey {j.journey}: {len(j.maps)} maps; personas {', '.join(j.personas)};"
        f" states {', '.join(j.states)}"
    )


def journey_rows(j: JourneySummary) -> list[list[str]]:
    """One row per map: persona, state, figures, and the curve on the journey's stages."""
    return [
        [
            m.title,
            m.persona,
            m.state,
            shown(m.figures["experience"]),
            shown(m.figures["gap"]),
            shown(m.figures["evidence"]),
            sparkline(m.curve),
        ]
        for m in j.maps
    ]


def emotion_rows(j: JourneySummary) -> tuple[list[str], list[list[str]]]:
    """The emotion curves aligned by stage id: a head (Stage, then each map) and a row per stage."""
    head = ["Stage"] + [f"{m.persona} ({m.state})" for m in j.maps]
    rows = [[name] + [shown(m.curve[i]) for m in j.maps] for i, name in enumerate(j.stage_names)]
    return head, rows


def trend(figure: str, delta: float | None) -> str:
    """+12.5 ▲ (better) / −3.0 ▼ (worse) / 0.0; the gap is better lower."""
    if delta is None:
        return DASH
    if abs(delta) < 1e-9:
        return "0.0"
    better = (delta < 0) if figure in LOWER_IS_BETTER else (delta > 0)
    return f"{delta:+.1f} {'▲' if better else '▼'}"


def comparison_line(c: Comparison) -> str:
    parts = [f"{FIGURE_LABELS[f]} {trend(f, d)}" for f, d in c.deltas.items()]
    return f"{c.persona}, to-be {c.to_be} against as-is {c.as_is}: {', '.join(parts)}"

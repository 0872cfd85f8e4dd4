"""Checks that need the whole map: ratings on its scale, unique ids, declared vocabularies,
the touchpoints opportunities address, metric targets that say which way is better, and
the service blueprint (blueprint.py).

Each problem carries the location path of the node concerned, so the loader can point at
its line and column like any schema error.
"""

from __future__ import annotations

from collections.abc import Iterator

from journeymap_cli.format import blueprint
from journeymap_cli.format.base import suggest_id
from journeymap_cli.format.model import JourneyMap, Named, entry_id, entry_name, slugify
from journeymap_cli.format.parts import Metric, Opportunity
from journeymap_cli.format.problem import Problem
from journeymap_cli.report import diagnostics as codes
from journeymap_cli.report.diagnostics import Loc
from journeymap_cli.suggest import did_you_mean

RATED_STAGE_FIELDS = ("emotion", "effort")
RATED_TOUCHPOINT_FIELDS = ("performance", "target", "importance")
RATED_OPPORTUNITY_FIELDS = ("value", "effort")

__all__ = ["Problem", "check", "metrics", "opportunities"]


def check(jmap: JourneyMap) -> Iterator[Problem]:
    yield from _ratings(jmap)
    yield from _unique_ids(jmap)
    yield from _vocabulary(jmap, "channels", "channel")
    yield from _vocabulary(jmap, "teams", "owner")
    yield from _opportunities(jmap)
    yield from _metrics(jmap)
    yield from blueprint.check(jmap)


def opportunities(jmap: JourneyMap) -> Iterator[tuple[Loc, Opportunity]]:
    """Every opportunity written as a mapping, with its location, in spine order."""
    for s, stage in enumerate(jmap.stages):
        for o, entry in enumerate(stage.opportunities):
            if isinstance(entry, Opportunity):
                yield ("stages", s, "opportunities", o), entry


def metrics(jmap: JourneyMap) -> Iterator[tuple[Loc, str, Metric]]:
    """Every metric written as a mapping (stages' and touchpoints'), with its location and key."""
    for s, stage in enumerate(jmap.stages):
        for key, entry in stage.metrics.items():
            if isinstance(entry, Metric):
                yield ("stages", s, "metrics", key), key, entry
        for t, point in enumerate(stage.touchpoints):
            for key, entry in point.metrics.items():
                if isinstance(entry, Metric):
                    yield ("stages", s, "touchpoints", t, "metrics", key), key, entry


def _ratings(jmap: JourneyMap) -> Iterator[Problem]:
    low, high = jmap.scale.min, jmap.scale.max
    for s, stage in enumerate(jmap.stages):
        items: list[tuple[Loc, str, int | None]] = [
            (("stages", s, name), name, getattr(stage, name)) for name in RATED_STAGE_FIELDS
        ]
        for t, point in enumerate(stage.touchpoints):
            items += [
                (("stages", s, "touchpoints", t, name), name, getattr(point, name))
                for name in RATED_TOUCHPOINT_FIELDS
            ]
        for o, entry in enumerate(stage.opportunities):
            if isinstance(entry, Opportunity):
                items += [
                    (("stages", s, "opportunities", o, name), name, getattr(entry, name))
                    for name in RATED_OPPORTUNITY_FIELDS
                ]
        for loc, name, value in items:
            if value is not None and not low <= value <= high:
                yield Problem(
                    loc,
                    codes.SCHEMA,
                    f"{name} {value} is off the scale {low}-{high}",
                    f"ratings run from {low} to {high} (set 'scale' to change that)",
                )


def _unique_ids(jmap: JourneyMap) -> Iterator[Problem]:
    stages: dict[str, int] = {}
    points: dict[str, tuple[int, int]] = {}
    for s, stage in enumerate(jmap.stages):
        loc: Loc = ("stages", s, "id" if "id" in stage.model_fields_set else "name")
        if stage.id in stages:
            yield Problem(
                loc,
                codes.DUPLICATE_ID,
                f"duplicate stage id {stage.id!r} (also stage {stages[stage.id] + 1})",
                "give one of the stages its own 'id' or another name",
            )
        stages.setdefault(stage.id or "", s)
        for t, point in enumerate(stage.touchpoints):
            ploc: Loc = ("stages", s, "touchpoints", t)
            ploc += ("id" if "id" in point.model_fields_set else "name",)
            if point.id in points:
                first_stage, first_point = points[point.id]
                yield Problem(
                    ploc,
                    codes.DUPLICATE_ID,
                    f"duplicate touchpoint id {point.id!r} (also touchpoint {first_point + 1} "
                    f"of stage {jmap.stages[first_stage].name!r})",
                    "touchpoint ids are unique across the whole map: set an 'id'",
                )
            points.setdefault(point.id or "", (s, t))


def _vocabulary(jmap: JourneyMap, vocabulary: str, field: str) -> Iterator[Problem]:
    entries: list[str | Named] | None = getattr(jmap, vocabulary)
    if entries is None:
        return
    known = {entry_id(e) for e in entries} | {entry_name(e) for e in entries}
    # a name of punctuation only has the empty slug: it matches nothing but itself
    known_slugs = {slugify(k) for k in known} - {""}
    names = [entry_name(e) for e in entries]
    used: list[tuple[Loc, str | None]] = [
        (("stages", s, "touchpoints", t, field), getattr(point, field))
        for s, stage in enumerate(jmap.stages)
        for t, point in enumerate(stage.touchpoints)
    ]
    if field == "owner":  # opportunities are delivered by the same teams
        used += [((*loc, "owner"), o.owner) for loc, o in opportunities(jmap)]
    for loc, value in used:
        # ids and names match exactly; case and punctuation are forgiven via the slug,
        # so 'website' matches a declared 'Website'.
        if value is None or value in known or slugify(value) in known_slugs:
            continue
        yield Problem(
            loc,
            codes.VOCABULARY,
            f"{field} {value!r} is not one of the declared {vocabulary}"
            f"{did_you_mean(value, names)}",
            f"declared {vocabulary}: {', '.join(names) or '(none)'}",
        )


def _opportunities(jmap: JourneyMap) -> Iterator[Problem]:
    """Unique ids among the opportunity mappings; `addresses` naming existing touchpoints.

    Opportunities written as plain strings (format 1.0) have no id of their own and
    are not compared, so 1.0 maps that repeat one in two stages stay valid.
    """
    points = [p.id or "" for stage in jmap.stages for p in stage.touchpoints]
    known = set(points)
    seen: dict[str, Loc] = {}
    for loc, item in opportunities(jmap):
        oid = item.id  # None only in the stand-in of a map that failed the schema
        if oid is not None and oid in seen:
            first = seen[oid]
            yield Problem(
                (*loc, "id" if "id" in item.model_fields_set else "name"),
                codes.DUPLICATE_ID,
                f"duplicate opportunity id {oid!r} (also opportunity {int(first[3]) + 1} "
                f"of stage {jmap.stages[int(first[1])].name!r})",
                "opportunity ids are unique across the whole map: set an 'id'",
            )
        if oid is not None:
            seen.setdefault(oid, loc)
        for a, ref in enumerate(item.addresses):
            if ref in known:
                continue
            hint = suggest_id(ref, points)
            yield Problem(
                (*loc, "addresses", a),
                codes.REFERENCE,
                f"opportunity {item.name!r} addresses {ref!r}, which is not a touchpoint id "
                f"of this map{hint}",
                "list touchpoint ids (a touchpoint's id defaults to the slug of its name)",
            )


def _metrics(jmap: JourneyMap) -> Iterator[Problem]:
    for loc, key, metric in metrics(jmap):
        if metric.target is not None and metric.better is None:
            yield Problem(
                (*loc, "target"),
                codes.SCHEMA,
                f"metric {key!r} has a target but does not say which way is better",
                "add 'better: higher' or 'better: lower'",
                key=True,
            )

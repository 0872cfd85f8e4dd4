"""The service blueprint (format 1.2): each touchpoint's layer and what supports what.

Layers run from the customer outwards: frontstage (the customer meets the company),
backstage (staff work the customer does not see), support (the systems, processes and
partners that work relies on). A `supports` link runs inwards only, from a layer further
from the customer to a nearer one, so the links of a valid map never go round in a circle;
check() says which link breaks that, and names any circle all the same.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from journeymap_cli.format.base import suggest_id
from journeymap_cli.format.model import JourneyMap, Layer, Touchpoint
from journeymap_cli.format.problem import Problem, chain
from journeymap_cli.report import diagnostics as codes
from journeymap_cli.report.diagnostics import Loc

# Nearest the customer first: a touchpoint may support those of a lower index only.
LAYERS: tuple[Layer, ...] = ("frontstage", "backstage", "support")
_DISTANCE = {layer: i for i, layer in enumerate(LAYERS)}
_DIRECTION = "support → backstage or frontstage, backstage → frontstage"


def unseen(point: Touchpoint) -> bool:
    """Out of the customer's sight (backstage or support): what `backstage: true` meant in
    1.1, and what every rule and figure about backstage work applies to."""
    return point.layer != "frontstage"


def may_support(giver: Layer, taker: Layer) -> bool:
    """Whether a touchpoint of layer `giver` may list one of layer `taker` in `supports`."""
    return _DISTANCE[giver] > _DISTANCE[taker]


def touchpoints(jmap: JourneyMap) -> Iterator[tuple[Loc, Touchpoint]]:
    """Every touchpoint with its location, in spine order."""
    for s, stage in enumerate(jmap.stages):
        for t, point in enumerate(stage.touchpoints):
            yield ("stages", s, "touchpoints", t), point


@dataclass(frozen=True)
class Blueprint:
    """A map's `supports` links resolved to touchpoints (ids that name nothing left out)."""

    points: dict[str, Touchpoint]  # by id, in spine order (the first of a duplicate id)
    supports: dict[str, list[Touchpoint]]  # id → the touchpoints it supports, in its order
    supported_by: dict[str, list[Touchpoint]]  # id → the touchpoints that support it

    @classmethod
    def of(cls, jmap: JourneyMap) -> Blueprint:
        points: dict[str, Touchpoint] = {}
        for _, point in touchpoints(jmap):
            if point.id is not None:
                points.setdefault(point.id, point)
        supports: dict[str, list[Touchpoint]] = {}
        supported_by: dict[str, list[Touchpoint]] = {}
        for pid, point in points.items():
            for ref in dict.fromkeys(point.supports):  # an id written twice links once
                if ref in points and ref != pid:
                    supports.setdefault(pid, []).append(points[ref])
                    supported_by.setdefault(ref, []).append(point)
        return cls(points, supports, supported_by)

    @property
    def linked(self) -> bool:
        """Whether the map draws a blueprint: at least one `supports` link."""
        return bool(self.supports)

    def layer(self, layer: Layer) -> list[Touchpoint]:
        """The touchpoints of one layer, in spine order."""
        return [p for p in self.points.values() if p.layer == layer]

    def behind(self, point_id: str) -> list[Touchpoint]:
        """Every touchpoint that supports `point_id`, directly or through others (`supports`
        followed backwards), each once, nearest first. Iterative: any depth, any circle."""
        found: list[Touchpoint] = []
        seen, queue = {point_id}, [point_id]
        for node in queue:  # the list grows as it is read: a queue without pops
            for point in self.supported_by.get(node, ()):
                if point.id is not None and point.id not in seen:
                    seen.add(point.id)
                    queue.append(point.id)
                    found.append(point)
        return found


def check(jmap: JourneyMap) -> Iterator[Problem]:
    """`layer` against `backstage`, then each `supports` entry: a known id, not itself,
    towards the customer; then any circle of supports, named."""
    located = list(touchpoints(jmap))
    for loc, point in located:
        yield from _layer_clash(loc, point)
    points: dict[str, tuple[Loc, Touchpoint]] = {}
    for loc, point in located:
        if point.id is not None:
            points.setdefault(point.id, (loc, point))
    ids = list(points)
    # giver id → (index in its supports, taker id): the links that name a known touchpoint
    edges: dict[str, list[tuple[int, str]]] = {}
    for loc, point in located:
        if point.id is None or points[point.id][1] is not point:
            continue  # a duplicate id (reported as such): its links are not judged
        for i, ref in enumerate(point.supports):
            at: Loc = (*loc, "supports", i)
            if ref not in points:
                yield Problem(
                    at,
                    codes.REFERENCE,
                    f"touchpoint {point.name!r} supports {ref!r}, which is not a touchpoint "
                    f"id of this map{suggest_id(ref, ids)}",
                    "list touchpoint ids (a touchpoint's id defaults to the slug of its name)",
                )
            elif ref == point.id:
                yield Problem(
                    at,
                    codes.BLUEPRINT,
                    f"touchpoint {point.name!r} supports itself",
                    "list the touchpoints this one makes possible, in a layer nearer the customer",
                )
            else:
                edges.setdefault(point.id, []).append((i, ref))
                yield from _direction(at, point, points[ref][1])
    yield from _circles(ids, edges, {pid: loc for pid, (loc, _) in points.items()})


def _layer_clash(loc: Loc, point: Touchpoint) -> Iterator[Problem]:
    """`backstage: true` is `layer: backstage`, `false` is frontstage: both written and
    saying otherwise is an error, pointed at the layer."""
    if not {"layer", "backstage"} <= point.model_fields_set:
        return
    meant = "backstage" if point.backstage else "frontstage"
    if point.layer != meant:
        flag = "true" if point.backstage else "false"
        yield Problem(
            (*loc, "layer"),
            codes.SCHEMA,
            f"layer {point.layer!r} disagrees with 'backstage: {flag}' (layer {meant})",
            "write the layer alone: 'backstage' is kept only for maps written before 'layer'",
        )


def _direction(at: Loc, giver: Touchpoint, taker: Touchpoint) -> Iterator[Problem]:
    """A link from a layer nearer the customer, or the same layer, is the wrong way round."""
    if not isinstance(giver.layer, str) or not isinstance(taker.layer, str):
        return  # a layer the schema refused: left to that error
    if may_support(giver.layer, taker.layer):
        return
    if not may_support(taker.layer, giver.layer):
        hint = f"supports run inwards: {_DIRECTION}; set the layers, or remove this entry"
    elif giver.id in taker.supports:
        hint = f"{taker.id!r} already supports {giver.id!r}: remove this entry"
    else:
        hint = f"write it the other way round: 'supports: [{giver.id}]' on {taker.id!r}"
    yield Problem(
        at,
        codes.BLUEPRINT,
        f"{giver.layer} touchpoint {giver.name!r} cannot support {taker.layer} touchpoint "
        f"{taker.id!r}: supports run towards the customer ({_DIRECTION})",
        hint,
    )


def _circles(
    order: Iterable[str], edges: dict[str, list[tuple[int, str]]], locs: dict[str, Loc]
) -> Iterator[Problem]:
    """Each circle of supports, named, at the link that closes it. Depth-first with a stack
    of its own (no recursion): linear in touchpoints and links, whatever their number."""
    state: dict[str, bool] = {}  # True while on the current path, False once finished
    for start in order:
        if start in state:
            continue
        path, where = [start], {start: 0}
        state[start] = True
        pending = [iter(edges.get(start, ()))]
        while pending:
            step = next(pending[-1], None)
            if step is None:
                done = path.pop()
                del where[done]
                state[done] = False
                pending.pop()
                continue
            index, target = step
            if target not in state:
                state[target] = True
                where[target] = len(path)
                path.append(target)
                pending.append(iter(edges.get(target, ())))
            elif state[target]:
                circle = [*path[where[target] :], target]
                yield Problem(
                    (*locs[path[-1]], "supports", index),
                    codes.BLUEPRINT,
                    f"supports go round in a circle: {chain(circle)}",
                    "a circle of supports has no layer furthest from the customer: "
                    "remove the link that points outwards",
                )

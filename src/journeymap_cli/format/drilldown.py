"""Drill-down (format 1.2): the hierarchy that stages' `detail` maps form.

A map's stages may each open into a detail map, whose stages may open into others (level
1 → level 2 → level 3). The hierarchy is walked with a stack of its own, never recursion,
each map once however many stages share it: how deep it goes below a map, and the circle
of details a map is on or leads into. What a map's children are (reading files, keeping
inside the project root) is the caller's business: io/references.py.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from journeymap_cli.format.model import JourneyMap

# A map and the levels below it; journey hierarchies go three or four deep, so a deeper
# one is a slip, and every figure rolled up over it would cost in proportion.
MAX_LEVELS = 10

K = TypeVar("K", bound=Hashable)


@dataclass
class Detail:
    """A stage's detail map, with the detail maps of its own stages (by stage index).
    A sub-journey shared by several stages is one object, reached from each of them."""

    path: Path  # resolved
    label: str  # as reports name it
    jmap: JourneyMap  # schema-checked (its own references are checked when it is validated)
    details: dict[int, Detail] = field(default_factory=dict)


class Hierarchy(Generic[K]):
    """What lies below each map: its depth, or the circle of details it reaches.

    `children(node)` lists the maps a node's stages detail (a node listed twice for two
    stages, itself for a stage that details its own map). Results are kept: each node's
    children are asked for once.
    """

    def __init__(self, children: Callable[[K], list[K]]) -> None:
        self._children = children
        self._kids: dict[K, list[K]] = {}
        self._depth: dict[K, int] = {}  # levels below a node that reaches no circle
        self._next: dict[K, K] = {}  # the child on a node's deepest chain
        self._circle: dict[K, tuple[K, ...]] = {}  # the circle a node is on or leads into

    def children(self, node: K) -> list[K]:
        if node not in self._kids:
            self._kids[node] = self._children(node)
        return self._kids[node]

    def circle(self, node: K) -> tuple[K, ...] | None:
        """The circle of details `node` is on or leads into: (a, b, ..., a); None if none."""
        self._walk(node)
        return self._circle.get(node)

    def deepest(self, node: K, limit: int) -> list[K]:
        """`node` and the maps below it down its deepest chain, at most `limit` of them
        (call when circle() is None)."""
        self._walk(node)
        found = [node]
        while len(found) < limit and found[-1] in self._next:
            found.append(self._next[found[-1]])
        return found

    def depth(self, node: K) -> int:
        """Levels of detail below `node` (0: none; call when circle() is None)."""
        self._walk(node)
        return self._depth.get(node, 0)

    def _known(self, node: K) -> bool:
        return node in self._depth or node in self._circle

    def _walk(self, start: K) -> None:
        """Depth first from `start` with an explicit stack; a child met while still on the
        path closes a circle. Each node is finished once, with its depth or its circle."""
        if self._known(start):
            return
        path, where, pos = [start], {start: 0}, [0]
        while path:
            node = path[-1]
            kids = self.children(node)
            if pos[-1] < len(kids):
                child = kids[pos[-1]]
                pos[-1] += 1
                if child in where:  # on the path: node details its way back to child
                    self._circle.setdefault(node, (*path[where[child] :], child))
                elif not self._known(child):
                    where[child] = len(path)
                    path.append(child)
                    pos.append(0)
                continue
            path.pop()
            pos.pop()
            del where[node]
            self._finish(node, kids)

    def _finish(self, node: K, kids: list[K]) -> None:
        if node in self._circle:
            return
        circled = next((self._circle[k] for k in kids if k in self._circle), None)
        if circled is not None:  # below it, a circle: no depth to tell
            self._circle[node] = circled
            return
        if kids:
            best = max(kids, key=lambda k: self._depth[k])
            self._next[node] = best
            self._depth[node] = self._depth[best] + 1
        else:
            self._depth[node] = 0


def starting_at(circle: tuple[K, ...], node: K) -> tuple[K, ...]:
    """The circle (a, b, c, a) told from `node` (b → (b, c, a, b)) when node is on it."""
    ring = circle[:-1]
    if node not in ring:
        return circle
    i = ring.index(node)
    return (*ring[i:], *ring[:i], node)

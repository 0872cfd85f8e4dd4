"""Where a blueprint's cards sit and how its arrows run, decided here so the page needs no script.

The browser lays a page out, so no arrow can be drawn from measured card positions (and
a written page runs no script: its Content-Security-Policy forbids it, and PDF export
runs with scripts off). Instead the blueprint is a CSS grid whose geometry is known in
advance: each card fills one cell (a stage column and a slot row), and arrows run only
through gutters, narrow tracks of fixed width between the stage columns and between the
slot rows, where no card and no text ever is. Every piece of an arrow is a grid item
spanning whole tracks, with its lines placed in percent or pixels of its own box, so the
arrow meets the card's edge whatever height the browser gives each row.

An arrow leaves the side of its supporting card (towards the supported one), climbs a
vertical track of the gutter beside it, crosses along a horizontal track between slot rows
when it has to change gutters, climbs the gutter beside the supported card and enters it
from the side with its head. Tracks are shared by arrows whose runs do not overlap
(interval colouring); the points where arrows meet one card's side are spread over its
height, exits above entries, so no two arrows share a line.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from dataclasses import dataclass, field

TRACK = 5  # px: one arrow's track in a gutter (its line runs down the middle)
PAD = 8  # px: between a card's side and the nearest track (room for the arrow's head)
SPACER = 14  # px: a gutter between two stages that no arrow uses
GAP = 10  # px: between two slot rows that no arrow crosses along
EDGE = 6  # px: around the horizontal tracks between two slot rows
MID = TRACK // 2 - 1  # px from a track's side to its line (a line is 2 px wide)


@dataclass(frozen=True)
class Link:
    """A `supports` link from the card in (giver stage, giver slot) to the card in
    (taker stage, taker slot); slots count card rows from the top, and the taker's is
    above the giver's (supports run towards the customer)."""

    giver: str
    taker: str
    giver_stage: int
    giver_slot: int
    taker_stage: int
    taker_slot: int


@dataclass
class Piece:
    """One grid item of an arrow: its grid area and the lines drawn inside it."""

    area: str
    segments: list[dict[str, str]]


@dataclass
class Wire:
    giver: str
    taker: str
    pieces: list[Piece] = field(default_factory=list)


@dataclass
class Grid:
    """The blueprint's grid: CSS track sizes, where stages and rows are, and the arrows."""

    columns: list[str]
    rows: list[str]
    stage_column: list[int]  # grid line of each stage's column
    slot_row: list[int]  # grid line of each slot row
    line_row: dict[int, int]  # channel (between slot c and c + 1) → grid line of its line
    wires: list[Wire]

    def area(self, row: int, column: int, rows: int = 1, columns: int = 1) -> str:
        return f"{row} / {column} / {row + rows} / {column + columns}"


def colour(intervals: Iterable[tuple[int, int, int]]) -> tuple[dict[int, int], int]:
    """Tracks for closed intervals (start, end, key): overlapping ones (touching included)
    get different tracks, each the lowest free one; (key → track, tracks used)."""
    assigned: dict[int, int] = {}
    busy: list[tuple[int, int]] = []  # (end, track) of intervals still open
    free: list[int] = []
    used = 0
    for start, end, key in sorted(intervals):
        while busy and busy[0][0] < start:
            heapq.heappush(free, heapq.heappop(busy)[1])
        if free:
            track = heapq.heappop(free)
        else:
            track, used = used, used + 1
        assigned[key] = track
        heapq.heappush(busy, (end, track))
    return assigned, used


@dataclass
class _Route:
    link: Link
    exit_gutter: int
    entry_gutter: int
    exit_track: int = 0
    entry_track: int = 0
    channel: int | None = None  # where it crosses between gutters (None: one gutter)
    lane: int = 0  # its horizontal track in that channel


def _routes(links: list[Link]) -> list[_Route]:
    """Each arrow's gutters: the one beside the giver towards the taker, and the one beside
    the taker towards the giver; within one stage, the gutter on its right."""
    routes = []
    for link in links:
        i, j = link.giver_stage, link.taker_stage
        if j > i:
            routes.append(_Route(link, i + 1, j))
        elif j < i:
            routes.append(_Route(link, i, j + 1))
        else:
            routes.append(_Route(link, i + 1, i + 1))
    return routes


def _slot_y(slot: int) -> int:
    return 2 * slot + 1


def _channel_y(channel: int) -> int:
    return 2 * channel + 2


def _assign_tracks(routes: list[_Route], stages: int) -> tuple[list[int], dict[int, int]]:
    """Tracks per gutter and horizontal tracks per channel, given to each route."""
    vertical: dict[int, list[tuple[int, int, int]]] = {}
    horizontal: dict[int, list[tuple[int, int, int]]] = {}
    for n, r in enumerate(routes):
        low, high = _slot_y(r.link.taker_slot), _slot_y(r.link.giver_slot)
        if r.exit_gutter == r.entry_gutter:
            vertical.setdefault(r.exit_gutter, []).append((low, high, 2 * n))
            continue
        r.channel = r.link.giver_slot - 1  # just above the giver: it turns as it leaves
        turn = _channel_y(r.channel)
        vertical.setdefault(r.exit_gutter, []).append((turn, high, 2 * n))
        vertical.setdefault(r.entry_gutter, []).append((low, turn, 2 * n + 1))
        left, right = sorted((r.exit_gutter, r.entry_gutter))
        horizontal.setdefault(r.channel, []).append((left, right, n))
    tracks = [0] * (stages + 1)
    for gutter, spans in vertical.items():
        assigned, tracks[gutter] = colour(spans)
        for key, track in assigned.items():
            route = routes[key // 2]
            if key % 2 == 0:
                route.exit_track = track
                if route.channel is None:
                    route.entry_track = track
            else:
                route.entry_track = track
    lanes: dict[int, int] = {}
    for channel, spans in horizontal.items():
        assigned, lanes[channel] = colour(spans)
        for key, lane in assigned.items():
            routes[key].lane = lane
    return tracks, lanes


def _columns(stages: int, tracks: list[int]) -> tuple[list[str], list[int], list[int]]:
    """CSS columns after the lane labels' column: gutter, stage, gutter, ..., gutter.
    Returns the sizes, each stage's grid line, and each gutter's first grid line."""
    columns: list[str] = ["var(--bp-lane-w)"]
    stage_column: list[int] = []
    gutter_column: list[int] = []
    for g in range(stages + 1):
        gutter_column.append(len(columns) + 1)
        if tracks[g]:
            columns += [f"{PAD}px", *[f"{TRACK}px"] * tracks[g], f"{PAD}px"]
        else:
            columns.append(f"{SPACER}px")
        if g < stages:
            stage_column.append(len(columns) + 1)
            columns.append("minmax(var(--bp-stage-min), 1fr)")
    return columns, stage_column, gutter_column


def lay_out(
    stages: int, rows_above: int, slots: int, lines: Iterable[int], links: list[Link]
) -> Grid:
    """The grid of a blueprint: `rows_above` rows (stage heads, lanes above the cards) of
    content height, then `slots` slot rows with a channel between each two; a channel in
    `lines` opens with a row for a named line (of visibility, of internal interaction)."""
    routes = _routes(links)
    tracks, lanes = _assign_tracks(routes, stages)
    columns, stage_column, gutter_column = _columns(stages, tracks)
    with_line = set(lines)
    rows = ["auto"] * rows_above
    slot_row: list[int] = []
    line_row: dict[int, int] = {}
    lane_row: dict[int, int] = {}  # channel → grid line of its first horizontal track
    for s in range(slots):
        slot_row.append(len(rows) + 1)
        rows.append("auto")
        if s == slots - 1:
            break
        if s in with_line:
            line_row[s] = len(rows) + 1
            rows.append("auto")
        count = lanes.get(s, 0)
        if count:
            rows.append(f"{EDGE}px")
            lane_row[s] = len(rows) + 1
            rows += [f"{TRACK}px"] * count + [f"{EDGE}px"]
        elif s not in with_line:
            rows.append(f"{GAP}px")
    grid = Grid(columns, rows, stage_column, slot_row, line_row, [])
    heights = _stub_heights(routes, tracks)
    for n, route in enumerate(routes):
        grid.wires.append(
            _wire(grid, route, tracks, gutter_column, lane_row, heights[2 * n], heights[2 * n + 1])
        )
    return grid


def _stub_heights(routes: list[_Route], tracks: list[int]) -> list[float]:
    """Where each arrow meets its card's side, in % of the slot row: the arrows at one side
    of one card row spread over its height, those leaving above those arriving, and the
    farther an arrow's track, the higher it meets the side (so they do not cross)."""
    at: dict[tuple[int, int], list[tuple[int, int, int]]] = {}
    for n, r in enumerate(routes):
        link = r.link
        # a card left of its gutter meets tracks counted from the left
        exit_left = r.exit_gutter == link.giver_stage + 1
        exit_far = r.exit_track if exit_left else tracks[r.exit_gutter] - 1 - r.exit_track
        at.setdefault((link.giver_slot, r.exit_gutter), []).append((0, -exit_far, 2 * n))
        entry_left = r.entry_gutter == link.taker_stage + 1
        entry_far = r.entry_track if entry_left else tracks[r.entry_gutter] - 1 - r.entry_track
        at.setdefault((link.taker_slot, r.entry_gutter), []).append((1, -entry_far, 2 * n + 1))
    heights = [0.0] * (2 * len(routes))
    for stubs in at.values():
        stubs.sort()
        for i, (_, _, key) in enumerate(stubs):
            heights[key] = round(100 * (i + 1) / (len(stubs) + 1), 2)
    return heights


def _track_line(gutter_column: list[int], gutter: int, track: int) -> int:
    return gutter_column[gutter] + 1 + track  # after the gutter's first pad


def _wire(
    grid: Grid,
    route: _Route,
    tracks: list[int],
    gutter_column: list[int],
    lane_row: dict[int, int],
    exit_at: float,
    entry_at: float,
) -> Wire:
    link = route.link
    wire = Wire(link.giver, link.taker)
    giver_row, taker_row = grid.slot_row[link.giver_slot], grid.slot_row[link.taker_slot]
    exit_col = _track_line(gutter_column, route.exit_gutter, route.exit_track)
    entry_col = _track_line(gutter_column, route.entry_gutter, route.entry_track)
    exit_left = route.exit_gutter == link.giver_stage + 1  # the giver is left of its gutter
    entry_left = route.entry_gutter == link.taker_stage + 1
    wire.pieces.append(
        _stub(grid, giver_row, gutter_column, route.exit_gutter, tracks, exit_col, exit_left,
              exit_at, arrow=False)
    )  # fmt: skip
    if route.channel is None:
        wire.pieces.append(_vertical(grid, taker_row + 1, giver_row, exit_col, "0", "0"))
    else:
        turn = lane_row[route.channel] + route.lane
        wire.pieces.append(_vertical(grid, turn, giver_row, exit_col, f"{MID}px", "0"))
        left, right = sorted((exit_col, entry_col))
        wire.pieces.append(
            Piece(
                grid.area(turn, left, columns=right - left + 1),
                [_h(f"left:{MID}px;right:{MID}px;top:{MID}px")],
            )
        )
        wire.pieces.append(_vertical(grid, taker_row + 1, turn + 1, entry_col, "0", f"{MID}px"))
    wire.pieces.append(
        _stub(grid, taker_row, gutter_column, route.entry_gutter, tracks, entry_col, entry_left,
              entry_at, arrow=True)
    )  # fmt: skip
    return wire


def _h(style: str) -> dict[str, str]:
    return {"kind": "h", "style": style}


def _v(style: str) -> dict[str, str]:
    return {"kind": "v", "style": style}


def _vertical(grid: Grid, first: int, end: int, column: int, top: str, bottom: str) -> Piece:
    """A climb up one track, over grid rows first .. end - 1."""
    return Piece(
        grid.area(first, column, rows=end - first), [_v(f"left:{MID}px;top:{top};bottom:{bottom}")]
    )


def _stub(
    grid: Grid,
    row: int,
    gutter_column: list[int],
    gutter: int,
    tracks: list[int],
    track_col: int,
    card_left: bool,
    at: float,
    *,
    arrow: bool,
) -> Piece:
    """From a card's side to its track, within the card's row: leaving a giver it turns up
    to the row's top; reaching a taker it comes up from the row's bottom, with a head."""
    y = f"calc({at}% - 1px)"
    vertical = f"top:0;height:calc({at}% + 1px)" if not arrow else f"top:{y};bottom:0"
    head = 7 if arrow else 0  # px of arrow head between the line and the card
    if card_left:  # the piece runs from the gutter's left edge (the card) to the track
        first = gutter_column[gutter]
        area = grid.area(row, first, columns=track_col - first + 1)
        segments = [_h(f"left:{head}px;right:{MID}px;top:{y}"), _v(f"right:{MID}px;{vertical}")]
        side = "left"
    else:  # from the track to the gutter's right edge (the card)
        last = gutter_column[gutter] + (tracks[gutter] + 2 if tracks[gutter] else 1) - 1
        area = grid.area(row, track_col, columns=last - track_col + 1)
        segments = [_h(f"right:{head}px;left:{MID}px;top:{y}"), _v(f"left:{MID}px;{vertical}")]
        side = "right"
    if arrow:
        segments.append({"kind": f"head-{side}", "style": f"{side}:0;top:calc({at}% - 5px)"})
    return Piece(area, segments)

"""The blueprint's geometry (render/wires.py) and view-model (render/blueprint.py), checked
without a browser: tracks never shared by overlapping runs, every arrow in gutters only,
lanes and lines where a service blueprint has them. The browser measures the result in
test_blueprint_browser.py."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

from helpers import ROOT
from journeymap_cli.format.blueprint import Blueprint
from journeymap_cli.io.loader import Loader
from journeymap_cli.render.blueprint import MAX_ARROWS, supports_words
from journeymap_cli.render.page import page_view
from journeymap_cli.render.wires import GAP, TRACK, Link, colour, lay_out

DEALER = ROOT / "tests/data/blueprint/dealer.jmap.yaml"
AREA = re.compile(r"^(\d+) / (\d+) / (\d+) / (\d+)$")


def span(area: str) -> tuple[range, range]:
    """Grid rows and columns an area covers."""
    m = AREA.match(area)
    assert m, area
    r1, c1, r2, c2 = map(int, m.groups())
    return range(r1, r2), range(c1, c2)


def test_colour_gives_overlapping_runs_different_tracks_and_reuses_free_ones() -> None:
    spans = [(0, 4, 0), (2, 6, 1), (5, 9, 2), (4, 4, 3), (7, 8, 4)]
    tracks, used = colour(spans)
    for (a0, a1, a), (b0, b1, b) in itertools.combinations(spans, 2):
        if a0 <= b1 and b0 <= a1:  # closed intervals: touching ends overlap
            assert tracks[a] != tracks[b], (a, b)
    assert used == 3  # 0-4, 2-6 and 4-4 meet at 4; 5-9 takes 0-4's track again
    assert tracks[2] == tracks[0]


def test_colour_of_nothing() -> None:
    assert colour([]) == ({}, 0)


@pytest.mark.parametrize("stages", [1, 3, 6])
def test_arrows_run_in_gutters_and_enter_their_cards_from_the_side(stages: int) -> None:
    # every supporting card (slots 3..5) linked to every card above it in every stage
    links = [
        Link(f"g{i}{s}", f"t{j}{t}", i, s, j, t)
        for i in range(stages)
        for j in range(stages)
        for s in range(3, 6)
        for t in range(0, 3)
        if (s + t + i + j) % 3 == 0
    ]
    grid = lay_out(stages, 2, 6, [2], links)
    slot_rows = set(grid.slot_row)
    stage_cols = set(grid.stage_column)
    assert len(grid.wires) == len(links)
    for wire, link in zip(grid.wires, links, strict=True):
        pieces = [span(p.area) for p in wire.pieces]
        for rows, cols in pieces:
            # no piece ever lies over a card's cell: a stage column in a card row
            assert not (set(rows) & slot_rows and set(cols) & stage_cols), (link, rows, cols)
            assert 1 not in cols  # nor over the lane names
        # the first piece leaves the giver's row beside its column; the last reaches the
        # taker's row beside its column, and carries the arrow head
        first, last = pieces[0], pieces[-1]
        assert list(first[0]) == [grid.slot_row[link.giver_slot]]
        assert list(last[0]) == [grid.slot_row[link.taker_slot]]
        giver_col = grid.stage_column[link.giver_stage]
        taker_col = grid.stage_column[link.taker_stage]
        assert giver_col - 1 in first[1] or giver_col + 1 in first[1]
        assert taker_col - 1 in last[1] or taker_col + 1 in last[1]
        assert any(s["kind"].startswith("head") for s in wire.pieces[-1].segments)
        assert not any(s["kind"].startswith("head") for p in wire.pieces[:-1] for s in p.segments)


def test_vertical_runs_in_one_track_never_overlap() -> None:
    links = [Link(f"g{s}{t}", f"t{s}{t}", 0, s, 0, t) for s in range(3, 7) for t in range(0, 3)]
    grid = lay_out(1, 1, 7, [2], links)
    used: dict[int, list[set[int]]] = {}
    for wire in grid.wires:
        for piece in wire.pieces:
            rows, cols = span(piece.area)
            if len(cols) == 1 and any(s["kind"] == "v" for s in piece.segments):
                for seen in used.get(cols[0], []):
                    assert not seen & set(rows)
                used.setdefault(cols[0], []).append(set(rows))
    # twelve links between the rows of one stage need tracks of their own, side by side
    assert sum(1 for c in grid.columns if c == f"{TRACK}px") >= 4


def test_a_grid_without_arrows_has_plain_gutters() -> None:
    grid = lay_out(4, 3, 3, [0, 1], [])
    assert grid.wires == []
    assert all(not c.endswith(f"{TRACK}px") for c in grid.columns)
    assert sorted(grid.line_row) == [0, 1]
    assert f"{GAP}px" not in grid.rows  # both channels are lines


def _page(path: Path = DEALER) -> dict:
    loaded = Loader().load_map(path)
    assert loaded.ok and not loaded.diagnostics
    return page_view(loaded, False, 1_000_000)


def test_the_dealers_blueprint_has_its_lanes_lines_cards_and_arrows() -> None:
    bp = _page()["blueprint"]
    assert [lane["label"] for lane in bp["lanes"]] == [
        "Physical evidence",
        "Customer actions",
        "Frontstage",
        "Backstage",
        "Support",
    ]
    assert [line["label"] for line in bp["lines"]] == [
        "Line of interaction",
        "Line of visibility",
        "Line of internal interaction",
    ]
    assert len(bp["cards"]) == 21 and bp["drawn"] and bp["links"] == 16
    assert len(bp["wires"]) == 16
    cards = {x["card"]["id"]: x["card"] for x in bp["cards"]}
    assert cards["stock-system"]["actor"] == "Stock system"
    assert cards["stock-system"]["supports_words"] == (
        "Sales advisor prepares the quote and Gets a firm delivery date"
    )
    # the frontstage lane sits above the line of visibility, the support lane below the
    # line of internal interaction
    rows = {lane["key"]: span(lane["area"])[0] for lane in bp["lanes"]}
    lines = {line["key"]: span(line["label_area"])[0][0] for line in bp["lines"]}
    assert max(rows["actions"]) < lines["interaction"] < min(rows["frontstage"])
    assert max(rows["frontstage"]) < lines["visibility"] < min(rows["backstage"])
    assert max(rows["backstage"]) < lines["internal"] < min(rows["support"])
    assert {(link["giver"], link["taker_stage"]) for link in bp["link_list"]} >= {
        ("Dealer stock system", "Purchase"),
        ("Logistics partner delivers the car to the dealer", "Purchase"),
    }


def test_a_map_of_format_1_1_has_no_blueprint() -> None:
    assert _page(ROOT / "tests/data/site11/buying.jmap.yaml")["blueprint"] is None


@pytest.mark.parametrize(
    "addition",
    [
        "    physical_evidence: [The receipt]\n",
        "    touchpoints:\n      - name: CRM\n        layer: support\n",
    ],
)
def test_physical_evidence_or_a_support_layer_alone_makes_a_blueprint(
    workdir: Path, addition: str
) -> None:
    path = workdir / "m.jmap.yaml"
    path.write_text(
        "jmap: 1\ntitle: T\npersona: {name: P}\nstages:\n  - name: One\n" + addition,
        encoding="utf-8",
    )
    bp = _page(path)["blueprint"]
    assert bp is not None and bp["wires"] == [] and bp["links"] == 0


def test_beyond_max_arrows_the_links_are_told_in_words(workdir: Path) -> None:
    points = []
    for i in range(MAX_ARROWS + 1):
        points.append(f"      - {{name: F{i}, channel: Web}}")
        points.append(f"      - {{name: S{i}, layer: support, supports: [f{i}]}}")
    text = "jmap: 1\ntitle: T\npersona: {name: P}\nstages:\n  - name: One\n    touchpoints:\n"
    (workdir / "m.jmap.yaml").write_text(text + "\n".join(points) + "\n", encoding="utf-8")
    bp = _page(workdir / "m.jmap.yaml")["blueprint"]
    assert bp["links"] == MAX_ARROWS + 1 and not bp["drawn"] and bp["wires"] == []
    assert bp["not_drawn"].startswith(f"{MAX_ARROWS + 1} supports links are too many")
    assert {x["card"]["supports_words"] for x in bp["cards"]} >= {"F0", f"F{MAX_ARROWS}"}


def test_supports_words() -> None:
    assert supports_words(["A"]) == "A"
    assert supports_words(["A", "B", "C"]) == "A, B and C"
    assert supports_words([str(i) for i in range(1200)]) == "0, 1, 2, 3 and 1,196 more"


def test_the_blueprint_graph_of_the_test_map_is_what_the_cards_say() -> None:
    loaded = Loader().load_map(DEALER)
    assert loaded.jmap is not None
    graph = Blueprint.of(loaded.jmap)
    cards = {x["card"]["id"]: x["card"] for x in _page()["blueprint"]["cards"]}
    for giver, takers in graph.supports.items():
        assert cards[giver]["supports"] == [t.name for t in takers]

"""Drill-down on rendered pages (format 1.2): "details →" on a stage with its detail map's
figures, the detail page's way up, roll-up figures, and the site index's hierarchy. Through
the real CLI and the installed `jmap`, on real folders of maps."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import scorer12
from helpers import INSTALLED, ROOT, run_installed, run_jmap
from journeymap_cli.render.drilldown import hierarchy

DATA = ROOT / "tests/data/blueprint"


@pytest.fixture
def project(workdir: Path) -> Path:
    shutil.copytree(DATA, workdir / "maps")
    return workdir


def figures(loaded, score):  # type: ignore[no-untyped-def]
    """Hand-set stand-ins for the scorer's 1.2 figures (tests/scorer12.py)."""
    if not loaded.details:
        return {}
    own = {"Purchase": (41.7, 39.2), "Finance": (18.8, 56.2), "Paperwork": (41.7, 39.2)}
    return {
        "details": {
            i: scorer12.detail_figures(*own[loaded.jmap.stages[i].name]) for i in loaded.details
        },
        "rollup": scorer12.rollup(44.1, 45.0),
    }


def render_site(project: Path, *paths: str, fmt: str = "html") -> Path:
    with scorer12.stand_in(figures):
        result = run_jmap("render", *(paths or ("maps",)), "-o", "out", "-f", fmt, "--no-date")
    assert result.exit_code == 0, result.stderr
    return project / "out"


def read(folder: Path, name: str) -> str:
    return (folder / name).read_text(encoding="utf-8")


def test_a_stage_links_down_to_its_detail_page_with_the_details_figures(project: Path) -> None:
    out = render_site(project)
    dealer = read(out, "dealer.html")
    assert (
        '<span class="stage-detail"><a class="details-link" href="purchase-steps.html"'
        ' title="Purchase, step by step">details <span aria-hidden="true">→</span></a>'
        ' <span class="detail-figures"><span class="fig">experience <b class="num">38.2</b>'
        '</span> · <span class="fig">gap <b class="num">52.9</b></span></span></span>'
    ) in dealer
    # in the stage heads of the grid and of the blueprint
    assert dealer.count('href="purchase-steps.html"') == 2
    steps = read(out, "purchase-steps.html")
    assert 'href="finance-approval.html" title="Finance approval">details' in steps


def test_a_detail_page_says_which_stage_of_which_map_it_details(project: Path) -> None:
    out = render_site(project)
    steps = read(out, "purchase-steps.html")
    assert (
        '<p class="up"><a href="dealer.html"><span aria-hidden="true">↑ </span>Buying a family'
        " car at Northgate Motors</a> · this map details stage 4, “Purchase”</p>"
    ) in steps
    finance = read(out, "finance-approval.html")
    assert (
        '<a href="purchase-steps.html"><span aria-hidden="true">↑ </span>Purchase, step by'
        " step</a> · this map details stage 2, “Finance”"
    ) in finance
    assert '<p class="up">' not in read(out, "dealer.html")


def test_roll_up_figures_stand_beside_the_maps_own(project: Path) -> None:
    dealer = read(render_site(project), "dealer.html")
    assert (
        '<p class="rollup small">With its detail maps: experience <b class="num">43.9</b>'
        ' · gap <b class="num">49.7</b></p>'
    ) in dealer


def test_the_index_shows_the_hierarchy_level_0_first(project: Path) -> None:
    index = read(render_site(project), "index.html")
    tree = index[index.index('<ul class="tree">') : index.index("</ul>", index.index('"tree"'))]
    row = r'<li class="level-(\d)[^"]*" style="--level: \d">\s*<span><a class="tree-title"'
    rows = re.findall(row + r' href="([^"]+)">', tree)
    assert rows == [
        ("0", "dealer.html"),
        ("1", "purchase-steps.html"),
        ("2", "finance-approval.html"),
    ]
    assert "details stage 4, Purchase" in tree and "details stage 2, Finance" in tree
    assert (
        'own: <b class="num">49.1</b> experience · <b class="num">47.8</b> gap</span>\n'
        '      <span class="tree-figures">with its detail maps: <b class="num">43.9</b>'
        ' experience · <b class="num">49.7</b> gap</span>'
    ) in tree


def test_the_markdown_index_indents_the_hierarchy(project: Path) -> None:
    readme = read(render_site(project, fmt="md"), "README.md")
    assert (
        "## Journeys and their detail maps\n\n"
        "- [Buying a family car at Northgate Motors](dealer.md): experience 49.1, gap 47.8;"
        " with its detail maps: experience 43.9, gap 49.7\n"
        "  - [Purchase, step by step](purchase-steps.md), details stage 4, Purchase:"
        " experience 38.2, gap 52.9; with its detail maps: experience 32.0, gap 54.0\n"
        "    - [Finance approval](finance-approval.md), details stage 2, Finance:"
        " experience 18.8, gap 56.2\n"
    ) in readme
    dealer = read(render_site(project, fmt="md"), "dealer.md")
    assert (
        "- Stage 4, Purchase: [Purchase, step by step](purchase-steps.md)"
        " (experience 38.2, gap 52.9)"
    ) in dealer


def test_one_map_rendered_alone_names_its_detail_without_a_link(project: Path) -> None:
    with scorer12.stand_in(figures):
        html = run_jmap("render", "maps/dealer.jmap.yaml", "-o", "-", "--no-date").stdout
    assert (
        '<span class="details-link" title="maps/details/purchase-steps.jmap.yaml">details:'
        " Purchase, step by step</span>"
    ) in html
    assert "purchase-steps.html" not in html and '<p class="up">' not in html


def test_a_detail_left_out_of_the_site_is_named_not_linked(project: Path) -> None:
    out = render_site(project, "maps/dealer.jmap.yaml", "maps/details/purchase-steps.jmap.yaml")
    assert sorted(p.name for p in out.iterdir()) == [
        "dealer.html",
        "index.html",
        "purchase-steps.html",
    ]
    steps = read(out, "purchase-steps.html")
    assert "finance-approval.html" not in steps
    assert "details: Finance approval</span>" in steps
    assert 'href="dealer.html"' in steps  # its own way up is there


def test_a_detail_that_fails_validation_gets_no_link(project: Path) -> None:
    # a detail map with an error of its own (not of the schema): its parent still
    # validates (details are schema-checked only), and the site has no page for it
    bad = project / "maps/details/finance-approval.jmap.yaml"
    text = bad.read_text(encoding="utf-8").replace("  - name: Decision", "  - name: Application")
    bad.write_text(text, encoding="utf-8")  # two stages of one id: an integrity error
    with scorer12.stand_in(figures):
        result = run_jmap("render", "maps", "-o", "out", "--no-date")
    assert result.exit_code == 1, result.stdout + result.stderr  # reported, the rest rendered
    assert not (project / "out/finance-approval.html").exists()
    steps = read(project / "out", "purchase-steps.html")
    assert "finance-approval.html" not in steps
    assert "details: Finance approval</span>" in steps


def test_a_shared_sub_journey_is_shown_once_in_full_and_named_again(project: Path) -> None:
    # the trade-in map details its own stage with the same purchase steps
    (project / "maps/trade-in.jmap.yaml").write_text(
        "jmap: 1\ntitle: Trading in the old car\npersona: {name: Sarah}\nstages:\n"
        "  - name: Valuation\n  - name: Paperwork\n    detail: details/purchase-steps.jmap.yaml\n",
        encoding="utf-8",
    )
    out = render_site(project)
    steps = read(out, "purchase-steps.html")
    assert steps.count('<p class="up">') == 2
    assert "this map details stage 2, “Paperwork”" in steps
    index = read(out, "index.html")
    tree = index[index.index('<ul class="tree">') : index.index("</ul>", index.index('"tree"'))]
    assert tree.count('href="purchase-steps.html"') == 2
    assert tree.count('href="finance-approval.html"') == 1  # not expanded again
    assert "(shown in full above)" in tree


def test_hierarchy_is_a_tree_of_rows_without_expanding_shared_maps() -> None:
    # a diamond 20 levels deep: expanded it would be 2^20 rows; shown once each, 2 a level
    entries = []
    for level in range(20):
        for side in "ab":
            kids = [f"{level + 1}{s}" for s in "ab"] if level < 19 else []
            entries.append(
                {
                    "source": f"{level}{side}",
                    "title": f"{level}{side}",
                    "href": f"{level}{side}.html",
                    "experience": "1.0",
                    "gap": "2.0",
                    "rollup": None,
                    "details": [
                        {"source": k, "stage": "S", "step": 1 + i, "linked": k}
                        for i, k in enumerate(kids)
                    ],
                }
            )
    entries.append(
        {
            **entries[0],
            "source": "top",
            "title": "top",
            "details": [
                {"source": "0a", "stage": "S", "step": 1, "linked": "0a"},
                {"source": "0b", "stage": "T", "step": 2, "linked": "0b"},
            ],
        }
    )
    rows = hierarchy(entries)
    assert rows[0]["title"] == "top" and rows[0]["level"] == 0
    assert len(rows) <= 1 + 4 * 20
    assert max(r["level"] for r in rows) == 20
    assert sum(not r["repeat"] for r in rows) == len(entries)


def test_site_render_through_the_installed_jmap(project: Path) -> None:
    proc = run_installed(project, "render", "maps", "-o", "site", "--no-date")
    assert proc.returncode == 0, proc.stderr
    steps = (project / "site/purchase-steps.html").read_text(encoding="utf-8")
    assert '<a href="dealer.html"><span aria-hidden="true">↑ </span>' in steps
    index = (project / "site/index.html").read_text(encoding="utf-8")
    assert "Journeys and their detail maps" in index


@scorer12.needs_real_scorer
def test_detail_and_roll_up_figures_from_the_real_scorer(project: Path) -> None:
    result = run_jmap("render", "maps", "-o", "out", "--no-date")
    assert result.exit_code == 0, result.stderr
    dealer = read(project / "out", "dealer.html")
    assert '<span class="detail-figures"><span class="fig">experience <b class="num">' in dealer
    assert '<p class="rollup small">With its detail maps: experience' in dealer


def _level(title: str, details: list[str]) -> str:
    stages = "".join(
        f"  - name: Stage {i}\n    touchpoints: [{{name: T{i}, channel: Web, performance: 3}}]\n"
        + (f"    detail: {d}\n" if d else "")
        for i, d in enumerate(details)
    )
    return f"jmap: 1\ntitle: {title}\npersona: {{name: P}}\nstages:\n{stages}"


def test_a_hierarchy_of_210_maps_links_both_ways_over_the_workers(workdir: Path) -> None:
    # 10 maps of level 0, each detailing 4 of level 1, each detailing 4 of level 2: above
    # io/batch.PARALLEL_FROM, so pages render in worker processes, and again once named
    for a in range(10):
        ones = [f"l1-{a}-{b}.jmap.yaml" for b in range(4)]
        (workdir / f"l0-{a}.jmap.yaml").write_text(_level(f"Top {a}", ones), encoding="utf-8")
        for b, one in enumerate(ones):
            twos = [f"l2-{a}-{b}-{c}.jmap.yaml" for c in range(4)]
            (workdir / one).write_text(_level(f"Mid {a} {b}", twos), encoding="utf-8")
            for two in twos:
                (workdir / two).write_text(_level(f"Low {two}", [""]), encoding="utf-8")
    proc = subprocess.run(
        [str(INSTALLED), "render", ".", "-o", "site", "--no-date"],
        cwd=workdir,
        capture_output=True,
        text=True,
        env={**os.environ, "JMAP_DEBUG": "0", "JMAP_JOBS": "2"},
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    low = (workdir / "site/l2-9-3-3.html").read_text(encoding="utf-8")
    assert '<a href="l1-9-3.html"><span aria-hidden="true">↑ </span>Mid 9 3</a>' in low
    mid = (workdir / "site/l1-0-0.html").read_text(encoding="utf-8")
    assert '<a href="l0-0.html"><span aria-hidden="true">↑ </span>Top 0</a>' in mid
    assert mid.count('class="details-link" href="l2-0-0-') == 4
    index = (workdir / "site/index.html").read_text(encoding="utf-8")
    levels = re.findall(r'<li class="level-(\d)', index)
    assert len(levels) == 210 and levels[:6] == ["0", "1", "2", "2", "2", "2"]

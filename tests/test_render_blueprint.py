"""`jmap render` of a service blueprint (format 1.2): the section on the map's page, `--view
blueprint` alone (HTML, Markdown, PDF, PNG, poster; over a folder), "behind it" on hotspots,
and a blueprint too big to draw. Through the real CLI and the installed `jmap`."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

import scorer12
from helpers import ROOT, run_installed, run_jmap
from journeymap_cli import __version__
from journeymap_cli.render.blueprint import MAX_ARROWS
from journeymap_cli.render.chromium import find_browser

DATA = ROOT / "tests/data/blueprint"
DEALER = DATA / "dealer.jmap.yaml"
needs_browser = pytest.mark.skipif(find_browser() is None, reason="chromium not installed")


@pytest.fixture
def project(workdir: Path) -> Path:
    """The blueprint test maps copied into a project of their own."""
    shutil.copytree(DATA, workdir / "maps")
    return workdir


def page(*args: str) -> str:
    result = run_jmap("render", *args, "-o", "-", "--no-date")
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("view", ["", "blueprint"])
@pytest.mark.parametrize("fmt", ["html", "md"])
def test_golden(
    view: str, fmt: str, golden: Callable[[str, str], None], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    text = page(
        "tests/data/blueprint/dealer.jmap.yaml", "-f", fmt, *(["--view", view] * bool(view))
    )
    name = f"render/blueprint-dealer{'-alone' if view else ''}.{fmt}"
    golden(name, text.replace(f"jmap {__version__}", "jmap <version>"))


def test_the_page_draws_the_blueprint_with_its_lanes_lines_actors_and_arrows() -> None:
    html = page(str(DEALER))
    section = html[html.index('<section class="blueprint in-map"') :]
    section = section[: section.index("</section>")]
    for words in (
        "The service behind the journey",
        ">Physical evidence<",
        ">Customer actions<",
        ">Frontstage<",
        ">Backstage<",
        ">Support<",
        ">Line of interaction<",
        ">Line of visibility<",
        ">Line of internal interaction<",
        '<span class="label actor"><span class="sr">Actor: </span>Stock system</span>',
        "<li>Quote PDF by email</li>",
        "Sales advisor prepares the quote and Gets a firm delivery date",
    ):
        assert words in section, words
    assert section.count('data-giver="stock-system" data-taker="delivery-date"') >= 4
    assert section.count('<article class="card bp-card') == 21
    # the main grid puts support work with backstage work, below the line of visibility
    assert ">Backstage and support<" in html


def test_a_map_without_1_2_fields_gets_no_blueprint_section_nor_its_styles() -> None:
    html = page(str(ROOT / "tests/data/site11/buying.jmap.yaml"))
    assert "blueprint" not in html and "bp-" not in html


def test_view_blueprint_renders_the_blueprint_alone() -> None:
    html = page(str(DEALER), "--view", "blueprint")
    assert "<title>Buying a family car at Northgate Motors · service blueprint</title>" in html
    assert 'class="bp-wrap"' in html
    assert 'class="journey"' not in html and 'class="act"' not in html
    markdown = page(str(DEALER), "--view", "blueprint", "-f", "md")
    assert markdown.startswith("# Buying a family car at Northgate Motors: service blueprint\n")
    assert "| **Support** |" in markdown and "**What supports what**" in markdown


def test_view_blueprint_of_a_map_without_one_is_a_usage_error(project: Path) -> None:
    args = ("render", str(ROOT / "tests/data/site11/buying.jmap.yaml"), "--view", "blueprint")
    result = run_jmap(*args, "-o", "out.html")
    assert result.exit_code == 2
    assert result.stderr == (
        f"jmap: error: {ROOT / 'tests/data/site11/buying.jmap.yaml'}: no blueprint to render:"
        " no support touchpoints, supports links or physical evidence (format 1.2)\n"
    )
    assert not (project / "out.html").exists()
    proc = run_installed(project, *args, "-o", "out.html")
    assert (proc.returncode, proc.stderr) == (2, result.stderr)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-f", "mermaid"], "--view blueprint is written as html, md, pdf, png, not mermaid"),
        (["-f", "json"], "--view blueprint is written as html, md, pdf, png, not json"),
        (["-o", "x.mmd"], "--view blueprint is written as html, md, pdf, png, not mermaid"),
    ],
)
def test_view_blueprint_takes_the_formats_a_blueprint_has(
    project: Path, args: list[str], message: str
) -> None:
    proc = run_installed(project, "render", "maps/dealer.jmap.yaml", "--view", "blueprint", *args)
    assert (proc.returncode, proc.stderr) == (2, f"jmap: error: {message}\n")


def test_an_unknown_view_is_named(project: Path) -> None:
    proc = run_installed(project, "render", "maps", "--view", "poster")
    assert proc.returncode == 2
    assert "unknown view 'poster' (choose from: map, blueprint)" in proc.stderr


def test_view_blueprint_of_a_folder_pages_the_maps_that_have_one(project: Path) -> None:
    proc = run_installed(project, "render", "maps", "--view", "blueprint", "-o", "out", "--no-date")
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in (project / "out").iterdir()) == ["dealer.html", "index.html"]
    assert (
        "jmap: note: 2 maps without a blueprint (no support touchpoints, supports links or"
        " physical evidence (format 1.2)): no page\n"
    ) in proc.stderr
    html = (project / "out/dealer.html").read_text(encoding="utf-8")
    assert "service blueprint</title>" in html and 'href="index.html"' in html
    # the detail map has no blueprint, so no page: its stage names it without a link
    assert "details: Purchase, step by step" in html and "purchase-steps.html" not in html
    index = (project / "out/index.html").read_text(encoding="utf-8")
    assert 'href="dealer.html"' in index and "purchase-steps.html" not in index


@needs_browser
@pytest.mark.parametrize(
    ("args", "magic"),
    [
        (["-f", "pdf"], b"%PDF-"),
        (["-f", "png"], b"\x89PNG\r\n\x1a\n"),
        (["-f", "pdf", "--poster", "--paper", "A2"], b"%PDF-"),
        (["-f", "png", "--poster"], b"\x89PNG\r\n\x1a\n"),
    ],
)
def test_view_blueprint_prints(project: Path, args: list[str], magic: bytes) -> None:
    out = project / f"bp.{args[1]}"
    proc = run_installed(
        project, "render", "maps/dealer.jmap.yaml", "--view", "blueprint", *args, "-o", str(out)
    )
    assert proc.returncode == 0, proc.stderr
    assert out.read_bytes().startswith(magic) and out.stat().st_size > 20_000


def _hotspots(html: str) -> str:
    return html[html.index('class="hotspot-list"') : html.index("Open opportunities")]


def test_a_hotspot_says_what_stands_behind_it_weakest_first() -> None:
    with scorer12.stand_in():
        html = page(str(DEALER))
        markdown = page(str(DEALER), "-f", "md")
    behind = (
        '<p class="behind"><span class="behind-label">Behind it:</span> Dealer stock system,'
        ' <span class="num">2 / 5</span>; Vehicle preparation, <span class="num">2 / 5</span>;'
        ' Logistics partner delivers the car to the dealer, <span class="num">2 / 5</span></p>'
    )
    assert behind in _hotspots(html)  # where to act
    bp = html[html.index('<section class="blueprint in-map"') :]
    assert behind in bp[bp.index('data-id="delivery-date"') :]  # the blueprint's card
    assert (
        "Behind it: Dealer stock system, 2 / 5; Vehicle preparation, 2 / 5; Logistics partner"
        " delivers the car to the dealer, 2 / 5" in markdown
    )
    # rated supporters first, unrated last
    assert (
        'Behind it:</span> Credit check by the partner bank, <span class="num">3 / 5</span>;'
        ' Finance approval, <span class="num">not rated</span></p>' in _hotspots(html)
    )


@scorer12.needs_real_scorer
def test_behind_it_from_the_real_scorer() -> None:
    html = page(str(DEALER))
    assert 'Behind it:</span> Dealer stock system, <span class="num">2 / 5</span>;' in _hotspots(
        html
    )


def test_a_map_without_supports_shows_nothing_behind_its_hotspots() -> None:
    with scorer12.stand_in():
        html = page(str(ROOT / "tests/data/site11/buying.jmap.yaml"))
    assert "Behind it" not in html


def _huge(points: int, links_each: int, stages: int) -> str:
    """`points` touchpoints over `stages` stages, two in five frontstage, two backstage,
    one support; each backstage and support one supports `links_each` nearer ones."""
    per = points // stages
    lines = ["jmap: 1", "title: Huge", "persona: {name: P}", "stages:"]
    for s in range(stages):
        lines += [f"  - name: Stage {s}", "    physical_evidence: [Letter]", "    touchpoints:"]
        for i in range(s * per, (s + 1) * per):
            kind = i % 5
            lines.append(f"      - name: P{i}")
            if kind < 2:
                lines.append("        channel: Web")
                continue
            nearer = [j for j in range(points) if j % 5 < (2 if kind < 4 else 4)]
            targets = [nearer[(i * 7 + k * 13) % len(nearer)] for k in range(links_each)]
            lines.append(f"        layer: {'backstage' if kind < 4 else 'support'}")
            lines.append(f"        supports: [{', '.join(f'p{t}' for t in targets)}]")
    return "\n".join(lines) + "\n"


def test_2000_touchpoints_and_5000_links_render_with_the_links_in_words(workdir: Path) -> None:
    text = _huge(2000, 5, 20)
    assert sum(line.count(",") + 1 for line in text.splitlines() if "supports:" in line) >= 5000
    (workdir / "huge.jmap.yaml").write_text(text, encoding="utf-8")
    proc = run_installed(workdir, "render", "huge.jmap.yaml", "-o", "huge.html", "--no-date")
    assert proc.returncode == 0, proc.stderr
    html = (workdir / "huge.html").read_text(encoding="utf-8")
    assert "6,000 supports links are too many to draw as arrows" in html
    assert "bp-wire" not in html.split("</style>", 1)[1]
    assert html.count('<article class="card bp-card') == 2000
    assert MAX_ARROWS < 6000


def test_blueprint_text_is_escaped_in_the_page(workdir: Path) -> None:
    payload = "<img src=x onerror=alert(1)><script>alert(2)</script>"
    (workdir / "m.jmap.yaml").write_text(
        "jmap: 1\ntitle: T\npersona: {name: P}\nstages:\n"
        f"  - name: One\n    physical_evidence: ['{payload}']\n    touchpoints:\n"
        "      - {name: F, channel: Web, performance: 1, target: 5}\n"
        f"      - {{name: '{payload}', layer: support, actor: '{payload}', supports: [f]}}\n",
        encoding="utf-8",
    )
    for view in ("map", "blueprint"):
        html = page("m.jmap.yaml", "--view", view)
        assert "<img src=x" not in html and "<script>" not in html
        assert html.count("&lt;img src=x onerror=alert(1)&gt;") >= 3

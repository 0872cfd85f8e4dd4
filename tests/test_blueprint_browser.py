"""The service blueprint measured in headless Chromium, as the map's other layout tests are:
no arrow crosses any text or card, no card overlaps another, each arrow joins the two cards
it names, a card's text stays inside it, no sideways scroll up to 6 stages at 1280 px; in
light, dark and print, with words unbroken and contrast at AA. Screenshots (and the printed
PDF as PNG) go to $JMAP_SCREENSHOTS for eyes to judge.

Skipped locally when chromium is absent; in CI (CI=true) it must run.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

import scorer12
from blueprint_probe import BLUEPRINT, generated_blueprint
from helpers import ROOT, run_jmap
from journeymap_cli.render.chromium import Browser
from page_probe import CONTRAST, UNBROKEN
from test_browser import CHROMIUM, SHOTS, shot

pytestmark = pytest.mark.browser

VIEWPORTS = [(1280, 800), (1440, 900)]
PRINT_WIDTH = 1680  # px: an A3 landscape sheet as jmap prints it (render/export.py)
PAGES = [
    "site/dealer.html",
    "site/dealer-alone.html",
    *[f"generated/generated-{n}.html" for n in (3, 4, 5, 6)],
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:  # as test_browser's, with this module's lifetime
    if CHROMIUM is None:
        pytest.skip("chromium not installed (apt-get install -y chromium); CI installs it")
    with Browser(CHROMIUM) as instance:
        yield instance


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The blueprint test maps as a site (with "behind it" on the hotspots: the longest
    texts of a card), the blueprint alone, and generated blueprints of 3 to 8 stages."""
    out = tmp_path_factory.mktemp("blueprints")
    with scorer12.stand_in():
        result = run_jmap("render", str(ROOT / "tests/data/blueprint"), "-o", str(out / "site"))
        assert result.exit_code == 0, result.stderr
        alone = run_jmap(
            "render",
            str(ROOT / "tests/data/blueprint/dealer.jmap.yaml"),
            "--view",
            "blueprint",
            "-o",
            str(out / "site/dealer-alone.html"),
        )
        assert alone.exit_code == 0, alone.stderr
    maps = tmp_path_factory.mktemp("generated-blueprints")
    (maps / "jmap.toml").write_text("")
    for n in (3, 4, 5, 6, 8):
        (maps / f"generated-{n}.jmap.yaml").write_text(generated_blueprint(n), encoding="utf-8")
    result = run_jmap("render", str(maps), "-o", str(out / "generated"))
    assert result.exit_code == 0, result.stderr
    return out


def measure(browser: Browser, url: str, width: int, height: int, mode: str, name: str) -> dict:
    tab = browser.open(url, width, height, dark=mode == "dark", media="print" * (mode == "print"))
    try:
        found = tab.evaluate(BLUEPRINT)
        top = tab.evaluate("document.querySelector('.bp-wrap').getBoundingClientRect().top")
        tab.evaluate(f"window.scrollTo(0, {top} + window.scrollY - 8)")
        shot(f"blueprint-{name}-{width}-{mode}.png").write_bytes(tab.screenshot(full=False))
    finally:
        tab.close()
    return found


def assert_clean(m: dict, stages_fit: bool) -> None:
    assert m["cards"] >= 15 and m["wires"] >= 10 and m["texts"] > 100
    assert m["joined"] == m["wires"], m["loose"][:5]  # every arrow joins its two cards
    assert m["crossings"] == [], m["crossings"][:5]  # no line or head over any text
    assert m["onCards"] == [], m["onCards"][:5]  # nor over any card
    assert m["overlaps"] == [], m["overlaps"][:5]  # no card over another
    assert m["outside"] == [], m["outside"][:5]  # a card's text stays in the card
    if stages_fit:
        assert m["docScroll"] <= m["innerWidth"], "the page scrolls sideways"
        assert m["wrapScrolls"] is False, "the blueprint scrolls inside the page"


@pytest.mark.parametrize("mode", ["light", "dark"])
@pytest.mark.parametrize("size", VIEWPORTS, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("page", PAGES)
def test_arrows_cross_no_text_and_cards_keep_apart(
    browser: Browser, pages: Path, page: str, size: tuple[int, int], mode: str
) -> None:
    name = Path(page).stem
    m = measure(browser, (pages / page).as_uri(), *size, mode, name)
    print(page, size, mode, {k: v for k, v in m.items() if not isinstance(v, list)})
    assert_clean(m, stages_fit=True)


@pytest.mark.parametrize("page", PAGES)
def test_printed_arrows_cross_no_text(browser: Browser, pages: Path, page: str) -> None:
    m = measure(browser, (pages / page).as_uri(), PRINT_WIDTH, 1100, "print", Path(page).stem)
    assert_clean(m, stages_fit=True)


def test_eight_stages_scroll_in_the_blueprint_with_the_lane_names_in_view(
    browser: Browser, pages: Path
) -> None:
    url = (pages / "generated/generated-8.html").as_uri()
    m = measure(browser, url, 1280, 800, "light", "generated-8")
    assert_clean(m, stages_fit=False)
    assert m["docScroll"] <= m["innerWidth"] and m["wrapScrolls"] is True
    tab = browser.open(url, 1280, 800)
    try:
        tab.evaluate("document.querySelector('.bp-wrap').scrollLeft = 500")
        lefts = tab.evaluate(
            "[...document.querySelectorAll('.bp-lane, .bp-line-name')]"
            ".map(e => e.getBoundingClientRect().left)"
        )
        wrap = tab.evaluate("document.querySelector('.bp-wrap').getBoundingClientRect().left")
        after = tab.evaluate(BLUEPRINT)
    finally:
        tab.close()
    assert len(lefts) == 8 and all(abs(left - wrap - 1) <= 2 for left in lefts), (lefts, wrap)
    assert after["crossings"] == [] and after["joined"] == after["wires"]


@pytest.mark.parametrize("page", ["site/dealer.html", "site/dealer-alone.html", "site/index.html"])
@pytest.mark.parametrize("mode", ["light", "dark"])
def test_blueprint_pages_meet_contrast_aa_and_break_no_word(
    browser: Browser, pages: Path, page: str, mode: str
) -> None:
    for width, height in VIEWPORTS:
        tab = browser.open((pages / page).as_uri(), width, height, dark=mode == "dark")
        try:
            contrast = tab.evaluate(CONTRAST)
            words = tab.evaluate(UNBROKEN)
            load = tab.activity()
            scripts = tab.evaluate("document.querySelectorAll('script').length")
        finally:
            tab.close()
        assert contrast["failures"] == [], contrast["failures"][:5]
        assert words["broken"] == [], (width, words["broken"][:5])
        assert load.errors() == [] and scripts == 0
        assert [r for r in load.requests if not r.startswith(("file:", "data:"))] == []


def test_the_printed_pdf_keeps_the_blueprint_on_one_sheet(pages: Path, workdir: Path) -> None:
    if CHROMIUM is None:
        pytest.skip("chromium not installed")
    source = ROOT / "tests/data/blueprint/dealer.jmap.yaml"
    for view, name in (("blueprint", "dealer-alone"), ("map", "dealer")):
        pdf = workdir / f"{name}.pdf"
        result = run_jmap("render", str(source), "--view", view, "-f", "pdf", "-o", str(pdf))
        assert result.exit_code == 0, result.stderr
        if shutil.which("pdftoppm"):
            subprocess.run(
                ["pdftoppm", "-r", "60", "-png", str(pdf), str(SHOTS / f"blueprint-print-{name}")],
                check=True,
            )
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True)
        if info.returncode == 0:
            pages_line = next(x for x in info.stdout.splitlines() if x.startswith("Pages:"))
            count = int(pages_line.split()[1])
            assert count == 1 if view == "blueprint" else count >= 3


def test_the_blueprint_probe_sees_faults(browser: Browser, tmp_path: Path) -> None:
    # Without this, a probe that measures nothing would pass every test above: a line
    # through a card's text, two cards on each other, an arrow that stops short of its
    # card, and a text that runs out of its card.
    page = tmp_path / "faults.html"
    page.write_text(
        "<!doctype html><style>.bp{display:grid;grid-template-columns:200px 40px 200px;"
        "grid-template-rows:100px 100px;position:relative}.bp-card{border:1px solid}"
        ".bp-wire{position:relative}.bp-wire i{position:absolute;display:block;background:#000}"
        ".h{height:2px}.head-left{width:7px;height:10px}</style>"
        "<div class='bp-wrap'><div class='bp'>"
        "<article class='bp-card' data-id='a' style='grid-area:1/1/2/2'>Alpha text here</article>"
        "<article class='bp-card' data-id='b' style='grid-area:1/1/2/2;margin-left:20px'>Beta"
        "</article>"
        "<article class='bp-card' data-id='c' style='grid-area:2/3/3/4;white-space:nowrap'>"
        "Gamma runs far out of its card into the page</article>"
        "<span class='bp-wire' data-giver='c' data-taker='a' style='grid-area:1/1/2/4'>"
        "<i class='h' style='left:0;right:0;top:10px'></i>"
        "<i class='head-left' style='left:250px;top:5px'></i></span>"
        "</div></div>"
    )
    tab = browser.open(page.as_uri(), 800, 600)
    try:
        m = tab.evaluate(BLUEPRINT)
    finally:
        tab.close()
    assert m["crossings"] and m["crossings"][0][2].startswith("Alpha")
    assert m["overlaps"] == [["a", "b"]]
    assert m["loose"] == ["c -> a"]
    assert m["outside"] and m["outside"][0][0] == "c"

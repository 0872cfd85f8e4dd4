"""Real-browser checks in headless Chromium: pages load clean and offline, and their layout
is measured: widths, first screen, words that never break, curve labels, dark contrast.

Skipped locally (with the reason) when chromium is absent; in CI (CI=true) it must run:
.ci/run installs Debian's chromium. Screenshots go to $JMAP_SCREENSHOTS for eyes to judge.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

import yaml_payload
from helpers import EXAMPLES, ROOT, run_jmap
from journeymap_cli.render.chromium import Browser, find_browser
from page_probe import (
    CONTRAST,
    CURVE,
    LAYOUT,
    UNBROKEN,
    generated_map,
)

pytestmark = pytest.mark.browser

CHROMIUM = find_browser()
if CHROMIUM is None and os.environ.get("CI") == "true":
    raise RuntimeError("CI=true but chromium is not installed: .ci/run must install it")

SHOTS = Path(os.environ.get("JMAP_SCREENSHOTS", Path(tempfile.gettempdir()) / "jmap-screenshots"))
VIEWPORTS = [(1280, 800), (1440, 900)]
GENERATED = [f"generated-{n}-stages" for n in (3, 4, 5, 6)]
SITE11 = ROOT / "tests/data/site11"  # format 1.1: quotes, images, metrics, to-be, links


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if CHROMIUM is None:
        pytest.skip("chromium not installed (apt-get install -y chromium); CI installs it")
    with Browser(CHROMIUM) as instance:
        yield instance


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    assert run_jmap("render", str(EXAMPLES), "-o", str(out)).exit_code == 0
    maps = tmp_path_factory.mktemp("generated")
    (maps / "jmap.toml").write_text("")
    for n in (3, 4, 5, 6, 8):
        (maps / f"generated-{n}-stages.jmap.yaml").write_text(generated_map(n), encoding="utf-8")
    result = run_jmap("render", str(maps), "-o", str(out / "generated"))
    assert result.exit_code == 0, result.stderr
    result = run_jmap("render", str(SITE11), "-o", str(out / "site11"))
    assert result.exit_code == 0, result.stderr
    evil = out / "evil.jmap.yaml"
    evil.write_text(yaml_payload.hostile_map(), encoding="utf-8")
    assert run_jmap("render", str(evil), "-o", str(out / "evil.html")).exit_code == 0
    return out


EXAMPLE_PAGES = sorted(p.name.replace(".jmap.yaml", ".html") for p in EXAMPLES.glob("*.jmap.yaml"))
MAP_PAGES = (
    EXAMPLE_PAGES
    + [f"generated/{g}.html" for g in GENERATED]
    + ["site11/buying.html", "site11/buying-to-be.html"]
)
SITE_PAGES = ["index.html", "site11/index.html", "site11/journey-buying-a-car.html"]


def shot(name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    return SHOTS / name.replace("/", "-")


@pytest.mark.parametrize("page", [*EXAMPLE_PAGES, *SITE_PAGES, "site11/buying.html", "evil.html"])
def test_page_loads_with_no_errors_no_requests_no_scripts(
    browser: Browser, site: Path, page: str
) -> None:
    url = (site / page).as_uri()
    tab = browser.open(url, 1440, 900)
    try:
        path = shot(page.replace(".html", ".png"))
        path.write_bytes(tab.screenshot())
        load = tab.activity()
        scripts = tab.evaluate("document.querySelectorAll('script').length")
    finally:
        tab.close()
    assert load.errors() == []
    # nothing fetched but the page itself (images are data: URIs inside it)
    assert [r for r in load.requests if r != url and not r.startswith("data:")] == []
    assert scripts == 0
    assert path.stat().st_size > 10_000


@pytest.mark.parametrize("size", VIEWPORTS, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("page", MAP_PAGES)
def test_grid_fills_the_window_without_sideways_scrolling(
    browser: Browser, site: Path, page: str, size: tuple[int, int]
) -> None:
    width, height = size
    tab = browser.open((site / page).as_uri(), width, height)
    try:
        shot(f"{page[:-5]}-{width}x{height}.png").write_bytes(tab.screenshot(full=False))
        m = tab.evaluate(LAYOUT)
    finally:
        tab.close()
    print(page, size, m)
    assert m["docScroll"] <= m["innerWidth"], "the document scrolls sideways"
    assert m["stageRights"] and max(m["stageRights"]) <= m["innerWidth"], "a stage is cut off"
    assert m["gridWidth"] >= 0.95 * m["wrapWidth"], "the grid leaves an empty band"
    assert m["wrapScrolls"] is False  # no inner scroll box up to 6 stages
    if size == (1280, 800):
        assert m["summaryBottom"] <= height, "the summary band is below the first screen"
        assert m["topHotspotBottom"] is None or m["topHotspotBottom"] <= height


def test_a_wide_map_scrolls_sideways_in_its_grid_with_lane_headers_sticky(
    browser: Browser, site: Path
) -> None:
    tab = browser.open((site / "generated/generated-8-stages.html").as_uri(), 1280, 800)
    try:
        m = tab.evaluate(LAYOUT)
        tab.evaluate("document.querySelector('.grid-wrap').scrollLeft = 400")
        after = tab.evaluate(
            "[...document.querySelectorAll('.grid tbody th')].map(th =>"
            " th.getBoundingClientRect().left)"
        )
        wrap_left = tab.evaluate(
            "document.querySelector('.grid-wrap').getBoundingClientRect().left"
        )
        shot("generated-8-stages-scrolled.png").write_bytes(tab.screenshot(full=False))
    finally:
        tab.close()
    assert m["docScroll"] <= m["innerWidth"]
    assert m["wrapScrolls"] is True
    assert all(abs(left - wrap_left) <= 2 for left in after), (after, wrap_left)


@pytest.mark.parametrize("page", MAP_PAGES)
def test_numbers_labels_and_tags_never_break_across_lines(
    browser: Browser, site: Path, page: str
) -> None:
    for width, height in VIEWPORTS:
        tab = browser.open((site / page).as_uri(), width, height)
        try:
            broken = tab.evaluate(UNBROKEN)
        finally:
            tab.close()
        assert broken["checked"] > 20
        assert broken["broken"] == [], (width, broken["broken"][:5])


def test_the_word_probe_sees_a_broken_word(browser: Browser, tmp_path: Path) -> None:
    # Without this, a probe that measures nothing would pass the test above.
    page = tmp_path / "narrow.html"
    page.write_text(
        "<!doctype html><dl class='metrics'><dt style='width:40px;overflow-wrap:anywhere'>"
        "Organicvisitsperweek</dt><dd><span class='metric-value num' style='white-space:normal;"
        "display:inline-block;width:10px'>5,400 EUR</span></dd></dl>"
        + "<span class='num'>1</span>"
        * 30
    )
    tab = browser.open(page.as_uri(), 800, 600)
    try:
        broken = tab.evaluate(UNBROKEN)
    finally:
        tab.close()
    assert len(broken["broken"]) == 2


@pytest.mark.parametrize("size", VIEWPORTS, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("page", MAP_PAGES)
def test_curve_labels_cross_neither_the_line_nor_each_other(
    browser: Browser, site: Path, page: str, size: tuple[int, int]
) -> None:
    tab = browser.open((site / page).as_uri(), *size)
    try:
        m = tab.evaluate(CURVE)
    finally:
        tab.close()
    assert m["labels"] == m["points"] >= 2 and m["samples"] > 50  # a label on every point
    assert m["overlaps"] == [] and m["crossings"] == []
    assert m["swing"] >= 120  # px from the lowest to the highest rating


@pytest.mark.parametrize("page", [*MAP_PAGES, *SITE_PAGES])
@pytest.mark.parametrize("dark", [True, False], ids=["dark", "light"])
def test_every_text_meets_contrast_aa(browser: Browser, site: Path, page: str, dark: bool) -> None:
    tab = browser.open((site / page).as_uri(), 1440, 900, dark=dark)
    try:
        m = tab.evaluate(CONTRAST)
        if dark and page in ("car-purchase.html", "index.html"):
            shot(f"{page[:-5]}-dark.png").write_bytes(tab.screenshot(full=False))
    finally:
        tab.close()
    assert m["dark"] is dark
    assert m["checked"] > 20
    assert m["failures"] == [], m["failures"][:5]


def test_injection_executes_nothing(browser: Browser, site: Path) -> None:
    tab = browser.open((site / "evil.html").as_uri())
    try:
        load = tab.activity()
        scripts = tab.evaluate("document.querySelectorAll('script').length")
    finally:
        tab.close()
    # alert(), onerror and onload payloads would show up as dialogs, console calls or requests
    assert load.console == [] and load.exceptions == [] and load.dialogs == []
    assert scripts == 0


def test_the_harness_sees_scripts_errors_and_requests(browser: Browser, tmp_path: Path) -> None:
    # Without this, a broken harness would pass every test above.
    page = tmp_path / "noisy.html"
    page.write_text(
        "<!doctype html><title>t</title><script>console.error('boom')</script>"
        "<img src='http://127.0.0.1:9/pixel.png'>"
    )
    tab = browser.open(page.as_uri())
    try:
        load = tab.activity()
        scripts = tab.evaluate("document.querySelectorAll('script').length")
    finally:
        tab.close()
    assert scripts == 1
    assert any("boom" in e for e in load.errors())
    assert "http://127.0.0.1:9/pixel.png" in load.requests


def test_the_curve_and_contrast_probes_see_faults(browser: Browser, tmp_path: Path) -> None:
    # A label on the line, two labels on each other, and pale text: each probe must see it.
    page = tmp_path / "faults.html"
    page.write_text(
        "<!doctype html><body style='background:#fff'><p style='color:#bbb'>pale text</p>"
        "<table><tr><th class='axis-cell'><span class='tick'>5</span><span class='tick'"
        " style='display:block;margin-top:130px'>1</span></th><td>"
        "<svg class='curve' width='400' height='200'><svg class='plot' viewBox='0 0 400 200'"
        " width='400' height='200'><path class='line' d='M 0 100 L 400 100'"
        " stroke='black'></path></svg><text class='label' x='50' y='104'>on the line</text>"
        "<text class='label' x='200' y='50'>first</text><text class='label' x='205' y='52'>"
        "second</text><text class='label' x='300' y='160'>clear</text></svg></td></tr></table>"
        + "<p>readable</p>"
        * 25
    )
    tab = browser.open(page.as_uri(), 800, 600)
    try:
        curve = tab.evaluate(CURVE)
        contrast = tab.evaluate(CONTRAST)
    finally:
        tab.close()
    assert curve["crossings"] == [0] and curve["overlaps"] == [[1, 2]]
    assert [f["text"] for f in contrast["failures"]] == ["pale text"]

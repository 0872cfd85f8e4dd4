"""Real-browser checks in headless Chromium: pages load clean, offline, and run nothing.

Skipped locally (with the reason) when chromium is absent; in CI (CI=true) it must run:
.ci/run installs Debian's chromium.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

import yaml_payload
from browser import Browser, find_chromium
from helpers import EXAMPLES, run_jmap

pytestmark = pytest.mark.browser

CHROMIUM = find_chromium()
if CHROMIUM is None and os.environ.get("CI") == "true":
    raise RuntimeError("CI=true but chromium is not installed: .ci/run must install it")

SHOTS = Path(os.environ.get("JMAP_SCREENSHOTS", Path(tempfile.gettempdir()) / "jmap-screenshots"))


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if CHROMIUM is None:
        pytest.skip("chromium not installed (apt-get install -y chromium); CI installs it")
    instance = Browser(CHROMIUM)
    try:
        yield instance
    finally:
        instance.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    assert run_jmap("render", str(EXAMPLES), "-o", str(out)).exit_code == 0
    evil = out / "evil.jmap.yaml"
    evil.write_text(yaml_payload.hostile_map(), encoding="utf-8")
    assert run_jmap("render", str(evil), "-o", str(out / "evil.html")).exit_code == 0
    return out


PAGES = sorted(p.name.replace(".jmap.yaml", ".html") for p in EXAMPLES.glob("*.jmap.yaml"))


@pytest.mark.parametrize("page", [*PAGES, "index.html", "evil.html"])
def test_page_loads_with_no_errors_no_requests_no_scripts(
    browser: Browser, site: Path, page: str
) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    shot = SHOTS / page.replace(".html", ".png")
    url = (site / page).as_uri()
    load = browser.load(url, screenshot=shot)
    print(f"screenshot: {shot}")
    assert load.errors() == []
    assert [r for r in load.requests if r != url] == []  # nothing fetched but the page itself
    assert load.dom_scripts == 0
    assert shot.stat().st_size > 10_000


def test_injection_executes_nothing(browser: Browser, site: Path) -> None:
    load = browser.load((site / "evil.html").as_uri())
    # alert(), onerror and onload payloads would show up as dialogs, console calls or requests
    assert load.console == [] and load.exceptions == [] and load.dialogs == []
    assert load.dom_scripts == 0


def test_the_harness_sees_scripts_errors_and_requests(browser: Browser, tmp_path: Path) -> None:
    # Without this, a broken harness would pass every test above.
    page = tmp_path / "noisy.html"
    page.write_text(
        "<!doctype html><title>t</title><script>console.error('boom')</script>"
        "<img src='http://127.0.0.1:9/pixel.png'>"
    )
    load = browser.load(page.as_uri())
    assert load.dom_scripts == 1
    assert any("boom" in e for e in load.errors())
    assert "http://127.0.0.1:9/pixel.png" in load.requests

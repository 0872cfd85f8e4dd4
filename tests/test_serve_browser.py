"""A real Chromium page on `jmap serve` reloads by itself: edits, a broken map, its fix.

The test never navigates after the first load: it marks the page's window, edits the
file, and waits for the DOM to change; the mark gone proves the page reloaded itself.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from helpers import EXAMPLES
from journeymap_cli.render.chromium import Browser, find_browser
from serving import Served, save

pytestmark = pytest.mark.browser

CHROMIUM = find_browser()
if CHROMIUM is None and os.environ.get("CI") == "true":
    raise RuntimeError("CI=true but chromium is not installed: .ci/run must install it")

SHOTS = Path(os.environ.get("JMAP_SCREENSHOTS", Path(tempfile.gettempdir()) / "jmap-screenshots"))


@pytest.fixture
def browser() -> Iterator[Browser]:
    if CHROMIUM is None:
        pytest.skip("chromium not installed (apt-get install -y chromium); CI installs it")
    instance = Browser(CHROMIUM)
    try:
        yield instance
    finally:
        instance.close()


class Tab:
    """One page kept open (browser.load closes its page; this one stays to be watched)."""

    def __init__(self, browser: Browser, url: str, wait: bool = True) -> None:
        self.browser = browser
        self.target = target = browser.send("Target.createTarget", url="about:blank")["targetId"]
        self.session = browser.send("Target.attachToTarget", targetId=target, flatten=True)[
            "sessionId"
        ]
        for domain in ("Page", "Runtime", "Log"):
            browser.send(f"{domain}.enable", self.session)
        browser.events.clear()
        browser.send("Page.navigate", self.session, url=url)
        if wait:
            browser.wait_for("Page.loadEventFired")

    def eval(self, expression: str) -> Any:
        reply = self.browser.send(
            "Runtime.evaluate", self.session, expression=expression, returnByValue=True
        )
        return reply["result"].get("value")

    def wait_until(self, expression: str, timeout: float = 60) -> None:
        """Until the expression is true in the page (a deadline for a hang, not a speed test)."""
        deadline = time.monotonic() + timeout
        while not self.eval(expression):
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"never true: {expression}; page: {self.eval('document.title')}"
                )
            time.sleep(0.05)

    def problems(self) -> list[str]:
        """Console errors, exceptions and log errors (a CSP violation is one)."""
        found = []
        for event in self.browser.events:
            method, params = event.get("method"), event.get("params", {})
            if method == "Runtime.exceptionThrown" or (
                method == "Runtime.consoleAPICalled" and params.get("type") == "error"
            ):
                found.append(json.dumps(params))
            elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
                found.append(params["entry"].get("text", ""))
        return found

    def screenshot(self, name: str) -> Path:
        SHOTS.mkdir(parents=True, exist_ok=True)
        shot = self.browser.send(
            "Page.captureScreenshot", self.session, format="png", captureBeyondViewport=True
        )
        path = SHOTS / name
        path.write_bytes(base64.b64decode(shot["data"]))
        return path


def test_the_page_reloads_itself_after_each_save(browser: Browser, tmp_path: Path) -> None:
    shutil.copytree(EXAMPLES, tmp_path / "maps")
    (tmp_path / "jmap.toml").write_text("")
    map_file = tmp_path / "maps" / "car-purchase.jmap.yaml"
    text = map_file.read_text()
    server = Served(tmp_path, "maps")
    try:
        tab = Tab(browser, server.url + "car-purchase.html")
        assert tab.eval("document.querySelector('h1').textContent").startswith("Buying")
        assert tab.eval("document.scripts.length") == 1
        tab.eval("window.jmapMark = 1")

        save(map_file, text.replace("Buying a family car", "Choosing a family car"))
        tab.wait_until("document.querySelector('h1').textContent.startsWith('Choosing')")
        assert tab.eval("window.jmapMark") is None  # reloaded by itself, not by this test
        tab.eval("window.jmapMark = 2")

        save(map_file, text.replace("emotion: 2", "emotion: nine", 1))
        tab.wait_until("document.body.textContent.includes('JM002')")
        assert tab.eval("window.jmapMark") is None
        assert "expected an integer" in tab.eval("document.querySelector('main').textContent")
        print(f"screenshot: {tab.screenshot('serve-problems.png')}")
        tab.eval("window.jmapMark = 3")

        save(map_file, text)
        tab.wait_until("document.querySelector('h1').textContent.startsWith('Buying')")
        assert tab.eval("window.jmapMark") is None
        assert tab.eval("document.scripts.length") == 1
        # the inline script ran under the page's policy: no violation, no error at all
        assert tab.problems() == []
    finally:
        server.close()


def test_the_harness_sees_a_script_the_policy_refuses(browser: Browser, tmp_path: Path) -> None:
    # Without this, a harness blind to CSP violations would pass the test above.
    page = tmp_path / "refused.html"
    page.write_text(
        "<!doctype html><meta http-equiv='Content-Security-Policy' content=\"default-src 'none';"
        " script-src 'sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA='\">"
        "<title>t</title><script>document.title = 'ran'</script>"
    )
    tab = Tab(browser, page.as_uri())
    assert tab.eval("document.title") == "t"
    assert any("Content Security Policy" in p for p in tab.problems())


def test_a_reload_keeps_the_scroll_position_even_through_an_error(
    browser: Browser, tmp_path: Path
) -> None:
    """Scrolled down the page and along the stage grid: an edit, a broken save and its fix,
    the map deleted and saved again: the page comes back each time where it was."""
    shutil.copytree(EXAMPLES, tmp_path / "maps")
    (tmp_path / "jmap.toml").write_text("")
    map_file = tmp_path / "maps" / "car-purchase.jmap.yaml"
    text = map_file.read_text()
    server = Served(tmp_path, "maps")
    try:
        tab = Tab(browser, server.url + "car-purchase.html")
        # narrow and short: the grid scrolls sideways and the page down
        browser.send(
            "Emulation.setDeviceMetricsOverride",
            tab.session,
            width=700,
            height=500,
            deviceScaleFactor=1,
            mobile=False,
        )
        grid = "document.querySelector('.grid-wrap')"
        tab.eval(f"{grid}.scrollLeft = 300; scrollTo(0, 900)")
        where = f"[scrollX, scrollY, {grid}.scrollLeft]"
        scrolled = tab.eval(where)
        assert scrolled[1] == 900 and scrolled[2] == 300, scrolled  # room to scroll both ways

        def save_and_see(content: str, shown: str) -> None:
            tab.eval("window.jmapMark = 1")
            save(map_file, content)
            tab.wait_until(f"!window.jmapMark && document.readyState === 'complete' && {shown}")

        h1 = "document.querySelector('h1').textContent"
        save_and_see(
            text.replace("Buying a family car", "Choosing a car"), f"{h1}.startsWith('Ch')"
        )
        assert tab.eval(where) == scrolled
        save_and_see(
            text.replace("title: ", "title: [unclosed ", 1), "document.title.includes('1 problem')"
        )
        assert "JM001" in tab.eval("document.querySelector('main').textContent")
        save_and_see(text, f"{h1}.startsWith('Buying')")
        assert tab.eval(where) == scrolled

        # deleted (or renamed away), then saved again: the tab waits on a page saying so
        tab.eval("window.jmapMark = 1")
        map_file.unlink()
        tab.wait_until("!window.jmapMark && document.title.includes('Not found')")
        assert "car-purchase.html: no page of this name" in tab.eval("document.body.textContent")
        assert tab.eval("document.scripts.length") == 1
        save_and_see(text, f"{h1}.startsWith('Buying')")
        assert tab.eval(where) == scrolled
        # the one 404 is the page that said "Not found"; no script error, no CSP violation
        assert [p for p in tab.problems() if "status of 404" not in p] == []
    finally:
        server.close()


def test_more_tabs_than_the_browser_has_connections(browser: Browser, tmp_path: Path) -> None:
    """Chromium opens six connections per host; each tab listening for reloads holds one.
    Eight tabs all load (hidden ones let their stream go), and a hidden tab brought to the
    front shows the edit made while it was hidden."""
    shutil.copytree(EXAMPLES, tmp_path / "maps")
    (tmp_path / "jmap.toml").write_text("")
    map_file = tmp_path / "maps" / "car-purchase.jmap.yaml"
    text = map_file.read_text()
    server = Served(tmp_path, "maps")
    # with every connection held, Chromium stops answering even Page.enable on a new tab,
    # and its pipe is read without a deadline: ending it turns that hang into a failure
    watchdog = threading.Timer(120, browser.proc.kill)
    watchdog.start()
    try:
        # one after the other, as a person opens them; each waited for with a deadline
        h1 = "document.querySelector('h1').textContent"
        tabs: list[Tab] = []
        for _ in range(8):
            tab = Tab(browser, server.url + "car-purchase.html", wait=False)
            tab.wait_until(f"document.readyState === 'complete' && {h1}.startsWith('Buying')")
            tab.eval("window.jmapMark = 1")
            tabs.append(tab)
        assert [tab.eval("document.hidden") for tab in tabs] == [True] * 7 + [False]
        save(map_file, text.replace("Buying a family car", "Choosing a family car"))
        front, first = tabs[-1], tabs[0]
        front.wait_until(f"{h1}.startsWith('Choosing')")
        assert first.eval("window.jmapMark") == 1  # hidden: not reloaded yet
        browser.send("Target.activateTarget", targetId=first.target)
        first.wait_until("!document.hidden")
        first.wait_until(f"!window.jmapMark && {h1}.startsWith('Choosing')")
    finally:
        watchdog.cancel()
        server.close()

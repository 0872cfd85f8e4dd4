"""render/chromium.py, the DevTools client: finding a browser, starting, failing, ending."""

from __future__ import annotations

import os
import shutil
import signal
import stat
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from journeymap_cli.render.chromium import Browser, BrowserError, find_browser
from journeymap_cli.render.isolation import ORIGIN, show
from listening import listening


def executable(folder: Path, name: str) -> Path:
    path = folder / name
    path.write_text("#!/bin/sh\nexit 0\n")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return path


def test_the_browser_is_chosen_explicitly_then_by_environment_then_on_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("JMAP_BROWSER", raising=False)
    assert find_browser() is None
    edge = executable(tmp_path, "microsoft-edge")
    assert find_browser() == str(edge)
    chrome = executable(tmp_path, "google-chrome-stable")
    assert find_browser() == str(chrome)  # Chromium first, then Chrome, then Edge
    chromium = executable(tmp_path, "chromium")
    assert find_browser() == str(chromium)
    monkeypatch.setenv("JMAP_BROWSER", str(edge))
    assert find_browser() == str(edge)
    assert find_browser(str(chrome)) == str(chrome)
    assert find_browser(str(tmp_path / "missing")) is None


def test_a_browser_that_cannot_start_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    with pytest.raises(BrowserError, match="cannot start"):
        Browser(str(tmp_path / "no-such-browser"))
    assert list(tmp_path.iterdir()) == []
    quitter = executable(tmp_path, "quits-at-once")  # starts, then closes its pipe
    browser = Browser(str(quitter), timeout=5)
    with pytest.raises(BrowserError, match="closed its pipe"):
        browser.send("Browser.getVersion")
    browser.close()
    assert [p.name for p in tmp_path.iterdir()] == ["quits-at-once"]


@pytest.mark.browser
def test_a_real_browser_answers_and_is_ended_with_its_profile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    binary = find_browser()
    if binary is None:
        pytest.skip("chromium not installed")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    with Browser(binary) as browser:
        assert "Chrome" in browser.send("Browser.getVersion")["product"]
        page = tmp_path / "p.html"
        page.write_text("<!doctype html><p>hello</p>")
        tab = browser.open(page.as_uri(), 400, 300)
        assert tab.evaluate("document.querySelector('p').textContent") == "hello"
        with pytest.raises(BrowserError, match="evaluate"):
            tab.evaluate("no_such_name.x")
        assert tab.screenshot()[:8] == b"\x89PNG\r\n\x1a\n"
        tab.close()
    assert [p.name for p in tmp_path.iterdir()] == ["p.html"]
    # every process of the browser carries its profile's path: none is left running
    assert subprocess.run(["pgrep", "-f", str(tmp_path)], capture_output=True).stdout == b""


def silent(folder: Path) -> Path:
    """A "browser" that starts and then neither reads a command nor answers one."""
    path = folder / "silent-browser"
    path.write_text("#!/bin/sh\nexec sleep 600\n")
    path.chmod(0o755)
    return path


def test_a_browser_that_stops_reading_is_given_up_on_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    browser = Browser(str(silent(tmp_path)), timeout=0.5)
    try:
        with pytest.raises(BrowserError, match=r"did not answer in 0.5 s"):
            browser.send("Browser.getVersion")  # no reply
        with pytest.raises(BrowserError, match=r"did not answer in 0.5 s"):
            browser.post("Page.navigate", url="x" * (1 << 20))  # a pipe that fills up
    finally:
        browser.close()
    assert browser.proc is not None and browser.proc.poll() is not None
    assert [p.name for p in tmp_path.iterdir()] == ["silent-browser"]


@pytest.fixture
def chromium() -> str:
    binary = find_browser()
    if binary is None:
        pytest.skip("chromium not installed")
    return binary


@pytest.fixture
def short_tmp(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """$TMPDIR of this test and its browser, a folder of its own with a short path (Chromium
    puts its socket in a folder there: a socket's path has at most 107 bytes)."""
    folder = Path(tempfile.mkdtemp(prefix="jmap-test-"))
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    monkeypatch.setenv("TMPDIR", str(folder))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


PERMISSIVE = '<meta http-equiv="Content-Security-Policy" content="default-src * \'unsafe-inline\'">'


@pytest.mark.browser
def test_a_page_shown_from_memory_runs_no_script_and_fetches_nothing(
    chromium: str, short_tmp: Path
) -> None:
    """Each lock on its own, in a browser that could still connect: the page's origin is
    not a file, its scripts do not run, POLICY wins over the page's own, and DevTools
    fails the requests the policy would let through."""
    with listening() as server, Browser(chromium) as browser:
        page = (
            f"<!doctype html><html><head>{PERMISSIVE}</head><body><p>hello</p>"
            f"<script>document.title = 'ran'</script>"
            f'<img src="{server.origin}/img.png">'
            "</body></html>"
        )
        tab = show(browser, page.encode(), 400, 300)
        # DevTools' own evaluation still works with the page's scripts off
        assert tab.evaluate("location.href") == ORIGIN
        assert tab.evaluate("document.title") == ""
        assert tab.evaluate("document.querySelector('p').textContent") == "hello"
        size = "[document.documentElement.scrollWidth, document.documentElement.scrollHeight]"
        assert tab.size() == tuple(tab.evaluate(size))
        assert tab.pdf().startswith(b"%PDF-")
        tab.close()
        # the same page under a policy that allows images from anywhere: DevTools fails it
        tab = show(browser, page.encode(), 400, 300, policy="img-src *")
        assert tab.evaluate("document.images[0].complete && !document.images[0].naturalWidth")
        tab.close()
        assert [r for r in server.seen if r] == []  # no request (connections may be made)


@pytest.mark.browser
def test_an_offline_browser_connects_nowhere(chromium: str, short_tmp: Path) -> None:
    """The last lock alone: with no page locked down at all, the browser reaches no
    address, not even 127.0.0.1 (it resolves no host name, IP addresses included)."""
    with listening() as server, Browser(chromium, offline=True) as browser:
        page = f'<link rel="preconnect" href="{server.origin}"><img src="{server.origin}/i.png">'
        tab = browser.open("data:text/html," + page, 400, 300)
        assert tab.evaluate("document.images[0].complete && !document.images[0].naturalWidth")
        tab.close()
    assert server.seen == []


@pytest.mark.browser
def test_a_browser_that_had_to_be_killed_leaves_no_folder(chromium: str, short_tmp: Path) -> None:
    browser = Browser(chromium)
    browser.send("Browser.getVersion")
    assert browser.proc is not None
    os.killpg(browser.proc.pid, signal.SIGKILL)  # no time to remove its socket's folder
    browser.proc.wait()
    assert len(list(short_tmp.iterdir())) == 2  # the profile and the socket's folder
    browser.close()
    assert list(short_tmp.iterdir()) == []

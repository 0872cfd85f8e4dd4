"""render/chromium.py, the DevTools client: finding a browser, starting, failing, ending."""

from __future__ import annotations

import stat
import subprocess
import tempfile
from pathlib import Path

import pytest

from journeymap_cli.render.chromium import Browser, BrowserError, find_browser


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

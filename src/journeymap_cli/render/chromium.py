"""A small Chrome DevTools Protocol client over --remote-debugging-pipe (stdlib only).

Starts a headless Chromium or Chrome with a fresh profile in a temporary folder, talks to
it over two pipes (file descriptors 3 and 4 in the child), and always ends it: on close,
on error and on Ctrl-C (the context manager's exit kills its whole process group and
removes the profile). Used by `jmap render --format pdf|png` and by the browser tests.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

NAMES = (
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "chrome",
    "microsoft-edge",
    "microsoft-edge-stable",
)
FLAGS = (
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-extensions",
    "--disable-sync",
    "--disable-features=Translate,MediaRouter,OptimizationHints",
    "--metrics-recording-only",
    "--no-first-run",
    "--no-default-browser-check",
    "--mute-audio",
    "--hide-scrollbars",
    "--remote-debugging-pipe",
)
NOT_FOUND = (
    "no Chromium or Chrome found: install one (e.g. `apt-get install chromium`) or pass --browser"
)


class BrowserError(Exception):
    """The browser could not be started or stopped answering."""


def find_browser(explicit: str | None = None) -> str | None:
    """`explicit`, else $JMAP_BROWSER, else the first known browser on PATH."""
    chosen = explicit or os.environ.get("JMAP_BROWSER")
    if chosen:
        found = shutil.which(chosen)
        return found if found and os.access(found, os.X_OK) else None
    for name in NAMES:
        path = shutil.which(name)
        if path:
            return path
    return None


@dataclass
class PageLoad:
    """What a page did while loading: console, exceptions, log, requests, dialogs."""

    console: list[dict[str, Any]] = field(default_factory=list)
    exceptions: list[dict[str, Any]] = field(default_factory=list)
    log: list[dict[str, Any]] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def errors(self) -> list[str]:
        found = [json.dumps(e) for e in self.exceptions]
        found += [json.dumps(c) for c in self.console if c.get("type") in ("error", "assert")]
        found += [json.dumps(e) for e in self.log if e.get("level") == "error"]
        found += [f"dialog: {d}" for d in self.dialogs]
        return found


def _wire(commands: int, replies: int) -> None:
    """In the child: the browser reads commands on fd 3 and writes replies on fd 4."""
    os.dup2(commands, 3)
    os.dup2(replies, 4)


class Browser:
    """One headless browser; `with Browser(path) as b:` ends it whatever happens."""

    def __init__(self, binary: str, timeout: float = 60) -> None:
        self.timeout = timeout
        self.profile = tempfile.mkdtemp(prefix="jmap-browser-")
        flags = [*FLAGS]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            flags.append("--no-sandbox")  # Chromium refuses to start as root with its sandbox
        to_r, to_w = os.pipe()
        from_r, from_w = os.pipe()
        try:
            self.proc = subprocess.Popen(
                [binary, *flags, f"--user-data-dir={self.profile}", "about:blank"],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                pass_fds=(3, 4),
                preexec_fn=lambda: _wire(to_r, from_w),
                start_new_session=True,  # one group: killing it ends the renderers too
            )
        except OSError as exc:
            shutil.rmtree(self.profile, ignore_errors=True)
            for fd in (to_r, to_w, from_r, from_w):
                os.close(fd)
            raise BrowserError(f"{binary}: cannot start: {exc.strerror or exc}") from None
        os.close(to_r)
        os.close(from_w)
        self.out = os.fdopen(to_w, "wb", buffering=0)
        self.inp = os.fdopen(from_r, "rb", buffering=0)
        self.buffer = b""
        self.next_id = 0
        self.events: list[dict[str, Any]] = []

    def __enter__(self) -> Browser:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        if self.proc.poll() is None:
            with contextlib.suppress(Exception):
                self._write("Browser.close", None, {})
            try:  # the profile is thrown away: no need to wait for a tidy exit
                self.proc.wait(timeout=0.3)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.proc.pid, signal.SIGKILL)  # helpers left behind
        for stream in (self.out, self.inp):
            with contextlib.suppress(OSError):
                stream.close()
        shutil.rmtree(self.profile, ignore_errors=True)

    def _write(self, method: str, session: str | None, params: dict[str, Any]) -> int:
        self.next_id += 1
        message: dict[str, Any] = {"id": self.next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        try:
            self.out.write(json.dumps(message).encode() + b"\0")
        except OSError as exc:
            raise BrowserError(f"the browser closed its pipe: {exc}") from None
        return self.next_id

    def _read(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self.buffer:
            if time.monotonic() > deadline:
                raise BrowserError("the browser did not answer in time")
            chunk = self.inp.read(1 << 20)
            if not chunk:
                raise BrowserError("the browser closed its pipe")
            self.buffer += chunk
        raw, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(raw)  # type: ignore[no-any-return]

    def send(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        """Send one command and wait for its reply; events met on the way are kept."""
        wanted = self._write(method, session, params)
        deadline = time.monotonic() + self.timeout
        while True:
            reply = self._read(deadline)
            if reply.get("id") == wanted:
                if "error" in reply:
                    raise BrowserError(f"{method}: {reply['error'].get('message', reply['error'])}")
                return reply.get("result", {})  # type: ignore[no-any-return]
            self.events.append(reply)

    def wait_for(self, method: str, session: str | None = None) -> dict[str, Any]:
        deadline = time.monotonic() + self.timeout
        while True:
            for event in self.events:
                mine = session is None or event.get("sessionId") == session
                if event.get("method") == method and mine:
                    self.events.remove(event)
                    return event
            self.events.append(self._read(deadline))

    def open(
        self,
        url: str,
        width: int = 1280,
        height: int = 800,
        scale: float = 1,
        dark: bool = False,
        media: str = "",
    ) -> Tab:
        """A new tab of the given size showing `url`, loaded."""
        target = self.send("Target.createTarget", url="about:blank")["targetId"]
        session = self.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        tab = Tab(self, target, session)
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.send(f"{domain}.enable", session)
        tab.resize(width, height, scale)
        features = [{"name": "prefers-color-scheme", "value": "dark" if dark else "light"}]
        self.send("Emulation.setEmulatedMedia", session, media=media, features=features)
        self.events.clear()
        self.send("Page.navigate", session, url=url)
        self.wait_for("Page.loadEventFired", session)
        return tab


class Tab:
    """One page in the browser: evaluate, screenshot, print, close."""

    def __init__(self, browser: Browser, target: str, session: str) -> None:
        self.browser, self.target, self.session = browser, target, session

    def resize(self, width: int, height: int, scale: float = 1) -> None:
        self.browser.send(
            "Emulation.setDeviceMetricsOverride",
            self.session,
            width=width,
            height=height,
            deviceScaleFactor=scale,
            mobile=False,
        )

    def evaluate(self, expression: str) -> Any:
        reply = self.browser.send(
            "Runtime.evaluate",
            self.session,
            expression=expression,
            returnByValue=True,
            awaitPromise=True,
        )
        if "exceptionDetails" in reply:
            raise BrowserError(f"evaluate: {reply['exceptionDetails'].get('text')}")
        return reply["result"].get("value")

    def screenshot(self, full: bool = True) -> bytes:
        params: dict[str, Any] = {"format": "png", "captureBeyondViewport": full}
        if full:
            size = self.evaluate(
                "[document.documentElement.scrollWidth, document.documentElement.scrollHeight]"
            )
            params["clip"] = {"x": 0, "y": 0, "width": size[0], "height": size[1], "scale": 1}
        shot = self.browser.send("Page.captureScreenshot", self.session, **params)
        return base64.b64decode(shot["data"])

    def pdf(self, **params: Any) -> bytes:
        reply = self.browser.send("Page.printToPDF", self.session, **params)
        return base64.b64decode(reply["data"])

    def activity(self) -> PageLoad:
        """Console messages, exceptions, log entries, dialogs and requests seen so far."""
        result = PageLoad()
        for event in self.browser.events:
            if event.get("sessionId") != self.session:
                continue
            method, params = event.get("method"), event.get("params", {})
            if method == "Runtime.consoleAPICalled":
                result.console.append(params)
            elif method == "Runtime.exceptionThrown":
                result.exceptions.append(params)
            elif method == "Log.entryAdded":
                result.log.append(params.get("entry", {}))
            elif method == "Page.javascriptDialogOpening":
                result.dialogs.append(params.get("message", ""))
            elif method == "Network.requestWillBeSent":
                result.requests.append(params["request"]["url"])
        return result

    def close(self) -> None:
        self.browser.send("Target.closeTarget", targetId=self.target)
        self.browser.events = [e for e in self.browser.events if e.get("sessionId") != self.session]

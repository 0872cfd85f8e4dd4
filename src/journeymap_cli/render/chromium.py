"""A small Chrome DevTools Protocol client over --remote-debugging-pipe (stdlib only).

Starts a headless Chromium or Chrome with a fresh profile in a temporary folder, talks to
it over two pipes (file descriptors 3 and 4 in the child), waits for no answer longer
than its timeout (select on both pipes), and always ends it: on close, on error, on a
timeout, on Ctrl-C, and on SIGTERM or SIGHUP inside io/signals.unwind (the context
manager's exit kills its whole process group and removes the profile). Used by
`jmap render --format pdf|png` (through render/isolation.py) and by the browser tests.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import select
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

from journeymap_cli.io.signals import held

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
# A browser for pages from strangers' templates resolves no host name, IP addresses
# included: without this, <link rel=preconnect>, a meta refresh or an iframe still opened
# TCP connections (no request: DevTools' Fetch stops those) to any address they named.
OFFLINE = ("--host-resolver-rules=MAP * ~NOTFOUND",)
TIMEOUT = 60.0  # seconds: the longest jmap waits for any one answer of the browser
NOT_FOUND = (
    "no Chromium or Chrome found: install one (e.g. `apt-get install chromium`) or pass --browser"
)


class BrowserError(Exception):
    """The browser could not be started or stopped answering."""


Handler = Callable[[dict[str, Any]], None]


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
    """In the child: the browser reads commands on fd 3 and writes replies on fd 4; the
    signals jmap held while starting it (io/signals.held) are not held in the browser."""
    os.dup2(commands, 3)
    os.dup2(replies, 4)
    signal.pthread_sigmask(signal.SIG_SETMASK, set())


class Browser:
    """One headless browser; `with Browser(path) as b:` ends it whatever happens."""

    def __init__(self, binary: str, timeout: float = TIMEOUT, *, offline: bool = False) -> None:
        """`offline`: no connection leaves the browser (pages shown from memory need none)."""
        self.binary, self.timeout, self.offline = binary, timeout, offline
        self.buffer = bytearray()
        self.next_id = 0
        self.events: list[dict[str, Any]] = []
        # events answered as they arrive, by method (a paused request must not wait)
        self.handlers: dict[str, Handler] = {}
        self.profile: str | None = None
        self.proc: subprocess.Popen[bytes] | None = None
        self.out = self.inp = -1
        try:
            # Ctrl-C, SIGTERM and SIGHUP wait until the profile and the process are known
            # (a SIGTERM during Popen left a browser running and nobody knowing it)
            with held():
                self._start()
        except BaseException:  # then the signal (io/signals.unwind) or error ends them
            self.close()
            raise

    def _start(self) -> None:
        try:
            self.profile = tempfile.mkdtemp(prefix="jmap-browser-")
        except OSError as exc:
            where = tempfile.gettempdir()
            raise BrowserError(
                f"{where}: cannot create the browser's profile: {exc.strerror}"
            ) from None
        flags = [*FLAGS, *(OFFLINE if self.offline else ())]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            flags.append("--no-sandbox")  # Chromium refuses to start as root with its sandbox
        to_r, self.out = os.pipe()
        self.inp, from_w = os.pipe()
        # select waits on both ends against a deadline: a browser that stops reading or
        # writing costs at most `timeout`, never a hang
        os.set_blocking(self.out, False)
        try:
            self.proc = subprocess.Popen(
                [self.binary, *flags, f"--user-data-dir={self.profile}", "about:blank"],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                pass_fds=(3, 4),
                preexec_fn=lambda: _wire(to_r, from_w),
                start_new_session=True,  # one group: killing it ends the renderers too
            )
        except (OSError, subprocess.SubprocessError) as exc:
            reason = getattr(exc, "strerror", None) or exc
            raise BrowserError(f"browser {self.binary}: cannot start: {reason}") from None
        finally:
            os.close(to_r)
            os.close(from_w)

    def __enter__(self) -> Browser:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """End the browser's whole process group, close the pipes, remove the profile."""
        socket_folder = self._socket_folder()  # before the browser's own clean-up unlinks it
        if self.proc is not None and self.proc.poll() is None:
            with contextlib.suppress(BrowserError):  # a browser that does not read: no wait
                self._write("Browser.close", None, {}, time.monotonic() + 0.1)
            try:  # the profile is thrown away: no need to wait for a tidy exit
                self.proc.wait(timeout=0.3)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        if self.proc is not None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.proc.pid, signal.SIGKILL)  # helpers left behind
        for fd in (self.out, self.inp):
            with contextlib.suppress(OSError):
                os.close(fd)
        self.out = self.inp = -1
        if self.profile is not None:
            self._remove_socket_folder(socket_folder or self._socket_folder())
            shutil.rmtree(self.profile, ignore_errors=True)

    def _socket_folder(self) -> str | None:
        """Chromium's own folder in $TMPDIR (org.chromium.Chromium.XXXXXX, linked from the
        profile), left behind by a browser that had to be killed; read before ending it, as
        a tidy exit cut short unlinks it first."""
        try:
            socket = os.readlink(os.path.join(self.profile or "", "SingletonSocket"))
        except OSError:
            return None
        return os.path.dirname(socket) if os.path.isabs(socket) and self.profile else None

    @staticmethod
    def _remove_socket_folder(folder: str | None) -> None:
        try:  # that folder and nothing else: it holds the socket and a cookie file
            if folder and set(os.listdir(folder)) <= {"SingletonSocket", "SingletonCookie"}:
                shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            return

    def _late(self) -> BrowserError:
        return BrowserError(f"browser did not answer in {self.timeout:g} s ({self.binary})")

    def _wait(self, fd: int, writing: bool, deadline: float) -> None:
        """Until `fd` is ready (select: a browser that never answers cannot block)."""
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise self._late()
            ready = select.select([] if writing else [fd], [fd] if writing else [], [], left)
            if ready[0] or ready[1]:
                return

    def _write(
        self, method: str, session: str | None, params: dict[str, Any], deadline: float
    ) -> int:
        self.next_id += 1
        message: dict[str, Any] = {"id": self.next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        data = memoryview(json.dumps(message).encode() + b"\0")
        while data:
            self._wait(self.out, True, deadline)
            try:
                data = data[os.write(self.out, data) :]
            except BlockingIOError:
                continue
            except OSError as exc:
                raise BrowserError(f"browser closed its pipe: {exc} ({self.binary})") from None
        return self.next_id

    def _read(self, deadline: float) -> dict[str, Any]:
        start = 0
        while (end := self.buffer.find(b"\0", start)) < 0:
            start = len(self.buffer)  # a reply of megabytes (a PDF) is searched once
            self._wait(self.inp, False, deadline)
            chunk = os.read(self.inp, 1 << 20)
            if not chunk:
                raise BrowserError(f"browser closed its pipe ({self.binary})")
            self.buffer += chunk
        raw = bytes(self.buffer[:end])
        del self.buffer[: end + 1]
        return json.loads(raw)  # type: ignore[no-any-return]

    def _receive(self, deadline: float) -> dict[str, Any]:
        """The next message that no handler takes (handled events are answered here)."""
        while True:
            message = self._read(deadline)
            handler = self.handlers.get(message.get("method", ""))
            if handler is None:
                return message
            handler(message)

    def post(self, method: str, session: str | None = None, **params: Any) -> None:
        """Send one command without waiting for its reply (which is dropped)."""
        self._write(method, session, params, time.monotonic() + self.timeout)

    def send(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        """Send one command and wait for its reply; events met on the way are kept."""
        deadline = time.monotonic() + self.timeout
        wanted = self._write(method, session, params, deadline)
        while True:
            reply = self._receive(deadline)
            if reply.get("id") == wanted:
                if "error" in reply:
                    raise BrowserError(f"{method}: {reply['error'].get('message', reply['error'])}")
                return reply.get("result", {})  # type: ignore[no-any-return]
            if "id" not in reply:  # a reply to a command `post`ed is dropped
                self.events.append(reply)

    def wait_for(self, method: str, session: str | None = None) -> dict[str, Any]:
        deadline = time.monotonic() + self.timeout
        while True:
            for event in self.events:
                mine = session is None or event.get("sessionId") == session
                if event.get("method") == method and mine:
                    self.events.remove(event)
                    return event
            message = self._receive(deadline)
            if "id" not in message:
                self.events.append(message)

    def new_tab(
        self, width: int, height: int, scale: float = 1, dark: bool = False, media: str = ""
    ) -> Tab:
        """A blank tab of this size, colour scheme and media type."""
        target = self.send("Target.createTarget", url="about:blank")["targetId"]
        session = self.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        tab = Tab(self, target, session)
        tab.resize(width, height, scale)
        features = [{"name": "prefers-color-scheme", "value": "dark" if dark else "light"}]
        self.send("Emulation.setEmulatedMedia", session, media=media, features=features)
        return tab

    def load(self, tab: Tab, url: str) -> None:
        """Navigate `tab` to `url` and wait until it has loaded."""
        self.events.clear()
        self.send("Page.navigate", tab.session, url=url)
        self.wait_for("Page.loadEventFired", tab.session)

    def open(
        self,
        url: str,
        width: int = 1280,
        height: int = 800,
        scale: float = 1,
        dark: bool = False,
        media: str = "",
    ) -> Tab:
        """A new tab of the given size showing `url`, loaded, with scripts on: for pages
        jmap made itself (tests and measurements); render/isolation.py shows the others."""
        tab = self.new_tab(width, height, scale, dark, media)
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.send(f"{domain}.enable", tab.session)
        self.load(tab, url)
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

    def size(self) -> tuple[int, int]:
        """The width and height of the whole page in CSS pixels (no script involved)."""
        content = self.browser.send("Page.getLayoutMetrics", self.session)["cssContentSize"]
        return int(content["width"]), int(content["height"])

    def screenshot(self, full: bool = True) -> bytes:
        params: dict[str, Any] = {"format": "png", "captureBeyondViewport": full}
        if full:
            width, height = self.size()
            params["clip"] = {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}
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

"""`jmap serve` as a real process on a free port, and plain HTTP requests to it (stdlib only)."""

from __future__ import annotations

import http.client
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

JMAP = Path(sys.executable).parent / "jmap"


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: str


class Served:
    """`jmap serve --port 0 ARGS` in `cwd`; the URL is read from the line it prints."""

    def __init__(
        self, cwd: Path, *args: str, env: dict[str, str] | None = None, jmap: Path = JMAP
    ) -> None:
        self.proc = subprocess.Popen(
            [str(jmap), "serve", "--port", "0", *args],
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            # a hung process prints every thread's stack when stop() aborts it
            env={**os.environ, "PYTHONFAULTHANDLER": "1", **(env or {})},
        )
        assert self.proc.stdout is not None and self.proc.stderr is not None
        self.err: list[str] = []
        self._reader = threading.Thread(target=self._read_stderr, daemon=True)
        self._reader.start()
        line = self.proc.stdout.readline()  # printed once the server listens
        match = re.search(r"http://([\d.]+):(\d+)/", line)
        if match is None:
            self.proc.kill()
            self.proc.wait()
            raise AssertionError(f"no URL printed: {line!r}; stderr: {self.stderr()}")
        self.first_line = line
        self.url, self.host, self.port = match[0], match[1], int(match[2])

    def _read_stderr(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.err.append(line)

    def stderr(self) -> str:
        return "".join(self.err)

    def request(
        self,
        path: str,
        method: str = "GET",
        host: str | None = "",
        headers: dict[str, str] | None = None,
    ) -> Reply:
        """`host`: the Host header ('' for the server's own address, None for none)."""
        conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        try:
            conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
            if host is not None:
                conn.putheader("Host", host or f"{self.host}:{self.port}")
            for name, value in (headers or {}).items():
                conn.putheader(name, value)
            conn.endheaders()
            response = conn.getresponse()
            body = response.read().decode("utf-8")
            return Reply(response.status, dict(response.getheaders()), body)
        finally:
            conn.close()

    def get(self, path: str) -> Reply:
        return self.request(path)

    def wait_for(self, path: str, ready: Callable[[Reply], bool], timeout: float = 60) -> Reply:
        """The page once `ready` says so (a deadline for a hung server, not a speed test)."""
        deadline = time.monotonic() + timeout
        while True:
            reply = self.get(path)
            if ready(reply):
                return reply
            if time.monotonic() > deadline:
                raise AssertionError(f"{path} never became ready; stderr:\n{self.stderr()}")
            time.sleep(0.05)

    def wait_for_stderr(self, text: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.stderr():
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} never printed; stderr:\n{self.stderr()}")
            time.sleep(0.05)

    def stop(self, signum: int = signal.SIGINT) -> int:
        self.proc.send_signal(signum)
        try:
            return self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.send_signal(signal.SIGABRT)  # faulthandler: the stacks, on stderr
            self.proc.wait(10)
            self._reader.join(5)
            raise AssertionError(f"still running 20 s after {signum}:\n{self.stderr()}") from None
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()
            self._reader.join(5)

    def close(self) -> None:
        if self.proc.poll() is None:
            self.stop(signal.SIGTERM)


def save(path: Path, text: str) -> None:
    """Write as an editor does: the whole file, in place."""
    path.write_text(text, encoding="utf-8")

"""`jmap serve`: from a map's save to the new page served. `python benchmarks/serve.py`

Starts the real `jmap serve --port 0` on a generated map (the 544-line typical one, then
the 4,000-touchpoint one), saves 20 edits of its title and times each from the write to
the end of the first GET that returns the new page, fetched (as the browser does) when
the page's event stream says `reload`; and the server's CPU time meanwhile, which the
machine's load does not inflate (in clock ticks: 10 ms). Then an unchanged save must cause
no rebuild, and the server's resident memory over 200 edits of the typical map must stay
flat.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Generator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import generate

JMAP = Path(sys.executable).parent / "jmap"
TARGETS = {"typical": 0.300, "huge": 1.5}  # median seconds, from the issue


class Server:
    def __init__(self, folder: Path, map_file: Path, log: Path) -> None:
        self.log = log
        self.proc = subprocess.Popen(
            [str(JMAP), "serve", "--port", "0", map_file.name],
            cwd=folder,
            stdout=subprocess.PIPE,
            stderr=log.open("w"),
            text=True,
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if match is None:
            raise SystemExit(f"jmap serve printed no URL: {line!r}\n{log.read_text()}")
        self.port = int(match[1])

    def request(self, method: str) -> tuple[str, bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            conn.request(method, "/")
            response = conn.getresponse()
            return response.getheader("ETag") or "", response.read()
        finally:
            conn.close()

    def events(self, version: str) -> Generator[bytes, None, None]:
        """The lines of the page's event stream, once it is connected."""
        conn = socket.create_connection(("127.0.0.1", self.port), timeout=60)
        conn.sendall(
            f"GET /_jmap/events?path=/&v={version} HTTP/1.0\r\n"
            f"Host: 127.0.0.1:{self.port}\r\n\r\n".encode()
        )
        stream = conn.makefile("rb")
        conn.close()  # the file keeps the socket open until it is closed

        def lines() -> Generator[bytes, None, None]:
            try:
                yield from stream
            finally:
                stream.close()

        events = lines()
        for line in events:
            if line.startswith(b"retry:"):
                return events
        raise SystemExit(f"no event stream\n{self.log.read_text()}")

    def cpu(self) -> float:
        """The server's CPU seconds so far (user + system)."""
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def rss_mib(self) -> float:
        status = Path(f"/proc/{self.proc.pid}/status").read_text()
        match = re.search(r"^VmRSS:\s+(\d+) kB", status, re.M)
        return int(match[1]) / 1024 if match else float("nan")

    def rebuilds(self) -> int:
        return sum(1 for line in self.log.read_text().splitlines() if line.startswith("rebuilt"))

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(30)


def edit(server: Server, path: Path, text: str, marker: str) -> tuple[float, float]:
    """Save `text` (which holds `marker`): seconds until a GET returns the new page, and the
    server's CPU seconds meanwhile. Like a browser, it waits for the page's `reload` event."""
    version = server.request("HEAD")[0].strip('"')
    events = server.events(version)
    cpu, start = server.cpu(), time.perf_counter()
    path.write_text(text, encoding="utf-8")  # as an editor saves: in place
    while True:
        for line in events:
            if line == b"event: reload\n":
                break
        else:
            raise SystemExit(f"the event stream ended\n{server.log.read_text()}")
        events.close()
        etag, body = server.request("GET")
        if marker.encode() in body:  # else a half-written file was seen: wait for the rest
            return time.perf_counter() - start, server.cpu() - cpu
        events = server.events(etag.strip('"'))


def titled(text: str, title: str) -> str:
    return re.sub(r"^title: .*$", f"title: {title}", text, count=1, flags=re.M)


def measure(size: str, edits: int, memory_edits: int, work: Path) -> None:
    folder = work / size
    (path,) = generate(folder, 1, size)
    (folder / "jmap.toml").write_text("")
    text = path.read_text(encoding="utf-8")
    lines = text.count("\n")
    server = Server(folder, path, work / f"{size}.log")
    try:
        runs = [edit(server, path, titled(text, f"Edit {i}"), f"Edit {i}") for i in range(edits)]
        times, cpu = [r[0] for r in runs], [r[1] for r in runs]
        median = statistics.median(times)
        verdict = "met" if median < TARGETS[size] else "MISSED"
        print(
            f"| {size} ({lines:,} lines) | {edits} | {median * 1000:.0f} ms"
            f" | {min(times) * 1000:.0f}-{max(times) * 1000:.0f} ms"
            f" | {statistics.median(cpu) * 1000:.0f} ms"
            f" | < {TARGETS[size] * 1000:.0f} ms: {verdict} |"
        )
        # an unchanged save: the same bytes again, then time for the watcher to look
        rebuilds, (etag, _) = server.rebuilds(), server.request("HEAD")
        path.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
        time.sleep(1.5)
        same = server.rebuilds() == rebuilds and server.request("HEAD")[0] == etag
        print(f"|   unchanged save | 1 | {'no rebuild' if same else 'REBUILT'} | | | |")
        if memory_edits:
            rss = {}
            for i in range(memory_edits):
                edit(server, path, titled(text, f"Memory {i}"), f"Memory {i}")
                if i + 1 in (20, 50, 100, 200, memory_edits):
                    rss[i + 1] = server.rss_mib()
            shown = ", ".join(f"{n}: {mib:.1f} MiB" for n, mib in rss.items())
            print(f"|   memory (RSS after N edits) | {memory_edits} | {shown} | | | |")
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--memory-edits", type=int, default=200)
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(
        "| map | edits | median save → new page served | range"
        " | server CPU per edit (median) | target |"
    )
    print("|---|---:|---:|---|---:|---|")
    with tempfile.TemporaryDirectory() as tmp:
        measure("typical", args.edits, args.memory_edits, Path(tmp))
        measure("huge", args.edits, 0, Path(tmp))


if __name__ == "__main__":
    main()

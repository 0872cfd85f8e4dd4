"""`jmap serve` under a burst of connections: `python benchmarks/serve_burst.py [-n 300]`.

Starts the real `jmap serve --port 0` on an example map, opens N connections to it at once
(non-blocking connects, as many tabs' event streams reconnecting after a rebuild do), and
times until every one is established; then sends each an event-stream request and times
until every one has its answer (or the time limit passes). A listen backlog of 5
(http.server's default) leaves the connections over it waiting on SYN retries: 1 s, then
3 s, and so on. Prints the listen socket's backlog (from `ss`, when present) and the
times, for several rounds.
"""

from __future__ import annotations

import argparse
import re
import selectors
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

JMAP = Path(sys.executable).parent / "jmap"
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def backlog(port: int) -> str:
    """The listening socket's backlog: `ss -ltn` shows it as Send-Q."""
    if shutil.which("ss") is None:
        return "?"
    out = subprocess.run(["ss", "-ltnH", f"sport = :{port}"], capture_output=True, text=True)
    fields = out.stdout.split()
    return fields[2] if len(fields) > 2 else "?"


def burst(port: int, count: int, limit: float) -> tuple[float, float, int]:
    """Seconds until all `count` connections are established and until all are answered,
    and how many were answered within `limit` seconds."""
    selector = selectors.DefaultSelector()
    start = time.perf_counter()
    deadline = start + limit
    socks = []
    for _ in range(count):
        sock = socket.socket()
        sock.setblocking(False)
        sock.connect_ex(("127.0.0.1", port))
        socks.append(sock)
        selector.register(sock, selectors.EVENT_WRITE)
    pending = len(socks)
    while pending and time.perf_counter() < deadline:
        for key, _ in selector.select(timeout=1):
            selector.unregister(key.fileobj)
            pending -= 1
    connected = time.perf_counter() - start
    request = f"GET /_jmap/events?path=/&v=old HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n\r\n"
    received: dict[socket.socket, bytes] = {}
    for sock in socks:
        try:
            sock.send(request.encode())  # a few dozen bytes: the buffer takes them at once
        except OSError:
            continue
        received[sock] = b""
        selector.register(sock, selectors.EVENT_READ)
    answered = 0
    while selector.get_map() and time.perf_counter() < deadline:
        for key, _ in selector.select(timeout=1):
            sock = key.fileobj  # type: ignore[assignment]
            try:
                chunk = sock.recv(4096)
            except OSError:
                chunk = b""
            received[sock] += chunk
            if b"event: reload" in received[sock]:
                answered += 1
            if not chunk or b"event: reload" in received[sock]:
                selector.unregister(sock)
    finished = time.perf_counter() - start
    for sock in socks:
        sock.close()
    return connected, finished, answered


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=300, help="connections a burst (default 300)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--limit", type=float, default=60, help="seconds a burst may take")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "jmap.toml").write_text("")
        shutil.copytree(EXAMPLES, folder / "maps")
        proc = subprocess.Popen(
            [str(JMAP), "serve", "--port", "0", "maps/car-purchase.jmap.yaml"],
            cwd=folder,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        try:
            assert proc.stdout is not None
            match = re.search(r":(\d+)/", proc.stdout.readline())
            assert match is not None, "jmap serve printed no URL"
            port = int(match[1])
            print(f"listen backlog (ss Send-Q): {backlog(port)}")
            times = [burst(port, args.n, args.limit) for _ in range(args.rounds)]
        finally:
            proc.terminate()
            proc.wait(20)
    for n, (connected, finished, answered) in enumerate(times, 1):
        print(
            f"round {n}: {args.n} connected in {connected:.3f} s;"
            f" {answered} answered in {finished:.3f} s"
        )
    print(
        f"median: connected {statistics.median(t[0] for t in times):.3f} s,"
        f" answered {statistics.median(t[1] for t in times):.3f} s"
    )


if __name__ == "__main__":
    main()

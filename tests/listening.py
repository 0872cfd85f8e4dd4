"""A TCP listener on 127.0.0.1 that records every connection it is offered (stdlib only):
what a page shown in the browser was able to reach."""

from __future__ import annotations

import socket
import threading
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager


class Listener:
    """Listens on a free port; `seen` holds the first bytes of each connection (b"" for
    one that sent nothing, as a preconnect does). Each connection gets a small reply."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(0.1)
        self.origin = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.seen: list[bytes] = []
        self.running = True
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while self.running:
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            with conn:
                conn.settimeout(1)
                try:
                    self.seen.append(conn.recv(4096))
                    conn.sendall(b"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nfetched")
                except OSError:
                    self.seen.append(b"")

    def close(self) -> None:
        self.running = False
        self.thread.join(timeout=5)
        self.sock.close()


@contextmanager
def listening() -> Iterator[Listener]:
    """A listener, checked first to hear what reaches it, closed at the end."""
    server = Listener()
    try:
        with urllib.request.urlopen(server.origin + "/probe", timeout=5) as reply:
            assert reply.read() == b"fetched"
        assert server.seen and server.seen[0].startswith(b"GET /probe")
        server.seen.clear()
        yield server
    finally:
        server.close()

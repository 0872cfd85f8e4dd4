"""The HTTP side: the site's pages from memory, Server-Sent Events for reloads, and nothing else.

The standard library's ThreadingHTTPServer (docs/serve.md says why). Every request is
checked in this order: the Host header must name this server (a DNS-rebinding page on
another site gets 403), the method must be GET or HEAD (405), and the path must be one of
the site's pages (404). Nothing is ever read from the disk by path.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote

from journeymap_cli import __version__
from journeymap_cli.serve.inject import EVENTS
from journeymap_cli.serve.site import Site

KEEP_ALIVE_S = 15  # a comment on each event stream this often: a closed tab is noticed
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "[::1]")


def is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text.strip("[]"))
    except ValueError:
        return False
    return True


class HostCheck:
    """Which `Host` headers name this server: the address it was started on, loopback names
    when it listens on loopback, and (listening on every interface) the machine's names and
    any IP address. A domain name of someone else's never matches: that is DNS rebinding."""

    def __init__(self, host: str, address: str, port: int) -> None:
        self.port = port
        wildcard = address in ("0.0.0.0", "::")
        names = {host.lower(), _bracketed(address)}
        if wildcard or ipaddress.ip_address(address).is_loopback:
            names.update(LOOPBACK_NAMES)
        if wildcard:
            names.update({socket.gethostname().lower(), socket.getfqdn().lower()})
        self.any_ip = wildcard
        self.allowed = {f"{_bracketed(n)}:{port}" for n in names if n}
        if port == 80:  # a browser leaves the default port out
            self.allowed |= {_bracketed(n) for n in names if n}

    def __call__(self, header: str | None) -> bool:
        if header is None:
            return False
        value = header.strip().lower()
        if value in self.allowed:
            return True
        name, _, port = value.rpartition(":")
        return self.any_ip and port == str(self.port) and is_ip(name)


def _bracketed(name: str) -> str:
    return f"[{name}]" if ":" in name and not name.startswith("[") else name


# The listen backlog: connections the kernel completes before the server accepts them.
# http.server's 5 left a burst (every tab's event stream reconnecting after a rebuild)
# waiting on SYN retries: 300 connects at once took 1 s to establish and only 60-79 of
# them were answered within 60 s (benchmarks/serve_burst.py). The kernel caps it at
# net.core.somaxconn (4096 on Linux since 5.4; 128 before).
BACKLOG = 1024


class Server(ThreadingHTTPServer):
    """Remembers its open connections so that stopping ends them at once."""

    daemon_threads = True
    request_queue_size = BACKLOG

    def __init__(self, address: tuple[Any, ...], family: socket.AddressFamily) -> None:
        self.address_family = family
        self.site: Site | None = None
        self.host_check: HostCheck | None = None
        self._open: dict[socket.socket, threading.Thread] = {}
        self._lock = threading.Lock()
        super().__init__(address, Handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        thread = threading.Thread(
            target=self._handle, args=(request, client_address), name="jmap-http", daemon=True
        )
        with self._lock:
            self._open[request] = thread
        thread.start()

    def _handle(self, request: Any, client_address: Any) -> None:
        try:
            self.process_request_thread(request, client_address)
        finally:
            with self._lock:
                self._open.pop(request, None)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A connection that fails (closed by the browser, or shut by `stop`) is no news; any
        other failure is one line, not socketserver's traceback."""
        exc = sys.exc_info()[1]
        if not isinstance(exc, OSError):
            sys.stderr.write(f"jmap: error: a request failed: {type(exc).__name__}: {exc}\n")

    def stop(self) -> None:
        """Stop accepting, end every open connection (event streams included), join."""
        self.shutdown()
        if self.site is not None:
            self.site.close()
        with self._lock:
            open_now = list(self._open.items())
        for sock, _ in open_now:
            with contextlib.suppress(OSError):  # already closed by its thread
                sock.shutdown(socket.SHUT_RDWR)
        for _, thread in open_now:
            thread.join(2)
        self.server_close()


class Handler(BaseHTTPRequestHandler):
    server: Server
    server_version = f"jmap/{__version__}"
    protocol_version = "HTTP/1.0"  # one request per connection: nothing idles open
    timeout = 30  # a connection that sends no request is dropped

    def version_string(self) -> str:
        return self.server_version

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the terminal shows rebuilds and problems, not every request."""

    def __getattr__(self, name: str) -> Any:
        # BaseHTTPRequestHandler looks up do_<METHOD>; every method but GET and HEAD is
        # answered 405 (the default would be 501 for unknown ones)
        if name.startswith("do_"):
            return self._not_allowed
        raise AttributeError(name)

    def do_GET(self) -> None:
        self._answer(head=False)

    def do_HEAD(self) -> None:
        self._answer(head=True)

    def _allowed_host(self) -> bool:
        check = self.server.host_check
        if check is not None and check(self.headers.get("Host")):
            return True
        self._plain(403, "forbidden: this server answers only for its own address")
        return False

    def _not_allowed(self) -> None:
        if self._allowed_host():
            self._plain(405, "method not allowed: GET and HEAD only", {"Allow": "GET, HEAD"})

    def _answer(self, head: bool) -> None:
        if not self._allowed_host():
            return
        site = self.server.site
        assert site is not None
        # the path is looked up as it is, never resolved against a folder: no `..`,
        # encoded or not, no absolute path, no symlink can reach a file
        raw, _, query = self.path.partition("?")
        path = unquote(raw.partition("#")[0])
        if path == EVENTS:
            self._events(site, parse_qs(query), head)
            return
        page = site.page(path)
        status = 200
        if page is None:
            page, status = site.not_found(path), 404
        if page is None:
            self._plain(404, "not found: only the site's pages are served")
            return
        self.send_response(status)
        self._headers("text/html; charset=utf-8", len(page.body))
        self.send_header("Content-Security-Policy", page.policy + "; frame-ancestors 'none'")
        self.send_header("ETag", f'"{page.version}"')
        self.end_headers()
        if not head:
            self.wfile.write(page.body)

    def _events(self, site: Site, query: dict[str, list[str]], head: bool) -> None:
        """A `reload` event as soon as the page at `path` is no longer at version `v`."""
        path, known = query.get("path", [""])[0], query.get("v", [""])[0]
        self.send_response(200)
        self._headers("text/event-stream; charset=utf-8", None)
        self.end_headers()
        if head:
            return
        try:
            self.wfile.write(b"retry: 1000\n\n")
            self.wfile.flush()
            generation = site.generation
            while not site.closing:
                current = site.version(path)
                if current != known:
                    self.wfile.write(f"event: reload\ndata: {current}\n\n".encode())
                    self.wfile.flush()
                    return
                seen, generation = generation, site.wait(generation, KEEP_ALIVE_S)
                if generation == seen and not site.closing:
                    self.wfile.write(b": still here\n\n")
                    self.wfile.flush()
        except OSError:
            return  # the tab was closed, or the server is stopping

    def _plain(self, status: int, text: str, extra: dict[str, str] | None = None) -> None:
        body = f"{status} {text}\n".encode()
        self.send_response(status)
        self._headers("text/plain; charset=utf-8", len(body))
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _headers(self, content_type: str, length: int | None) -> None:
        self.send_header("Content-Type", content_type)
        if length is not None:
            self.send_header("Content-Length", str(length))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Cross-Origin-Resource-Policy", "same-origin")

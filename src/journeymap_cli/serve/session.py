"""One `jmap serve` run: listen, build the site, serve and watch until a signal ends it.

Ctrl-C (SIGINT) ends it with exit code 130 and SIGTERM with 0, both at once: the watcher
is told to stop, every open connection (event streams too) is shut, and every thread is
joined before the process returns, so nothing is left running and nothing is printed.
"""

from __future__ import annotations

import errno
import ipaddress
import signal
import socket
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType

from journeymap_cli.serve.server import HostCheck, Server
from journeymap_cli.serve.site import Settings, Site
from journeymap_cli.serve.watch import Watcher

INTERRUPTED = 130  # 128 + SIGINT, as the other commands answer Ctrl-C


class ServeError(Exception):
    """Cannot serve (a bad address, a port in use): a usage error, exit 2."""


class Terminated(BaseException):
    """SIGTERM: stop as for Ctrl-C, but as a requested, clean end (exit 0)."""


def bind(host: str, port: int) -> Server:
    """A server listening on host:port (port 0: a free port the system picks)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise ServeError(f"cannot serve on {host!r}: {exc.strerror}") from None
    family, _, _, _, address = infos[0]
    try:
        server = Server(address, family)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise ServeError(
                f"port {port} on {host} is in use; --port 0 picks a free one"
            ) from None
        raise ServeError(f"cannot serve on {host}:{port}: {exc.strerror or exc}") from None
    bound = str(server.server_address[0])
    server.host_check = HostCheck(host, bound, int(server.server_address[1]))
    return server


def url_of(server: Server) -> str:
    address, port = str(server.server_address[0]), int(server.server_address[1])
    shown = {"0.0.0.0": "127.0.0.1", "::": "::1"}.get(address, address)
    return f"http://{f'[{shown}]' if ':' in shown else shown}:{port}/"


def is_loopback(server: Server) -> bool:
    return ipaddress.ip_address(str(server.server_address[0])).is_loopback


def exposure_warning(address: str) -> str | None:
    """What to say when the server listens where others can reach it; None on loopback."""
    if ipaddress.ip_address(address).is_loopback:
        return None
    return (
        f"jmap: warning: listening on {address}, not loopback: anyone"
        " who can reach this machine can read these maps"
    )


def run(settings: Settings, host: str, port: int, open_browser: bool) -> int:
    """Serve until interrupted; the exit code."""
    say = _printer(sys.stderr)
    server = bind(host, port)
    warning = exposure_warning(str(server.server_address[0]))
    if warning:
        say(warning)
    site = Site(settings, say)
    stopped = threading.Event()
    code = [0]

    def watcher_failed() -> None:
        code[0] = 2
        stopped.set()

    watcher = Watcher(site, say, watcher_failed)
    http = threading.Thread(target=server.serve_forever, args=(0.1,), name="jmap-serve")
    try:
        with _signals():
            try:
                site.build_all()
                server.site = site
                with _signals_to_main_thread():
                    http.start()
                    watcher.start()
                watcher.ready.wait()
                url = url_of(server)
                if not site.built:
                    say("jmap: warning: no map files found (*.jmap.yaml); they appear when saved")
                say("Watching for changes; Ctrl-C to stop.")
                sys.stdout.write(f"Serving {_what(site)} at {url}\n")
                sys.stdout.flush()
                if open_browser:
                    import webbrowser

                    webbrowser.open(url)
                while not stopped.wait(1.0):  # a timeout: signals are handled in between
                    pass
                return code[0]
            except KeyboardInterrupt:
                return INTERRUPTED
            except Terminated:
                return 0
            finally:
                # a second Ctrl-C (or a SIGTERM) while stopping would only leave a traceback
                _ignore_signals()
                watcher.stop()
                if http.is_alive():
                    server.stop()
                else:
                    server.server_close()
                http.join(2)
                watcher.join(2)
    finally:
        site.close()


def _ignore_signals() -> None:
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)


def _what(site: Site) -> str:
    maps, bad = site.count()
    what = "1 map" if site.single else f"{maps} map{'s' * (maps != 1)}"
    return what + (f" ({bad} with problems)" if bad else "")


def _printer(stream: object) -> Callable[[str], None]:
    lock = threading.Lock()  # the watcher and the main thread both print

    def say(line: str) -> None:
        with lock:
            print(line, file=stream, flush=True)  # type: ignore[call-overload]

    return say


@contextmanager
def _signals_to_main_thread() -> Iterator[None]:
    """Threads started in this block (and the threads they start: request handlers, the
    watcher's own) block SIGINT and SIGTERM, so the kernel delivers them to the main
    thread, which is waiting for them: delivered to another thread, they would wake nothing."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    before = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


@contextmanager
def _signals() -> Iterator[None]:
    """SIGINT raises KeyboardInterrupt and SIGTERM Terminated in the main thread while
    serving; the previous handlers come back afterwards."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupted(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    def terminated(signum: int, frame: FrameType | None) -> None:
        raise Terminated

    before = signal.signal(signal.SIGINT, interrupted), signal.signal(signal.SIGTERM, terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, before[0])
        signal.signal(signal.SIGTERM, before[1])

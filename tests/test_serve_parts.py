"""`jmap serve`'s parts in process: no thread outlives it, the Host rule, what loads when."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from helpers import EXAMPLES, run_jmap
from journeymap_cli.serve.inject import DEFAULT_POLICY, amend, script, script_hash, served
from journeymap_cli.serve.server import HostCheck
from journeymap_cli.serve.session import bind, exposure_warning, is_loopback, url_of


def test_ctrl_c_leaves_no_thread_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The real command through typer, interrupted once it serves: every thread it started
    (HTTP, request handlers, the watcher) is gone when it returns 130."""
    shutil.copytree(EXAMPLES, tmp_path / "maps")
    monkeypatch.chdir(tmp_path)
    before = set(threading.enumerate())

    streams: list[socket.socket] = []

    def printed() -> str:
        # CliRunner's stdout is a buffer in memory (once it has swapped it in)
        value = getattr(getattr(sys.stdout, "buffer", None), "getvalue", lambda: b"")()
        return value.decode() if isinstance(value, bytes) else ""

    def interrupt_once_serving() -> None:
        try:
            while "Serving" not in printed():
                threading.Event().wait(0.02)
            port = int(re.findall(r"127\.0\.0\.1:(\d+)/", printed())[0])
            stream = socket.create_connection(("127.0.0.1", port))  # an open event stream
            host = f"127.0.0.1:{port}"
            stream.sendall(f"GET /_jmap/events HTTP/1.0\r\nHost: {host}\r\n\r\n".encode())
            assert stream.recv(100).startswith(b"HTTP/1.0 200")
            streams.append(stream)
        finally:
            os.kill(os.getpid(), signal.SIGINT)

    helper = threading.Thread(target=interrupt_once_serving, daemon=True)
    helper.start()
    result = run_jmap("serve", "--port", "0", "maps")
    helper.join()
    for stream in streams:
        stream.close()
    assert streams and result.exit_code == 130
    assert re.match(r"Serving \d+ maps at http://127\.0\.0\.1:\d+/", result.stdout)
    left = [t.name for t in set(threading.enumerate()) - before - {helper}]
    assert left == []
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # put back


@pytest.mark.parametrize(
    ("host", "address", "header", "allowed"),
    [
        ("127.0.0.1", "127.0.0.1", "127.0.0.1:8000", True),
        ("127.0.0.1", "127.0.0.1", "localhost:8000", True),
        ("127.0.0.1", "127.0.0.1", "localhost:8001", False),
        ("127.0.0.1", "127.0.0.1", "attacker.example:8000", False),
        ("127.0.0.1", "127.0.0.1", "10.0.0.5:8000", False),  # only when on every interface
        ("localhost", "127.0.0.1", "localhost:8000", True),
        ("::1", "::1", "[::1]:8000", True),
        ("0.0.0.0", "0.0.0.0", "192.168.1.20:8000", True),  # an address typed by hand
        ("0.0.0.0", "0.0.0.0", "[fe80::1]:8000", True),
        ("0.0.0.0", "0.0.0.0", "attacker.example:8000", False),
        ("0.0.0.0", "0.0.0.0", "192.168.1.20:9999", False),
        ("192.168.1.20", "192.168.1.20", "192.168.1.20:8000", True),
        ("192.168.1.20", "192.168.1.20", "localhost:8000", False),
    ],
)
def test_host_header_rule(host: str, address: str, header: str, allowed: bool) -> None:
    assert HostCheck(host, address, 8000)(header) is allowed


def test_the_default_port_may_be_left_out() -> None:
    assert HostCheck("127.0.0.1", "127.0.0.1", 80)("localhost")
    assert not HostCheck("127.0.0.1", "127.0.0.1", 8000)("localhost")


def test_loopback_and_the_url() -> None:
    server = bind("127.0.0.1", 0)
    try:
        assert is_loopback(server)
        assert url_of(server) == f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.server_close()


def test_the_policy_allows_exactly_the_script() -> None:
    source = script("0123abcd")
    policy = amend(DEFAULT_POLICY + "; script-src 'unsafe-inline'; connect-src *", source)
    assert policy == (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none';"
        f" form-action 'none'; script-src '{script_hash(source)}'; connect-src 'self'"
    )
    with pytest.raises(ValueError):
        script("x');alert(1)//")


def test_a_page_without_a_policy_or_a_body_still_gets_both() -> None:
    body, policy = served(b"<p>bare</p>", "abc")
    assert body.startswith(b"<p>bare</p><script>") and body.endswith(b"</script>\n")
    assert policy.startswith(DEFAULT_POLICY)


def test_help_and_validate_do_not_load_serve(tmp_path: Path) -> None:
    """serve's imports (http.server, watchfiles, anyio) load only when serving."""
    (tmp_path / "a.jmap.yaml").write_text((EXAMPLES / "saas-onboarding.jmap.yaml").read_text())
    heavy = ("watchfiles", "anyio", "http.server", "journeymap_cli.serve")
    probe = (
        "import sys, atexit; from journeymap_cli.cli.app import main;"
        f"atexit.register(lambda: print('LOADED', [m for m in {heavy!r} if m in sys.modules],"
        " file=sys.stderr)); sys.argv[0] = 'jmap'; main()"
    )
    for args in (["--help"], ["validate", "--format", "text", "a.jmap.yaml"], ["serve", "--help"]):
        proc = subprocess.run(
            [sys.executable, "-c", probe, *args], cwd=tmp_path, capture_output=True, text=True
        )
        assert proc.returncode == 0, proc.stderr
        assert "LOADED []" in proc.stderr, (args, proc.stderr)


@pytest.mark.parametrize("address", ["0.0.0.0", "::", "192.168.1.5", "10.0.0.2", "2001:db8::1"])
def test_listening_beyond_loopback_warns(address: str) -> None:
    warning = exposure_warning(address)
    assert warning is not None and address in warning and "not loopback" in warning


@pytest.mark.parametrize("address", ["127.0.0.1", "127.0.0.2", "::1"])
def test_loopback_listens_quietly(address: str) -> None:
    assert exposure_warning(address) is None

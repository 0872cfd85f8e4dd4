"""`jmap serve` under the saves editors really make (rename over, backup dance, bursts) and
clients that vanish."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import struct
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers import EXAMPLES
from serving import Reply, Served, save

CAR = "car-purchase.jmap.yaml"
TITLE = "Buying a family car"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(EXAMPLES, root / "maps")
    (root / "jmap.toml").write_text("", encoding="utf-8")
    return root


@pytest.fixture
def server(project: Path) -> Iterator[Served]:
    served_ = Served(project, "maps")
    try:
        yield served_
    finally:
        served_.close()


def shows(title: str):  # type: ignore[no-untyped-def]
    return lambda reply: reply.status == 200 and f"<h1>{title}" in reply.body


def rebuilds(server: Served) -> int:
    return sum(1 for line in server.err if line.startswith("rebuilt"))


def test_rename_over_the_map_as_vs_code_and_jetbrains_save(project: Path, server: Served) -> None:
    path = project / "maps" / CAR
    text = path.read_text()
    temp = path.with_name(CAR + ".tmp~")
    temp.write_text(text.replace(TITLE, "Renamed over"))
    os.replace(temp, path)
    server.wait_for("/car-purchase.html", shows("Renamed over"))
    assert "no longer in the site" not in server.stderr()


def test_vim_backup_dance(project: Path, server: Served) -> None:
    """vim (backupcopy=no) and Emacs: the map is moved to a backup, a new file written, the
    backup removed. In between the map does not exist: its page may say so, then returns."""
    path = project / "maps" / CAR
    text = path.read_text()
    backup = path.with_name(CAR + "~")
    os.rename(path, backup)
    time.sleep(0.3)  # a slow editor: the watcher sees the map gone
    save(path, text.replace(TITLE, "Vim saved"))
    backup.unlink()
    server.wait_for("/car-purchase.html", shows("Vim saved"))
    assert server.get("/").status == 200 and "car-purchase.html" in server.get("/").body


def test_renaming_a_map_moves_its_page(project: Path, server: Served) -> None:
    """The old name answers a page that waits for a map of that name; the new one is served
    (this map has no `id`: its page is named after its file)."""
    path = project / "maps" / "saas-onboarding.jmap.yaml"
    path.rename(path.with_name("renamed.jmap.yaml"))
    index = server.wait_for("/", lambda r: "renamed.html" in r.body)
    assert shows("Onboarding a small business")(server.get("/renamed.html"))
    assert "saas-onboarding.html" not in index.body
    gone = server.get("/saas-onboarding.html")
    assert gone.status == 404 and gone.headers["ETag"] == '"missing"'
    assert "saas-onboarding.html: no page of this name" in gone.body
    assert "EventSource" in gone.body  # it reloads when the name exists again


def test_many_saves_in_100_ms_end_on_the_last(project: Path, server: Served) -> None:
    path = project / "maps" / CAR
    text = path.read_text()
    before = rebuilds(server)
    for i in range(10):
        save(path, text.replace(TITLE, f"Burst {i}"))
        time.sleep(0.01)
    server.wait_for("/car-purchase.html", shows("Burst 9"))
    assert rebuilds(server) > before  # (how many depends on the machine's load: not asserted)
    time.sleep(1)  # time for a late batch: the page must still be the last save's
    assert shows("Burst 9")(server.get("/car-purchase.html"))


def test_saves_while_a_rebuild_runs_end_on_the_last(project: Path, server: Served) -> None:
    """A writer that keeps saving while pages are rebuilt: the last content always wins."""
    path = project / "maps" / CAR
    text = path.read_text()
    done = threading.Event()

    def keep_saving() -> None:
        for i in range(40):
            save(path, text.replace(TITLE, f"Save {i}"))
            time.sleep(0.025)  # about one rebuild of the four pages that read this map
        done.set()

    writer = threading.Thread(target=keep_saving)
    writer.start()
    writer.join()
    assert done.is_set()
    server.wait_for("/car-purchase.html", shows("Save 39"))
    linked = server.get("/car-purchase-to-be.html")
    assert linked.status == 200 and "JM012" not in linked.body


def test_a_half_typed_map_then_its_fix(project: Path, server: Served) -> None:
    path = project / "maps" / CAR
    text = path.read_text()
    cut = text.index("\ntitle: ") + len("\ntitle: ")
    save(path, text[:cut] + '"Buying a fam')  # an unclosed quote: saved mid-word
    broken: Reply = server.wait_for("/car-purchase.html", lambda r: "JM001" in r.body)
    assert re.search(rf"maps/{CAR}:\d+:\d+: JM001 YAML syntax error", broken.body)
    assert broken.status == 200 and "EventSource" in broken.body
    save(path, text)
    server.wait_for("/car-purchase.html", shows(TITLE))
    server.wait_for_stderr(f"maps/{CAR}: fixed")


def test_editing_jmap_toml_rebuilds_every_page(project: Path, server: Served) -> None:
    before = server.get("/car-purchase.html")
    save(project / "jmap.toml", "max-bytes = 100\n")  # every map is now too big
    page = server.wait_for("/car-purchase.html", lambda r: "JM006" in r.body)
    assert f"maps/{CAR}:1:1: JM006 file is" in page.body and "over the limit of 100" in page.body
    save(project / "jmap.toml", "")
    assert server.wait_for("/car-purchase.html", shows(TITLE)).body == before.body


def test_the_served_folder_goes_away_and_comes_back(tmp_path: Path) -> None:
    """Served from elsewhere (its parent is watched for nothing else): the folder is moved
    away and back; the site empties, says why, and fills again."""
    maps, away, elsewhere = tmp_path / "deep" / "maps", tmp_path / "away", tmp_path / "cwd"
    shutil.copytree(EXAMPLES, maps)
    elsewhere.mkdir()
    (elsewhere / "jmap.toml").write_text("")
    server = Served(elsewhere, str(maps))
    try:
        maps.rename(away)
        index = server.wait_for("/", lambda r: "car-purchase.html" not in r.body)
        assert "JM900" not in index.body and "maps.html" not in index.body  # not a map
        server.wait_for_stderr("maps: folder gone; its maps come back when it does")
        assert server.proc.poll() is None  # still serving
        away.rename(maps)
        server.wait_for("/car-purchase.html", shows(TITLE))
        assert "Traceback" not in server.stderr() and "JM900" not in server.stderr()
    finally:
        server.close()


def _reset(conn: socket.socket) -> None:
    """Close as a crashed or killed browser does: a reset, not a polite FIN."""
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    conn.close()


def test_clients_that_vanish_mid_stream_leave_it_serving(project: Path, server: Served) -> None:
    host = f"Host: {server.host}:{server.port}\r\n\r\n"
    for request in (
        f"GET /_jmap/events?path=/car-purchase.html&v=old HTTP/1.0\r\n{host}",
        f"GET /_jmap/events?path=/car-purchase.html&v=x HTTP/1.0\r\n{host}",
        f"GET /car-purchase.html HTTP/1.0\r\n{host}",
        "GET /car-purchase.html HTTP/1.0\r\nHost: ",  # the request itself cut short
    ):
        for _ in range(20):
            conn = socket.create_connection((server.host, server.port), timeout=30)
            conn.sendall(request.encode())
            if "Host: \r" not in request and request.endswith("\r\n\r\n"):
                conn.recv(64)  # the response has started
            _reset(conn)
    # an edit still reaches a page, and nothing was printed about the resets
    path = project / "maps" / CAR
    save(path, path.read_text().replace(TITLE, "After the resets"))
    server.wait_for("/car-purchase.html", shows("After the resets"))
    assert server.get("/").status == 200
    assert "error" not in server.stderr() and "Traceback" not in server.stderr()


def test_ctrl_c_frees_the_port_at_once(project: Path) -> None:
    server = Served(project, "maps")
    stream = socket.create_connection((server.host, server.port), timeout=30)
    host = f"{server.host}:{server.port}"
    stream.sendall(f"GET /_jmap/events?path=/&v=x HTTP/1.0\r\nHost: {host}\r\n\r\n".encode())
    try:
        assert server.stop(signal.SIGINT) == 130
    finally:
        stream.close()
    assert "Traceback" not in server.stderr()
    again = Served(project, "maps", "--port", str(server.port))  # the same port, at once
    try:
        assert again.port == server.port and again.get("/").status == 200
    finally:
        again.close()

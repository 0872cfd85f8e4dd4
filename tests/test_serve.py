"""`jmap serve` as a real process: real files, real HTTP, real edits, real signals."""

from __future__ import annotations

import re
import selectors
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers import EXAMPLES, run_jmap
from journeymap_cli.serve.inject import served
from serving import JMAP, Reply, Served, save

PAGES = sorted(p.name.replace(".jmap.yaml", ".html") for p in EXAMPLES.glob("*.jmap.yaml"))
CAR = "car-purchase.jmap.yaml"
SAAS = "saas-onboarding.jmap.yaml"  # no other map names it: an edit touches its page only


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the examples in a project of their own (jmap.toml marks its root)."""
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


@pytest.fixture(scope="module")
def unedited(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """A server the tests only send requests to (no edits, no signals): they share it
    instead of starting one each (~1 s apiece). `maps/leak.html` links to /etc/passwd."""
    root = tmp_path_factory.mktemp("unedited") / "project"
    shutil.copytree(EXAMPLES, root / "maps")
    (root / "jmap.toml").write_text("", encoding="utf-8")
    served_ = Served(root, "maps")
    try:
        (root / "maps" / "leak.html").symlink_to("/etc/passwd")
        yield served_
    finally:
        served_.close()


def version(reply: Reply) -> str:
    return reply.headers["ETag"].strip('"')


def changed_from(before: Reply):  # type: ignore[no-untyped-def]
    return lambda reply: reply.status == 200 and version(reply) != version(before)


def test_serves_exactly_what_render_writes_plus_the_reload_script(
    project: Path, server: Served, tmp_path: Path
) -> None:
    out = tmp_path / "rendered"
    # from the same folder with the same argument: pages name their map's path
    render = subprocess.run([str(JMAP), "render", "maps", "-o", str(out)], cwd=project)
    assert render.returncode == 0
    assert server.first_line.startswith(f"Serving {len(PAGES)} maps at {server.url}")
    journeys = sorted(p.name for p in out.glob("journey-*.html"))
    assert journeys, "the examples hold a journey seen by several personas"
    for name in [*PAGES, "index.html", *journeys]:
        written = (out / name).read_bytes()
        assert b"<script" not in written and b"_jmap" not in written  # render stays script-free
        reply = server.get(f"/{name}")
        assert reply.status == 200
        assert reply.headers["Content-Type"] == "text/html; charset=utf-8"
        body, policy = served(written, version(reply))
        # the page as written, with exactly one script and the policy that allows only it
        assert reply.body.encode() == body
        assert reply.body.count("<script>") == 1
        assert reply.headers["Content-Security-Policy"] == policy + "; frame-ancestors 'none'"
        assert "script-src 'sha256-" in policy and "connect-src 'self'" in policy
        assert policy.startswith("default-src 'none'")
    assert server.get("/").body == server.get("/index.html").body


def test_one_map_is_served_at_the_root_and_by_its_name(project: Path) -> None:
    server = Served(project, f"maps/{CAR}")
    try:
        assert server.first_line.startswith("Serving 1 map at")
        root, page = server.get("/"), server.get("/car-purchase.html")
        assert root.status == page.status == 200 and root.body == page.body
        assert "Buying a family car" in root.body
        assert server.get("/index.html").status == 404  # render writes no index for one map
    finally:
        assert server.stop() == 130


def test_an_edit_rebuilds_that_page_and_the_index_only(project: Path, server: Served) -> None:
    pages = {p: server.get(f"/{p}") for p in PAGES}
    index = server.get("/")
    path = project / "maps" / SAAS
    save(path, path.read_text().replace("a small business", "a large business"))
    after = server.wait_for("/saas-onboarding.html", changed_from(pages["saas-onboarding.html"]))
    assert "a large business" in after.body and "a small business" not in after.body
    assert "a large business" in server.wait_for("/", changed_from(index)).body
    for page in set(PAGES) - {"saas-onboarding.html"}:
        assert server.get(f"/{page}").body == pages[page].body
    # the page can be served before the server's log line has reached this test's reader
    server.wait_for_stderr("rebuilt saas-onboarding.html (")
    rebuilt = [line for line in server.err if line.startswith("rebuilt")]
    assert rebuilt and all(line.startswith("rebuilt saas-onboarding.html (") for line in rebuilt)


def test_an_edit_rebuilds_the_maps_based_on_or_linking_it(project: Path, server: Served) -> None:
    """car-purchase-to-be is based_on car-purchase, car-service-recovery and car-trade-in
    link to it: each page checks that the map it names is a map, so each is built again;
    car-purchase-signing details its Purchase stage, and its way up names the new title;
    car-purchase-tom names only car-service-recovery, and is left alone."""
    path = project / "maps" / CAR
    before = server.get("/car-purchase.html")
    save(path, path.read_text().replace("Buying a family car", "Leasing a family car"))
    server.wait_for("/car-purchase.html", changed_from(before))
    # the saved map's page first (it is the one being looked at), then the pages naming it
    server.wait_for_stderr("rebuilt car-purchase-signing.html, ")
    rebuilt = [line for line in server.err if line.startswith("rebuilt ")]
    assert rebuilt[0].startswith("rebuilt car-purchase.html (")
    assert rebuilt[1].startswith(
        "rebuilt car-purchase-signing.html, car-purchase-to-be.html, car-service-recovery.html,"
        " car-trade-in.html ("
    )
    assert len(rebuilt) == 2


def test_a_save_without_a_change_rebuilds_nothing(project: Path, server: Served) -> None:
    car = server.get("/car-purchase.html")
    path = project / "maps" / CAR
    save(path, path.read_text())  # the same bytes: an editor's save without changes
    path.touch()
    # then a real change elsewhere: once it shows, the unchanged save has been seen too
    other = project / "maps" / "saas-onboarding.jmap.yaml"
    before = server.get("/saas-onboarding.html")
    save(other, other.read_text().replace("Shiftwise", "Shiftwise Pro"))
    server.wait_for("/saas-onboarding.html", changed_from(before))
    assert version(server.get("/car-purchase.html")) == version(car)
    assert not any("car-purchase" in line for line in server.err if line.startswith("rebuilt"))


def test_a_broken_map_shows_its_problems_until_fixed(project: Path, server: Served) -> None:
    good = server.get("/saas-onboarding.html")
    path = project / "maps" / SAAS
    text = path.read_text()
    line = text[: text.index("emotion: 2")].count("\n") + 1
    column = len(text.splitlines()[line - 1]) - len("emotion: 2") + len("emotion: ") + 1
    payload = '"<img src=x onerror=alert(1)>"'
    save(path, text.replace("emotion: 2", f"emotion: {payload}", 1))
    page = server.wait_for("/saas-onboarding.html", lambda r: "JM002" in r.body)
    header = f"maps/{SAAS}:{line}:{column}: JM002"
    assert header in page.body
    assert f"{line:>5} |     emotion: &#34;&lt;img src=x onerror=alert(1)&gt;&#34;" in page.body
    assert "<img src=x" not in page.body  # escaped, like everything on the page
    caret = " " * 6 + "| " + " " * (column - 1) + "^"
    assert caret in page.body
    assert page.body.count("<script>") == 1 and "script-src 'sha256-" in page.body
    # the terminal prints the same lines
    server.wait_for_stderr(caret)
    assert header in server.stderr()
    assert f"{line:>5} |     emotion: {payload}" in server.stderr()
    # the index lists what render would: the two valid maps
    assert "Shiftwise" not in server.wait_for("/", lambda r: "Shiftwise" not in r.body).body
    save(path, text)
    back = server.wait_for("/saas-onboarding.html", lambda r: "JM002" not in r.body)
    assert back.body == good.body
    server.wait_for_stderr(f"maps/{SAAS}: fixed")


def test_a_persona_edit_rebuilds_the_maps_that_use_it(project: Path, server: Served) -> None:
    maps = project / "maps"
    users = [p for p in PAGES if "personas/sarah" in (maps / f"{p[:-5]}.jmap.yaml").read_text()]
    assert users
    before = {p: server.get(f"/{p}") for p in PAGES}
    persona = project / "maps" / "personas" / "sarah.persona.yaml"
    text = persona.read_text()
    name = re.search(r"^name: (.+)$", text, re.M)
    assert name is not None
    save(persona, text.replace(name[0], "name: Zanele Persona-Edit", 1))
    for page in users:
        assert "Zanele Persona-Edit" in server.wait_for(f"/{page}", changed_from(before[page])).body
    for page in set(PAGES) - set(users):
        assert server.get(f"/{page}").body == before[page].body
    # a persona that goes missing is a problem of the map, named on its page
    persona.unlink()
    assert "JM009" in server.wait_for(f"/{users[0]}", lambda r: "JM009" in r.body).body
    save(persona, text)
    server.wait_for(f"/{users[0]}", lambda r: "JM009" not in r.body)


def test_maps_that_appear_and_go_away(project: Path, server: Served) -> None:
    new = project / "maps" / "sub" / "fresh.jmap.yaml"
    new.parent.mkdir()  # a new folder is watched from then on
    text = (project / "maps" / "saas-onboarding.jmap.yaml").read_text()
    save(new, text.replace("Shiftwise", "Freshwise").replace("personas/", "../personas/"))
    index = server.wait_for("/", lambda r: "fresh.html" in r.body)
    assert "Freshwise" in index.body
    assert "Freshwise" in server.get("/fresh.html").body
    (project / "maps" / CAR).unlink()
    server.wait_for("/", lambda r: "car-purchase.html" not in r.body)
    assert server.get("/car-purchase.html").status == 404


def test_a_template_error_is_shown_like_a_diagnostic(project: Path, tmp_path: Path) -> None:
    templates = project / "templates"
    templates.mkdir()
    broken = templates / "map.html.j2"
    broken.write_text("<!doctype html>\n<title>x</title>\n<p>{{ page.no_such_thing }}</p>\n")
    server = Served(project, "maps", "--template", "templates")
    try:
        page = server.get("/car-purchase.html")
        assert "templates/map.html.j2:3: template error:" in page.body
        assert "no_such_thing" in page.body
        assert "    3 | &lt;p&gt;{{ page.no_such_thing }}&lt;/p&gt;" in page.body
        server.wait_for_stderr("templates/map.html.j2:3: template error:")
        # the problems page itself keeps the site's style.css
        assert "--accent" in page.body
        save(broken, "<!doctype html>\n<title>{{ page.map.title }}</title>\n</body>\n")
        fixed = server.wait_for("/car-purchase.html", lambda r: "template error" not in r.body)
        assert "<title>Buying a family car" in fixed.body
        assert fixed.body.count("<script>") == 1  # injected even without a policy meta
    finally:
        server.close()


def test_a_template_error_is_the_templates_not_the_maps(project: Path) -> None:
    """As a user runs it (JMAP_DEBUG=0): a template's exception or missing include names
    the template, never the map (JM900 / JM901), on the map's page and the index."""
    templates = project / "templates"
    templates.mkdir()
    (templates / "map.html.j2").write_text('<p>\n{% include "/etc/passwd" %}\n')
    (templates / "index.html.j2").write_text("{{ 1/0 }}\n")
    server = Served(project, "maps", "--template", "templates", env={"JMAP_DEBUG": "0"})
    try:
        page = server.get("/car-purchase.html").body
        assert "templates/map.html.j2:2: template error: no such template: /etc/passwd" in page
        index = server.get("/").body
        assert "templates/index.html.j2:1: template error: ZeroDivisionError" in index
        assert "JM90" not in page + index + server.stderr()
    finally:
        server.close()


def test_a_configuration_error_is_shown_on_every_page(project: Path, server: Served) -> None:
    config = project / "jmap.toml"
    save(config, "# settings\nmax-bytes = 'large'\n")
    page = server.wait_for("/car-purchase.html", lambda r: "jmap.toml" in r.body)
    assert "jmap.toml:2: max-bytes must be a positive integer" in page.body
    assert "    2 | max-bytes = &#39;large&#39;" in page.body
    assert "jmap.toml:2: max-bytes" in server.get("/").body
    save(config, "max-bytes = 100\n")  # every map is now over the limit: JM006
    assert "JM006" in server.wait_for("/car-purchase.html", lambda r: "JM006" in r.body).body
    save(config, "")
    server.wait_for("/car-purchase.html", lambda r: "JM006" not in r.body and "Buying" in r.body)


def test_the_event_stream_says_reload_when_the_page_changes(project: Path, server: Served) -> None:
    page = server.get("/car-purchase.html")
    conn = socket.create_connection((server.host, server.port), timeout=30)
    try:
        conn.sendall(
            f"GET /_jmap/events?path=/car-purchase.html&v={version(page)} HTTP/1.1\r\n"
            f"Host: {server.host}:{server.port}\r\n\r\n".encode()
        )
        stream = conn.makefile("rb")
        head = b""
        while not head.endswith(b"\r\n\r\n"):
            head += stream.readline()
        assert b"200" in head.split(b"\r\n")[0]
        assert b"Content-Type: text/event-stream" in head
        assert stream.readline() == b"retry: 1000\n"
        path = project / "maps" / CAR
        save(path, path.read_text().replace("Buying a family car", "Renting a family car"))
        lines = [stream.readline() for _ in range(2)]
        while lines[0].startswith(b":") or lines[0] == b"\n":  # keep-alive comments
            lines = [lines[1], stream.readline()]
        assert lines[0] == b"event: reload\n"
        assert lines[1] == f"data: {version(server.get('/car-purchase.html'))}\n".encode()
    finally:
        conn.close()
    # a page loaded before a change asks with its old version: told to reload at once
    stale = server.request(f"/_jmap/events?path=/car-purchase.html&v={version(page)}")
    assert "event: reload" in stale.body


@pytest.mark.parametrize(
    ("host", "status"),
    [
        ("", 200),
        ("localhost:{port}", 200),
        ("LOCALHOST:{port}", 200),
        ("[::1]:{port}", 200),
        ("evil.example:{port}", 403),  # a DNS-rebinding page on another site
        ("127.0.0.1.nip.io:{port}", 403),
        ("localhost", 403),  # not the port it serves on
        ("127.0.0.1:1", 403),
        (None, 403),
    ],
)
def test_only_requests_for_this_server_are_answered(
    unedited: Served, host: str | None, status: int
) -> None:
    header = None if host is None else host.format(port=unedited.port)
    reply = unedited.request("/", host=header)
    assert reply.status == status
    if status == 403:
        assert "Buying" not in reply.body and "<html" not in reply.body


@pytest.mark.parametrize(
    "path",
    [
        "/../../../../etc/passwd",
        "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/..%2f..%2f..%2fetc%2fpasswd",
        "//etc/passwd",
        "/etc/passwd",
        "/car-purchase.jmap.yaml",
        "/maps/car-purchase.jmap.yaml",
        "/personas/sarah.persona.yaml",
        "/jmap.toml",
        "/leak.html",
        "/style.css",
        "/map.html.j2",
        "/_jmap/",
        "http://evil.example/",
        "/car-purchase.html/",
        "/car-purchase.html/..",
    ],
)
def test_no_file_is_served_by_its_path(unedited: Served, path: str) -> None:
    reply = unedited.request(path)
    assert reply.status == 404
    if path == "/leak.html":  # a name the site could give a page: the page that waits for it
        assert "root:" not in reply.body and "leak.html: no page of this name" in reply.body
        assert reply.headers["ETag"] == '"missing"'
    else:
        assert reply.body == "404 not found: only the site's pages are served\n"


def test_a_linked_map_outside_the_project_is_named_not_quoted(
    project: Path, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("password: hunter2\n- not a map\n")
    (project / "maps" / "linked.jmap.yaml").symlink_to(secret)
    server = Served(project, "maps")
    try:
        page = server.get("/linked.html")
        assert "maps/linked.jmap.yaml:" in page.body
        assert "hunter2" not in page.body and "hunter2" not in server.stderr()
    finally:
        server.close()


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "BREW"])
def test_only_get_and_head(unedited: Served, method: str) -> None:
    reply = unedited.request("/", method=method)
    assert reply.status == 405 and reply.headers["Allow"] == "GET, HEAD"


def test_head_sends_the_headers_of_get_without_the_body(unedited: Served) -> None:
    get, head = unedited.get("/car-purchase.html"), unedited.request("/car-purchase.html", "HEAD")
    assert head.status == 200 and head.body == ""
    assert head.headers["Content-Length"] == get.headers["Content-Length"]
    assert head.headers["ETag"] == get.headers["ETag"]


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 0)])
def test_signals_stop_it_at_once(server: Served, signum: int, code: int) -> None:
    # an open event stream must not hold the process up
    conn = socket.create_connection((server.host, server.port), timeout=30)
    host = f"{server.host}:{server.port}"
    conn.sendall(f"GET /_jmap/events?path=/&v=x HTTP/1.0\r\nHost: {host}\r\n\r\n".encode())
    try:
        assert server.stop(signum) == code
    finally:
        conn.close()
    assert "Traceback" not in server.stderr()
    assert server.stderr() == "Watching for changes; Ctrl-C to stop.\n"  # and nothing more


def test_usage_errors(project: Path) -> None:
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    try:
        port = str(taken.getsockname()[1])
        result = run_jmap("serve", str(project / "maps"), "--port", port)
        assert result.exit_code == 2
        assert f"port {port} on 127.0.0.1 is in use; --port 0 picks a free one" in result.stderr
    finally:
        taken.close()
    for args, message in [
        (["nope"], "nope: no such file or folder"),
        (["-"], "not standard input"),
        (["--template", "nope", "."], "nope: no such template folder"),
        (["--config", "nope.toml", "."], "nope.toml: no such configuration file"),
        (["--host", "no.such.host.invalid", "."], "cannot serve on 'no.such.host.invalid'"),
    ]:
        result = run_jmap("serve", "--port", "0", *args)
        assert result.exit_code == 2, args
        assert message in result.stderr
        assert "Traceback" not in result.stderr


def test_open_starts_the_browser_on_the_url(project: Path, tmp_path: Path) -> None:
    seen = tmp_path / "opened.txt"
    browser = tmp_path / "browser.sh"
    browser.write_text(f'#!/bin/sh\nprintf %s "$1" > {seen}\n')
    browser.chmod(0o755)
    server = Served(project, "maps", "--open", env={"BROWSER": f"{browser} %s"})
    try:
        server.wait_for_stderr("Watching for changes")
        deadline_check = server.wait_for("/", lambda r: seen.exists() and seen.read_text() != "")
        assert deadline_check.status == 200
        assert seen.read_text() == server.url
    finally:
        server.close()


def test_an_image_a_map_names_is_watched(tmp_path: Path) -> None:
    """Format 1.1: an image that stops being an image shows JM012 on the page, and back."""
    from helpers import VALID

    (tmp_path / "jmap.toml").write_text("")
    png = b"\x89PNG\r\n\x1a\n" + bytes(64)
    (tmp_path / "shot.png").write_bytes(png)
    (tmp_path / "m.jmap.yaml").write_text(
        VALID.replace(
            "    actions: [Searches online]\n",
            "    actions: [Searches online]\n    images:\n"
            "      - {path: shot.png, alt: The dealer's home page on a phone}\n",
        )
    )
    server = Served(tmp_path, "m.jmap.yaml")
    try:
        good = server.get("/")
        assert good.status == 200 and "JM012" not in good.body
        (tmp_path / "shot.png").write_bytes(b"<svg xmlns='http://www.w3.org/2000/svg'/>")
        assert "JM012" in server.wait_for("/", lambda r: "JM012" in r.body).body
        (tmp_path / "shot.png").write_bytes(png)
        server.wait_for("/", lambda r: "JM012" not in r.body)
    finally:
        server.close()


def test_an_empty_folder_is_served_and_fills_as_maps_are_saved(tmp_path: Path) -> None:
    (tmp_path / "jmap.toml").write_text("")
    server = Served(tmp_path, ".")
    try:
        assert server.first_line.startswith("Serving 0 maps at")
        server.wait_for_stderr("no map files found")
        shutil.copy(EXAMPLES / "saas-onboarding.jmap.yaml", tmp_path / "first.jmap.yaml")
        assert "Shiftwise" in server.wait_for("/", lambda r: "first.html" in r.body).body
    finally:
        server.close()


BURST = 300
SOMAXCONN = Path("/proc/sys/net/core/somaxconn")


@pytest.mark.skipif(
    SOMAXCONN.exists() and int(SOMAXCONN.read_text()) < BURST,
    reason="the kernel caps a listen queue below 300 (net.core.somaxconn)",
)
def test_a_burst_of_connections_is_queued_not_dropped(server: Served) -> None:
    """300 event streams connecting at once (every tab after a rebuild) are all taken by
    the kernel's listen queue while the server is frozen (SIGSTOP): none is left to SYN
    retries, which cost 1 s and more each with http.server's backlog of 5 (7 of 300 got
    in). Then every one is answered. The waits are bounds for a hung server, not timings."""
    deadline = time.monotonic() + 20
    socks: list[socket.socket] = []
    established: set[socket.socket] = set()
    waiting = selectors.DefaultSelector()
    server.proc.send_signal(signal.SIGSTOP)
    try:
        for _ in range(BURST):
            sock = socket.socket()
            sock.setblocking(False)
            sock.connect_ex((server.host, server.port))
            socks.append(sock)
            waiting.register(sock, selectors.EVENT_WRITE)
        while len(established) < BURST and time.monotonic() < deadline:
            for key, _ in waiting.select(timeout=0.5):
                sock = key.fileobj  # type: ignore[assignment]
                waiting.unregister(sock)
                if sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) == 0:
                    established.add(sock)
        assert len(established) == BURST  # all queued while nothing accepted them
    finally:
        server.proc.send_signal(signal.SIGCONT)
    request = (
        f"GET /_jmap/events?path=/&v=old HTTP/1.0\r\nHost: {server.host}:{server.port}\r\n\r\n"
    )
    received = dict.fromkeys(socks, b"")
    for sock in socks:
        sock.send(request.encode())
        waiting.register(sock, selectors.EVENT_READ)
    try:
        while waiting.get_map() and time.monotonic() < deadline:
            for key, _ in waiting.select(timeout=0.5):
                sock = key.fileobj  # type: ignore[assignment]
                chunk = sock.recv(4096)
                received[sock] += chunk
                if not chunk or b"event: reload" in received[sock]:
                    waiting.unregister(sock)
        assert all(b"event: reload" in data for data in received.values())
    finally:
        for sock in socks:
            sock.close()
    assert server.get("/").status == 200  # and it goes on serving

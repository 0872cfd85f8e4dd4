"""Every command that writes a file: atomic, permissions and links kept, devices and pipes
written in place (never replaced), and a failed write reported, never a traceback."""

from __future__ import annotations

import os
import resource
import shutil
import stat
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import IO

import pytest

from helpers import CLEAN, CLEAN_FORMATTED, EXAMPLES, run_jmap
from journeymap_cli.io import atomic

MESSY = CLEAN.replace(
    "actions: [Fills in the form online]", "actions:\n      - Fills in the form online"
)
UNTRIMMED = CLEAN.replace("title: Renewing a passport", 'title: "  Renewing a passport "')
EXAMPLE = EXAMPLES / "saas-onboarding.jmap.yaml"


@pytest.fixture
def unwritable(monkeypatch: pytest.MonkeyPatch) -> set[str]:
    """File names whose folder refuses new files, as a read-only folder would (the tests
    may run as root, which no permission stops)."""
    names: set[str] = set()
    real = tempfile.mkstemp

    def mkstemp(*, dir: Path, prefix: str, suffix: str) -> tuple[int, str]:
        if prefix.strip(".") in names:
            raise PermissionError(13, "Permission denied")
        return real(dir=dir, prefix=prefix, suffix=suffix)

    monkeypatch.setattr(atomic.tempfile, "mkstemp", mkstemp)
    return names


def test_fmt_reports_a_file_it_cannot_write_and_goes_on(
    workdir: Path, unwritable: set[str]
) -> None:
    for name in ("a.jmap.yaml", "b.jmap.yaml"):
        (workdir / name).write_text(MESSY)
    unwritable.add("a.jmap.yaml")
    result = run_jmap("fmt", ".")
    assert result.exit_code == 2
    assert (
        "a.jmap.yaml:1:1: error: JM900 cannot write: Permission denied; left as it was"
        in result.stderr
    )
    assert "1 file reformatted, 0 unchanged, 1 could not be written" in result.stderr
    assert (workdir / "a.jmap.yaml").read_text() == MESSY
    assert (workdir / "b.jmap.yaml").read_text() == CLEAN_FORMATTED
    assert [p.name for p in workdir.iterdir() if p.name.endswith(".tmp")] == []


def test_fix_reports_a_file_it_cannot_write(workdir: Path, unwritable: set[str]) -> None:
    (workdir / "a.jmap.yaml").write_text(UNTRIMMED)
    unwritable.add("a.jmap.yaml")
    result = run_jmap("lint", "--fix", ".")
    assert result.exit_code == 2
    assert "jmap: error: a.jmap.yaml: cannot write: Permission denied; left as it was" in (
        result.stderr
    )
    assert "a.jmap.yaml:2:8: warning: JM401" in result.stdout  # still reported: it was not fixed
    assert (workdir / "a.jmap.yaml").read_text() == UNTRIMMED


def test_fmt_names_files_it_cannot_read_in_the_compiler_convention(workdir: Path) -> None:
    (workdir / "bad.jmap.yaml").write_text("jmap: 1\ntitle: [\n")
    result = run_jmap("fmt", ".")
    assert result.exit_code == 1
    assert result.stderr.startswith("bad.jmap.yaml:3:1: error: JM001 YAML syntax error")


def test_rewrites_go_through_a_symbolic_link_and_keep_it(workdir: Path) -> None:
    (workdir / "real").mkdir()
    (workdir / "real/m.yaml").write_text(UNTRIMMED)
    (workdir / "m.jmap.yaml").symlink_to("real/m.yaml")
    assert run_jmap("lint", "--fix", "m.jmap.yaml").exit_code == 0
    assert (workdir / "m.jmap.yaml").is_symlink()
    fixed = UNTRIMMED.replace('"  Renewing a passport "', '"Renewing a passport"')
    assert (workdir / "real/m.yaml").read_text() == fixed  # trimmed, quoting kept


def test_a_new_file_gets_the_usual_permissions(workdir: Path) -> None:
    old = os.umask(0o027)
    try:
        assert run_jmap("render", str(EXAMPLE), "-o", "page.html").exit_code == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE((workdir / "page.html").stat().st_mode) == 0o640


def _installed(args: list[str], stdout: int | IO[bytes]) -> subprocess.CompletedProcess[str]:
    """The installed command, bounded: a regression that reads a device or a pipe it should
    only write (/dev/full reads forever) fails the test instead of eating the machine."""

    def bounds() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))

    jmap = Path(sys.executable).parent / "jmap"
    return subprocess.run(
        [str(jmap), *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        timeout=60,
        preexec_fn=bounds,
    )


def test_render_into_a_named_pipe_writes_into_it(tmp_path: Path) -> None:
    fifo = tmp_path / "page.html"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = _installed(["render", str(EXAMPLE), "-o", str(fifo)], subprocess.DEVNULL)
    reader.join(timeout=30)
    assert result.returncode == 0, result.stderr
    assert stat.S_ISFIFO(fifo.stat().st_mode)  # still a pipe, not replaced by a file
    assert received[0].startswith(b"<!doctype html>")
    assert b"</html>" in received[0]


# Links of our own to /proc/self/fd/1 and /dev/full, so that a regression replaces the
# link in a temporary folder rather than the machine's /dev/stdout or /dev/full.
@pytest.mark.skipif(not Path("/proc/self/fd/1").exists(), reason="no /proc/self/fd")
def test_render_to_standard_output_through_a_link(tmp_path: Path) -> None:
    stdout = tmp_path / "stdout"
    stdout.symlink_to("/proc/self/fd/1")
    with (tmp_path / "out.html").open("wb") as handle:  # standard output is a file
        result = _installed(["render", str(EXAMPLE), "-o", str(stdout)], handle)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out.html").read_bytes().startswith(b"<!doctype html>")
    assert stdout.is_symlink()
    # standard output is a pipe
    piped = subprocess.run(
        f"{Path(sys.executable).parent / 'jmap'} render {EXAMPLE} -o {stdout} | head -c 15",
        shell=True,
        capture_output=True,
        timeout=60,
    )
    assert piped.stdout == b"<!doctype html>"
    assert b"Traceback" not in piped.stderr


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
def test_a_full_device_is_an_error_and_stays_a_device(tmp_path: Path) -> None:
    full = tmp_path / "full"
    full.symlink_to("/dev/full")
    for command in (["render", str(EXAMPLE)], ["export", str(EXAMPLE)]):
        result = _installed([*command, "-o", str(full)], subprocess.DEVNULL)
        assert result.returncode == 2
        assert f"jmap: error: {full}: cannot write: No space left on device" in result.stderr
        assert full.is_symlink()
    assert stat.S_ISCHR(Path("/dev/full").stat().st_mode)


# Every output option, into a folder that does not exist: refused with exit 2, and no
# folder made (QA: export -o created missing folders where new refused). Only the output
# folder of several maps is created, and not the folders above it.
BROWSER = pytest.mark.skipif(shutil.which("chromium") is None, reason="no chromium")
MISSING_FOLDER = [
    pytest.param(["new", "nope/n.jmap.yaml"], "nope/n.jmap.yaml: cannot create", id="new"),
    pytest.param(["schema", "-o", "nope/s.json"], "nope/s.json: cannot write", id="schema"),
    pytest.param(["render", "m.jmap.yaml", "-o", "nope/m.html"], "nope/m.html: cannot write"),
    pytest.param(
        ["render", "m.jmap.yaml", "-f", "md", "-o", "nope/m.md"], "nope/m.md: cannot write"
    ),
    pytest.param(["export", "m.jmap.yaml", "-o", "nope/m.csv"], "nope/m.csv: cannot write"),
    pytest.param(["export", "m.jmap.yaml", "-o", "nope/m.xlsx"], "nope/m.xlsx: cannot write"),
    pytest.param(["import", "m.csv", "-o", "nope/n.jmap.yaml"], "nope/n.jmap.yaml: cannot write"),
    pytest.param(
        ["render", ".", "-o", "nope/site"], "nope/site: cannot create the output folder", id="site"
    ),
    pytest.param(
        ["render", "m.jmap.yaml", "-f", "png", "-o", "nope/m.png"],
        "nope/m.png: cannot write",
        marks=BROWSER,
        id="png",
    ),
    pytest.param(
        ["render", ".", "-f", "pdf", "-o", "nope/pdfs"],
        "nope/pdfs: cannot create the output folder",
        marks=BROWSER,
        id="pdfs",
    ),
]


@pytest.mark.parametrize(("command", "message"), MISSING_FOLDER)
def test_no_output_option_creates_missing_folders(
    workdir: Path, command: list[str], message: str
) -> None:
    (workdir / "m.jmap.yaml").write_text(CLEAN)
    (workdir / "m.csv").write_text(run_jmap("export", "m.jmap.yaml").stdout)
    result = run_jmap(*command)
    assert result.exit_code == 2
    assert result.stderr == f"jmap: error: {message}: no such folder nope (create it first)\n"
    assert not (workdir / "nope").exists()


def test_an_output_folder_is_made_but_not_the_folders_above_it(workdir: Path) -> None:
    (workdir / "m.jmap.yaml").write_text(CLEAN)
    assert run_jmap("render", ".", "-o", "site").exit_code == 0
    assert sorted(p.name for p in (workdir / "site").iterdir()) == ["index.html", "m.html"]
    result = run_jmap("schema", "-o", "m.jmap.yaml/schema.json")
    assert result.exit_code == 2
    assert result.stderr == (
        "jmap: error: m.jmap.yaml/schema.json: cannot write: m.jmap.yaml is not a folder\n"
    )


def test_printing_no_valid_map_names_no_scratch_file(workdir: Path) -> None:
    """It said `wrote /tmp/jmap-render-…/index.html`: a scratch file, since removed, and a
    path of the machine. The browser never starts, so any program stands in for it."""
    (workdir / "bad.jmap.yaml").write_text(CLEAN.replace("emotion: 4", "emotion: 9"))
    result = run_jmap("render", ".", "-f", "pdf", "--browser", sys.executable, "-o", "pdfs")
    assert result.exit_code == 1
    assert "wrote" not in result.stderr and "jmap-render-" not in result.stderr
    assert "1 error in 1 file" in result.stderr
    assert not (workdir / "pdfs").exists()

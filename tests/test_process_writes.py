"""Writes that fail on a full disk or are cut by a signal (issue 13), through the installed
`jmap` command: the exit code, what is printed and what is left on disk."""

from __future__ import annotations

import errno
import os
import resource
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from helpers import VALID

JMAP = Path(sys.executable).parent / "jmap"
pytestmark = pytest.mark.skipif(not JMAP.exists(), reason="jmap is not installed here")
ENV = {**os.environ, "NO_COLOR": "1", "GITHUB_ACTIONS": ""}
PAGE = 4096


@dataclass
class Disk:
    """A folder whose file system fills up: a small tmpfs, or the process's file size
    limit (RLIMIT_FSIZE: EFBIG instead of ENOSPC, where mounting is not allowed)."""

    folder: Path
    kind: str
    error: str  # the system's words for the failure, as jmap prints them
    filler: Path | None = None
    room: int = 0

    def fill(self, room: int) -> None:
        """Leave room for `room` bytes (a multiple of the page size) of new files."""
        self.room = room
        if self.kind != "tmpfs":
            return
        self.filler = self.folder / "filler"
        fd = os.open(self.filler, os.O_WRONLY | os.O_CREAT, 0o644)
        try:
            while True:
                os.write(fd, b"\0" * PAGE)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
        os.ftruncate(fd, os.fstat(fd).st_size - room)
        os.close(fd)

    def free(self) -> None:
        if self.filler is not None:
            self.filler.unlink()
        self.room = -1

    def names(self) -> list[str]:
        return sorted(p.name for p in self.folder.iterdir() if p != self.filler)

    def jmap(self, *args: str) -> subprocess.CompletedProcess[str]:
        room = self.room

        def limit() -> None:  # in the child, before jmap starts
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG, not death by SIGXFSZ
            resource.setrlimit(resource.RLIMIT_FSIZE, (room, room))

        proc = subprocess.run(
            [str(JMAP), *args],
            cwd=self.folder,
            capture_output=True,
            text=True,
            timeout=120,
            env=ENV,
            preexec_fn=limit if self.kind == "limit" and room >= 0 else None,
        )
        assert "Traceback" not in proc.stdout + proc.stderr, proc.stderr
        return proc


@contextmanager
def small_disk(tmp_path: Path, kind: str) -> Iterator[Disk | str]:
    """A Disk of that kind, or why a tmpfs cannot be mounted here."""
    folder = tmp_path / "disk"
    folder.mkdir(parents=True)
    (folder / "jmap.toml").write_text("")
    if kind == "limit":
        yield Disk(folder, "limit", "File too large")
        return
    if os.geteuid() != 0 or shutil.which("mount") is None:
        yield "mounting a small tmpfs needs root and mount(8)"
        return
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k,mode=755", "tmpfs", str(folder)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        yield f"cannot mount a tmpfs here ({mounted.stderr.strip()})"
        return
    try:
        (folder / "jmap.toml").write_text("")
        yield Disk(folder, "tmpfs", "No space left on device")
    finally:
        if subprocess.run(["umount", str(folder)], capture_output=True).returncode != 0:
            subprocess.run(["umount", "-l", str(folder)], capture_output=True)


@pytest.fixture(params=["tmpfs", "limit"])
def disk(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Disk]:
    """Each kind of full disk (the tmpfs skipped, with the reason, where it cannot be had)."""
    with small_disk(tmp_path, request.param) as made:
        if isinstance(made, str):
            pytest.skip(f"{made}; the file size limit runs")
        yield made


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Disk]:
    """The most realistic full disk to be had: a tmpfs, else the file size limit."""
    with small_disk(tmp_path, "tmpfs") as made:
        if isinstance(made, Disk):
            yield made
            return
    with small_disk(tmp_path / "limited", "limit") as limited:
        assert isinstance(limited, Disk)
        yield limited


def test_new_on_a_full_disk_leaves_nothing_behind(disk: Disk) -> None:
    disk.fill(PAGE)  # the starter (5 KB) begins to be written, then the disk is full
    proc = disk.jmap("new", "m.jmap.yaml")
    assert proc.returncode == 2
    assert proc.stderr == f"jmap: error: m.jmap.yaml: cannot create: {disk.error}\n"
    assert disk.names() == ["jmap.toml"]  # no empty m.jmap.yaml, no temporary file
    disk.free()
    proc = disk.jmap("new", "m.jmap.yaml")  # not refused as "already exists"
    assert proc.returncode == 0, proc.stderr
    assert disk.jmap("lint", "m.jmap.yaml").returncode == 0


# command, the file it writes, what that file held, the room left (page multiples), the
# message ({error}: the system's words)
WRITES: dict[str, tuple[list[str], str, str, int, str]] = {
    "schema": (
        ["schema", "-o", "schema.json"],
        "schema.json",
        '{"old": true}\n',
        PAGE,  # the schema (28 KB) is cut after 4 KB, as the issue saw
        "jmap: error: schema.json: cannot write: {error}\n",
    ),
    "render": (
        ["render", "m.jmap.yaml", "--no-date", "-o", "m.html"],
        "m.html",
        "old",
        PAGE,
        "jmap: error: m.html: cannot write: {error}\n",
    ),
    "export": (
        ["export", "m.jmap.yaml", "-o", "m.csv"],
        "m.csv",
        "old\n",
        0,
        "jmap: error: m.csv: cannot write: {error}\n",
    ),
    "fmt": (
        ["fmt", "m.jmap.yaml"],
        "m.jmap.yaml",
        VALID.replace("[Website, ", "[Website,  "),
        0,
        "m.jmap.yaml:1:1: error: JM900 cannot write: {error}; left as it was\n"
        "0 files reformatted, 0 unchanged, 1 could not be written\n",
    ),
}


@pytest.mark.parametrize("case", WRITES)
def test_a_full_disk_leaves_the_old_file_whole(full_disk: Disk, case: str) -> None:
    disk = full_disk
    command, name, old, room, message = WRITES[case]
    if name != "m.jmap.yaml":
        (disk.folder / "m.jmap.yaml").write_text(VALID)
    (disk.folder / name).write_text(old)
    before = disk.names()
    disk.fill(room)
    proc = disk.jmap(*command)
    assert proc.returncode == 2
    assert (proc.stdout, proc.stderr) == ("", message.format(error=disk.error))
    assert (disk.folder / name).read_text() == old  # not truncated, not emptied
    assert disk.names() == before  # no temporary file left
    disk.free()
    assert disk.jmap(*command).returncode == 0
    assert (disk.folder / name).read_text() != old


# ---- signals while the file is being written ----------------------------------------

STAGES = "".join(
    f"  - name: Stage {i}\n    description: {'a long description ' * 10}\n    emotion: 3\n"
    for i in range(40)
)
BIG = VALID.split("stages:\n")[0].replace("[Website, ", "[Website,  ") + "stages:\n" + STAGES


@pytest.fixture(scope="module")
def formatted(tmp_path_factory: pytest.TempPathFactory) -> str:
    """What `jmap fmt` makes of BIG (10 KB), left alone."""
    folder = tmp_path_factory.mktemp("formatted")
    (folder / "m.jmap.yaml").write_text(BIG)
    proc = subprocess.run([str(JMAP), "fmt", "m.jmap.yaml"], cwd=folder, env=ENV)
    assert proc.returncode == 0
    text = (folder / "m.jmap.yaml").read_text()
    assert text != BIG
    return text


def fmt_stopped_mid_write(
    folder: Path, send: int, preexec: Callable[[], None] | None = None
) -> tuple[subprocess.CompletedProcess[str], bool]:
    """`jmap fmt` on BIG; the moment its temporary file appears the process is frozen
    (SIGSTOP) and, if the file is still there (the rename not yet done), sent `send`, then
    let go. Whether the signal landed mid-write; the ended process."""
    (folder / "m.jmap.yaml").write_text(BIG)
    proc = subprocess.Popen(
        [str(JMAP), "fmt", "m.jmap.yaml"],
        cwd=folder,
        env=ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=preexec,
    )
    landed = False
    while proc.poll() is None:  # the write lasts a few ms: look without sleeping
        if any(e.name.endswith(".tmp") for e in os.scandir(folder)):
            proc.send_signal(signal.SIGSTOP)
            if any(e.name.endswith(".tmp") for e in os.scandir(folder)):
                proc.send_signal(send)
                landed = True
            proc.send_signal(signal.SIGCONT)
            break
    out, err = proc.communicate(timeout=60)
    assert "Traceback" not in out + err, err
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err), landed


ATTEMPTS = 20  # the signal lands mid-write nearly every time; a busy machine may miss


@pytest.mark.parametrize(
    ("name", "code"), [("SIGTERM", -signal.SIGTERM), ("SIGHUP", -signal.SIGHUP), ("SIGINT", 130)]
)
def test_a_signal_mid_write_leaves_the_old_or_the_new_file(
    tmp_path: Path, formatted: str, name: str, code: int
) -> None:
    """Killed by SIGTERM or SIGHUP (as without jmap's handler: a shell shows 143 or 129),
    interrupted by SIGINT (130): the temporary file is gone and the map is the old one
    whole; a signal that came after the rename finds the new one whole."""
    for _ in range(ATTEMPTS):
        proc, landed = fmt_stopped_mid_write(tmp_path, getattr(signal, name))
        assert [p.name for p in tmp_path.iterdir()] == ["m.jmap.yaml"]  # no .m.jmap.yaml.*.tmp
        if landed:
            assert proc.returncode == code, proc.stderr
            assert (tmp_path / "m.jmap.yaml").read_text() == BIG
            assert "reformatted" not in proc.stdout + proc.stderr
            return
        assert proc.returncode == 0, proc.stderr
        assert (tmp_path / "m.jmap.yaml").read_text() == formatted
    pytest.fail(f"{name} never landed during the write in {ATTEMPTS} attempts")


def test_an_ignored_sighup_stays_ignored(tmp_path: Path, formatted: str) -> None:
    """`nohup jmap fmt ...`: SIGHUP is ignored, so a hang-up mid-write changes nothing."""
    for _ in range(ATTEMPTS):
        proc, landed = fmt_stopped_mid_write(
            tmp_path, signal.SIGHUP, lambda: signal.signal(signal.SIGHUP, signal.SIG_IGN)
        )
        assert proc.returncode == 0, proc.stderr
        assert [p.name for p in tmp_path.iterdir()] == ["m.jmap.yaml"]
        assert (tmp_path / "m.jmap.yaml").read_text() == formatted
        if landed:
            return
    pytest.fail(f"SIGHUP never landed during the write in {ATTEMPTS} attempts")


# A signal that comes just as the temporary file is created (in tempfile.mkstemp, before
# its name is returned) must not leave the file behind: stopping `jmap fmt` as the file
# appeared caught that window 3 times in 10 before the signals were held there.
RACE = """
import signal, sys, tempfile
from pathlib import Path
from journeymap_cli.io.atomic import write_file
real = tempfile.mkstemp
def mkstemp(**kwargs):
    made = real(**kwargs)
    signal.raise_signal(signal.%s)  # the file exists, its name not yet known to jmap
    return made
tempfile.mkstemp = mkstemp
write_file(Path(sys.argv[1]), "new")
print("finished")
"""


@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP"])
def test_a_signal_as_the_temporary_file_is_created(tmp_path: Path, name: str) -> None:
    target = tmp_path / "m.jmap.yaml"
    target.write_text("old")
    proc = subprocess.run(
        [sys.executable, "-c", RACE % name, str(target)], capture_output=True, text=True
    )
    assert proc.returncode == -getattr(signal, name), proc.stderr
    assert (proc.stdout, proc.stderr) == ("", "")
    assert [p.name for p in tmp_path.iterdir()] == ["m.jmap.yaml"]
    assert target.read_text() == "old"

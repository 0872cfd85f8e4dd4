"""Hardening (issue 13): what a file's content or the environment can make fail is a
located diagnostic, or exit 2 for options and configuration; never a traceback, and every
other file is still reported. Through the installed `jmap` command."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers import VALID

JMAP = Path(sys.executable).parent / "jmap"
pytestmark = pytest.mark.skipif(not JMAP.exists(), reason="jmap is not installed here")


def jmap(
    *args: str, cwd: Path, env: dict[str, str] | None = None, user: int | None = None
) -> subprocess.CompletedProcess[str]:
    command = [str(JMAP), *args]
    if user is not None:  # run as another user (the test runs as root)
        command = ["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups", *command]
    proc = subprocess.run(
        command,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "NO_COLOR": "1", "GITHUB_ACTIONS": "", **(env or {})},
    )
    assert "Traceback" not in proc.stdout + proc.stderr, proc.stderr
    return proc


def with_persona(reference: str) -> str:
    return VALID.replace(
        "persona:\n  name: Sarah\n  description: Mother of two\n  goals: [A safe car]\n",
        f"persona: {reference}\n",
    )


# name → (content, code, line, words in the message)
CASES: dict[str, tuple[str, str, int, str]] = {
    "long-persona.jmap.yaml": (
        with_persona("p" * 300 + ".persona.yaml"),
        "JM009",
        3,
        "File name too long",
    ),
    "loop-persona.jmap.yaml": (with_persona("loop.persona.yaml"), "JM009", 3, "link loop"),
    "not-a-folder.jmap.yaml": (
        with_persona("good.jmap.yaml/p.persona.yaml"),
        "JM009",
        3,
        "does not exist",
    ),
    "long-based-on.jmap.yaml": (
        VALID.replace("title: Buying a family car\n", "title: B\nbased_on: %s.jmap.yaml\n")
        % ("b" * 300),
        "JM012",
        3,
        "File name too long",
    ),
    "loop-link.jmap.yaml": (
        VALID.replace(
            "title: Buying a family car\n", "title: B\nlinks: [{map: loop.persona.yaml}]\n"
        ),
        "JM012",
        3,
        "symbolic link loop",
    ),
    "hex-rating.jmap.yaml": (
        VALID.replace("performance: 4", "performance: 0x" + "f" * 4000),
        "JM006",
        17,
        "number too large",
    ),
    "huge-scale.jmap.yaml": (
        VALID.replace("title: Buying a family car\n", "title: B\nscale: {min: 1, max: 1%s}\n")
        % ("0" * 309),
        "JM006",
        3,
        "number too large",
    ),
    "hex-metric.jmap.yaml": (
        VALID.replace("    emotion: 4\n", "    emotion: 4\n    metrics: {m: 0x%s}\n")
        % ("f" * 4000),
        "JM006",
        13,
        "number too large",
    ),
}


@pytest.fixture
def battery(tmp_path: Path) -> Path:
    (tmp_path / "jmap.toml").write_text("")
    (tmp_path / "good.jmap.yaml").write_text(VALID, encoding="utf-8")
    (tmp_path / "loop.persona.yaml").symlink_to("loop.persona.yaml")
    for name, (content, _, _, _) in CASES.items():
        (tmp_path / name).write_text(content, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("command", ["validate", "lint", "score"])
def test_each_case_is_a_located_diagnostic_and_the_others_are_reported(
    battery: Path, command: str
) -> None:
    proc = jmap(command, "--format", "json", ".", cwd=battery)
    # exit 2: the folder holds a persona file that cannot be read (the symlink loop)
    assert proc.returncode == 2, proc.stderr
    report = json.loads(proc.stdout)
    if command == "score":  # the invalid maps are left out; the good one is scored
        assert [m["path"] for m in report["maps"]] == ["good.jmap.yaml"]
        assert sorted(report["invalid"]) == sorted(CASES)
        return
    assert "good.jmap.yaml" in report["files"]
    found = {(d["path"], d["code"], d["line"]): d["message"] for d in report["diagnostics"]}
    for name, (_, code, line, words) in CASES.items():
        assert words in found[(name, code, line)], found
    assert "symbolic links" in found[("loop.persona.yaml", "JM900", 1)]
    good = [d for d in report["diagnostics"] if d["path"] == "good.jmap.yaml"]
    assert all(d["severity"] != "error" for d in good)  # lint's advice on it, nothing more


def test_text_output_of_the_battery(battery: Path) -> None:
    # the maps alone: problems found (exit 1), each file reported
    proc = jmap("validate", *CASES, "good.jmap.yaml", cwd=battery)
    assert proc.returncode == 1
    assert f"{len(CASES) + 1} files checked" in proc.stdout.splitlines()[-1]


NOBODY = 65534


def _nobody_runs_jmap() -> bool:
    """Whether the user 'nobody' can start the installed jmap (a virtualenv inside a
    private folder, such as root's home or a 0700 temporary folder, is out of its reach)."""
    if os.geteuid() != 0 or not shutil.which("setpriv"):
        return False
    probe = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]
    return subprocess.run([*probe, str(JMAP), "--version"], capture_output=True).returncode == 0


as_root = pytest.mark.skipif(
    not _nobody_runs_jmap(),
    reason="root enters every folder, so the case runs as 'nobody': that needs root, setpriv"
    " and a jmap that 'nobody' can start (.ci/run makes its virtualenv reachable)",
)


@pytest.fixture
def shared_tmp() -> Iterator[Path]:
    """A folder another user can enter (pytest's own is private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="jmap-hardening-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder)


@as_root
def test_persona_in_a_folder_the_user_cannot_enter(shared_tmp: Path) -> None:
    # root enters any folder, so the map is checked as the user 'nobody'
    (shared_tmp / "jmap.toml").write_text("")
    (shared_tmp / "closed").mkdir(mode=0o700)
    (shared_tmp / "closed" / "p.persona.yaml").write_text("name: P\n")
    (shared_tmp / "m.jmap.yaml").write_text(with_persona("closed/p.persona.yaml"))
    (shared_tmp / "good.jmap.yaml").write_text(VALID)
    proc = jmap("validate", "m.jmap.yaml", "good.jmap.yaml", cwd=shared_tmp, user=65534)
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.splitlines()[0] == (
        "m.jmap.yaml:3:10: error: JM009 persona file 'closed/p.persona.yaml' cannot be read:"
        " Permission denied"
    )
    assert "2 files checked" in proc.stdout


@pytest.mark.parametrize(
    ("pyproject", "message"),
    [
        ("[tool]\njmap = 5\n", "pyproject.toml:2: [tool.jmap] must be a table, not a number"),
        ("[tool]\njmap = [1, 2]\n", "pyproject.toml:2: [tool.jmap] must be a table, not a list"),
    ],
)
def test_tool_jmap_that_is_not_a_table(tmp_path: Path, pyproject: str, message: str) -> None:
    (tmp_path / "pyproject.toml").write_text(pyproject)
    (tmp_path / "m.jmap.yaml").write_text(VALID)
    for command in ("validate", "lint", "score"):
        proc = jmap(command, "--config", "pyproject.toml", "m.jmap.yaml", cwd=tmp_path)
        assert proc.returncode == 2
        assert proc.stderr == f"jmap: error: {message}\n"


def test_max_bytes_beyond_what_can_be_read(tmp_path: Path) -> None:
    (tmp_path / "m.jmap.yaml").write_text(VALID)
    proc = jmap("validate", "--max-bytes", "9223372036854775807", "m.jmap.yaml", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.startswith("jmap: error: --max-bytes 9223372036854775807: at most")
    (tmp_path / "jmap.toml").write_text("max-bytes = 0x7fffffffffffffff\n")
    for args in (["m.jmap.yaml"], ["-f", "json", "m.jmap.yaml"]):  # fast path and typer
        proc = jmap("validate", *args, cwd=tmp_path)
        assert proc.returncode == 2
        assert "jmap.toml:1: max-bytes must be at most 1,073,741,824 (1 GiB)" in proc.stderr
    (tmp_path / "jmap.toml").write_text(f"max-bytes = {1 << 30}\n")  # the ceiling itself
    assert jmap("validate", "m.jmap.yaml", cwd=tmp_path).returncode == 0


@pytest.mark.parametrize("setting", ["²", "0", "-1", "two", "1.5"])
def test_jmap_jobs_that_is_not_a_number_of_workers(tmp_path: Path, setting: str) -> None:
    (tmp_path / "m.jmap.yaml").write_text(VALID)
    for command in ("validate", "lint", "score", "fmt"):
        proc = jmap(command, "m.jmap.yaml", cwd=tmp_path, env={"JMAP_JOBS": setting})
        assert proc.returncode == 2, (command, proc.stderr)
        assert f"JMAP_JOBS={setting!r}: must be a whole number" in proc.stderr


def test_the_per_file_boundary(monkeypatch: pytest.MonkeyPatch) -> None:
    """What no check foresaw becomes the file's diagnostic; with JMAP_DEBUG=1 (the test
    suite's setting) it propagates, so jmap's own bugs still fail the tests."""
    from journeymap_cli.io.guard import Failed, one_file

    def convert() -> int:  # a real failure of the standard library, as content causes
        return int("9" * 5000)

    monkeypatch.setenv("JMAP_DEBUG", "0")
    with pytest.raises(Failed) as caught, one_file("m.jmap.yaml"):
        convert()
    found = caught.value.diagnostic
    assert (found.path, found.line, found.column, found.code) == ("m.jmap.yaml", 1, 1, "JM901")
    assert found.message.startswith("this file could not be checked (ValueError: Exceeds")
    with pytest.raises(Failed) as caught, one_file("p.persona.yaml"):
        Path("/nonexistent-jmap-folder/p.persona.yaml").read_bytes()
    assert caught.value.diagnostic.code == "JM900"  # an OS error: exit 2, like other reads
    assert caught.value.diagnostic.message == "cannot read: No such file or directory"
    with pytest.raises(KeyError), one_file("m.jmap.yaml"):  # a bug of ours: not content
        {}["missing"]
    monkeypatch.setenv("JMAP_DEBUG", "1")
    with pytest.raises(ValueError), one_file("m.jmap.yaml"):
        convert()


# --- files, folders and writes ---------------------------------------------------------


@as_root
def test_unreadable_folder_in_a_searched_folder_is_reported(shared_tmp: Path) -> None:
    (shared_tmp / "jmap.toml").write_text("")
    (shared_tmp / "good.jmap.yaml").write_text(VALID)
    (shared_tmp / "closed").mkdir(mode=0o700)
    (shared_tmp / "closed" / "inner.jmap.yaml").write_text(VALID)
    proc = jmap("validate", ".", cwd=shared_tmp, user=NOBODY)
    assert proc.returncode == 2
    assert proc.stdout.splitlines()[0] == "closed:1:1: error: JM900 cannot read: Permission denied"
    # a file named inside it: the same clean error, and the other file is still checked
    proc = jmap("validate", "closed/inner.jmap.yaml", "good.jmap.yaml", cwd=shared_tmp, user=NOBODY)
    assert proc.returncode == 2
    assert proc.stdout.splitlines()[0] == (
        "closed/inner.jmap.yaml:1:1: error: JM900 cannot read: Permission denied"
    )
    assert "1 file checked" in proc.stdout
    proc = jmap("fmt", "--check", ".", cwd=shared_tmp, user=NOBODY)
    assert proc.returncode == 2
    assert "closed:1:1: error: JM900 cannot read: Permission denied" in proc.stdout + proc.stderr


def test_named_pipes_are_skipped_when_searching_and_refused_when_named(tmp_path: Path) -> None:
    (tmp_path / "good.jmap.yaml").write_text(VALID)
    os.mkfifo(tmp_path / "x.jmap.yaml")  # reading it would wait for a writer forever
    for command in ("validate", "lint", "fmt"):
        proc = jmap(command, ".", cwd=tmp_path)  # would hang before (timeout: 120 s)
        assert proc.returncode in (0, 1), proc.stderr
        assert "x.jmap.yaml" not in proc.stdout + proc.stderr
    proc = jmap("validate", "x.jmap.yaml", "good.jmap.yaml", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stdout.splitlines()[0] == (
        "x.jmap.yaml:1:1: error: JM900 cannot read: not a regular file (a named pipe or device)"
    )


UNFORMATTED = VALID.replace("goals: [A safe car]", "goals:   [A safe car]")


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file to another user")
def test_fmt_as_root_keeps_owner_and_group(tmp_path: Path) -> None:
    path = tmp_path / "m.jmap.yaml"
    path.write_text(UNFORMATTED)
    os.chown(path, NOBODY, NOBODY)
    assert jmap("fmt", "m.jmap.yaml", cwd=tmp_path).returncode == 0
    st = path.stat()
    assert (st.st_uid, st.st_gid) == (NOBODY, NOBODY)
    # fmt's layout: VALID's two prose lists one item per line
    assert path.read_text() == VALID.replace(
        "  goals: [A safe car]", "  goals:\n    - A safe car"
    ).replace("    actions: [Searches online]", "    actions:\n      - Searches online")


@pytest.mark.parametrize(
    ("command", "text"),
    [
        (["fmt"], UNFORMATTED),
        (["lint", "--fix"], VALID.replace("  description: Mother of two", '  description: "Mum "')),
    ],
)
def test_writes_refuse_read_only_and_hard_linked_files(
    tmp_path: Path, command: list[str], text: str
) -> None:
    locked = tmp_path / "locked.jmap.yaml"
    locked.write_text(text)
    locked.chmod(0o444)
    linked = tmp_path / "linked.jmap.yaml"
    linked.write_text(text)
    os.link(linked, tmp_path / "other-name.yaml")
    proc = jmap(*command, "locked.jmap.yaml", "linked.jmap.yaml", cwd=tmp_path)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    out = proc.stdout + proc.stderr
    assert "read-only file (mode 444); make it writable" in out
    assert "the file has 2 hard links; replacing it would split it" in out
    assert locked.read_text() == text and linked.read_text() == text
    assert linked.stat().st_ino == (tmp_path / "other-name.yaml").stat().st_ino
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "linked.jmap.yaml",
        "locked.jmap.yaml",
        "other-name.yaml",
    ]


def test_without_a_project_marker_the_boundary_is_the_maps_folder(shared_tmp: Path) -> None:
    (shared_tmp / "outside").mkdir()
    (shared_tmp / "outside" / "secret.persona.yaml").write_text("name: Secret\n")
    (shared_tmp / "maps").mkdir()
    (shared_tmp / "maps" / "m.jmap.yaml").write_text(with_persona("../outside/secret.persona.yaml"))
    # run from / (which holds no marker): the working folder no longer widens the boundary
    proc = jmap("validate", str(shared_tmp / "maps" / "m.jmap.yaml"), cwd=Path("/"))
    assert proc.returncode == 1
    assert "escapes the project root" in proc.stdout
    (shared_tmp / "jmap.toml").write_text("")  # a marker above both: allowed
    proc = jmap("validate", str(shared_tmp / "maps" / "m.jmap.yaml"), cwd=Path("/"))
    assert (proc.returncode, proc.stdout) == (0, "2 files checked, no problems\n")


def test_nan_and_infinite_gates_are_refused(tmp_path: Path) -> None:
    (tmp_path / "m.jmap.yaml").write_text(VALID)
    for bound in ("nan", "inf", "-inf"):
        proc = jmap("score", "--fail-under", f"experience={bound}", "m.jmap.yaml", cwd=tmp_path)
        assert proc.returncode == 2
        assert "the bound must be a finite number" in proc.stderr
    (tmp_path / "jmap.toml").write_text("[score.fail-under]\nexperience = nan\n")
    proc = jmap("score", "m.jmap.yaml", cwd=tmp_path)
    assert proc.returncode == 2
    assert "jmap.toml:2: fail-under.experience must be a finite number, not nan" in proc.stderr


def test_fmt_takes_nan_as_the_same_value(tmp_path: Path) -> None:
    path = tmp_path / "m.jmap.yaml"
    path.write_text(
        UNFORMATTED.replace("    emotion: 4\n", "    metrics: {a: .nan}\n    emotion: 4\n")
    )
    assert jmap("fmt", "m.jmap.yaml", cwd=tmp_path).returncode == 0
    assert "metrics: {a: .nan}" in path.read_text()
    assert jmap("fmt", "--check", "m.jmap.yaml", cwd=tmp_path).returncode == 0


def test_workers_are_capped_at_the_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    from journeymap_cli.io.batch import cores, jobs

    monkeypatch.setenv("JMAP_JOBS", "1000")
    assert jobs() == cores()
    monkeypatch.setenv("JMAP_JOBS", "1")
    assert jobs() == 1


def test_config_from_a_pipe(tmp_path: Path) -> None:
    (tmp_path / "m.jmap.yaml").write_text(VALID)
    proc = subprocess.run(
        [str(JMAP), "validate", "--config", "/dev/stdin", "m.jmap.yaml"],
        input="max-bytes = 100\n",
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1, proc.stderr  # the setting from the pipe applies
    assert "over the limit of 100" in proc.stdout
    proc = jmap("validate", "--config", ".", "m.jmap.yaml", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr == "jmap: error: .: is a folder, not a configuration file\n"


def test_new_refuses_a_title_with_control_characters(tmp_path: Path) -> None:
    proc = jmap("new", "m.jmap.yaml", "--title", "\x1b[2J", cwd=tmp_path)
    assert proc.returncode == 2
    assert "control character U+001B is not allowed in a title" in proc.stderr
    assert not (tmp_path / "m.jmap.yaml").exists()


def test_schema_output_is_written_atomically(tmp_path: Path) -> None:
    target = tmp_path / "schema.json"
    target.write_text("old")
    target.chmod(0o640)
    assert jmap("schema", "-o", "schema.json", cwd=tmp_path).returncode == 0
    assert json.loads(target.read_text())["$schema"].startswith("https://json-schema.org/")
    assert oct(target.stat().st_mode & 0o777) == "0o640"
    assert [p.name for p in tmp_path.iterdir()] == ["schema.json"]

"""Over many maps jmap uses every core; the output is identical to a serial run."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers import CLEAN, run_jmap

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from generate import generate


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("many")
    (root / "jmap.toml").write_text("")
    generate(root / "maps", 230, "small")
    # a shared persona file with an error, referenced by maps in different chunks
    (root / "maps/shared.persona.yaml").write_text("name: Amira\ngoals: nope\n")
    inline = CLEAN[CLEAN.index("persona:") : CLEAN.index("channels:")]
    for i in (3, 117, 229):
        (root / f"maps/ref-{i}.jmap.yaml").write_text(
            CLEAN.replace(inline, "persona: shared.persona.yaml\n")
        )
    (root / "maps/broken.jmap.yaml").write_text("jmap: 1\ntitle: [\n")
    (root / "maps/map-00100.jmap.yaml").write_text(CLEAN.replace("emotion: 3", "emotion: 0"))
    return root


@pytest.mark.parametrize("command", ["validate", "lint"])
def test_parallel_output_equals_serial(
    many: Path, command: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(many)
    outputs = {}
    for jobs in ("1", "2"):
        monkeypatch.setenv("JMAP_JOBS", jobs)
        result = run_jmap(command, "--format", "json", "maps")
        assert result.exit_code == 1
        outputs[jobs] = result.stdout
    assert outputs["1"] == outputs["2"]
    assert outputs["1"].count('"path": "maps/shared.persona.yaml"') == 1  # reported once
    assert '"files": 235' in outputs["1"]  # 230 generated + 3 referencing + broken + persona


@pytest.fixture(scope="module")
def slow(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("slow")
    (root / "jmap.toml").write_text("")
    generate(root / "maps", 1000, "typical")  # a few seconds of work on two cores
    return root


def _descendants(pid: int) -> set[int]:
    """Every live process below pid (the workers), read from /proc."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended while we looked
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads worker processes from /proc")
@pytest.mark.parametrize("whole_group", [True, False], ids=["ctrl-c", "signal-to-jmap-only"])
@pytest.mark.parametrize("args", [["lint", "maps"], ["validate", "--format", "json", "maps"]])
def test_an_interrupted_run_ends_at_once_with_its_workers(
    slow: Path, args: list[str], whole_group: bool
) -> None:
    """Ctrl-C (SIGINT to the process group) or a SIGINT to jmap alone, sent while the
    workers are busy: exit 130 like typer, no traceback, no worker left behind."""
    jmap = Path(sys.executable).parent / "jmap"
    proc = subprocess.Popen(
        [str(jmap), *args],
        cwd=slow,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
        env={**os.environ, "JMAP_JOBS": "2"},
    )
    deadline = time.monotonic() + 30
    while len(_descendants(proc.pid)) < 2 and proc.poll() is None:
        assert time.monotonic() < deadline, "the workers never started"
        time.sleep(0.02)
    workers = _descendants(proc.pid)
    time.sleep(0.2)  # the workers are now checking maps
    sent = time.monotonic()
    if whole_group:
        os.killpg(proc.pid, signal.SIGINT)
    else:
        os.kill(proc.pid, signal.SIGINT)
    try:
        _, err = proc.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        pytest.fail("jmap hung after SIGINT")
    assert proc.returncode == 130, err
    assert b"Traceback" not in err
    assert time.monotonic() - sent < 5
    time.sleep(0.2)
    assert not {pid for pid in workers if Path(f"/proc/{pid}").exists()}, "workers left behind"


def test_fmt_on_every_core_matches_a_serial_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """fmt spreads from 32 files: the same diffs, problems and summary, in the same order,
    and the files it writes are then canonical."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "jmap.toml").write_text("")
    generate(tmp_path / "maps", 40, "small")
    (tmp_path / "maps/broken.jmap.yaml").write_text("jmap: 1\ntitle: [\n")
    outputs = {}
    for jobs in ("1", "2"):
        monkeypatch.setenv("JMAP_JOBS", jobs)
        result = run_jmap("fmt", "--diff", "maps")
        assert result.exit_code == 1
        outputs[jobs] = (result.stdout, result.stderr)
    assert outputs["1"] == outputs["2"]
    assert outputs["1"][0].count("+++ b/maps/") == 40
    assert "maps/broken.jmap.yaml:3:1: error: JM001" in outputs["1"][1]
    result = run_jmap("fmt", "maps")  # JMAP_JOBS=2: written by the workers
    assert "40 files reformatted" in result.stderr
    (tmp_path / "maps/broken.jmap.yaml").unlink()
    assert run_jmap("fmt", "--check", "maps").exit_code == 0


def test_score_on_every_core_matches_a_serial_run(
    many: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Maps are scored where they are loaded; figures, invalid maps and their order are
    those of a serial run."""
    monkeypatch.chdir(many)
    outputs = {}
    for jobs in ("1", "2"):
        monkeypatch.setenv("JMAP_JOBS", jobs)
        result = run_jmap("score", "--format", "json", "maps")
        assert result.exit_code == 1  # invalid maps are left out and make the exit code 1
        outputs[jobs] = result.stdout
    assert outputs["1"] == outputs["2"]
    data = json.loads(outputs["1"])
    assert data["invalid"] == ["maps/broken.jmap.yaml", "maps/map-00100.jmap.yaml"] + [
        f"maps/ref-{i}.jmap.yaml" for i in (117, 229, 3)
    ]
    assert len(data["maps"]) == 230 - 1  # map-00100 is invalid

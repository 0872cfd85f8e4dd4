"""A reader that goes away (`jmap score | head -1`) ends jmap by SIGPIPE, as it ends other
command-line tools: never exit 1, which means "problems found", and never a traceback."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import EXAMPLES

JMAP = Path(sys.executable).parent / "jmap"
CAR = str(EXAMPLES / "car-purchase.jmap.yaml")

COMMANDS = [
    ["--version"],
    ["--help"],
    ["validate", CAR],  # the plain path, without typer
    ["lint", str(EXAMPLES)],
    ["lint", "--format", "json", str(EXAMPLES)],
    ["lint", "--format", "github", CAR],
    ["score", str(EXAMPLES)],  # rich tables
    ["score", "--format", "md", str(EXAMPLES)],
    ["score", "--format", "csv", str(EXAMPLES)],
    ["diff", CAR, CAR],
    ["rules"],
    ["rules", "JM101"],
    ["render", CAR, "-o", "-"],
    ["render", CAR, "-f", "md", "-o", "-"],
    ["export", CAR, "-o", "-"],
    ["schema"],
]


def _closed_reader(args: list[str]) -> subprocess.CompletedProcess[bytes]:
    """Run jmap with standard output a pipe whose reading end is already closed: every
    write fails, however little jmap prints (a `| head` can race with a short output)."""
    read, write = os.pipe()
    os.close(read)
    try:
        return subprocess.run(
            [str(JMAP), *args],
            stdout=write,
            stderr=subprocess.PIPE,
            env={**os.environ, "JMAP_DEBUG": "0"},
            timeout=120,
        )
    finally:
        os.close(write)


@pytest.mark.parametrize(
    "args", COMMANDS, ids=lambda a: " ".join(a[:3]).replace(str(EXAMPLES), "examples")
)
def test_a_closed_pipe_ends_by_sigpipe(args: list[str]) -> None:
    result = _closed_reader(args)
    assert result.returncode == -signal.SIGPIPE, result.stderr.decode()
    assert result.stderr == b""  # quietly: no traceback, no "Broken pipe"


def test_head_sees_141_and_the_first_line(tmp_path: Path) -> None:
    shell = subprocess.run(
        ["bash", "-c", f'"{JMAP}" score "{EXAMPLES}" | head -1; echo "status ${{PIPESTATUS[0]}}"'],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    lines = shell.stdout.splitlines()
    assert lines[0].strip()  # the table's first line reached head
    assert lines[-1] in ("status 141", "status 0")  # 0 only if all fitted the pipe first
    assert "Traceback" not in shell.stderr


def test_problems_found_still_exit_1_with_an_open_pipe(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jmap.yaml"
    bad.write_text("jmap: 1\ntitle: x\n")
    piped = subprocess.run([str(JMAP), "validate", str(bad)], capture_output=True, timeout=60)
    assert piped.returncode == 1
    assert b"JM002" in piped.stdout

"""Hostile input through the installed `jmap` command: refused, bounded, never a traceback."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from helpers import VALID, run_jmap

JMAP = Path(sys.executable).parent / "jmap"

LAUGHS = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]\n" for i in range(1, 10)
)

# name → (content, expected code, words in the message)
HOSTILE: dict[str, tuple[bytes, str, str]] = {
    "alias-bomb.jmap.yaml": (LAUGHS.encode(), "JM005", "anchor"),
    "deep.jmap.yaml": (b"title: " + b"[" * 100_000 + b"]" * 100_000, "JM006", "deeper"),
    "binary.jmap.yaml": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "JM003", ""),
    "latin1.jmap.yaml": (b"jmap: 1\ntitle: caf\xe9\n", "JM003", "UTF-8"),
    "python-tag.jmap.yaml": (
        b"jmap: 1\ntitle: !!python/object/apply:os.system ['echo pwned']\n",
        "JM005",
        "!!python/object/apply:os.system",
    ),
    "big-number.jmap.yaml": (b"jmap: 1\ntitle: x\nn: " + b"9" * 5000, "JM006", "5000 digits"),
    "empty.jmap.yaml": (b"", "JM002", "empty"),
    "list.jmap.yaml": (b"- jmap: 1\n", "JM002", "list"),
    "dupes.jmap.yaml": (b"jmap: 1\njmap: 1\n", "JM004", "duplicate"),
    # 32 MB of list items, far over the 5 MB default size limit
    "huge.jmap.yaml": (
        b"jmap: 1\nitems:\n" + b"  - lorem ipsum\n" * 2_000_000,
        "JM006",
        "over the limit",
    ),
}


def _limit_memory() -> None:
    # 2 GiB of address space: far above what jmap needs, far below what a bomb would take.
    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))


@pytest.mark.skipif(not JMAP.exists(), reason="jmap is not installed in this environment")
def test_hostile_battery(tmp_path: Path) -> None:
    for name, (content, _, _) in HOSTILE.items():
        (tmp_path / name).write_bytes(content)
    assert (tmp_path / "huge.jmap.yaml").stat().st_size > 30_000_000
    (tmp_path / "good.jmap.yaml").write_text(VALID, encoding="utf-8")

    # the peak of this process alone (wait4), not of every child this test run ever had
    # (RUSAGE_CHILDREN also counts the browsers the PDF and page tests start)
    proc = subprocess.Popen(
        [str(JMAP), "validate", "--format", "text", "."],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_limit_memory,
        env={**os.environ, "NO_COLOR": "1", "GITHUB_ACTIONS": ""},
    )
    timer = threading.Timer(60, proc.kill)
    timer.start()
    with ThreadPoolExecutor(2) as pool:
        assert proc.stdout is not None and proc.stderr is not None
        out, err = pool.submit(proc.stdout.read), pool.submit(proc.stderr.read)
        _, status, usage = os.wait4(proc.pid, 0)
        stdout, stderr = out.result(), err.result()
    timer.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)
    proc.stdout.close()
    proc.stderr.close()
    peak_kib = usage.ru_maxrss

    assert proc.returncode == 1, stderr
    assert "Traceback" not in stdout + stderr
    lines = stdout.splitlines()
    for name, (_, code, words) in HOSTILE.items():
        mine = [line for line in lines if line.startswith(f"{name}:")]
        assert mine, f"no diagnostic names {name}"
        assert f" {code} " in mine[0], mine
        assert words in mine[0], mine
    assert not any(line.startswith("good.jmap.yaml:") for line in lines)
    assert f"{len(HOSTILE) + 1} files checked" in lines[-1]
    # Bounded memory: the whole battery, 30 MB file included, stays far under the limit.
    assert peak_kib < 400 * 1024, f"peak memory {peak_kib} KiB"


def test_terminal_escapes_in_a_map_never_reach_the_terminal(workdir: Path) -> None:
    """A map from someone else may carry ANSI escapes in double-quoted text (clear the
    screen, set the window title, CSI). Every command refuses the map (JM003) and
    prints none of them."""
    evil = VALID.replace("title: Buying a family car", 'title: "Car \\e[2J\\e]0;owned\\a"')
    evil = evil.replace("- name: Purchase", '- name: "Pur\\x9b31mchase"')
    (workdir / "evil.jmap.yaml").write_text(evil)
    (workdir / "good.jmap.yaml").write_text(VALID)
    for args in (
        ["validate", "evil.jmap.yaml"],
        ["lint", "evil.jmap.yaml"],
        ["score", "--detail", "evil.jmap.yaml"],
        ["render", "evil.jmap.yaml", "-f", "md", "-o", "-"],
        ["diff", "good.jmap.yaml", "evil.jmap.yaml"],
        ["fmt", "--diff", "evil.jmap.yaml"],
        ["export", "evil.jmap.yaml"],
    ):
        result = run_jmap(*args)
        assert result.exit_code in (1, 2), args
        assert "JM003" in result.stdout + result.stderr, args
        for control in ("\x1b", "\x07", "\x9b"):
            assert control not in result.stdout + result.stderr, args

"""Start-up A/B: `python benchmarks/startup.py [--against REV] [--rounds N]`.

Times whole `jmap` processes for this tree and for a git revision (default `main`),
exported to a temporary folder and put first on PYTHONPATH, in interleaved rounds so that
a busy moment of a shared machine hits both alike; prints medians and the load average.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path
from subprocess import DEVNULL

sys.path.insert(0, str(Path(__file__).parent))
from generate import generate

ROOT = Path(__file__).resolve().parents[1]
JMAP = str(Path(sys.executable).parent / "jmap")
NO_PYC = "PYTHONDONTWRITEBYTECODE"


def export(rev: str, into: Path) -> Path:
    """The source tree of `rev` (only src/), as a folder to put on PYTHONPATH."""
    tar = subprocess.run(["git", "archive", rev, "src"], cwd=ROOT, capture_output=True, check=True)
    with tarfile.open(fileobj=io.BytesIO(tar.stdout)) as archive:
        archive.extractall(into, filter="data")
    return into / "src"


def once(args: list[str], cwd: Path, pythonpath: str | None) -> tuple[float, float]:
    """Wall and CPU (user + system) seconds of one whole `jmap` process."""
    # bytecode is cached, as for an installed jmap (PYTHONDONTWRITEBYTECODE would time the
    # compiler: ~25 ms more for lint)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", NO_PYC)}
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    start = time.perf_counter()
    proc = subprocess.Popen([JMAP, *args], cwd=cwd, env=env, stdout=DEVNULL, stderr=DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    took = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"jmap {' '.join(args)} failed: {status}")
    return took, usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--against", default="main", help="git revision to compare with")
    parser.add_argument("--rounds", type=int, default=31)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        base = str(export(args.against, work / "base"))
        (work / "jmap.toml").write_text("")
        (one,) = generate(work / "maps", 1, "typical")
        one_file = work / "one.jmap.yaml"
        one.rename(one_file)
        commands = {
            "--version": ["--version"],
            "--help": ["--help"],
            "validate one.jmap.yaml": ["validate", "one.jmap.yaml"],
            "lint one.jmap.yaml": ["lint", "one.jmap.yaml"],
            "lint --format text one.jmap.yaml": ["lint", "--format", "text", "one.jmap.yaml"],
            "score one.jmap.yaml": ["score", "one.jmap.yaml"],
        }
        sides = {args.against: base, "this tree": None}
        times: dict[tuple[str, str], list[tuple[float, float]]] = {}
        for argv in commands.values():  # a first run writes the bytecode caches
            for path in sides.values():
                once(argv, work, path)
        load = os.getloadavg()
        for _ in range(args.rounds):
            for name, argv in commands.items():
                for side, path in sides.items():
                    times.setdefault((name, side), []).append(once(argv, work, path))
        load_end = os.getloadavg()
    print(
        f"{time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC, {args.rounds} interleaved rounds,"
        f" load average (1 min) {load[0]:.1f} at the start, {load_end[0]:.1f} at the end\n"
    )
    print(f"| command | {args.against} (ms) | this tree (ms) | change (ms) | CPU change (ms) |")
    print("|---|---:|---:|---:|---:|")
    for name in commands:
        a, a_cpu, b, b_cpu = (
            statistics.median(t[i] for t in times[name, side]) * 1000
            for side in sides
            for i in (0, 1)
        )
        print(f"| jmap {name} | {a:.0f} | {b:.0f} | {b - a:+.0f} | {b_cpu - a_cpu:+.0f} |")


if __name__ == "__main__":
    main()

"""Start-up A/B: `python benchmarks/startup.py [--against REV] [--rounds N]`.

Times whole `jmap` processes for this tree and for a git revision (default `main`),
exported to a temporary folder and put first on PYTHONPATH, in interleaved rounds so that
a busy moment of a shared machine hits both alike, with yamllint on the same file as the
peer the 1.5x target is judged against. Prints medians of wall time and of CPU time
(user + system: steadier than wall time when other processes share the cores), the date
and the load average, as a Markdown table for docs/performance.md.
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
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
BIN = Path(sys.executable).parent
ONE = "one.jmap.yaml"
COMMANDS = {
    "jmap --version": ["--version"],
    "jmap --help": ["--help"],
    f"jmap validate {ONE}": ["validate", ONE],
    f"jmap lint {ONE}": ["lint", ONE],
    f"jmap lint --format text {ONE}": ["lint", "--format", "text", ONE],
    f"jmap score {ONE}": ["score", ONE],
}
Sample = tuple[float, float]  # wall and CPU seconds


def export(rev: str, into: Path) -> Path:
    """The source tree of `rev` (only src/), as a folder to put on PYTHONPATH."""
    tar = subprocess.run(["git", "archive", rev, "src"], cwd=ROOT, capture_output=True, check=True)
    with tarfile.open(fileobj=io.BytesIO(tar.stdout)) as archive:
        archive.extractall(into, filter="data")
    return into / "src"


def once(cmd: list[str], cwd: Path, pythonpath: str | None = None) -> Sample:
    """Wall and CPU (user + system) seconds of one whole process."""
    # Bytecode is cached, as for an installed jmap: with PYTHONDONTWRITEBYTECODE set (some
    # sandboxes set it) an editable install compiles every module it imports, every run.
    env = {
        k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONDONTWRITEBYTECODE")
    }
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=DEVNULL, stderr=DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    took = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed: {status}")
    return took, usage.ru_utime + usage.ru_stime


def median_ms(samples: list[Sample]) -> Sample:
    wall, cpu = (statistics.median(s[i] for s in samples) * 1000 for i in (0, 1))
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--against", default="main", help="git revision to compare with")
    parser.add_argument("--rounds", type=int, default=31)
    args = parser.parse_args()
    jmap = str(BIN / "jmap")
    yamllint = str(BIN / "yamllint") if (BIN / "yamllint").exists() else shutil.which("yamllint")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        sides = {args.against: str(export(args.against, work / "base")), "this tree": None}
        (work / "jmap.toml").write_text("")
        (one,) = generate(work / "maps", 1, "typical")
        one.rename(work / ONE)
        for argv in COMMANDS.values():  # a first run writes the bytecode caches
            for path in sides.values():
                once([jmap, *argv], work, path)
        times: dict[tuple[str, str], list[Sample]] = {}
        peer: list[Sample] = []
        load = os.getloadavg()[0]
        for _ in range(args.rounds):
            for name, argv in COMMANDS.items():
                for side, path in sides.items():
                    times.setdefault((name, side), []).append(once([jmap, *argv], work, path))
            if yamllint:
                peer.append(once([yamllint, ONE], work))
        load_end = os.getloadavg()[0]
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    print(
        f"{when}, {os.cpu_count()} cores, {args.rounds} interleaved rounds, load average"
        f" (1 min) {load:.1f} at the start and {load_end:.1f} at the end; medians in ms\n"
    )
    print(
        f"| command | {args.against} | this tree | change | CPU {args.against} | CPU this tree"
        " | CPU change |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name in COMMANDS:
        (a, a_cpu), (b, b_cpu) = (median_ms(times[name, side]) for side in sides)
        print(
            f"| {name} | {a:.0f} | {b:.0f} | {b - a:+.0f} | {a_cpu:.0f} | {b_cpu:.0f}"
            f" | {b_cpu - a_cpu:+.0f} |"
        )
    if peer:
        y, y_cpu = median_ms(peer)
        print(f"| yamllint {ONE} | {y:.0f} | {y:.0f} | | {y_cpu:.0f} | {y_cpu:.0f} | |")
        for name in (f"jmap validate {ONE}", f"jmap lint {ONE}"):
            ratios = [median_ms(times[name, side])[0] / y for side in sides]
            print(f"\n{name} / yamllint: {ratios[0]:.2f}x ({args.against}), {ratios[1]:.2f}x now")


if __name__ == "__main__":
    main()

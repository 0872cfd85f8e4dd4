"""Start-up A/B: `python benchmarks/startup.py [--against REV] [--rounds N]`.

Times whole `jmap` processes for this tree and for a git revision (default `main`),
exported to a temporary folder and put first on PYTHONPATH, in interleaved rounds so that
a busy moment of a shared machine hits both alike, with yamllint on the same file as the
peer each case is judged against (its ratio printed beside it: the goal is 1.2x for
validate and lint on one file with the options CI gives, 1x for --help). Prints medians
of wall time and of CPU time (user + system: steadier than wall time when other processes
share the cores), the date and the load average, as a Markdown table for
docs/performance.md.
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
WARNED = "warned.jmap.yaml"  # a short map with warnings: what a failing pre-commit sees
COMMANDS = {
    "jmap --version": ["--version"],
    "jmap --help": ["--help"],
    f"jmap validate {ONE}": ["validate", ONE],
    f"jmap lint {ONE}": ["lint", ONE],
    f"jmap lint --format text {ONE}": ["lint", "--format", "text", ONE],
    f"jmap validate --format github {ONE}": ["validate", "--format", "github", ONE],
    f"jmap lint --format github {ONE}": ["lint", "--format", "github", ONE],
    f"jmap lint --exit-zero --fail-on error {ONE}": [
        "lint",
        "--exit-zero",
        "--fail-on",
        "error",
        ONE,
    ],
    f"jmap lint --config jmap.toml {ONE}": ["lint", "--config", "jmap.toml", ONE],
    f"jmap lint {WARNED}": ["lint", WARNED],
    f"jmap score {ONE}": ["score", ONE],
}
# the peer's command for each jmap command that has one: the same file, or its --help
PEER = {"jmap --help": ["--help"], f"jmap lint {WARNED}": [WARNED]}
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
        (small,) = generate(work / "maps", 1, "small")
        small.rename(work / WARNED)
        for argv in COMMANDS.values():  # a first run writes the bytecode caches
            for path in sides.values():
                once([jmap, *argv], work, path)
        times: dict[tuple[str, str], list[Sample]] = {}
        peers: dict[tuple[str, ...], list[Sample]] = {}
        load = os.getloadavg()[0]
        for _ in range(args.rounds):
            for name, argv in COMMANDS.items():
                for side, path in sides.items():
                    times.setdefault((name, side), []).append(once([jmap, *argv], work, path))
            if yamllint:
                for peer_argv in {tuple(PEER.get(name, [ONE])) for name in COMMANDS}:
                    sample = once([yamllint, *peer_argv], work)
                    peers.setdefault(peer_argv, []).append(sample)
        load_end = os.getloadavg()[0]
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    print(
        f"{when}, {os.cpu_count()} cores, {args.rounds} interleaved rounds, load average"
        f" (1 min) {load:.1f} at the start and {load_end:.1f} at the end; medians in ms\n"
    )
    print(
        f"| command | {args.against} | this tree | change | CPU {args.against} | CPU this tree"
        " | CPU change | / yamllint now |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name in COMMANDS:
        (a, a_cpu), (b, b_cpu) = (median_ms(times[name, side]) for side in sides)
        ratio = ""
        if peers and name != "jmap --version":
            y = median_ms(peers[tuple(PEER.get(name, [ONE]))])[0]
            ratio = f"{b / y:.2f}x"
        print(
            f"| {name} | {a:.0f} | {b:.0f} | {b - a:+.0f} | {a_cpu:.0f} | {b_cpu:.0f}"
            f" | {b_cpu - a_cpu:+.0f} | {ratio} |"
        )
    for peer_argv, samples in sorted(peers.items()):
        y, y_cpu = median_ms(samples)
        print(f"| yamllint {' '.join(peer_argv)} | | {y:.0f} | | | {y_cpu:.0f} | | |")


if __name__ == "__main__":
    main()

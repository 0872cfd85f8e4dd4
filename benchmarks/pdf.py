"""PDF export speed: `python benchmarks/pdf.py [--runs 3]`.

Times whole `jmap render --format pdf` processes, browser start included: one typical map
(8 stages × 6 touchpoints) and a folder of 20 (one browser for all). Targets (issue 15):
under 3 s and under 15 s on a 2-core machine. Also a folder of 1,000 maps to HTML, which
spreads over every core, with its peak memory (target: within 100 MiB).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import generate

JMAP = Path(sys.executable).parent / "jmap"


def timed(args: list[str], runs: int, cwd: Path) -> tuple[float, float]:
    """Median seconds and peak RSS (MiB, the largest process) of `jmap args`."""
    times, peak = [], 0.0
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.Popen(
            [str(JMAP), *args], cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        _, status, usage = os.wait4(proc.pid, 0)
        times.append(time.perf_counter() - start)
        if status != 0:
            error = proc.stderr.read().decode() if proc.stderr else ""
            raise SystemExit(f"jmap {' '.join(args)} failed: {error}")
        peak = max(peak, usage.ru_maxrss / 1024)
    return statistics.median(times), peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--maps", type=int, default=1000, help="maps for the HTML folder run")
    args = parser.parse_args()
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "jmap.toml").write_text("")
        one = generate(work / "one", 1, "typical")[0]
        generate(work / "twenty", 20, "typical")
        generate(work / "many", args.maps, "typical")
        rows = [
            ("one typical map → PDF (A3)", [str(one), "-f", "pdf", "-o", "one.pdf"], 3.0),
            (
                "one typical map → poster PDF (A1)",
                [str(one), "-f", "pdf", "--poster", "--paper", "A1", "-o", "p.pdf"],
                3.0,
            ),
            ("20 maps → 20 PDFs (one browser)", ["twenty", "-f", "pdf", "-o", "pdfs"], 15.0),
            (f"{args.maps:,} maps → HTML site", ["many", "-o", "site", "--no-date"], None),
        ]
        print(f"load average at start: {load:.1f} on {os.cpu_count()} cores\n")
        print("| jmap render | median (s) | peak memory (MiB) | target |\n|---|---:|---:|---|")
        for label, cmd, target in rows:
            runs = 1 if label.startswith(f"{args.maps:,}") else args.runs
            seconds, peak = timed(["render", *cmd], runs, work)
            verdict = (
                ""
                if target is None
                else f"< {target:.0f} s: {'met' if seconds < target else 'NOT met'}"
            )
            print(f"| {label} | {seconds:.2f} | {peak:.0f} | {verdict} |")


if __name__ == "__main__":
    main()

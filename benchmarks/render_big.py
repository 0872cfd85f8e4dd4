"""Render and score the 200-stage, 4,000-touchpoint map: `python benchmarks/render_big.py`.

Times whole `jmap` processes (median of 5 runs) and reports peak memory (max RSS).
"""

from __future__ import annotations

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


def timed(args: list[str], runs: int = 5) -> tuple[float, float]:
    """Median seconds and peak RSS in MiB of `jmap args` run as a whole process."""
    times = []
    peak = 0.0
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.Popen(
            [str(JMAP), *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        _, status, usage = os.wait4(proc.pid, 0)
        times.append(time.perf_counter() - start)
        if status != 0:
            raise SystemExit(f"jmap {' '.join(args)} exited with {status >> 8}")
        peak = max(peak, usage.ru_maxrss / 1024)
    return statistics.median(times), peak


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        (path,) = generate(Path(tmp), 1, "huge")
        size = path.stat().st_size
        print(
            f"map: 200 stages, 4,000 touchpoints, {size / 1e6:.1f} MB, "
            f"{path.read_text().count(chr(10)):,} lines"
        )
        rows = [
            ("validate", ["validate", str(path)]),
            ("score", ["score", "-f", "json", str(path)]),
            ("render --format html", ["render", str(path), "-o", f"{tmp}/big.html", "--no-date"]),
            (
                "render --format md",
                ["render", "-f", "md", str(path), "-o", f"{tmp}/big.md", "--no-date"],
            ),
        ]
        print("| command | median of 5 (s) | peak memory (MiB) |\n|---|---:|---:|")
        for label, args in rows:
            seconds, peak = timed(args)
            print(f"| jmap {label} | {seconds:.2f} | {peak:.0f} |")
        print(f"\nHTML size: {Path(tmp, 'big.html').stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()

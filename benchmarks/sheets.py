"""`jmap import` and `jmap export` on big sheets: `python benchmarks/sheets.py`.

Generates touchpoint sheets of 1x, 4x and 16x rows (CSV and workbook), times a new import,
a merge of the unchanged sheet and an export as whole processes, with peak memory (max
RSS), and a 100,000-row CSV over the 5 MiB limit (refused before it is read).
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

JMAP = str(Path(sys.executable).parent / "jmap")
HEADER = ["stage", "stage_id", "touchpoint", "id", "channel", "owner", "performance",
          "target", "importance", "pain_points", "notes"]  # fmt: skip


def write_csv(path: Path, rows: int) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(HEADER)
        for i in range(rows):
            writer.writerow([f"Stage {i // 100}", f"s{i // 100}", f"Touchpoint number {i}",
                             f"t{i}", "web", "sales", i % 5 + 1, 4, 2,
                             "Slow\nConfusing", "a note"])  # fmt: skip


def measure(cmd: list[str], cwd: Path, runs: int) -> tuple[float, float, int]:
    """(median seconds, peak MiB, exit code)"""
    times, peak, code = [], 0.0, 0
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        times.append(time.perf_counter() - start)
        peak = max(peak, usage.ru_maxrss / 1024)
        code = os.waitstatus_to_exitcode(status)
    return statistics.median(times), peak, code


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1000, help="rows at 1x (default 1000)")
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    print("| case | rows | sheet | time | peak memory | exit |\n|---|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for factor in (1, 4, 16):
            rows = args.rows * factor
            sheet = folder / f"s{factor}.csv"
            write_csv(sheet, rows)
            map_path = f"m{factor}.jmap.yaml"
            book = f"m{factor}.xlsx"
            cases = [
                ("import CSV (new map)", [JMAP, "import", sheet.name, "-o", map_path]),
                ("export xlsx", [JMAP, "export", map_path, "-o", book]),
                (
                    "import xlsx --merge (unchanged)",
                    [JMAP, "import", book, "-o", map_path, "--merge"],
                ),
                (
                    "import CSV --merge (unchanged)",
                    [JMAP, "import", sheet.name, "-o", map_path, "--merge"],
                ),
            ]
            for name, cmd in cases:
                if name.startswith("import CSV (new"):
                    (folder / map_path).unlink(missing_ok=True)
                seconds, peak, code = measure(cmd, folder, args.runs)
                size = (folder / cmd[2]).stat().st_size if (folder / cmd[2]).exists() else 0
                print(f"| {name} | {rows:,} | {size / 1e6:.1f} MB | {seconds:.1f} s |"
                      f" {peak:.0f} MiB | {code} |")  # fmt: skip
        big = folder / "big.csv"
        write_csv(big, 100_000)
        seconds, peak, code = measure([JMAP, "import", big.name, "-o", "big.jmap.yaml"], folder, 1)
        print(f"| import CSV over 5 MiB (refused) | 100,000 | {big.stat().st_size / 1e6:.1f} MB |"
              f" {seconds:.1f} s | {peak:.0f} MiB | {code} |")  # fmt: skip


if __name__ == "__main__":
    main()

"""`jmap import` of hostile workbooks: `python benchmarks/workbook_bombs.py`.

Each bomb of tests/workbooks.py (at the sizes of the issue that found them) imported by the
installed `jmap` as a whole process: wall time, peak memory (max RSS), exit code and the
first line it printed. `--timeout` stops a run that would take minutes.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from workbooks import TOUCHPOINTS, Book, Sheet, bombs  # type: ignore[import-not-found]

JMAP = str(Path(sys.executable).parent / "jmap")


def run(book: Path, timeout: float, memory: int) -> tuple[float, float, str, str]:
    """(seconds, peak MiB, exit code or 'killed', first line printed)"""

    def limit() -> None:
        if memory:
            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    # GNU time reports the max RSS of jmap alone: wait4 here would report this process's
    # (which holds the bombs) as it was copied at fork
    peak = book.parent / "peak"
    start = time.perf_counter()
    proc = subprocess.Popen(
        ["/usr/bin/time", "-f", "%M", "-o", str(peak), JMAP, "import", book.name,
         "-o", "m.jmap.yaml", "--force"],
        cwd=book.parent,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        preexec_fn=limit,
        env={**os.environ, "JMAP_DEBUG": "0"},
    )  # fmt: skip
    timer = threading.Timer(timeout, proc.kill)
    timer.start()
    assert proc.stdout is not None
    output = proc.stdout.read().decode(errors="replace")
    status = proc.wait()
    seconds = time.perf_counter() - start
    killed = not timer.is_alive()
    timer.cancel()
    proc.stdout.close()
    code = "killed" if killed else str(status)
    lines = [line for line in output.splitlines() if line.strip()]
    first = next((line for line in lines if "Error" in line), lines[0] if lines else "")
    kib = peak.read_text().split()[-1] if peak.exists() else ""
    return seconds, int(kib) / 1024 if kib.isdigit() else float("nan"), code, first[:110]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--timeout", type=float, default=120)
    parser.add_argument("--memory", type=int, default=0, help="RLIMIT_AS in MiB (0: none)")
    parser.add_argument("--only", nargs="*", default=None, help="bomb names")
    args = parser.parse_args()
    cases: dict[str, Book] = bombs()
    cases["shared-string-2g"] = bombs(string_mib=2000)["shared-string"]
    cases["whitespace"] = bombs(space_mib=4000)["whitespace"]  # the 4 GB
    rng = random.Random(0)  # one row of 2,000,000 cells, told apart by spaces (13x deflate)
    wide = "".join("<c/>" + rng.choice(["", " ", "\n", "\t"]) for _ in range(2_000_000))
    cases["wide-row"] = Book([Sheet("Touchpoints", TOUCHPOINTS + f'<row r="3">{wide}</row>')])
    print("| bomb | file | time | peak memory | exit | first line |")
    print("|---|---:|---:|---:|---:|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for name, book in cases.items():
            if args.only and name not in args.only:
                continue
            path = book.write(Path(tmp) / f"{name}.xlsx")
            size = path.stat().st_size
            seconds, peak, code, first = run(path, args.timeout, args.memory << 20)
            print(f"| {name} | {size / 1024:,.0f} KB | {seconds:.2f} s | {peak:,.0f} MiB"
                  f" | {code} | {first.replace('|', '/')} |", flush=True)  # fmt: skip
            path.unlink()


if __name__ == "__main__":
    main()

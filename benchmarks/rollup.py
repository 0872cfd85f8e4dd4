"""The roll-up's cost: `jmap score` over a 3-level hierarchy of 200 maps against the same 200
maps without their `detail` fields: `python benchmarks/rollup.py`.

The hierarchy: 8 level-1 maps, 3 stages of each open into a level-2 map (24), 7 stages of
each of those into a level-3 map (168); all of them typical generated maps (8 stages x 6
touchpoints). Both sets are scored with `jmap score -f json` over their folder, as CI
would. On a shared machine the wall time counts other work too: the measure is the CPU
time (user + system) of the jmap process and the workers it reaps, over rounds that
alternate the two sets so that a busy spell falls on both. Target (issue 23): at most
1.2x.

Two layouts of the same 200 files: `journeys`, a folder per level-1 map holding its
hierarchy (parents sort first), and `levels`, a folder per level. Over 200 maps jmap
loads on every core in chunks of contiguous files, each chunk with its own reader, so in
the `levels` layout the level-1 maps' chunk reads the whole hierarchy below it, which
other chunks read again in their turn.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import make_map

JMAP = Path(sys.executable).parent / "jmap"
LEVELS = ((8, 3), (24, 7), (168, 0))  # maps at each level, and stages of each opening below
TARGET = 1.2


def _with_details(text: str, refs: list[str]) -> str:
    """The map's first stages each opening into one of `refs`."""
    lines = text.splitlines()
    out: list[str] = []
    pending = list(refs)
    for line in lines:
        out.append(line)
        if line.startswith("  - name: ") and pending:
            out.append(f"    detail: {pending.pop(0)}")
    return "\n".join(out) + "\n"


def _names(layout: str) -> list[list[str]]:
    """Each level's file names. `journeys`: a folder per level-1 map holding its whole
    hierarchy, parents first (overview, then stages, then steps), as a team keeps one
    journey; `levels`: a folder per level, each map's details in the next folder."""
    names: list[list[str]] = [[] for _ in LEVELS]
    if layout == "levels":
        for level, (count, _) in enumerate(LEVELS):
            names[level] = [f"level{level + 1}/map-{i:03d}.jmap.yaml" for i in range(count)]
        return names
    per = [count // LEVELS[0][0] for count, _ in LEVELS]  # maps of each level per journey
    for j in range(LEVELS[0][0]):
        for level in range(len(LEVELS)):
            kind = ("a-overview", "b-stage", "c-step")[level]
            names[level] += [f"journey-{j}/{kind}-{i:02d}.jmap.yaml" for i in range(per[level])]
    return names


def hierarchy(root: Path, details: bool, layout: str = "journeys") -> int:
    """Write the 200 maps under root; the number written."""
    rng = random.Random(23)
    names = _names(layout)
    index = 0
    for level, (count, opening) in enumerate(LEVELS):
        for i in range(count):
            path = root / names[level][i]
            path.parent.mkdir(parents=True, exist_ok=True)
            text = make_map(rng, index, "typical").replace("../schema/", "../../schema/")
            if details:
                below = names[level + 1][i * opening : (i + 1) * opening] if opening else []
                refs = [os.path.relpath(root / b, path.parent) for b in below]
                text = _with_details(text, refs)
            path.write_text(text, encoding="utf-8")
            index += 1
    return index


ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def cpu(folder: Path, fmt: str) -> tuple[float, float]:
    """CPU seconds (user + system, the workers it reaped included) and wall seconds of one
    `jmap score -f FMT` over the folder."""
    with tempfile.TemporaryFile() as errors:  # a pipe could fill while wait4 waits
        start = time.perf_counter()
        proc = subprocess.Popen(
            [str(JMAP), "score", "-f", fmt, "."],
            cwd=folder,
            env=ENV,
            stdout=subprocess.DEVNULL,
            stderr=errors,
        )
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        code = os.waitstatus_to_exitcode(status)
        if code not in (0, 1):
            errors.seek(0)
            raise SystemExit(f"jmap score failed in {folder} ({code}): {errors.read()!r}")
    return usage.ru_utime + usage.ru_stime, wall


def measure(root: Path, layout: str, fmt: str, rounds: int) -> dict[str, list[tuple[float, float]]]:
    """Rounds of (CPU, wall) for the flat set and the hierarchy, alternating."""
    sets = {"flat": root / f"{layout}-flat", "hierarchy": root / f"{layout}-hierarchy"}
    for name, folder in sets.items():
        if not folder.exists():
            folder.mkdir()
            (folder / "jmap.toml").write_text("")
            hierarchy(folder, details=name == "hierarchy", layout=layout)
    check = subprocess.run(
        [str(JMAP), "validate", "."], cwd=sets["hierarchy"], capture_output=True, text=True
    )
    if check.returncode != 0:
        raise SystemExit(f"the hierarchy does not validate:\n{check.stdout}{check.stderr}")
    for folder in sets.values():  # warm the caches (bytecode, files) once
        cpu(folder, fmt)
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in sets}
    for _ in range(rounds):
        for name, folder in sets.items():
            times[name].append(cpu(folder, fmt))
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--layouts", nargs="*", default=["journeys", "levels"])
    parser.add_argument("--formats", nargs="*", default=["json", "csv"])
    parser.add_argument("--jobs", help="JMAP_JOBS for jmap (1: in one process)")
    args = parser.parse_args()
    if args.jobs:
        ENV["JMAP_JOBS"] = args.jobs
    jobs = f"JMAP_JOBS={args.jobs}" if args.jobs else "every core"
    print(f"200 maps, {jobs}, {args.rounds} interleaved rounds; median CPU s (wall in brackets)")
    print("\n| layout | format | without `detail` | hierarchy | ratio (CPU) | target |")
    print("|---|---|---:|---:|---:|---|")
    missed = False
    with tempfile.TemporaryDirectory() as tmp:
        for layout in args.layouts:
            for fmt in args.formats:
                times = measure(Path(tmp), layout, fmt, args.rounds)
                med = {n: statistics.median(c for c, _ in t) for n, t in times.items()}
                wall = {n: statistics.median(w for _, w in t) for n, t in times.items()}
                ratio = med["hierarchy"] / med["flat"]
                verdict = "met" if ratio <= TARGET else "**missed**"
                missed |= ratio > TARGET
                cells = [f"{med[n]:.2f} ({wall[n]:.2f})" for n in ("flat", "hierarchy")]
                print(f"| {layout} | {fmt} | {' | '.join(cells)} | {ratio:.2f}x | {verdict} |")
    sys.exit(1 if missed else 0)


if __name__ == "__main__":
    main()

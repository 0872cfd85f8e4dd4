"""jmap against the tools teams would use instead: `python benchmarks/run.py`.

Install first: `pip install -e '.[bench]'` (yamllint and check-jsonschema). Every figure is
a whole process timed from the outside (median of several runs) with its peak memory
(max RSS). Writes the tables to docs/performance.md and prints them.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import generate

BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Timing:
    seconds: float  # median
    peak_mib: float
    fastest: float = 0.0


def measure(cmd: list[str], runs: int, cwd: Path) -> Timing:
    times, peak = [], 0.0
    # with bytecode caches, as installed: PYTHONDONTWRITEBYTECODE (some sandboxes set it)
    # would make an editable jmap compile every module it imports, on every run
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.Popen(
            cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        _, status, usage = os.wait4(proc.pid, 0)
        times.append(time.perf_counter() - start)
        peak = max(peak, usage.ru_maxrss / 1024)
        if os.waitstatus_to_exitcode(status) not in (0, 1):
            raise SystemExit(f"{' '.join(cmd)} failed with {status}")
    return Timing(statistics.median(times), peak, min(times))


def tool(name: str) -> str:
    path = BIN / name
    if not path.exists() and not shutil.which(name):
        raise SystemExit(f"{name} is missing: pip install -e '.[bench]'")
    return str(path if path.exists() else shutil.which(name))


def targets(
    many: dict[str, Timing],
    start: dict[str, float],
    render: Timing,
    scaling: dict[int, Timing],
) -> list[str]:
    """The targets of issue #7, each judged from the figures of this run."""

    def row(target: str, ok: bool, detail: str) -> str:
        return f"| {target} | {'met' if ok else '**not met**'}: {detail} |"

    def faster(ours: str, peer: str) -> float:
        return many[peer].seconds / many[ours].seconds

    one = "one.jmap.yaml"
    yl, cjs = start[f"yamllint {one}"], start[f"check-jsonschema {one}"]
    v, li = start[f"jmap validate {one}"], start[f"jmap lint {one}"]
    lo, hi = scaling[min(scaling)], scaling[max(scaling)]
    v_cjs = faster("jmap validate", "check-jsonschema")
    l_cjs = faster("jmap lint", "check-jsonschema")
    return [
        "## Targets",
        "",
        "| target | status (this run) |",
        "|---|---|",
        row(
            "1,000 maps: `jmap validate` and `jmap lint` at least 3x faster than check-jsonschema",
            min(v_cjs, l_cjs) >= 3,
            f"{v_cjs:.1f}x and {l_cjs:.1f}x",
        ),
        row(
            "1,000 maps: `jmap lint` at least 10x faster than yamllint",
            faster("jmap lint", "yamllint") >= 10,
            f"{faster('jmap lint', 'yamllint'):.1f}x",
        ),
        row(
            "`jmap --version` faster than `yamllint --version`",
            start["jmap --version"] < start["yamllint --version"],
            f"{start['jmap --version']:.0f} ms vs {start['yamllint --version']:.0f} ms",
        ),
        row(
            "`jmap validate`/`lint` on one file faster than check-jsonschema on one file",
            max(v, li) < cjs,
            f"{v:.0f} and {li:.0f} ms vs {cjs:.0f} ms",
        ),
        row(
            "`jmap validate`/`lint` on one file within 1.5x of yamllint on one file",
            max(v, li) <= 1.5 * yl,
            f"{v / yl:.2f}x and {li / yl:.2f}x ({v:.0f} and {li:.0f} ms vs {yl:.0f} ms)",
        ),
        row(
            "the 4,000-touchpoint map renders to HTML in under 2 s",
            render.seconds < 2,
            f"{render.seconds:.2f} s",
        ),
        row(
            "peak memory does not grow with the number of files",
            hi.peak_mib <= 1.5 * lo.peak_mib,
            f"{lo.peak_mib:.0f} MiB at {min(scaling):,} maps, {hi.peak_mib:.0f} MiB at"
            f" {max(scaling):,}",
        ),
        "",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (median)")
    parser.add_argument("--maps", type=int, default=1000)
    parser.add_argument("--no-write", action="store_true", help="print, don't write the doc")
    args = parser.parse_args()
    jmap, yamllint, cjs = tool("jmap"), tool("yamllint"), tool("check-jsonschema")
    out: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "jmap.toml").write_text("")
        maps = generate(work / "maps", args.maps, "typical")
        lines = maps[0].read_text().count("\n")
        schema = work / "jmap.schema.json"
        schema.write_text(subprocess.run([jmap, "schema"], capture_output=True, text=True).stdout)
        files = [str(p.relative_to(work)) for p in maps]
        one = files[0]

        out += [f"## {args.maps:,} maps (8 stages × 6 touchpoints, {lines} lines each)", ""]
        rows = {
            "jmap validate": [jmap, "validate", "maps"],
            "jmap lint": [jmap, "lint", "maps"],
            "jmap score": [jmap, "score", "maps"],
            "jmap render (a page per map and an index)": [
                jmap,
                "render",
                "maps",
                "-o",
                str(work / "site"),
                "--no-date",
            ],
            "check-jsonschema": [cjs, "--schemafile", str(schema), *files],
            "yamllint": [yamllint, *files],
        }
        many = {name: measure(cmd, args.runs, work) for name, cmd in rows.items()}
        out += ["| tool | time (s) | peak memory (MiB) |", "|---|---:|---:|"]
        out += [f"| {n} | {t.seconds:.2f} | {t.peak_mib:.0f} |" for n, t in many.items()]
        out += [""]
        for ours in ("jmap validate", "jmap lint"):
            for peer in ("check-jsonschema", "yamllint"):
                ratio = many[peer].seconds / many[ours].seconds
                out.append(f"- {ours} is **{ratio:.1f}x** faster than {peer}")
        out += ["", "## Start-up and one file", ""]
        startup = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "jmap --version": [jmap, "--version"],
            "yamllint --version": [yamllint, "--version"],
            "check-jsonschema --version": [cjs, "--version"],
            "jmap validate one.jmap.yaml": [jmap, "validate", one],
            "jmap lint one.jmap.yaml": [jmap, "lint", one],
            "jmap fmt --check one.jmap.yaml": [jmap, "fmt", "--check", one],
            "yamllint one.jmap.yaml": [yamllint, one],
            "check-jsonschema one.jmap.yaml": [cjs, "--schemafile", str(schema), one],
        }
        # interleaved rounds, so that a busy moment of the machine hits every command alike
        rounds = max(args.runs, 15)
        samples: dict[str, list[Timing]] = {n: [] for n in startup}
        for _ in range(rounds):
            for n, cmd in startup.items():
                samples[n].append(measure(cmd, 1, work))
        out += ["| command | median (ms) | fastest (ms) |", "|---|---:|---:|"]
        start: dict[str, float] = {}
        for n, ts in samples.items():
            start[n] = statistics.median(t.seconds for t in ts) * 1000
            out.append(f"| {n} | {start[n]:.0f} | {min(t.seconds for t in ts) * 1000:.0f} |")

        out += ["", "## Rewriting: `jmap fmt --check` over 100 maps", ""]
        out += [
            "fmt builds each file's entries and comments from the C event stream and writes",
            "them in the canonical layout (fmt/tree.py, fmt/layout.py); yamllint reads the",
            "same files in pure Python.",
            "",
        ]
        hundred = files[:100]
        rewrite = {
            "jmap fmt --check": [jmap, "fmt", "--check", *hundred],
            "yamllint": [yamllint, *hundred],
        }
        rewrite_times = {name: measure(cmd, args.runs, work) for name, cmd in rewrite.items()}
        out += ["| command | time (s) | peak memory (MiB) |", "|---|---:|---:|"]
        for name, t in rewrite_times.items():
            out.append(f"| {name} | {t.seconds:.2f} | {t.peak_mib:.0f} |")

        out += ["", "## The 200-stage, 4,000-touchpoint map", ""]
        (huge,) = generate(work / "huge", 1, "huge")
        big = {
            "jmap validate": [jmap, "validate", str(huge)],
            "jmap score --format json": [jmap, "score", "-f", "json", str(huge)],
            "jmap render (html)": [jmap, "render", str(huge), "-o", str(work / "h.html")],
            "jmap render --format md": [
                jmap,
                "render",
                "-f",
                "md",
                str(huge),
                "-o",
                str(work / "h.md"),
            ],
        }
        out += ["| command | time (s) | peak memory (MiB) |", "|---|---:|---:|"]
        huge_times = {name: measure(cmd, args.runs, work) for name, cmd in big.items()}
        for name, t in huge_times.items():
            out.append(f"| {name} | {t.seconds:.2f} | {t.peak_mib:.0f} |")

        out += ["", "## Scaling: jmap validate", ""]
        out += ["| maps | time (s) | ms per map | peak memory (MiB) |", "|---:|---:|---:|---:|"]
        scaling: dict[int, Timing] = {}
        for count in (10, 100, 1000, 5000):
            folder = work / f"scale-{count}"
            generate(folder, count, "typical")
            t = scaling[count] = measure([jmap, "validate", folder.name], args.runs, work)
            out.append(
                f"| {count:,} | {t.seconds:.2f} | {t.seconds / count * 1000:.1f}"
                f" | {t.peak_mib:.0f} |"
            )

    machine = (
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"jmap {version('journeymap-cli')}, yamllint {version('yamllint')}, "
        f"check-jsonschema {version('check-jsonschema')}, ruamel.yaml {version('ruamel.yaml')}, "
        f"pydantic {version('pydantic')}, typer {version('typer')}"
    )
    out = targets(many, start, huge_times["jmap render (html)"], scaling) + out
    text = "\n".join(out)
    print(text)
    if not args.no_write:
        doc = ROOT / "docs" / "performance.md"
        head = doc.read_text().split("<!-- results -->")[0] if doc.exists() else ""
        doc.write_text(
            f"{head}<!-- results -->\n\nMeasured on {time.strftime('%Y-%m-%d')}: {machine}. "
            f"Medians of {args.runs} runs (15 interleaved rounds for start-up).\n\n{text}\n"
        )
        print(f"\nwrote {doc}")


if __name__ == "__main__":
    main()

"""`jmap serve` as felt: save to the page reloaded in Chromium. `python benchmarks/serve_reload.py`

Serves a copy of examples/ (`jmap serve --port 0 maps`), opens car-purchase.html in
headless Chromium, then saves 20 edits of examples/car-purchase.jmap.yaml's title, in place
as most editors do, and times each from the write to the moment the page's DOM shows the
new title (the page reloaded itself: no navigation by this script). Then 20 saves by
rename (write a temporary file, rename it over the map: vim, VS Code, JetBrains). Prints
median and p95 in milliseconds; needs /usr/bin/chromium (or $JMAP_CHROMIUM).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from journeymap_cli.render.chromium import Browser, find_browser

ROOT = Path(__file__).resolve().parents[1]
JMAP = Path(sys.executable).parent / "jmap"
TITLE = "Buying a family car"


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--saves", type=int, default=20)
    args = parser.parse_args()
    binary = find_browser()
    if binary is None:
        raise SystemExit("chromium not found")
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copytree(ROOT / "examples", root / "maps")
        (root / "jmap.toml").write_text("")
        path = root / "maps" / "car-purchase.jmap.yaml"
        text = path.read_text(encoding="utf-8")
        proc = subprocess.Popen(
            [str(JMAP), "serve", "--port", "0", "maps"],
            cwd=root,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        try:
            assert proc.stdout is not None
            match = re.search(r"http://\S+/", proc.stdout.readline())
            if match is None:
                raise SystemExit("jmap serve printed no URL")
            with Browser(binary) as browser:
                tab = browser.open(match[0] + "car-purchase.html", width=1280, height=800)
                h1 = "document.querySelector('h1')?.textContent ?? ''"
                results: dict[str, list[float]] = {"in place": [], "by rename": []}
                for i in range(args.saves * 2):
                    how = "in place" if i < args.saves else "by rename"
                    title = f"Edit {i} of a family car"
                    new = text.replace(TITLE, title)
                    start = time.perf_counter()
                    if how == "in place":
                        path.write_text(new, encoding="utf-8")
                    else:
                        temp = path.with_name(".car-purchase.jmap.yaml.tmp")
                        temp.write_text(new, encoding="utf-8")
                        os.replace(temp, path)
                    while not str(tab.evaluate(h1)).startswith(title):
                        if time.perf_counter() - start > 30:
                            raise SystemExit(f"save {i}: the page did not reload in 30 s")
                        time.sleep(0.002)
                    results[how].append((time.perf_counter() - start) * 1000)
                    time.sleep(0.3)  # a person does not save 5 times a second
        finally:
            proc.terminate()
            proc.wait(30)
    print("| save | saves | median save → page reloaded | p95 | range |")
    print("|---|---:|---:|---:|---|")
    for how, times in results.items():
        print(
            f"| {how} | {len(times)} | {statistics.median(times):.0f} ms | {p95(times):.0f} ms"
            f" | {min(times):.0f}-{max(times):.0f} ms |"
        )


if __name__ == "__main__":
    main()

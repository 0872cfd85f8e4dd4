"""What Jinja's sandbox costs jmap's own templates: `python benchmarks/sandbox_cost.py`.

Renders the 4,000-touchpoint map's page (HTML and Markdown) in one process with the
sandboxed environment jmap uses and with a plain Environment of the same settings,
alternating, and prints the median of each.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from jinja2 import Environment

sys.path.insert(0, str(Path(__file__).parent))
from generate import generate

from journeymap_cli.io.loader import Limits, Loader
from journeymap_cli.render.environment import environment, render_page
from journeymap_cli.render.page import page_view

RUNS = 9


def plain(sandboxed: Environment) -> Environment:
    """The same environment without the sandbox: same loader, filters and options."""
    env = Environment(
        loader=sandboxed.loader,
        undefined=sandboxed.undefined,
        autoescape=sandboxed.autoescape,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(sandboxed.filters)
    env.globals.update(sandboxed.globals)
    return env


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        (path,) = generate(Path(tmp), 1, "huge")
        loaded = Loader(Limits()).load_map(path)
        assert loaded.jmap is not None, "the generated map must be valid"
        view = page_view(loaded, with_date=False, image_limit=Limits().max_image_bytes)
    envs = {"sandboxed": environment(), "plain": plain(environment())}
    print("| page | plain Environment (s) | SandboxedEnvironment (s) | cost |")
    print("|---|---:|---:|---:|")
    for fmt in ("html", "md"):
        times: dict[str, list[float]] = {name: [] for name in envs}
        pages = {name: render_page(env, view, fmt) for name, env in envs.items()}  # warm up
        assert pages["sandboxed"] == pages["plain"], "the sandbox must not change the page"
        for _ in range(RUNS):
            for name, env in envs.items():
                start = time.perf_counter()
                render_page(env, view, fmt)
                times[name].append(time.perf_counter() - start)
        a, b = statistics.median(times["plain"]), statistics.median(times["sandboxed"])
        print(f"| {fmt} | {a:.3f} | {b:.3f} | {(b - a) / a:+.1%} |")


if __name__ == "__main__":
    main()

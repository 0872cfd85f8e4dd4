"""Golden HTML and Markdown of every bundled example (update with `pytest --update-golden`)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from helpers import EXAMPLES, ROOT, run_jmap
from journeymap_cli import __version__

EXAMPLE_MAPS = sorted(p.name for p in EXAMPLES.glob("*.jmap.yaml"))


@pytest.fixture(autouse=True)
def at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # paths in the output are relative to the working folder


@pytest.mark.parametrize("name", EXAMPLE_MAPS)
@pytest.mark.parametrize("fmt", ["html", "md"])
def test_golden(name: str, fmt: str, golden: Callable[[str, str], None]) -> None:
    result = run_jmap("render", f"examples/{name}", "-f", fmt, "-o", "-", "--no-date")
    assert result.exit_code == 0, result.stderr
    stem = name.removesuffix(".jmap.yaml")
    # the version lives in __init__.py alone: a release does not rewrite twelve golden files
    golden(f"render/{stem}.{fmt}", result.stdout.replace(f"jmap {__version__}", "jmap <version>"))


def test_examples_fill_every_part_of_the_page() -> None:
    html = run_jmap("render", "examples/car-purchase.jmap.yaml", "-o", "-", "--no-date").stdout
    for part in (
        'class="persona"',
        'class="summary"',
        'class="act"',
        'class="legend"',
        'class="curve" role="img"',
        'class="visibility"',
        "moment of truth",
        "would not pay extra for this",
        "lowest point",
        "how it ends",
        "Shared persona: <code>examples/personas/sarah.persona.yaml</code>",
        "from <code>examples/car-purchase.jmap.yaml</code>",
        'rel="noopener noreferrer nofollow"',
    ):
        assert part in html, part
    recovery = run_jmap(
        "render", "examples/car-service-recovery.jmap.yaml", "-o", "-", "--no-date"
    ).stdout
    assert '<span class="step num">4</span><span class="stage-name">Return' in recovery

"""The Mermaid journey diagram, parsed and drawn by the real mermaid library in Chromium.

Touchpoint names that start with a Mermaid keyword ("Journey planner app", "Section 8
voucher", "Title transfer at the DMV") or carry `%%`, `:`, `;`, `#` must stay one task
each, named as written. The test loads mermaid.min.js (npm package `mermaid` 11) from
the folder `JMAP_MERMAID_JS` names, offline, into headless Chromium. Skipped locally when
either is missing; in CI (CI=true) it must run: .ci/run installs both.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from browser import Browser, find_chromium
from helpers import run_jmap
from journeymap_cli.markdown import WORD_JOINER

pytestmark = pytest.mark.browser

CHROMIUM = find_chromium()
MERMAID = Path(os.environ.get("JMAP_MERMAID_JS", "/nonexistent/mermaid.min.js"))
if os.environ.get("CI") == "true" and (CHROMIUM is None or not MERMAID.is_file()):
    raise RuntimeError("CI=true but chromium or JMAP_MERMAID_JS is missing: see .ci/run")

# Names a real map may have, and names an attacker may write; each must be one task.
NAMES = [
    "Journey planner app",
    "Section 8 voucher",
    "Title transfer at the DMV",
    "journey",
    "SECTION",
    "title",
    "accTitle: hidden",
    "accDescr { swallowed",
    "%%% hidden as a comment",
    "50%% off %%{init: {'theme': 'dark'}}%%",
    "% of users",
    "Pays: 3: Evil; section Injected # comment",
    "\ufeffsection behind a BOM",
    "  title with spaces",
    "Line one\nsection two",
    "<b>bold</b> & co",
    "```",
    "Sales, Marketing",
    "Ordinary touchpoint",
]


def _map(names: list[str]) -> str:
    touchpoints = "".join(
        f"      - name: {json.dumps(n)}\n        owner: {json.dumps(n)}\n        performance: 2\n"
        for n in names
    )
    return (
        "jmap: 1\n"
        f"title: {json.dumps('Journey title: section; %%x')}\n"
        "persona: {name: Sam}\n"
        "stages:\n"
        f"  - name: {json.dumps('Title of a stage %%')}\n"
        "    touchpoints:\n"
        f"{touchpoints}"
        f"  - name: {json.dumps('journey')}\n"
        "    touchpoints:\n"
        "      - name: Last one\n"
    )


def _shown(name: str) -> str:
    """How a name should read in the diagram: `:` `;` `#` and newlines are replaced."""
    out = name.replace("\n", " ").replace(":", " -").replace(";", ",").replace("#", "no. ")
    return out.replace("<", "\u2039").replace(">", "\u203a").strip("\ufeff ").strip()


DRAW = """
(async () => {
  mermaid.initialize({startOnLoad: false, securityLevel: "strict"});
  const results = [];
  for (const [i, text] of DIAGRAMS.entries()) {
    try {
      const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
      const tasks = diagram.db.getTasks().map(t => ({task: t.task, section: t.section,
        score: t.score, people: t.people}));
      const {svg} = await mermaid.render("d" + i, text);
      results.push({title: diagram.db.getDiagramTitle(), tasks, svg, error: null});
    } catch (e) {
      results.push({error: String(e && e.message || e)});
    }
  }
  return results;
})()
"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if CHROMIUM is None or not MERMAID.is_file():
        pytest.skip(
            "chromium or mermaid.min.js missing (npm install mermaid@11; "
            "JMAP_MERMAID_JS=.../mermaid/dist/mermaid.min.js); CI installs both"
        )
    instance = Browser(CHROMIUM)
    try:
        yield instance
    finally:
        instance.close()


def _draw(browser: Browser, folder: Path, diagrams: list[str]) -> list[dict[str, object]]:
    page = folder / "mermaid.html"
    page.write_text(
        f'<!doctype html><meta charset="utf-8"><script src="{MERMAID.as_uri()}"></script>'
        "<body></body>",
        encoding="utf-8",
    )
    expression = f"const DIAGRAMS = {json.dumps(diagrams)};\n{DRAW}"
    results, load = browser.evaluate(page.as_uri(), expression)
    assert load.exceptions == [], load.exceptions
    assert [u for u in load.requests if not u.startswith("file:")] == []  # offline
    assert isinstance(results, list)
    return results


def test_every_touchpoint_stays_one_task_named_as_written(browser: Browser, workdir: Path) -> None:
    (workdir / "m.jmap.yaml").write_text(_map(NAMES), encoding="utf-8")
    alone = run_jmap("render", "m.jmap.yaml", "--format", "mermaid", "-o", "-")
    assert alone.exit_code == 0, alone.stdout + alone.stderr
    page = run_jmap("render", "m.jmap.yaml", "--format", "md", "-o", "-")
    assert page.exit_code == 0, page.stdout + page.stderr
    block = re.search(r"^```mermaid\n(.*?)^```$", page.stdout, re.M | re.S)
    assert block is not None, "the Markdown page has no closed mermaid block"
    assert block.group(1) == alone.stdout  # the fence is not closed early by a name

    for result in _draw(browser, workdir, [alone.stdout]):
        assert result["error"] is None, result["error"]
        assert "Syntax error" not in str(result["svg"])
        tasks = result["tasks"]
        assert isinstance(tasks, list)
        names = [str(t["task"]).replace(WORD_JOINER, "") for t in tasks]
        assert names == [*(_shown(n) for n in NAMES), "Last one"]
        sections = [str(t["section"]).replace(WORD_JOINER, "") for t in tasks]
        assert sections == ["Title of a stage %%"] * len(NAMES) + ["journey"]
        assert str(result["title"]).replace(WORD_JOINER, "") == "Journey title - section, %%x"
        # each owner is one actor (a comma would split it), named as written
        people = [[p.replace(WORD_JOINER, "") for p in t["people"]] for t in tasks[:-1]]
        assert people == [[_shown(n).replace(",", "\u201a")] for n in NAMES]
        assert all(t["score"] == 2 for t in tasks[:-1])


def test_plain_names_are_unchanged(browser: Browser, workdir: Path) -> None:
    (workdir / "m.jmap.yaml").write_text(_map(["Finds the website"]), encoding="utf-8")
    text = run_jmap("render", "m.jmap.yaml", "--format", "mermaid", "-o", "-").stdout
    assert "    Finds the website: 2: Finds the website\n" in text
    [result] = _draw(browser, workdir, [text])
    assert result["error"] is None
    assert [t["task"] for t in result["tasks"]] == ["Finds the website", "Last one"]  # type: ignore[attr-defined]

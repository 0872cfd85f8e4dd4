"""Markdown outputs through GitHub's own engine (cmark-gfm): a map's text never becomes markup.

`score --format md` goes to GitHub's job summary (docs/ci.md), `diff --format md` to a
pull-request comment, `render --format md` to a README. Each is rendered here by
cmark-gfm with GitHub's extensions and raw HTML allowed (the worst case), then the HTML is
compared with the same map carrying plain words: same structure, no link, no image, no tag
from the map, and every payload still readable as text. Skipped locally when cmark-gfm is
absent; in CI (CI=true) it must run: .ci/run installs it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

from helpers import run_jmap
from journeymap_cli.markdown import WORD_JOINER, escape

CMARK = shutil.which("cmark-gfm")
if CMARK is None and os.environ.get("CI") == "true":
    raise RuntimeError("CI=true but cmark-gfm is not installed: .ci/run must install it")
needs_cmark = pytest.mark.skipif(
    CMARK is None, reason="cmark-gfm not installed (apt-get install -y cmark-gfm); CI installs it"
)

# Each payload goes into its own field, so each can be looked for in the rendered text.
PAYLOADS = [
    "<img src=https://evil.example/p.png> [Fix CI](https://phish.example)",
    "![pixel](https://evil.example/i.png) and [ref]: https://evil.example",
    "bare https://bare.example/x and www.evil.example and WWW.Evil.Example",
    "mail boss@evil.example or @someone",
    "&lt;img src=x&gt; &#60;b&#62; &amp; &copy;",
    "`code` ``more`` *bold* _it_ **strong** ~~gone~~ ~one~",
    "# Heading at the start",
    "| a | b | c |",
    "<script>alert(1)</script><a href=https://x.example>x</a>",
    "1. ordered and - dash",
    "> quoted \\ backslash \\| escaped pipe",
    "<https://angle.example> <mailto:a@b.example>",
    "- list start",
    "=== setext",
    "---",
    "+ plus start",
    "[x](javascript:alert(1)) [y][1]\n\n[1]: https://ref.example",
    "line one\n# line two heading\n| row | cell |",
]
FIELDS = 18  # one string slot per payload above
# The single-line slots each output shows as they are (diff quotes names with repr()).
SHOWN = {
    "score": [0, 8, 9, 11, 13, 14, 15],
    "render": list(range(16)),
    "diff": [0],
}


def _map(texts: list[str]) -> str:
    """A valid map whose every text slot is one of `texts` (JSON strings are YAML scalars)."""
    t = [json.dumps(x) for x in texts]
    return f"""\
jmap: 1
title: {t[0]}
description: {t[1]}
owner: {t[2]}
tags: [{t[3]}]
scenario: {t[4]}
persona:
  name: {t[5]}
  goals: [{t[6]}]
  quote: {t[7]}
teams: [{t[8]}, {t[9]}]
channels: [{t[10]}]
stages:
  - name: {t[11]}
    actions: [{t[12]}]
    emotion: 2
    touchpoints:
      - name: {t[13]}
        channel: {t[10]}
        owner: {t[8]}
        performance: 1
        target: 5
        moment_of_truth: true
        pain_points: [{t[14]}]
  - name: {t[15]}
    emotion: 4
    touchpoints:
      - name: {t[16]}
        channel: {t[10]}
        owner: {t[9]}
        performance: 2
        target: 4
        pain_points: [{t[17]}]
"""


def _plain(n: int) -> list[str]:
    return [f"Plain words {n}-{i}" for i in range(FIELDS)]


class _Html(HTMLParser):
    """The tags, attributes and text of a cmark-gfm document."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: Counter[str] = Counter()
        self.attrs: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        self.attrs += [name for name, _ in attrs]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _gfm(markdown: str) -> _Html:
    assert CMARK is not None
    proc = subprocess.run(
        [CMARK, "--unsafe", "-e", "table", "-e", "autolink", "-e", "strikethrough"],
        input=markdown,
        capture_output=True,
        text=True,
        check=True,
    )
    page = _Html()
    page.feed(proc.stdout)
    return page


def _outputs(folder: Path, texts: list[str], name: str) -> dict[str, str]:
    """The three Markdown outputs of a map carrying `texts` (and a plain map to diff against)."""
    folder.mkdir()
    (folder / "jmap.toml").write_text("")
    path = folder / f"{name}.jmap.yaml"
    path.write_text(_map(texts), encoding="utf-8")
    other = folder / "other.jmap.yaml"
    other.write_text(_map(_plain(9)), encoding="utf-8")
    score = run_jmap("score", "--format", "md", "--detail", "--by", "owner", str(path), str(other))
    render = run_jmap("render", "--format", "md", str(path), "-o", "-")
    diff = run_jmap("diff", "--format", "md", str(other), str(path))
    for result in (score, render):
        assert result.exit_code == 0, result.stdout + result.stderr
    assert diff.exit_code in (0, 1), diff.stdout + diff.stderr
    return {"score": score.stdout, "render": render.stdout, "diff": diff.stdout}


@needs_cmark
@pytest.mark.parametrize("output", ["score", "render", "diff"])
def test_map_text_never_becomes_markup_on_github(tmp_path: Path, output: str) -> None:
    hostile = _gfm(_outputs(tmp_path / "hostile", PAYLOADS, "evil")[output])
    plain = _gfm(_outputs(tmp_path / "plain", _plain(1), "evil")[output])
    assert not {"a", "img", "script", "em", "del", "h4", "h5", "h6"} & set(hostile.tags)
    assert "href" not in hostile.attrs and "src" not in hostile.attrs
    # a payload with newlines adds <br> only; everything else is the plain map's structure
    assert hostile.tags - Counter(br=hostile.tags["br"]) == plain.tags - Counter(
        br=plain.tags["br"]
    )
    text = "".join(hostile.text).replace(WORD_JOINER, "")
    for slot in SHOWN[output]:
        assert PAYLOADS[slot] in text, PAYLOADS[slot]


@needs_cmark
def test_the_escaper_keeps_every_character_readable() -> None:
    for payload in PAYLOADS:
        page = _gfm(escape(payload))
        assert set(page.tags) <= {"p", "br"}, (payload, page.tags)
        shown = "".join(page.text).replace(WORD_JOINER, "").strip()
        assert shown == payload.replace("\n", ""), payload


def test_autolinks_and_mentions_are_broken_by_the_escaper() -> None:
    out = escape("see https://x.example, www.y.example and me@z.example")
    assert "https\\://x.example" in out and "www\\.y.example" in out
    assert f"me@{WORD_JOINER}z.example" in out


def _blueprint(texts: list[str]) -> str:
    """A valid service blueprint (format 1.2) whose every new text slot is one of `texts`:
    actors, physical evidence, backstage and support names, and a stage's name."""
    t = [json.dumps(x) for x in texts]
    return f"""\
jmap: 1
title: Blueprint
persona: {{name: P}}
stages:
  - name: {t[0]}
    physical_evidence: [{t[1]}, {t[2]}]
    touchpoints:
      - name: {t[3]}
        id: front
        channel: Web
        performance: 1
        target: 5
      - name: {t[4]}
        layer: backstage
        actor: {t[5]}
        supports: [front]
      - name: {t[6]}
        layer: support
        actor: {t[7]}
        supports: [front]
"""


@needs_cmark
@pytest.mark.parametrize("view", ["map", "blueprint"])
def test_blueprint_text_never_becomes_markup_on_github(tmp_path: Path, view: str) -> None:
    """The blueprint's tables (render --format md, and --view blueprint) escape every text
    of the 1.2 fields as the rest of the page does."""
    (tmp_path / "jmap.toml").write_text("")
    pages = {}
    for name, texts in (("hostile", PAYLOADS[:8]), ("plain", _plain(2)[:8])):
        path = tmp_path / f"{name}.jmap.yaml"
        path.write_text(_blueprint(texts), encoding="utf-8")
        result = run_jmap("render", "-f", "md", "--view", view, str(path), "-o", "-")
        assert result.exit_code == 0, result.stdout + result.stderr
        pages[name] = _gfm(result.stdout)
    hostile, plain = pages["hostile"], pages["plain"]
    assert not {"a", "img", "script", "em", "del", "h4", "h5", "h6"} & set(hostile.tags)
    assert "href" not in hostile.attrs and "src" not in hostile.attrs
    assert hostile.tags - Counter(br=hostile.tags["br"]) == plain.tags - Counter(
        br=plain.tags["br"]
    )
    text = "".join(hostile.text).replace(WORD_JOINER, "")
    for payload in PAYLOADS[:8]:
        assert payload.replace("\n", "") in text.replace("\n", ""), payload

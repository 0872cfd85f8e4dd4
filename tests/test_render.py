"""`jmap render`: outputs, folders and index, unchanged files, templates, and safety."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

import yaml_payload
from helpers import VALID, run_jmap

PAYLOAD = yaml_payload.PAYLOAD


class Tags(HTMLParser):
    """Every tag and attribute of a page, and its text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> Tags:
    tags = Tags()
    tags.feed(html)
    return tags


def test_one_map_renders_to_its_id_in_the_current_folder(workdir: Path) -> None:
    (workdir / "family-car.jmap.yaml").write_text(VALID)
    result = run_jmap("render", "family-car.jmap.yaml")
    assert result.exit_code == 0, result.stderr
    html = (workdir / "family-car.html").read_text()
    assert html.startswith("<!doctype html>")
    assert "<title>Buying a family car · customer journey map</title>" in html
    assert "wrote family-car.html" in result.stderr


def test_stdout_and_formats(workdir: Path) -> None:
    (workdir / "m.jmap.yaml").write_text(VALID)
    md = run_jmap("render", "m.jmap.yaml", "-f", "md", "-o", "-").stdout
    assert md.startswith("# Buying a family car\n")
    assert "```mermaid\njourney\n" in md
    mmd = run_jmap("render", "m.jmap.yaml", "-f", "mermaid", "-o", "-").stdout
    assert mmd.splitlines()[:3] == ["journey", "  title Buying a family car", "  section Discovery"]
    assert "    Finds the website: 4: Marketing" in mmd
    view = json.loads(run_jmap("render", "m.jmap.yaml", "-f", "json", "-o", "-").stdout)
    assert view["map"]["title"] == "Buying a family car"
    assert [lane["key"] for lane in view["lanes"]] == ["actions", "emotion", "touchpoints"]


def test_folder_renders_every_map_and_an_index(workdir: Path) -> None:
    (workdir / "maps/sub").mkdir(parents=True)
    (workdir / "maps/a.jmap.yaml").write_text(VALID)
    (workdir / "maps/sub/b.jmap.yaml").write_text(VALID.replace("title: Buying", "title: Leasing"))
    result = run_jmap("render", "maps", "-o", "site")
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in (workdir / "site").iterdir()) == [
        "a.html",
        "b.html",
        "index.html",
    ]
    index = (workdir / "site/index.html").read_text()
    assert 'href="a.html"' in index and 'href="b.html"' in index
    assert "Leasing a family car" in index and "62.5" in index
    md = run_jmap("render", "maps", "-o", "md-site", "-f", "md")
    assert md.exit_code == 0
    readme = (workdir / "md-site/README.md").read_text()
    assert "| [Buying a family car](a.md) | Sarah |" in readme


def test_unchanged_outputs_are_not_rewritten(workdir: Path) -> None:
    (workdir / "m.jmap.yaml").write_text(VALID)
    assert run_jmap("render", "m.jmap.yaml", "--no-date").exit_code == 0
    out = workdir / "m.html"
    before = out.stat().st_mtime_ns
    again = run_jmap("render", "m.jmap.yaml", "--no-date")
    assert "1 unchanged" in again.stderr
    assert out.stat().st_mtime_ns == before
    (workdir / "m.jmap.yaml").write_text(VALID.replace("emotion: 4", "emotion: 5"))
    assert "wrote m.html" in run_jmap("render", "m.jmap.yaml", "--no-date").stderr


def test_invalid_maps_are_reported_and_the_others_rendered(workdir: Path) -> None:
    (workdir / "ok.jmap.yaml").write_text(VALID)
    (workdir / "bad.jmap.yaml").write_text(VALID.replace("emotion: 4", "emotion: nine"))
    result = run_jmap("render", ".", "-o", "out")
    assert result.exit_code == 1
    assert "bad.jmap.yaml:12:14: error: JM002" in result.stderr
    assert (workdir / "out/ok.html").exists() and not (workdir / "out/bad.html").exists()


def test_usage_errors(workdir: Path) -> None:
    (workdir / "a.jmap.yaml").write_text(VALID)
    (workdir / "b.jmap.yaml").write_text(VALID)
    assert run_jmap("render", ".", "-o", "-").exit_code == 2
    assert run_jmap("render", "a.jmap.yaml", "--template", "nowhere").exit_code == 2
    assert run_jmap("render", "missing.jmap.yaml").exit_code == 2


def test_user_templates_override_file_by_file(workdir: Path) -> None:
    (workdir / "m.jmap.yaml").write_text(VALID)
    (workdir / "tpl").mkdir()
    (workdir / "tpl/journey.mmd.j2").write_text("custom {{ page.map.title | mermaid }}\n")
    md = run_jmap("render", "m.jmap.yaml", "-f", "md", "-o", "-", "--template", "tpl").stdout
    assert "```mermaid\ncustom Buying a family car\n" in md  # the override
    assert md.startswith("# Buying a family car")  # the packaged map.md.j2


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (
            {"journey.mmd.j2": "ok\n{{ page.no_such_key }}\n"},
            "journey.mmd.j2:2: 'dict object' has no attribute 'no_such_key'",
        ),
        ({"journey.mmd.j2": "ok\n{% if %}\n"}, "journey.mmd.j2:2: Expected an expression"),
        (
            {"journey.mmd.j2": "\n\n{{ 1 / 0 }}"},
            "journey.mmd.j2:3: ZeroDivisionError: division by zero",
        ),
        (
            {"journey.mmd.j2": "{{ x | no_filter }}"},
            "journey.mmd.j2:1: No filter named 'no_filter'",
        ),
        (
            {"journey.mmd.j2": '{% include "/etc/passwd" %}'},
            "journey.mmd.j2:1: no such template: /etc/passwd",
        ),
        (
            {"journey.mmd.j2": '{% include "part.j2" %}', "part.j2": "\n{{ [].pop() }}"},
            "part.j2:2: IndexError: pop from empty list",
        ),
    ],
    ids=["undefined", "syntax", "exception", "filter", "include-missing", "in-an-include"],
)
def test_template_errors_are_reported_with_file_and_line(
    workdir: Path, files: dict[str, str], expected: str
) -> None:
    """A user's template can fail in any way Python can: each names the template's file
    and line, exit code 2, never a traceback."""
    (workdir / "m.jmap.yaml").write_text(VALID)
    (workdir / "tpl").mkdir()
    for name, text in files.items():
        (workdir / "tpl" / name).write_text(text)
    result = run_jmap("render", "m.jmap.yaml", "-f", "mermaid", "-o", "-", "--template", "tpl")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"jmap: error: template error: tpl/{expected}")
    assert "Traceback" not in result.stderr


# --- safety: a map whose every text field carries an injection payload ---------------------


@pytest.fixture
def hostile(workdir: Path) -> Path:
    (workdir / "evil.jmap.yaml").write_text(yaml_payload.hostile_map(), encoding="utf-8")
    assert run_jmap("validate", "evil.jmap.yaml").exit_code == 0
    return workdir / "evil.jmap.yaml"


def test_html_is_inert_and_intact(hostile: Path) -> None:
    html = run_jmap("render", str(hostile), "-o", "-").stdout
    page = parse(html)
    names = {tag for tag, _ in page.tags}
    assert "script" not in names and "img" not in names and "iframe" not in names
    for tag, attrs in page.tags:
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        if tag == "svg":
            assert attrs.get("class") in ("curve", "plot", "mini")
        if "href" in attrs:
            assert re.match(r"https?://", attrs["href"] or ""), attrs
    text = "".join(page.text)
    assert PAYLOAD.replace("\n", " ").split(" ")[0] in text
    assert "<script>alert('title')</script>" in text  # shown as text, intact
    assert "content=\"default-src 'none'" in html  # CSP forbids scripts and remote loads
    assert "javascript:alert(5)" in text  # the bad link is shown as text, not a link


def test_markdown_is_inert_and_intact(hostile: Path) -> None:
    md = run_jmap("render", str(hostile), "-f", "md", "-o", "-").stdout
    body = md.split("```mermaid")[0]
    for raw in ("<script", "<img", "<svg", "<a "):
        assert raw not in body
    assert not re.search(r"(?<!\\)\]\(javascript", body)  # no live Markdown link
    assert "\\[click\\](javascript:alert(4))" in body  # shown as text
    assert "&lt;script&gt;alert('title')&lt;/script&gt;" in body
    # every table row keeps its column count: no pipe or newline escapes a cell
    for block in re.findall(r"(?m)(^\|.*\|$\n?)+", body):
        rows = [r for r in block.splitlines() if r]
        counts = {len(re.findall(r"(?<!\\)\|", row)) for row in rows}
        assert len(counts) == 1, rows
    mermaid = md.split("```mermaid\n")[1].split("```")[0]
    for line in mermaid.splitlines():
        assert line.startswith(("journey", "  title ", "  section ", "    ")), line
        if line.startswith("    "):
            assert line.count(":") == 2, line


def test_every_view_model_key_is_documented(workdir: Path) -> None:
    from helpers import ROOT

    (workdir / "m.jmap.yaml").write_text(
        VALID.replace("performance: 3", "performance: 3\n        evidence: [x]")
    )
    view = json.loads(run_jmap("render", "m.jmap.yaml", "-f", "json", "-o", "-").stdout)
    doc = (ROOT / "docs" / "templates.md").read_text(encoding="utf-8")
    keys: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                keys.add(key)
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(view)
    missing = sorted(k for k in keys if f"`{k}`" not in doc)
    assert missing == []


def test_a_persona_file_alone_renders_nothing_and_says_so(workdir: Path) -> None:
    (workdir / "p.persona.yaml").write_text("name: Sarah\n")
    result = run_jmap("render", "p.persona.yaml")
    assert result.exit_code == 0
    assert "no maps to render" in result.stderr
    assert list(workdir.glob("*.html")) == []


METRICS = """\
    metrics:
      nps_90_days: 38
      organic_visits_per_week: 5400
      first_reply_SLA_hours: {value: 3, unit: hours, target: 2, better: lower}
      csat: {value: 4.2, label: Satisfaction (csat as asked)}
      iPhone_share: 0.4
"""


def test_metric_names_read_right_on_the_page_and_in_markdown(workdir: Path) -> None:
    # A key was printed with only its first letter raised: `nps_90_days` → "Nps 90 days".
    text = VALID.replace(
        "    actions: [Searches online]\n", "    actions: [Searches online]\n" + METRICS
    )
    card = "        performance: 3\n"
    (workdir / "m.jmap.yaml").write_text(
        text.replace(card, card + "        metrics: {aht_minutes: 7}\n")
    )
    expected = [
        "NPS 90 days",
        "Organic visits per week",
        "First reply SLA hours",  # a word in capitals in the key stays so
        "Satisfaction (csat as asked)",  # a label is printed as written
        "iPhone share",
    ]
    html = run_jmap("render", "m.jmap.yaml", "-o", "-")
    assert html.exit_code == 0, html.stderr
    labels = re.findall(r"<dt>([^<]*)</dt>", html.stdout)
    assert [label for label in labels if label in expected] == expected  # the stage's lane
    assert "AHT minutes" in labels  # the touchpoint's card
    assert "Nps" not in html.stdout and "Aht" not in html.stdout
    md = run_jmap("render", "m.jmap.yaml", "-f", "md", "-o", "-").stdout
    for label in expected:
        assert f"{label}: **" in md, label
    view = json.loads(run_jmap("render", "m.jmap.yaml", "-f", "json", "-o", "-").stdout)
    stage = view["stages"][0]
    assert stage["lanes"]["metrics"][0]["key"] == "nps_90_days"  # the key as written

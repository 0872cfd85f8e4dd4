"""`jmap diff` shows a part whose identity stayed and whose other fields changed as one
change naming each field (a quote's who, source and date; an image's alt and caption;
an opportunity's notes and evidence; a metric's source and date), in text, Markdown and
JSON; only a new identity (other words, another image file) is a removal and an addition."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import run_jmap
from test_format11 import png

OLD = """\
jmap: 1
title: Opening an account
persona:
  name: Priya
  image: {path: p1.png, alt: Priya}
links:
  - {map: other.jmap.yaml, relation: next, note: Then the service}
stages:
  - name: Applying
    quotes:
      - text: The form asked for my address three times
        who: Student, interview 3
        source: Interviews, Oct 2026
      - {text: Too long, who: Parent, date: 2026-03}
      - {text: Too long, who: Student}
    images:
      - {path: a.png, alt: The form}
    metrics:
      completion: {value: 42, unit: '%', source: Analytics, date: 2026-03}
    opportunities:
      - name: Prefill the address
        notes: Pilot in one branch
    touchpoints:
      - name: Fills the form
        quotes: [I gave up on my phone]
"""
EDITS = [
    ("who: Student, interview 3", "who: Student, interview 4"),
    ("        source: Interviews, Oct 2026\n", ""),
    ("who: Parent, date: 2026-03}", "who: Parent, date: 2026-04}"),
    (
        "{path: a.png, alt: The form}",
        '{path: a.png, alt: "The form, page 1", caption: "Before; the old form"}\n'
        "      - {path: b.png, alt: The help}",
    ),
    ("source: Analytics, date: 2026-03}", "source: Survey, date: 2026-06}"),
    (
        "notes: Pilot in one branch",
        "notes: Pilot in two branches\n        evidence: [Branch report]",
    ),
    ("p1.png", "p2.png"),
    ("I gave up on my phone", "I gave up on the phone"),
    ("note: Then the service", 'note: "Later, the service"'),
]
LINES = [
    "Opportunities",
    "  ~ “Prefill the address” (Applying): notes Pilot in one branch → Pilot in two branches;"
    " evidence: + “Branch report”",
    "Metrics",
    "  ~ completion (Applying): source Analytics → Survey; date 2026-03 → 2026-06",
    "Quotes",
    "  ~ “The form asked for my address three times” (Applying):"
    " who “Student, interview 3” → “Student, interview 4”; source “Interviews, Oct 2026” → –",
    "  ~ “Too long” (Applying): date “2026-03” → “2026-04”",
    "  + added “I gave up on the phone” (Applying / Fills the form)",
    "  − removed “I gave up on my phone” (Applying / Fills the form)",
    "Images",
    "  ~ image p2.png (Persona): path “p1.png” → “p2.png”",
    "  ~ image a.png (Applying): alt “The form” → “The form, page 1”;"
    " caption – → “Before; the old form”",
    "  + added image b.png (Applying)",
    "Links",
    "  ~ link to other.jmap.yaml: note “Then the service” → “Later, the service”",
]


@pytest.fixture
def pair(workdir: Path) -> Path:
    for name in ("p1.png", "p2.png", "a.png", "b.png"):
        (workdir / name).write_bytes(png())
    new = OLD
    for old, replacement in EDITS:
        assert old in new
        new = new.replace(old, replacement)
    (workdir / "old.jmap.yaml").write_text(OLD)
    (workdir / "new.jmap.yaml").write_text(new)
    (workdir / "other.jmap.yaml").write_text(OLD)
    return workdir


def test_text_names_each_changed_field(pair: Path) -> None:
    result = run_jmap("diff", "old.jmap.yaml", "new.jmap.yaml", "--exit-code")
    assert result.exit_code == 1
    lines = [line for line in result.stdout.splitlines()[1:] if line]
    assert lines == LINES


def test_markdown_has_the_same_lines_escaped(pair: Path) -> None:
    result = run_jmap("diff", "old.jmap.yaml", "new.jmap.yaml", "-f", "md")
    assert result.exit_code == 0
    assert "**Quotes**\n\n- \\~ “The form asked for my address three times” (Applying): who" in (
        result.stdout
    )
    assert "- \\~ image a.png (Applying): alt “The form” → “The form, page 1”;" in result.stdout
    assert "**Images**" in result.stdout and "- \\+ added image b.png (Applying)" in result.stdout


def test_json_has_one_change_per_part(pair: Path) -> None:
    doc = json.loads(run_jmap("diff", "old.jmap.yaml", "new.jmap.yaml", "-f", "json").stdout)

    def fields(item: dict) -> dict:
        return {c["field"]: (c["old"], c["new"]) for c in item["changes"]}

    quotes = [(q["kind"], q["text"], q["who"], fields(q)) for q in doc["quotes"]]
    assert quotes == [
        (
            "changed",
            "The form asked for my address three times",
            "Student, interview 4",
            {
                "who": ("Student, interview 3", "Student, interview 4"),
                "source": ("Interviews, Oct 2026", None),
            },
        ),
        # the same words by two people: the one whose date changed, the other untouched
        ("changed", "Too long", "Parent", {"date": ("2026-03", "2026-04")}),
        ("added", "I gave up on the phone", None, {}),
        ("removed", "I gave up on my phone", None, {}),
    ]
    images = [(i["kind"], i["path"], i["where"], fields(i)) for i in doc["images"]]
    assert images == [
        ("changed", "p2.png", "Persona", {"path": ("p1.png", "p2.png")}),
        (
            "changed",
            "a.png",
            "Applying",
            {"alt": ("The form", "The form, page 1"), "caption": (None, "Before; the old form")},
        ),
        ("added", "b.png", "Applying", {}),
    ]
    (idea,) = doc["opportunities"]
    assert fields(idea) == {
        "notes": ("Pilot in one branch", "Pilot in two branches"),
        "evidence": ([], ["Branch report"]),
    }
    (metric,) = doc["metrics"]
    assert fields(metric) == {"source": ("Analytics", "Survey"), "date": ("2026-03", "2026-06")}


def test_a_quote_in_a_renamed_stage_keeps_its_place(workdir: Path) -> None:
    """A stage renamed with its id kept is the same place: its quote's new `who` is a
    change of that quote."""
    old = OLD.replace("  - name: Applying\n", "  - name: Applying\n    id: apply\n")
    new = old.replace("name: Applying", "name: Applying online").replace(
        "who: Student}", 'who: "Student, interview 9"}'
    )
    for name in ("p1.png", "a.png"):
        (workdir / name).write_bytes(png())
    (workdir / "other.jmap.yaml").write_text(OLD)
    (workdir / "old.jmap.yaml").write_text(old)
    (workdir / "new.jmap.yaml").write_text(new)
    doc = json.loads(run_jmap("diff", "old.jmap.yaml", "new.jmap.yaml", "-f", "json").stdout)
    assert [(q["kind"], q["who"], q["where"]) for q in doc["quotes"]] == [
        ("changed", "Student, interview 9", "Applying online")
    ]
    assert doc["images"] == []


def test_a_renamed_stage_does_not_change_its_opportunities(workdir: Path) -> None:
    """A stage renamed with its id kept: its opportunities did not change ("stage Signing
    → Signing the lease" was listed for each); one moved to another stage did."""
    for name in ("p1.png", "a.png"):
        (workdir / name).write_bytes(png())
    (workdir / "other.jmap.yaml").write_text(OLD)
    old = OLD.replace("  - name: Applying\n", "  - name: Applying\n    id: apply\n")
    old += "  - name: Waiting\n    touchpoints:\n      - name: Waits\n        performance: 3\n"
    (workdir / "old.jmap.yaml").write_text(old)
    (workdir / "new.jmap.yaml").write_text(old.replace("name: Applying", "name: Applying online"))
    for fmt in ("json", "text", "md"):
        result = run_jmap("diff", "old.jmap.yaml", "new.jmap.yaml", "-f", fmt)
        assert "Prefill the address" not in result.stdout, (fmt, result.stdout)
    doc = json.loads(run_jmap("diff", "old.jmap.yaml", "new.jmap.yaml", "-f", "json").stdout)
    assert doc["opportunities"] == []
    # moved to the other stage: that is a change of its stage, named old → new
    idea = "    opportunities:\n      - name: Prefill the address\n"
    idea += "        notes: Pilot in one branch\n"
    moved = old.replace(idea, "").replace("  - name: Waiting\n", "  - name: Waiting\n" + idea)
    (workdir / "moved.jmap.yaml").write_text(moved)
    doc = json.loads(run_jmap("diff", "old.jmap.yaml", "moved.jmap.yaml", "-f", "json").stdout)
    (change,) = doc["opportunities"]
    assert change["kind"] == "changed"
    assert [(c["field"], c["old"], c["new"]) for c in change["changes"]] == [
        ("stage", "Applying", "Waiting")
    ]

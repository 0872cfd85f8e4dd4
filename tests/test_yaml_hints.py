"""Parser errors with their known causes named, and every problem of a map in one run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import VALID, run_jmap

FLOW = "quote the item, or write the list one item per line"
COLON = "a colon followed by a space starts a mapping: quote the text"
TAB = "indent with spaces: YAML does not allow tabs in indentation"


def _diagnostics(workdir: Path, text: str) -> list[tuple[int, int, str, str, str | None]]:
    """(line, column, code, message, hint) of every diagnostic `jmap validate` reports."""
    (workdir / "m.jmap.yaml").write_text(text, encoding="utf-8")
    result = run_jmap("validate", "--format", "json", "m.jmap.yaml")
    assert result.exit_code == 1, result.stdout + result.stderr
    return [
        (d["line"], d["column"], d["code"], d["message"], d["hint"])
        for d in json.loads(result.stdout)["diagnostics"]
    ]


def _in_purchase(line: str) -> str:
    """VALID with `line` added to the Purchase stage (it becomes line 21)."""
    return VALID.replace("    emotion: 2\n", f"    emotion: 2\n{line}\n")


@pytest.mark.parametrize(
    ("line", "column", "char"),
    [
        ("    questions: [Is no news bad news?]", 36, "?"),
        ("    questions: [Is it? Or not, Fine]", 22, "?"),
        ("    barriers: [Paid by card, ratio 3:1 refused]", 37, ":"),
        ("    barriers: [Item #1 is missing, Late delivery]", 21, "#"),
        ('    barriers: ["Quoted # and ? are fine", Item #2]', 48, "#"),
    ],
)
def test_a_character_yaml_refuses_in_a_flow_list_item(
    workdir: Path, line: str, column: int, char: str
) -> None:
    found = _diagnostics(workdir, _in_purchase(line))
    message = f"YAML syntax error: a '{char}' inside an unquoted item of a [...] list"
    assert found == [(21, column, "JM001", message, FLOW)]


def test_a_question_over_several_lines_of_a_flow_list(workdir: Path) -> None:
    text = _in_purchase("    questions: [\n      Is it late,\n      Will it come?\n    ]")
    found = _diagnostics(workdir, text)
    assert [f[:3] for f in found] == [(23, 19, "JM001")] and found[0][4] == FLOW


def test_a_colon_in_plain_text_that_yaml_refuses(workdir: Path) -> None:
    text = VALID.replace("title: Buying a family car", "title: Buying: a family car")
    found = _diagnostics(workdir, text)
    assert found == [
        (2, 14, "JM001", "YAML syntax error: a colon followed by a space inside plain text", COLON)
    ]


def test_a_colon_in_plain_text_that_becomes_a_mapping(workdir: Path) -> None:
    text = _in_purchase("    barriers:\n      - Delivery: week 47, probably")
    found = _diagnostics(workdir, text)
    assert found == [
        (22, 9, "JM002", "stages[1].barriers[0]: expected a string, got a mapping", COLON)
    ]
    text = VALID.replace("goals: [A safe car]", "goals: [Note: a safe car]")
    assert _diagnostics(workdir, text) == [
        (6, 11, "JM002", "persona.goals[0]: expected a string, got a mapping", COLON)
    ]


def test_a_tab_in_the_indentation(workdir: Path) -> None:
    text = VALID.replace("  description: Mother of two", "\tdescription: Mother of two")
    found = _diagnostics(workdir, text)
    assert found == [(5, 1, "JM001", "YAML syntax error: a tab character in the indentation", TAB)]


@pytest.mark.parametrize("quote", ['"', "'"])
def test_an_unclosed_quote_points_where_it_opened(workdir: Path, quote: str) -> None:
    text = VALID.replace("title: Buying a family car", f"title: {quote}Buying a family car")
    (line, column, code, message, hint) = _diagnostics(workdir, text)[0]
    assert (line, column, code) == (2, 8, "JM001")
    assert message == "YAML syntax error: unclosed quote: the text quoted here is never closed"
    assert hint is not None and hint.startswith("close the quote")


def test_other_syntax_errors_keep_libyaml_words(workdir: Path) -> None:
    text = VALID.replace("channels: [Website, Phone]", "channels: {Website, Phone")
    ((_, _, code, message, hint),) = _diagnostics(workdir, text)
    assert code == "JM001" and message.startswith("YAML syntax error: ") and hint is None


MANY = """\
jmap: 1
title: Buying a car
persona:
  name: Sarah
  gaols: [A safe car]
channels: [Website, Phone]
teams: [Sales]
stages:
  - name: Discovery
    emotion: "4"
    effort: 9
    touchpoints:
      - name: Finds the website
        channel: Webiste
        owner: Sales
        performance: 7
  - name: Discovery
    emotion: 2
    touchpoints:
      - name: Signs
        channel: Phone
        owner: Legal
        performance: 3
"""


def test_one_run_reports_the_scale_ids_and_vocabularies_beside_schema_errors(
    workdir: Path,
) -> None:
    found = [
        (line, column, code, message)
        for line, column, code, message, _ in _diagnostics(workdir, MANY)
    ]
    assert found == [
        (5, 3, "JM002", "unknown field 'gaols' in persona; did you mean 'goals'?"),
        (10, 14, "JM002", "stages[0].emotion: expected an integer, got a string"),
        (11, 13, "JM002", "effort 9 is off the scale 1-5"),
        (
            14,
            18,
            "JM008",
            "channel 'Webiste' is not one of the declared channels; did you mean 'Website'?",
        ),
        (16, 22, "JM002", "performance 7 is off the scale 1-5"),
        (17, 11, "JM007", "duplicate stage id 'discovery' (also stage 1)"),
        (22, 16, "JM008", "owner 'Legal' is not one of the declared teams"),
    ]


def test_a_broken_part_is_left_to_the_schema_error(workdir: Path) -> None:
    # a broken scale: ratings are not judged against it; a broken vocabulary: not checked;
    # a stage that is not a mapping keeps the indexes of the others
    text = MANY.replace("stages:\n", "scale: {min: 1, max: high}\nstages:\n  - Discovery\n")
    text = text.replace("teams: [Sales]", "teams: [Sales, {description: no name}]")
    codes = [(line, code) for line, _, code, _, _ in _diagnostics(workdir, text)]
    assert codes == [
        (5, "JM002"),
        (7, "JM002"),
        (8, "JM002"),
        (10, "JM002"),
        (12, "JM002"),
        (16, "JM008"),
        (19, "JM007"),
    ]

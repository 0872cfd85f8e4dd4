"""A map with a schema error still has its persona file and references followed, on the
parts that are well-formed: one run of validate or lint reports both waves of errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import VALID, run_jmap

# A map whose references are all broken, and with two wrong types (WRONG_TYPES).
BROKEN = """\
jmap: 1
title: Buying a car
persona: sarah.persona.yaml
based_on: before.jmap.yaml
links:
  - map: after.jmap.yaml
    relation: next
stages:
  - name: Discovery
    emotion: EMOTION
    images:
      - {path: shot.png, alt: The home page}
    metrics:
      nps: {value: 31, target: 40}
    touchpoints:
      - name: Calls the dealer
        performance: PERFORMANCE
    opportunities:
      - name: Call back
        addresses: [calls-the-dealr]
"""
WRONG_TYPES = {"EMOTION": '"high"', "PERFORMANCE": "[3]"}
RIGHT_TYPES = {"EMOTION": "3", "PERFORMANCE": "3"}
SCHEMA = [(10, 14, "JM002"), (17, 22, "JM002")]
REFERENCES = [
    (3, 10, "JM009"),  # persona file 'sarah.persona.yaml' does not exist
    (4, 11, "JM012"),  # based_on
    (6, 10, "JM012"),  # link
    (12, 16, "JM012"),  # image
    (14, 24, "JM002"),  # a metric's target without better (a whole-map check)
    (20, 21, "JM012"),  # addresses; did you mean 'calls-the-dealer'?
]


def _fill(text: str, values: dict[str, str]) -> str:
    for key, value in values.items():
        text = text.replace(key, value)
    return text


def _found(command: str, name: str = "m.jmap.yaml") -> list[tuple[int, int, str]]:
    result = run_jmap(command, "--format", "json", name)
    assert result.exit_code == 1, result.stdout + result.stderr
    return [(d["line"], d["column"], d["code"]) for d in json.loads(result.stdout)["diagnostics"]]


@pytest.mark.parametrize("command", ["validate", "lint"])
def test_one_run_reports_schema_errors_and_references(workdir: Path, command: str) -> None:
    (workdir / "m.jmap.yaml").write_text(_fill(BROKEN, WRONG_TYPES))
    assert _found(command) == sorted(SCHEMA + REFERENCES)
    # fixing the types reveals nothing new: the references were all reported already
    (workdir / "m.jmap.yaml").write_text(_fill(BROKEN, RIGHT_TYPES))
    assert _found(command) == REFERENCES


def test_the_text_report_says_each_once(workdir: Path) -> None:
    (workdir / "m.jmap.yaml").write_text(_fill(BROKEN, WRONG_TYPES))
    result = run_jmap("validate", "m.jmap.yaml")
    assert result.exit_code == 1
    messages = result.messages()
    assert len(messages) == len(set(messages)) == 8
    assert "persona file 'sarah.persona.yaml' does not exist" in messages
    assert (
        "opportunity 'Call back' addresses 'calls-the-dealr', which is not a touchpoint id "
        "of this map; did you mean 'calls-the-dealer'?"
    ) in messages
    assert result.stdout.endswith("1 file checked, 8 errors in 1 file\n")


def test_references_that_resolve_add_nothing(workdir: Path) -> None:
    (workdir / "sarah.persona.yaml").write_text("name: Sarah\n")
    (workdir / "before.jmap.yaml").write_text(VALID)
    (workdir / "after.jmap.yaml").write_text(VALID)
    (workdir / "shot.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(32))
    text = _fill(BROKEN, WRONG_TYPES)
    text = text.replace("target: 40}", "target: 40, better: higher}")
    text = text.replace("calls-the-dealr", "calls-the-dealer")
    (workdir / "m.jmap.yaml").write_text(text)
    assert _found("validate") == SCHEMA


def test_an_invalid_persona_file_is_reported_beside_the_map(workdir: Path) -> None:
    (workdir / "sarah.persona.yaml").write_text("name: Sarah\ngoals: A safe car\n")
    (workdir / "m.jmap.yaml").write_text(
        VALID.replace("persona:\n  name: Sarah\n  description: Mother of two\n", "persona: ")
        .replace("  goals: [A safe car]\n", "sarah.persona.yaml\n")
        .replace("emotion: 4", "emotion: four")
    )
    result = run_jmap("validate", "m.jmap.yaml")
    assert result.exit_code == 1
    assert [(p, line, code) for p, line, _, code in result.problems()] == [
        ("m.jmap.yaml", 3, "JM009"),
        ("m.jmap.yaml", 9, "JM002"),
        ("sarah.persona.yaml", 2, "JM002"),
    ]
    assert "persona file 'sarah.persona.yaml' is not a valid persona" in result.messages()


# Parts the schema refuses are left to its error: no second diagnostic on the same node,
# and none that a broken part would make up (an address judged against a touchpoint whose
# id cannot be told, two nameless opportunities taken for duplicates, a journey compared
# while it is not a slug).
MALFORMED = """\
jmap: 1
title: Buying a car
journey: Not a slug
based_on: before.jmap.yaml
persona:
  name: 5
  image: {path: ghost.png, alt: Sarah}
links:
  - map: 5
  - {map: after.jmap.yaml, relation: sideways}
  - just a string
stages:
  - name: Discovery
    images:
      - {path: [a.png], alt: A list}
      - {path: gone.png}
    touchpoints:
      - name: 7
    opportunities:
      - name: Call back
        addresses: [anything]
      - {addresses: [x]}
      - {addresses: [y]}
      - {name: Write back, addresses: [calls, 7]}
"""


def test_malformed_parts_are_left_to_the_schema_error(workdir: Path) -> None:
    before = VALID.replace("title: Buying a family car", "title: Before\njourney: other")
    (workdir / "before.jmap.yaml").write_text(before)
    (workdir / "after.jmap.yaml").write_text(VALID)
    (workdir / "m.jmap.yaml").write_text(MALFORMED)
    result = run_jmap("validate", "m.jmap.yaml")
    assert result.exit_code == 1
    found = [(line, code) for _, line, _, code in result.problems()]
    references = [(line, code) for line, code in found if code != "JM002"]
    # the image whose path is well-formed but whose alt is missing: both are said
    assert references == [(7, "JM012"), (16, "JM012")]
    messages = result.messages()
    assert "image 'ghost.png' does not exist or is not a regular file" in messages
    assert "image 'gone.png' does not exist or is not a regular file" in messages
    assert len(found) == len(set(found))  # one diagnostic a node
    # every schema error is still there, each at its node
    assert [line for line, code in found if code == "JM002"] == [
        3,
        6,
        9,
        10,
        11,
        15,
        16,
        18,
        22,
        23,
        24,
    ]


def test_based_on_another_journey_beside_a_schema_error(workdir: Path) -> None:
    before = VALID.replace("title: Buying a family car", "title: Before\njourney: other")
    (workdir / "before.jmap.yaml").write_text(before)
    text = VALID.replace(
        "title: Buying a family car", "title: After\njourney: mine\nbased_on: before.jmap.yaml"
    )
    (workdir / "m.jmap.yaml").write_text(text.replace("emotion: 4", "emotion: 4.5"))
    result = run_jmap("validate", "m.jmap.yaml")
    assert [(line, code) for _, line, _, code in result.problems()] == [
        (4, "JM012"),
        (14, "JM002"),
    ]
    assert result.messages()[0] == (
        "based_on 'before.jmap.yaml' is a view of journey 'other', "
        "but this map is one of journey 'mine'"
    )


@pytest.mark.parametrize("bad_id", ["7", "[phone-call]", "Phone call"])
def test_a_touchpoint_whose_id_the_schema_refuses_is_not_guessed(
    workdir: Path, bad_id: str
) -> None:
    """Its id is not the slug of its name (the author meant another): what addresses it
    cannot be judged."""
    text = _fill(BROKEN, RIGHT_TYPES).replace(
        "      - name: Calls the dealer\n",
        f"      - name: Calls the dealer\n        id: {bad_id}\n",
    )
    (workdir / "m.jmap.yaml").write_text(text.replace("calls-the-dealr", "phone-call"))
    found = _found("validate")
    assert (17, "JM002") in [(line, code) for line, _, code in found]
    assert [f for f in found if f[0] == 21] == []  # the address: not judged


def test_an_opportunity_with_a_refused_id_is_still_checked_but_not_compared(
    workdir: Path,
) -> None:
    text = VALID.replace(
        "    emotion: 2\n",
        "    emotion: 2\n    opportunities:\n"
        "      - {name: Call back, id: Not a slug, value: 9, owner: Legal}\n"
        "      - {name: Write back, id: Not a slug}\n",
    )
    (workdir / "m.jmap.yaml").write_text(text)
    result = run_jmap("validate", "m.jmap.yaml")
    assert result.messages() == [
        "stages[1].opportunities[0].id: 'Not a slug' is not a valid id",
        "value 9 is off the scale 1-5",
        "owner 'Legal' is not one of the declared teams",
        "stages[1].opportunities[1].id: 'Not a slug' is not a valid id",
    ]

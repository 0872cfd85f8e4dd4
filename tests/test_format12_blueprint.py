"""Format 1.2, the service blueprint: `layer`, `actor`, `supports`, `physical_evidence`.

Every invalid case through the real CLI (line, column, code, words), the big and circular
cases through the installed `jmap` as a user runs it (JMAP_DEBUG=0), and the model's
helpers (effective layer, the supports graph) on the maps they were made for.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from helpers import run_installed, run_jmap
from journeymap_cli.format.blueprint import LAYERS, Blueprint, may_support, unseen
from journeymap_cli.format.model import JourneyMap
from journeymap_cli.io.loader import Loader

# A valid blueprint: the line of each `supports` is noted where tests point at it.
BLUEPRINT = """\
jmap: 1
title: Ordering a sofa
persona: {name: Jonas, goals: [A sofa]}
stages:
  - name: Ordering
    physical_evidence:
      - The order confirmation
    touchpoints:
      - name: Confirms the date
        channel: Email
        performance: 2
        target: 5
      - name: Books the slot
        actor: Dispatcher
        layer: backstage
        supports: [confirms-the-date]
      - name: Checks the stock
        actor: Stock system
        layer: support
        supports: [books-the-slot, confirms-the-date]
      - name: Old style
        backstage: true
        supports: [confirms-the-date]
"""
# supports of Books the slot: line 16; of Checks the stock: 20; of Old style: 23


def validate(workdir: Path, text: str, *args: str) -> tuple[int, list, list]:
    (workdir / "m.jmap.yaml").write_text(text, encoding="utf-8")
    result = run_jmap("validate", *args, "m.jmap.yaml")
    assert "Traceback" not in result.stdout + result.stderr
    return result.exit_code, [p[1:] for p in result.problems()], result.messages()


def test_a_blueprint_validates(workdir: Path) -> None:
    assert validate(workdir, BLUEPRINT) == (0, [], [])


def test_fmt_writes_the_new_keys_in_the_models_order(workdir: Path) -> None:
    written = "        actor: Dispatcher\n        layer: backstage\n"
    scrambled = BLUEPRINT.replace(
        written + "        supports: [confirms-the-date]\n",
        "        supports: [confirms-the-date]\n" + "".join(reversed(written.splitlines(True))),
    ).replace(
        "    physical_evidence:\n      - The order confirmation\n    touchpoints:\n",
        "    touchpoints:\n",
    )
    scrambled += "    physical_evidence:\n      - The order confirmation\n"  # after touchpoints
    texts = []
    for name, text in (("a.jmap.yaml", BLUEPRINT), ("b.jmap.yaml", scrambled)):
        (workdir / name).write_text(text, encoding="utf-8")
        assert run_jmap("fmt", name).exit_code == 0
        texts.append((workdir / name).read_text(encoding="utf-8"))
    assert texts[0] == texts[1]
    assert (
        "      - name: Books the slot\n        actor: Dispatcher\n        layer: backstage\n"
        "        supports: [confirms-the-date]\n"
    ) in texts[0]
    assert run_jmap("fmt", "--check", "b.jmap.yaml").exit_code == 0


def test_each_touchpoint_has_its_layer_however_written(workdir: Path) -> None:
    (workdir / "m.jmap.yaml").write_text(BLUEPRINT, encoding="utf-8")
    loaded = Loader().load_map(workdir / "m.jmap.yaml")
    assert loaded.jmap is not None
    points = [p for s in loaded.jmap.stages for p in s.touchpoints]
    assert [p.layer for p in points] == ["frontstage", "backstage", "support", "backstage"]
    assert [unseen(p) for p in points] == [False, True, True, True]
    # `backstage` stays as written: only the 1.1 way says true
    assert [p.backstage for p in points] == [False, False, False, True]
    assert points[1].actor == "Dispatcher"
    assert loaded.jmap.stages[0].physical_evidence == ["The order confirmation"]


def test_the_supports_graph_resolves_to_touchpoints(workdir: Path) -> None:
    jmap = JourneyMap.model_validate(_data(BLUEPRINT))
    plan = Blueprint.of(jmap)
    assert plan.linked
    assert [p.id for p in plan.supports["checks-the-stock"]] == [
        "books-the-slot",
        "confirms-the-date",
    ]
    assert [p.id for p in plan.supported_by["confirms-the-date"]] == [
        "books-the-slot",
        "checks-the-stock",
        "old-style",
    ]
    # behind: supports followed backwards, each once, nearest first
    assert [p.id for p in plan.behind("confirms-the-date")] == [
        "books-the-slot",
        "checks-the-stock",
        "old-style",
    ]
    assert [p.id for p in plan.behind("books-the-slot")] == ["checks-the-stock"]
    assert [p.id for p in plan.layer("support")] == ["checks-the-stock"]
    assert not Blueprint.of(JourneyMap.model_validate(_data(BLUEPRINT, links=False))).linked


def _data(text: str, links: bool = True) -> dict[str, Any]:
    from journeymap_cli.io.yamlstream import parse

    data = parse(text).data
    if not links:
        for point in data["stages"][0]["touchpoints"]:
            point.pop("supports", None)
    return data


def test_layers_run_from_the_customer_outwards() -> None:
    assert LAYERS == ("frontstage", "backstage", "support")
    allowed = {(a, b) for a in LAYERS for b in LAYERS if may_support(a, b)}
    assert allowed == {
        ("backstage", "frontstage"),
        ("support", "frontstage"),
        ("support", "backstage"),
    }


@pytest.mark.parametrize(
    ("old", "new", "expected", "words"),
    [
        # an unknown id, the closest suggested (a name where the id belongs, too)
        (
            "supports: [confirms-the-date]\n      - name: Checks",
            "supports: [confirms-the-dat]\n      - name: Checks",
            (16, 20, "JM012"),
            "'confirms-the-dat', which is not a touchpoint id of this map; "
            "did you mean 'confirms-the-date'?",
        ),
        (
            "supports: [books-the-slot, confirms-the-date]",
            "supports: [Books the slot, confirms-the-date]",
            (20, 20, "JM012"),
            "did you mean 'books-the-slot'?",
        ),
        # a touchpoint that supports itself
        (
            "supports: [books-the-slot, confirms-the-date]",
            "supports: [checks-the-stock]",
            (20, 20, "JM013"),
            "touchpoint 'Checks the stock' supports itself",
        ),
        # away from the customer: backstage → support, backstage → backstage
        (
            "supports: [confirms-the-date]\n      - name: Checks",
            "supports: [checks-the-stock]\n      - name: Checks",
            (16, 20, "JM013"),
            "backstage touchpoint 'Books the slot' cannot support support touchpoint "
            "'checks-the-stock'",
        ),
        (
            "backstage: true\n        supports: [confirms-the-date]",
            "backstage: true\n        supports: [books-the-slot]",
            (23, 20, "JM013"),
            "backstage touchpoint 'Old style' cannot support backstage touchpoint 'books-the-slot'",
        ),
        # `layer` and `backstage` written in disagreement: at the layer
        (
            "        backstage: true\n",
            "        layer: support\n        backstage: true\n",
            (22, 16, "JM002"),
            "layer 'support' disagrees with 'backstage: true' (layer backstage)",
        ),
        (
            "        layer: backstage\n",
            "        layer: backstage\n        backstage: false\n",
            (15, 16, "JM002"),
            "layer 'backstage' disagrees with 'backstage: false' (layer frontstage)",
        ),
        # a layer that is none of the three: the closest suggested
        (
            "layer: support",
            "layer: suport",
            (19, 16, "JM002"),
            "input should be 'frontstage', 'backstage' or 'support'; did you mean 'support'?",
        ),
    ],
)
def test_invalid_blueprints(
    workdir: Path, old: str, new: str, expected: tuple[int, int, str], words: str
) -> None:
    assert old in BLUEPRINT
    code, problems, messages = validate(workdir, BLUEPRINT.replace(old, new, 1))
    assert code == 1
    assert expected in problems, (problems, messages)
    assert words in messages[problems.index(expected)]


def test_a_frontstage_touchpoint_supports_nothing_and_the_hint_says_which_way(
    workdir: Path,
) -> None:
    text = BLUEPRINT.replace(
        "        performance: 2\n", "        supports: [books-the-slot]\n        performance: 2\n"
    )
    (workdir / "m.jmap.yaml").write_text(text, encoding="utf-8")
    result = run_jmap("validate", "--format", "json", "m.jmap.yaml")
    assert result.exit_code == 1
    found = json.loads(result.stdout)["diagnostics"]
    wrong = [d for d in found if d["code"] == "JM013" and "cannot support" in d["message"]]
    assert [(d["line"], d["column"]) for d in wrong] == [(11, 20)]
    assert (
        wrong[0]["hint"]
        == "'books-the-slot' already supports 'confirms-the-date': remove this entry"
    )
    # and the two links go round: the circle is named at the link that closes it
    circle = [d for d in found if "circle" in d["message"]]
    assert [(d["line"], d["column"]) for d in circle] == [(17, 20)]
    assert "confirms-the-date → books-the-slot → confirms-the-date" in circle[0]["message"]


def test_support_to_support_is_refused_with_the_way_round(workdir: Path) -> None:
    text = BLUEPRINT.replace(
        "        backstage: true\n        supports: [confirms-the-date]\n",
        "        layer: support\n        supports: [checks-the-stock]\n",
    )
    (workdir / "m.jmap.yaml").write_text(text, encoding="utf-8")
    result = run_jmap("validate", "--format", "json", "m.jmap.yaml")
    (found,) = json.loads(result.stdout)["diagnostics"]
    assert (found["line"], found["column"], found["code"]) == (23, 20, "JM013")
    assert "support touchpoint 'Old style' cannot support support touchpoint" in found["message"]
    assert found["hint"].startswith("supports run inwards")


def test_a_map_that_fails_the_schema_still_has_its_supports_checked(workdir: Path) -> None:
    text = BLUEPRINT.replace("title: Ordering", "titel: x\ntitle: Ordering").replace(
        "supports: [books-the-slot, confirms-the-date]", "supports: [bokks-the-slot]"
    )
    code, problems, messages = validate(workdir, text)
    assert code == 1
    assert problems == [(2, 1, "JM002"), (21, 20, "JM012")], messages
    assert "did you mean 'books-the-slot'?" in messages[1]


def test_a_refused_layer_leaves_its_links_unjudged(workdir: Path) -> None:
    # the schema error says what is wrong; no guess at the direction of its links
    text = BLUEPRINT.replace("layer: backstage", "layer: 3")
    code, problems, _ = validate(workdir, text)
    assert (code, problems) == (1, [(15, 16, "JM002")])


def _big(points: int, links_each: int, circle: bool) -> str:
    """`points` touchpoints in three layers (1 support, 2 backstage, 2 frontstage in every
    5), each backstage and support one linked to `links_each` nearer ones; with `circle`,
    one chain of backstage touchpoints that comes back to its start."""
    lines = ["jmap: 1", "title: Big", "persona: {name: P}", "stages:", "  - name: All"]
    lines.append("    touchpoints:")
    front = [i for i in range(points) if i % 5 < 2]
    back = [i for i in range(points) if i % 5 in (2, 3)]
    for i in range(points):
        kind = i % 5
        lines.append(f"      - name: P{i}")
        if kind < 2:
            continue
        layer = "backstage" if kind < 4 else "support"
        lines.append(f"        layer: {'backstage' if circle else layer}")
        if circle:
            targets = [back[(back.index(i) + 1) % len(back)]] if i in back else []
        else:
            nearer = front if layer == "backstage" else back + front
            targets = [nearer[(i * 7 + k * 13) % len(nearer)] for k in range(links_each)]
        if targets:
            lines.append(f"        supports: [{', '.join(f'p{t}' for t in targets)}]")
    return "\n".join(lines) + "\n"


def test_2000_touchpoints_with_5000_links_validate(workdir: Path) -> None:
    # 1,200 backstage and support touchpoints, 5 links each: 6,000 links
    text = _big(2000, 5, circle=False)
    links = sum(line.count(",") + 1 for line in text.splitlines() if "supports:" in line)
    assert links >= 5000
    (workdir / "big.jmap.yaml").write_text(text, encoding="utf-8")
    proc = run_installed(workdir, "validate", "big.jmap.yaml")
    assert (proc.returncode, proc.stdout) == (0, "1 file checked, no problems\n")


def test_a_circle_of_1600_touchpoints_is_named_never_a_recursion_error(workdir: Path) -> None:
    # 1,600 backstage touchpoints, each supporting the next, the last the first: deeper
    # than Python's recursion limit (1,000) lets a recursive walk go
    (workdir / "ring.jmap.yaml").write_text(_big(4000, 0, circle=True), encoding="utf-8")
    proc = run_installed(workdir, "validate", "--format", "json", "ring.jmap.yaml")
    assert proc.returncode == 1
    found = json.loads(proc.stdout)["diagnostics"]
    assert {d["code"] for d in found} == {"JM013"}  # no JM901: nothing failed unforeseen
    circles = [d for d in found if "circle" in d["message"]]
    assert len(circles) == 1
    assert "p2 → p3 → p7 → p8 → … →" in circles[0]["message"]
    assert circles[0]["message"].endswith("→ p2 (1600 links)")
    # and each of the 1,600 links is the wrong way round (backstage → backstage)
    assert sum("cannot support" in d["message"] for d in found) == 1600


def test_the_json_schema_knows_the_blueprint(workdir: Path) -> None:
    """Editors complete and check the new fields: check-jsonschema accepts a blueprint and
    refuses a layer that is none of the three, as jmap does."""
    schema = json.loads(run_jmap("schema", "map").stdout)
    point = schema["$defs"]["Touchpoint"]["properties"]
    assert point["layer"]["enum"] == ["frontstage", "backstage", "support"]
    assert point["layer"]["default"] == "frontstage"
    assert point["supports"]["items"] == {"type": "string"}
    assert {"type": "string"} in schema["$defs"]["Stage"]["properties"]["detail"]["anyOf"]
    (workdir / "schema.json").write_text(json.dumps(schema), encoding="utf-8")
    (workdir / "good.jmap.yaml").write_text(BLUEPRINT, encoding="utf-8")
    (workdir / "bad.jmap.yaml").write_text(BLUEPRINT.replace("support\n", "suport\n"))
    for name, code in (("good.jmap.yaml", 0), ("bad.jmap.yaml", 1)):
        proc = subprocess.run(
            [sys.executable, "-m", "check_jsonschema", "--schemafile", "schema.json", name],
            cwd=workdir,
            capture_output=True,
            text=True,
        )
        assert proc.returncode == code, proc.stdout + proc.stderr

"""`jmap fmt`: canonical layout, --check, --diff, refusals, and properties over generated maps."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import CLEAN_FORMATTED, EXAMPLES, run_jmap
from journeymap_cli.fmt.rewrite import canonical
from journeymap_cli.io.yamlstream import parse


def test_examples_are_already_canonical() -> None:
    result = run_jmap("fmt", "--check", str(EXAMPLES))
    assert result.exit_code == 0, result.stdout
    assert "0 files would be reformatted" in result.stderr


def test_check_diff_and_write(workdir: Path) -> None:
    messy = CLEAN_FORMATTED.replace(
        "    actions:\n      - Picks up the passport", "    actions: [Picks up the passport]"
    )
    messy = messy.replace(
        "        channel: Counter\n        owner: Front office\n",
        "        owner: Front office\n        channel: Counter\n",
    )
    path = workdir / "m.jmap.yaml"
    path.write_text(messy)
    os.chmod(path, 0o600)
    check = run_jmap("fmt", "--check", ".")
    assert check.exit_code == 1
    assert check.stdout == "would reformat m.jmap.yaml\n"
    diff = run_jmap("fmt", "--diff", ".")
    assert diff.exit_code == 1
    assert diff.stdout.startswith("--- a/m.jmap.yaml\n+++ b/m.jmap.yaml\n")
    assert (
        "-    actions: [Picks up the passport]\n+    actions:\n+      - Picks up the passport\n"
        in (diff.stdout)
    )
    assert path.read_text() == messy  # --check and --diff write nothing
    done = run_jmap("fmt", ".")
    assert done.exit_code == 0
    assert path.read_text() == CLEAN_FORMATTED
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert run_jmap("fmt", "--check", ".").exit_code == 0


def test_files_that_do_not_parse_are_never_touched(workdir: Path) -> None:
    bad = {
        "syntax.jmap.yaml": "a: [1\n",
        "dupes.jmap.yaml": "a: 1\na: 2\n",
        "anchor.jmap.yaml": "a: &x 1\nb: *x\n",
    }
    for name, text in bad.items():
        (workdir / name).write_text(text)
    result = run_jmap("fmt", ".")
    assert result.exit_code == 1
    for name, text in bad.items():
        assert (workdir / name).read_text() == text
        assert name in result.stderr
    assert "Traceback" not in result.stderr


def test_key_order_is_canonical_and_unknown_keys_follow(workdir: Path) -> None:
    text = "stages: [{name: S}]\npersona: {name: P}\ntitle: T\njmap: 1\nx-custom: kept\n"
    out = canonical(text)
    assert [line.split(":")[0] for line in out.splitlines()] == [
        "jmap",
        "title",
        "persona",
        "  name",
        "stages",
        "  - name",
        "x-custom",
    ]


def test_key_order_follows_the_models() -> None:
    """fmt's key order is written out (no pydantic at its start-up): it is the models'."""
    from journeymap_cli.fmt.canon import ORDER
    from journeymap_cli.format.model import JourneyMap, Named, Persona, Scale, Stage, Touchpoint
    from journeymap_cli.format.parts import Image, Link, Metric, Opportunity, Quote

    models = {
        "map": JourneyMap,
        "persona": Persona,
        "scale": Scale,
        "named": Named,
        "stage": Stage,
        "touchpoint": Touchpoint,
        "quote": Quote,
        "image": Image,
        "link": Link,
        "opportunity": Opportunity,
        "metric": Metric,
    }
    assert {kind: list(model.model_fields) for kind, model in models.items()} == ORDER


# --- properties ------------------------------------------------------------------------------

WORDS = st.text(
    alphabet=st.sampled_from(list("abcdefgh XYZ,:?#'\"-[]{}é→日😀ـب")), min_size=1, max_size=24
).filter(lambda s: s.strip() == s and s)
COMMENT = st.text(alphabet=st.sampled_from(list("abcdefgh xyz-é")), min_size=1, max_size=20).map(
    lambda s: "# note " + s.strip()
)


def _list(items: list[str], flow: bool, indent: str) -> str:
    if flow:
        return "[" + ", ".join(json.dumps(i, ensure_ascii=False) for i in items) + "]\n"
    return "\n" + "".join(f"{indent}- {json.dumps(i, ensure_ascii=False)}\n" for i in items)


@st.composite
def maps(draw: st.DrawFn) -> tuple[str, list[str]]:
    comments: list[str] = []

    def maybe_comment(indent: str) -> str:
        if draw(st.booleans()):
            text = draw(COMMENT)
            comments.append(text)
            return f"{indent}{text}\n"
        return ""

    out = (
        maybe_comment("") + "jmap: 1\n" + f"title: {json.dumps(draw(WORDS), ensure_ascii=False)}\n"
    )
    out += maybe_comment("")
    out += "persona:\n  name: " + json.dumps(draw(WORDS), ensure_ascii=False) + "\n"
    out += "  goals: " + _list(draw(st.lists(WORDS, max_size=4)), draw(st.booleans()), "    ")
    out += "stages:\n"
    for s in range(draw(st.integers(1, 3))):
        out += maybe_comment("  ")
        out += f"  - name: Stage {s}\n"
        out += "    actions: " + _list(
            draw(st.lists(WORDS, max_size=5)), draw(st.booleans()), "      "
        )
        out += maybe_comment("    ")
        if draw(st.booleans()):
            out += f"    emotion: {draw(st.integers(1, 5))}\n"
        for t in range(draw(st.integers(0, 2))):
            out += maybe_comment("    " if t == 0 else "      ")
            out += "    touchpoints:\n" if t == 0 else ""
            out += f"      - name: Touchpoint {s}.{t}\n"
            out += f"        performance: {draw(st.integers(1, 5))}\n"
            out += "        pain_points: " + _list(
                draw(st.lists(WORDS, max_size=3)), draw(st.booleans()), "          "
            )
    return out, comments


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(maps())
def test_fmt_is_idempotent_keeps_data_and_comments(case: tuple[str, list[str]]) -> None:
    text, comments = case
    before = parse(text).data
    once = canonical(text)
    assert parse(once).data == before
    assert canonical(once) == once
    for comment in comments:
        assert comment in once, (comment, once)


def test_standard_input_to_standard_output(workdir: Path) -> None:
    """Format on save: the editor pipes its buffer to `jmap fmt -` and takes stdout."""
    from typer.testing import CliRunner

    from journeymap_cli.cli.app import app

    def fmt(*args: str, text: str) -> tuple[int, str, str]:
        out = CliRunner().invoke(app, ["fmt", *args], input=text.encode())
        return out.exit_code, out.stdout, out.stderr

    messy = "stages:\n- name: S  # why\n  emotion: 3\ntitle: T\njmap: 1\npersona: {name: P}\n"
    code, out, err = fmt("-", text=messy)
    assert (code, err) == (0, "")
    assert out == canonical(messy) and "# why" in out
    assert fmt("-", text=out) == (0, out, "")  # already canonical: the same text back
    assert fmt("--check", "-", text=messy)[:2] == (1, "would reformat <stdin>\n")
    code, out, _ = fmt("--diff", "-", "--stdin-filename", "maps/m.jmap.yaml", text=messy)
    assert code == 1 and out.startswith("--- a/maps/m.jmap.yaml\n+++ b/maps/m.jmap.yaml\n")
    # a persona file, known by the name it stands for, gets the persona key order
    code, out, _ = fmt("-", "--stdin-filename", "p.persona.yaml", text="goals: [x]\nname: P\n")
    assert out == "name: P\ngoals: [x]\n"
    # unreadable: nothing on stdout (the editor keeps its buffer), the problem on stderr
    code, out, err = fmt("-", text="a: [\n")
    assert (code, out) == (1, "")
    assert err.startswith("<stdin>:2:1: error: JM001 YAML syntax error")
    assert list(workdir.iterdir()) == [workdir / "jmap.toml"]  # nothing written


FORMAT_11_MESSY = """\
jmap: 1
links:
  - note: Then the service journey   # why it follows
    relation: next
    map: service.jmap.yaml
title: Buying a car
state: to-be
journey: car-purchase
persona:
  image:
    alt: Sarah
    path: sarah.png
  name: Sarah
stages:
  - name: Discovery
    touchpoints:
      - name: Calls the dealer
        metrics:
          wait: {better: lower, target: 5, unit: min, value: 12}
        quotes:
          - source: Interviews 2026
            who: Parent of two
            text: Nobody picked up.
    opportunities:
      - status: planned   # agreed in March
        addresses: [calls-the-dealer]
        name: Call back within an hour
      - Keep the website fast
    metrics:
      nps:
        date: 2026-03
        value: 12
    images:
      - caption: Home page
        alt: The home page
        path: home.png
    quotes: [I never know who to call.]
"""

FORMAT_11_CANONICAL = """\
jmap: 1
title: Buying a car
journey: car-purchase
state: to-be
links:
  - map: service.jmap.yaml
    relation: next
    note: Then the service journey   # why it follows
persona:
  name: Sarah
  image: {path: sarah.png, alt: Sarah}
stages:
  - name: Discovery
    quotes:
      - I never know who to call.
    images:
      - {path: home.png, alt: The home page, caption: Home page}
    opportunities:
      - name: Call back within an hour
        addresses: [calls-the-dealer]
        status: planned   # agreed in March
      - Keep the website fast
    metrics:
      nps: {value: 12, date: 2026-03}
    touchpoints:
      - name: Calls the dealer
        quotes:
          - text: Nobody picked up.
            who: Parent of two
            source: Interviews 2026
        metrics:
          wait: {value: 12, unit: min, target: 5, better: lower}
"""


def test_format_11_mappings_in_canonical_key_order() -> None:
    """Links, images, quotes, opportunities and metrics: documented order, comments kept."""
    out = canonical(FORMAT_11_MESSY)
    assert out == FORMAT_11_CANONICAL
    assert canonical(out) == out  # idempotent
    assert parse(out).data == parse(FORMAT_11_MESSY).data


PROSE_MESSY = """\
jmap: 1
title: Lists
tags: [cars, b2c, first-time-buyers-in-the-city]
persona:
  name: Sarah
  goals: [A safe car, Low fees]  # the two that matter
  traits: [careful, thrifty]
  frustrations: ["https://example.com/complaints"]
stages:
  - name: Discovery
    feelings: [hopeful, anxious]
    questions: ["Is no news bad news?", "yes", "Where: here?"]
    barriers: ["Quoted \\"week 47, probably\\""]
    metrics: {visits: 3}
"""

PROSE_CANONICAL = """\
jmap: 1
title: Lists
tags: [cars, b2c, first-time-buyers-in-the-city]
persona:
  name: Sarah
  goals:                         # the two that matter
    - A safe car
    - Low fees
  frustrations:
    - https://example.com/complaints
  traits: [careful, thrifty]
stages:
  - name: Discovery
    feelings: [hopeful, anxious]
    barriers:
      - Quoted "week 47, probably"
    questions:
      - Is no news bad news?
      - "yes"
      - "Where: here?"
    metrics: {visits: 3}
"""


def test_prose_lists_go_one_item_per_line() -> None:
    """Words (no space, at most 20 characters) stay inline; prose takes one line an item,
    losing the quotes only the inline list needed, keeping those the text needs."""
    out = canonical(PROSE_MESSY)
    assert out == PROSE_CANONICAL
    assert canonical(out) == out
    assert parse(out).data == parse(PROSE_MESSY).data


def test_examples_and_the_starter_write_prose_one_item_per_line(workdir: Path) -> None:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    from journeymap_cli.fmt.prose import short_name, word
    from journeymap_cli.fmt.rewrite import load

    assert run_jmap("new", "starter.jmap.yaml", "--title", "A starter").exit_code == 0
    files = [workdir / "starter.jmap.yaml", *sorted(EXAMPLES.rglob("*.yaml"))]
    inline_lists = 0
    for path in files:
        stack: list[tuple[object, object]] = [(None, load(path.read_text(encoding="utf-8")))]
        while stack:
            key, node = stack.pop()
            if isinstance(node, CommentedSeq) and node.fa.flow_style():
                inline_lists += 1
                item = short_name if key in ("channels", "teams") else word  # names
                assert all(item(i) for i in node), (path.name, list(node))
            if isinstance(node, CommentedMap):
                stack += list(node.items())
            elif isinstance(node, CommentedSeq):
                stack += [(None, i) for i in node]
    assert inline_lists > 10  # feelings, tags and the like stay inline
    assert run_jmap("fmt", "--check", "starter.jmap.yaml").exit_code == 0
    assert run_jmap("lint", "starter.jmap.yaml").exit_code == 0

"""Every rule of format.md's "invalid" list, through the real CLI: exact line, column, code."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import VALID, run_jmap


def check(workdir: Path, text: str | bytes, name: str = "m.jmap.yaml") -> tuple[int, list, list]:
    path = workdir / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    result = run_jmap("validate", name)
    assert "Traceback" not in result.stdout + result.stderr
    return result.exit_code, result.problems(), result.messages()


def test_valid_map_is_clean(workdir: Path) -> None:
    code, problems, _ = check(workdir, VALID)
    assert (code, problems) == (0, [])


@pytest.mark.parametrize(
    ("text", "expected", "words"),
    [
        # not YAML: the flow sequence is never closed
        ("jmap: 1\ntitle: [a, b\n", (3, 1, "JM001"), "syntax error"),
        # a second document
        ("jmap: 1\n---\ntitle: x\n", (2, 1, "JM001"), "more than one YAML document"),
        # top level not a mapping
        ("- jmap: 1\n", (1, 1, "JM002"), "top level is a list"),
        ("just a string\n", (1, 1, "JM002"), "not a mapping"),
        ("# only a comment\n", (1, 1, "JM002"), "empty"),
        # a duplicate key, pointing at the second one
        (VALID.replace("title: Buying", "title: A\ntitle: Buying"), (3, 1, "JM004"), "line 2"),
        # unknown field, with the closest allowed name suggested
        (
            VALID.replace("  goals: [A safe car]", "  gaols: [A safe car]"),
            (6, 3, "JM002"),
            "did you mean 'goals'",
        ),
        # wrong type: a quoted number is a string
        (VALID.replace("emotion: 4", 'emotion: "4"'), (12, 14, "JM002"), "expected an integer"),
        # missing required field: pointed at the mapping that lacks it
        (VALID.replace("title: Buying a family car\n", ""), (1, 1, "JM002"), "'title'"),
        (VALID.replace("  name: Sarah\n", ""), (3, 1, "JM002"), "'name' in persona"),
        # off the scale
        (VALID.replace("performance: 3", "performance: 6"), (25, 22, "JM002"), "off the scale 1-5"),
        (VALID.replace("emotion: 2", "emotion: 0"), (20, 14, "JM002"), "off the scale"),
        # min >= max
        (
            VALID.replace("channels:", "scale: {min: 5, max: 5}\nchannels:"),
            (7, 8, "JM002"),
            "less than max",
        ),
        # duplicate stage id: the second stage's name
        (VALID.replace("name: Purchase", "name: Discovery"), (19, 5, "JM007"), "stage id"),
        # duplicate touchpoint id across stages
        (
            VALID.replace("name: Signs the contract", "name: Finds the website"),
            (22, 9, "JM007"),
            "touchpoint id 'finds-the-website'",
        ),
        # explicit duplicate ids point at the id
        (
            VALID.replace("  - name: Purchase", "  - name: Purchase\n    id: discovery"),
            (20, 9, "JM007"),
            "stage id 'discovery'",
        ),
        # vocabulary
        (
            VALID.replace("channel: Phone", "channel: Fone"),
            (23, 18, "JM008"),
            "did you mean 'Phone'",
        ),
        (VALID.replace("owner: Sales", "owner: Sails"), (24, 16, "JM008"), "did you mean 'Sales'"),
        # version
        (VALID.replace("jmap: 1", "jmap: 2"), (1, 7, "JM010"), "supports: 1"),
        # anchors, aliases, tags
        (
            VALID.replace("goals: [A safe car]", "goals: &g [A safe car]"),
            (6, 10, "JM005"),
            "anchor",
        ),
        (
            "jmap: 1\ntitle: !!python/object/apply:os.system [ls]\n",
            (2, 8, "JM005"),
            "!!python/object/apply:os.system",
        ),
        ("jmap: 1\ntitle: !custom x\n", (2, 8, "JM005"), "'!custom'"),
        ("a: &x 1\nb: *x\n", (1, 4, "JM005"), "anchor"),
        # not UTF-8: "title: caf" is 10 characters, the bad byte is column 11
        (b"jmap: 1\ntitle: caf\xe9\n", (2, 11, "JM003"), "invalid UTF-8"),
        (b"jmap: 1\x00\x01\x02", (1, 1, "JM003"), "binary"),
        # nesting deeper than 64 levels
        ("a: " + "[" * 70 + "]" * 70 + "\n", (1, 67, "JM006"), "deeper than 64"),
    ],
)
def test_invalid_file(
    workdir: Path, text: str | bytes, expected: tuple[int, int, str], words: str
) -> None:
    code, problems, messages = check(workdir, text)
    assert code == 1
    assert problems[0] == ("m.jmap.yaml", *expected)
    assert words in messages[0]


def test_alias_is_refused_even_without_anchor_on_scalar(workdir: Path) -> None:
    code, problems, _ = check(workdir, "a: &x [1]\nb: [*x, *x]\n")
    assert (code, problems[0]) == (1, ("m.jmap.yaml", 1, 4, "JM005"))


def test_unknown_field_lists_allowed_fields_in_json(workdir: Path) -> None:
    (workdir / "m.jmap.yaml").write_text(VALID.replace("    emotion: 4", "    emotoin: 4"))
    result = run_jmap("validate", "--format", "json", "m.jmap.yaml")
    import json

    diagnostic = json.loads(result.stdout)["diagnostics"][0]
    assert (diagnostic["line"], diagnostic["column"]) == (12, 5)
    assert "did you mean 'emotion'" in diagnostic["message"]
    assert "allowed fields: name, id, description, detail, goals" in diagnostic["hint"]


def test_file_over_size_limit(workdir: Path) -> None:
    body = VALID + "# " + "x" * (5 * 1024 * 1024) + "\n"
    code, problems, messages = check(workdir, body)
    assert (code, problems) == (1, [("m.jmap.yaml", 1, 1, "JM006")])
    assert "over the limit of 5,242,880" in messages[0]
    # the limit is a setting
    result = run_jmap("validate", "--max-bytes", str(6 * 1024 * 1024), "m.jmap.yaml")
    assert result.exit_code == 0, result.stdout


class TestPersonaReference:
    def write_persona(
        self, workdir: Path, name: str, text: str = "name: Sarah\ngoals: [x]\n"
    ) -> None:
        path = workdir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)

    def map_with(self, ref: str) -> str:
        start, end = VALID.index("persona:"), VALID.index("channels:")
        return VALID[:start] + f"persona: {ref}\n" + VALID[end:]

    def test_shared_persona_file_is_loaded(self, workdir: Path) -> None:
        self.write_persona(workdir, "personas/sarah.persona.yaml")
        code, problems, _ = check(workdir, self.map_with("personas/sarah.persona.yaml"))
        assert (code, problems) == (0, [])

    def test_missing(self, workdir: Path) -> None:
        code, problems, messages = check(workdir, self.map_with("nobody.persona.yaml"))
        assert (code, problems) == (1, [("m.jmap.yaml", 3, 10, "JM009")])
        assert "does not exist" in messages[0]

    def test_not_a_persona_file(self, workdir: Path) -> None:
        self.write_persona(workdir, "notes.yaml")
        code, problems, messages = check(workdir, self.map_with("notes.yaml"))
        assert (code, problems) == (1, [("m.jmap.yaml", 3, 10, "JM009")])
        assert "is not a persona file" in messages[0]

    def test_escapes_project_root(self, workdir: Path) -> None:
        project = workdir / "project"
        project.mkdir()
        (project / ".git").mkdir()
        self.write_persona(workdir, "outside.persona.yaml")
        (project / "m.jmap.yaml").write_text(self.map_with("../outside.persona.yaml"))
        result = run_jmap("validate", "project")
        assert result.problems() == [("project/m.jmap.yaml", 3, 10, "JM009")]
        assert "escapes the project root" in result.messages()[0]

    def test_errors_point_into_the_persona_file(self, workdir: Path) -> None:
        self.write_persona(workdir, "p/s.persona.yaml", "name: Sarah\ngoals: [x]\nage: 41\n")
        code, problems, messages = check(workdir, self.map_with("p/s.persona.yaml"))
        assert code == 1
        assert problems == [
            ("m.jmap.yaml", 3, 10, "JM009"),
            ("p/s.persona.yaml", 3, 1, "JM002"),
        ]
        assert "unknown field 'age'" in messages[1]

    def test_shared_persona_errors_reported_once(self, workdir: Path) -> None:
        self.write_persona(workdir, "s.persona.yaml", "name: [Sarah]\n")
        for name in ("a.jmap.yaml", "b.jmap.yaml"):
            (workdir / name).write_text(self.map_with("s.persona.yaml"))
        result = run_jmap("validate", ".")
        assert result.problems() == [
            ("a.jmap.yaml", 3, 10, "JM009"),
            ("b.jmap.yaml", 3, 10, "JM009"),
            ("s.persona.yaml", 1, 7, "JM002"),
        ]
        assert result.stdout.splitlines()[-1] == "3 files checked, 3 errors in 3 files"

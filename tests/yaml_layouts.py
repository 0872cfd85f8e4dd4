"""Maps written in many layouts, with comments and blank lines anywhere a person puts them:
a hypothesis strategy for the fmt writers' tests."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import strategies as st

# Scalars as people write them: (text as written in a block, is it one line)
WORDS = st.sampled_from(["hopeful", "anxious", "web", "Front office", "b2c", "x-1.2"])
PROSE = st.sampled_from(
    [
        "Is the online price the real price?",
        "Waits for the call, again",
        "Calls: twice a day",
        "Quote: #1 complaint",
        "It's 50% off",
        "日本語のテキスト",
        "emoji 😀 here",
    ]
)


@st.composite
def scalar(draw: st.DrawFn, indent: int) -> str:
    """A scalar value as written after `key: ` (continuation lines at `indent`)."""
    pad = " " * indent
    kind = draw(
        st.sampled_from(
            [
                "word",
                "prose",
                "single",
                "double",
                "number",
                "bool",
                "null",
                "date",
                "folded-plain",
                "folded-double",
                "literal",
                "folded",
            ]
        )
    )
    if kind == "word":
        return draw(WORDS)
    if kind == "prose":
        text = draw(PROSE)
        plain = not any(mark in text for mark in (": ", " #", ",", "?"))
        return text if plain else json.dumps(text, ensure_ascii=False)
    if kind == "single":
        return "'" + draw(PROSE).replace("'", "''") + "'"
    if kind == "double":
        text = draw(PROSE) + draw(st.sampled_from(["", ' "quoted"', " back\\slash"]))
        return json.dumps(text, ensure_ascii=False)
    if kind == "number":
        return draw(st.sampled_from(["3", "-2", "1.50", "0x1F", "1e3", "4.0"]))
    if kind == "bool":
        return draw(st.sampled_from(["true", "false"]))
    if kind == "null":
        return draw(st.sampled_from(["", "~", "null"]))
    if kind == "date":
        return draw(st.sampled_from(["2026-03-14", "2026-03"]))
    if kind == "folded-plain":
        return f"a plain line\n{pad}that goes on"
    if kind == "folded-double":
        return f'"a quoted line\n{pad}that goes on"'
    header = "|" if kind == "literal" else ">"
    header += draw(st.sampled_from(["", "-"]))
    lines = draw(st.lists(st.sampled_from(["first line", "  indented", "", "# not a comment"])))
    lines = ["opening line", *lines, "closing line"]
    return header + "\n" + "\n".join(f"{pad}{line}" if line else "" for line in lines)


class Writer:
    """Writes one map in a drawn layout: indentation, list style, comments, blank lines."""

    def __init__(self, draw: st.DrawFn) -> None:
        self.draw = draw
        self.step = draw(st.sampled_from([2, 4]))  # spaces a mapping level
        self.offset = draw(st.sampled_from([0, 2]))  # list dashes in from their key
        self.comments: list[str] = []
        self.lines: list[str] = []

    def comment(self) -> str:
        text = "# note " + str(len(self.comments)) + self.draw(st.sampled_from(["", " é", " -x"]))
        self.comments.append(text)
        return text

    def trivia(self, indent: int) -> None:
        """Maybe blank lines and full-line comments before an entry."""
        for kind in self.draw(st.lists(st.sampled_from(["blank", "comment"]), max_size=2)):
            if kind == "blank":
                self.lines.append("")
            else:
                where = max(0, indent + self.draw(st.sampled_from([0, 0, 2, -2])))
                self.lines.append(" " * where + self.comment())

    def eol(self) -> str:
        if self.draw(st.integers(0, 3)) == 0:
            return " " * self.draw(st.integers(1, 4)) + self.comment()
        return ""

    def entry(self, head: str, value: Any, indent: int) -> None:
        """`head` ("key:" or "-") at `indent` and its value."""
        pad = " " * indent
        if isinstance(value, str):  # a scalar, written as given
            first, *rest = value.split("\n")
            if first.startswith(("|", ">")):
                self.lines.append(f"{pad}{head} {first}{self.eol()}")
                self.lines += rest
            else:
                text = f"{pad}{head} {first}" if first else f"{pad}{head}"
                self.lines.append(text + (self.eol() if not rest else ""))
                self.lines += rest
            return
        flow = self.draw(st.booleans()) and all(
            isinstance(v, str) and "\n" not in v
            for v in (value.values() if isinstance(value, dict) else value)
        )
        if flow or not value:
            if isinstance(value, dict):
                inner = ", ".join(f"{k}: {v or 'null'}" for k, v in value.items())
                text = "{" + inner + "}"
            else:
                text = "[" + ", ".join(v if v else "null" for v in value) + "]"
            self.lines.append(f"{pad}{head} {text}{self.eol()}")
            return
        if head == "-":  # a list item holding a mapping: its first key on the dash's line
            assert isinstance(value, dict)
            self.mapping(value, indent + 2, dash=f"{pad}- ")
            return
        self.lines.append(f"{pad}{head}{self.eol()}")
        if isinstance(value, dict):
            self.mapping(value, indent + self.step)
        else:
            self.sequence(value, indent + self.offset)

    def mapping(self, data: dict[str, Any], indent: int, dash: str | None = None) -> None:
        for key, value in data.items():
            if dash is None:
                self.trivia(indent)
                self.entry(f"{key}:", value, indent)
            else:
                before = len(self.lines)
                self.entry(f"{key}:", value, indent)
                self.lines[before] = dash + self.lines[before][indent:]
                dash = None

    def sequence(self, items: list[Any], indent: int) -> None:
        for item in items:
            self.trivia(indent)
            self.entry("-", item, indent)


@st.composite
def layouts(draw: st.DrawFn) -> tuple[str, list[str]]:
    """A map (its text) and the comments written in it."""
    writer = Writer(draw)
    cont = 2 * writer.step + 4  # deep enough for any continuation line below

    def value(depth: int) -> Any:
        if depth > 2 or draw(st.integers(0, 2)) > 0:
            return draw(scalar(cont + 4 * depth))
        if draw(st.booleans()):
            return draw(st.lists(st.one_of(WORDS, PROSE.map(_quote)), max_size=7))
        return {
            k: value(depth + 1) for k in draw(st.lists(WORDS.map(_key), max_size=3, unique=True))
        }

    stages = []
    for s in range(draw(st.integers(1, 3))):
        stage: dict[str, Any] = {"name": f"Stage {s}"}
        for key in draw(
            st.permutations(["emotion", "feelings", "metrics", "touchpoints", "x-own"])
        ):
            if key == "emotion":
                stage[key] = str(draw(st.integers(1, 5)))
            elif key == "feelings":
                stage[key] = draw(st.lists(WORDS, max_size=8))
            elif key == "metrics":
                stage[key] = {"visits": {"value": "3", "unit": "k"}, "nps": "12"}
            elif key == "touchpoints":
                stage[key] = [
                    {"performance": "3", "name": f"Point {s}.{t}", "note": value(1)}
                    for t in range(draw(st.integers(0, 2)))
                ]
            else:
                stage[key] = value(0)
        if draw(st.booleans()):
            stage = dict(reversed(list(stage.items())))
        stages.append(stage)
    top: dict[str, Any] = {
        "title": draw(scalar(cont)),
        "jmap": "1",
        "scale": {"max": "5", "min": "1"},
        "persona": {"name": "Sarah", "goals": draw(st.lists(PROSE.map(_quote), max_size=3))},
        "stages": stages,
        "x-custom": value(0),
    }
    order = draw(st.permutations(list(top)))
    writer.mapping({k: top[k] for k in order}, 0)
    writer.trivia(0)
    return "\n".join(writer.lines) + "\n", writer.comments


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _key(word: str) -> str:
    return word.replace(" ", "-").lower()

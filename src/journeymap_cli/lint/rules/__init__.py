"""The lint rules: one module per rule, registered by code.

A rule is a class with CODE, NAME (kebab-case, naming the problem), SUMMARY (one line),
SEVERITY (the default; configuration may change it), FIXABLE, an `Options` pydantic
model, a docstring with *What it does / Why it matters / Example / Use instead* (its
documentation: `jmap rules CODE` prints it), and `check(ctx, options)` yielding Findings.
Rules never decide the final severity and never read configuration themselves.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict

from journeymap_cli.fmt.edits import Fix
from journeymap_cli.format.blueprint import Blueprint
from journeymap_cli.format.drilldown import Detail
from journeymap_cli.format.model import JourneyMap, Persona, Stage, Touchpoint
from journeymap_cli.report.diagnostics import (
    UNUSED_SUPPRESSION,
    Loc,
    Severity,
    code_name,
    register_name,
)
from journeymap_cli.score.figures import MapScore

DOC_SECTIONS = ("What it does", "Why it matters", "Example", "Use instead")


class NoOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


@dataclass(frozen=True)
class Finding:
    loc: Loc
    message: str
    key: bool = False  # point at the key rather than the value
    fix: Fix | None = None


@dataclass
class Context:
    """What a rule may look at: the validated map, its persona, its scores, its raw data."""

    jmap: JourneyMap
    persona: Persona
    persona_in_file: bool
    score: MapScore
    data: dict[str, Any]  # the raw data of the file being checked
    persona_root: Loc = ("persona",)  # () when that file is the persona file
    based_on: MapScore | None = None  # the figures of the based_on map, when it has one
    details: dict[int, Detail] = field(default_factory=dict)  # stage index → its detail map
    # the text of that file and where each node starts in it (line, column): for the rules
    # that look at how something is written, not only at what it says
    source: str = ""
    positions: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    _strings: list[tuple[Loc, str]] | None = field(default=None, init=False, repr=False)
    _blueprint: Blueprint | None = field(default=None, init=False, repr=False)
    _lines: list[str] | None = field(default=None, init=False, repr=False)

    def stages(self) -> Iterator[tuple[Loc, Stage]]:
        for s, stage in enumerate(self.jmap.stages):
            yield ("stages", s), stage

    def touchpoints(self) -> Iterator[tuple[Loc, Stage, Touchpoint]]:
        for s, stage in enumerate(self.jmap.stages):
            for t, point in enumerate(stage.touchpoints):
                yield ("stages", s, "touchpoints", t), stage, point

    def blueprint(self) -> Blueprint:
        """The map's `supports` resolved to touchpoints (made once per map)."""
        if self._blueprint is None:
            self._blueprint = Blueprint.of(self.jmap)
        return self._blueprint

    def persona_loc(self) -> Loc:
        """Where persona findings point: the inline persona, or the persona file's top."""
        return self.persona_root

    def written_inline(self, loc: Loc) -> bool:
        """Whether the list or mapping at `loc` is written in flow style (`[...]`, `{...}`)."""
        pos = self.positions.get(loc)
        if pos is None:
            return False
        if self._lines is None:  # split once: a map may hold thousands of inline lists
            self._lines = self.source.splitlines()
        line = self._lines[pos[0] - 1] if pos[0] >= 1 else ""
        return line[pos[1] - 1 : pos[1]] in ("[", "{")

    def strings(self) -> list[tuple[Loc, str]]:
        """Every string value of the map (not keys), with its location, in file order.
        Several rules read them: the walk is done once per map."""
        if self._strings is None:
            found: list[tuple[Loc, str]] = []
            stack: list[tuple[Loc, Any]] = [((), self.data)]
            while stack:
                loc, node = stack.pop()
                if isinstance(node, str):
                    found.append((loc, node))
                elif isinstance(node, dict):
                    stack += [((*loc, k), v) for k, v in reversed(node.items())]
                elif isinstance(node, list):
                    stack += [((*loc, i), v) for i, v in reversed(list(enumerate(node)))]
            self._strings = found
        return self._strings


class Rule:
    CODE: ClassVar[str]
    NAME: ClassVar[str]
    SUMMARY: ClassVar[str]
    SEVERITY: ClassVar[Severity]
    FIXABLE: ClassVar[bool] = False
    # True for a rule that looks only at the persona: when the persona lives in a persona
    # file, it checks that file (once, whichever maps use it) instead of each map
    PERSONA: ClassVar[bool] = False
    Options: ClassVar[type[BaseModel]] = NoOptions

    def check(self, ctx: Context, options: Any) -> Iterator[Finding]:
        raise NotImplementedError


_REGISTRY: dict[str, type[Rule]] = {}


def register(rule: type[Rule]) -> type[Rule]:
    if rule.CODE in _REGISTRY:
        raise ValueError(f"two rules with code {rule.CODE}")
    _REGISTRY[rule.CODE] = rule
    register_name(rule.CODE, rule.NAME)
    return rule


def all_rules() -> list[type[Rule]]:
    """Every rule, by code (importing each rule module once)."""
    if not _REGISTRY:
        for module in pkgutil.iter_modules(__path__):
            if not module.name.startswith("_"):
                importlib.import_module(f"{__name__}.{module.name}")
    return [_REGISTRY[code] for code in sorted(_REGISTRY)]


def by_code_or_name(key: str) -> type[Rule] | None:
    for rule in all_rules():
        if key.upper() == rule.CODE or key == rule.NAME:
            return rule
    return None


def selectable() -> dict[str, str]:
    """What --select, --ignore and per-file-ignores accept: code → name of every rule, and
    JM050 (unused-suppression), which lint reports too."""
    return {
        **{r.CODE: r.NAME for r in all_rules()},
        UNUSED_SUPPRESSION: code_name(UNUSED_SUPPRESSION),
    }


def resolve_code(item: str) -> str | None:
    """A code, a name or a code prefix (`JM1`) as the code or prefix; None if unknown."""
    codes = selectable()
    for code, name in codes.items():
        if item.upper() == code or item == name:
            return code
    if item.upper().startswith("JM") and any(c.startswith(item.upper()) for c in codes):
        return item.upper()
    return None

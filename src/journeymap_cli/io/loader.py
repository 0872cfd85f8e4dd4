"""Files → checked models; every failure becomes a Diagnostic naming file, line and column.

Reading goes bytes → size and encoding checks → yamlstream (C event stream) → pydantic →
integrity checks. Nothing here raises for bad input: a file that fails yields diagnostics
and no model, so one bad file never stops the others.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

from journeymap_cli.format.drilldown import Detail
from journeymap_cli.format.model import (
    FORMAT_VERSIONS,
    JourneyMap,
    Named,
    Persona,
    Scale,
    Stage,
    Touchpoint,
    slugify,
)
from journeymap_cli.format.parts import Image, Link, Metric, Opportunity, Quote
from journeymap_cli.io.boundary import project_root
from journeymap_cli.io.paths import display_path
from journeymap_cli.io.source import FILES, FileSource, TooLarge
from journeymap_cli.io.stamp import Stamp
from journeymap_cli.io.wholemap import integrity_diagnostics, parts_diagnostics
from journeymap_cli.io.yamlstream import Document, YamlProblem, parse, position_of
from journeymap_cli.report import diagnostics as codes
from journeymap_cli.report.diagnostics import Diagnostic

if TYPE_CHECKING:
    from journeymap_cli.io.references import References

MAP_SUFFIXES = (".jmap.yaml", ".jmap.yml")
PERSONA_SUFFIXES = (".persona.yaml", ".persona.yml")
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
MAX_MAX_BYTES = 1 << 30  # the highest max-bytes accepted: 1 GiB
DEFAULT_MAX_DEPTH = 64
DEFAULT_MAX_IMAGE_BYTES = 2 * 1024 * 1024

# The model a mapping holds, by the key it sits under (list indexes skipped).
_MODEL_BY_KEY: dict[str, type[BaseModel]] = {
    "persona": Persona,
    "scale": Scale,
    "channels": Named,
    "teams": Named,
    "stages": Stage,
    "touchpoints": Touchpoint,
    "quotes": Quote,
    "images": Image,
    "image": Image,
    "links": Link,
    "opportunities": Opportunity,
    "metrics": Metric,
}


@dataclass(frozen=True)
class Limits:
    max_bytes: int = DEFAULT_MAX_BYTES
    max_depth: int = DEFAULT_MAX_DEPTH
    max_image_bytes: int = DEFAULT_MAX_IMAGE_BYTES


@dataclass
class Parsed:
    """One file read and parsed: its text and document, or the reasons it failed."""

    path: str
    text: str | None = None
    document: Document | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    io_error: bool = False
    stamp: Stamp | None = None  # what the file held, for a rewrite to check (io/atomic.py)


def default_id(path: Path) -> str:
    """A map's id when it names none: the slug of its file name without the map suffix."""
    stem = path.name
    for suffix in MAP_SUFFIXES:
        stem = stem.removesuffix(suffix)
    return slugify(stem) or "map"


@dataclass
class LoadedMap:
    """A map file after loading: `jmap` is None when it failed validation."""

    path: str
    jmap: JourneyMap | None
    persona: Persona | None
    persona_path: str | None
    parsed: Parsed
    diagnostics: list[Diagnostic]
    persona_parsed: Parsed | None = None  # the persona file, when the persona is in one
    based_on: JourneyMap | None = None  # the map named by `based_on`, schema-checked only
    details: dict[int, Detail] = field(default_factory=dict)  # by stage: its detail map

    @property
    def ok(self) -> bool:
        return self.jmap is not None


def is_persona_file(path: Path) -> bool:
    return path.name.endswith(PERSONA_SUFFIXES)


def read(path: Path, label: str, limits: Limits, source: FileSource = FILES) -> Parsed:
    """Read and parse one YAML file within the limits."""
    parsed = Parsed(path=label)

    def fail(
        code: str, message: str, pos: tuple[int, int] = (1, 1), hint: str | None = None
    ) -> Parsed:
        parsed.diagnostics.append(Diagnostic(label, pos[0], pos[1], code, message, hint=hint))
        return parsed

    try:
        raw = source.read(path, limits.max_bytes)
    except TooLarge as exc:
        size = f"{exc.size:,} bytes, " if exc.size is not None else ""
        return fail(
            codes.LIMIT,
            f"file is {size}over the limit of {limits.max_bytes:,}"
            + ("" if exc.size is not None else " bytes"),
            hint="raise it with --max-bytes if the file is genuine",
        )
    except OSError as exc:
        parsed.io_error = True
        return fail(codes.IO_ERROR, f"cannot read file: {exc.strerror or exc}")
    parsed.stamp = source.stamp(path, raw)
    if b"\x00" in raw[:8192]:
        return fail(codes.ENCODING, "binary file: a map is UTF-8 text")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        prefix = raw[: exc.start].decode("utf-8", "replace")
        return fail(
            codes.ENCODING,
            f"invalid UTF-8 at byte {exc.start} (0x{raw[exc.start]:02x})",
            position_of(prefix, len(prefix)),
            "save the file as UTF-8",
        )
    text = text.removeprefix("\ufeff")
    parsed.text = text
    try:
        parsed.document = parse(text, max_depth=limits.max_depth)
    except YamlProblem as problem:
        return fail(problem.code, problem.message, problem.pos, problem.hint)
    doc = parsed.document
    for dup in doc.duplicates:
        fail(dup.code, dup.message, dup.pos, dup.hint)
    if doc.data is None:
        return fail(codes.SCHEMA, "the file is empty", hint="a map starts with 'jmap: 1'")
    if not isinstance(doc.data, dict):
        kind = "a list" if isinstance(doc.data, list) else f"a {type(doc.data).__name__}"
        return fail(
            codes.SCHEMA,
            f"the top level is {kind}, not a mapping",
            doc.locate(()),
            "a map file is a mapping of fields such as 'jmap', 'title' and 'stages'",
        )
    return parsed


def schema_diagnostics(
    label: str, doc: Document, error: ValidationError, root: type[BaseModel]
) -> list[Diagnostic]:
    """Map each pydantic error back to the line and column of the node concerned."""
    from journeymap_cli.format.errors import describe  # only for a map that fails the schema

    out = []
    for issue in describe(doc.data, error, root, _MODEL_BY_KEY):
        if issue.loc == ("jmap",) and issue.kind not in ("missing", "extra_forbidden"):
            versions = ", ".join(map(str, FORMAT_VERSIONS))
            value = issue.value
            issue.code, issue.message = (
                codes.VERSION,
                f"unsupported format version {value!r}; this jmap supports: {versions}",
            )
        if issue.kind == "missing":  # point at the mapping that lacks it
            line, col = doc.locate(issue.loc[:-1], key=True)
        else:
            line, col = doc.locate(issue.loc, key=issue.at_key)
        out.append(Diagnostic(label, line, col, issue.code, issue.message, hint=issue.hint))
    return out


def _reason(exc: OSError | RuntimeError) -> str:
    """What went wrong with a path, in the words of the OS ('File name too long')."""
    if isinstance(exc, OSError):
        return exc.strerror or type(exc).__name__
    return "symbolic link loop"


class Loader:
    """Loads maps and the persona files they share (each persona file read once a run)."""

    def __init__(
        self,
        limits: Limits | None = None,
        source: FileSource = FILES,
        upcoming: Sequence[Path] = (),
    ) -> None:
        self.limits = limits or Limits()
        self.source = source
        self._personas: dict[Path, tuple[Persona | None, list[Diagnostic], Parsed]] = {}
        self._reported: set[Path] = set()
        self.files: list[str] = []  # every file read, in order
        self.texts: dict[str, str] = {}  # label → text, for reporters that quote lines
        self._references: References | None = None
        # the maps this loader will load (a batch's): one read as another's detail before
        # its turn is kept for it (io/references.py, read_ahead); others are not kept
        self.upcoming = upcoming

    @property
    def references(self) -> References:
        """The checker of based_on, links and image paths (its cache lives as long as self)."""
        if self._references is None:
            from journeymap_cli.io.references import References

            self._references = References(self)
        return self._references

    def label(self, path: Path) -> str:
        return display_path(path)

    def _read(self, path: Path, shown: Path | None = None, ahead: Parsed | None = None) -> Parsed:
        """The file read and parsed (`ahead`: as it was already, by the references)."""
        parsed = ahead or read(path, self.label(shown or path), self.limits, self.source)
        self.files.append(parsed.path)
        if parsed.text is not None:
            self.texts[parsed.path] = parsed.text
        return parsed

    def load_map(self, path: Path) -> LoadedMap:
        ahead = None
        if self._references is not None:  # a map read ahead as another's detail: read once
            ahead = self._references.read_ahead(path, self.label(path))
        parsed = self._read(path, ahead=ahead[0] if ahead else None)
        label = parsed.path
        result = LoadedMap(label, None, None, None, parsed, list(parsed.diagnostics))
        doc = parsed.document
        if parsed.diagnostics or doc is None:
            return result
        try:
            jmap = ahead[1] if ahead else JourneyMap.model_validate(doc.data)
        except ValidationError as error:
            result.diagnostics += schema_diagnostics(label, doc, error, JourneyMap)
            result.diagnostics += parts_diagnostics(self, path, label, doc, result.diagnostics)
            result.diagnostics.sort(key=Diagnostic.sort_key)
            return result
        result.diagnostics += integrity_diagnostics(label, doc, jmap)
        if isinstance(jmap.persona, str):
            persona, persona_file, diagnostics = self.persona_reference(path, jmap.persona, doc)
            if persona_file is not None:
                result.persona_path, result.persona_parsed = persona_file.path, persona_file
            result.diagnostics += diagnostics
        else:
            persona = jmap.persona
        result.diagnostics += self.references.check_map(path, label, jmap, doc)
        if result.diagnostics:
            return result
        jmap.id = jmap.id or default_id(path)  # ids and journeys are slugs: never empty
        jmap.journey = jmap.journey or jmap.id
        result.jmap, result.persona = jmap, persona
        self.references.attach(result, path, jmap)
        return result

    def load_persona(
        self, path: Path, shown: Path | None = None
    ) -> tuple[Persona | None, list[Diagnostic]]:
        """A persona file's model and the diagnostics not yet reported in this run.
        `shown`: the same file as the user reaches it, named in reports (default `path`)."""
        try:
            key = path.resolve()
        except (OSError, RuntimeError):  # a symlink loop: reading it reports the error
            key = Path(os.path.abspath(path))
        if key not in self._personas:
            parsed = self._read(path, shown)
            label = parsed.path
            persona, diagnostics = None, list(parsed.diagnostics)
            doc = parsed.document
            if not diagnostics and doc is not None:
                try:
                    persona = Persona.model_validate(doc.data)
                except ValidationError as error:
                    diagnostics = schema_diagnostics(label, doc, error, Persona)
                else:
                    diagnostics = self.references.check_persona(path, label, persona, doc)
                    persona = None if diagnostics else persona
            self._personas[key] = (persona, diagnostics, parsed)
        persona, diagnostics, _ = self._personas[key]
        if key in self._reported:
            return persona, []
        self._reported.add(key)
        return persona, diagnostics

    def persona_reference(
        self, map_path: Path, ref: str, doc: Document
    ) -> tuple[Persona | None, Parsed | None, list[Diagnostic]]:
        label = self.label(map_path)
        line, col = doc.locate(("persona",))

        def fail(message: str, hint: str | None = None) -> tuple[Any, Any, list[Diagnostic]]:
            return (
                None,
                None,
                [Diagnostic(label, line, col, codes.PERSONA_FILE, message, hint=hint)],
            )

        folder = map_path.resolve().parent
        root = project_root(folder)
        try:
            target = (folder / ref).resolve()
            if not target.is_relative_to(root):
                return fail(
                    f"persona path {ref!r} escapes the project root {display_path(root)!r}",
                    "keep persona files inside the project",
                )
            exists = self.source.is_file(target)
        except (OSError, RuntimeError) as exc:  # RuntimeError: pathlib's symlink loop
            return fail(f"persona file {ref!r} cannot be read: {_reason(exc)}")
        if not exists:
            return fail(f"persona file {ref!r} does not exist")
        if not is_persona_file(target):
            return fail(
                f"{ref!r} is not a persona file",
                f"persona files end in {' or '.join(PERSONA_SUFFIXES)}",
            )
        # named from the map's path as given (`../personas/x.persona.yaml`), as a search of
        # the same folder names it, so that the file is counted and reported once
        shown = Path(os.path.normpath(map_path.parent / ref))
        persona, diagnostics = self.load_persona(target, shown)
        if persona is None:
            message = f"persona file {ref!r} is not a valid persona"
            return None, None, [*diagnostics, *fail(message, "see its own errors")[2]]
        return persona, self._personas[target.resolve()][2], diagnostics

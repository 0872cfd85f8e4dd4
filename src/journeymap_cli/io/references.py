"""The files a map points at besides its persona: `based_on`, `links[].map`, stages'
`detail` and images.

Checked like persona paths: they exist, are regular files and stay inside the project
root (for a map that failed the schema: on its well-formed parts, format/partial.py). A
referenced map must be a map (its file read and validated against the schema, never its
own references, so a → b → a cannot loop); an image must be PNG, JPEG, GIF or WebP by its
first bytes (only the header is read) and within `max-image-bytes`. The `detail` maps
below a map are followed, under the same checks at each level (format/drilldown.py walks
them): none may lead back round, nor go deeper than MAX_LEVELS.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError

from journeymap_cli.format.drilldown import MAX_LEVELS, Detail, Hierarchy, starting_at
from journeymap_cli.format.model import JourneyMap, Persona
from journeymap_cli.format.parts import Image
from journeymap_cli.format.problem import chain
from journeymap_cli.io.boundary import project_root
from journeymap_cli.io.loader import MAP_SUFFIXES, Parsed, read
from journeymap_cli.io.paths import display_path
from journeymap_cli.io.yamlstream import Document
from journeymap_cli.report import diagnostics as codes
from journeymap_cli.report.diagnostics import Diagnostic, Loc

if TYPE_CHECKING:
    from journeymap_cli.io.loader import LoadedMap, Loader

# The signatures by which an image is known, whatever its file is called.
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
)
HEADER_BYTES = 16
MIME_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif", "WebP": "image/webp"}


def image_kind(header: bytes) -> str | None:
    """'PNG', 'JPEG', 'GIF' or 'WebP' from a file's first bytes; None for anything else."""
    if header[:4] == b"RIFF" and header[8:12] == b"WEBP":
        return "WebP"
    return next((kind for magic, kind in _MAGIC if header.startswith(magic)), None)


def image_too_large(path: str, size: int | None, limit: int) -> tuple[str, str]:
    """The message and hint of an image over `max-image-bytes` (size None: not known)."""
    bytes_ = f"{size:,} bytes, " if size is not None else ""
    return (
        f"image {path!r} is {bytes_}over the limit of {limit:,}",
        "make it smaller, or raise max-image-bytes in jmap.toml",
    )


class References:
    """Checks a loader's maps' references; each referenced map is read once per run."""

    def __init__(self, loader: Loader) -> None:
        self.loader = loader
        # resolved path → (the map, or why it is not a map)
        self._maps: dict[Path, JourneyMap | str] = {}
        self._hierarchy: Hierarchy[Path] = Hierarchy(self._details_of)
        # maps read here (a detail, a based_on) that the loader will load later: each file
        # is parsed once a run, not again when its turn comes (format 1.2's hierarchies
        # read most maps of a project ahead of their turn). Only the maps still to come
        # (`wanted`, from the loader's `upcoming`) are kept: memory stays flat.
        self._ahead: dict[Path, tuple[Parsed, JourneyMap]] = {}
        self._wanted: set[Path] | None = None
        # each map's stage targets, asked for by the hierarchy walk and by every map above
        # it that is given its details: found (paths resolved, checked) once
        self._targets: dict[Path, tuple[JourneyMap, list[tuple[int, Path]]]] = {}

    def map_at(self, path: Path, ref: str) -> JourneyMap | None:
        """The map `ref` (relative to the map at `path`) names, if check_map accepted it."""
        try:
            found = self._maps.get((path.resolve().parent / ref).resolve())
        except (OSError, RuntimeError):  # a path that cannot be resolved was reported
            return None
        return found if isinstance(found, JourneyMap) else None

    def check_map(
        self, path: Path, label: str, jmap: JourneyMap, doc: Document
    ) -> list[Diagnostic]:
        out: list[Diagnostic] = []

        def at(
            loc: Loc, message: str, hint: str | None = None, code: str = codes.REFERENCE
        ) -> None:
            line, col = doc.locate(loc)
            out.append(Diagnostic(label, line, col, code, message, hint=hint))

        folder = path.resolve().parent
        if jmap.based_on is not None:
            for message, hint in self._map_problems(path, jmap.based_on, "based_on"):
                at(("based_on",), message, hint)
            other = self.map_at(path, jmap.based_on)
            if not out and other is not None and "journey" in jmap.model_fields_set:
                journey = other.journey
                if journey is not None and journey != jmap.journey:
                    at(
                        ("based_on",),
                        f"based_on {jmap.based_on!r} is a view of journey {journey!r}, "
                        f"but this map is one of journey {jmap.journey!r}",
                        "a map is based on another view of the same journey: "
                        "make the two 'journey' fields agree",
                    )
        # isinstance: in the stand-in of a map that failed the schema (format/partial.py), a
        # link or image whose path the schema refused has none, and is left to that error
        for i, link in enumerate(jmap.links):
            if isinstance(link.map, str):
                for message, hint in self._map_problems(path, link.map, "link"):
                    at(("links", i, "map"), message, hint)
        for s, stage in enumerate(jmap.stages):
            if isinstance(stage.detail, str):
                for code, message, hint in self._detail_problems(path, stage.detail):
                    at(("stages", s, "detail"), message, hint, code)
        images: list[tuple[Loc, Image]] = []
        if isinstance(jmap.persona, Persona) and jmap.persona.image is not None:
            images.append((("persona", "image", "path"), jmap.persona.image))
        for s, stage in enumerate(jmap.stages):
            images += [
                (("stages", s, "images", i, "path"), im) for i, im in enumerate(stage.images)
            ]
        for loc, image in images:
            if isinstance(image.path, str):
                for message, hint in self._image_problems(folder, image):
                    at(loc, message, hint)
        return out

    def check_persona(
        self, path: Path, label: str, persona: Persona, doc: Document
    ) -> list[Diagnostic]:
        """A persona file's image, relative to the persona file."""
        if persona.image is None:
            return []
        line, col = doc.locate(("image", "path"))
        return [
            Diagnostic(label, line, col, codes.REFERENCE, message, hint=hint)
            for message, hint in self._image_problems(path.resolve().parent, persona.image)
        ]

    def _inside(self, folder: Path, ref: str, what: str) -> Iterator[tuple[str, str | None]]:
        root = project_root(folder)
        try:
            target = (folder / ref).resolve()
            inside = target.is_relative_to(root)
            exists = inside and self.loader.source.is_file(target)
        except (OSError, RuntimeError) as exc:  # too long, a link loop, a closed folder
            reason = exc.strerror if isinstance(exc, OSError) else "symbolic link loop"
            yield f"{what} {ref!r} cannot be read: {reason or type(exc).__name__}", None
            return
        if not inside:
            yield (
                f"{what} path {ref!r} escapes the project root {display_path(root)!r}",
                "keep the files a map refers to inside the project",
            )
        elif not exists:
            yield f"{what} {ref!r} does not exist or is not a regular file", None

    def _map_problems(self, path: Path, ref: str, what: str) -> Iterator[tuple[str, str | None]]:
        folder = path.resolve().parent
        problems = list(self._inside(folder, ref, what))
        if problems:
            yield from problems
            return
        target = (folder / ref).resolve()
        if target == path.resolve():
            yield f"{what} {ref!r} is this map itself", "point at another map"
            return
        if not target.name.endswith(MAP_SUFFIXES):
            yield (
                f"{what} {ref!r} is not a map file",
                f"map files end in {' or '.join(MAP_SUFFIXES)}",
            )
            return
        if target not in self._maps:
            self._maps[target] = self._read_map(target)
        found = self._maps[target]
        if isinstance(found, str):
            yield f"{what} {ref!r} is not a valid map ({found})", f"run: jmap validate {ref}"

    def attach(self, loaded: LoadedMap, path: Path, jmap: JourneyMap) -> None:
        """Give a map that passed every check the maps it names: `based_on`, `details`."""
        if jmap.based_on is not None:
            loaded.based_on = self.map_at(path, jmap.based_on)
        loaded.details = self.details(path, jmap)

    def details(self, path: Path, jmap: JourneyMap) -> dict[int, Detail]:
        """The detail maps of a map's stages (by stage index), each with its own: call for a
        map check_map accepted, whose hierarchy has no circle and a bounded depth."""
        top = self._stage_targets(path.resolve(), jmap)
        built: dict[Path, Detail] = {}
        queue = [target for _, target in top]
        for node in queue:  # grows as it is read: each map of the hierarchy once
            found = self._maps.get(node)
            if node not in built and isinstance(found, JourneyMap):
                built[node] = Detail(node, display_path(node), found)
                queue += [target for _, target in self._stage_targets(node, found)]
        for node, detail in built.items():
            below = self._stage_targets(node, detail.jmap)
            detail.details = {s: built[t] for s, t in below if t in built}
        return {s: built[t] for s, t in top if t in built}

    def _detail_problems(self, path: Path, ref: str) -> Iterator[tuple[str, str, str | None]]:
        """(code, message, hint) of a stage's `detail`: a map, as `based_on` is, below which
        the hierarchy leads nowhere round and stays within MAX_LEVELS."""
        direct = list(self._map_problems(path, ref, "detail"))
        yield from ((codes.REFERENCE, message, hint) for message, hint in direct)
        if direct:
            return
        here = path.resolve()
        target = (here.parent / ref).resolve()
        circle = self._hierarchy.circle(target)
        hint = "a map may not detail itself, directly or through other maps"
        if circle is not None and here in circle:
            named = chain([display_path(p) for p in starting_at(circle, here)])
            yield codes.REFERENCE, f"detail {ref!r} leads back to this map: {named}", hint
        elif circle is not None:
            named = chain([display_path(p) for p in circle])
            yield codes.REFERENCE, f"detail {ref!r} leads into a circle of details: {named}", hint
        elif (levels := 2 + self._hierarchy.depth(target)) > MAX_LEVELS:
            shown = [here, *self._hierarchy.deepest(target, MAX_LEVELS)]
            named = " → ".join(display_path(p) for p in shown) + " → …" * (levels > len(shown))
            yield (
                codes.LIMIT,
                f"detail {ref!r} makes a hierarchy of {levels} levels, over the limit of "
                f"{MAX_LEVELS}: {named}",
                "journey hierarchies go a few levels deep (level 1 → level 2 → level 3)",
            )

    def _stage_targets(self, node: Path, jmap: JourneyMap) -> list[tuple[int, Path]]:
        """(stage index, resolved map) of each stage of the map at `node` whose `detail` is
        a map, or that map itself. Nothing outside the project root is read: the same
        checks as a detail of a map being validated come first."""
        kept = self._targets.get(node)
        if kept is not None and kept[0] is jmap:
            return kept[1]
        found = []
        for s, stage in enumerate(jmap.stages):
            if not isinstance(stage.detail, str):
                continue
            try:
                target = (node.parent / stage.detail).resolve()
            except (OSError, RuntimeError):  # reported when that map is validated
                continue
            if target == node or not any(self._map_problems(node, stage.detail, "detail")):
                found.append((s, target))
        self._targets[node] = (jmap, found)
        return found

    def _details_of(self, node: Path) -> list[Path]:
        """The maps the stages of the (already read) map at `node` detail."""
        found = self._maps.get(node)
        if not isinstance(found, JourneyMap):
            return []
        return [target for _, target in self._stage_targets(node, found)]

    def read_ahead(self, path: Path, label: str) -> tuple[Parsed, JourneyMap] | None:
        """The parse and the model of the map at `path` if it was read here under the same
        label, handed over once. The model is a copy: what the loader sets on it (a default
        id) is not seen here. Called as each map's turn comes: it is no longer wanted."""
        if self._wanted is None:  # nothing was read ahead yet
            return None
        try:
            key = path.resolve()
        except (OSError, RuntimeError):  # reading it reports the error
            return None
        self._wanted.discard(key)
        found = self._ahead.pop(key, None)
        if found is None or found[0].path != label:
            return None
        return found[0], found[1].model_copy()

    def _keep_ahead(self, target: Path) -> bool:
        """Whether a map read here is still to come in the loader's list."""
        if self._wanted is None:
            done = set(self.loader.files)
            self._wanted = set()
            for path in self.loader.upcoming:
                if self.loader.label(path) in done:
                    continue
                try:
                    self._wanted.add(path.resolve())
                except (OSError, RuntimeError):  # reading it reports the error
                    continue
        return target in self._wanted

    def _read_map(self, target: Path) -> JourneyMap | str:
        """The map at `target` (its schema checked, not its references), or why it is not
        a map."""
        parsed = read(target, display_path(target), self.loader.limits, self.loader.source)
        if parsed.diagnostics or parsed.document is None:
            first = parsed.diagnostics[0] if parsed.diagnostics else None
            return first.message if first else "it cannot be read"
        try:
            jmap = JourneyMap.model_validate(parsed.document.data)
        except ValidationError as error:
            count = error.error_count()
            return f"{count} schema error{'s' if count != 1 else ''}"
        if self._keep_ahead(target):
            self._ahead[target] = (parsed, jmap)
        return jmap

    def _image_problems(self, folder: Path, image: Image) -> Iterator[tuple[str, str | None]]:
        problems = list(self._inside(folder, image.path, "image"))
        if problems:
            yield from problems
            return
        limit = self.loader.limits.max_image_bytes
        try:
            header, size = self.loader.source.head((folder / image.path).resolve(), HEADER_BYTES)
        except OSError as exc:
            yield f"image {image.path!r} cannot be read: {exc.strerror or exc}", None
            return
        if size > limit:
            yield image_too_large(image.path, size, limit)
        elif image_kind(header) is None:
            yield (
                f"image {image.path!r} is not a PNG, JPEG, GIF or WebP file (by its content)",
                "images are recognised by their bytes, not their name: save it as PNG or JPEG",
            )

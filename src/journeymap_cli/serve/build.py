"""One map → its page (as `jmap render` writes it) or its problems, and the files it reads.

A page depends on its map file, its persona file, and (format 1.1) the images and maps
it names; the site rebuilds a page when the content of one of these changes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment

from journeymap_cli.io.boundary import project_root
from journeymap_cli.io.guard import Failed, one_file
from journeymap_cli.io.loader import (
    MAP_SUFFIXES,
    PERSONA_SUFFIXES,
    Limits,
    LoadedMap,
    Loader,
    default_id,
    read,
)
from journeymap_cli.render.environment import TemplateFailed
from journeymap_cli.render.served import page_html
from journeymap_cli.serve.problems import Problem, from_diagnostic, from_template

# Strings in a map that name another file it shows or links: images and maps (format 1.1).
REFERENCE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", *MAP_SUFFIXES)


@dataclass
class Built:
    """A map's page or the problems that stand in for it, and what it was built from."""

    path: Path  # the map file as found
    map_id: str | None  # None while invalid
    html: str | None
    problems: list[Problem]
    index_entry: dict[str, Any] | None
    digests: dict[Path, str | None] = field(default_factory=dict)  # each file read → content
    parents: tuple[Mapping[str, Any], ...] = ()  # the served maps' stages it details

    @property
    def default_stem(self) -> str:
        """The page's name while the map has no valid id: its file name's slug, as the
        loader would default the id."""
        return default_id(self.path)


def digest(path: Path) -> str | None:
    """The content of a file, in short (None: no such file, or unreadable)."""
    try:
        return hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()
    except OSError:
        return None


def keys(path: Path) -> set[Path]:
    """The forms a watcher may report a file under: as found, and where its links lead."""
    absolute = Path(path).absolute()
    try:
        return {absolute, absolute.resolve()}
    except (OSError, RuntimeError):  # a symlink loop
        return {absolute}


def references(path: Path, loaded: LoadedMap, limits: Limits) -> set[Path]:
    """The other files a map reads: its persona file (even one that does not exist yet, so
    creating it rebuilds the page), the images and maps it names, and the images its
    persona file names (relative to that file)."""
    document = loaded.parsed.document
    data = document.data if document is not None else None
    if not isinstance(data, dict):
        return set()
    folder = path.absolute().parent
    found = _named(data, folder)
    if isinstance(data.get("persona"), str):
        persona = folder / data["persona"]
        found.add(persona)
        if persona.name.endswith(PERSONA_SUFFIXES) and persona.is_file():
            own = read(persona, str(persona), limits).document
            if own is not None and isinstance(own.data, dict):
                found |= _named(own.data, persona.parent)
    return found


def _named(data: dict[str, Any], folder: Path) -> set[Path]:
    """Strings anywhere in the data that name an image or a map, relative to `folder`
    (format 1.1's images, `links` and `based_on`, wherever a later format puts them)."""
    found: set[Path] = set()
    stack: list[Any] = [data]
    while stack:  # iterative: a map may nest deep
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif (
            isinstance(item, str)
            and item.lower().endswith(REFERENCE_SUFFIXES)
            and len(item) < 1024
            and "\n" not in item
            and "\x00" not in item
        ):
            found.add(folder / item)
    return found


def build(
    path: Path,
    env: Environment,
    limits: Limits,
    *,
    with_date: bool,
    parents: tuple[Mapping[str, Any], ...] = (),
) -> Built:
    """Load one map with a loader of its own (so its page shows every problem of its persona
    file too), then render it or say why not."""
    before = {path: digest(path)}  # before reading: a save in between rebuilds again
    loader = Loader(limits)
    loaded = loader.load_map(path)
    refs = references(path, loaded, limits)
    digests = {**before, **{ref: digest(ref) for ref in refs}}
    if not loaded.ok or loaded.diagnostics:
        root = project_root(path.absolute().parent)
        problems = [
            from_diagnostic(d, loader.texts.get(d.path) if _inside(d.path, root) else None)
            for d in loaded.diagnostics
        ]
        return Built(path, None, None, problems, None, digests)
    try:
        with one_file(loaded.path):  # as `jmap render` reports what this map makes fail
            map_id, html, entry = page_html(
                loaded,
                env,
                image_limit=limits.max_image_bytes,
                with_date=with_date,
                parents=parents,
            )
    except TemplateFailed as failed:  # the template's error: the page shows where
        folders = [Path(p) for p in _template_folders(env)]
        return Built(path, None, None, [from_template(failed, folders)], None, digests)
    except Failed as failed:  # the map's, as `jmap render` reports it
        return Built(path, None, None, [from_diagnostic(failed.diagnostic, None)], None, digests)
    return Built(path, map_id, html, [], entry, digests, parents)


def _inside(label: str, root: Path) -> bool:
    """Whether a file's lines may be quoted on the page: only inside the project (a map
    linked to a file elsewhere on the disk is named, never shown)."""
    try:
        return Path(label).resolve().is_relative_to(root)
    except (OSError, RuntimeError):
        return False


def _template_folders(env: Environment) -> list[str]:
    loader: Any = env.loader
    folders: list[str] = []
    for each in getattr(loader, "loaders", [loader]):
        folders += list(getattr(each, "searchpath", []))
    return folders

"""The maps a map names (`based_on`, `links`, format 1.1): their titles and, inside a site,
the address of their page."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

from journeymap_cli.io.loader import LoadedMap, Loader

RELATION_WORDS = {"next": "Leads to", "previous": "Follows", "related": "Related"}


def _stem(path: str) -> str:
    return Path(path).name.removesuffix(".jmap.yaml").removesuffix(".yaml")


_TARGETS: dict[tuple[Path, int, int], tuple[str, str, str]] = {}


def _target_map(path: Path) -> tuple[str, str, str]:
    """(id, journey, title) of a map another one refers to; read again once it changes
    (`jmap serve` is a long-lived process)."""
    try:
        stat = path.stat()
        key = (path, stat.st_mtime_ns, stat.st_size)
    except OSError:
        key = (path, 0, 0)
    if key not in _TARGETS:
        other = Loader().load_map(path)
        stem = _stem(str(path))
        if other.jmap is None:
            words = stem.replace("-", " ")
            _TARGETS[key] = (stem, stem, words[:1].upper() + words[1:])
        else:
            ident = other.jmap.id or stem
            _TARGETS[key] = (ident, other.jmap.journey or ident, other.jmap.title)
    return _TARGETS[key]


def related(loaded: LoadedMap, extension: str | None) -> dict[str, Any]:
    """`based_on` and `links` (format 1.1) with the other map's title and, inside a site,
    a link to its page (its file name is its id, as every page's)."""
    jmap = loaded.jmap
    folder = Path(loaded.path).resolve().parent

    def target(ref: str) -> dict[str, Any]:
        ident, journey, title = _target_map((folder / ref).resolve())
        return {
            "title": title,
            "href": quote(ident + extension) if extension else None,
            "journey": journey,
        }

    based_on = getattr(jmap, "based_on", None)
    links = []
    for link in getattr(jmap, "links", None) or []:
        relation = str(getattr(link, "relation", None) or "related")
        item = target(str(link.map))
        item.update(relation=relation, relation_words=RELATION_WORDS.get(relation, relation))
        item["note"] = getattr(link, "note", None)
        links.append(item)
    return {"based_on": target(str(based_on)) if based_on else None, "links": links}

"""`jmap render`: where each page goes, the index of a folder, unchanged-aware writes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment

from journeymap_cli.io.atomic import write_file
from journeymap_cli.io.discover import targets
from journeymap_cli.io.git import last_changed
from journeymap_cli.io.guard import Failed, one_file
from journeymap_cli.io.loader import Limits, LoadedMap
from journeymap_cli.io.run import Run, load_all
from journeymap_cli.render.environment import EXTENSIONS, INDEX_TEMPLATES, render_index, render_page
from journeymap_cli.render.view import build
from journeymap_cli.report.diagnostics import Diagnostic
from journeymap_cli.score.figures import score_map

INDEX_NAMES = {"html": "index.html", "md": "README.md"}


class PublishError(Exception):
    """A usage problem: exit code 2."""


@dataclass
class Published:
    run: Run
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)
    stdout: str | None = None  # the page, when the output is `-`
    rendered: int = 0  # valid maps rendered


def _page(loaded: LoadedMap, with_date: bool) -> dict[str, Any]:
    assert loaded.jmap is not None and loaded.persona is not None
    score = score_map(loaded.path, loaded.jmap, loaded.persona)
    modified = last_changed(Path(loaded.path)) if with_date else None
    return build(
        loaded.path,
        loaded.jmap,
        loaded.persona,
        score,
        persona_source=loaded.persona_path,
        modified=modified,
    )


def _index_entry(page: dict[str, Any], href: str) -> dict[str, Any]:
    figures = {s["key"]: s["value"] for s in page["scores"]}
    return {
        "href": href,
        "title": page["map"]["title"],
        "description": page["map"]["description"],
        "persona": page["persona"]["name"],
        "sparkline": page["emotion"]["sparkline"],
        "curve": page["curve"],
        "curve_words": page["curve"]["desc"],
        "experience": figures["experience"],
        "gap": figures["gap"],
        "completeness": figures["completeness"],
        "moments_of_truth": figures["moments_of_truth"],
        "generator": page["generator"],
    }


def publish(
    paths: Sequence[str],
    output: str | None,
    fmt: str,
    env: Environment,
    limits: Limits,
    *,
    with_date: bool = True,
    progress: Callable[[int, int], Any] | None = None,
) -> Published:
    """Render every valid map. One file → one output; a folder or several files → OUT/.

    Over a folder, each map is rendered and written as soon as it is loaded, and only its
    index entry is kept, so memory stays flat over thousands of maps.
    """
    single = len(paths) == 1 and not Path(paths[0]).is_dir()
    extension = EXTENSIONS[fmt]
    if single:
        run = load_all(paths, limits, command="render")
        result = Published(run, invalid=run.invalid)
        valid = [m for m in run.maps if m.ok and not m.diagnostics]
        if not valid:
            return result
        try:
            with one_file(valid[0].path):
                page = _page(valid[0], with_date)
                text = render_page(env, page, fmt)
        except Failed as failed:  # this map's error, reported as the others are
            run.report.diagnostics.append(failed.diagnostic)
            run.invalid.append(valid[0].path)
            result.invalid = run.invalid
            return result
        result.rendered = 1
        if output == "-":
            result.stdout = text
            return result
        default_name = f"{page['map']['id']}{extension}"
        target = Path(output) if output else Path(default_name)
        if target.is_dir():
            target = target / default_name
        _record(result, target, text)
        return result
    if output == "-":
        raise PublishError("-o - (stdout) takes one map file, not a folder or several files")
    folder = Path(output or "rendered")
    if folder.exists() and not folder.is_dir():
        raise PublishError(f"{folder}: not a folder (several maps render into a folder)")
    result = Published(Run.empty("render"))
    found = targets(paths)
    entries = []
    taken: set[str] = set()

    def render_one(loaded: LoadedMap) -> tuple[list[Diagnostic], None]:
        page = _page(loaded, with_date)
        name = _unique(page["map"]["id"], taken) + extension
        _record(result, folder / name, render_page(env, page, fmt))
        entries.append(_index_entry(page, quote(name)))
        result.rendered += 1
        if progress is not None:
            progress(result.rendered, len(found.maps))
        return [], None

    run = load_all(
        paths,
        limits,
        command="render",
        keep_maps=False,
        per_map=render_one,
        in_process=True,
        found=found,
    )
    result.run, result.invalid = run, run.invalid
    if fmt in INDEX_TEMPLATES:
        index = render_index(env, entries, fmt, site_title(paths))
        _record(result, folder / INDEX_NAMES[fmt], index)
    return result


def _unique(stem: str, taken: set[str]) -> str:
    """Two maps with the same id in different folders get `id`, `id-2`, ..."""
    name, n = stem, 1
    while name in taken:
        n += 1
        name = f"{stem}-{n}"
    taken.add(name)
    return name


def _record(result: Published, target: Path, text: str) -> None:
    try:
        changed = write_file(target, text, keep_if_same=True)
    except OSError as exc:
        raise PublishError(f"{target}: cannot write: {exc.strerror or exc}") from None
    (result.written if changed else result.unchanged).append(str(target))


def site_title(paths: Sequence[str]) -> str:
    """The index's title: the folder's name, or "Journey maps" over several paths."""
    return Path(paths[0]).resolve().name if len(paths) == 1 else "Journey maps"


# The seam `jmap serve` uses: the same pages and index as above, kept in memory.


def page_html(
    loaded: LoadedMap, env: Environment, *, with_date: bool = True
) -> tuple[str, str, dict[str, Any]]:
    """One valid map: its id, its HTML page as `render` writes it, and its index entry
    (whose `href` the caller sets once it has named the pages)."""
    page = _page(loaded, with_date)
    return page["map"]["id"], render_page(env, page, "html"), _index_entry(page, "")


def page_names(ids: Sequence[str]) -> list[str]:
    """The file names `render` gives pages of these ids, in this order, in one folder."""
    taken: set[str] = set()
    return [_unique(stem, taken) + EXTENSIONS["html"] for stem in ids]


def index_html(env: Environment, entries: list[dict[str, Any]], paths: Sequence[str]) -> str:
    """The site's index as `render` writes it over `paths`."""
    return render_index(env, entries, "html", site_title(paths))

"""`jmap render`: where each page goes, the portfolio index of a folder, unchanged-aware writes.

Over a folder, each map is rendered and written as soon as it is loaded and only a small
index entry is kept, so memory stays flat; above a few hundred maps the work is spread
over every core (io/batch.py), each worker writing its own pages.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment

from journeymap_cli.io.atomic import check_folder, write_file
from journeymap_cli.io.batch import PARALLEL_FROM
from journeymap_cli.io.discover import targets
from journeymap_cli.io.git import last_changed
from journeymap_cli.io.guard import Failed, one_file
from journeymap_cli.io.loader import Limits, LoadedMap, Loader
from journeymap_cli.io.run import Run, load_all
from journeymap_cli.render.environment import (
    EXTENSIONS,
    INDEX_TEMPLATES,
    environment,
    render_index,
    render_journey,
    render_page,
)
from journeymap_cli.render.related import related
from journeymap_cli.render.site import index_entry, index_view, journey_page, title_of_folder
from journeymap_cli.render.view import build
from journeymap_cli.report.diagnostics import Diagnostic
from journeymap_cli.score.figures import score_map

INDEX_NAMES = {"html": "index.html", "md": "README.md"}
# A page printed (render/export.py's Printer): HTML text in, PDF or PNG bytes out.
PagePrinter = Callable[[str], bytes]


class PublishError(Exception):
    """A usage problem: exit code 2."""


@dataclass
class Published:
    run: Run
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)
    stdout: str | bytes | None = None  # the page, when the output is `-`
    rendered: int = 0  # valid maps rendered
    pages: list[str] = field(default_factory=list)  # map pages, in order (not the index)
    names: list[str] = field(default_factory=list)  # each page's name without extension


def _page(loaded: LoadedMap, with_date: bool, site_extension: str | None = None) -> dict[str, Any]:
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
        index_href=INDEX_NAMES["html"] if site_extension == ".html" else None,
        related=related(loaded, site_extension),
    )


def _inputs(found: Any) -> set[Path]:
    return {Path(p).resolve() for p in [*found.maps, *found.personas]}


def publish(
    paths: Sequence[str],
    output: str | None,
    fmt: str,
    env: Environment,
    limits: Limits,
    *,
    with_date: bool = True,
    progress: Callable[[int, int], Any] | None = None,
    title: str | None = None,
    template_dir: Path | None = None,
    printer: PagePrinter | None = None,
) -> Published:
    """Render every valid map. One file → one output; a folder or several files → OUT/.

    `title` heads the index of a folder (default: the folder's name in words);
    `template_dir` lets worker processes build the same environment as `env`;
    `printer` turns each HTML page into a `fmt` file (pdf, png) as it is rendered, in
    this process (it holds the one browser), with no index: the page never touches the disk.
    """
    single = len(paths) == 1 and not Path(paths[0]).is_dir()
    extension = EXTENSIONS[fmt] if printer is None else f".{fmt}"
    found = targets(paths)
    inputs = _inputs(found)
    if single:
        run = load_all(paths, limits, command="render", found=found)
        result = Published(run, invalid=run.invalid)
        valid = [m for m in run.maps if m.ok and not m.diagnostics]
        if not valid:
            return result
        try:
            with one_file(valid[0].path):
                page = _page(valid[0], with_date)
                text = render_page(env, page, fmt if printer is None else "html")
        except Failed as failed:  # this map's error, reported as the others are
            run.report.diagnostics.append(failed.diagnostic)
            run.invalid.append(valid[0].path)
            result.invalid = run.invalid
            return result
        result.rendered = 1
        if output == "-":
            result.stdout = text if printer is None else printer(text)
            return result
        default_name = f"{page['map']['id']}{extension}"
        target = Path(output) if output else Path(default_name)
        if target.is_dir():
            target = target / default_name
        if target.resolve() in inputs:
            raise PublishError(f"{target}: is an input of this render; choose another output")
        if printer is not None:
            _check_folder(target)  # before the browser starts
        _record(result, target, text if printer is None else printer(text))
        result.pages.append(str(target))
        result.names.append(page["map"]["id"])
        return result
    if output == "-":
        raise PublishError("-o - (stdout) takes one map file, not a folder or several files")
    folder = Path(output or "rendered")
    if folder.exists() and not folder.is_dir():
        raise PublishError(f"{folder}: not a folder (several maps render into a folder)")
    if folder.resolve() in inputs:
        raise PublishError(f"{folder}: is an input of this render; choose another output")
    if printer is None:
        make_folder(folder)
    result = Published(Run.empty("render"))
    reserved = {Path(INDEX_NAMES[fmt]).stem} if fmt in INDEX_TEMPLATES else set()
    site_ext = extension if fmt in INDEX_TEMPLATES else None
    total = len(found.maps)
    if total < PARALLEL_FROM or printer is not None:
        count = [0]

        def render_here(loaded: LoadedMap) -> tuple[list[Diagnostic], Any]:
            done = _render_into(
                loaded, folder, fmt, env, with_date, site_ext, reserved, printer=printer
            )
            count[0] += 1
            if progress is not None:
                progress(count[0], total)
            return [], done

        per_map: Any = render_here
        in_process = True
    else:
        per_map = partial(
            _render_in_worker,
            folder=folder,
            fmt=fmt,
            template_dir=template_dir,
            with_date=with_date,
            site_ext=site_ext,
            reserved=frozenset(reserved),
        )
        in_process = False
    run = load_all(
        paths,
        limits,
        command="render",
        keep_maps=False,
        per_map=per_map,
        in_process=in_process,
        found=found,
    )
    result.run, result.invalid = run, run.invalid
    entries = _settle(
        run.results, folder, fmt, env, limits, with_date, site_ext, reserved, result, printer
    )
    result.rendered = len(entries)
    if fmt in INDEX_TEMPLATES:
        heading = title or site_title(paths)
        generator = entries[0]["generator"] if entries else "jmap"
        view = index_view(entries, heading, generator)
        _record(result, folder / INDEX_NAMES[fmt], render_index(env, view, fmt))
        if fmt == "html":
            for group in view["journeys"]:
                if group["href"]:
                    text = render_journey(env, journey_page(group, generator))
                    _record(result, folder / group["href"], text)
    return result


def _render_into(
    loaded: LoadedMap,
    folder: Path,
    fmt: str,
    env: Environment,
    with_date: bool,
    site_ext: str | None,
    reserved: set[str] | frozenset[str],
    name: str | None = None,
    printer: PagePrinter | None = None,
) -> dict[str, Any]:
    """Render one map into the folder; what the index and the report need of it."""
    page = _page(loaded, with_date, site_ext)
    stem = name or page["map"]["id"]
    if name is None and stem in reserved:
        stem += "-2"  # a map called index never overwrites the index
    data: str | bytes
    if printer is None:
        file, data = folder / f"{stem}{EXTENSIONS[fmt]}", render_page(env, page, fmt)
    else:  # the folder once a map prints (none: no folder), before the browser starts
        make_folder(folder)
        file, data = folder / f"{stem}.{fmt}", printer(render_page(env, page, "html"))
    try:
        changed = write_file(file, data, keep_if_same=True)
    except OSError as exc:
        raise PublishError(f"{file}: cannot write: {exc.strerror or exc}") from None
    links = [{"journey": x["journey"], "relation": x["relation"]} for x in page["map"]["links"]]
    return {
        "path": loaded.path,
        "name": stem,
        "file": str(file),
        "changed": changed,
        "entry": index_entry(page, quote(file.name), links),
    }


_ENVIRONMENTS: dict[str, Environment] = {}


def _render_in_worker(
    loaded: LoadedMap,
    *,
    folder: Path,
    fmt: str,
    template_dir: Path | None,
    with_date: bool,
    site_ext: str | None,
    reserved: frozenset[str],
) -> tuple[list[Diagnostic], Any]:
    key = str(template_dir)
    if key not in _ENVIRONMENTS:  # one environment a worker: templates compile once
        _ENVIRONMENTS[key] = environment(template_dir)
    return [], _render_into(loaded, folder, fmt, _ENVIRONMENTS[key], with_date, site_ext, reserved)


def _settle(
    results: list[Any],
    folder: Path,
    fmt: str,
    env: Environment,
    limits: Limits,
    with_date: bool,
    site_ext: str | None,
    reserved: set[str],
    result: Published,
    printer: PagePrinter | None,
) -> list[dict[str, Any]]:
    """Two maps never share an output: the second `id` becomes `id-2` (in input order),
    re-rendered here, whichever worker wrote first."""
    counts: dict[str, int] = {}
    for r in results:
        counts[r["name"]] = counts.get(r["name"], 0) + 1
    taken: set[str] = set(reserved) | {n for n, c in counts.items() if c == 1}
    loader = Loader(limits)
    entries = []
    for r in results:
        if counts[r["name"]] > 1:
            name = _unique(r["name"], taken)
            loaded = loader.load_map(Path(r["path"]))
            r = _render_into(loaded, folder, fmt, env, with_date, site_ext, reserved, name, printer)
        (result.written if r["changed"] else result.unchanged).append(r["file"])
        result.pages.append(r["file"])
        result.names.append(r["name"])
        entries.append(r["entry"])
    return entries


def _unique(stem: str, taken: set[str]) -> str:
    """Two maps with the same id in different folders get `id`, `id-2`, ..."""
    name, n = stem, 1
    while name in taken:
        n += 1
        name = f"{stem}-{n}"
    taken.add(name)
    return name


def make_folder(folder: Path) -> None:
    """The output folder of several maps: created if missing, but not the folders above
    it (as a file's folder must exist: see io/atomic.py)."""
    try:
        folder.mkdir(exist_ok=True)
    except FileNotFoundError:
        raise PublishError(
            f"{folder}: cannot create the output folder: no such folder {folder.parent}"
            " (create it first)"
        ) from None
    except OSError as exc:
        message = f"{folder}: cannot create the output folder: {exc.strerror or exc}"
        raise PublishError(message) from None


def _record(result: Published, target: Path, data: str | bytes) -> None:
    try:
        changed = write_file(target, data, keep_if_same=True)
    except OSError as exc:
        raise PublishError(f"{target}: cannot write: {exc.strerror or exc}") from None
    (result.written if changed else result.unchanged).append(str(target))


def _check_folder(target: Path) -> None:
    try:
        check_folder(target)
    except OSError as exc:
        raise PublishError(f"{target}: cannot write: {exc.strerror or exc}") from None


def site_title(paths: Sequence[str]) -> str:
    """The index's title: the folder's name in words, or "Journey maps" over several paths."""
    return title_of_folder(Path(paths[0]).resolve()) if len(paths) == 1 else "Journey maps"


# The seam `jmap serve` uses: the same pages and index as above, kept in memory.


def page_html(
    loaded: LoadedMap, env: Environment, *, with_date: bool = True
) -> tuple[str, str, dict[str, Any]]:
    """One valid map: its id, its HTML page as `render` writes it into a site, and its index
    entry (whose `href` the caller sets once it has named the pages)."""
    page = _page(loaded, with_date, EXTENSIONS["html"])
    links = [{"journey": x["journey"], "relation": x["relation"]} for x in page["map"]["links"]]
    return page["map"]["id"], render_page(env, page, "html"), index_entry(page, "", links)


def page_names(ids: Sequence[str]) -> list[str]:
    """The file names `render` gives pages of these ids, in this order, in one folder
    (`index` is the portfolio's: a map with that id gets `index-2`)."""
    taken: set[str] = {Path(INDEX_NAMES["html"]).stem}
    return [_unique(stem, taken) + EXTENSIONS["html"] for stem in ids]


def index_html(
    env: Environment, entries: list[dict[str, Any]], paths: Sequence[str], title: str | None = None
) -> str:
    """The site's index as `render` writes it over `paths`."""
    generator = entries[0]["generator"] if entries else "jmap"
    return render_index(env, index_view(entries, title or site_title(paths), generator), "html")


def journey_pages(env: Environment, entries: list[dict[str, Any]]) -> dict[str, str]:
    """File name → HTML of each journey with several maps, as `render` writes them."""
    generator = entries[0]["generator"] if entries else "jmap"
    view = index_view(entries, "", generator)
    return {
        group["href"]: render_journey(env, journey_page(group, generator))
        for group in view["journeys"]
        if group["href"]
    }

"""`jmap render`: where each page goes, the portfolio index of a folder, unchanged-aware writes.

Over a folder, each map is rendered as soon as it is loaded into a scratch folder and
only a small index entry is kept, so memory stays flat; above a few hundred maps the work
is spread over every core (io/batch.py), each worker rendering its own pages. Only once
every page, the index and the journey pages have rendered are they written to the output
folder: a template that fails on any of them (environment.TemplateFailed) leaves nothing
written, not even the folder.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment

from journeymap_cli.io.atomic import check_folder, write_file
from journeymap_cli.io.batch import PARALLEL_FROM, run
from journeymap_cli.io.boundary import OutsideProject, check_inside
from journeymap_cli.io.discover import targets
from journeymap_cli.io.guard import Failed, one_file
from journeymap_cli.io.loader import Limits, LoadedMap, Loader
from journeymap_cli.io.run import Run, load_all
from journeymap_cli.render.content import relative_source
from journeymap_cli.render.drilldown import SitePages, relinked
from journeymap_cli.render.environment import (
    EXTENSIONS,
    INDEX_NAMES,
    INDEX_TEMPLATES,
    environment,
    render_index,
    render_journey,
    render_page,
)
from journeymap_cli.render.page import page_view
from journeymap_cli.render.site import index_entry, index_view, journey_page, title_of_folder
from journeymap_cli.report.diagnostics import Diagnostic

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
    without_view: list[str] = field(default_factory=list)  # maps with no page of the view


class NoBlueprint(PublishError):
    """`--view blueprint` of one map that has no blueprint."""


NO_BLUEPRINT = "no support touchpoints, supports links or physical evidence (format 1.2)"


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
    view: str = "map",
) -> Published:
    """Render every valid map. One file → one output; a folder or several files → OUT/.

    `title` heads the index of a folder (default: the folder's name in words);
    `template_dir` lets worker processes build the same environment as `env`;
    `printer` turns each HTML page into a `fmt` file (pdf, png) in this process (it holds
    the one browser), with no index; the HTML is printed from memory, never written;
    `view`: `map` (the whole page) or `blueprint` (the service blueprint alone: maps that
    have none get no page, and one such map alone is a usage error).
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
                page = page_view(valid[0], with_date, limits.max_image_bytes)
                if view == "blueprint" and page["blueprint"] is None:
                    raise NoBlueprint(f"{valid[0].path}: no blueprint to render: {NO_BLUEPRINT}")
                text = render_page(env, page, fmt if printer is None else "html", view)
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
        target, chosen = (Path(output), False) if output else (Path(default_name), True)
        if output and output.endswith(("/", os.sep)):  # `-o out/` names a folder
            make_folder(target)
        if target.is_dir():  # chosen: a name jmap chose, never written through a link
            target, chosen = target / default_name, True
        if target.resolve() in inputs:
            raise PublishError(f"{target}: is an input of this render; choose another output")
        if printer is not None:
            _check_folder(target)  # before the browser starts
        _record(result, target, text if printer is None else printer(text), chosen=chosen)
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
    if not folder.is_dir() and not folder.parent.is_dir():  # made only once all rendered
        raise PublishError(_cannot_make(folder, _no_parent(folder)))
    staging = Path(tempfile.mkdtemp(prefix="jmap-pages-"))
    try:
        site = Site(
            staging,
            fmt,
            with_date,
            extension if fmt in INDEX_TEMPLATES else None,
            frozenset({Path(INDEX_NAMES[fmt]).stem} if fmt in INDEX_TEMPLATES else ()),
            limits.max_image_bytes,
            template_dir,
            printer,
            view,
            None
            if fmt not in INDEX_TEMPLATES
            else SitePages(extension, frozenset(relative_source(p) for p in found.maps)),
        )
        result = Published(Run.empty("render"))
        result.run = _render_all(paths, found, site, env, limits, progress)
        result.invalid = result.run.invalid
        rendered = _settle(result.run.results, site, env, limits)
        result.without_view = [r["path"] for r in rendered if r["file"] is None]
        rendered = [r for r in rendered if r["file"] is not None]
        result.rendered = len(rendered)
        extra: dict[str, str] = {}
        if fmt in INDEX_TEMPLATES:
            entries = [r["entry"] for r in rendered]
            extra = _site_pages(env, entries, title or site_title(paths), fmt)
        # every page rendered: now written, and only now is the folder made (printed pages:
        # only if a map printed)
        if printer is None or rendered:
            make_folder(folder)
        for r in rendered:
            _record(result, folder / r["file"], (staging / r["file"]).read_bytes())
            result.pages.append(str(folder / r["file"]))
            result.names.append(r["name"])
        for name, text in extra.items():
            _record(result, folder / name, text)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return result


@dataclass(frozen=True)
class Site:
    """How each page of a folder is rendered: into `staging`; picklable, for the workers."""

    staging: Path
    fmt: str
    with_date: bool
    extension: str | None  # pages link each other (and the index) with it: html and md
    reserved: frozenset[str]  # names the index takes
    image_limit: int
    template_dir: Path | None  # the workers build the same environment from it
    printer: PagePrinter | None = None  # pdf/png: in this process only (never pickled)
    view: str = "map"  # or "blueprint"
    pages: SitePages | None = None  # html and md: what each page knows of the others
    # pages rendered again once all are named: by map path, the page's name and knowledge
    again: Mapping[str, tuple[str, SitePages]] = field(default_factory=dict)


def _render_all(
    paths: Sequence[str],
    found: Any,
    site: Site,
    env: Environment,
    limits: Limits,
    progress: Callable[[int, int], Any] | None,
) -> Run:
    """Load and render every map into the staging folder, here or in worker processes."""
    total = len(found.maps)
    here = total < PARALLEL_FROM or site.printer is not None  # one browser, in this process
    if here:
        count = [0]

        def render_here(loaded: LoadedMap) -> tuple[list[Diagnostic], Any]:
            done = _render_into(loaded, site, env)
            count[0] += 1
            if progress is not None:
                progress(count[0], total)
            return [], done

        per_map: Any = render_here
    else:
        per_map = partial(_render_in_worker, site=site)
    return load_all(
        paths,
        limits,
        command="render",
        keep_maps=False,
        per_map=per_map,
        in_process=here,
        found=found,
    )


def _render_into(
    loaded: LoadedMap,
    site: Site,
    env: Environment,
    name: str | None = None,
    pages: SitePages | None = None,
) -> dict[str, Any]:
    """Render one map into the staging folder; what the index and the report need of it
    (`file` None: the map has no page of the view asked for)."""
    if loaded.path in site.again:
        name, pages = site.again[loaded.path]
    page = page_view(loaded, site.with_date, site.image_limit, site.extension, pages or site.pages)
    stem = name or page["map"]["id"]
    if name is None and stem in site.reserved:
        stem += "-2"  # a map called index never overwrites the index
    file: str | None = None
    if site.view == "map" or page[site.view] is not None:  # `--view blueprint`: if it has one
        if site.printer is None:
            file = f"{stem}{EXTENSIONS[site.fmt]}"
            data = render_page(env, page, site.fmt, site.view).encode("utf-8")
        else:  # printed from memory: the HTML itself is never written
            file, data = (
                f"{stem}.{site.fmt}",
                site.printer(render_page(env, page, "html", site.view)),
            )
        (site.staging / file).write_bytes(data)
    return {
        "path": loaded.path,
        "name": stem,
        "file": file,
        "entry": index_entry(page, quote(file or "")),
    }


_ENVIRONMENTS: dict[str, Environment] = {}


def _render_in_worker(loaded: LoadedMap, *, site: Site) -> tuple[list[Diagnostic], Any]:
    key = str(site.template_dir)
    if key not in _ENVIRONMENTS:  # one environment a worker: templates compile once
        _ENVIRONMENTS[key] = environment(site.template_dir)
    return [], _render_into(loaded, site, _ENVIRONMENTS[key])


def _settle(
    results: list[Any], site: Site, env: Environment, limits: Limits
) -> list[dict[str, Any]]:
    """Two maps never share an output: the second `id` becomes `id-2` (in input order),
    re-rendered here, whichever worker rendered first."""
    counts: dict[str, int] = {}
    for r in results:
        counts[r["name"]] = counts.get(r["name"], 0) + 1
    taken: set[str] = set(site.reserved) | {n for n, c in counts.items() if c == 1}
    loader = Loader(limits)
    settled = []
    for r in results:
        if counts[r["name"]] > 1:
            name = unique_name(r["name"], taken)
            r = _render_into(loader.load_map(Path(r["path"])), site, env, name)
        settled.append(r)
    return _linked_both_ways(settled, site, limits)


def _linked_both_ways(
    results: list[dict[str, Any]], site: Site, limits: Limits
) -> list[dict[str, Any]]:
    """Detail maps (format 1.2) link up to the stages that name them, and those stages down
    to their pages, once every page of the site is named (render/drilldown.py): the pages
    that then read differently render again, over every core as the first time."""
    again = relinked(results, site.pages) if site.pages is not None else {}
    if not again:
        return results
    redo = replace(
        site, again={results[i]["path"]: (results[i]["name"], p) for i, p in again.items()}
    )
    paths = [Path(results[i]["path"]) for i in again]
    per_map = partial(_render_in_worker, site=redo)
    done = {
        r["path"]: r
        for r in run(paths, limits, per_map, in_process=site.printer is not None).results
    }
    return [done.get(r["path"], r) for r in results]


def _site_pages(
    env: Environment, entries: list[dict[str, Any]], heading: str, fmt: str
) -> dict[str, str]:
    """File name → text of the portfolio's index and (html) of each journey's page."""
    generator = entries[0]["generator"] if entries else "jmap"
    view = index_view(entries, heading, generator)
    pages = {INDEX_NAMES[fmt]: render_index(env, view, fmt)}
    if fmt == "html":
        pages.update(journey_files(env, view, generator))
    return pages


def journey_files(env: Environment, view: dict[str, Any], generator: str) -> dict[str, str]:
    return {
        group["href"]: render_journey(env, journey_page(group, generator))
        for group in view["journeys"]
        if group["href"]
    }


def unique_name(stem: str, taken: set[str]) -> str:
    """Two maps with the same id in different folders get `id`, `id-2`, ..."""
    name, n = stem, 1
    while name in taken:
        n += 1
        name = f"{stem}-{n}"
    taken.add(name)
    return name


def make_folder(folder: Path) -> None:
    """The output folder of several maps: created if missing, but not the folders above
    it (as a file's folder must exist: see io/atomic.py); never one linked out of the
    project (a committed `rendered -> ~/elsewhere`), refused before anything is written."""
    try:
        check_inside(folder)
        folder.mkdir(exist_ok=True)
    except OutsideProject as exc:
        raise PublishError(f"{folder}: {exc.strerror}") from None
    except FileNotFoundError:
        raise PublishError(_cannot_make(folder, _no_parent(folder))) from None
    except OSError as exc:
        raise PublishError(_cannot_make(folder, str(exc.strerror or exc))) from None


def _no_parent(folder: Path) -> str:
    return f"no such folder {folder.parent} (create it first)"


def _cannot_make(folder: Path, reason: str) -> str:
    return f"{folder}: cannot create the output folder: {reason}"


def _record(result: Published, target: Path, text: str | bytes, *, chosen: bool = True) -> None:
    try:
        changed = write_file(target, text, keep_if_same=True, chosen=chosen)
    except OSError as exc:
        raise PublishError(f"{target}: cannot write: {exc.strerror or exc}") from None
    (result.written if changed else result.unchanged).append(str(target))


def site_title(paths: Sequence[str]) -> str:
    """The index's title: the folder's name in words, or "Journey maps" over several paths."""
    return title_of_folder(Path(paths[0]).resolve()) if len(paths) == 1 else "Journey maps"


def _check_folder(target: Path) -> None:
    try:
        check_folder(target)
    except OSError as exc:
        raise PublishError(f"{target}: cannot write: {exc.strerror or exc}") from None

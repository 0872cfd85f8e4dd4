"""The site in memory: every page `jmap render PATH -o DIR` would write, and what to rebuild.

The watcher hands `update()` the files that changed; only the pages that read one of them
(and whose content really changed) are built again, then the index. Pages are published
as one dict swapped whole, so a request always sees one consistent site.
"""

from __future__ import annotations

import hashlib
import re
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment

from journeymap_cli import __version__
from journeymap_cli.io.discover import discover
from journeymap_cli.io.loader import MAP_SUFFIXES, Limits
from journeymap_cli.io.paths import display_path
from journeymap_cli.render.environment import TemplateFailed, environment
from journeymap_cli.render.served import detail_parents, index_html, journey_pages, page_names
from journeymap_cli.serve.build import Built, build, digest, keys
from journeymap_cli.serve.inject import served
from journeymap_cli.serve.problems import Problem, from_config, from_template

PROBLEMS_TEMPLATE = "problems.html.j2"
MISSING = "missing"  # the version of a page the site does not have
PAGE_NAME = re.compile(r"/[^/]+\.html")  # a name the site may give a page
NOT_FOUND = (
    "no page of this name: its map was removed, renamed or not saved yet, or has another id now"
)


@dataclass(frozen=True)
class Page:
    """A page as served: the reload script in, its policy, the version the script knows."""

    body: bytes
    policy: str
    version: str
    problems: bool


@dataclass(frozen=True)
class Settings:
    paths: Sequence[str]
    template_dir: Path | None = None
    config_path: Path | None = None  # --config; else the nearest one, as every command
    max_bytes: int | None = None
    with_date: bool = True


class Site:
    def __init__(self, settings: Settings, say: Callable[[str], None]) -> None:
        self.settings, self.say = settings, say
        self.folders = [Path(p).absolute() for p in settings.paths if Path(p).is_dir()]
        self.single = len(settings.paths) == 1 and not self.folders
        self.env: Environment = environment(settings.template_dir)
        self.limits = Limits()
        self.config_problem: Problem | None = None
        self.config_files: list[Path] = []
        self._config_digests: dict[Path, str | None] = {}
        self.built: dict[Path, Built] = {}  # in the order `render` finds the maps
        self._known: set[Path] = set()  # the maps' paths, as the watcher may name them
        self._gone: set[Path] = set()  # served folders that no longer exist
        self.names: dict[Path, str] = {}
        self.index: Page | None = None
        self._cache: dict[Path, Page] = {}
        self._ups: dict[str, tuple[Mapping[str, Any], ...]] = {}  # page name → its way up
        self._pages: dict[str, Page] = {}
        self.generation = 0  # one more each time the pages change
        self.builds = 0  # pages built since the start (the benchmark counts them)
        self.closing = False
        self.changed = threading.Condition()

    # -- reading, from any thread --

    def page(self, path: str) -> Page | None:
        return self._pages.get(path)

    def version(self, path: str) -> str:
        page = self._pages.get(path)
        return page.version if page is not None else MISSING

    def wait(self, generation: int, timeout: float) -> int:
        """Wait until the pages change (or the server closes); the generation then."""
        with self.changed:
            self.changed.wait_for(
                lambda: self.generation != generation or self.closing, timeout=timeout
            )
            return self.generation

    def close(self) -> None:
        with self.changed:
            self.closing = True
            self.changed.notify_all()

    def count(self) -> tuple[int, int]:
        """Maps, and maps with problems."""
        return len(self.built), sum(1 for b in self.built.values() if b.problems)

    # -- building, from one thread at a time --

    def build_all(self) -> None:
        """Read the configuration, then build every page and the index."""
        self._configure()
        self.env = environment(self.settings.template_dir)
        self.built = {}
        self._cache = {}
        order = self._discover()
        self._refresh(order, set(order), quiet=True)

    def update(self, changes: set[Path]) -> None:
        """Rebuild what the changed files touch; nothing when no content changed."""
        changed = set().union(*(keys(p) for p in changes)) if changes else set()
        if self._config_changed(changed) or self._templates_changed(changed):
            started = time.perf_counter()
            self.build_all()
            self.say(f"rebuilt every page ({_ms(started)})")
            return
        order = list(self.built)
        if any(_may_add_or_remove_maps(p, self._known) for p in changed):
            order = self._discover()
        stale = {
            path for path in order if path not in self.built or _touched(self.built[path], changed)
        }
        # the map just saved is the page being looked at: publish it before the pages that
        # only read it (maps linking it, based on it), which follow in a second publish
        saved = {path for path in stale if keys(path) & changed}
        if saved and saved != stale:
            self._refresh(order, saved, relink=False)
            stale = (stale - saved) | self._unlinked()
        if stale or order != list(self.built):
            self._refresh(order, stale)

    def _refresh(
        self, order: list[Path], stale: set[Path], quiet: bool = False, relink: bool = True
    ) -> None:
        started = time.perf_counter()
        previous = self.built
        self.built = {}
        for path in order:
            if path in stale:
                self.built[path] = self._build(path)
            else:
                self.built[path] = previous[path]
        for gone in set(previous) - set(order):
            self._cache.pop(gone, None)
            self.say(f"{display_path(gone)}: no longer in the site")
        self._known = set().union(*(keys(p) for p in self.built)) if self.built else set()
        self._name()
        if relink:  # detail pages whose way up changed (not with the saved page: after it)
            for path in self._unlinked():
                self.built[path] = self._build(path, self._ups[self.names[path]])
                stale.add(path)
        self._publish(stale)
        if stale and not quiet:
            names = ", ".join(sorted(self.names[p] for p in stale))
            self.say(f"rebuilt {names} ({_ms(started)})")
        for path in stale:
            self._tell(path, previous.get(path))

    def _build(self, path: Path, parents: tuple[Mapping[str, Any], ...] = ()) -> Built:
        self.builds += 1
        with_date = self.settings.with_date
        return build(path, self.env, self.limits, with_date=with_date, parents=parents)

    def _unlinked(self) -> set[Path]:
        """Detail pages whose way up (as `render` writes it) is not the one they show."""
        entries = {p: e for p, b in self.built.items() if (e := b.index_entry) is not None}
        ups = detail_parents({self.names[p]: e for p, e in entries.items()})
        self._ups = {self.names[p]: ups.get(self.names[p], ()) for p in entries}
        return {p for p in entries if self.built[p].parents != self._ups[self.names[p]]}

    def _tell(self, path: Path, before: Built | None) -> None:
        """The terminal shows the same lines as the page: every problem, or that it is fixed."""
        built = self.built[path]
        for problem in built.problems:
            for line in problem.lines():
                self.say(line)
        if not built.problems and before is not None and before.problems:
            self.say(f"{display_path(path)}: fixed")

    def _name(self) -> None:
        """Names as `render` gives them to the valid maps; a map with problems keeps its
        last name, or takes its file name's."""
        valid = [p for p, b in self.built.items() if b.map_id is not None]
        ids = [self.built[p].map_id or "" for p in valid]
        names = dict(zip(valid, page_names(ids), strict=True))
        taken = set(names.values())
        for path, built in self.built.items():
            if path in names:
                continue
            stem = self.names.get(path, built.default_stem + ".html").removesuffix(".html")
            name, n = stem, 1
            while name + ".html" in taken:
                n += 1
                name = f"{stem}-{n}"
            names[path] = name + ".html"
            taken.add(names[path])
        self.names = names

    def _publish(self, stale: set[Path]) -> None:
        pages: dict[str, Page] = {}
        for path, built in self.built.items():
            if path in stale or path not in self._cache:
                self._cache[path] = self._page(built)
            pages["/" + self.names[path]] = self._cache[path]
        if self.single:
            if pages:
                pages["/"] = next(iter(pages.values()))
        else:
            self.index = self._index()
            pages["/"] = pages["/index.html"] = self.index
            pages.update(self._journeys())
        with self.changed:
            self._pages = pages
            self.generation += 1
            self.changed.notify_all()

    def _page(self, built: Built) -> Page:
        if self.config_problem is not None:
            return self._problems_page("configuration error", [self.config_problem])
        if built.html is None:
            return self._problems_page(display_path(built.path), built.problems)
        return _served(built.html, problems=False)

    def _entries(self) -> list[dict[str, Any]]:
        """The index entries of the valid maps, linked to their pages' names."""
        return [
            {**built.index_entry, "href": quote(self.names[path])}
            for path, built in self.built.items()
            if built.index_entry is not None
        ]

    def _index(self) -> Page:
        if self.config_problem is not None:
            return self._problems_page("configuration error", [self.config_problem])
        try:
            html = index_html(self.env, self._entries(), self.settings.paths)
        except TemplateFailed as failed:  # the page says where the template failed
            return self._template_problem("the index", failed)
        return _served(html, problems=False)

    def _journeys(self) -> dict[str, Page]:
        """The pages of journeys with several maps (personas compared), as `render` writes
        them, so the index's links to them answer here too."""
        if self.config_problem is not None:
            return {}
        try:
            written = journey_pages(self.env, self._entries())
        except TemplateFailed as failed:
            return {"/journey-error.html": self._template_problem("a journey page", failed)}
        return {"/" + name: _served(html, problems=False) for name, html in written.items()}

    def _template_problem(self, what: str, failed: TemplateFailed) -> Page:
        problem = from_template(failed, self._template_folders())
        for line in problem.lines():
            self.say(line)
        return self._problems_page(what, [problem])

    def _problems_page(
        self, title: str, problems: list[Problem], version: str | None = None
    ) -> Page:
        context: dict[str, Any] = {
            "title": title,
            "problems": [
                {"header": p.header(), "excerpt": p.excerpt(), "hint": p.hint} for p in problems
            ],
            "index": None if self.single else "index.html",
            "generator": f"jmap {__version__}",
        }
        try:
            html = self.env.get_template(PROBLEMS_TEMPLATE).render(**context)
        except Exception:  # the user's style.css itself may be what fails: use ours
            html = environment().get_template(PROBLEMS_TEMPLATE).render(**context)
        return _served(html, problems=True, version=version)

    def not_found(self, path: str) -> Page | None:
        """For a page name the site does not have (now): a page saying so that waits for it.
        A tab on a map that was deleted, renamed or saved by a rename would otherwise be
        left on a bare 404 with no script, never to come back by itself. Its version is the
        one `version()` gives a missing page: the page reloads as soon as the name exists."""
        if not PAGE_NAME.fullmatch(path):
            return None
        problem = Problem(path[1:], None, None, None, NOT_FOUND)
        return self._problems_page("Not found", [problem], version=MISSING)

    # -- what the site reads --

    def _discover(self) -> list[Path]:
        """The maps, in the order `render` takes them; a file named on the command line
        stays in the site while it is missing (its page says so)."""
        found = discover(self.settings.paths)
        maps = list(found.maps)
        gone = set()
        for missing in found.missing:
            if Path(missing).absolute() in self.folders:
                # a served folder moved or deleted: its maps went with it; it is not a map
                gone.add(Path(missing))
                continue
            maps.append(Path(missing))
        for folder in sorted(gone - self._gone):
            self.say(f"{display_path(folder)}: folder gone; its maps come back when it does")
        self._gone = gone
        return maps

    def _configure(self) -> None:
        from journeymap_cli.config import ConfigError, find, load

        explicit = self.settings.config_path
        located = find(Path.cwd()) if explicit is None else (explicit, False)
        # a configuration created while serving is read too
        candidates = [Path.cwd() / "jmap.toml", Path.cwd() / "pyproject.toml"]
        self.config_files = [located[0].absolute()] if located else candidates
        self._config_digests = {p: digest(p) for p in self.config_files}
        self.config_problem = None
        try:
            config = load(explicit)
        except ConfigError as exc:
            self.config_problem = from_config(exc.path, exc.line, exc.message)
            for line in self.config_problem.lines():
                self.say(line)
            return
        self.limits = config.limits(self.settings.max_bytes)  # max-image-bytes too

    def _config_changed(self, changed: set[Path]) -> bool:
        return any(keys(p) & changed and digest(p) != d for p, d in self._config_digests.items())

    def _templates_changed(self, changed: set[Path]) -> bool:
        folder = self.settings.template_dir
        if folder is None:
            return False
        roots = keys(folder)
        return any(any(p.is_relative_to(r) for r in roots) for p in changed)

    def _template_folders(self) -> list[Path]:
        from journeymap_cli.resources import data_dir

        folders = [data_dir("templates")]
        if self.settings.template_dir is not None:
            folders.append(self.settings.template_dir)
        return folders

    def inputs(self, folders: list[str]) -> set[Path]:
        """Every file the site was built from, and the watched folders (for new maps)."""
        files = {Path(f) for f in folders} | set(self._config_digests)
        for built in self.built.values():
            files |= set(built.digests)
        return files

    def watched(self) -> tuple[set[Path], set[Path]]:
        """Folders to watch with everything under them, and folders to watch alone."""
        trees = set(self.folders)
        if self.settings.template_dir is not None:
            trees.add(self.settings.template_dir.absolute())
        alone = {p.parent for p in self.config_files}
        for folder in self.folders:
            # a served folder that went away: its nearest existing parent sees it return
            while not folder.is_dir() and folder.parent != folder:
                folder = folder.parent
                alone.add(folder)
        for built in self.built.values():
            for file in built.digests:
                alone |= {k.parent for k in keys(file)}
        return trees, alone


def _served(html: str, *, problems: bool, version: str | None = None) -> Page:
    page = html.encode("utf-8")
    version = version or hashlib.blake2b(page, digest_size=8).hexdigest()
    # a problems page keeps no scroll position: the map's, from before it broke, stays kept
    body, policy = served(page, version, keep_scroll=not problems)
    return Page(body, policy, version, problems)


def _touched(built: Built, changed: set[Path]) -> bool:
    """Whether a file the page was built from changed its content (not just its time)."""
    return any(keys(file) & changed and digest(file) != d for file, d in built.digests.items())


def _may_add_or_remove_maps(path: Path, known: set[Path]) -> bool:
    """A map file or a folder (or what was one) appearing or going away."""
    if path.name.endswith(MAP_SUFFIXES):
        return path not in known or not path.exists()
    return path.is_dir() or not path.exists()


def _ms(started: float) -> str:
    return f"{(time.perf_counter() - started) * 1000:.0f} ms"

"""The seam `jmap serve` uses: the pages and index `jmap render` writes, kept in memory."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from jinja2 import Environment

from journeymap_cli.io.loader import LoadedMap
from journeymap_cli.render.drilldown import SitePages, parent_links
from journeymap_cli.render.environment import EXTENSIONS, INDEX_NAMES, render_index, render_page
from journeymap_cli.render.page import page_view
from journeymap_cli.render.publish import journey_files, site_title, unique_name
from journeymap_cli.render.site import index_entry, index_view


def page_html(
    loaded: LoadedMap,
    env: Environment,
    *,
    image_limit: int,
    with_date: bool = True,
    parents: tuple[Mapping[str, Any], ...] = (),
) -> tuple[str, str, dict[str, Any]]:
    """One valid map: its id, its HTML page as `render` writes it into a site, and its index
    entry (whose `href` the caller sets once it has named the pages). `parents`: the stages
    of the site's other maps that this map details (render/drilldown.parent_links)."""
    site = SitePages(EXTENSIONS["html"], parents=parents) if parents else None
    page = page_view(loaded, with_date, image_limit, EXTENSIONS["html"], site)
    return page["map"]["id"], render_page(env, page, "html"), index_entry(page, "")


def page_names(ids: Sequence[str]) -> list[str]:
    """The file names `render` gives pages of these ids, in this order, in one folder
    (`index` is the portfolio's: a map with that id gets `index-2`)."""
    taken: set[str] = {Path(INDEX_NAMES["html"]).stem}
    return [unique_name(stem, taken) + EXTENSIONS["html"] for stem in ids]


def index_html(
    env: Environment, entries: list[dict[str, Any]], paths: Sequence[str], title: str | None = None
) -> str:
    """The site's index as `render` writes it over `paths`."""
    generator = entries[0]["generator"] if entries else "jmap"
    return render_index(env, index_view(entries, title or site_title(paths), generator), "html")


def journey_pages(env: Environment, entries: list[dict[str, Any]]) -> dict[str, str]:
    """File name → HTML of each journey with several maps, as `render` writes them."""
    generator = entries[0]["generator"] if entries else "jmap"
    return journey_files(env, index_view(entries, "", generator), generator)


def detail_parents(
    entries: Mapping[str, Mapping[str, Any]],
) -> dict[str, tuple[Mapping[str, Any], ...]]:
    """Page name → the stages of the served maps that its map details, as `render` links a
    detail page up (`entries`: each valid map's index entry by its page's name)."""
    results = [{"entry": e, "name": n.removesuffix(EXTENSIONS["html"])} for n, e in entries.items()]
    ups = parent_links(results, EXTENSIONS["html"])
    return {n: tuple(ups[e["source"]]) for n, e in entries.items() if e["source"] in ups}

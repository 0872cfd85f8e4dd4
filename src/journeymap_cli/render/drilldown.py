"""Drill-down on the pages (format 1.2): a stage's detail map with its figures, the way up
from a detail to the maps it details, roll-up figures, and the site's hierarchy of maps.

The figures are the scoring model's (`StageScore.detail`, `MapScore.rollup`), read with
defaults so that a page renders the same whether or not the scorer has filled them in.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import quote

from journeymap_cli.format.drilldown import Detail
from journeymap_cli.io.loader import default_id
from journeymap_cli.render.content import relative_source
from journeymap_cli.score.figures import MapScore
from journeymap_cli.score.output import shown


@dataclass(frozen=True)
class SitePages:
    """What one page of a site knows of the others (picklable: workers render pages).

    `members`: the sources (paths relative to the project root) of every map the site
    renders, or None when every map named is taken to be there (`jmap serve`); `names`:
    the page name of a map whose page is not named by its id (known once all rendered);
    `parents`: the stages of other maps of the site that this map details.
    """

    extension: str
    members: frozenset[str] | None = None
    names: Mapping[str, str] = field(default_factory=dict)
    parents: tuple[Mapping[str, Any], ...] = ()

    def href(self, source: str, default_name: str) -> str | None:
        """The address of a map's page in the site, or None when the site lacks it."""
        if self.members is not None and source not in self.members:
            return None
        return quote(self.names.get(source, default_name) + self.extension)


def figures_words(experience: float | None, gap: float | None) -> str:
    """`experience 48.2 · gap 30.1` (`–` for a figure with nothing to measure)."""
    return f"experience {shown(experience)} · gap {shown(gap)}"


def stage_details(
    details: Mapping[int, Detail], score: MapScore, site: SitePages | None
) -> dict[int, dict[str, Any]]:
    """Each stage's detail map: its title, source, page (in a site) and own figures."""
    out: dict[int, dict[str, Any]] = {}
    for index, detail in sorted(details.items()):
        source = relative_source(detail.path)
        name = detail.jmap.id or default_id(detail.path)  # its page's name in a site
        figures = score.stages[index].detail
        experience = figures.experience if figures is not None else None
        gap = figures.gap if figures is not None else None
        out[index] = {
            "title": detail.jmap.title,
            "source": source,
            "name": name,
            "href": None if site is None else site.href(source, name),
            "scored": figures is not None,
            "experience": shown(experience),
            "gap": shown(gap),
            "words": figures_words(experience, gap) if figures is not None else None,
        }
    return out


def rollup(score: MapScore) -> dict[str, Any] | None:
    """The map's figures with its details rolled up (scoring.md 1.2), or None without."""
    rolled = score.rollup
    if rolled is None:
        return None
    return {
        "experience": shown(rolled.experience),
        "gap": shown(rolled.gap),
        "evidence": shown(rolled.evidence),
        "moments_of_truth": str(rolled.moments_of_truth),
        "hotspots": len(rolled.hotspots),
        "words": figures_words(rolled.experience, rolled.gap),
    }


def parents(site: SitePages | None) -> list[dict[str, Any]]:
    """The stages this page details, each with the page of the map it belongs to."""
    return [dict(p) for p in site.parents] if site is not None else []


def parent_links(
    results: Sequence[Mapping[str, Any]], extension: str | None
) -> dict[str, list[dict[str, Any]]]:
    """Source of a detail map → the stages of the site's maps that name it, in input order.
    `results`: the rendered pages (`entry` with `source`, `title`, `details`; `file`)."""
    present = {r["entry"]["source"] for r in results}
    found: dict[str, list[dict[str, Any]]] = {}
    for r in results:
        for d in r["entry"]["details"]:
            if d["source"] in present:
                found.setdefault(d["source"], []).append(
                    {
                        "title": r["entry"]["title"],
                        "href": quote(r["name"] + extension) if extension else None,
                        "stage": d["stage"],
                        "step": d["step"],
                    }
                )
    return found


def relinked(results: Sequence[Mapping[str, Any]], site: SitePages) -> dict[int, SitePages]:
    """The pages of a site to render again once every page is named, by their index in
    `results` (the rendered pages: `name`, `file`, `entry`), with what each then knows:
    a detail page, the maps whose stages it details; a page that linked a detail renamed
    or not rendered (invalid, or without a page of the view), the right name or none."""
    rendered = [r for r in results if r["file"] is not None]
    names = {r["entry"]["source"]: r["name"] for r in rendered}
    ups = parent_links(rendered, site.extension)
    again = {}
    for i, r in enumerate(results):
        source = r["entry"]["source"]
        stale = any(names.get(d["source"]) != d["linked"] for d in r["entry"]["details"])
        if r["file"] is not None and (source in ups or stale):
            again[i] = replace(
                site, members=frozenset(names), names=names, parents=tuple(ups.get(source, ()))
            )
    return again


def hierarchy(entries: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The site's maps with details as an indented tree, level 0 maps first, in input order.

    A sub-journey that several maps detail is shown in full under the first and named
    again under the others (`repeat`): the tree never grows beyond one row per link.
    Walked with a stack of its own: a hierarchy is at most 10 levels deep, but nothing
    here relies on it.
    """
    by_source = {e["source"]: e for e in entries}
    children: dict[str, list[tuple[str, Mapping[str, Any]]]] = {}
    detailed: set[str] = set()
    for e in entries:
        for d in e["details"]:
            if d["source"] in by_source:
                children.setdefault(e["source"], []).append((d["source"], d))
                detailed.add(d["source"])
    roots = [
        e["source"] for e in entries if e["source"] in children and e["source"] not in detailed
    ]
    rows: list[dict[str, Any]] = []
    shown_once: set[str] = set()
    stack: list[tuple[str, int, Mapping[str, Any] | None]] = [(r, 0, None) for r in reversed(roots)]
    while stack:
        source, level, via = stack.pop()
        entry = by_source[source]
        repeat = source in shown_once
        shown_once.add(source)
        rows.append(
            {
                "title": entry["title"],
                "href": entry["href"],
                "level": level,
                "stage": None if via is None else f"stage {via['step']}, {via['stage']}",
                "experience": entry["experience"],
                "gap": entry["gap"],
                "rollup": entry["rollup"],
                "repeat": repeat,
            }
        )
        if not repeat:
            stack += [(c, level + 1, d) for c, d in reversed(children.get(source, []))]
    return rows

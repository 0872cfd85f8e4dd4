"""One valid map's page as a view-model: its scores, last commit date and the maps it names
(render/related.py, render/drilldown.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from journeymap_cli.io.git import last_changed
from journeymap_cli.io.loader import LoadedMap
from journeymap_cli.render.drilldown import SitePages
from journeymap_cli.render.environment import INDEX_NAMES
from journeymap_cli.render.related import related
from journeymap_cli.render.view import build
from journeymap_cli.score.figures import MapScore, score_map


def scored(loaded: LoadedMap) -> MapScore:
    """The figures of a valid map, with its detail maps (roll-up, scoring.md 1.2)."""
    assert loaded.jmap is not None
    return score_map(loaded.path, loaded.jmap, loaded.persona, details=loaded.details)


def page_view(
    loaded: LoadedMap,
    with_date: bool,
    image_limit: int,
    site_extension: str | None = None,
    site: SitePages | None = None,
) -> dict[str, Any]:
    """The view-model of a valid map's page (render/view.py). `image_limit`: max-image-bytes,
    as the map was checked with; `site_extension`: pages of a site link each other; `site`:
    what this page knows of the site's other pages (default: each map is there by its id)."""
    assert loaded.jmap is not None and loaded.persona is not None
    score = scored(loaded)
    modified = last_changed(Path(loaded.path)) if with_date else None
    if site is None and site_extension is not None:
        site = SitePages(site_extension)
    return build(
        loaded.path,
        loaded.jmap,
        loaded.persona,
        score,
        persona_source=loaded.persona_path,
        modified=modified,
        index_href=INDEX_NAMES["html"] if site_extension == ".html" else None,
        related=related(loaded, site_extension),
        image_limit=image_limit,
        details=loaded.details,
        site=site,
    )

"""PDF and PNG of rendered pages, through one headless Chromium or Chrome (render/chromium.py).

Paged PDF: the page's print stylesheet on the chosen paper, landscape. Poster: the whole
page laid out at a width whose shape matches the sheet, then scaled onto one sheet so that
nothing is cut off. PNG: the page (or the poster's layout) as one image at device scale 2.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from journeymap_cli.render.chromium import Browser, Tab

PAPERS = {"A0": (1189, 841), "A1": (841, 594), "A2": (594, 420), "A3": (420, 297), "A4": (297, 210)}
MARGIN_MM = 10
MM_PER_INCH = 25.4
CSS_PX_PER_INCH = 96
POSTER_START = 1600  # px: the first layout width tried for a poster
# Paged PDFs print a CSS pixel at 0.9 of its size: an A3 sheet then holds the page at its
# full design width (1680 px, style.css) and 14 px text prints at 9.5 pt on any paper.
# At 1.0 the emotion curve with the touchpoints (one block that must not split, ~900 px
# tall for the examples) no longer fitted under the lanes above it, so the page before it
# was left a quarter full (measured on examples/car-purchase: pages 91/24/94/85/82 % full
# at 1.0, 94/94/94/35 % at 0.9).
PAGED_SCALE = 0.9


def _inches(mm: float) -> float:
    return mm / MM_PER_INCH


def _size(tab: Tab) -> tuple[int, int]:
    width, height = tab.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.scrollHeight]"
    )
    return int(width), int(height)


def set_paper(tab: Tab, paper: str) -> None:
    """The page's `@page` size wins over the printer's paper: set it to the chosen sheet
    (an inline style, which the page's Content-Security-Policy allows)."""
    long, short = PAPERS[paper]
    rule = f"@page {{ size: {long}mm {short}mm; margin: {MARGIN_MM}mm; }}"
    tab.evaluate(
        "(() => { const s = document.createElement('style');"
        f" s.textContent = {rule!r}; document.head.appendChild(s); }})()"
    )


def poster_layout(tab: Tab, paper: str) -> tuple[int, int, float]:
    """Width, height and print scale of a layout shaped like the sheet (landscape)."""
    long, short = PAPERS[paper]
    ratio = short / long
    tab.evaluate("document.documentElement.classList.add('poster')")
    tab.browser.send("Emulation.setEmulatedMedia", tab.session, media="print")
    width = POSTER_START
    tab.resize(width, 1000)
    height = _size(tab)[1]
    for _ in range(4):  # a wider layout is shorter: move towards the sheet's shape
        if height / width <= ratio * 1.05:
            break
        width = int(((width * height) / ratio) ** 0.5)
        tab.resize(width, 1000)
        width, height = _size(tab)
    avail_w = (_inches(long - 2 * MARGIN_MM)) * CSS_PX_PER_INCH
    avail_h = (_inches(short - 2 * MARGIN_MM)) * CSS_PX_PER_INCH
    # 3 % to spare: print layout rounds lines and borders a little differently
    scale = 0.97 * min(avail_w / width, avail_h / height, 2.0)
    return width, height, max(scale, 0.1)


def pdf(tab: Tab, paper: str, poster: bool) -> bytes:
    long, short = PAPERS[paper]
    margin = _inches(MARGIN_MM)
    params: dict[str, Any] = {
        "paperWidth": _inches(long),
        "paperHeight": _inches(short),
        "marginTop": margin,
        "marginBottom": margin,
        "marginLeft": margin,
        "marginRight": margin,
        "printBackground": True,
        "preferCSSPageSize": False,
        "scale": PAGED_SCALE,
    }
    set_paper(tab, paper)
    if poster:
        _, _, scale = poster_layout(tab, paper)
        params.update(scale=round(scale, 4), pageRanges="1")
    return tab.pdf(**params)


def png(tab: Tab, width: int, poster: bool, paper: str) -> bytes:
    if poster:
        layout_width, _, _ = poster_layout(tab, paper)
        tab.browser.send("Emulation.setEmulatedMedia", tab.session, media="")
        tab.resize(layout_width, 1000, 2)
    else:
        tab.resize(width, 1000, 2)
    return tab.screenshot(full=True)


def export(
    browser_path: str,
    pages: Sequence[tuple[Path, Path]],
    kind: str,
    *,
    paper: str = "A3",
    poster: bool = False,
    width: int = 1600,
    write: Callable[[Path, bytes], None],
    progress: Callable[[int, int], None] | None = None,
) -> None:
    """Print each (html, output) pair and `write` it, one browser for all of them."""
    with Browser(browser_path) as browser:
        for done, (html, target) in enumerate(pages, 1):
            tab = browser.open(html.resolve().as_uri(), width=width, height=1000)
            try:
                data = pdf(tab, paper, poster) if kind == "pdf" else png(tab, width, poster, paper)
            finally:
                tab.close()
            write(target, data)
            if progress is not None:
                progress(done, len(pages))

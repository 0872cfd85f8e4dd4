"""PDF and PNG of rendered pages, through one headless Chromium or Chrome (render/chromium.py).

Paged PDF: the page's print stylesheet on the chosen paper, landscape. Poster: the whole
page laid out at a width whose shape matches the sheet, then scaled onto one sheet so that
nothing is cut off. PNG: the page (or the poster's layout) as one image at device scale 2.

A page may come from a stranger's `--template` folder: it goes to the browser from memory
and is shown locked down (render/isolation.py), so no script of jmap's runs in it either:
what jmap adds (the sheet's `@page` size, the poster's class) is written into the HTML
beforehand, and sizes are measured with DevTools' layout metrics.
"""

from __future__ import annotations

import re
from types import TracebackType
from typing import Any

from journeymap_cli.render.chromium import TIMEOUT, Browser, Tab
from journeymap_cli.render.isolation import show

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
_HEAD_END = re.compile(r"</head\s*>", re.IGNORECASE)
_HTML_TAG = re.compile(r"<html\b[^>]*>", re.IGNORECASE)
_DOCTYPE = re.compile(r"^\s*<!doctype[^>]*>", re.IGNORECASE)
_CLASS = re.compile(r"""(\sclass\s*=\s*)(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.IGNORECASE)


def _inches(mm: float) -> float:
    return mm / MM_PER_INCH


def with_paper(html: str, paper: str) -> str:
    """The page's `@page` size wins over the printer's paper: set it to the chosen sheet
    (an inline style, last in the head, which the page's Content-Security-Policy allows)."""
    long, short = PAPERS[paper]
    style = f"<style>@page {{ size: {long}mm {short}mm; margin: {MARGIN_MM}mm; }}</style>"
    end = _HEAD_END.search(html)
    return html[: end.start()] + style + html[end.start() :] if end else html + style


def with_class(html: str, name: str) -> str:
    """`name` added to the classes of the page's <html> element (style.css's `html.poster`)."""
    tag = _HTML_TAG.search(html)
    if tag is None:  # no <html> tag: one after the doctype (before it, quirks mode)
        doctype = _DOCTYPE.match(html)
        at = doctype.end() if doctype else 0
        return f'{html[:at]}<html class="{name}">{html[at:]}'
    found = _CLASS.search(tag[0])
    if found is None:
        new = f'{tag[0][:5]} class="{name}"{tag[0][5:]}'
    else:
        old = next(v for v in found.groups()[1:] if v is not None)
        quote = "'" if found[3] is not None else '"'
        new = (
            f"{tag[0][: found.start()]}{found[1]}{quote}{old} {name}{quote}{tag[0][found.end() :]}"
        )
    return html[: tag.start()] + new + html[tag.end() :]


def poster_layout(tab: Tab, paper: str) -> tuple[int, int, float]:
    """Width, height and print scale of a layout shaped like the sheet (landscape)."""
    long, short = PAPERS[paper]
    ratio = short / long
    tab.browser.send("Emulation.setEmulatedMedia", tab.session, media="print")
    width = POSTER_START
    tab.resize(width, 1000)
    height = tab.size()[1]
    for _ in range(4):  # a wider layout is shorter: move towards the sheet's shape
        if height / width <= ratio * 1.05:
            break
        width = int(((width * height) / ratio) ** 0.5)
        tab.resize(width, 1000)
        width, height = tab.size()
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


class Printer:
    """Pages (HTML text) to PDF or PNG bytes, all in one browser, started at the first page
    and ended, with its profile, when the `with` block ends, however it ends."""

    def __init__(
        self,
        browser_path: str,
        kind: str,
        *,
        paper: str = "A3",
        poster: bool = False,
        width: int = 1600,
        timeout: float | None = None,
    ) -> None:
        self.browser_path, self.kind = browser_path, kind
        self.timeout = TIMEOUT if timeout is None else timeout
        self.paper, self.poster, self.width = paper, poster, width
        self.browser: Browser | None = None

    def __enter__(self) -> Printer:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self.browser is not None:
            self.browser.close()

    def __call__(self, html: str) -> bytes:
        if self.kind == "pdf":
            html = with_paper(html, self.paper)
        if self.poster:
            html = with_class(html, "poster")
        if self.browser is None:
            self.browser = Browser(self.browser_path, self.timeout, offline=True)
        tab = show(self.browser, html.encode("utf-8"), self.width, 1000)
        if self.kind == "pdf":
            data = pdf(tab, self.paper, self.poster)
        else:
            data = png(tab, self.width, self.poster, self.paper)
        tab.close()  # not on failure: the browser is ended then, without waiting on it
        return data

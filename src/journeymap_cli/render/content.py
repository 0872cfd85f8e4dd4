"""Text of a page made for people: metrics, short links, quotes, images, relative paths.

Format 1.1 fields (structured metrics, quotes, images, opportunity mappings) are read with
`getattr` so that maps of format 1.0 and 1.1 go through the same functions.
"""

from __future__ import annotations

import base64
import errno
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from journeymap_cli.format.parts import metric_label
from journeymap_cli.io.boundary import project_root
from journeymap_cli.io.references import MIME_TYPES, image_kind, image_too_large
from journeymap_cli.io.source import FILES, TooLarge

_URL = re.compile(r"^https?://[^\s<>\"'`]+$", re.IGNORECASE)
NBSP = "\u00a0"


def safe_href(text: str) -> str | None:
    """The link itself when it is http(s) and nothing else; None for anything else."""
    candidate = text.strip()
    return candidate if _URL.match(candidate) else None


def short_link(url: str) -> str:
    """`https://www.example.com/research/2024/interviews/7.pdf` → `example.com/…/7.pdf`."""
    parts = urlsplit(url)
    host = parts.hostname or url
    host = host.removeprefix("www.")
    segments = [s for s in parts.path.split("/") if s]
    if not segments:
        return host
    if len(segments) == 1 and len(segments[0]) <= 24:
        return f"{host}/{segments[0]}"
    last = segments[-1]
    if len(last) > 22:
        last = last[:20] + "…"
    return f"{host}/…/{last}" if len(segments) > 1 else f"{host}/{last}"


def evidence(items: list[str]) -> list[dict[str, Any]]:
    """Each reference as a short link (full URL in `title`) or as plain text."""
    out = []
    for item in items:
        href = safe_href(item)
        out.append({"text": short_link(href) if href else item, "href": href, "title": item})
    return out


def relative_source(path: str | Path) -> str:
    """A file's path relative to its project root, with `/`: never the machine's folders."""
    target = Path(path).resolve()
    root = project_root(target.parent)
    try:
        return target.relative_to(root).as_posix()
    except ValueError:
        return target.name


def label_of_metric(key: str, raw: Any) -> str:
    """A metric's name on a page: its `label` as written, else the key in words
    (format/parts.py) starting with a capital: `nps_90_days` → `NPS 90 days`,
    `organic_visits_per_week` → `Organic visits per week`, `iPhone_sales` unchanged."""
    text = metric_label(key, raw)
    if getattr(raw, "label", None):
        return text
    first = text.split(" ", 1)[0]
    return text[:1].upper() + text[1:] if first.islower() else text


def number(value: float | int | str, unit: str | None = None) -> str:
    """5400 → `5,400`; 0.35 → `0.35`; with its unit (`%` attached, others after a space)."""
    if isinstance(value, bool | str):
        text = str(value)
    elif isinstance(value, int):
        text = f"{value:,}"
    else:
        text = f"{value:,.4f}".rstrip("0").rstrip(".") if value % 1 else f"{int(value):,}"
    text = text.replace("-", "\u2212", 1) if text.startswith("-") else text
    if not unit:
        return text
    return f"{text}{unit}" if unit == "%" else f"{text}{NBSP}{unit}"


def metric(key: str, raw: Any) -> dict[str, Any]:
    """A metric of 1.0 (a number or text) or 1.1 (a mapping with value, unit, target...)."""
    value = getattr(raw, "value", raw)
    unit = getattr(raw, "unit", None)
    label = label_of_metric(key, raw)
    target = getattr(raw, "target", None)
    better = getattr(raw, "better", None)
    met: bool | None = None
    if target is not None and isinstance(value, int | float) and better in ("higher", "lower"):
        met = value >= target if better == "higher" else value <= target
    return {
        "key": key,
        "label": label,
        "value": number(value, unit),
        "target": None if target is None else number(target, unit),
        "met": met,
        "met_words": None if met is None else ("target met" if met else "target not met"),
        "source": getattr(raw, "source", None),
        "date": getattr(raw, "date", None),
    }


def quote(raw: Any) -> dict[str, Any]:
    """A quote of 1.1: a string, or a mapping with text, who, source and date."""
    if isinstance(raw, str):
        return {"text": raw, "who": None, "source": None, "date": None}
    source = getattr(raw, "source", None)
    return {
        "text": raw.text,
        "who": getattr(raw, "who", None),
        "source": evidence([source])[0] if source else None,
        "date": getattr(raw, "date", None),
    }


def image(raw: Any, map_path: str, limit: int) -> dict[str, Any]:
    """An image as a `data:` URI with its alt text, read within `limit` (max-image-bytes).

    The loader has checked the image with the same limit (io/references.py) before a page
    is built; one that changed since (grown, gone, no longer an image) is an OSError
    naming it, which the page's caller reports at the map, never an image left out.
    """
    path = Path(map_path).resolve().parent / str(raw.path)
    try:
        data = FILES.read(path, limit)
    except TooLarge as exc:
        raise OSError(errno.EFBIG, image_too_large(str(raw.path), exc.size, limit)[0]) from None
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise OSError(exc.errno, f"image {str(raw.path)!r}: {reason}") from None
    kind = image_kind(data[:16])
    if kind is None:
        raise OSError(
            errno.EINVAL, f"image {str(raw.path)!r} is no longer a PNG, JPEG, GIF or WebP"
        )
    return {
        "src": f"data:{MIME_TYPES[kind]};base64,{base64.b64encode(data).decode('ascii')}",
        "alt": getattr(raw, "alt", "") or "",
        "caption": getattr(raw, "caption", None),
    }

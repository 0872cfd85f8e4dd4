"""One Jinja Environment: packaged templates, overridable by a user's folder, safe by default."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    select_autoescape,
)

from journeymap_cli.resources import data_dir

TEMPLATES = {
    "html": "map.html.j2",
    "md": "map.md.j2",
    "mermaid": "journey.mmd.j2",
}
INDEX_TEMPLATES = {"html": "index.html.j2", "md": "index.md.j2"}
JOURNEY_TEMPLATE = "journey.html.j2"  # a journey's personas overlaid (site pages)
EXTENSIONS = {"html": ".html", "md": ".md", "mermaid": ".mmd", "json": ".json"}


def md(text: Any) -> str:
    """Text for a Markdown table cell or line: nothing in it can become markup or HTML.

    Order matters (FINDINGS.md): backslash and pipe first, then the HTML characters, and
    newlines become <br> last so the <br> itself is not escaped.
    """
    out = str(text)
    for char in ("\\", "|", "[", "]", "`", "*", "_"):
        out = out.replace(char, "\\" + char)
    out = out.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    # nothing at the start may read as a heading or a list item
    out = re.sub(r"^(\s*)([#+=-])", r"\1\\\2", out)
    out = re.sub(r"^(\s*\d+)([.)])", r"\1\\\2", out)
    return re.sub(r"\r\n|\r|\n", "<br>", out)


def mermaid(text: Any) -> str:
    """Text for a Mermaid journey line: `:` `;` `#` and newlines would break the syntax."""
    out = re.sub(r"[\r\n]+", " ", str(text))
    out = out.replace(":", " -").replace(";", ",").replace("#", "no. ")
    out = out.replace("<", "\u2039").replace(">", "\u203a").replace("%%", "%")  # angle quotes
    return out.strip() or "untitled"


def mermaid_score(performance: int | None, low: int, high: int) -> int:
    """A rating mapped onto Mermaid's 1-5; an unrated touchpoint is shown neutral (3)."""
    if performance is None:
        return 3
    return round(1 + 4 * (performance - low) / (high - low))


def environment(template_dir: Path | None = None) -> Environment:
    loaders = [FileSystemLoader(str(template_dir))] if template_dir is not None else []
    loaders.append(FileSystemLoader(str(data_dir("templates"))))
    env = Environment(
        loader=ChoiceLoader(loaders),
        undefined=StrictUndefined,
        # select_autoescape matches the end of the name: list .html.j2 explicitly.
        autoescape=select_autoescape(
            enabled_extensions=("html", "html.j2", "htm", "xml", "svg", "svg.j2"),
            default_for_string=True,
            default=False,
        ),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = md
    env.filters["mermaid"] = mermaid
    env.globals["mermaid_score"] = mermaid_score
    return env


def render_page(env: Environment, view: dict[str, Any], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(view, indent=2, ensure_ascii=False) + "\n"
    return env.get_template(TEMPLATES[fmt]).render(page=view)


def render_index(env: Environment, site: dict[str, Any], fmt: str) -> str:
    return env.get_template(INDEX_TEMPLATES[fmt]).render(site=site)


def render_journey(env: Environment, journey: dict[str, Any]) -> str:
    return env.get_template(JOURNEY_TEMPLATE).render(journey=journey)


def template_problem(exc: Exception) -> str:
    """Where a template failed and why, as `file:line: message`.

    Jinja puts the template's own file and line into the traceback of an error raised
    while rendering (an undefined name, a filter that fails, a division by zero in a
    user's template); a syntax error carries them itself.
    """
    from jinja2 import TemplateNotFound, TemplateSyntaxError

    if isinstance(exc, TemplateSyntaxError):
        return f"{exc.filename or exc.name}:{exc.lineno}: {exc.message}"
    import traceback

    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith(".j2")]
    where = f"{frames[-1].filename}:{frames[-1].lineno}: " if frames else ""
    if isinstance(exc, TemplateNotFound):
        return f"{where}no such template: {exc.name}"
    message = str(exc) if isinstance(exc, TemplateError) else f"{type(exc).__name__}: {exc}"
    return f"{where}{message}"

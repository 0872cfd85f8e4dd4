"""The one Jinja environment (sandboxed): packaged templates, overridable by a confined folder."""

from __future__ import annotations

import functools
import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    select_autoescape,
)
from jinja2.loaders import split_template_path
from jinja2.sandbox import SandboxedEnvironment

from journeymap_cli.markdown import WORD_JOINER
from journeymap_cli.markdown import escape as md
from journeymap_cli.resources import data_dir

TEMPLATES = {
    "html": "map.html.j2",
    "md": "map.md.j2",
    "mermaid": "journey.mmd.j2",
}
# `--view blueprint`: the service blueprint alone (format 1.2), by format
VIEW_TEMPLATES = {"blueprint": {"html": "blueprint.html.j2", "md": "blueprint.md.j2"}}
INDEX_TEMPLATES = {"html": "index.html.j2", "md": "index.md.j2"}
JOURNEY_TEMPLATE = "journey.html.j2"  # a journey's personas overlaid (site pages)
EXTENSIONS = {"html": ".html", "md": ".md", "mermaid": ".mmd", "json": ".json"}
INDEX_NAMES = {"html": "index.html", "md": "README.md"}  # a folder's index, by format


# Mermaid's journey lexer (case-insensitive, first rule wins) reads a keyword wherever a
# token starts, which is at the start of a task line: a touchpoint "Journey planner app",
# "Section 8 voucher" or "Title transfer" would become a keyword and rewrite the diagram,
# and `%` there starts a comment. An invisible WORD JOINER in front makes it a task name.
_MERMAID_KEYWORD = re.compile(r"(?i)journey|title|section|acc|%")
# `%%` anywhere starts a comment (or a `%%{init}%%` directive): split every pair.
_MERMAID_PERCENTS = re.compile(r"%(?=%)")
# What JavaScript's `\s` strips at a token's start, which Python's strip() leaves (BOM).
_MERMAID_EDGES = re.compile(r"^[\s\ufeff]+|[\s\ufeff]+$")


def mermaid(text: Any, actor: bool = False) -> str:
    """Text for a Mermaid journey line: it stays one task, section or title, never syntax.

    `:` `;` `#` and newlines would end the name; a keyword or `%` at its start, and `%%`
    anywhere, would be read as syntax or a comment (checked with mermaid 11 in Chromium).
    With actor=True (a task's owner) a comma, which separates actors, becomes U+201A.
    """
    out = re.sub(r"[\r\n]+", " ", str(text))
    out = out.replace(":", " -").replace(";", ",").replace("#", "no. ")
    if actor:
        out = out.replace(",", "\u201a")
    out = out.replace("<", "\u2039").replace(">", "\u203a")  # angle quotes
    out = _MERMAID_PERCENTS.sub("%" + WORD_JOINER, _MERMAID_EDGES.sub("", out))
    if _MERMAID_KEYWORD.match(out):
        out = WORD_JOINER + out
    return out or "untitled"


def mermaid_score(performance: int | None, low: int, high: int) -> int:
    """A rating mapped onto Mermaid's 1-5; an unrated touchpoint is shown neutral (3)."""
    if performance is None:
        return 3
    return round(1 + 4 * (performance - low) / (high - low))


class ConfinedLoader(FileSystemLoader):
    """A user's template folder: a file (or symlink) that resolves outside it is refused.

    Without this, `map.html.j2 -> /etc/shadow` (or a symlink to a private key) in a shared
    template folder would print that file into the page. Refused loudly, not skipped: a
    skipped template would silently fall back to the packaged one.
    """

    def __init__(self, folder: Path) -> None:
        super().__init__(str(folder))
        self.root = os.path.realpath(folder)

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        # checked before reading: a symlink to a FIFO or /dev/zero must not even be opened
        filename = os.path.join(self.searchpath[0], *split_template_path(template))
        if os.path.lexists(filename):
            real = os.path.realpath(filename)
            if os.path.commonpath([self.root, real]) != self.root:
                raise TemplateError(
                    f"{filename}: resolves outside the template folder {self.searchpath[0]}"
                )
        # a file that cannot be read is the template's error, even where one of jmap's own
        # templates includes it (a user's _card.html.j2): Jinja's errors are TemplateErrors
        try:
            return super().get_source(environment, template)
        except TemplateNotFound:  # an OSError too: falls back to the packaged template
            raise
        except UnicodeDecodeError as exc:
            raise TemplateError(f"{filename}: not UTF-8 text (byte {exc.start})") from None
        except OSError as exc:
            raise TemplateError(f"{filename}: cannot read: {exc.strerror or exc}") from None


def environment(template_dir: Path | None = None) -> Environment:
    """The one Jinja environment, sandboxed: a user's templates must not run code.

    SandboxedEnvironment refuses `cycler.__init__.__globals__` and the like (a
    SecurityError, reported as a template error). Our own templates run in it too, so
    there is one environment: on the 4,000-touchpoint map it adds 5-11% to the HTML
    template's time (0.02-0.09 s of a 2-4 s render) and nothing to Markdown
    (docs/performance.md).

    Without a template folder it is built once a process: the packaged templates then
    compile once (~60 ms for the HTML and Markdown pages), not on every page a long-lived
    `jmap serve` shows; Jinja still reloads a packaged template whose file changes. A user's
    folder gets a new environment each time, so a template added there later is seen.
    """
    if template_dir is None:
        return _packaged_environment()
    return _build(template_dir)


@functools.cache
def _packaged_environment() -> Environment:
    return _build(None)


def _build(template_dir: Path | None) -> Environment:
    loaders: list[BaseLoader] = [ConfinedLoader(template_dir)] if template_dir is not None else []
    loaders.append(FileSystemLoader(str(data_dir("templates"))))
    env = SandboxedEnvironment(
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


class TemplateFailed(Exception):
    """A template that could not be rendered: `FILE:LINE: message` (the place when known).

    Not one of the errors io/guard.py turns into a map's JM900/JM901: a template's error is
    the run's (`template error: ...`, exit 2, nothing written), whatever map it rendered.
    """

    def __init__(self, file: str | None, line: int | None, message: str) -> None:
        super().__init__(file, line, message)  # the arguments again: it pickles (workers)
        self.file, self.line, self.message = file, line, message

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}" if self.file else self.message


def render_page(env: Environment, view: dict[str, Any], fmt: str, kind: str = "map") -> str:
    """A map's page: the whole map, or one view of it (`blueprint`: VIEW_TEMPLATES)."""
    if fmt == "json":
        return json.dumps(view, indent=2, ensure_ascii=False) + "\n"
    return _render(env, TEMPLATES[fmt] if kind == "map" else VIEW_TEMPLATES[kind][fmt], page=view)


def render_index(env: Environment, site: dict[str, Any], fmt: str) -> str:
    return _render(env, INDEX_TEMPLATES[fmt], site=site)


def render_journey(env: Environment, journey: dict[str, Any]) -> str:
    return _render(env, JOURNEY_TEMPLATE, journey=journey)


def _render(env: Environment, name: str, **context: Any) -> str:
    """A template rendered; TemplateFailed for Jinja's errors (syntax, an undefined name, a
    missing include, the sandbox) and for anything a user's template raises (`{{ 1/0 }}`).
    What raises in a packaged template is left as it is: a map's content that breaks one
    of jmap's own templates is that map's problem (io/guard.py), and jmap's bug."""
    try:
        return env.get_template(name).render(**context)
    except TemplateError as exc:
        raise template_failure(exc) from exc
    except Exception as exc:
        failure = template_failure(exc)
        if failure.file is None or _packaged(failure.file):
            raise
        raise failure from exc


def _packaged(file: str) -> bool:
    packaged = os.path.realpath(data_dir("templates"))
    return os.path.commonpath([packaged, os.path.realpath(file)]) == packaged


def template_failure(exc: Exception) -> TemplateFailed:
    """Where a template failed and why.

    Jinja puts the template's own file and line into the traceback of an error raised
    while rendering (an undefined name, a filter that fails, a division by zero in a
    user's template); a syntax error carries them itself.
    """
    from jinja2 import TemplateSyntaxError

    if isinstance(exc, TemplateSyntaxError):
        return TemplateFailed(exc.filename or exc.name, exc.lineno, exc.message or "")
    import traceback

    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith(".j2")]
    file, line = (frames[-1].filename, frames[-1].lineno) if frames else (None, None)
    if isinstance(exc, TemplateNotFound):
        return TemplateFailed(file, line, f"no such template: {exc.name}")
    message = str(exc) if isinstance(exc, TemplateError) else f"{type(exc).__name__}: {exc}"
    return TemplateFailed(file, line, message)

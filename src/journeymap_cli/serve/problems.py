"""Why a page cannot be shown, with the source line and a caret: for the terminal and the page.

Map diagnostics, a template's error and a configuration error all become `Problem`s; the
terminal prints `lines()` and the diagnostics page shows exactly the same text, escaped.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from journeymap_cli.io.paths import display_path
from journeymap_cli.render.environment import TemplateFailed
from journeymap_cli.report.diagnostics import Diagnostic

_WIDE = 200  # a longer line (minified, generated) is shown around its column, as in report/text


@dataclass(frozen=True)
class Problem:
    """One problem at `path:line:column`; line and column are None when not known."""

    path: str
    line: int | None
    column: int | None
    code: str | None
    message: str
    hint: str | None = None
    source: str | None = None  # the text of the line, when it may be quoted

    def header(self) -> str:
        """`path:line:col: CODE message`, the convention editors and problem matchers read."""
        where = self.path + "".join(f":{n}" for n in (self.line, self.column) if n is not None)
        return f"{where}: {self.code + ' ' if self.code else ''}{self.message}"

    def excerpt(self) -> list[str]:
        """The quoted line and a caret under the column, laid out as `jmap validate` does."""
        if self.source is None or self.line is None:
            return []
        text, column = self.source.expandtabs(1), self.column
        if len(text) > _WIDE and column is not None:
            start = max(0, column - _WIDE // 2)
            text, column = text[start : start + _WIDE], column - start
        gutter = f"{self.line:>5} | "
        quoted = [gutter + text]
        if column is not None:
            quoted.append(" " * (len(gutter) - 2) + "| " + " " * (column - 1) + "^")
        return quoted

    def lines(self) -> list[str]:
        return [self.header(), *self.excerpt(), *([f"  hint: {self.hint}"] if self.hint else [])]


def source_line(text: str | None, line: int | None) -> str | None:
    if text is None or line is None:
        return None
    lines = text.splitlines()
    return lines[line - 1] if 1 <= line <= len(lines) else None


def from_diagnostic(d: Diagnostic, text: str | None) -> Problem:
    return Problem(d.path, d.line, d.column, d.code, d.message, d.hint, source_line(text, d.line))


def from_config(path: str, line: int, message: str) -> Problem:
    try:
        text: str | None = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        text = None
    return Problem(path, line, None, None, message, None, source_line(text, line))


def from_template(failed: TemplateFailed, folders: list[Path]) -> Problem:
    """A template that failed: its file and line when Jinja knows them, its line quoted
    when the file is in one of the template folders."""
    if failed.file is None:
        return Problem("template", None, None, None, f"template error: {failed.message}")
    file, line, message = Path(failed.file), failed.line, failed.message
    source = None
    if any(file.resolve().is_relative_to(folder.resolve()) for folder in folders):
        try:
            source = source_line(file.read_text(encoding="utf-8"), line)
        except (OSError, UnicodeDecodeError):
            source = None
    return Problem(display_path(file), line, None, None, f"template error: {message}", None, source)

"""The configuration file: `jmap.toml`, or `[tool.jmap]` in `pyproject.toml`.

Found by walking up from the working folder (the first folder holding either wins);
`--config PATH` names one explicitly. Unknown keys and bad values are errors that name
the file and the line of the key.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from journeymap_cli.suggest import did_you_mean

FAIL_UNDER_FIGURES = (
    "experience",
    "completeness",
    "ownership",
    "emotion.low",
    "emotion.high",
    "emotion.end",
)
FAIL_OVER_FIGURES = ("gap",)

_TOP_KEYS = ("max-bytes", "score")
_SCORE_KEYS = ("fail-under", "fail-over")


class ConfigError(Exception):
    """A configuration problem at `path:line`."""

    def __init__(self, path: str, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message = path, line, message


@dataclass
class Config:
    path: str | None = None  # None: no configuration file
    max_bytes: int | None = None
    fail_under: dict[str, float] = field(default_factory=dict)
    fail_over: dict[str, float] = field(default_factory=dict)


def find(start: Path) -> tuple[Path, bool] | None:
    """The nearest jmap.toml, or pyproject.toml with a [tool.jmap] table, at or above start."""
    for folder in (start, *start.parents):
        candidate = folder / "jmap.toml"
        if candidate.is_file():
            return candidate, False
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and re.search(
            r"^\s*\[tool\.jmap[\].]", pyproject.read_text(encoding="utf-8", errors="replace"), re.M
        ):
            return pyproject, True
    return None


def load(explicit: Path | None = None, start: Path | None = None) -> Config:
    """Read and check the configuration; an empty Config when there is none."""
    if explicit is not None:
        located: tuple[Path, bool] | None = (explicit, explicit.name == "pyproject.toml")
    else:
        located = find(start or Path.cwd())
    if located is None:
        return Config()
    path, in_pyproject = located
    label = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(label, 1, f"cannot read the configuration: {exc}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        raise ConfigError(label, int(match[1]) if match else 1, f"not TOML: {exc}") from None
    if in_pyproject:
        data = data.get("tool", {}).get("jmap", {})
    return _check(data, _Lines(label, text, "tool.jmap" if in_pyproject else ""))


class _Lines:
    """Finds the line of a key for error messages (tomllib keeps no positions)."""

    def __init__(self, label: str, text: str, prefix: str) -> None:
        self.label, self.lines, self.prefix = label, text.splitlines(), prefix

    def line_of(self, key: str, table: str = "") -> int:
        header = ".".join(p for p in (self.prefix, table) if p)
        inside = not header
        pattern = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=")
        for number, line in enumerate(self.lines, 1):
            stripped = line.strip()
            if stripped.startswith("["):
                inside = stripped.strip("[]").strip() == header
                if stripped.strip("[]").strip() == f"{header}.{key}".strip("."):
                    return number
            elif inside and pattern.match(line):
                return number
        return 1

    def error(self, message: str, key: str, table: str = "") -> ConfigError:
        return ConfigError(self.label, self.line_of(key, table), message)


def _unknown(lines: _Lines, data: dict[str, Any], allowed: tuple[str, ...], table: str) -> None:
    for key in data:
        if key not in allowed:
            where = f"[{table}]" if table else "the configuration"
            raise lines.error(
                f"unknown key {key!r} in {where}{did_you_mean(key, list(allowed))}"
                f" (allowed: {', '.join(allowed)})",
                key,
                table,
            )


def _check(data: dict[str, Any], lines: _Lines) -> Config:
    config = Config(path=lines.label)
    _unknown(lines, data, _TOP_KEYS, "")
    if "max-bytes" in data:
        value = data["max-bytes"]
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise lines.error("max-bytes must be a positive integer", "max-bytes")
        config.max_bytes = value
    score = data.get("score", {})
    if not isinstance(score, dict):
        raise lines.error("score must be a table", "score")
    _unknown(lines, score, _SCORE_KEYS, "score")
    for key, allowed, target in (
        ("fail-under", FAIL_UNDER_FIGURES, config.fail_under),
        ("fail-over", FAIL_OVER_FIGURES, config.fail_over),
    ):
        gates = score.get(key, {})
        if not isinstance(gates, dict):
            raise lines.error(f"{key} must be a table of figure = number", key, "score")
        for figure, bound in _flatten(gates):
            if figure not in allowed:
                raise lines.error(
                    f"{key}: unknown figure {figure!r}{did_you_mean(figure, list(allowed))}"
                    f" (allowed: {', '.join(allowed)})",
                    figure,
                    f"score.{key}",
                )
            if not isinstance(bound, int | float) or isinstance(bound, bool):
                raise lines.error(f"{key}.{figure} must be a number", figure, f"score.{key}")
            target[figure] = float(bound)
    return config


def _flatten(gates: dict[str, Any]) -> list[tuple[str, Any]]:
    """`emotion.low = 40` (a dotted key) and `"emotion.low" = 40` both mean emotion.low."""
    flat: list[tuple[str, Any]] = []
    for key, value in gates.items():
        if isinstance(value, dict):
            flat += [(f"{key}.{sub}", v) for sub, v in value.items()]
        else:
            flat.append((key, value))
    return flat

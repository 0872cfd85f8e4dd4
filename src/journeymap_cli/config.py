"""The configuration file: `jmap.toml`, or `[tool.jmap]` in `pyproject.toml`.

Found by walking up from the working folder (the first folder holding either wins);
`--config PATH` names one explicitly. Unknown keys and bad values are errors that name
the file and the line of the key.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from journeymap_cli.lint.settings import LintConfig, RuleSetting
from journeymap_cli.score import FAIL_OVER_FIGURES, FAIL_UNDER_FIGURES
from journeymap_cli.suggest import did_you_mean

if TYPE_CHECKING:
    from journeymap_cli.io.loader import Limits

_TOP_KEYS = ("max-bytes", "max-image-bytes", "score", "lint", "diff", "site")
_DIFF_KEYS = ("experience-drop", "gap-increase", "moment-of-truth-drop", "emotion-drop")
_SCORE_KEYS = ("fail-under", "fail-over")
_LINT_KEYS = ("select", "ignore", "fail-on", "per-file-ignores", "rules")
SEVERITIES = ("error", "warning", "info")


class ConfigError(Exception):
    """A configuration problem at `path:line`."""

    def __init__(self, path: str, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message = path, line, message


@dataclass
class Config:
    path: str | None = None  # None: no configuration file
    max_bytes: int | None = None
    max_image_bytes: int | None = None
    fail_under: dict[str, float] = field(default_factory=dict)
    fail_over: dict[str, float] = field(default_factory=dict)
    lint: LintConfig = field(default_factory=LintConfig)
    diff: dict[str, float] = field(default_factory=dict)  # regression thresholds
    site_title: str | None = None  # [site] title: the heading of a rendered folder

    def limits(self, max_bytes: int | None = None) -> Limits:
        """The size limits files are read with (--max-bytes, else max-bytes; max-image-bytes):
        every command and `jmap serve` take them from here, so a setting holds everywhere."""
        from journeymap_cli.io.loader import DEFAULT_MAX_BYTES, DEFAULT_MAX_IMAGE_BYTES, Limits

        return Limits(
            max_bytes=max_bytes or self.max_bytes or DEFAULT_MAX_BYTES,
            max_image_bytes=self.max_image_bytes or DEFAULT_MAX_IMAGE_BYTES,
        )


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
    label = _label(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(label, 1, f"cannot read the configuration: {exc}") from None
    import tomllib  # only when there is a file to read

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        raise ConfigError(label, int(match[1]) if match else 1, f"not TOML: {exc}") from None
    if in_pyproject:
        tool = data.get("tool", {})
        data = tool.get("jmap", {}) if isinstance(tool, dict) else {}
        if not isinstance(data, dict):
            kind = {list: "a list", str: "a string", bool: "a boolean"}.get(type(data), "a number")
            line = _Lines(label, text, "tool").line_of("jmap", "")
            raise ConfigError(label, line, f"[tool.jmap] must be a table, not {kind}")
    return _check(data, _Lines(label, text, "tool.jmap" if in_pyproject else ""))


def _label(path: Path) -> str:
    """The file as a user would type it: found from the working folder, the search gives an
    absolute path, which has no place in a CI log someone shares."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


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
    for key in ("max-bytes", "max-image-bytes"):
        if key in data:
            value = data[key]
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise lines.error(f"{key} must be a positive integer", key)
            from journeymap_cli.io.loader import MAX_MAX_BYTES

            if value > MAX_MAX_BYTES:
                raise lines.error(f"{key} must be at most {MAX_MAX_BYTES:,} (1 GiB)", key)
            setattr(config, key.replace("-", "_"), value)
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
            if not math.isfinite(bound):  # NaN never compares: the gate could never fail
                raise lines.error(
                    f"{key}.{figure} must be a finite number, not {bound}", figure, f"score.{key}"
                )
            target[figure] = float(bound)
    lint = data.get("lint", {})
    if not isinstance(lint, dict):
        raise lines.error("lint must be a table", "lint")
    _unknown(lines, lint, _LINT_KEYS, "lint")
    # the rules load only when there is lint configuration to check against them
    config.lint = _lint(lint, lines) if lint else LintConfig()
    diff = data.get("diff", {})
    if not isinstance(diff, dict):
        raise lines.error("diff must be a table", "diff")
    _unknown(lines, diff, _DIFF_KEYS, "diff")
    for key, value in diff.items():
        if (
            not isinstance(value, int | float)
            or isinstance(value, bool)
            or not math.isfinite(value)
            or value < 0
        ):
            raise lines.error(f"{key} must be a finite number, 0 or more", key, "diff")
        config.diff[key] = float(value)
    site = data.get("site", {})
    if not isinstance(site, dict):
        raise lines.error("site must be a table", "site")
    _unknown(lines, site, ("title",), "site")
    if "title" in site:
        if not isinstance(site["title"], str) or not site["title"].strip():
            raise lines.error("title must be a non-empty string", "title", "site")
        config.site_title = site["title"].strip()
    return config


def _codes(value: Any, key: str, table: str, lines: _Lines) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise lines.error(f"{key} must be a list of rule codes or names", key, table)
    return list(value)


def _lint(data: dict[str, Any], lines: _Lines) -> LintConfig:
    from pydantic import ValidationError

    from journeymap_cli.lint.rules import all_rules, by_code_or_name, resolve_code, selectable

    lint = LintConfig()
    codes = [r.CODE for r in all_rules()]
    names = [r.NAME for r in all_rules()]

    def check_codes(items: list[str], key: str, table: str) -> list[str]:
        out = []
        for item in items:
            code = resolve_code(item)
            if code is None:
                known = [*selectable().items()]
                raise lines.error(
                    f"{key}: unknown rule {item!r}"
                    f"{did_you_mean(item, [c for c, _ in known] + [n for _, n in known])}",
                    key,
                    table,
                )
            out.append(code)
        return out

    if "select" in data:
        lint.select = check_codes(_codes(data["select"], "select", "lint", lines), "select", "lint")
    if "ignore" in data:
        lint.ignore = check_codes(_codes(data["ignore"], "ignore", "lint", lines), "ignore", "lint")
    if "fail-on" in data:
        if data["fail-on"] not in SEVERITIES:
            raise lines.error(f"fail-on must be one of {', '.join(SEVERITIES)}", "fail-on", "lint")
        lint.fail_on = data["fail-on"]
    pfi = data.get("per-file-ignores", {})
    if not isinstance(pfi, dict):
        raise lines.error(
            "per-file-ignores must be a table of glob = [codes]", "per-file-ignores", "lint"
        )
    for glob, items in pfi.items():
        table = "lint.per-file-ignores"
        lint.per_file_ignores[glob] = check_codes(_codes(items, glob, table, lines), glob, table)
    rules = data.get("rules", {})
    if not isinstance(rules, dict):
        raise lines.error("rules must be a table of [lint.rules.CODE] tables", "rules", "lint")
    for key, settings in rules.items():
        rule = by_code_or_name(key)
        table = f"lint.rules.{key}"
        if rule is None:
            raise lines.error(
                f"unknown rule {key!r}{did_you_mean(key, codes + names)}", key, "lint.rules"
            )
        if not isinstance(settings, dict):
            raise lines.error(f"{key} must be a table", key, "lint.rules")
        severity = settings.get("severity")
        if severity is not None and severity not in SEVERITIES:
            raise lines.error(
                f"{key}: severity must be one of {', '.join(SEVERITIES)}", "severity", table
            )
        raw = {k.replace("-", "_"): v for k, v in settings.items() if k != "severity"}
        try:
            options = rule.Options.model_validate(raw, strict=True)
        except ValidationError as exc:
            err = exc.errors()[0]
            name = str(err["loc"][0]).replace("_", "-") if err["loc"] else key
            allowed = [f.replace("_", "-") for f in rule.Options.model_fields] + ["severity"]
            if err["type"] == "extra_forbidden":
                message = (
                    f"{rule.CODE}: unknown option {name!r}{did_you_mean(name, allowed)}"
                    f" (allowed: {', '.join(allowed)})"
                )
            else:
                message = f"{rule.CODE}: option {name!r}: {err['msg']}"
            raise lines.error(message, name, table) from None
        lint.rules[rule.CODE] = RuleSetting(severity, options)
    return lint


def _flatten(gates: dict[str, Any]) -> list[tuple[str, Any]]:
    """`emotion.low = 40` (a dotted key) and `"emotion.low" = 40` both mean emotion.low."""
    flat: list[tuple[str, Any]] = []
    for key, value in gates.items():
        if isinstance(value, dict):
            flat += [(f"{key}.{sub}", v) for sub, v in value.items()]
        else:
            flat.append((key, value))
    return flat

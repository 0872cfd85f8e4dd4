"""The options of `jmap validate` and `jmap lint`, declared once, without the CLI framework.

typer's parameters are made from these (options.py, lint.py, app.py), and so is the
parser of the plain path (entry.py), which runs the commands CI and pre-commit run on
every commit without importing typer (~55 ms of start-up: typer itself and the pydantic
adapters it builds for every parameter). The plain parser takes only what it can read
for certain; anything else (help, an unknown option, a bad value, `-`, `--`) goes to
typer, whose messages are the only wording of a usage error.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Any


class OutputFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"


class FailOn(StrEnum):
    error = "error"
    warning = "warning"
    info = "info"


DEFAULT_FAIL_ON = "warning"


class Opt:
    """One option: its flags, its help, what value it takes. (A plain class: a frozen
    dataclass costs ~1 ms of start-up to define, on the path that exists to be fast.)"""

    __slots__ = (
        "choices",
        "dest",
        "flag",
        "flags",
        "help",
        "metavar",
        "minimum",
        "path",
        "repeat",
        "what",
    )

    def __init__(
        self,
        dest: str,  # the parameter's name, in the typer command and in checks.run_*
        flags: tuple[str, ...],
        help: str,
        metavar: str | None = None,
        *,
        choices: type[StrEnum] | None = None,  # the enum an option's value must be one of
        what: str = "",  # the value's name in an error: "unknown format 'x'"
        flag: bool = False,  # on or off, no value
        repeat: bool = False,  # may be given several times: a list
        minimum: int | None = None,  # an integer of at least this
        path: bool = False,  # a Path, not a str
    ) -> None:
        self.dest, self.flags, self.help, self.metavar = dest, flags, help, metavar
        self.choices, self.what, self.flag, self.repeat = choices, what, flag, repeat
        self.minimum, self.path = minimum, path


_CODES_HELP = "Rule codes, code prefixes (JM1) or names, comma-separated; repeatable."

FORMAT = Opt(
    "output_format",
    ("--format", "-f"),
    "Output format. Default: text, or github inside GitHub Actions.",
    metavar="[" + "|".join(OutputFormat) + "]",
    choices=OutputFormat,
    what="format",
)
MAX_BYTES = Opt(
    "max_bytes",
    ("--max-bytes",),
    "Refuse files larger than this many bytes. Default: max-bytes in the configuration,"
    " else 5 MiB.",
    metavar="BYTES",
    minimum=1,
)
CONFIG = Opt(
    "config_path",
    ("--config",),
    "Configuration file (jmap.toml, or pyproject.toml with [tool.jmap]). Default: the"
    " nearest one at or above the current folder.",
    metavar="PATH",
    path=True,
)
STDIN_FILENAME = Opt(
    "stdin_filename",
    ("--stdin-filename",),
    "With -, the path the map on standard input stands for: used in messages, for its"
    " persona path and per-file-ignores.",
    metavar="PATH",
)
SELECT = Opt("select", ("--select",), f"Run only these rules. {_CODES_HELP}", "CODES", repeat=True)
IGNORE = Opt("ignore", ("--ignore",), f"Skip these rules. {_CODES_HELP}", "CODES", repeat=True)
FAIL_ON = Opt(
    "fail_on",
    ("--fail-on",),
    "The lowest severity that makes the exit code 1. Default: fail-on in the configuration,"
    f" else {DEFAULT_FAIL_ON} (errors and warnings fail, infos do not).",
    metavar="[" + "|".join(FailOn) + "]",
    choices=FailOn,
    what="severity",
)
EXIT_ZERO = Opt("exit_zero", ("--exit-zero",), "Exit 0 even when problems are found.", flag=True)
STATISTICS = Opt("statistics", ("--statistics",), "Count the problems per code.", flag=True)
FIX = Opt("fix", ("--fix",), "Apply the fixes of fixable rules (comments are kept).", flag=True)

# in the order of the commands' parameters (and of checks.run_validate / run_lint)
COMMANDS: dict[str, tuple[Opt, ...]] = {
    "validate": (FORMAT, MAX_BYTES, CONFIG, STDIN_FILENAME),
    "lint": (
        FORMAT,
        SELECT,
        IGNORE,
        FAIL_ON,
        EXIT_ZERO,
        STATISTICS,
        FIX,
        MAX_BYTES,
        CONFIG,
        STDIN_FILENAME,
    ),
}


def parse(command: str, args: list[str]) -> tuple[list[str], dict[str, Any]] | None:
    """`args` of `command` as (paths, options), or None where typer must decide."""
    by_flag = {flag: opt for opt in COMMANDS[command] for flag in opt.flags}
    paths: list[str] = []
    values: dict[str, Any] = {}
    rest = iter(args)
    for arg in rest:
        if not arg.startswith("-"):
            paths.append(arg)
            continue
        flag, equals, given = arg.partition("=")
        opt = by_flag.get(flag)
        if opt is None or (opt.flag and equals) or (not opt.flag and flag[1] != "-" and equals):
            return None  # help, `-`, `--`, an unknown option, `-f=json` (click reads "=json")
        if opt.flag:
            values[opt.dest] = True
            continue
        raw = given if equals else next(rest, None)
        # a value that looks like an option: click's own reading of it decides
        value = None if raw is None or raw.startswith("-") else _value(opt, raw)
        if value is None:
            return None
        if opt.repeat:
            values.setdefault(opt.dest, []).append(value)
        else:
            values[opt.dest] = value  # given twice: the last one, as click takes it
    return (paths, values) if paths else None


def _value(opt: Opt, raw: str) -> Any:
    if opt.choices is not None:
        return opt.choices(raw) if raw in set(opt.choices) else None
    if opt.minimum is not None:
        return int(raw) if raw.isascii() and raw.isdigit() and int(raw) >= opt.minimum else None
    return Path(raw) if opt.path else raw

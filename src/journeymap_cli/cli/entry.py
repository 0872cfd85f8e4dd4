"""The `jmap` console script.

Two cases start without the CLI framework, because they run on every commit:
`jmap --version`, and `jmap validate|lint [OPTIONS] FILE...` (what pre-commit and most
CI steps run), whose options cli/spec.py declares once for both parsers. typer 0.29
imports pydantic's TypeAdapter machinery and builds one adapter per parameter before a
command runs: ~100 ms. Anything else (help, a value spec.parse cannot read for certain,
`-` or `--`) goes through typer; both paths call the same functions (checks.py), and a
test checks that they print the same and exit the same. Both import with the cycle
collector paused and freeze what they imported (see `_modules_kept`).
"""

from __future__ import annotations

import gc
import os
import sys
import types
from collections.abc import Iterator
from contextlib import contextmanager

# `typing` (with re and enum) costs ~10 ms that `jmap --version` need not pay: its names
# are for the type checker only (annotations are not evaluated at run time here)
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, NoReturn

_PLAIN_COMMANDS = ("validate", "lint")
_PLUGINS_OFF = ("__all__", "1", "true")
_LOADER = "pydantic.plugin._loader"


def main() -> None:
    args = sys.argv[1:]
    if args in (["--version"], ["-V"]):
        from journeymap_cli import __version__

        try:
            sys.stdout.write(f"jmap {__version__}\n")
        except BrokenPipeError:
            _closed_pipe()
        _flush_or_closed_pipe()
        return
    if args in (["--help"], ["-h"]) and _help_page():
        return
    _no_pydantic_plugins()
    if len(args) > 1 and args[0] in _PLAIN_COMMANDS:
        from journeymap_cli.cli.spec import parse

        parsed = parse(args[0], args[1:])
        if parsed is not None:
            sys.exit(_plain(args[0], *parsed))
    with _modules_kept():
        from journeymap_cli.cli.app import main as cli_main

    try:
        cli_main()
    except SystemExit:
        # typer, like click, answers a closed pipe with exit 1 ("problems found" here) after
        # swapping standard output for a wrapper that hides the error: tell it by that
        # (by name: typer 0.29 ships its own copy of click's class, older ones click's)
        if type(sys.stdout).__name__ == "PacifyFlushWrapper":
            _closed_pipe()
        _flush_or_closed_pipe()
        raise


@contextmanager
def _modules_kept() -> Iterator[None]:
    """Import with the cycle collector paused, then leave what was imported out of its sight.

    Importing pydantic and building the models' schemas allocates tens of thousands of
    long-lived objects and little garbage: the collector would scan them again and again
    while they are made, and once more as the interpreter exits (together ~30 ms of CPU
    for `jmap lint FILE`). `gc.freeze()` moves them to a generation it never scans; what
    the command allocates afterwards is collected as usual.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


def _no_pydantic_plugins() -> None:
    """jmap uses no pydantic plugins; don't let pydantic look for them.

    The look-up scans every installed package's metadata (~20 ms), and merely importing
    pydantic's plugin loader imports importlib.metadata (~30 ms) even when plugins are
    disabled. With plugins disabled (our default; set PYDANTIC_DISABLE_PLUGINS yourself to
    override) the loader is a stand-in whose `get_plugins` finds none. Its only caller,
    `pydantic.plugin._schema_validator`, imports just that name; should a later pydantic
    ask the loader for anything else, the stand-in steps aside and the real one answers.
    """
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    if os.environ["PYDANTIC_DISABLE_PLUGINS"] in _PLUGINS_OFF and _LOADER not in sys.modules:
        stand_in = types.ModuleType(_LOADER, "jmap's stand-in: pydantic plugins are disabled.")
        stand_in.get_plugins = lambda: ()  # type: ignore[attr-defined]
        stand_in.__getattr__ = _real_loader  # type: ignore[method-assign]
        sys.modules[_LOADER] = stand_in


def _real_loader(name: str) -> object:
    if name.startswith("__"):  # the import system asking for __path__ and the like
        raise AttributeError(name)
    import importlib

    sys.modules.pop(_LOADER, None)
    return getattr(importlib.import_module(_LOADER), name)


def _plain(command: str, paths: list[str], options: dict[str, Any]) -> int:
    """`jmap validate|lint [OPTIONS] FILE...` as typer would run it, with the options that
    spec.parse read from the same declarations typer's parameters are made from."""
    try:
        with _modules_kept():
            from journeymap_cli.cli.checks import run_lint, run_validate
            from journeymap_cli.cli.usage import UsageProblem

            # what the command imports first thing: the models and the loader (and rules)
            if command == "validate":
                import journeymap_cli.io.run
            else:
                import journeymap_cli.lint.engine  # noqa: F401
                from journeymap_cli.lint.rules import all_rules

                all_rules()
    except KeyboardInterrupt:  # Ctrl-C while importing: as below
        return 130
    try:
        code = (run_validate if command == "validate" else run_lint)(paths, **options)
        _flush_or_closed_pipe()
        # all is written and nothing left needs finalising: spare the exit its collection
        gc.freeze()
        return code
    except UsageProblem as exc:
        sys.stderr.write(f"jmap: error: {exc}\n")
        return 2
    except KeyboardInterrupt:
        return 130  # as typer answers Ctrl-C: 128 + SIGINT, nothing printed
    except BrokenPipeError:
        _closed_pipe()


def _help_page() -> bool:
    """`jmap --help` from the page generated from the app (cli/help.py says how), where
    typer would print the same: run as jmap or journeymap, on a terminal (or a pipe) at
    least as wide as the page, which click lays out for 80 columns at most."""
    prog = os.path.basename(sys.argv[0])
    if prog not in ("jmap", "journeymap") or _columns() < 80:
        return False
    with open(os.path.join(os.path.dirname(__file__), "help.txt"), encoding="utf-8") as page:
        text = page.read()
    try:
        sys.stdout.write(text.replace("Usage: jmap ", f"Usage: {prog} ", 1))
    except BrokenPipeError:
        _closed_pipe()
    _flush_or_closed_pipe()
    return True


def _columns() -> int:
    """The width click would lay the page out for (shutil.get_terminal_size's rules)."""
    try:
        return int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        pass
    try:
        return os.get_terminal_size(sys.stdout.fileno()).columns or 80
    except (AttributeError, ValueError, OSError):
        return 80


def _flush_or_closed_pipe() -> None:
    """Write out what is still buffered, while a closed pipe can still be answered."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _closed_pipe()


def _closed_pipe() -> NoReturn:
    """The reader went away (`jmap score | head -1`): end quietly by SIGPIPE, as other
    command-line tools do (141 in a shell), never with 1, which means "problems found".

    Python ignores SIGPIPE so that a write fails with an error instead; the default
    action is restored only here, at the end, so a browser's or a client's closed pipe
    elsewhere stays an error jmap reports.
    """
    import signal

    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, sys.stdout.fileno())  # what is still buffered goes nowhere at exit
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    os.kill(os.getpid(), signal.SIGPIPE)
    sys.exit(128 + signal.SIGPIPE)  # only if the signal could not end the process

"""`jmap validate|lint FILE...` (no options) start without typer: same output, same exit.

cli/entry.py runs that case, the one pre-commit runs on every commit, without the CLI
framework and with pydantic's plugin loader replaced. Here the installed command is run
both ways on the same real files, and everything it prints must be identical. Then each
command is probed from inside a fresh interpreter: what it loads (nothing it does not
need: the error wording only for a file that fails, no models for --help) and that the
cycle collector runs with the start-up's objects frozen. Speed itself is measured by
benchmarks/startup.py, never asserted here.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import CLEAN, EXAMPLES, VALID
from journeymap_cli.cli.entry import _LOADER

BIN = Path(sys.executable).parent
THROUGH_TYPER = "import sys; from journeymap_cli.cli.app import main; sys.argv[0] = 'jmap'; main()"
PLAIN = "import sys; from journeymap_cli.cli.entry import main; sys.argv[0] = 'jmap'; main()"
SEEN = (
    "import atexit, sys; atexit.register(lambda: sys.stderr.write("
    "'\\nloaded: ' + ' '.join(m for m in ('typer', 'importlib.metadata', 'rich', 'jinja2',"
    " 'journeymap_cli.lint.rules') if m in sys.modules) + '\\n'))\n"
)


def _run(code: str, args: list[str], cwd: Path, env: dict[str, str]) -> tuple[int, str, str]:
    proc = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    return proc.returncode, proc.stdout, proc.stderr


def _files(cwd: Path) -> None:
    (cwd / "good.jmap.yaml").write_text(CLEAN, encoding="utf-8")
    (cwd / "bad.jmap.yaml").write_text(VALID.replace("emotion: 4", "emotion: nine"), "utf-8")
    # the short map draws JM106 (info: no thoughts or feelings) and JM301 (warning)
    (cwd / "warned.jmap.yaml").write_text(VALID, encoding="utf-8")
    (cwd / "sub").mkdir()
    (cwd / "sub" / "deep.jmap.yaml").write_text(CLEAN.replace("Amira", "Omar"), "utf-8")


CASES = {
    "clean file": (["validate", "good.jmap.yaml"], "", {}),
    "invalid file": (["validate", "bad.jmap.yaml", "good.jmap.yaml"], "", {}),
    "missing file": (["lint", "nope.jmap.yaml", "good.jmap.yaml"], "", {}),
    "folder": (["lint", "sub", "warned.jmap.yaml"], "", {}),
    "lint problems": (["lint", "warned.jmap.yaml", "bad.jmap.yaml"], "", {}),
    "fail-on from config": (["lint", "warned.jmap.yaml"], '[lint]\nfail-on = "error"\n', {}),
    "bad config": (["validate", "good.jmap.yaml"], "[lint]\nfail-onn = 1\n", {}),
    "github format": (["lint", "warned.jmap.yaml"], "", {"GITHUB_ACTIONS": "true"}),
    "plugins enabled": (["validate", "bad.jmap.yaml"], "", {"PYDANTIC_DISABLE_PLUGINS": ""}),
    "no map files": (["validate", "sub/nothing.txt"], "", {}),
    # the options CI and pre-commit give: read by spec.parse, still without typer
    "format github": (["lint", "--format", "github", "warned.jmap.yaml", "bad.jmap.yaml"], "", {}),
    "format=json": (["validate", "--format=json", "bad.jmap.yaml"], "", {}),
    "short -f sarif": (["lint", "-f", "sarif", "warned.jmap.yaml"], "", {}),
    "exit-zero": (["lint", "--exit-zero", "warned.jmap.yaml"], "", {}),
    "fail-on error": (["lint", "--fail-on", "error", "warned.jmap.yaml"], "", {}),
    "fail-on info": (["lint", "warned.jmap.yaml", "--fail-on=info"], "", {}),
    "select and ignore": (
        ["lint", "--select", "JM1,JM3", "--select", "JM4", "--ignore", "JM106", "warned.jmap.yaml"],
        "",
        {},
    ),
    "unknown rule": (["lint", "--select", "JM999", "warned.jmap.yaml"], "", {}),
    "statistics": (["lint", "--statistics", "warned.jmap.yaml", "bad.jmap.yaml"], "", {}),
    "config": (["lint", "--config", "other.toml", "warned.jmap.yaml"], "", {}),
    "missing config": (["validate", "--config", "nope.toml", "good.jmap.yaml"], "", {}),
    "max-bytes": (["validate", "--max-bytes", "100", "good.jmap.yaml"], "", {}),
    "format twice": (["lint", "-f", "json", "--format", "text", "warned.jmap.yaml"], "", {}),
}


@pytest.mark.parametrize("name", CASES)
def test_plain_path_matches_typer(tmp_path: Path, name: str) -> None:
    args, config, env = CASES[name]
    _files(tmp_path)
    (tmp_path / "sub" / "nothing.txt").write_text("not a map")
    (tmp_path / "jmap.toml").write_text(config)
    (tmp_path / "other.toml").write_text('[lint]\nfail-on = "error"\n')
    plain = _run(SEEN + PLAIN, args, tmp_path, env)
    typer = _run(THROUGH_TYPER, args, tmp_path, env)
    code, out, err = plain
    assert "Traceback" not in err
    err, loaded = err.rsplit("\nloaded: ", 1)
    assert "typer" not in loaded, "the plain path loaded typer"
    assert (code, out, err) == typer
    if not env:
        assert "importlib.metadata" not in loaded, "pydantic looked for plugins"
    # output is piped: nothing needs rich or jinja2; validate needs the rules only to check
    # a [lint] table of the configuration
    assert "rich" not in loaded.split() and "jinja2" not in loaded
    if args[0] == "validate" and "[lint]" not in config:
        assert "journeymap_cli.lint.rules" not in loaded


def test_plain_path_sees_every_problem_of_the_examples(tmp_path: Path) -> None:
    """The real command on the bundled examples, with and without an option."""
    for command in ("validate", "lint"):
        plain = subprocess.run(
            [str(BIN / "jmap"), command, str(EXAMPLES)], capture_output=True, text=True
        )
        typer = subprocess.run(
            [str(BIN / "jmap"), command, "--format", "text", str(EXAMPLES)],
            capture_output=True,
            text=True,
        )
        assert (plain.returncode, plain.stdout, plain.stderr) == (
            typer.returncode,
            typer.stdout,
            typer.stderr,
        )
        assert plain.returncode == 0 and "no problems" in plain.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["validate"],
        ["lint", "-"],
        ["lint", "--", "x.jmap.yaml"],
        ["lint", "--format", "nope", "x.jmap.yaml"],
        ["lint", "-fjson", "x.jmap.yaml"],
        ["lint", "--max-bytes", "0", "x.jmap.yaml"],
        ["lint", "--fail-on", "x.jmap.yaml"],
        ["lint", "--exit-zero=1", "x.jmap.yaml"],
        ["validate", "--select", "JM1", "x.jmap.yaml"],
        ["lint", "--help", "x.jmap.yaml"],
    ],
)
def test_anything_else_goes_through_typer(tmp_path: Path, args: list[str]) -> None:
    _files(tmp_path)
    code, _, err = _run(SEEN + PLAIN, args, tmp_path, {})
    assert "Traceback" not in err
    # bad.jmap.yaml; `-` reads an empty standard input; there is no file "x", or a usage error
    assert code == (0 if "--help" in args else 2 if "x.jmap.yaml" in args else 1)
    assert "typer" in err.rsplit("\nloaded: ", 1)[1]


def test_the_plugin_stand_in_steps_aside_for_anything_but_get_plugins() -> None:
    """Should a later pydantic ask its plugin loader for another name, the real one answers."""
    code = (
        "import sys\n"
        "from journeymap_cli.cli.entry import _LOADER, _no_pydantic_plugins\n"
        "_no_pydantic_plugins()\n"
        "stand_in = sys.modules[_LOADER]\n"
        "assert list(stand_in.get_plugins()) == []\n"
        "assert 'importlib.metadata' not in sys.modules\n"
        "assert stand_in.PYDANTIC_ENTRY_POINT_GROUP == 'pydantic'\n"
        "assert sys.modules[_LOADER] is not stand_in\n"
        "from pydantic import BaseModel\n"
        "class M(BaseModel):\n"
        "    x: int\n"
        "assert M(x=1).x == 1\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"},
    )
    assert proc.returncode == 0, proc.stderr


# What a command loads, seen from inside a fresh interpreter as it exits: the modules, and
# whether the cycle collector is running with the start-up's objects frozen out of its way.
PROBE = (
    "import atexit, gc, sys\n"
    "def _probe():\n"
    "    loaded = sorted(sys.modules)\n"
    "    state = f'{int(gc.isenabled())} {gc.get_freeze_count()}'\n"
    "    sys.stderr.write('\\nprobe: ' + state + ' ' + ' '.join(loaded) + '\\n')\n"
    "atexit.register(_probe)\n"
)
PKG = "journeymap_cli."
# only for a file that fails: its wording, its partial model, the syntax-error hints
ON_FAILURE = (f"{PKG}format.errors", f"{PKG}format.partial", f"{PKG}io.hints")
UI = ("typer", "click", "rich", "jinja2")


def _probe(args: list[str], cwd: Path) -> tuple[int, bool, int, set[str]]:
    """Exit code, collector enabled, objects frozen, and the modules loaded by `jmap ARGS`."""
    code, _, err = _run(PROBE + PLAIN, args, cwd, {})
    assert "Traceback" not in err, err
    enabled, frozen, *loaded = err.rsplit("\nprobe: ", 1)[1].split()
    return code, enabled == "1", int(frozen), set(loaded)


def _absent(loaded: set[str], names: tuple[str, ...]) -> list[str]:
    """The names (packages with their submodules) that were loaded after all."""
    return sorted(m for m in loaded for n in names if m == n or m.startswith(f"{n}."))


@pytest.mark.parametrize("command", ["validate", "lint"])
def test_a_clean_file_loads_nothing_for_failures(tmp_path: Path, command: str) -> None:
    _files(tmp_path)
    code, enabled, frozen, loaded = _probe([command, "good.jmap.yaml"], tmp_path)
    assert code == 0
    assert _absent(loaded, (*ON_FAILURE, *UI)) == []
    if command == "validate":  # the rules, the engine and the scores are lint's alone
        skipped = (f"{PKG}lint.rules", f"{PKG}lint.engine", f"{PKG}score.figures")
        assert _absent(loaded, skipped) == []
    # the collector runs for what the command allocates; what start-up built is frozen
    assert enabled and frozen > 10_000


def test_a_failing_file_loads_what_explains_it(tmp_path: Path) -> None:
    """The lazy imports are reached: the same modules load when a file needs them."""
    _files(tmp_path)
    (tmp_path / "syntax.jmap.yaml").write_text("jmap: 1\ntitle: [a: b\n", encoding="utf-8")
    code, enabled, _, loaded = _probe(["validate", "bad.jmap.yaml"], tmp_path)
    assert code == 1 and enabled
    assert {f"{PKG}format.errors", f"{PKG}format.partial"} <= loaded
    assert f"{PKG}io.hints" not in loaded
    code, _, _, loaded = _probe(["lint", "syntax.jmap.yaml"], tmp_path)
    assert code == 1 and f"{PKG}io.hints" in loaded


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["validate", "--help"]])
def test_help_and_version_load_no_models(tmp_path: Path, args: list[str]) -> None:
    code, enabled, _, loaded = _probe(args, tmp_path)
    assert code == 0 and enabled
    heavy = ("ruamel", f"{PKG}format", f"{PKG}io", f"{PKG}lint", "rich", "jinja2")
    # a subcommand's help brings pydantic with typer (it adapts every parameter); entry.py's
    # stand-in for pydantic's plugin loader is no part of pydantic
    heavy += ("pydantic",) if len(args) == 1 else ()
    assert _absent(loaded - {_LOADER}, heavy) == []
    if args == ["--version"]:
        assert _absent(loaded, ("typer", "click")) == []


@pytest.mark.parametrize("command", ["validate", "lint"])
def test_one_declaration_of_the_options(command: str) -> None:
    """typer's options of the command are exactly those spec.py declares for the plain path
    (flags, help, metavar, repeatable, a flag or a value), so neither parser can accept what
    the other refuses."""
    import typer.main

    from journeymap_cli.cli.app import app
    from journeymap_cli.cli.spec import COMMANDS

    group = typer.main.get_command(app)
    click_command = group.commands[command]  # type: ignore[attr-defined]
    options = [p for p in click_command.params if p.param_type_name == "option"]
    declared = COMMANDS[command]
    assert [o.name for o in options] == [d.dest for d in declared]
    for option, spec in zip(options, declared, strict=True):
        assert tuple(option.opts) == spec.flags
        assert option.help == spec.help and option.is_flag == spec.flag
        assert option.multiple == spec.repeat
        if not spec.flag:
            assert option.metavar == spec.metavar


def test_help_page_is_typers_own(tmp_path: Path) -> None:
    """`jmap --help` prints cli/help.txt without typer; it must be the page typer prints
    (regenerate: python -m journeymap_cli.cli.help > src/journeymap_cli/cli/help.txt)."""
    env = {"COLUMNS": "80"}
    typer_page = _run(
        "import sys; from journeymap_cli.cli.app import app; app(['--help'], prog_name='jmap')",
        [],
        tmp_path,
        env,
    )
    for name, flag in (("jmap", "--help"), ("journeymap", "-h")):
        fast = subprocess.run(
            [str(BIN / name), flag],
            capture_output=True,
            text=True,
            env={**os.environ, **env},
            timeout=60,
        )
        assert fast.returncode == typer_page[0] == 0
        assert fast.stdout == typer_page[1].replace("Usage: jmap ", f"Usage: {name} ", 1)
    code, out, err = _run(SEEN + PLAIN, ["--help"], tmp_path, env)
    assert code == 0
    loaded = err.rsplit("\nloaded: ", 1)[1]
    assert "typer" not in loaded  # the page came from help.txt (argv[0] is "jmap" here)
    assert out == typer_page[1]
    # narrower than the page: typer lays it out for that width
    narrow = _run(SEEN + PLAIN, ["--help"], tmp_path, {"COLUMNS": "60"})
    assert "typer" in narrow[2].rsplit("\nloaded: ", 1)[1]
    assert max(len(line) for line in narrow[1].splitlines()) <= 60

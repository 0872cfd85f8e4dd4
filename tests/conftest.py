"""Fixtures: a working folder, golden files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import typer.main
import typer.testing

from helpers import GOLDEN

# jmap's own bugs must fail the tests with their traceback, not become a file's JM901
# (io/guard.py); every `jmap` process a test starts inherits this too. Tests of that
# boundary set JMAP_DEBUG=0 themselves.
os.environ["JMAP_DEBUG"] = "1"

# Output widths must not depend on where the suite runs: GNU readline, once imported (as
# pytest's controller does), exports LINES=24 and COLUMNS=80 to every process started
# after, so pytest-xdist's workers began with them and `jmap score` drew 80-column tables.
# Tests that want a width pass COLUMNS themselves.
for _name in ("COLUMNS", "LINES"):
    os.environ.pop(_name, None)

# typer's CliRunner rebuilds the click command from every function's signature on each
# invoke: ~20 ms, most of what a small command costs in-process, and ~40% of the fuzz
# tests' time. The `jmap` process builds it once per run, as this does once per session.
# (typer.testing imports the builder by this name; a typer without it just runs slower.)
_COMMANDS: dict[typer.Typer, object] = {}


def _command_once(app: typer.Typer) -> object:
    if app not in _COMMANDS:
        _COMMANDS[app] = typer.main.get_command(app)
    return _COMMANDS[app]


if hasattr(typer.testing, "_get_command"):
    typer.testing._get_command = _command_once  # type: ignore[assignment]


# pytest-xdist (-n auto in pyproject.toml) hands each test to whichever worker is free,
# except these files: their module fixtures are costly (a hook virtualenv, Chromium and a
# rendered site, PDFs, a wheel in a venv, the action's venv, worker pools), so each file
# runs whole on one worker and builds them once. (`--dist loadgroup` would say this with
# marks, but it stopped grouping under pytest 9.2: pytest-dev/pytest-xdist#1386.) Grouped
# files are handed out first.
ONE_WORKER = frozenset(
    f"tests/{name}.py"
    for name in (
        "test_action",
        "test_browser",
        "test_export",
        "test_mermaid",
        "test_package",
        "test_parallel",
        "test_precommit",
    )
)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: object) -> object:
    if config.getoption("dist") != "load":  # another --dist asked for on the command line
        return None
    from xdist.scheduler import LoadScopeScheduling

    class Scheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            path = nodeid.split("::", 1)[0]
            return path if path in ONE_WORKER else nodeid

    return Scheduling(config, log)  # type: ignore[arg-type]


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty project folder (it holds jmap.toml) that is also the working folder."""
    (tmp_path / "jmap.toml").write_text("")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return tmp_path


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true", help="rewrite golden files from current output"
    )


@pytest.fixture
def golden(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    """Compare text with tests/golden/NAME, or rewrite it with --update-golden."""
    update = request.config.getoption("--update-golden")

    def check(name: str, text: str) -> None:
        path = GOLDEN / name
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        assert path.exists(), f"golden file {path} missing: run pytest --update-golden"
        assert text == path.read_text(encoding="utf-8"), (
            f"output differs from {path}; if the change is intended, run pytest --update-golden"
        )

    return check

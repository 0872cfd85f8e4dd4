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

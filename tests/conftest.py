"""Fixtures: a working folder, golden files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from helpers import GOLDEN

# jmap's own bugs must fail the tests with their traceback, not become a file's JM901
# (io/guard.py); every `jmap` process a test starts inherits this too. Tests of that
# boundary set JMAP_DEBUG=0 themselves.
os.environ["JMAP_DEBUG"] = "1"


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

"""The pre-commit hooks, as a user's .pre-commit-config.yaml runs them on a git repository.

The config names this checkout at a commit of its current files, as `pre-commit try-repo`
does, but through `pre-commit run`: try-repo builds the hook's virtualenv anew on every
call (~10 s each), `run` builds it once in the store and reuses it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import CLEAN, CLEAN_FORMATTED, ROOT

PRE_COMMIT = Path(sys.executable).parent / "pre-commit"
HOOKS = ("jmap-validate", "jmap-lint", "jmap-fmt")

# (conftest.py runs this file on one pytest-xdist worker: the hook environment is built once)
pytestmark = pytest.mark.skipif(
    not PRE_COMMIT.exists() or shutil.which("git") is None,
    reason="pre-commit (test extra) or git missing",
)


def _env(home: Path) -> dict[str, str]:
    return {
        **os.environ,
        "PRE_COMMIT_HOME": str(home),  # a private store: the hook venv is built from ROOT
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
    }


def _git(*args: str, cwd: Path, env: dict[str, str]) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)
    return done.stdout.decode()


def _hooks_repo(folder: Path, env: dict[str, str]) -> str:
    """ROOT's tracked files as they are now (edits included), committed in `folder`, as
    try-repo commits uncommitted changes: the hooks tested are the ones being edited."""
    for name in _git("ls-files", "-z", cwd=ROOT, env=env).split("\0"):
        source = ROOT / name
        if name and (source.is_file() or source.is_symlink()):  # not a deleted file
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, folder / name, follow_symlinks=False)
    _git("init", "-q", cwd=folder, env=env)
    _git("add", "-A", cwd=folder, env=env)
    _git("commit", "-q", "--no-verify", "-m", "the checkout under test", cwd=folder, env=env)
    return _git("rev-parse", "HEAD", cwd=folder, env=env).strip()


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    env = _env(tmp_path_factory.mktemp("pre-commit-home"))
    hooks = tmp_path_factory.mktemp("hooks-repo")
    rev = _hooks_repo(hooks, env)
    repo = tmp_path_factory.mktemp("project")
    _git("init", "-q", cwd=repo, env=env)
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hooks}\n    rev: {rev}\n    hooks:\n"
        + "".join(f"      - id: {hook}\n" for hook in HOOKS)
    )
    (repo / "good.jmap.yaml").write_text(CLEAN)
    (repo / "bad.jmap.yaml").write_text(CLEAN.replace("emotion: 3", "emotion: nine"))
    (repo / "notes.yaml").write_text("not: [a map\n")  # not matched by the hooks' pattern
    _git("add", "-A", cwd=repo, env=env)
    return repo, env


def run_hook(
    project: tuple[Path, dict[str, str]], hook: str, *files: str
) -> subprocess.CompletedProcess[str]:
    repo, env = project
    return subprocess.run(
        [str(PRE_COMMIT), "run", hook, "--files", *files],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_hooks_file_declares_the_three_hooks() -> None:
    text = (ROOT / ".pre-commit-hooks.yaml").read_text()
    for hook in HOOKS:
        assert f"- id: {hook}" in text


@pytest.mark.parametrize("hook", ["jmap-validate", "jmap-lint"])
def test_good_map_passes_bad_map_fails(project: tuple[Path, dict[str, str]], hook: str) -> None:
    good = run_hook(project, hook, "good.jmap.yaml", "notes.yaml")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout
    bad = run_hook(project, hook, "good.jmap.yaml", "bad.jmap.yaml")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "bad.jmap.yaml:14:14: error: JM002" in bad.stdout


def test_fmt_hook_rewrites_and_fails_once(project: tuple[Path, dict[str, str]]) -> None:
    repo, env = project
    messy = repo / "messy.jmap.yaml"
    messy.write_text(CLEAN)  # its prose lists are inline: fmt writes them one item per line
    # staged, as in a real commit: pre-commit sees the rewrite as a modification
    subprocess.run(["git", "add", "messy.jmap.yaml"], cwd=repo, check=True, env=env)
    first = run_hook(project, "jmap-fmt", "messy.jmap.yaml")
    assert first.returncode == 1 and "files were modified by this hook" in first.stdout
    assert messy.read_text() == CLEAN_FORMATTED
    second = run_hook(project, "jmap-fmt", "messy.jmap.yaml")
    assert second.returncode == 0, second.stdout

"""The pre-commit hooks, through `pre-commit try-repo` on a temporary git repository."""

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

pytestmark = pytest.mark.skipif(
    not PRE_COMMIT.exists() or shutil.which("git") is None,
    reason="pre-commit (test extra) or git missing",
)


def _env(home: Path) -> dict[str, str]:
    return {
        **os.environ,
        "PRE_COMMIT_HOME": str(home),  # a private cache: the hook venv is built from ROOT
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
    }


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    repo = tmp_path_factory.mktemp("project")
    env = _env(tmp_path_factory.mktemp("pre-commit-home"))
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True, env=env)
    (repo / "good.jmap.yaml").write_text(CLEAN)
    (repo / "bad.jmap.yaml").write_text(CLEAN.replace("emotion: 3", "emotion: nine"))
    (repo / "notes.yaml").write_text("not: [a map\n")  # not matched by the hooks' pattern
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True, env=env)
    return repo, env


def try_repo(
    project: tuple[Path, dict[str, str]], hook: str, *files: str
) -> subprocess.CompletedProcess[str]:
    repo, env = project
    return subprocess.run(
        [str(PRE_COMMIT), "try-repo", str(ROOT), hook, "--files", *files],
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
    good = try_repo(project, hook, "good.jmap.yaml", "notes.yaml")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout
    bad = try_repo(project, hook, "good.jmap.yaml", "bad.jmap.yaml")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "bad.jmap.yaml:14:14: error: JM002" in bad.stdout


def test_fmt_hook_rewrites_and_fails_once(project: tuple[Path, dict[str, str]]) -> None:
    repo, env = project
    messy = repo / "messy.jmap.yaml"
    messy.write_text(CLEAN)  # its prose lists are inline: fmt writes them one item per line
    # staged, as in a real commit: pre-commit sees the rewrite as a modification
    subprocess.run(["git", "add", "messy.jmap.yaml"], cwd=repo, check=True, env=env)
    first = try_repo(project, "jmap-fmt", "messy.jmap.yaml")
    assert first.returncode == 1 and "files were modified by this hook" in first.stdout
    assert messy.read_text() == CLEAN_FORMATTED
    second = try_repo(project, "jmap-fmt", "messy.jmap.yaml")
    assert second.returncode == 0, second.stdout

"""git in a map's repository never runs a program that repository's configuration names.

`jmap render` asks git for a map's last commit date, `jmap diff --rev` reads maps at a
revision. A repository's .git/config can name programs (gpg.program with
log.showSignature on a signed commit, core.fsmonitor, core.pager, diff.external, a
textconv driver): each here is a script that leaves a marker file, and none may run.
Through the installed `jmap` command, as a user would run it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from helpers import VALID

JMAP = shutil.which("jmap")
pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")

SIGNATURE = """\
gpgsig -----BEGIN PGP SIGNATURE-----
 iQEzBAABCAAdFiEEfakefakefakefakefakefakefakefakeFAmVfakeACgkQfake
 =fake
 -----END PGP SIGNATURE-----
"""


def _git(repo: Path, *args: str, stdin: str | None = None) -> str:
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}
    proc = subprocess.run(
        ["git", *args], cwd=repo, input=stdin, capture_output=True, text=True, env=env
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def _hostile_repository(root: Path) -> tuple[Path, Path]:
    """A repository with one signed commit of a map, and programs in its config."""
    repo, markers = root / "repo", root / "markers"
    repo.mkdir()
    markers.mkdir()
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "config", "user.email", "a@example.com")
    _git(repo, "config", "user.name", "A")
    (repo / "jmap.toml").write_text("")
    (repo / "m.jmap.yaml").write_text(VALID, encoding="utf-8")
    (repo / ".gitattributes").write_text("*.yaml diff=evil\n")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "map")
    # sign the commit by hand: a gpgsig header is all `git log --show-signature` looks for
    body = _git(repo, "cat-file", "commit", "HEAD")
    head, rest = body.split("\n\n", 1)
    signed = _git(
        repo, "hash-object", "-t", "commit", "-w", "--stdin", stdin=f"{head}\n{SIGNATURE}\n{rest}"
    )
    _git(repo, "update-ref", "HEAD", signed.strip())
    assert "gpgsig" in _git(repo, "cat-file", "commit", "HEAD")
    programs = {}
    for name in ("gpg", "fsmonitor", "pager", "external-diff", "textconv"):
        script = root / f"{name}.sh"
        script.write_text(f"#!/bin/sh\ntouch '{markers / name}'\ncat >/dev/null\nexit 0\n")
        script.chmod(0o755)
        programs[name] = str(script)
    for key, value in (
        ("gpg.program", programs["gpg"]),
        ("log.showSignature", "true"),
        ("core.fsmonitor", programs["fsmonitor"]),
        ("core.pager", programs["pager"]),
        ("pager.log", programs["pager"]),
        ("pager.show", programs["pager"]),
        ("diff.external", programs["external-diff"]),
        ("diff.evil.textconv", programs["textconv"]),
    ):
        _git(repo, "config", key, value)
    return repo, markers


def test_the_hostile_repository_would_run_its_programs(tmp_path: Path) -> None:
    """The trap is real: plain git in this repository runs gpg.program."""
    repo, markers = _hostile_repository(tmp_path)
    subprocess.run(["git", "log", "-1"], cwd=repo, capture_output=True, env=os.environ)
    assert (markers / "gpg").exists()


@pytest.mark.skipif(JMAP is None, reason="the jmap command is not installed")
def test_render_and_diff_run_nothing_from_the_repository(tmp_path: Path) -> None:
    assert JMAP is not None
    repo, markers = _hostile_repository(tmp_path)
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    day = _git(repo, "log", "-1", "--no-show-signature", "--format=%cs").strip()

    page = subprocess.run(
        [JMAP, "render", "m.jmap.yaml", "-o", "out.html"], cwd=repo, capture_output=True, env=env
    )
    assert page.returncode == 0, page.stderr
    assert day in (repo / "out.html").read_text(encoding="utf-8")  # git still answered

    md = subprocess.run(
        [JMAP, "render", "m.jmap.yaml", "-f", "md", "-o", "-"],
        cwd=repo,
        capture_output=True,
        text=True,
        env=env,
    )
    assert md.returncode == 0 and f"**Last changed:** {day}" in md.stdout, md.stderr

    (repo / "m.jmap.yaml").write_text(VALID.replace("emotion: 2", "emotion: 1"), encoding="utf-8")
    diff = subprocess.run(
        [JMAP, "diff", "--rev", "HEAD", "m.jmap.yaml"], cwd=repo, capture_output=True, env=env
    )
    assert diff.returncode in (0, 1), diff.stderr
    assert b"Purchase" in diff.stdout  # the map at HEAD was read and compared

    assert sorted(p.name for p in markers.iterdir()) == []


def test_every_git_process_is_built_by_the_one_helper() -> None:
    """Only io/git.py names the git executable, and there only in safe_git()."""
    import ast

    import journeymap_cli

    package = Path(journeymap_cli.__file__).parent
    found = []
    for path in package.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.List) and node.elts:
                first = node.elts[0]
                if isinstance(first, ast.Constant) and first.value == "git":
                    found.append(f"{path.relative_to(package)}:{node.lineno}")
    source = (package / "io" / "git.py").read_text(encoding="utf-8")
    line = next(i for i, t in enumerate(source.splitlines(), 1) if '["git", "--no-pager"]' in t)
    assert found == [f"io/git.py:{line}"]

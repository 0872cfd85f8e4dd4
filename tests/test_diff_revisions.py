"""`jmap diff --rev` against a real git repository: a single revision, A..B, A.., ..B and
A...B each compare what docs/diff.md says; what names nothing, or HEAD with itself, is
refused with exit code 2 and a message saying which forms exist; a blob over --max-bytes
is refused by its size, before it is read."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import VALID, run_jmap

MAP = "m.jmap.yaml"


def git(cwd: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
    }
    done = subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, env=env)
    return done.stdout.decode().strip()


def _version(emotion: int) -> str:
    """VALID with Discovery's emotion set: each version of the map says which it is."""
    return VALID.replace("    emotion: 4\n", f"    emotion: {emotion}\n")


@pytest.fixture
def repo(workdir: Path) -> Path:
    """Three commits on main (Discovery's emotion 1, then 2, then 3), a branch `idea` forked
    at the first one (emotion 5), and the working file at 4."""
    git(workdir, "init", "-q", "-b", "main")
    for emotion in (1, 2, 3):
        (workdir / MAP).write_text(_version(emotion))
        git(workdir, "add", "-A")
        git(workdir, "commit", "-qm", f"emotion {emotion}")
        if emotion == 1:
            git(workdir, "branch", "idea")
    git(workdir, "checkout", "-q", "idea")
    (workdir / MAP).write_text(_version(5))
    git(workdir, "commit", "-qam", "emotion 5")
    git(workdir, "checkout", "-q", "main")
    (workdir / MAP).write_text(_version(4))
    return workdir


def _compared(rev: str) -> tuple[str, str, int | None, int | None]:
    """(old label, new label, Discovery's emotion before, after) of `diff --rev REV`."""
    result = run_jmap("diff", MAP, "--rev", rev, "-f", "json")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    (emotion,) = [e for e in doc["emotion"] if e["stage"] == "Discovery"] or [
        {"old": None, "new": None}
    ]
    return doc["old"], doc["new"], emotion["old"], emotion["new"]


@pytest.mark.parametrize(
    ("rev", "expected"),
    [
        ("HEAD", ("HEAD:m.jmap.yaml", "m.jmap.yaml", 3, 4)),  # with the working file
        ("HEAD~1", ("HEAD~1:m.jmap.yaml", "m.jmap.yaml", 2, 4)),
        ("HEAD~2..HEAD~1", ("HEAD~2:m.jmap.yaml", "HEAD~1:m.jmap.yaml", 1, 2)),
        ("HEAD~2..", ("HEAD~2:m.jmap.yaml", "HEAD:m.jmap.yaml", 1, 3)),  # A.. = A..HEAD
        ("..HEAD~2", ("HEAD:m.jmap.yaml", "HEAD~2:m.jmap.yaml", 3, 1)),  # ..B = HEAD..B
        ("main..idea", ("main:m.jmap.yaml", "idea:m.jmap.yaml", 3, 5)),
        ("HEAD..HEAD~1", ("HEAD:m.jmap.yaml", "HEAD~1:m.jmap.yaml", 3, 2)),
    ],
)
def test_each_form_compares_what_it_names(
    repo: Path, rev: str, expected: tuple[str, str, int, int]
) -> None:
    assert _compared(rev) == expected


def test_three_dots_start_where_the_branch_forked(repo: Path) -> None:
    base = git(repo, "rev-parse", "--short", "main~2")
    # main moved on (2, 3) after idea forked at 1: only idea's own change is shown
    assert _compared("main...idea") == (f"{base}:m.jmap.yaml", "idea:m.jmap.yaml", 1, 5)
    git(repo, "checkout", "-qf", "idea")
    assert _compared("main...") == (f"{base}:m.jmap.yaml", "HEAD:m.jmap.yaml", 1, 5)


def test_a_range_needs_no_working_file(repo: Path) -> None:
    (repo / MAP).unlink()
    assert _compared("HEAD~1..HEAD")[2:] == (2, 3)
    gone = run_jmap("diff", MAP, "--rev", "HEAD")
    assert gone.exit_code == 2 and "m.jmap.yaml" in gone.stderr


@pytest.mark.parametrize(
    ("rev", "words"),
    [
        ("HEAD..", "'HEAD..' compares HEAD with itself"),
        ("..HEAD", "'..HEAD' compares HEAD with itself"),
        ("HEAD..HEAD", "to compare HEAD with the working file, use --rev HEAD"),
        ("..", "'..' names no revision: --rev takes REV"),
        ("...", "'...' names no revision"),
        ("", "'' is not a revision or a range: --rev takes REV (REV → the working file)"),
        ("HEAD~2..HEAD~1..HEAD", "is not a revision or a range"),
        ("-x", "'-x' is not a revision"),
        ("HEAD..--output=x", "'--output=x' is not a revision"),
        ("nope..HEAD", "unknown revision 'nope'"),
        ("HEAD..nope", "unknown revision 'nope'"),
        ("main...nope", "unknown revision 'nope'"),
    ],
)
def test_what_names_nothing_is_refused(repo: Path, rev: str, words: str) -> None:
    result = run_jmap("diff", MAP, "--rev", rev)
    assert (result.exit_code, result.stdout) == (2, "")
    assert words in result.stderr
    assert not (repo / "x").exists()


def test_unrelated_histories_have_no_merge_base(repo: Path) -> None:
    git(repo, "checkout", "-q", "--orphan", "other")
    git(repo, "commit", "-qam", "unrelated")
    git(repo, "checkout", "-q", "main")
    result = run_jmap("diff", MAP, "--rev", "main...other")
    assert result.exit_code == 2
    assert "'main' and 'other' have no common ancestor" in result.stderr


def test_help_names_every_form() -> None:
    result = run_jmap("diff", "--help")
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())
    for words in ("A..: A with HEAD", "..B: HEAD with B", "A...B"):
        assert words in text


def test_a_revision_over_max_bytes_is_refused(repo: Path) -> None:
    # 3 MB of comments after a valid map: refused under a 1 MB limit as a working file
    # is, compared once the limit lets it in
    (repo / MAP).write_text(_version(2) + "# padding to a few megabytes\n" * 100_000)
    git(repo, "commit", "-qam", "big")
    size = (repo / MAP).stat().st_size
    assert size > 2_900_000
    (repo / MAP).write_text(_version(3))
    refused = run_jmap("diff", MAP, "--rev", "HEAD", "--max-bytes", "1000000")
    assert (refused.exit_code, refused.stdout) == (1, "")
    assert (
        f"HEAD:m.jmap.yaml:1:1: error: JM006 file is {size:,} bytes, over the limit of 1,000,000"
        in refused.stderr
    )
    assert run_jmap("diff", MAP, "--rev", "HEAD~1..HEAD", "--max-bytes", "1000000").exit_code == 1
    compared = run_jmap("diff", MAP, "--rev", "HEAD", "--max-bytes", "4000000", "-f", "json")
    assert compared.exit_code == 0, compared.stderr
    (emotion,) = [e for e in json.loads(compared.stdout)["emotion"] if e["stage"] == "Discovery"]
    assert (emotion["old"], emotion["new"]) == (2, 3)


BIG_BLOB = 256 << 20
MEMORY = 192 << 20  # what `jmap diff` needs (it runs in 150 MiB), far below the blob


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def test_a_big_blob_is_refused_by_its_size_not_read(repo: Path) -> None:
    """A 256 MiB blob (a sparse file, committed with fast compression: 1.3 MB of history)
    refused by the installed jmap whose address space (and git's) is limited to 192 MiB:
    reading the blob whole before the size check, as `git show` into memory did, fails
    with MemoryError there."""
    with (repo / MAP).open("r+b") as handle:
        handle.truncate(BIG_BLOB)
    git(repo, "-c", "core.looseCompression=1", "add", MAP)
    git(repo, "commit", "-qm", "a huge blob")
    (repo / MAP).write_text(_version(4))
    done = subprocess.run(
        [str(Path(sys.executable).parent / "jmap"), "diff", MAP, "--rev", "HEAD~1..HEAD"],
        cwd=repo,
        capture_output=True,
        text=True,
        preexec_fn=_limit_memory,
        env={**os.environ, "JMAP_DEBUG": "0", "NO_COLOR": "1"},
        timeout=60,
    )
    assert (done.returncode, done.stdout) == (1, ""), done.stderr
    assert "Traceback" not in done.stderr
    assert (
        f"HEAD:m.jmap.yaml:1:1: error: JM006 file is {BIG_BLOB:,} bytes, over the limit of"
        in done.stderr
    )

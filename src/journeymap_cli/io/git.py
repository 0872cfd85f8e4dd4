"""Every git command jmap runs: one hardened runner, the last commit date, maps at a revision."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from journeymap_cli.io.loader import Limits, Loader
from journeymap_cli.io.source import FileSource, TooLarge

_CHUNK = 1 << 20  # a blob is read a MiB at a time, up to the size limit


class GitError(Exception):
    """Not a repository, an unknown revision, or a path the revision does not have."""


# A repository's own .git/config is written by whoever made the repository: jmap reads
# maps from repositories it did not make, so nothing there may run a program. These
# override it on the command line (which wins over every config file):
SAFE_CONFIG = (
    "log.showSignature=false",  # else `git log` runs gpg.program on a signed commit
    "core.fsmonitor=false",  # a hook program run by commands that look at the index
    "core.pager=cat",
    "diff.external=",
    "protocol.allow=never",  # no transport (ssh, helpers) even to fetch a missing object
)
# The machine-wide config is not the user's either; no prompt, no pager, no lazy fetch of
# a partial clone's objects. Hooks (core.hooksPath) run only on commands that change the
# repository, which jmap never runs. The user's own ~/.gitconfig stays: it holds
# safe.directory for checkouts owned by another user, and `-c` above overrides it too.
SAFE_ENV = {
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_TERMINAL_PROMPT": "0",
    "GIT_PAGER": "cat",
    "PAGER": "cat",
    "GIT_NO_LAZY_FETCH": "1",
    "GIT_EXTERNAL_DIFF": "",
}


def safe_git(args: list[str]) -> tuple[list[str], dict[str, str]]:
    """The command line and environment of `git ARGS` that no repository config can subvert.

    Every git process jmap starts is built here (run by git() or streamed by
    GitSource.head).
    """
    command = ["git", "--no-pager"]
    for setting in SAFE_CONFIG:
        command += ["-c", setting]
    env = {k: v for k, v in os.environ.items() if k not in ("GIT_EXTERNAL_DIFF", "GIT_PAGER")}
    env.update(SAFE_ENV)
    return [*command, *args], env


def git(args: list[str], cwd: Path, timeout: float = 60) -> subprocess.CompletedProcess[bytes]:
    """Run `git ARGS` in `cwd` so that the repository's configuration cannot run a program.

    GitError when git is missing or hangs.
    """
    command, env = safe_git(args)
    try:
        return subprocess.run(
            command,
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=timeout,
        )
    except (FileNotFoundError, NotADirectoryError):
        if shutil.which("git") is None:
            raise GitError("git is not installed") from None
        raise GitError(f"{cwd}: no such folder") from None
    except subprocess.TimeoutExpired:
        raise GitError(f"git {' '.join(args)} timed out") from None


def last_changed(path: Path) -> str | None:
    """The date of the file's last commit (YYYY-MM-DD), or None outside git or uncommitted."""
    try:
        proc = git(
            ["log", "-1", "--no-show-signature", "--format=%cs", "--", path.name],
            path.parent,
            timeout=10,
        )
    except (GitError, OSError):
        return None
    if proc.returncode != 0:
        return None
    return proc.stdout.decode("utf-8", "replace").strip() or None


class GitSource(FileSource):
    """Files as they are at `rev` in the repository that holds `folder`."""

    def __init__(self, rev: str, folder: Path) -> None:
        top = git(["rev-parse", "--show-toplevel"], folder)
        if top.returncode != 0:
            raise GitError(f"{folder}: not inside a git repository")
        self.top = Path(top.stdout.decode().strip()).resolve()
        if rev.startswith("-"):  # git would read it as an option: never pass one on
            raise GitError(f"{rev!r} is not a revision")
        check = git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], folder)
        if check.returncode != 0:
            raise GitError(f"unknown revision {rev!r}")
        self.rev = rev

    def spec(self, path: Path) -> str:
        rel = path.resolve().relative_to(self.top).as_posix()
        return f"{self.rev}:{rel}"

    def read(self, path: Path, limit: int) -> bytes:
        # the size first (`cat-file -s` reads the object's header, not the blob): a 1.5 GB
        # blob in history once took 3.1 GB to refuse when it was read whole first
        spec = self.spec(path)
        size = self._size(spec, path)
        if size > limit:
            raise TooLarge(size)
        raw = self._blob(spec, limit + 1, path)
        if len(raw) > limit:  # the size said otherwise: never read more than the limit
            raise TooLarge(None)
        return raw

    def head(self, path: Path, count: int) -> tuple[bytes, int]:
        spec = self.spec(path)
        size = self._size(spec, path)
        return self._blob(spec, count, path), size

    def _size(self, spec: str, path: Path) -> int:
        proc = git(["cat-file", "-s", spec], self.top)
        if proc.returncode != 0:
            raise FileNotFoundError(2, f"not in revision {self.rev}", str(path))
        return int(proc.stdout.decode().strip() or 0)

    def _blob(self, spec: str, count: int, path: Path) -> bytes:
        """At most the first `count` bytes of the blob, read in chunks from `git cat-file
        blob` (which streams a large blob): git is stopped once they are in."""
        command, env = safe_git(["cat-file", "blob", spec])
        chunks: list[bytes] = []
        total = 0
        with subprocess.Popen(
            command,
            cwd=self.top,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        ) as proc:
            assert proc.stdout is not None
            while total < count and (chunk := proc.stdout.read(min(_CHUNK, count - total))):
                chunks.append(chunk)
                total += len(chunk)
            if total >= count:
                proc.kill()  # the rest is not wanted
            returncode = proc.wait()
        if returncode != 0 and total < count:
            raise FileNotFoundError(2, f"not in revision {self.rev}", str(path))
        return b"".join(chunks)

    def is_file(self, path: Path) -> bool:
        try:
            spec = self.spec(path)
        except ValueError:
            return False
        return git(["cat-file", "-e", spec], self.top).returncode == 0


# What `jmap diff --rev` accepts, for the messages that refuse anything else.
REV_FORMS = (
    "--rev takes REV (REV → the working file), A..B (A → B), A.. (A → HEAD), "
    "..B (HEAD → B) or A...B (where B forked from A → B)"
)


def revisions(spec: str, folder: Path) -> tuple[GitSource, GitSource | None]:
    """The old and the new version `jmap diff --rev SPEC` names (None: the working file).

    As in git, a side left out of a range is HEAD, and A...B starts from the merge base
    of A and B. GitError for a spec that names no revision, or HEAD on both sides (that
    compares HEAD with itself; `--rev HEAD` compares it with the working file).
    """
    three = "..." in spec
    old, dots, new = spec.partition("..." if three else "..")
    if not spec.strip() or ".." in old or ".." in new:
        raise GitError(f"{spec!r} is not a revision or a range: {REV_FORMS}")
    if not dots:
        return GitSource(spec, folder), None
    if not old and not new:
        raise GitError(f"{spec!r} names no revision: {REV_FORMS}")
    old, new = old or "HEAD", new or "HEAD"
    if old == new == "HEAD":
        raise GitError(
            f"{spec!r} compares HEAD with itself (a side left out of a range is HEAD, as in "
            "git): to compare HEAD with the working file, use --rev HEAD"
        )
    before, after = GitSource(old, folder), GitSource(new, folder)
    if three:
        base = git(["merge-base", f"{old}^{{commit}}", f"{new}^{{commit}}"], folder)
        if base.returncode != 0:
            raise GitError(f"{old!r} and {new!r} have no common ancestor")
        short = git(["rev-parse", "--short", base.stdout.decode().strip()], folder)
        before = GitSource(short.stdout.decode().strip(), folder)
    return before, after


class GitLoader(Loader):
    """A Loader whose files come from a revision; labels read `REV:path`."""

    def __init__(self, source: GitSource, limits: Limits | None = None) -> None:
        super().__init__(limits, source=source)
        self.git = source

    def label(self, path: Path) -> str:
        return f"{self.git.rev}:{super().label(path)}"

"""Reading maps at a git revision (`git show REV:path`), for `jmap diff --rev`."""

from __future__ import annotations

import subprocess
from pathlib import Path

from journeymap_cli.io.loader import FileSource, Limits, Loader, TooLarge


class GitError(Exception):
    """Not a repository, an unknown revision, or a path the revision does not have."""


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, timeout=60)
    except FileNotFoundError:
        raise GitError("git is not installed") from None
    except subprocess.TimeoutExpired:
        raise GitError(f"git {' '.join(args)} timed out") from None


class GitSource(FileSource):
    """Files as they are at `rev` in the repository that holds `folder`."""

    def __init__(self, rev: str, folder: Path) -> None:
        top = _git(["rev-parse", "--show-toplevel"], folder)
        if top.returncode != 0:
            raise GitError(f"{folder}: not inside a git repository")
        self.top = Path(top.stdout.decode().strip()).resolve()
        check = _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], folder)
        if check.returncode != 0:
            raise GitError(f"unknown revision {rev!r}")
        self.rev = rev

    def spec(self, path: Path) -> str:
        rel = path.resolve().relative_to(self.top).as_posix()
        return f"{self.rev}:{rel}"

    def read(self, path: Path, limit: int) -> bytes:
        proc = _git(["show", self.spec(path)], self.top)
        if proc.returncode != 0:
            raise FileNotFoundError(2, f"not in revision {self.rev}", str(path))
        if len(proc.stdout) > limit:
            raise TooLarge(len(proc.stdout))
        return proc.stdout

    def head(self, path: Path, count: int) -> tuple[bytes, int]:
        # cat-file -s gives the size without the blob; the header comes from the blob's
        # first bytes (a bounded read of `git cat-file blob`, stopped once it has them)
        spec = self.spec(path)
        size = _git(["cat-file", "-s", spec], self.top)
        if size.returncode != 0:
            raise FileNotFoundError(2, f"not in revision {self.rev}", str(path))
        with subprocess.Popen(
            ["git", "cat-file", "blob", spec],
            cwd=self.top,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        ) as proc:
            assert proc.stdout is not None
            header = proc.stdout.read(count)
            proc.kill()
        return header, int(size.stdout.decode().strip() or 0)

    def is_file(self, path: Path) -> bool:
        try:
            spec = self.spec(path)
        except ValueError:
            return False
        return _git(["cat-file", "-e", spec], self.top).returncode == 0


class GitLoader(Loader):
    """A Loader whose files come from a revision; labels read `REV:path`."""

    def __init__(self, source: GitSource, limits: Limits | None = None) -> None:
        super().__init__(limits, source=source)
        self.git = source

    def label(self, path: Path) -> str:
        return f"{self.git.rev}:{super().label(path)}"

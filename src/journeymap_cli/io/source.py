"""Where the bytes of a map come from: the working tree (FileSource), standard input
standing for a file (StdinSource); io/git.py adds a git revision. Each read is bounded by
the size limit and stays inside the project (io/boundary.py)."""

from __future__ import annotations

import os
from pathlib import Path

from journeymap_cli.io.boundary import check_inside
from journeymap_cli.io.stamp import Stamp

_CHUNK = 1 << 20


class TooLarge(Exception):
    """A file over the size limit; `size` when known."""

    def __init__(self, size: int | None) -> None:
        super().__init__(size)
        self.size = size


class FileSource:
    """Files in the working tree. (gitrev.GitSource reads them at a git revision.)"""

    def read(self, path: Path, limit: int) -> bytes:
        check_inside(path)  # a link out of the project is not read (io/boundary.py)
        size = path.stat().st_size
        if size > limit:
            raise TooLarge(size)
        chunks, total = [], 0
        with path.open("rb") as handle:
            # in chunks: read(limit + 1) would set aside the whole limit at once
            while total <= limit and (chunk := handle.read(min(_CHUNK, limit + 1 - total))):
                chunks.append(chunk)
                total += len(chunk)
        raw = b"".join(chunks)
        if len(raw) > limit:  # grew since stat, or a device
            raise TooLarge(None)
        return raw

    def is_file(self, path: Path) -> bool:
        return path.is_file()

    def stamp(self, path: Path, raw: bytes) -> Stamp | None:
        """What the file held when `raw` was read from it, for a rewrite to check."""
        return Stamp.of(path, raw)

    def head(self, path: Path, count: int) -> tuple[bytes, int]:
        """The first `count` bytes of a file and its size, without reading the rest."""
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            return handle.read(count), size


FILES = FileSource()


class StdinSource(FileSource):
    """A map read from standard input (`jmap validate -`) as if it were the file at `path`
    (`--stdin-filename`, else `<stdin>`); a persona file it names comes from the disk."""

    def __init__(self, path: Path, data: bytes) -> None:
        self.path = path
        self.data = data

    def read(self, path: Path, limit: int) -> bytes:
        if path != self.path:
            return super().read(path, limit)
        if len(self.data) > limit:
            raise TooLarge(None)
        return self.data

    def is_file(self, path: Path) -> bool:
        return path == self.path or super().is_file(path)

    def stamp(self, path: Path, raw: bytes) -> Stamp | None:
        return None if path == self.path else super().stamp(path, raw)

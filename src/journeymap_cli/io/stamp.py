"""What a file held when it was read, so that a rewrite never overwrites an edit saved since.

Every file the loader reads is stamped (size, modification time, a checksum of its bytes);
fmt, lint --fix and import --merge hand the stamp to the writer (io/atomic.py), which
checks it just before the rename. Kept apart from the writer, and light, because every
command reads files and few write them: the writer's imports (tempfile, signals) and
OpenSSL's hashes cost ~9 ms of start-up that validate and lint do not need.
"""

from __future__ import annotations

import errno
import os
import zlib
from pathlib import Path


class Stamp:
    """A file's size, modification time and CRC-32 as read. A checksum, not a
    cryptographic hash: it tells an editor's save from the file jmap read (together with
    the size and the time), which is all a lost-update check asks; nobody races jmap to
    forge a collision in a file they could simply edit."""

    __slots__ = ("checksum", "mtime_ns", "size")

    def __init__(self, size: int, mtime_ns: int, checksum: int) -> None:
        self.size, self.mtime_ns, self.checksum = size, mtime_ns, checksum

    @classmethod
    def of(cls, path: Path, raw: bytes) -> Stamp | None:
        """The stamp of `raw`, just read from `path` (None when it cannot be stat'ed). The
        time is taken after reading: an edit during the read makes the stamp not match."""
        try:
            st = os.stat(path)
        except OSError:
            return None
        return cls(len(raw), st.st_mtime_ns, zlib.crc32(raw))


class Changed(OSError):
    """The file is not the one that was read: saved again meanwhile (a lost update)."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            errno.ESTALE,
            "changed since jmap read it (saved meanwhile?), so it is not overwritten:"
            " run the command again",
            str(path),
        )


def check_unchanged(path: Path, expect: Stamp, raw: bytes | None = None) -> None:
    """Raise Changed unless the file at `path` (or `raw`, its bytes just read again) still
    holds what `expect` stamped: size and time first, then the checksum of the bytes (an
    edit of the same size within the file system's time step)."""
    try:
        if raw is None:
            st = os.stat(path)
            if (st.st_size, st.st_mtime_ns) != (expect.size, expect.mtime_ns):
                raise Changed(path)
            with open(path, "rb") as handle:
                raw = handle.read(expect.size + 1)
    except FileNotFoundError:  # deleted or renamed away meanwhile
        raise Changed(path) from None
    if len(raw) != expect.size or zlib.crc32(raw) != expect.checksum:
        raise Changed(path)

"""Writing a file so that nothing is lost: every command that writes goes through here.

A regular file is replaced atomically (a temporary file in the same folder, then a
rename), so a reader never sees half a file and a failed write leaves the old one whole.
The file keeps its permissions; a symbolic link keeps pointing at it (the file it names
is replaced, not the link). Anything else that exists at the path (a device such as
/dev/stdout, a named pipe) is written in place, as a shell redirection would, never
replaced by a regular file.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path


def write_file(path: Path, data: str | bytes, *, keep_if_same: bool = False) -> bool:
    """Write `data` (text is written as UTF-8, newlines untouched) to `path`.

    With keep_if_same, a file that already holds exactly `data` is left alone (its
    modification time too) and False is returned; otherwise True.
    """
    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        st: os.stat_result | None = path.stat()  # through a symbolic link
    except FileNotFoundError:
        st = None
    if st is not None and not stat.S_ISREG(st.st_mode):
        if stat.S_ISDIR(st.st_mode):
            raise IsADirectoryError(21, "is a folder", str(path))
        with open(path, "wb") as out:
            out.write(raw)
        return True
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    if keep_if_same and st is not None and st.st_size == len(raw) and target.read_bytes() == raw:
        return False
    mode = stat.S_IMODE(st.st_mode) if st is not None else 0o666 & ~_umask()
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(raw)
        os.chmod(temp, mode)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return True


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask

"""Writing a file so that nothing is lost: every command that writes goes through here.

A regular file is replaced atomically (a temporary file in the same folder, flushed to
the disk with its folder, then a rename), so a reader never sees half a file and a
failed write (a full disk) leaves the old one whole. The file keeps its permissions, its
owner and its group; a symbolic link keeps pointing at it (the file it names is
replaced, not the link). The temporary file is removed on any failure, Ctrl-C, SIGTERM
or SIGHUP (then the process ends by that signal; one it ignores stays ignored). Refused,
with the reason (an OSError, which callers report as "cannot write"): a read-only file
(no write permission for anyone: rewriting it would override that choice), a file with
several hard links (a rename would split it from the others; jmap does not write in
place, which a full disk could leave half written), and a file whose owner
cannot be kept. Anything else that exists at the path (a device such as
/dev/stdout, a named pipe) is written in place, as a shell redirection would, never
replaced by a regular file.
No folder is created: the file's folder must exist ("no such folder X (create it first)").
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path

from journeymap_cli.io.signals import held as _signals_held
from journeymap_cli.io.signals import unwind as _signals_unwind


def write_file(
    path: Path, data: str | bytes, *, keep_if_same: bool = False, exclusive: bool = False
) -> bool:
    """Write `data` (text is written as UTF-8, newlines untouched) to `path`.

    With keep_if_same, a file that already holds exactly `data` is left alone (its
    modification time too) and False is returned; otherwise True. With exclusive, an
    existing file is never replaced (FileExistsError), even one that appears meanwhile.
    """
    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        st: os.stat_result | None = path.stat()  # through a symbolic link
    except (FileNotFoundError, NotADirectoryError):  # the folder is checked below
        st = None
    if st is not None and exclusive:
        raise FileExistsError(errno.EEXIST, "already exists", str(path))
    if st is not None and not stat.S_ISREG(st.st_mode):
        if stat.S_ISDIR(st.st_mode):
            raise IsADirectoryError(errno.EISDIR, "is a folder", str(path))
        with open(path, "wb") as out:
            out.write(raw)
        return True
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    if keep_if_same and st is not None and st.st_size == len(raw) and target.read_bytes() == raw:
        return False
    if st is not None:
        _check_replaceable(st)
    mode = stat.S_IMODE(st.st_mode) if st is not None else 0o666 & ~_umask()
    check_folder(path, target)
    with _signals_unwind():
        temp: str | None = None
        try:
            with _signals_held():  # between creating the file and naming it in `temp`
                handle, temp = tempfile.mkstemp(
                    dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
                )
            with os.fdopen(handle, "wb") as out:
                out.write(raw)
                out.flush()
                os.fsync(out.fileno())  # on the disk before the name points at it
            os.chmod(temp, mode)
            if st is not None and (st.st_uid, st.st_gid) != _ids(temp):
                _keep_owner(temp, st)
            if exclusive:
                os.link(temp, target)  # fails if the name appeared meanwhile: no overwrite
                os.unlink(temp)
            else:
                os.replace(temp, target)
            _sync_folder(target.parent)
        except BaseException:
            if temp is not None:
                Path(temp).unlink(missing_ok=True)
            raise
    return True


def check_folder(path: Path, target: Path | None = None) -> None:
    """A file goes only into a folder that exists: jmap creates no folder on its own (a
    mistyped `-o reprots/x.csv` is an error, not a new folder nobody looks in). `target`:
    where a symbolic link `path` points."""
    folder = (target or path).parent
    if folder.is_dir():
        return
    shown = path.parent if str(path.parent) != "." else folder
    if folder.exists() or folder.is_symlink():
        raise NotADirectoryError(errno.ENOTDIR, f"{shown} is not a folder")
    raise FileNotFoundError(errno.ENOENT, f"no such folder {shown} (create it first)")


def _check_replaceable(st: os.stat_result) -> None:
    if not st.st_mode & 0o222:
        mode = f"{stat.S_IMODE(st.st_mode):o}"
        raise PermissionError(
            errno.EACCES, f"read-only file (mode {mode}); make it writable to let jmap rewrite it"
        )
    if st.st_nlink > 1:
        raise OSError(
            errno.EMLINK,
            f"the file has {st.st_nlink} hard links; replacing it would split it from the"
            " others (copy it to break the link, or edit it by hand)",
        )


def _ids(path: str) -> tuple[int, int]:
    st = os.stat(path)
    return st.st_uid, st.st_gid


def _keep_owner(temp: str, st: os.stat_result) -> None:
    try:
        os.chown(temp, st.st_uid, st.st_gid)
    except PermissionError:
        raise PermissionError(
            errno.EPERM,
            f"owned by another user or group ({st.st_uid}:{st.st_gid}); rewriting it would"
            " make it yours",
        ) from None


def _sync_folder(folder: Path) -> None:
    """The rename itself on the disk (a crash right after could otherwise lose it)."""
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:  # a folder that cannot be opened still got the file
        return
    try:
        os.fsync(fd)
    except OSError:  # some file systems cannot sync a folder; the data itself is synced
        pass
    finally:
        os.close(fd)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask

"""Writing a file so that nothing is lost: every command that writes goes through here.

A regular file is replaced atomically (a temporary file in the same folder, flushed to
the disk with its folder, then a rename), so a reader never sees half a file and a
failed write (a full disk) leaves the old one whole. The file keeps its permissions, its
owner and its group. The temporary file is removed on any failure, Ctrl-C, SIGTERM
or SIGHUP (then the process ends by that signal; one it ignores stays ignored). Refused,
with the reason (an OSError, which callers report as "cannot write"): a read-only file
(no write permission for anyone: rewriting it would override that choice), a file with
several hard links (a rename would split it from the others; jmap does not write in
place, which a full disk could leave half written), and a file whose owner
cannot be kept. Anything else that exists at the path (a device such as
/dev/stdout, a named pipe) is written in place, as a shell redirection would, never
replaced by a regular file.
No folder is created: the file's folder must exist ("no such folder X (create it first)").

Where a write may go (io/boundary.py): the real path of the file written must be inside
the project of the path as named, so a committed link (`rendered/m.md ->
~/.ssh/authorized_keys`, an output folder linked out) never redirects a write. A name
jmap chose itself (a page in an output folder, `<id>.html` by default) is never written
through a symbolic link at all, wherever it points: jmap did not make that link. A name
the user typed (`-o page.html`, a map given to fmt) that is a link is followed, the link
kept, when it leads inside the project; a link to a device, a pipe or the process's own
standard output is written in place wherever it is (`-o /dev/stdout`), as the shell would.

A rewrite of a file read earlier (fmt, lint --fix, import --merge) passes the file's
`Stamp` as it was read; if the file no longer holds it just before the rename (an editor
saved meanwhile), nothing is written (`Changed`).
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path

from journeymap_cli.io.boundary import check_inside
from journeymap_cli.io.signals import held as _signals_held
from journeymap_cli.io.signals import unwind as _signals_unwind
from journeymap_cli.io.stamp import Changed, Stamp, check_unchanged


class LinkNotMade(OSError):
    """A symbolic link where jmap writes a file whose name it chose."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            errno.ELOOP,
            "a symbolic link that jmap did not make; jmap never writes its own files through"
            " one (remove the link)",
            str(path),
        )


def write_file(
    path: Path,
    data: str | bytes,
    *,
    keep_if_same: bool = False,
    exclusive: bool = False,
    chosen: bool = False,
    expect: Stamp | None = None,
) -> bool:
    """Write `data` (text is written as UTF-8, newlines untouched) to `path`.

    With keep_if_same, a file that already holds exactly `data` is left alone (its
    modification time too) and False is returned; otherwise True. With exclusive, an
    existing file (a symbolic link too, even a broken one) is never replaced
    (FileExistsError), even one that appears meanwhile. `chosen`: jmap chose the name, so
    a symbolic link there is refused whatever it points at (LinkNotMade). `expect`: the
    stamp of the file as it was read; if it changed since, nothing is written (Changed).
    """
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if exclusive and path.is_symlink():
        raise FileExistsError(errno.EEXIST, "already exists (a symbolic link)", str(path))
    _check_where(path, chosen)
    try:
        st: os.stat_result | None = path.stat()  # through a symbolic link
    except (FileNotFoundError, NotADirectoryError):  # the folder is checked below
        st = None
    if st is not None and exclusive:
        raise FileExistsError(errno.EEXIST, "already exists", str(path))
    if expect is not None and st is None:
        raise Changed(path)
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
            if expect is not None:  # as late as can be: an edit saved until now is kept
                check_unchanged(target, expect)
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


def _check_where(path: Path, chosen: bool) -> None:
    """Refuse a write that a symbolic link would redirect (see the module's docstring)."""
    if path.is_symlink():
        if chosen:
            raise LinkNotMade(path)
        if _written_in_place(path):
            return
    check_inside(path)


def _written_in_place(path: Path) -> bool:
    """A device, a pipe, or this process's own standard output or error (`-o /dev/stdout`
    into a file): written as a shell redirection would, wherever it is."""
    try:
        st = path.stat()
    except OSError:  # a broken link or a loop: where it leads decides
        return False
    if not stat.S_ISREG(st.st_mode):
        return True
    for fd in (1, 2):
        try:
            if os.path.samestat(st, os.fstat(fd)):
                return True
        except OSError:  # closed
            continue
    return False


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

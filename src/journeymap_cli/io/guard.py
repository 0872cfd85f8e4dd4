"""The per-file boundary: what one file's content makes fail becomes that file's diagnostic.

Every place that loads or checks one file at a time (io/batch.py, io/run.py, fmt, render
of one map) runs it inside `one_file`, so a failure that a file's content can cause and
that no check foresaw yet (an OS error on a path it names, a number no float holds,
nesting that exhausts the stack, a file that exhausts memory) is reported at that file,
with its kind and message, and every other file is still checked and reported.

jmap's own bugs must not hide behind this in tests: with JMAP_DEBUG=1 (which the test
suite sets for every test and every `jmap` process it starts) the exception propagates
with its traceback. Tests of the boundary itself set JMAP_DEBUG=0.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from journeymap_cli.report.diagnostics import CHECK_FAILED, IO_ERROR, Diagnostic

# What the content of a file (or a path it names) can make the standard library raise.
# A template's error (render/environment.TemplateFailed) is none of these: it is the
# run's, whatever map it was rendering, and passes through to the command.
CONTENT_ERRORS: tuple[type[BaseException], ...] = (
    OSError,
    ValueError,
    ArithmeticError,  # OverflowError, ZeroDivisionError
    RecursionError,
    MemoryError,
    UnicodeError,
    RuntimeError,  # pathlib's "Symlink loop" (Python < 3.13)
)


def debugging() -> bool:
    return os.environ.get("JMAP_DEBUG", "") not in ("", "0")


def diagnostic(label: str, exc: BaseException) -> Diagnostic:
    """One failure of one file, as its diagnostic: JM900 (exit 2) for an OS error."""
    if isinstance(exc, OSError):
        reason = exc.strerror or str(exc) or type(exc).__name__
        return Diagnostic(label, 1, 1, IO_ERROR, f"cannot read: {reason}")
    reason = str(exc).splitlines()[0] if str(exc) else ""
    reason = reason if len(reason) <= 200 else reason[:200] + "..."
    kind = type(exc).__name__
    return Diagnostic(
        label,
        1,
        1,
        CHECK_FAILED,
        f"this file could not be checked ({kind}: {reason})"
        if reason
        else f"this file could not be checked ({kind})",
        hint="other files were checked; please report this file's case to jmap",
    )


class Failed(Exception):
    """Raised by `one_file` callers that need to know; carries the diagnostic."""

    def __init__(self, found: Diagnostic) -> None:
        super().__init__(found.message)
        self.diagnostic = found


@contextmanager
def one_file(label: str) -> Iterator[None]:
    """Run the body for the file `label`: a content failure becomes `Failed(diagnostic)`."""
    try:
        yield
    except CONTENT_ERRORS as exc:
        if debugging():
            raise
        raise Failed(diagnostic(label, exc)) from exc

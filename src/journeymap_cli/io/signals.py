"""SIGTERM and SIGHUP that clean up first: what a command leaves on disk goes, then it ends.

Python turns Ctrl-C into KeyboardInterrupt, so `finally` blocks and `with` exits run; the
other two signals that stop a command (a `kill`, a closed terminal) end the process at
once by default, leaving temporary files and browser profiles behind. Inside `unwind()`
they unwind the same way, then end the process by that signal, as it would have ended.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

SIGNALS = (signal.SIGTERM, signal.SIGHUP)


class Stopped(BaseException):
    """SIGTERM or SIGHUP inside `unwind()`: unwinds like Ctrl-C, past `except Exception`."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


@contextmanager
def unwind() -> Iterator[None]:
    """Inside the block, SIGTERM and SIGHUP unwind it (its clean-up runs) and then end the
    process by that signal, as they would have without jmap's handler. Blocks may nest:
    the innermost unwinds first, then hands the signal to the one around it."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set handlers
        return

    def stop(signum: int, frame: FrameType | None) -> None:
        for s in previous:  # a second signal must not cut the clean-up short
            signal.signal(s, signal.SIG_IGN)
        raise Stopped(signum)

    # A signal the process ignores (`nohup jmap fmt`: SIGHUP) stays ignored; one whose
    # handler was set outside Python (None) cannot be restored, so it is left alone
    previous = {s: signal.getsignal(s) for s in SIGNALS}
    previous = {s: h for s, h in previous.items() if h not in (signal.SIG_IGN, None)}
    restored = False

    def restore() -> None:
        # once: when blocks nest, the outer handler, run by os.kill below, ignores a second
        # signal during its own clean-up; restoring again here would undo that
        nonlocal restored
        if not restored:
            restored = True
            for s, handler in previous.items():
                signal.signal(s, handler)

    for s in previous:
        signal.signal(s, stop)
    try:
        yield
    except Stopped as stopped:
        restore()
        os.kill(os.getpid(), stopped.signum)  # the handler the process had decides
        raise SystemExit(128 + stopped.signum) from None  # if that handler returned
    finally:
        restore()


@contextmanager
def held() -> Iterator[None]:
    """Ctrl-C, SIGTERM and SIGHUP wait (blocked, not lost) until the block ends: one that
    came while tempfile.mkstemp had created the file but not yet returned its name left
    the file behind (caught 3 times in 10 by stopping `jmap fmt` as the file appeared)."""
    if not hasattr(signal, "pthread_sigmask"):  # not on POSIX: nothing to hold
        yield
        return
    before = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, *SIGNALS})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)

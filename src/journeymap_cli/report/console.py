"""The one rich Console that jmap prints through (imported only where rich output is drawn)."""

from __future__ import annotations

import errno
import os
from typing import Any

from rich.console import Console


class _Console(Console):
    def on_broken_pipe(self) -> None:
        # rich answers a closed pipe with exit 1, which jmap reserves for "problems found":
        # let the error reach the entry point, which ends the process by SIGPIPE instead
        self.quiet = True
        raise BrokenPipeError(errno.EPIPE, os.strerror(errno.EPIPE))


def console(**options: Any) -> Console:
    """A rich Console (rich's own options) whose closed pipe ends jmap as SIGPIPE would."""
    return _Console(**options)

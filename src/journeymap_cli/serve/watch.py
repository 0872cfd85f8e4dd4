"""The watcher: the folders the site reads from, watched with watchfiles; changes → rebuilds.

Every folder is watched on its own (not recursively) so that a map beside a `.venv` or a
`node_modules` does not cost a watch on each of their thousands of folders: the trees
given on the command line are walked as `jmap render` walks them (hidden folders and
build output left out), and the watch starts again when a folder appears or goes away.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path

from journeymap_cli.io.discover import SKIPPED_DIRS
from journeymap_cli.serve.site import Site

STEP_MS = 30  # changes closer together than this are one batch (an editor's save)
DEBOUNCE_MS = 400  # ... but a batch waits no longer than this
# watchfiles says nothing until a change comes; an empty batch after this long tells that
# its watches are in place (the URL is printed only then: a save right after is seen)
QUIET_MS = 250


def folders(trees: set[Path], alone: set[Path]) -> list[str]:
    """Every folder to watch, existing ones only, in a stable order."""
    found = {p for p in alone if p.is_dir()}
    for tree in trees:
        for current, dirs, _ in os.walk(tree):
            dirs[:] = [d for d in dirs if not d.startswith(".") and d not in SKIPPED_DIRS]
            found.add(Path(current))
    return sorted(str(p) for p in found)


class Watcher:
    """A thread that rebuilds the site on each batch of changes until `stop()`."""

    def __init__(self, site: Site, say: Callable[[str], None], failed: Callable[[], None]):
        self.site, self.say, self.failed = site, say, failed
        self.stopping = threading.Event()
        self.ready = threading.Event()  # watching (or failed: see `failed`)
        self.thread = threading.Thread(target=self._run, name="jmap-watch")

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.stopping.set()  # watchfiles looks at it every STEP_MS

    def join(self, timeout: float) -> None:
        if self.thread.is_alive():
            self.thread.join(timeout)

    def _run(self) -> None:
        from watchfiles import watch

        try:
            while not self.stopping.is_set():
                roots = folders(*self.site.watched())
                started = False
                for changes in watch(
                    *roots,
                    recursive=False,
                    stop_event=self.stopping,
                    step=STEP_MS,
                    debounce=DEBOUNCE_MS,
                    rust_timeout=QUIET_MS,
                    yield_on_timeout=True,
                    raise_interrupt=False,
                    ignore_permission_denied=True,
                ):
                    changed = {Path(p) for _, p in changes}
                    if not started:
                        started = True
                        # what changed while the watches were being set up: compared by
                        # content, so nothing is rebuilt if nothing changed. Before `ready`:
                        # a save once the URL is printed must not meet this check halfway
                        # (it would rebuild the pages compared after the save, then the rest)
                        changed |= self.site.inputs(roots)
                        self._update(changed)
                        self.ready.set()
                    elif changed:
                        self._update(changed)
                    if folders(*self.site.watched()) != roots:
                        break  # watch the new set of folders
        except Exception as exc:  # the system refused a watch (inotify limits, ...)
            self.say(f"jmap: error: cannot watch for changes: {exc}")
            self.failed()
        finally:
            self.ready.set()

    def _update(self, changed: set[Path]) -> None:
        try:
            self.site.update(changed)
        except Exception as exc:  # a bug must not end the preview; say it, keep serving
            self.say(f"jmap: error: rebuilding failed: {type(exc).__name__}: {exc}")

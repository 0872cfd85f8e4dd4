"""Checking many maps: serially, or on every core above a few hundred files.

The output is the same either way: chunks are contiguous slices of the file list, their
results are joined in order, and what several workers both read (a shared persona file)
is reported once, where a serial run would have reported it.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from journeymap_cli.io.guard import Failed, one_file
from journeymap_cli.io.loader import Limits, LoadedMap, Loader
from journeymap_cli.io.source import FILES, FileSource
from journeymap_cli.report.diagnostics import Diagnostic

PARALLEL_FROM = 200  # below this many maps, starting workers costs more than it saves
FULL_COLLECTION_EVERY = 100  # middle-generation collections (CPython's default is 10)

# per map: the loaded map and the loader → extra diagnostics and an optional result
PerMap = Callable[[LoadedMap], tuple[list[Diagnostic], Any]]


@dataclass
class Batch:
    files: list[str] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)  # only files with diagnostics
    results: list[Any] = field(default_factory=list)
    maps: list[LoadedMap] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)  # maps that failed validation


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def jobs() -> int:
    """Worker processes: JMAP_JOBS if set (1 = serial), at most the usable cores (more
    only costs memory: JMAP_JOBS=1000 once started 201 processes and 7.8 GB)."""
    setting = os.environ.get("JMAP_JOBS", "").strip()
    if jobs_problem() is None and setting:
        return min(int(setting), cores())
    return cores()


def jobs_problem() -> str | None:
    """Why JMAP_JOBS is not a number of workers, or None (unset is fine)."""
    setting = os.environ.get("JMAP_JOBS", "").strip()
    # isdigit() alone accepts '²' and other digits int() refuses
    if not setting or (setting.isascii() and setting.isdigit() and int(setting) > 0):
        return None
    return f"JMAP_JOBS={setting!r}: must be a whole number of worker processes, 1 or more"


@contextmanager
def _long_lived() -> Iterator[None]:
    """Full collections kept rare while a batch runs, as the default collector would
    have them for a flat list of maps.

    What a batch keeps grows as it goes: results, and for maps whose stages open into
    detail maps (format 1.2) the models and parses of the hierarchy read ahead of their
    turn. Each time the long-lived objects grow by a quarter, CPython scans all of them:
    on a 3-level hierarchy of 200 maps, 6 full collections took 0.45-0.69 s of a 2 s run
    (1 collection, 0.02 s, on the same maps without `detail`). Collections of the young
    generations, which free the garbage a map leaves, run as usual.
    """
    low, middle, full = gc.get_threshold()
    gc.set_threshold(low, middle, max(full, FULL_COLLECTION_EVERY))
    try:
        yield
    finally:
        gc.set_threshold(low, middle, full)


def _chunk(
    paths: Sequence[Path],
    limits: Limits,
    per_map: PerMap | None,
    keep: bool,
    source: FileSource = FILES,
) -> Batch:
    with _long_lived():
        return _load_chunk(paths, limits, per_map, keep, source)


def _load_chunk(
    paths: Sequence[Path],
    limits: Limits,
    per_map: PerMap | None,
    keep: bool,
    source: FileSource,
) -> Batch:
    loader = Loader(limits, source, upcoming=paths)
    batch = Batch()
    for path in paths:
        label = loader.label(path)
        try:
            with one_file(label):
                loaded = loader.load_map(path)
                extra: list[Diagnostic] = []
                result = None
                if loaded.ok and not loaded.diagnostics and per_map is not None:
                    extra, result = per_map(loaded)
        except Failed as failed:  # what no check foresaw: this file's error, not the run's
            if label not in loader.files:
                loader.files.append(label)
            batch.invalid.append(label)
            batch.diagnostics.append(failed.diagnostic)
            continue
        if not (loaded.ok and not loaded.diagnostics):
            batch.invalid.append(loaded.path)
        elif result is not None:
            batch.results.append(result)
        batch.diagnostics += loaded.diagnostics + extra
        loaded.parsed.document = None  # memory stays flat over thousands of files
        loaded.parsed.text = None
        if not any(d.path == label for d in (*loaded.diagnostics, *extra)):
            loader.texts.pop(label, None)  # a clean map's text: no line of it is quoted
        if keep:
            batch.maps.append(loaded)
    with_problems = {d.path for d in batch.diagnostics}
    batch.texts = {p: t for p, t in loader.texts.items() if p in with_problems}
    batch.files = loader.files
    return batch


def _ignore_interrupts() -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


T = TypeVar("T")
R = TypeVar("R")


def in_chunks(work: Callable[[Sequence[T]], R], items: Sequence[T], parallel_from: int) -> list[R]:
    """`work` over contiguous chunks of `items`, in order: in one process below
    `parallel_from` items (or with JMAP_JOBS=1), else spread over worker processes."""
    workers = min(jobs(), max(1, len(items) // max(1, parallel_from // 2)))
    if workers < 2 or len(items) < parallel_from:
        return [work(items)]
    size = -(-len(items) // (workers * 4))  # a few chunks per worker evens out the load
    chunks = [items[i : i + size] for i in range(0, len(items), size)]
    from multiprocessing import Pool  # only when it pays: a few ms to import

    # Ctrl-C reaches the whole process group: the workers ignore it, and leaving the
    # `with` block (normally or by KeyboardInterrupt) terminates them, so an interrupted
    # run ends at once instead of waiting for, or hanging on, busy workers.
    with Pool(workers, initializer=_ignore_interrupts) as pool:
        return pool.map(work, chunks, chunksize=1)


def run(
    paths: Sequence[Path],
    limits: Limits,
    per_map: PerMap | None = None,
    *,
    keep_maps: bool = False,
    source: FileSource = FILES,
    in_process: bool = False,
) -> Batch:
    """Load (and check with `per_map`) every map; the models are kept only with keep_maps.
    in_process: `per_map` must run here, in order (it writes files, say)."""
    if keep_maps or in_process or source is not FILES:  # models, stdin and writers stay here
        return _chunk(paths, limits, per_map, keep_maps, source)
    work = partial(_chunk, limits=limits, per_map=per_map, keep=False)
    parts = in_chunks(work, paths, PARALLEL_FROM)
    if len(parts) == 1:
        return parts[0]
    merged = Batch()
    seen_files: set[str] = set()
    seen: set[Diagnostic] = set()
    for part in parts:
        merged.files += [f for f in part.files if f not in seen_files]
        seen_files.update(part.files)
        for d in part.diagnostics:  # a persona's errors come once per worker that read it
            if d not in seen:
                seen.add(d)
                merged.diagnostics.append(d)
        merged.texts.update(part.texts)
        merged.results += part.results
        merged.invalid += part.invalid
    return merged

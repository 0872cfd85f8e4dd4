"""`jmap diff`: what changed in the journey between two files or git revisions."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from journeymap_cli.cli.options import (
    ConfigOpt,
    MaxBytesOpt,
    choice,
    choices,
    fail,
    limits,
    load_config,
    use_color,
)
from journeymap_cli.cli.usage import not_a_file
from journeymap_cli.report.diagnostics import ExitCode

if TYPE_CHECKING:
    from journeymap_cli.io.loader import Limits, Loader


class DiffFormat(StrEnum):
    text = "text"
    md = "md"
    json = "json"


def diff(
    paths: Annotated[
        list[str],
        typer.Argument(metavar="PATH", help="OLD NEW, or one map with --rev.", show_default=False),
    ],
    rev: Annotated[
        str | None,
        typer.Option(
            "--rev",
            metavar="REV",
            help="Compare PATH at git revision REV with the working file. A..B: the map at A"
            " with the map at B; A..: A with HEAD; ..B: HEAD with B (a side left out is HEAD,"
            " as in git); A...B: the merge base of A and B (where B forked) with B.",
            show_default=False,
        ),
    ] = None,
    output_format: Annotated[
        DiffFormat,
        typer.Option(
            "--format",
            "-f",
            parser=choice(DiffFormat, "format"),
            metavar=choices(DiffFormat),
            help="Output format.",
        ),
    ] = DiffFormat.text,
    fail_on_regression: Annotated[
        bool,
        typer.Option(
            "--fail-on-regression",
            help="Exit 1 when experience drops, the gap widens, a moment of truth's"
            " performance falls or a stage's emotion falls 2 or more steps (thresholds:"
            " [diff] in the configuration).",
        ),
    ] = False,
    exit_code: Annotated[
        bool, typer.Option("--exit-code", help="Exit 1 when anything changed, like git diff.")
    ] = False,
    max_bytes: MaxBytesOpt = None,
    config_path: ConfigOpt = None,
) -> None:
    """Show what changed in the journey: stages, touchpoints, persona, emotion, scores."""
    from journeymap_cli.diff.compare import Thresholds, diff_maps, regressions
    from journeymap_cli.diff.output import write_json, write_md, write_text
    from journeymap_cli.io.paths import shared_path
    from journeymap_cli.score.figures import score_map

    config = load_config(config_path)
    file_limits = limits(config, max_bytes)
    old_loader, new_loader, old_path, new_path = _loaders(paths, rev, file_limits)
    versions = []
    for loader, path in ((old_loader, old_path), (new_loader, new_path)):
        loaded = loader.load_map(path)
        if loaded.jmap is None or loaded.persona is None or loaded.diagnostics:
            from journeymap_cli.report import Report, emit

            report = Report("diff", [loaded.path], loaded.diagnostics, loader.texts)
            emit("text", report, sys.stderr, color=False)
            raise typer.Exit(ExitCode.USAGE if loaded.parsed.io_error else ExitCode.PROBLEMS)
        score = score_map(shared_path(loaded.path), loaded.jmap, loaded.persona)
        versions.append((shared_path(loaded.path), (loaded.jmap, loaded.persona, score)))
    (old_label, old), (new_label, new) = versions
    result = diff_maps(old_label, old, new_label, new)
    thresholds = Thresholds(
        experience_drop=config.diff.get("experience-drop", 0.0),
        gap_increase=config.diff.get("gap-increase", 0.0),
        moment_of_truth_drop=int(config.diff.get("moment-of-truth-drop", 0)),
        emotion_drop=config.diff.get("emotion-drop", Thresholds.emotion_drop),
    )
    found = regressions(result, thresholds) if fail_on_regression else []
    if output_format is DiffFormat.json:
        write_json(result, found, sys.stdout)
    elif output_format is DiffFormat.md:
        write_md(result, found, sys.stdout)
    else:
        write_text(result, found, sys.stdout, color=use_color())
    if found or (exit_code and result.changed):
        raise typer.Exit(ExitCode.PROBLEMS)
    raise typer.Exit(ExitCode.CLEAN)


def _loaders(
    paths: list[str], rev: str | None, file_limits: Limits
) -> tuple[Loader, Loader, Path, Path]:
    """Where the old and the new version come from: files, or git revisions."""
    from journeymap_cli.io.git import GitError, GitLoader, revisions
    from journeymap_cli.io.loader import Loader

    if rev is None:
        if len(paths) != 2:
            raise fail("give two maps (OLD NEW), or one map and --rev REV")
        for p in paths:
            if not Path(p).is_file():
                raise fail(not_a_file(p))
        return Loader(file_limits), Loader(file_limits), Path(paths[0]), Path(paths[1])
    if len(paths) != 1:
        raise fail("--rev compares one map with itself at a git revision: give one path")
    path = Path(paths[0])
    folder = path.parent if path.parent != Path("") else Path(".")
    if not folder.is_dir():
        raise fail(f"{folder}: no such folder")
    try:
        old, new = revisions(rev, folder)
    except GitError as exc:
        raise fail(str(exc)) from None
    if new is None and not path.is_file():
        raise fail(not_a_file(path))
    new_loader = Loader(file_limits) if new is None else GitLoader(new, file_limits)
    return GitLoader(old, file_limits), new_loader, path, path

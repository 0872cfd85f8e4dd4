"""`jmap score`: options and output; the figures come from scoring.py."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from journeymap_cli.cli.options import (
    ConfigOpt,
    GroupBy,
    MapState,
    MaxBytesOpt,
    PathsArg,
    ScoreFormat,
    choice,
    choices,
    fail,
    limits,
    load_config,
    report_paths,
    use_color,
)
from journeymap_cli.report.diagnostics import ExitCode

if TYPE_CHECKING:
    from journeymap_cli.score.output import ScoreRun


def score(
    paths: PathsArg = None,
    output_format: Annotated[
        ScoreFormat,
        typer.Option(
            "--format",
            "-f",
            parser=choice(ScoreFormat, "format"),
            metavar=choices(ScoreFormat),
            help="Output format.",
        ),
    ] = ScoreFormat.text,
    detail: Annotated[
        bool,
        typer.Option(
            "--detail", help="Add per-stage and per-touchpoint tables, hotspots, failed checks."
        ),
    ] = False,
    by: Annotated[
        GroupBy | None,
        typer.Option(
            "--by",
            parser=choice(GroupBy, "grouping"),
            metavar=choices(GroupBy),
            help="Rank owners by the weighted gaps they own, with their touchpoints,"
            " weak touchpoints and pain points (in CSV: that table alone).",
        ),
    ] = None,
    tag: Annotated[
        list[str] | None,
        typer.Option(
            "--tag", metavar="TAG", help="Only maps with this tag (repeatable: any of them)."
        ),
    ] = None,
    state: Annotated[
        MapState | None,
        typer.Option(
            "--state",
            parser=choice(MapState, "state"),
            metavar=choices(MapState),
            help="Only as-is or only to-be maps.",
        ),
    ] = None,
    fail_under: Annotated[
        list[str] | None,
        typer.Option(
            "--fail-under",
            metavar="FIGURE=VALUE",
            help="Exit 1 when a map's figure is under VALUE (experience, completeness,"
            " ownership, evidence, emotion.low, emotion.high, emotion.end; rollup.experience,"
            " rollup.evidence for maps with detail maps). Repeatable.",
        ),
    ] = None,
    fail_over: Annotated[
        list[str] | None,
        typer.Option(
            "--fail-over",
            metavar="FIGURE=VALUE",
            help="Exit 1 when a map's gap (gap, or rollup.gap for maps with detail maps) is"
            " over VALUE. Repeatable.",
        ),
    ] = None,
    max_bytes: MaxBytesOpt = None,
    config_path: ConfigOpt = None,
) -> None:
    """Score maps with the fixed scoring model; gates make it fail in CI."""
    from journeymap_cli.score.gates import GateError, combine
    from journeymap_cli.score.run import score_all

    config = load_config(config_path)
    try:
        gates = combine(config.fail_under, config.fail_over, fail_under or [], fail_over or [])
    except GateError as exc:
        raise fail(str(exc)) from None
    run, scored = score_all(
        paths or [],
        limits(config, max_bytes),
        gates,
        tags=tag or [],
        state=state.value if state is not None else None,
    )
    report_paths(run.missing, run.report.files)
    if run.report.diagnostics:
        from journeymap_cli.report import emit

        # Validation problems go to stderr so that stdout stays parseable JSON or CSV.
        emit("text", run.report, sys.stderr, color=False)
    _write_score(scored, output_format, detail=detail, by_owner=by is GroupBy.owner)
    from journeymap_cli.score.portfolio import unknown_tags

    for missing in unknown_tags(run.results, tag or []):
        # a mistyped tag keeps no map, and gates over no map pass: say so
        typer.echo(f"jmap: warning: no map has the tag {missing!r}", err=True)
    for skipped in scored.skipped:
        typer.echo(f"jmap: note: {skipped}", err=True)
    from journeymap_cli.score.gates import idle

    for gate in idle(scored.scores, gates):
        typer.echo(f"jmap: note: no map scored has detail maps: {gate} checked nothing", err=True)
    for breach in scored.breaches:
        typer.echo(f"jmap: gate failed: {breach}", err=True)
    if run.exit_code == ExitCode.USAGE:
        raise typer.Exit(ExitCode.USAGE)
    failed = scored.invalid or scored.breaches or run.exit_code != ExitCode.CLEAN
    raise typer.Exit(ExitCode.PROBLEMS if failed else ExitCode.CLEAN)


def _write_score(scored: ScoreRun, fmt: ScoreFormat, *, detail: bool, by_owner: bool) -> None:
    from journeymap_cli.score import output as score_output

    if fmt is ScoreFormat.json:
        score_output.write_json(scored, sys.stdout)
    elif fmt is ScoreFormat.csv and by_owner:  # one table per file: the grouped one
        score_output.write_owners_csv(scored, sys.stdout)
    elif fmt is ScoreFormat.csv:
        score_output.write_csv(scored, sys.stdout)
    elif fmt is ScoreFormat.md:
        from journeymap_cli.score.markdown import write_md

        write_md(scored, sys.stdout, detail=detail, by_owner=by_owner)
    else:
        import os

        from journeymap_cli.score.table import write_text

        # a terminal's own width, or COLUMNS when set; else (a pipe, a file, CI logs) 120
        width = None if sys.stdout.isatty() or os.environ.get("COLUMNS") else 120
        write_text(
            scored, sys.stdout, color=use_color(), detail=detail, by_owner=by_owner, width=width
        )

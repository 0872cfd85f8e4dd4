"""`jmap score` for people: rich tables, one row per map and a portfolio row."""

from __future__ import annotations

from typing import TextIO

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from journeymap_cli.report.console import console as make_console
from journeymap_cli.score import reading
from journeymap_cli.score.figures import MapScore, TouchpointScore
from journeymap_cli.score.journeys import JourneySummary
from journeymap_cli.score.opportunities import ranked
from journeymap_cli.score.output import (
    JOURNEY_HEAD,
    OWNER_HEAD,
    ScoreRun,
    comparison_line,
    emotion_rows,
    journey_rows,
    journey_title,
    opportunity_line,
    owner_row,
    shown,
)

TOP_HOTSPOTS = 5


def write_text(
    run: ScoreRun, out: TextIO, *, color: bool, detail: bool, by_owner: bool, width: int | None
) -> None:
    console = make_console(
        file=out,
        color_system="auto" if color else None,
        force_terminal=color,
        highlight=False,
        width=width,
    )
    if run.scores:
        _maps_tables(console, run)
    if detail:
        for score in run.scores:
            _detail(console, score)
    if by_owner:
        _owners(console, run)
    for journey in run.journeys:
        _journey(console, journey)
    if run.invalid:
        n = len(run.invalid)
        console.print(
            f"[bold red]{n} map{'s' * (n != 1)} failed validation and "
            f"{'are' if n != 1 else 'is'} left out of the figures[/]: "
            + escape(", ".join(run.invalid))
        )
    elif not run.scores:
        console.print("no maps to score")


def _table(
    title: str, head: tuple[str, ...], rows: list[list[str]], total: list[str] | None
) -> Table:
    table = Table(title=title, title_justify="left")
    for i, name in enumerate(head):
        table.add_column(name, justify="left" if name in ("Map", "Emotion") else "right")
        table.columns[i].no_wrap = i != 0
    for row in rows:
        table.add_row(*map(Text, row))  # Text: user content is not markup
    if total is not None:
        table.add_section()
        table.add_row(*map(Text, total), style="bold")
    return table


def _maps_tables(console: Console, run: ScoreRun) -> None:
    """The customer's experience, then the map's quality: two questions, two tables."""
    several = len(run.scores) > 1
    console.print(
        _table(
            reading.EXPERIENCE_TITLE,
            reading.EXPERIENCE_HEAD,
            reading.experience_rows(run.scores),
            reading.portfolio_experience_row(run.portfolio, run.scores) if several else None,
        )
    )
    console.print(reading.EXPERIENCE_NOTE, style="dim")
    for s in run.scores:
        for note in reading.misaligned_notes(s):
            console.print(Text(f"{s.title}: {note}" if several else note))
    console.print()
    console.print(
        _table(
            reading.QUALITY_TITLE,
            reading.QUALITY_HEAD,
            reading.quality_rows(run.scores),
            reading.portfolio_quality_row(run.portfolio) if several else None,
        )
    )
    console.print(reading.QUALITY_NOTE, style="dim")
    if any(s.rollup is not None for s in run.scores):
        console.print(reading.ROLLUP_NOTE, style="dim")


def _steps(p: TouchpointScore, scale: tuple[int, int]) -> str:
    """How many rating steps a touchpoint is below its target (0 when on or above it)."""
    if p.gap is None:
        return "–"
    low, high = scale
    steps = max(0.0, p.gap) * (high - low) / 100
    return f"{steps:.0f}" if abs(steps - round(steps)) < 0.05 else f"{steps:.1f}"


def _detail(console: Console, s: MapScore) -> None:
    low, high = s.scale
    console.print()
    console.rule(Text(f"{s.title} ({s.path})"), align="left")
    stages = Table(title="Stages", title_justify="left")
    for head in ("Stage", "Emotion", "Effort", "Experience", "Gap", f"Channels (of {high})"):
        stages.add_column(
            head, justify="left" if head.startswith(("Stage", "Channels")) else "right"
        )
    for st in s.stages:
        channels = ", ".join(
            f"{c} {reading.rating(v, s.scale, of=False)}" for c, v in st.channels.items()
        )
        stages.add_row(
            escape(st.name),
            reading.rating(st.emotion, s.scale),
            reading.rating(st.effort, s.scale),
            shown(st.experience),
            shown(st.gap),
            escape(channels) + ("  [bold red]![/]" if st.misaligned else ""),
        )
    console.print(stages)
    for note in reading.misaligned_notes(s):
        console.print(Text("! " + note))
    for st in s.stages:
        if st.detail is not None:
            console.print(Text("→ " + reading.detail_line(st)))
    points = Table(title="Touchpoints, stage by stage", title_justify="left")
    # The name takes the room the other columns do not need: they keep their widths (no
    # wrapping) and the name column alone grows and wraps; the stage heads each group of
    # rows instead of taking a column on every row.
    heads = ("Touchpoint", "Channel", "Owner", "Now", "Target", "Below", "Weight")
    for head in heads:
        numeric = head in ("Now", "Target", "Below", "Weight")
        points.add_column(
            head,
            justify="right" if numeric else "left",
            no_wrap=head != "Touchpoint",
            ratio=1 if head == "Touchpoint" else None,
        )
    stage_name = None
    for p in s.touchpoints:
        if p.stage_name != stage_name:
            stage_name = p.stage_name
            if points.row_count:
                points.add_section()
            points.add_row(Text(stage_name, style="bold underline"))
        flags = (" ★" if p.moment_of_truth else "") + (f" ({p.layer})" if p.backstage else "")
        points.add_row(
            Text(p.name + flags),
            escape(p.channel or "–"),
            escape(p.owner) if p.owner else "[red]no owner[/]",
            reading.rating(p.performance, s.scale, of=False),
            reading.rating(p.target, s.scale, of=False),
            _steps(p, s.scale),
            f"{p.weight:g}",
        )
    console.print(points)
    console.print(
        f"★ moment of truth; Now and Target on the map's scale {low}–{high}; Below: rating"
        " steps under the target; experience and gap 0–100",
        style="dim",
    )
    if s.hotspots:
        console.print("\n[bold]Top hotspots[/] (weight × gap to target)")
        for h in s.hotspots[:TOP_HOTSPOTS]:
            console.print(
                Text(f"  {h.weighted_gap:6.0f}  {h.name} — {h.stage_name}, {h.owner or 'no owner'}")
            )
            for pain in h.pain_points:
                console.print(Text(f"          · {pain}", style="dim"))
            if h.behind:
                console.print(Text(f"          {reading.behind_line(h, s.scale)}"))
    if s.rollup is not None:
        console.print(Text("\n" + reading.rollup_line(s)))
        for h in s.rollup.hotspots[:TOP_HOTSPOTS]:
            console.print(Text(f"  {h.weighted_gap:6.0f}  {reading.rolled_hotspot(h, s)}"))
    if open_ := ranked(s.opportunities):
        console.print("\n[bold]Open opportunities[/] by priority (impact × value / effort)")
        for rank, o in enumerate(open_, 1):
            console.print(Text(f"  {rank:>2}. {opportunity_line(o)}"))
    failed = s.failed_checks
    if failed:
        console.print(f"\n[bold]Completeness[/]: {len(failed)} of {len(s.checks)} checks failed")
        for check in failed:
            console.print(Text(f"  ✗ {check.subject}: needs {check.what}"))


def _owners(console: Console, run: ScoreRun) -> None:
    table = Table(title="By owner (ranked by the weighted gaps they own)", title_justify="left")
    for head in OWNER_HEAD:
        table.add_column(head, justify="left" if head == "Owner" else "right")
    for o in run.portfolio.owners:
        row = owner_row(o)
        table.add_row(escape(row[0]) if o.owner else f"[red]{row[0]}[/]", *row[1:])
    console.print()
    console.print(table)


def _journey(console: Console, j: JourneySummary) -> None:
    console.print()
    table = Table(title=escape(journey_title(j)), title_justify="left")
    for i, head in enumerate(JOURNEY_HEAD):
        table.add_column(head, justify="left" if i in (0, 1, 2, 6) else "right")
    for row in journey_rows(j):
        table.add_row(*map(Text, row))
    console.print(table)
    names, rows = emotion_rows(j)
    curves = Table(title="Emotion by stage (0-100)", title_justify="left")
    for i, name in enumerate(names):
        curves.add_column(Text(name), justify="left" if i == 0 else "right")
    for row in rows:
        curves.add_row(*map(Text, row))
    console.print(curves)
    for c in j.comparisons:
        console.print(Text(f"  {comparison_line(c)}"))

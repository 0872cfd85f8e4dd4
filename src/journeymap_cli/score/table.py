"""`jmap score` for people: rich tables, one row per map and a portfolio row."""

from __future__ import annotations

from typing import TextIO

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from journeymap_cli.score.figures import MapScore
from journeymap_cli.score.journeys import JourneySummary
from journeymap_cli.score.opportunities import ranked
from journeymap_cli.score.output import (
    JOURNEY_HEAD,
    OWNER_HEAD,
    TABLE_HEAD,
    ScoreRun,
    comparison_line,
    emotion_rows,
    journey_rows,
    journey_title,
    opportunity_line,
    owner_row,
    portfolio_row,
    shown,
    table_row,
)

TOP_HOTSPOTS = 5


def write_text(
    run: ScoreRun, out: TextIO, *, color: bool, detail: bool, by_owner: bool, width: int | None
) -> None:
    console = Console(
        file=out,
        color_system="auto" if color else None,
        force_terminal=color,
        highlight=False,
        width=width,
    )
    if run.scores:
        console.print(_maps_table(run))
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


def _maps_table(run: ScoreRun) -> Table:
    table = Table(title="Journey scores", title_justify="left")
    for i, head in enumerate(TABLE_HEAD):
        table.add_column(head, justify="left" if i in (0, 3) else "right", no_wrap=i != 0)
    for score in run.scores:
        table.add_row(*map(Text, table_row(score)))  # Text: user content is not markup
    if len(run.scores) > 1:
        table.add_section()
        table.add_row(*map(Text, portfolio_row(run.portfolio)), style="bold")
    return table


def _detail(console: Console, s: MapScore) -> None:
    console.print()
    console.rule(Text(f"{s.title} ({s.path})"), align="left")
    stages = Table(title="Stages", title_justify="left")
    for head in ("Stage", "Emotion", "Effort", "Experience", "Gap", "Channels"):
        stages.add_column(head, justify="left" if head in ("Stage", "Channels") else "right")
    for st in s.stages:
        channels = escape(", ".join(f"{c} {v:.0f}" for c, v in st.channels.items()))
        if st.misaligned:
            channels += "  [bold red]misaligned[/]"
        stages.add_row(
            escape(st.name),
            shown(st.emotion),
            shown(st.effort),
            shown(st.experience),
            shown(st.gap),
            channels,
        )
    console.print(stages)
    points = Table(title="Touchpoints", title_justify="left")
    for head in ("Touchpoint", "Stage", "Channel", "Owner", "Perf.", "Target", "Gap", "Weight"):
        points.add_column(
            head, justify="right" if head in ("Perf.", "Target", "Gap", "Weight") else "left"
        )
    for p in s.touchpoints:
        flags = (" ★" if p.moment_of_truth else "") + (" (backstage)" if p.backstage else "")
        points.add_row(
            escape(p.name) + flags,
            escape(p.stage_name),
            escape(p.channel or "–"),
            escape(p.owner) if p.owner else "[red]no owner[/]",
            shown(p.performance),
            shown(p.target),
            shown(p.gap),
            f"{p.weight:g}",
        )
    console.print(points)
    console.print("★ moment of truth; ratings normalised to 0-100", style="dim")
    if s.hotspots:
        console.print("\n[bold]Top hotspots[/] (weight × gap to target)")
        for h in s.hotspots[:TOP_HOTSPOTS]:
            console.print(
                Text(f"  {h.weighted_gap:6.0f}  {h.name} — {h.stage_name}, {h.owner or 'no owner'}")
            )
            for pain in h.pain_points:
                console.print(Text(f"          · {pain}", style="dim"))
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

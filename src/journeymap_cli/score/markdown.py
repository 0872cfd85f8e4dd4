"""`jmap score --format md`: tables fit for a pull-request comment or a job summary."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from journeymap_cli.markdown import escape as _md
from journeymap_cli.score import reading
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
)


def _md_rows(head: tuple[str, ...], rows: list[list[str]], total: list[str] | None) -> str:
    """A GitHub table: text columns (map, emotion sparkline) left, figures right. Only the
    map's title is the map's text (escaped); the other cells are jmap's own figures."""
    body = [[_md(title), *figures] for title, *figures in rows]
    if total is not None:
        body.append([f"**{cell}**" if cell else "" for cell in total])
    align = [":---" if h in ("Map", "Emotion") else "---:" for h in head]
    text = "| " + " | ".join(head) + " |\n" + "|" + "|".join(align) + "|\n"
    return text + "".join("| " + " | ".join(row) + " |\n" for row in body)


def _md_table(head: Sequence[str], rows: Sequence[Sequence[str]], left: int) -> str:
    """A GitHub table: the first `left` columns are the map's text (escaped, left-aligned),
    the others jmap's own figures (right-aligned). The caller escapes a head from a map."""
    text = "| " + " | ".join(head) + " |\n"
    text += "|" + "|".join(":---" if i < left else "---:" for i in range(len(head))) + "|\n"
    return text + "".join(
        "| " + " | ".join([*(_md(c) for c in row[:left]), *row[left:]]) + " |\n" for row in rows
    )


def write_md(run: ScoreRun, out: TextIO, *, detail: bool, by_owner: bool) -> None:
    """Tables fit for a pull-request comment: the customer's experience, then the map's
    quality (score/reading.py)."""
    several = len(run.scores) > 1
    experience = reading.experience_rows(run.scores)
    quality = reading.quality_rows(run.scores)
    experience_total = quality_total = None
    if several:
        experience_total = reading.portfolio_experience_row(run.portfolio, run.scores)
        quality_total = reading.portfolio_quality_row(run.portfolio)
    if run.scores:
        out.write(f"**{reading.EXPERIENCE_TITLE}**\n\n")
        out.write(_md_rows(reading.EXPERIENCE_HEAD, experience, experience_total))
        out.write(f"\n{reading.EXPERIENCE_NOTE}\n")
        notes = [
            f"{s.title}: {note}" if several else note
            for s in run.scores
            for note in reading.misaligned_notes(s)
        ]
        out.writelines(f"\n{_md(note)}\n" for note in notes)
        out.write(f"\n**{reading.QUALITY_TITLE}**\n\n")
        out.write(_md_rows(reading.QUALITY_HEAD, quality, quality_total))
        out.write(f"\n{reading.QUALITY_NOTE}\n")
        if any(s.rollup is not None for s in run.scores):
            out.write(f"\n{reading.ROLLUP_NOTE}\n")
    if detail:
        for s in run.scores:
            details = [reading.detail_line(st) for st in s.stages if st.detail is not None]
            if details:
                out.write(f"\n**Detail maps of {_md(s.title)}**\n\n")
                out.writelines(f"- {_md(line)}\n" for line in details)
            if s.hotspots:
                out.write(f"\n**Hotspots of {_md(s.title)}**\n\n")
                for h in s.hotspots[:5]:
                    pains = "; ".join(h.pain_points) or "no pain point recorded"
                    behind = f"; {reading.behind_line(h, s.scale)}" if h.behind else ""
                    out.write(
                        f"- {_md(h.name)} ({_md(h.stage_name)}, {_md(h.owner or 'no owner')}):"
                        f" weighted gap {h.weighted_gap:.0f} — {_md(pains + behind)}\n"
                    )
            if s.rollup is not None:
                out.write(f"\n**Roll-up of {_md(s.title)}**: {_md(reading.rollup_line(s))}\n\n")
                out.writelines(
                    f"- {_md(reading.rolled_hotspot(h, s))}: weighted gap {h.weighted_gap:.0f}\n"
                    for h in s.rollup.hotspots[:5]
                )
            if open_ := ranked(s.opportunities):
                out.write(f"\n**Open opportunities of {_md(s.title)}**, by priority\n\n")
                out.writelines(f"1. {_md(opportunity_line(o))}\n" for o in open_)
    if by_owner and run.portfolio.owners:
        out.write("\n" + _md_table(OWNER_HEAD, [owner_row(o) for o in run.portfolio.owners], 1))
    for j in run.journeys:
        out.write(f"\n**{_md(journey_title(j))}**\n\n")
        out.write(_md_table(JOURNEY_HEAD, journey_rows(j), 3))
        head, rows = emotion_rows(j)
        head = [_md(cell) for cell in head]  # persona names
        out.write("\nEmotion by stage (0-100):\n\n" + _md_table(head, rows, 1))
        if j.comparisons:
            out.write("\nTo-be against as-is:\n\n")
            out.writelines(f"- {_md(comparison_line(c))}\n" for c in j.comparisons)
    if run.invalid:
        n = len(run.invalid)
        verb = "are" if n != 1 else "is"  # as the text table words it
        out.write(f"\n{n} map{'s' * (n != 1)} failed validation and {verb} left out: ")
        out.write(", ".join(_md(p) for p in run.invalid) + "\n")
    if run.breaches:
        out.write("\n**Gates failed**\n\n" + "".join(f"- {_md(str(b))}\n" for b in run.breaches))

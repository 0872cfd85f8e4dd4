"""`jmap diff` output: text (rich arrows), Markdown for a pull request, JSON. Reads only."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any, TextIO

from journeymap_cli import __version__
from journeymap_cli.diff.compare import Linked, MapDiff, Regression
from journeymap_cli.diff.parts import Change, MetricChange, PartChanges
from journeymap_cli.markdown import escape as md
from journeymap_cli.score.output import DASH

# Which way is better, for the figures and fields that have a direction. Anything else
# (importance, target, moments of truth: what matters, what is aimed at, how many) is
# shown without ▲ or ▼: a change there is neither better nor worse.
HIGHER_IS_BETTER = {
    "experience", "completeness", "ownership", "evidence", "performance", "emotion",
    "value",  # an opportunity's value (its effort is better lower, like a stage's)
}  # fmt: skip
LOWER_IS_BETTER = {"gap", "effort"}
LABELS = {
    "experience": "Experience",
    "gap": "Gap to target",
    "completeness": "Completeness",
    "ownership": "Ownership",
    "moments_of_truth": "Moments of truth",
    "evidence": "Evidence",
}


def _value(v: Any) -> str:
    if v is None:
        return DASH
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, float):
        return f"{v:.1f}"
    return str(v)


def _figure(name: str, v: float | None) -> str:
    """A score figure: counts as whole numbers, the others with one decimal."""
    return str(int(v)) if name == "moments_of_truth" and v is not None else _value(v)


def _delta(name: str, old: float, new: float) -> str:
    """The signed difference: whole for counts, one decimal for the 0-100 figures."""
    return f"{new - old:+.0f}" if name == "moments_of_truth" else f"{new - old:+.1f}"


def _trend(name: str, old: Any, new: Any) -> str:
    """▲ better / ▼ worse for numbers, by the figure's direction; empty otherwise."""
    if name not in HIGHER_IS_BETTER | LOWER_IS_BETTER:
        return ""
    if not isinstance(old, int | float) or not isinstance(new, int | float) or old == new:
        return ""
    if isinstance(old, bool) or isinstance(new, bool):
        return ""
    better = (new < old) if name in LOWER_IS_BETTER else (new > old)
    return " ▲" if better else " ▼"


def quoted(text: object) -> str:
    """A name or an item as a reader sees it quoted: typographic quotes, never repr()."""
    return f"“{text}”"


# Fields whose line says a removal in its own words (`detail removed (was “a.jmap.yaml”)`):
# a merge's summary leaves their None as it is, rather than show `(removed)`.
SAYS_REMOVED = frozenset({"detail"})


def _item(item: object) -> str:
    """A list item quoted; a touchpoint in `supports` by its name."""
    return quoted(item.name if isinstance(item, Linked) else item)


def _change(c: Change) -> str:
    name = c.field.replace("_", " ")
    if c.kind == "list":
        parts = [f"+ {_item(item)}" for item in c.new] + [f"− {_item(item)}" for item in c.old]
        return f"{name}: {', '.join(parts)}"
    if c.field == "detail":
        return _detail(c)
    return f"{name} {_value(c.old)} → {_value(c.new)}{_trend(c.field, c.old, c.new)}"


def _detail(c: Change) -> str:
    """The map a stage opens into, in words: set, removed, or another path."""
    if c.old is None:
        return f"detail set to {quoted(c.new)}"
    if c.new is None:
        return f"detail removed (was {quoted(c.old)})"
    return f"detail {quoted(c.old)} → {quoted(c.new)}"


def lines(d: MapDiff, found: list[Regression]) -> list[tuple[str, list[str]]]:
    """(section title, lines) in reading order; shared by text and Markdown."""
    sections: list[tuple[str, list[str]]] = []
    scores = []
    for figure, (old, new) in d.scores.items():
        if old != new:
            delta = f" ({_delta(figure, old, new)})" if old is not None and new is not None else ""
            scores.append(
                f"{LABELS[figure]}: {_figure(figure, old)} → {_figure(figure, new)}{delta}"
                f"{_trend(figure, old, new)}"
            )
    if scores:
        sections.append(("Scores", scores))
    if d.emotion:
        sections.append(
            (
                "Emotion curve",
                [
                    f"{name}: {_value(a)} → {_value(b)}{_trend('emotion', a, b)}"
                    for name, a, b in d.emotion
                ],
            )
        )
    stage_lines = []
    for s in d.stages:
        if s.kind == "added":
            stage_lines.append(f"+ added {quoted(s.name)} (stage {s.position})")
        elif s.kind == "removed":
            stage_lines.append(f"− removed {quoted(s.name)} (was stage {s.position})")
        else:
            head = (
                f"~ renamed {quoted(s.old_name)} → {quoted(s.name)}"
                if s.kind == "renamed"
                else f"~ {quoted(s.name)}"
            )
            rest = [_change(c) for c in s.changes if c.field != "emotion"]
            stage_lines.append(head + (": " + "; ".join(rest) if rest else ""))
    if d.reordered:
        stage_lines.append(
            f"↕ reordered: {' → '.join(d.reordered[0])}  became  {' → '.join(d.reordered[1])}"
        )
    if stage_lines:
        sections.append(("Stages", stage_lines))
    point_lines = []
    for t in d.touchpoints:
        where = f" ({t.stage})"
        if t.kind == "added":
            point_lines.append(f"+ added {quoted(t.name)}{where}")
        elif t.kind == "removed":
            point_lines.append(f"− removed {quoted(t.name)}{where}")
        else:
            head = (
                f"→ moved {quoted(t.name)} {t.from_stage} → {t.stage}"
                if t.kind == "moved"
                else f"~ {quoted(t.name)}{where}"
            )
            rest = [
                f"renamed from {quoted(c.old)}" if c.field == "name" else _change(c)
                for c in t.changes
            ]
            point_lines.append(head + (": " + "; ".join(rest) if rest else ""))
    if point_lines:
        sections.append(("Touchpoints", point_lines))
    sections += part_sections(d.parts)
    other = [f"map {_change(c)}" for c in d.map_changes] + [
        f"persona {_change(c)}" for c in d.persona
    ]
    if other:
        sections.append(("Map and persona", other))
    if found:
        sections.append(("Regressions", [f"✗ {r}" for r in found]))
    return sections


def _metric_trend(better: str | None, old: Any, new: Any) -> str:
    """▲ / ▼ by the metric's own `better`; nothing when it has none or a value is text."""
    numbers = all(isinstance(v, int | float) and not isinstance(v, bool) for v in (old, new))
    if better is None or not numbers or old == new:
        return ""
    return " ▲" if (new > old if better == "higher" else new < old) else " ▼"


def _metric_line(m: MetricChange) -> str:
    unit = f" {m.unit}" if m.unit else ""
    parts = []
    for c in m.changes:
        if c.field in ("value", "target"):
            old = _value(c.old) + (unit if c.old is not None else "")
            new = _value(c.new) + (unit if c.new is not None else "")
            parts.append(f"{c.field} {old} → {new}{_metric_trend(m.better, c.old, c.new)}")
        else:
            parts.append(_change(c))
    before, after = m.met
    if before is not None and after is not None and before != after:
        parts.append("now meets its target" if after else "no longer meets its target")
    return f"~ {m.label} ({m.where}): {'; '.join(parts)}"


def _words(c: Change) -> str:
    """A changed piece of text (who said a quote, an image's alt), quoted: such values
    hold commas and semicolons, which would blur the line's own."""
    old, new = (DASH if v is None else quoted(v) for v in (c.old, c.new))
    return f"{c.field} {old} → {new}"


def part_sections(p: PartChanges) -> list[tuple[str, list[str]]]:
    """Opportunities, metrics, quotes, images and links (format 1.1), in the shape of
    lines()."""
    sections: list[tuple[str, list[str]]] = []
    ideas = []
    for o in p.opportunities:
        if o.kind == "added":
            ideas.append(f"+ added {quoted(o.name)} ({o.stage}, {o.status})")
        elif o.kind == "removed":
            ideas.append(f"− removed {quoted(o.name)} ({o.stage}, was {o.status})")
        else:
            ideas.append(f"~ {quoted(o.name)} ({o.stage}): " + "; ".join(map(_change, o.changes)))
    metrics = []
    for m in p.metrics:
        if m.kind == "changed":
            metrics.append(_metric_line(m))
        else:
            sign = "+" if m.kind == "added" else "−"
            unit = f" {m.unit}" if m.unit else ""
            metrics.append(f"{sign} {m.kind} {m.label} {_value(m.value)}{unit} ({m.where})")
    quotes = [
        f"~ {quoted(q.text)} ({q.where}): " + "; ".join(map(_words, q.changes))
        if q.kind == "changed"
        else f"{'+' if q.kind == 'added' else '−'} {q.kind} {quoted(q.text)}"
        + (f" — {q.who}" if q.who else "")
        + f" ({q.where})"
        for q in p.quotes
    ]
    images = [
        f"~ image {i.path} ({i.where}): " + "; ".join(map(_words, i.changes))
        if i.kind == "changed"
        else f"{'+' if i.kind == 'added' else '−'} {i.kind} image {i.path} ({i.where})"
        for i in p.images
    ]
    links = []
    for k in p.links:
        if k.kind == "changed":
            said = [_words(c) if c.field == "note" else _change(c) for c in k.changes]
            links.append(f"~ link to {k.map}: " + "; ".join(said))
        else:
            sign = "+" if k.kind == "added" else "−"
            links.append(f"{sign} {k.kind} link to {k.map} ({k.relation})")
    for title, items in (
        ("Opportunities", ideas),
        ("Metrics", metrics),
        ("Quotes", quotes),
        ("Images", images),
        ("Links", links),
    ):
        if items:
            sections.append((title, items))
    return sections


def write_text(d: MapDiff, found: list[Regression], out: TextIO, *, color: bool) -> None:
    from rich.text import Text

    from journeymap_cli.report.console import console as make_console

    console = make_console(
        file=out,
        color_system="auto" if color else None,
        force_terminal=color,
        highlight=False,
        width=None if color else 120,
        soft_wrap=not color,
    )
    console.print(Text(f"{d.title}: {d.old_label} → {d.new_label}", style="bold"))
    if not d.changed:
        console.print("no changes in the journey")
        return
    styles = {"+": "green", "−": "red", "~": "yellow", "→": "cyan", "↕": "cyan", "✗": "bold red"}
    for title, items in lines(d, found):
        console.print(Text(f"\n{title}", style="bold underline"))
        for line in items:
            text = Text("  " + line)
            if line[:1] in styles:
                text.stylize(styles[line[:1]], 2, 3)
            text.highlight_words(["▲"], "green")
            text.highlight_words(["▼"], "red")
            console.print(text)


def write_md(d: MapDiff, found: list[Regression], out: TextIO) -> None:
    out.write(f"### Journey changes: {md(d.title)}\n\n")
    out.write(f"{md(d.old_label)} → {md(d.new_label)}\n\n")
    if not d.changed:
        out.write("No changes in the journey.\n")
        return
    scores = [(f, o, n) for f, (o, n) in d.scores.items()]
    out.write("| Figure | Before | After | Change |\n|:---|---:|---:|:---|\n")
    for figure, old, new in scores:
        delta = (
            f"{_delta(figure, old, new)}{_trend(figure, old, new)}"
            if old is not None and new is not None and old != new
            else ""
        )
        out.write(
            f"| {LABELS[figure]} | {_figure(figure, old)} | {_figure(figure, new)} | {delta} |\n"
        )
    for title, items in lines(d, found):
        if title == "Scores":
            continue
        out.write(f"\n**{title}**\n\n")
        out.writelines(f"- {md(line)}\n" for line in items)


def write_json(d: MapDiff, found: list[Regression], out: TextIO) -> None:
    document = {
        "version": 1,
        "tool": {"name": "jmap", "version": __version__},
        "old": d.old_label,
        "new": d.new_label,
        "title": d.title,
        "changed": d.changed,
        "scores": {f: {"old": o, "new": n} for f, (o, n) in d.scores.items()},
        "emotion": [{"stage": s, "old": o, "new": n} for s, o, n in d.emotion],
        # the rating scale of each version: emotion and ratings above are on it
        "scale": {
            side: {"min": low, "max": high}
            for side, (low, high) in zip(("old", "new"), d.scales, strict=True)
        },
        "stages": [asdict(s) for s in d.stages],
        "reordered": {"old": d.reordered[0], "new": d.reordered[1]} if d.reordered else None,
        "touchpoints": [asdict(t) for t in d.touchpoints],
        "map": [asdict(c) for c in d.map_changes],
        "persona": [asdict(c) for c in d.persona],
        "opportunities": [asdict(o) for o in d.parts.opportunities],
        "metrics": [
            {**asdict(m), "met": {"old": m.met[0], "new": m.met[1]}} for m in d.parts.metrics
        ],
        "quotes": [asdict(q) for q in d.parts.quotes],
        "images": [asdict(i) for i in d.parts.images],
        "links": [asdict(k) for k in d.parts.links],
        "regressions": [str(r) for r in found],
    }
    json.dump(document, out, indent=2, ensure_ascii=False)
    out.write("\n")

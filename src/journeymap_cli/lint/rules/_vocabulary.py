"""Helpers shared by the vocabulary rules (JM202-JM205)."""

from __future__ import annotations

from collections.abc import Iterator

from journeymap_cli.format.model import Named, entry_id, entry_name, slugify
from journeymap_cli.lint.rules import Context, Finding
from journeymap_cli.lint.rules._similar import variants
from journeymap_cli.report.diagnostics import Loc


def unused(ctx: Context, vocabulary: str, field: str, message: str) -> Iterator[Finding]:
    """Declared entries that no touchpoint uses; `message` gets the entry's name."""
    entries: list[str | Named] | None = getattr(ctx.jmap, vocabulary)
    used = {slugify(v) or v for _, _, p in ctx.touchpoints() if (v := getattr(p, field))}
    for i, entry in enumerate(entries or []):
        if not {slugify(entry_id(entry)) or entry_id(entry), slugify(entry_name(entry))} & used:
            yield Finding((vocabulary, i), message.format(name=entry_name(entry)))


def near_duplicates(
    ctx: Context, vocabulary: str, field: str, similarity: float
) -> Iterator[Finding]:
    """Values that differ only slightly ('Marketing' / 'Marketng') when nothing is declared.

    The rarer spelling is reported, at its first use; _similar says what counts as a
    variant in each script, and how that stays n log n.
    """
    if getattr(ctx.jmap, vocabulary) is not None:
        return  # a declared vocabulary is enforced by `jmap validate` already
    first: dict[str, Loc] = {}
    uses: dict[str, int] = {}
    for loc, _, point in ctx.touchpoints():
        value = getattr(point, field)
        if value is not None:
            first.setdefault(value, (*loc, field))
            uses[value] = uses.get(value, 0) + 1
    names = list(first)
    for rare, common in variants(names, [uses[n] for n in names], similarity):
        yield Finding(
            first[names[rare]],
            f"{field} {names[rare]!r} looks like a variant of {names[common]!r}",
        )

"""The shape of a failure found by the whole-map checks (where, code, words), and how a
chain of links is named in one."""

from __future__ import annotations

from dataclasses import dataclass

from journeymap_cli.report.diagnostics import Loc


@dataclass(frozen=True)
class Problem:
    """A map-wide failure at `loc`; `key` points at the key rather than the value."""

    loc: Loc
    code: str
    message: str
    hint: str | None = None
    key: bool = False


_CHAIN_ENDS = 4  # names kept at each end of a long chain


def chain(names: list[str]) -> str:
    """'a → b → a'; a long one keeps its ends: 'a → b → c → d → … → w → x → y → a (40 links)'."""
    if len(names) <= 2 * _CHAIN_ENDS + 1:
        return " → ".join(names)
    ends = [*names[:_CHAIN_ENDS], "…", *names[-_CHAIN_ENDS:]]
    return f"{' → '.join(ends)} ({len(names) - 1} links)"

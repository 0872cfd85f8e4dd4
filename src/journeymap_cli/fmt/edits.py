"""The edits a rewrite can make on request (`lint --fix`): what to change, and where."""

from __future__ import annotations

from dataclasses import dataclass

from journeymap_cli.report.diagnostics import Loc


@dataclass(frozen=True)
class Fix:
    """A change `--fix` can make: `strip` a string, or `drop` a list item, at `loc`."""

    action: str
    loc: Loc

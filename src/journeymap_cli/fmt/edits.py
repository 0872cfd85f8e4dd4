"""The edits a rewrite can make on request (`lint --fix`): what to change, and where."""

from __future__ import annotations

from dataclasses import dataclass

from journeymap_cli.report.diagnostics import Loc


@dataclass(frozen=True)
class Fix:
    """A change `--fix` can make: `strip` a string, `drop` a list item, or `join` the list
    item at `loc` with the `span` items after it (", " between them), at `loc`."""

    action: str
    loc: Loc
    span: int = 0

"""JM403 long-list-item."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict, Field

from journeymap_cli.lint.rules import Context, Finding, Rule, register
from journeymap_cli.report.diagnostics import Severity


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    max_length: int = Field(160, ge=20, description="characters")


@register
class LongListItem(Rule):
    """A list item is too long to read on a map.

    **What it does**: flags an item of a list (actions, thoughts, pain points, ...) longer
    than `max-length` characters (160 by default). Descriptions, scenarios and notes are
    free prose and are not checked.

    **Why it matters**: a journey map is read at a glance; each lane cell is a few short
    lines. A paragraph in a list belongs in a description or in the research notes.

    **Example**:
    ```yaml
    pain_points:
      - "The quote took more than a day to arrive and when it did it was a phone call ..."
    ```

    **Use instead**: split it into short items, or move the detail into `notes`.
    """

    CODE = "JM403"
    NAME = "long-list-item"
    SUMMARY = "A list item is longer than the configured maximum"
    SEVERITY = Severity.INFO
    Options = Settings

    def check(self, ctx: Context, options: Settings) -> Iterator[Finding]:
        for loc, text in ctx.strings():
            if loc and isinstance(loc[-1], int) and len(text) > options.max_length:
                yield Finding(
                    loc, f"list item is {len(text)} characters (at most {options.max_length})"
                )

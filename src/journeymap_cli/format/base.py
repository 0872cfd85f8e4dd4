"""Building blocks shared by every model of the format: strictness, slugs, ids, dates."""

from __future__ import annotations

import datetime
import re
import unicodedata
from functools import lru_cache
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

SLUG_PATTERN = r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$"
# YYYY-MM or YYYY-MM-DD; the calendar (no 2026-02-30) is checked after the pattern.
DATE_PATTERN = r"^[0-9]{4}-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12][0-9]|3[01]))?$"


@lru_cache(maxsize=8192)  # called for every stage and touchpoint, often with the same names
def slugify(text: str) -> str:
    """'Post-purchase: Return!' → 'post-purchase-return' (ASCII, lower case, hyphens)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


class Strict(BaseModel):
    # strict: the loader already typed every scalar as YAML 1.2 reads it, so "4" stays a
    # string and is reported, never silently converted. hide_input_in_errors: pydantic's
    # str(ValidationError) repr()s the whole input (FINDINGS.md: 120 s on an alias bomb).
    model_config = ConfigDict(
        strict=True, extra="forbid", hide_input_in_errors=True, validate_default=False
    )


class Identified(Strict):
    """Something with a `name` and an `id` that defaults to the slug of that name."""

    @model_validator(mode="after")
    def _default_id(self) -> Any:
        if getattr(self, "id", None) is None:
            # setattr: each subclass declares its own documented `id` field
            setattr(self, "id", slugify(getattr(self, "name", "")) or "unnamed")  # noqa: B010
        return self


def _calendar_date(text: str) -> str:
    try:
        datetime.date.fromisoformat(text if len(text) > 7 else f"{text}-01")
    except ValueError:
        raise ValueError(f"{text!r} is not a date on the calendar") from None
    return text


def kind_of_entry(value: Any) -> str | None:
    """The branch of a 'string or mapping' entry; None (reported as such) for anything else."""
    if isinstance(value, str):
        return "text"
    return "mapping" if isinstance(value, dict) else None


Slug = Annotated[str, Field(pattern=SLUG_PATTERN, max_length=200)]
TextList = Annotated[list[str], Field(default_factory=list)]
Rating = Annotated[int, Field(description="A rating on the map's scale.")]
Number = Annotated[int | float, Field(description="A number.")]
DateText = Annotated[
    str,
    Field(pattern=DATE_PATTERN, description="YYYY-MM or YYYY-MM-DD."),
    AfterValidator(_calendar_date),
]

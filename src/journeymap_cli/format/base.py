"""Building blocks shared by every model of the format: strictness, slugs, ids, dates."""

from __future__ import annotations

import datetime
import re
import unicodedata
from functools import lru_cache
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from journeymap_cli.suggest import did_you_mean

# YYYY-MM or YYYY-MM-DD; the calendar (no 2026-02-30) is checked after the pattern.
DATE_PATTERN = r"^[0-9]{4}-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12][0-9]|3[01]))?$"

# What slugify() makes, in any script: lower-case letters, letters without case, marks and
# digits, joined by single hyphens or underscores. \p{..} classes: pydantic's Rust regex and
# JSON Schema's ECMA-262 (unicode mode) both read them.
_SLUG_CHAR = r"[\p{Ll}\p{Lm}\p{Lo}\p{M}\p{N}]"
SLUG_PATTERN = rf"^{_SLUG_CHAR}+(?:[-_]{_SLUG_CHAR}+)*$"


@lru_cache(maxsize=8192)  # called for every stage and touchpoint, often with the same names
def slugify(text: str) -> str:
    """'Post-purchase: Return!' → 'post-purchase-return'; '購入 (店舗)' → '購入-店舗'.

    Letters and digits of every script are kept, NFKC-normalised and case-folded, so
    names that look alike ('ＣＡＦÉ', 'Café') get one slug. Everything Latin keeps the
    slug it always had: accents on ASCII letters are dropped ('Café' → 'cafe'), ASCII
    punctuation becomes a hyphen and other symbols vanish (a curly apostrophe, a dash); only
    letters that used to vanish are kept now ('Łódź' → 'łodz', not 'odz'). A name of
    symbols only (emoji) is slugged by their Unicode names ('🚗' → 'automobile').
    """
    if text.isascii():  # the common case, as it always was
        return _NOT_ALNUM.sub("-", text.lower()).strip("-")
    # casefold, then lower: Cherokee folds to its capitals, which an id may not hold
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold()).lower()
    kept: list[str] = []
    base = ""  # the letter a combining mark belongs to
    for char in unicodedata.normalize("NFKD", folded):
        if char.isascii():
            base = char if char.isalnum() else ""
            kept.append(char if base else "-")
            continue
        kind = unicodedata.category(char)[0]
        if kind == "M":  # a mark on a letter of another script is part of that letter
            if base and not base.isascii():
                kept.append(char)
        elif kind in "LN":
            base = char
            kept.append(char)
        else:
            base = ""  # other non-ASCII symbols vanish, as they always did
    slug = _HYPHENS.sub("-", unicodedata.normalize("NFC", "".join(kept))).strip("-")
    if slug:
        return slug
    names = (unicodedata.name(c, "") for c in folded if unicodedata.category(c) in _SYMBOLS)
    named = _NOT_ALNUM.sub("-", " ".join(names).lower()).strip("-")
    # A few symbols' names can outgrow an id ('────' is 80 characters a line): keep whole
    # words up to the length an explicit id may have, so the slug can be written back.
    return named if len(named) <= _MAX_SLUG else named[: _MAX_SLUG + 1].rsplit("-", 1)[0]


_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_MAX_SLUG = 200  # the longest explicit id (Slug below)
_HYPHENS = re.compile(r"-{2,}")
_SYMBOLS = {"So", "Sm", "Sc"}  # emoji, math and currency signs; not modifiers or punctuation


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


def suggest_id(ref: str, ids: list[str]) -> str:
    """'; did you mean 'x'?' for an id that names nothing, or ''. A name written where its
    id belongs is the likely slip, so the slug of `ref` is tried first."""
    return did_you_mean(slugify(ref), ids) or did_you_mean(ref, ids)


def kind_of_entry(value: Any) -> str | None:
    """The branch of a 'string or mapping' entry; None (reported as such) for anything else.
    (Serialising calls it with the model itself: that is a mapping too.)"""
    if isinstance(value, str):
        return "text"
    return "mapping" if isinstance(value, (dict, BaseModel)) else None


def empty_list() -> list[Any]:
    """A default_factory. Not `list`: pydantic reads a factory's signature, and a builtin's
    is parsed from its text form (inspect tokenizes it), ~2.5 ms of start-up in all."""
    return []


def empty_dict() -> dict[str, Any]:
    """A default_factory (see empty_list)."""
    return {}


Slug = Annotated[str, Field(pattern=SLUG_PATTERN, max_length=_MAX_SLUG)]
TextList = Annotated[list[str], Field(default_factory=empty_list)]
Rating = Annotated[int, Field(description="A rating on the map's scale.")]
Number = Annotated[int | float, Field(description="A number.")]
DateText = Annotated[
    str,
    Field(pattern=DATE_PATTERN, description="YYYY-MM or YYYY-MM-DD."),
    AfterValidator(_calendar_date),
]

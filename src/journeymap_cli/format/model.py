"""The pydantic schema of ../shared/spec/format.md; the JSON Schema is generated from here.

Only what one field can know is checked here (types, required fields, slugs, min < max).
What needs the whole map (ratings on the map's scale, unique ids, vocabularies) lives in
integrity.py, so that each error can point at the node concerned.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, model_validator

# What slugify() makes, in any script: lower-case letters, letters without case, marks and
# digits, joined by single hyphens or underscores. \p{..} classes: pydantic's Rust regex and
# JSON Schema's ECMA-262 (unicode mode) both read them.
_SLUG_CHAR = r"[\p{Ll}\p{Lm}\p{Lo}\p{M}\p{N}]"
SLUG_PATTERN = rf"^{_SLUG_CHAR}+(?:[-_]{_SLUG_CHAR}+)*$"
FORMAT_VERSIONS = (1,)


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
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())
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
    return _NOT_ALNUM.sub("-", " ".join(names).lower()).strip("-")


_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_HYPHENS = re.compile(r"-{2,}")
_SYMBOLS = {"So", "Sm", "Sc"}  # emoji, math and currency signs; not modifiers or punctuation


class _Strict(BaseModel):
    # strict: the loader already typed every scalar as YAML 1.2 reads it, so "4" stays a
    # string and is reported, never silently converted. hide_input_in_errors: pydantic's
    # str(ValidationError) repr()s the whole input (FINDINGS.md: 120 s on an alias bomb).
    model_config = ConfigDict(
        strict=True, extra="forbid", hide_input_in_errors=True, validate_default=False
    )


Slug = Annotated[str, Field(pattern=SLUG_PATTERN, max_length=200)]
Text = Annotated[str, Field(description="Free text.")]
TextList = Annotated[list[str], Field(default_factory=list)]


class _Identified(_Strict):
    """Something with a `name` and an `id` that defaults to the slug of that name."""

    @model_validator(mode="after")
    def _default_id(self) -> Any:
        if getattr(self, "id", None) is None:
            # setattr: each subclass declares its own documented `id` field
            setattr(self, "id", slugify(getattr(self, "name", "")) or "unnamed")  # noqa: B010
        return self


class Scale(_Strict):
    """The rating scale shared by every emotion, performance, target, importance and effort."""

    min: int = Field(1, description="The lowest rating (very negative, very poor, very easy).")
    max: int = Field(5, description="The highest rating (very positive, excellent, very hard).")

    @model_validator(mode="after")
    def _ordered(self) -> Scale:
        if self.min >= self.max:
            raise ValueError(f"scale min ({self.min}) must be less than max ({self.max})")
        return self


class Named(_Strict):
    """A channel or team written as a mapping, with an id, a name or both."""

    id: Slug | None = Field(None, description="Stable identifier; defaults to the slug of name.")
    name: str | None = Field(None, description="Display name; defaults to the id.")
    description: str | None = Field(None, description="What this channel or team is.")

    @model_validator(mode="after")
    def _id_or_name(self) -> Named:
        if self.id is None and self.name is None:
            raise ValueError("a channel or team needs an 'id' or a 'name'")
        if self.id is None:
            self.id = slugify(self.name or "")
        if self.name is None:
            self.name = self.id
        return self


def _named_kind(value: Any) -> str:
    return "name" if isinstance(value, str) else "mapping"


NamedEntry = Annotated[
    Annotated[str, Tag("name")] | Annotated[Named, Tag("mapping")],
    Discriminator(_named_kind),
]


def entry_id(entry: str | Named) -> str:
    return slugify(entry) if isinstance(entry, str) else entry.id or ""


def entry_name(entry: str | Named) -> str:
    return entry if isinstance(entry, str) else entry.name or entry.id or ""


class Persona(_Strict):
    """The main character of the journey: one persona per map (a micro-segment)."""

    name: str = Field(description="The persona's name.")
    segment: str | None = Field(None, description="The micro-segment this persona stands for.")
    description: str | None = Field(None, description="Who they are: role and situation.")
    goals: TextList = Field(description="What they want to achieve.")
    frustrations: TextList = Field(description="What annoys or worries them.")
    traits: TextList = Field(description="Psychographics and behaviour: how and why they buy.")
    quote: str | None = Field(None, description="A line in their own words.")


def _persona_kind(value: Any) -> str:
    return "path" if isinstance(value, str) else "inline"


PersonaField = Annotated[
    Annotated[Persona, Tag("inline")]
    | Annotated[str, Tag("path"), Field(description="Path to a *.persona.yaml file.")],
    Discriminator(_persona_kind),
]

Rating = Annotated[int, Field(description="A rating on the map's scale.")]


class Touchpoint(_Identified):
    """A moment where the customer meets the company."""

    name: str = Field(description="What happens, from the customer's side.")
    id: Slug | None = Field(
        None, description="Unique within the map; defaults to the slug of name."
    )
    channel: str | None = Field(None, description="A channel id or name (web, phone, ...).")
    owner: str | None = Field(None, description="The team accountable for it (id or name).")
    backstage: bool = Field(
        False, description="Work behind the scenes that the customer does not see."
    )
    moment_of_truth: bool = Field(
        False, description="A moment that decides whether the customer stays or leaves."
    )
    performance: Rating | None = Field(
        None, description="How well it is performed today, from the customer's point of view."
    )
    target: Rating | None = Field(
        None, description="The experience the company wants to deliver here."
    )
    importance: Rating | None = Field(None, description="How much it matters to the customer.")
    would_pay: bool | None = Field(None, description="Customers would be prepared to pay for it.")
    pain_points: TextList = Field(description="What goes wrong for the customer here.")
    notes: str | None = Field(None, description="Anything else worth knowing.")
    evidence: TextList = Field(
        description="Where the facts come from: an http(s) link or a plain reference."
    )


class Stage(_Identified):
    """One column of the spine: a phase of the journey as the customer lives it."""

    name: str = Field(description="e.g. Discovery, Comparing, Purchase, Post-purchase, Return.")
    id: Slug | None = Field(
        None, description="Unique within the map; defaults to the slug of name."
    )
    description: str | None = Field(None, description="What this stage covers.")
    goals: TextList = Field(description="What the customer wants to achieve here.")
    actions: TextList = Field(description="What the customer does.")
    thoughts: TextList = Field(description="What the customer thinks.")
    feelings: TextList = Field(description="Words for what the customer feels.")
    emotion: Rating | None = Field(
        None,
        description="How the customer feels overall here (min very negative, max very positive).",
    )
    effort: Rating | None = Field(
        None, description="Effort needed to move to the next stage (max = very hard)."
    )
    barriers: TextList = Field(description="What might stop them moving on.")
    motivations: TextList = Field(description="What would move them on.")
    questions: TextList = Field(description="Their concerns and uncertainties.")
    opportunities: TextList = Field(description="What the company could improve here.")
    metrics: dict[str, int | float | str] = Field(
        default_factory=dict,
        description="Measured figures, e.g. conversion: 0.35, median_days: 6.",
    )
    touchpoints: list[Touchpoint] = Field(
        default_factory=list, description="The interactions between customer and company."
    )


class JourneyMap(_Strict):
    """A customer journey map, format version 1."""

    model_config = ConfigDict(title="jmap journey map")

    jmap: Literal[1] = Field(description="Format version; only 1 exists.")
    title: str = Field(description="The map's title.")
    id: Slug | None = Field(None, description="Defaults to the file name without .jmap.yaml.")
    description: str | None = Field(None, description="What the map covers.")
    owner: str | None = Field(None, description="Who keeps the map.")
    tags: TextList = Field(description="Free-form labels.")
    persona: PersonaField = Field(
        description="The main character: inline, or a path to a persona file relative to the map."
    )
    scenario: str | None = Field(
        None, description="The situation and expectations the persona starts with."
    )
    scale: Scale = Field(default_factory=Scale, description="The rating scale; default 1-5.")
    channels: list[NamedEntry] | None = Field(
        None, description="The vocabulary of channels; when given, touchpoints must use it."
    )
    teams: list[NamedEntry] | None = Field(
        None, description="The vocabulary of owners; when given, touchpoints must use it."
    )
    stages: list[Stage] = Field(
        min_length=1, description="The spine, in the order the customer lives it."
    )


def json_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The draft 2020-12 JSON Schema of a map or a persona file."""
    schema = model.model_json_schema(mode="validation")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}

"""The parts format 1.1 adds: quotes, images, links, opportunities and metrics.

Quotes, opportunities and metrics may be written the 1.0 way (a string, a number) or as a
mapping; `quote_of`, `opportunity_of` and `metric_of` give every consumer one shape.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Discriminator, Field, Tag

from journeymap_cli.format.base import (
    DateText,
    Identified,
    Number,
    Rating,
    Slug,
    Strict,
    TextList,
    empty_list,
    kind_of_entry,
)

Relation = Literal["next", "previous", "related"]
Status = Literal["idea", "planned", "in-progress", "done", "dropped"]
Better = Literal["higher", "lower"]
# Opportunities still to deliver: what scoring ranks and the hotspot rule looks for.
OPEN_STATUSES: tuple[Status, ...] = ("idea", "planned", "in-progress")


class Quote(Strict):
    """What a customer said, in their own words (a research verbatim)."""

    text: str = Field(description="The words, as said.")
    who: str | None = Field(
        None, description="Who said it ('Parent of two, interview 7'), never a full name."
    )
    source: str | None = Field(
        None, description="Where it comes from: an http(s) link or a plain reference."
    )
    date: DateText | None = Field(None, description="When it was said: YYYY-MM or YYYY-MM-DD.")


class Image(Strict):
    """A local PNG, JPEG, GIF or WebP file, relative to the map, with words for what it shows."""

    path: str = Field(description="The image file, relative to the map's folder.")
    alt: str = Field(description="What the image shows, in words (for people who cannot see it).")
    caption: str | None = Field(None, description="A caption printed under the image.")


class Link(Strict):
    """A journey that comes before, after or next to this one."""

    map: str = Field(description="Path to the other map, relative to this map's folder.")
    relation: Relation = Field("related", description="next, previous or related (the default).")
    note: str | None = Field(None, description="How the two journeys connect.")


class Opportunity(Identified):
    """An improvement the company could make, linked to the touchpoints it would fix."""

    name: str = Field(description="The improvement, as an action.")
    id: Slug | None = Field(
        None, description="Unique among the map's opportunities; defaults to the slug of name."
    )
    addresses: list[str] = Field(
        default_factory=empty_list, description="Ids of the touchpoints it would improve."
    )
    owner: str | None = Field(None, description="The team that would deliver it.")
    value: Rating | None = Field(
        None, description="How much it is worth to customers and the business (max = most)."
    )
    effort: Rating | None = Field(
        None, description="How hard it is to deliver, on the map's scale (max = hardest)."
    )
    status: Status = Field("idea", description="idea, planned, in-progress, done or dropped.")
    notes: str | None = Field(None, description="Anything else worth knowing.")
    evidence: TextList = Field(
        description="Where the facts come from: an http(s) link or a plain reference."
    )

    @property
    def open(self) -> bool:
        """Still to deliver: neither done nor dropped."""
        return self.status in OPEN_STATUSES


class Metric(Strict):
    """A measured figure with what it takes to read it: unit, target, good direction."""

    model_config = ConfigDict(json_schema_extra={"dependentRequired": {"target": ["better"]}})

    value: Number = Field(description="The measured figure.")
    label: str | None = Field(
        None, description="How to print its name; default: the key with '_' as spaces."
    )
    unit: str | None = Field(None, description="%, days, EUR, ...")
    target: Number | None = Field(None, description="The figure the team aims for.")
    better: Better | None = Field(
        None, description="Which direction is good; required when target is given."
    )
    source: str | None = Field(
        None, description="Where the figure comes from: an http(s) link or a plain reference."
    )
    date: DateText | None = Field(None, description="When it was measured: YYYY-MM or YYYY-MM-DD.")

    def met(self) -> bool | None:
        """Whether the value reaches the target; None without a target."""
        if self.target is None or self.better is None:
            return None
        return self.value >= self.target if self.better == "higher" else self.value <= self.target


def _metric_kind(value: Any) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return "figure"
    return kind_of_entry(value)


# a quote or an opportunity: its text alone, or a mapping
_TEXT_OR_MAPPING = Discriminator(
    kind_of_entry,
    custom_error_type="entry_type",
    custom_error_message="a string or a mapping",
)
QuoteEntry = Annotated[
    Annotated[str, Tag("text")] | Annotated[Quote, Tag("mapping")], _TEXT_OR_MAPPING
]
OpportunityEntry = Annotated[
    Annotated[str, Tag("text")] | Annotated[Opportunity, Tag("mapping")], _TEXT_OR_MAPPING
]
MetricEntry = Annotated[
    Annotated[Number, Tag("figure")]
    | Annotated[str, Tag("text")]
    | Annotated[Metric, Tag("mapping")],
    Discriminator(
        _metric_kind,
        custom_error_type="entry_type",
        custom_error_message="a number, a string or a mapping",
    ),
]


def quote_of(entry: str | Quote) -> Quote:
    """Any quote as a Quote (a plain string is its text)."""
    return Quote(text=entry) if isinstance(entry, str) else entry


def opportunity_of(entry: str | Opportunity) -> Opportunity:
    """Any opportunity as an Opportunity (a plain string is its name: status idea)."""
    if isinstance(entry, str):
        return Opportunity.model_validate({"name": entry})
    return entry


def opportunity_name(entry: str | Opportunity) -> str:
    return entry if isinstance(entry, str) else entry.name


def metric_of(entry: int | float | str | Metric) -> Metric | None:
    """Any metric as a Metric; None for a 1.0 text figure ('6 days'), which has no value."""
    if isinstance(entry, Metric):
        return entry
    return None if isinstance(entry, str) else Metric(value=entry)


def metric_value(entry: int | float | str | Metric) -> int | float | str:
    """The figure itself, however it was written."""
    return entry.value if isinstance(entry, Metric) else entry


# Words of a metric key that read right only in capitals: CX measures, business figures
# and ISO currency codes. Matched whole and in any case (`nps`, `Nps`); a word written in
# capitals in the key stays as written whether listed or not (`reply_SLA`, `CES_q3`).
ACRONYMS = frozenset(
    {
        # CX and business measures
        *("aht", "api", "arpu", "arr", "cac", "ces", "clv", "cpa", "crm", "csat", "csr"),
        *("ctr", "cx", "eta", "faq", "fcr", "id", "ivr", "kpi", "ltv", "mrr", "nps", "okr"),
        *("qa", "roi", "sla", "sms", "ux"),
        # currency codes, quarters and halves
        *("aud", "cad", "chf", "eur", "gbp", "jpy", "sek", "usd"),
        *("q1", "q2", "q3", "q4", "h1", "h2"),
    }
)


def key_words(key: str) -> str:
    """A metric key in words: `_` as spaces, known acronyms in capitals (`nps_90_days` →
    `NPS 90 days`), every other word as written; no sentence capital (a reader adds it)."""
    return " ".join(w.upper() if w.lower() in ACRONYMS else w for w in key.split("_") if w)


def metric_label(key: str, entry: int | float | str | Metric) -> str:
    """How to print a metric's name: its label as written, else the key in words."""
    if isinstance(entry, Metric) and entry.label:
        return entry.label
    return key_words(key) or key

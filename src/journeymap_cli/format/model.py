"""The pydantic schema of ../shared/spec/format.md; the JSON Schema is generated from here.

Only what one field can know is checked here (types, required fields, slugs, dates,
min < max). What needs the whole map (ratings on the map's scale, unique ids, vocabularies,
what opportunities address) lives in integrity.py, so that each error can point at the node
concerned. The parts format 1.1 added (quotes, images, links, opportunities, metrics) are
in parts.py; the service blueprint of 1.2 (layers, `supports`) in blueprint.py; the shared
building blocks in base.py.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, model_validator

from journeymap_cli.format.base import (
    SLUG_PATTERN,
    Rating,
    Slug,
    TextList,
    empty_dict,
    empty_list,
    slugify,
)
from journeymap_cli.format.base import Identified as _Identified
from journeymap_cli.format.base import Strict as _Strict
from journeymap_cli.format.parts import (
    Image,
    Link,
    MetricEntry,
    OpportunityEntry,
    QuoteEntry,
)

__all__ = ["FORMAT_VERSIONS", "SLUG_PATTERN", "slugify"]

FORMAT_VERSIONS = (1,)
State = Literal["as-is", "to-be"]
# The lanes of a service blueprint, nearest the customer first (format/blueprint.py).
Layer = Literal["frontstage", "backstage", "support"]


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
    image: Image | None = Field(None, description="A photo or drawing of the persona.")


def _persona_kind(value: Any) -> str:
    return "path" if isinstance(value, str) else "inline"


PersonaField = Annotated[
    Annotated[Persona, Tag("inline")]
    | Annotated[str, Tag("path"), Field(description="Path to a *.persona.yaml file.")],
    Discriminator(_persona_kind),
]


class Touchpoint(_Identified):
    """A moment where the customer meets the company."""

    name: str = Field(description="What happens, from the customer's side.")
    id: Slug | None = Field(
        None, description="Unique within the map; defaults to the slug of name."
    )
    channel: str | None = Field(None, description="A channel id or name (web, phone, ...).")
    owner: str | None = Field(None, description="The team accountable for it (id or name).")
    actor: str | None = Field(
        None,
        description="The role who does it (Sales advisor, Stock system); owner stays "
        "the accountable team.",
    )
    layer: Layer = Field(
        "frontstage",
        description="frontstage (the customer meets the company), backstage (staff work the "
        "customer does not see) or support (systems, processes and partners that work relies "
        "on).",
    )
    backstage: bool = Field(
        False,
        description="Work behind the scenes that the customer does not see; true is "
        "layer: backstage.",
    )
    supports: list[str] = Field(
        default_factory=empty_list,
        description="Ids of the touchpoints this one makes possible, each in a layer nearer "
        "the customer.",
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
    quotes: list[QuoteEntry] = Field(
        default_factory=empty_list, description="What customers said about this touchpoint."
    )
    metrics: dict[str, MetricEntry] = Field(
        default_factory=empty_dict,
        description="Measured figures about this touchpoint (CSAT, response time, ...).",
    )
    notes: str | None = Field(None, description="Anything else worth knowing.")
    evidence: TextList = Field(
        description="Where the facts come from: an http(s) link or a plain reference."
    )

    @model_validator(mode="after")
    def _layer_of_backstage(self) -> Touchpoint:
        # `backstage: true` (format 1.1) is `layer: backstage`: `layer` holds the layer
        # however it was written, `backstage` stays as written (blueprint.check reports the
        # two written in disagreement)
        if self.backstage and "layer" not in self.model_fields_set:
            self.layer = "backstage"
        return self


class Stage(_Identified):
    """One column of the spine: a phase of the journey as the customer lives it."""

    name: str = Field(description="e.g. Discovery, Comparing, Purchase, Post-purchase, Return.")
    id: Slug | None = Field(
        None, description="Unique within the map; defaults to the slug of name."
    )
    description: str | None = Field(None, description="What this stage covers.")
    detail: str | None = Field(
        None,
        description="Path to a map that describes this stage step by step, relative to this map.",
    )
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
    physical_evidence: TextList = Field(
        description="What the customer sees, touches or keeps here (the quote PDF, the "
        "contract, the showroom)."
    )
    quotes: list[QuoteEntry] = Field(
        default_factory=empty_list,
        description="What customers said at this stage, in their own words (verbatims).",
    )
    images: list[Image] = Field(
        default_factory=empty_list, description="Photos or screenshots from the research."
    )
    opportunities: list[OpportunityEntry] = Field(
        default_factory=empty_list,
        description="What the company could improve here: a string or an opportunity mapping.",
    )
    metrics: dict[str, MetricEntry] = Field(
        default_factory=empty_dict,
        description="Measured figures, e.g. conversion: 0.35, or a metric mapping.",
    )
    touchpoints: list[Touchpoint] = Field(
        default_factory=empty_list, description="The interactions between customer and company."
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
    journey: Slug | None = Field(
        None,
        description="The journey this map is one view of (per persona, per state); "
        "defaults to the map's id.",
    )
    state: State = Field("as-is", description="as-is (the default) or to-be.")
    based_on: str | None = Field(
        None, description="Path to the map this one was derived from (a to-be map's as-is map)."
    )
    links: list[Link] = Field(
        default_factory=empty_list,
        description="Journeys that come before, after or next to this one.",
    )
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

"""The columns of the sheets and how a cell's text becomes a value and back: lists one item
per line, yes/no flags, whole-number ratings, metrics, channels and teams by name."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from journeymap_cli.format.model import Named, entry_id, entry_name, slugify

TOUCHPOINT_COLUMNS = (
    "stage", "stage_id", "touchpoint", "id", "channel", "owner", "actor", "layer",
    "moment_of_truth", "performance", "target", "importance", "would_pay", "pain_points",
    "evidence", "notes", "metrics", "supports",
)  # fmt: skip
# Read, never written: the flag that `layer` replaced (sheets made before format 1.2)
OLD_TOUCHPOINT_COLUMNS = ("backstage",)
STAGE_COLUMNS = (
    "stage", "stage_id", "description", "goals", "actions", "thoughts", "feelings", "emotion",
    "effort", "barriers", "motivations", "questions", "physical_evidence", "opportunities",
    "metrics", "detail",
)  # fmt: skip
MAP_FIELDS = (
    "format", "title", "id", "description", "owner", "tags", "persona", "persona.segment",
    "persona.description", "persona.goals", "persona.frustrations", "persona.traits",
    "persona.quote", "scenario", "journey", "state", "based_on", "scale", "channel", "team",
)  # fmt: skip
MAP_COLUMNS = ("field", "value", "id", "description")
OPPORTUNITY_COLUMNS = (
    "stage", "stage_id", "opportunity", "id", "addresses", "owner", "value", "effort",
    "status", "notes", "evidence",
)  # fmt: skip
STATUSES = ("idea", "planned", "in-progress", "done", "dropped")
RATINGS = ("performance", "target", "importance", "emotion", "effort", "value")
FLAGS = ("backstage", "moment_of_truth", "would_pay")
LISTS = (
    "pain_points", "evidence", "goals", "actions", "thoughts", "feelings", "barriers",
    "motivations", "questions", "opportunities", "addresses", "tags", "persona.goals",
    "persona.frustrations", "persona.traits", "supports", "physical_evidence",
)  # fmt: skip

# What each column means: the header comments of the workbook and the table in docs/sheets.md.
MEANING = {
    "stage": "The stage's name. Rows with the same stage (or stage_id) belong together.",
    "stage_id": "The stage's id: keeps a stage matched when it is renamed. May be left blank.",
    "touchpoint": "What happens, from the customer's side. Blank: a stage without touchpoints.",
    "id": "The touchpoint's id (blank: made from its name). Keep it to keep the match.",
    "channel": "Where it happens: one of the map's channels, by name.",
    "owner": "The team accountable for it (or that would deliver it): one of the map's"
    " teams, by name.",
    "actor": "The role who does it (Sales advisor, Stock system); owner stays the"
    " accountable team.",
    "layer": "frontstage (the customer meets the company; blank means this), backstage"
    " (staff work the customer does not see) or support (systems, processes, partners).",
    "backstage": "yes: work behind the scenes (sheets made before format 1.2; now: layer).",
    "supports": "Ids of the touchpoints this one makes possible, one per line: each in a"
    " layer nearer the customer.",
    "moment_of_truth": "yes: a moment that decides whether the customer stays or leaves.",
    "performance": "How well it is done today, as the customer sees it (a whole number).",
    "target": "The experience the company wants to deliver here (a whole number).",
    "importance": "How much it matters to the customer (a whole number).",
    "would_pay": "yes: customers would pay for it; no: they would not; blank: unknown.",
    "pain_points": "What goes wrong for the customer here: one per line (Alt+Enter).",
    "evidence": "Where the facts come from: one per line (a link or a reference).",
    "notes": "Anything else worth knowing.",
    "description": "What this stage covers.",
    "goals": "What the customer wants to achieve here: one per line.",
    "actions": "What the customer does: one per line.",
    "thoughts": "What the customer thinks: one per line.",
    "feelings": "Words for what the customer feels: one per line.",
    "emotion": "How the customer feels overall here (lowest: very negative).",
    "effort": "Effort needed to move on to the next stage, or to deliver an opportunity"
    " (highest: very hard).",
    "barriers": "What might stop them moving on: one per line.",
    "motivations": "What would move them on: one per line.",
    "questions": "Their concerns and uncertainties: one per line.",
    "physical_evidence": "What the customer sees, touches or keeps here (the quote PDF, the"
    " contract): one per line.",
    "detail": "Path to a map that describes this stage step by step, relative to the map.",
    "opportunities": "What the company could improve here: one per line.",
    "metrics": "Measured figures, one per line as name: value (conversion: 0.35), or"
    " name: {value: 38, target: 50, better: higher} for a figure with a target.",
    "opportunity": "An improvement the company could make, as an action.",
    "addresses": "Ids of the touchpoints it would improve: one per line.",
    "value": "How much it is worth to customers and the business (highest: most).",
    "status": "idea, planned, in-progress, done or dropped.",
}
# The Map sheet's columns mean other things ("value" there is a field's value).
MAP_MEANING = {
    "field": "What the row sets (do not change this column).",
    "value": "The value. Lists: one item per line. For a channel or team: its name.",
    "id": "A channel's or team's id (blank: made from its name).",
    "description": "What the channel or team is.",
}
_TRUE = {"true", "yes", "y", "x", "1"}
_FALSE = {"false", "no", "n", "0"}
_RATING = re.compile(r"[+-]?\d{1,9}(?:[.,]0*)?")  # 3, 3.0, 3,0 (a decimal comma)
_METRIC = re.compile(r"\s*([^:]+?)\s*:\s*(.*?)\s*")
_INT = re.compile(r"[+-]?\d{1,30}")
_FLOAT = re.compile(r"[+-]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][+-]?\d{1,3})?")


class CellError(ValueError):
    """A cell that cannot be read: the message names the column and the value."""


def header_name(cell: str) -> str:
    """'Moment of truth' → 'moment_of_truth': headers are matched without case or spaces."""
    return cell.strip().lower().replace(" ", "_")


def join_items(items: Iterable[str], *, csv: bool = False) -> str:
    """One item per line, as Alt+Enter writes them in a cell.

    In a CSV a cell without a line break is read the old way ("a; b" is two items), so a
    single item holding a ";" keeps it escaped there.
    """
    items = list(items)
    if csv and len(items) == 1 and ";" in items[0]:
        return items[0].replace(";", "\\;")
    return "\n".join(items)


def split_items(cell: str, *, old_form: bool = False) -> list[str]:
    """The items of a list cell: one per line; with old_form (CSV), a one-line cell is
    split at "; " as jmap used to write it (a "\\;" is a ";" inside an item)."""
    if "\n" in cell or not old_form:
        # spaces around an item go (Excel users leave them); a tab stays: it is content
        lines = cell.replace("\r\n", "\n").split("\n")
        return [line.strip(" ") for line in lines if line.strip()]
    parts = re.split(r"(?<!\\);", cell)
    return [p.strip(" ").replace("\\;", ";") for p in parts if p.strip()]


def flag_text(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def read_flag(name: str, cell: str) -> bool | None:
    value = cell.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    if value:
        raise CellError(f"{name} {cell!r} is not yes or no")
    return None


def read_layer(cell: str) -> str | None:
    """A layer by its name, in any case; blank is None (the default: frontstage)."""
    from journeymap_cli.format.blueprint import LAYERS
    from journeymap_cli.suggest import did_you_mean

    value = cell.strip().lower()
    if value and value not in LAYERS:
        raise CellError(
            f"layer {cell.strip()!r} is not {', '.join(LAYERS[:-1])} or {LAYERS[-1]}"
            f"{did_you_mean(value, list(LAYERS))}"
        )
    return value or None


def read_rating(name: str, cell: str, scale: tuple[int, int]) -> int | None:
    """A whole number on the scale; '3.0' and '3,0' (how sheets write numbers) count."""
    value = cell.strip()
    if not value:
        return None
    if not _RATING.fullmatch(value):
        raise CellError(f"{name} {value!r} is not a whole number")
    number = int(re.split(r"[.,]", value)[0])
    if not scale[0] <= number <= scale[1]:
        raise CellError(f"{name} {number} is off the scale {scale[0]}-{scale[1]}")
    return number


def read_scale(text: str) -> tuple[int, int]:
    """'1-7' → (1, 7); the lower bound may be 0 or negative ('-2-2')."""
    found = re.fullmatch(r"\s*([+-]?\d{1,9})\s*(?:-|–|to|\.\.)\s*([+-]?\d{1,9})\s*", text)
    if not found:
        raise CellError(f"scale {text!r} is not MIN-MAX (e.g. 1-7)")
    low, high = int(found[1]), int(found[2])
    if low >= high:
        raise CellError(f"scale {text!r}: the minimum must be less than the maximum")
    return low, high


def metrics_text(metrics: dict[str, Any]) -> str:
    """'name: value' per line; a metric mapping (format 1.1) as a YAML flow mapping."""
    return "\n".join(
        f"{_metric_name(name)}: {_metric_text(value)}" for name, value in metrics.items()
    )


def _metric_text(value: Any) -> str:
    if hasattr(value, "model_dump"):  # a Metric: its fields as written, in their order
        fields = value.model_dump(exclude_none=True)
        return "{" + ", ".join(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in
                               fields.items()) + "}"  # fmt: skip
    if isinstance(value, str):
        return _quoted(value, lambda text: _metric_value("", text))
    return str(value)


def _metric_name(name: str) -> str:
    return _quoted(name, lambda text: text.strip() if text.strip() and ":" not in text else None)


def _quoted(text: str, read: Any) -> str:
    """`text`, or in double quotes (JSON) when the cell would read it as something else: a
    metric "007" or "1e3" that is text, not a number; spaces around it; a line break."""
    try:
        plain = bool(text) and not text.startswith('"') and not {"\n", "\r"} & set(text)
        if plain and read(text) == text and type(read(text)) is str:
            return text
    except CellError:
        pass
    return json.dumps(text, ensure_ascii=False)


def _unquoted(text: str) -> tuple[str, str] | None:
    """A leading "..." (JSON) and what follows it; None when `text` holds none."""
    if not text.startswith('"'):
        return None
    try:
        value, end = json.JSONDecoder().raw_decode(text)
    except ValueError:
        return None
    return (value, text[end:]) if isinstance(value, str) else None


def read_metrics(cell: str) -> dict[str, int | float | str]:
    """'name: value' per line; numbers become numbers, as YAML would read them; a name or a
    value in double quotes is text as it is ("007" stays text)."""
    out: dict[str, int | float | str] = {}
    for line in split_items(cell):
        quoted = _unquoted(line.strip())
        if quoted is not None:
            name, rest = quoted[0], quoted[1].strip()
            value = rest[1:].strip() if rest.startswith(":") else ""
        elif found := _METRIC.fullmatch(line):
            name, value = found[1], found[2]
        else:
            name, value = "", ""
        if not value:
            raise CellError(f"metrics: {line!r} is not 'name: value'")
        if name in out:
            raise CellError(f"metrics: {name!r} is given twice")
        out[name] = _metric_value(name, value)
    return out


def _metric_value(name: str, value: str) -> Any:
    quoted = _unquoted(value)
    if quoted is not None and not quoted[1].strip():
        return quoted[0]
    if value.startswith("{"):
        return _metric_mapping(name, value)
    if _INT.fullmatch(value):
        return int(value)
    if _FLOAT.fullmatch(value):
        return float(value)
    return value.strip()


def _metric_mapping(name: str, text: str) -> Any:
    """`{value: 38, target: 50, better: higher}`: read as YAML, checked as a metric."""
    from pydantic import ValidationError

    from journeymap_cli.format.parts import Metric
    from journeymap_cli.io.yamlstream import YamlProblem, parse

    try:
        data = parse(text).data
        Metric.model_validate(data)
    except YamlProblem as exc:
        raise CellError(f"metrics: {name}: {exc.message}") from None
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise CellError(f"metrics: {name}: {where}: {first['msg']}") from None
    return data


def read_status(cell: str) -> str | None:
    value = cell.strip().lower()
    if value and value not in STATUSES:
        raise CellError(f"status {cell!r} is not one of {', '.join(STATUSES)}")
    return value or None


@dataclass(frozen=True)
class Entry:
    """One declared channel or team: its id, its display name and how a map refers to it."""

    id: str
    name: str
    description: str | None
    plain: bool  # written as a bare name in the vocabulary (referred to by that name)

    @property
    def reference(self) -> str:
        """What a new touchpoint writes: the bare name, or the id of a mapping entry."""
        return self.name if self.plain else self.id


class Vocabulary:
    """A map's channels or teams: cells may name an entry by its name or its id."""

    def __init__(self, entries: list[str | Named] | None) -> None:
        self.declared = entries is not None
        self.entries = [
            Entry(
                entry_id(e),
                entry_name(e),
                None if isinstance(e, str) else e.description,
                isinstance(e, str),
            )
            for e in entries or []
        ]
        self._lookup: dict[str, Entry] = {}
        for entry in reversed(self.entries):  # the first entry wins a shared spelling
            for key in (entry.id, entry.name, slugify(entry.name)):
                self._lookup[key.casefold()] = entry

    def find(self, text: str | None) -> Entry | None:
        if not text:
            return None
        return self._lookup.get(text.casefold()) or self._lookup.get(slugify(text))

    def shown(self, text: str | None) -> str:
        """A touchpoint's channel or owner as the sheet shows it: by name."""
        entry = self.find(text)
        return entry.name if entry else (text or "")

    def same(self, current: str | None, cell: str | None) -> bool:
        """True when a cell names what the map already says (name, id or the same text)."""
        if (current or None) == (cell or None):
            return True
        a, b = self.find(current), self.find(cell)
        return a is not None and a == b

    def reference(self, cell: str) -> str:
        entry = self.find(cell)
        return entry.reference if entry else cell

"""pydantic errors → plain-words issues located on the data (union branch names removed)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from journeymap_cli.report import diagnostics as codes
from journeymap_cli.report.diagnostics import Loc
from journeymap_cli.suggest import did_you_mean

_EXPECTED = {
    "int_type": "an integer",
    "int_parsing": "an integer",
    "float_type": "a number",
    "string_type": "a string",
    "bool_type": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
    "literal_error": "1",
}


@dataclass
class Issue:
    loc: Loc
    kind: str
    code: str
    message: str
    value: Any
    hint: str | None = None
    at_key: bool = False


def type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


def _colon_hint(value: Any, expected: list[str]) -> str | None:
    """`- Note: call back` reads as the mapping {Note: call back}: say why, when text was
    expected and a one-entry mapping of plain values came instead."""
    if "a string" not in expected or not isinstance(value, dict) or len(value) != 1:
        return None
    (inner,) = value.values()
    if isinstance(inner, (dict, list)):
        return None
    return "a colon followed by a space starts a mapping: quote the text"


def dotted(loc: Loc) -> str:
    """('stages', 0, 'emotion') → 'stages[0].emotion'."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "the top level"


def data_loc(data: Any, loc: tuple[int | str, ...], missing: bool) -> tuple[Loc, Any]:
    """Keep the parts of pydantic's `loc` that exist in the data; drop union branch tags."""
    kept: list[str | int] = []
    node = data
    for i, part in enumerate(loc):
        if isinstance(node, dict) and part in node:  # noqa: SIM114 (split so mypy narrows)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        elif missing and i == len(loc) - 1:
            node = None
        else:
            continue
        kept.append(part)
    return tuple(kept), node


# Fields whose value is a mapping of free keys to models (`metrics: {nps: {...}}`): the
# model of a mapping found there is the field's, not its key's.
_KEYED_FIELDS = ("metrics",)


def _model_at(
    loc: Loc, root: type[BaseModel], by_key: Mapping[str, type[BaseModel]]
) -> type[BaseModel]:
    names = [part for part in loc if isinstance(part, str)]
    if len(names) >= 2 and names[-2] in _KEYED_FIELDS and loc[-1] == names[-1]:
        return by_key.get(names[-2], root)
    return by_key.get(names[-1], root) if names else root


def describe(
    data: Any,
    error: ValidationError,
    root: type[BaseModel],
    by_key: Mapping[str, type[BaseModel]],
) -> list[Issue]:
    """One issue per offending node: union branches failing on the same node are merged."""
    grouped: dict[tuple[Loc, str], list[Any]] = {}
    for err in error.errors(include_input=False, include_url=False, include_context=True):
        loc, _ = data_loc(data, err["loc"], err["type"] == "missing")
        kind = (
            "type" if err["type"] in _EXPECTED and err["type"] != "literal_error" else err["type"]
        )
        grouped.setdefault((loc, kind), []).append(err)
    issues = []
    for (loc, kind), errs in grouped.items():
        _, value = data_loc(data, loc, False)
        where = dotted(loc)
        err = errs[0]
        if kind == "missing":
            parent = dotted(loc[:-1])
            issues.append(
                Issue(
                    loc, kind, codes.SCHEMA, f"missing required field {loc[-1]!r} in {parent}", None
                )
            )
        elif kind == "extra_forbidden":
            allowed = list(_model_at(loc[:-1], root, by_key).model_fields)
            name = str(loc[-1])
            issues.append(
                Issue(
                    loc,
                    kind,
                    codes.SCHEMA,
                    f"unknown field {name!r} in {dotted(loc[:-1])}{did_you_mean(name, allowed)}",
                    value,
                    hint=f"allowed fields: {', '.join(allowed)}",
                    at_key=True,
                )
            )
        elif kind == "type":
            expected = sorted(
                {_EXPECTED[e["type"]] for e in errs}, key=list(_EXPECTED.values()).index
            )
            wanted = (
                " or ".join(expected)
                if len(expected) < 3
                else (f"{', '.join(expected[:-1])} or {expected[-1]}")
            )
            issues.append(
                Issue(
                    loc,
                    kind,
                    codes.SCHEMA,
                    f"{where}: expected {wanted}, got {type_name(value)}",
                    value,
                    hint=_colon_hint(value, expected),
                )
            )
        elif kind == "value_error":
            message = str(err["msg"]).removeprefix("Value error, ")
            issues.append(Issue(loc, kind, codes.SCHEMA, f"{where}: {message}", value))
        elif kind == "entry_type":
            issues.append(
                Issue(
                    loc,
                    kind,
                    codes.SCHEMA,
                    f"{where}: expected {err['msg']}, got {type_name(value)}",
                    value,
                )
            )
        elif kind == "string_pattern_mismatch" and loc and loc[-1] == "date":
            issues.append(
                Issue(
                    loc,
                    kind,
                    codes.SCHEMA,
                    f"{where}: {value!r} is not a date",
                    value,
                    hint="write dates as YYYY-MM or YYYY-MM-DD, e.g. 2026-03 or 2026-03-14",
                )
            )
        elif kind == "string_pattern_mismatch":
            issues.append(
                Issue(
                    loc,
                    kind,
                    codes.SCHEMA,
                    f"{where}: {value!r} is not a valid id",
                    value,
                    hint="ids are slugs: lower-case letters and digits joined by '-' or '_'",
                )
            )
        elif kind == "literal_error" and isinstance(value, str):
            # one of a few words (layer, state, status...): suggest the closest
            one_of = str(err.get("ctx", {}).get("expected", ""))
            choices = re.findall(r"'([^']*)'", one_of)
            issues.append(
                Issue(
                    loc,
                    kind,
                    codes.SCHEMA,
                    f"{where}: input should be {one_of}{did_you_mean(value, choices)}",
                    value,
                )
            )
        elif kind == "too_short" and isinstance(value, list):
            issues.append(
                Issue(loc, kind, codes.SCHEMA, f"{where}: needs at least one entry", value)
            )
        else:
            message = str(err["msg"])
            issues.append(
                Issue(
                    loc, kind, codes.SCHEMA, f"{where}: {message[:1].lower()}{message[1:]}", value
                )
            )
    return issues

"""The JSON Schema text of map and persona files, as committed under schema/."""

from __future__ import annotations

import json

from journeymap_cli.format.model import JourneyMap, Persona, json_schema

SCHEMA_FILES = {"map": "jmap.schema.json", "persona": "jmap-persona.schema.json"}


def schema_text(kind: str) -> str:
    model = JourneyMap if kind == "map" else Persona
    return json.dumps(json_schema(model), indent=2, ensure_ascii=False) + "\n"

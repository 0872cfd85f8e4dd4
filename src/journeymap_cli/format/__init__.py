"""The map file format.

The pydantic models, whole-map integrity checks, schema error wording and the JSON Schema.
"""

"""`jmap new`: a starter map that validates clean and teaches the format in comments."""

from __future__ import annotations

import json
from pathlib import Path

from journeymap_cli.io.atomic import write_file
from journeymap_cli.io.loader import MAP_SUFFIXES
from journeymap_cli.io.yamlstream import YamlProblem, control_character, parse
from journeymap_cli.resources import data_dir


class StarterError(Exception):
    """A reason the starter cannot be written."""


def yaml_string(text: str) -> str:
    """`text` as a YAML scalar: plain when YAML reads it back unchanged, else double-quoted."""
    try:
        if parse(f"k: {text}\n").data == {"k": text} and "#" not in text:
            return text
    except YamlProblem:
        pass
    return json.dumps(text, ensure_ascii=False)  # JSON strings are valid YAML 1.2


def starter_text(title: str) -> str:
    template = (data_dir("templates") / "starter.jmap.yaml").read_text(encoding="utf-8")
    return template.replace("{{ title }}", yaml_string(title))


def write_starter(path: Path, title: str | None) -> None:
    if not path.name.endswith(MAP_SUFFIXES):
        raise StarterError(f"{path}: map files end in .jmap.yaml (try {path}.jmap.yaml)")
    if title is None:
        stem = path.name.removesuffix(".jmap.yaml").removesuffix(".jmap.yml")
        title = stem.replace("-", " ").replace("_", " ").strip().capitalize() or "My journey"
    if control := control_character(title):
        raise StarterError(f"--title: {control} is not allowed in a title (maps hold plain text)")
    text = starter_text(title)
    try:
        # exclusive: never overwrite, even a file that appears between a check and the
        # write; atomic: a full disk leaves no empty file behind
        write_file(path, text, exclusive=True)
    except FileExistsError:
        raise StarterError(f"{path} already exists; not overwriting it") from None
    except OSError as exc:
        raise StarterError(f"{path}: cannot create: {exc.strerror or exc}") from None

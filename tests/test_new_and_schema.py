"""`jmap new` and `jmap schema`: the starter teaches the format; the schema files stay in sync."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import EXAMPLES, ROOT, run_jmap
from journeymap_cli.format.schema import SCHEMA_FILES, schema_text


def test_new_writes_a_map_that_validates(workdir: Path) -> None:
    result = run_jmap("new", "journey.jmap.yaml", "--title", "Renewing a passport")
    assert result.exit_code == 0
    text = (workdir / "journey.jmap.yaml").read_text()
    assert "title: Renewing a passport" in text
    assert text.count("\n#") + text.count("  #") >= 10  # it teaches through comments
    check = run_jmap("validate", "journey.jmap.yaml")
    assert (check.exit_code, check.stdout) == (0, "1 file checked, no problems\n")


def test_new_title_with_yaml_characters_is_quoted(workdir: Path) -> None:
    result = run_jmap("new", "q.jmap.yaml", "--title", "Buy: now? # yes")
    assert result.exit_code == 0
    assert run_jmap("validate", "q.jmap.yaml").exit_code == 0


def test_new_refuses_to_overwrite(workdir: Path) -> None:
    (workdir / "old.jmap.yaml").write_text("keep me")
    result = run_jmap("new", "old.jmap.yaml")
    assert result.exit_code == 2
    assert "already exists" in result.stderr
    assert (workdir / "old.jmap.yaml").read_text() == "keep me"


def test_new_requires_the_map_suffix(workdir: Path) -> None:
    result = run_jmap("new", "journey.yaml")
    assert result.exit_code == 2
    assert ".jmap.yaml" in result.stderr
    assert not (workdir / "journey.yaml").exists()


def test_new_into_a_missing_folder_is_an_io_error(workdir: Path) -> None:
    result = run_jmap("new", "nope/journey.jmap.yaml")
    assert result.exit_code == 2
    assert "nope" in result.stderr


@pytest.mark.parametrize("kind", ["map", "persona"])
def test_committed_schema_files_are_in_sync(kind: str) -> None:
    name = f"schema/{SCHEMA_FILES[kind]}"
    committed = (ROOT / name).read_text(encoding="utf-8")
    assert committed == schema_text(kind), f"{name} is stale: run jmap schema {kind} -o {name}"


def test_schema_command_prints_draft_2020_12_with_descriptions() -> None:
    result = run_jmap("schema")
    doc = json.loads(result.stdout)
    assert doc["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert doc["title"] and doc["description"]
    stage = doc["$defs"]["Stage"]
    assert all("description" in prop for prop in stage["properties"].values())
    assert doc["additionalProperties"] is False


def test_schema_to_file(workdir: Path) -> None:
    assert run_jmap("schema", "persona", "-o", "p.json").exit_code == 0
    assert json.loads((workdir / "p.json").read_text())["title"]


def test_examples_point_editors_at_the_committed_schema() -> None:
    for path in EXAMPLES.rglob("*.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        target = (path.parent / first.split("$schema=", 1)[1]).resolve()
        kind = "persona" if path.name.endswith(".persona.yaml") else "map"
        assert target == (ROOT / "schema" / SCHEMA_FILES[kind]).resolve(), path


def check_jsonschema(schema: str, files: list[Path]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--schemafile", schema, *map(str, files)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )


def test_check_jsonschema_accepts_the_examples() -> None:
    maps = sorted(EXAMPLES.glob("*.jmap.yaml"))
    personas = sorted(EXAMPLES.rglob("*.persona.yaml"))
    assert len(maps) >= 3 and personas
    for schema, files in (
        ("schema/jmap.schema.json", maps),
        ("schema/jmap-persona.schema.json", personas),
    ):
        proc = check_jsonschema(schema, files)
        assert proc.returncode == 0, proc.stdout + proc.stderr


def test_check_jsonschema_rejects_what_jmap_rejects(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jmap.yaml"
    bad.write_text("jmap: 1\ntitle: x\npersona: {name: A}\nstages: [{name: S, emotoin: 3}]\n")
    proc = check_jsonschema("schema/jmap.schema.json", [bad])
    assert proc.returncode == 1
    assert "emotoin" in proc.stdout


def test_new_map_lints_clean_and_is_canonical(workdir: Path) -> None:
    assert run_jmap("new", "journey.jmap.yaml").exit_code == 0
    lint = run_jmap("lint", "journey.jmap.yaml")
    assert (lint.exit_code, lint.stdout) == (0, "1 file checked, no problems\n")
    assert run_jmap("fmt", "--check", "journey.jmap.yaml").exit_code == 0


def test_new_shows_the_format_11_fields(workdir: Path) -> None:
    """Quotes with who and source, an opportunity mapping, a metric with a target; the
    map-level 1.1 fields as comments (they name other files)."""
    from journeymap_cli.format.model import JourneyMap
    from journeymap_cli.format.parts import Metric, Opportunity, Quote
    from journeymap_cli.io.yamlstream import parse

    assert run_jmap("new", "j.jmap.yaml").exit_code == 0
    text = (workdir / "j.jmap.yaml").read_text()
    jmap = JourneyMap.model_validate(parse(text).data)
    quotes = [q for s in jmap.stages for q in s.quotes if isinstance(q, Quote)]
    assert quotes and all(q.who and q.source for q in quotes)
    opportunities = [o for s in jmap.stages for o in s.opportunities]
    assert opportunities and all(isinstance(o, Opportunity) and o.addresses for o in opportunities)
    metrics = [
        m
        for s in jmap.stages
        for where in (s.metrics, *(p.metrics for p in s.touchpoints))
        for m in where.values()
    ]
    assert any(isinstance(m, Metric) and m.target is not None for m in metrics)
    for field in ("journey:", "state:", "based_on:", "links:", "image:"):
        assert f"#   {field}" in text or f"#     {field}" in text, field
    lint = run_jmap("lint", "--fail-on", "info", "j.jmap.yaml")
    assert (lint.exit_code, lint.stdout) == (0, "1 file checked, no problems\n")

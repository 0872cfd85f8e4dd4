"""docs/format.md stays in step with the models: every field documented, every example valid."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from pydantic import BaseModel

from helpers import EXAMPLES, ROOT, run_jmap
from journeymap_cli.format.model import JourneyMap, Named, Persona, Scale, Stage, Touchpoint
from journeymap_cli.format.parts import Image, Link, Metric, Opportunity, Quote

DOC = (ROOT / "docs" / "format.md").read_text(encoding="utf-8")
SECTIONS: dict[str, type[BaseModel]] = {
    "Map": JourneyMap,
    "Persona": Persona,
    "Scale": Scale,
    "Channel and team": Named,
    "Stage": Stage,
    "Touchpoint": Touchpoint,
    "Quote": Quote,
    "Image": Image,
    "Link": Link,
    "Opportunity": Opportunity,
    "Metric": Metric,
}
EXAMPLE_BLOCKS = re.findall(r"^```yaml\n(.*?)^```$", DOC, re.M | re.S)


def section(title: str) -> str:
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", DOC, re.M | re.S)
    assert match, f"docs/format.md has no section '## {title}'"
    return match.group(1)


@pytest.mark.parametrize("title", list(SECTIONS))
def test_every_field_of_the_model_is_in_its_table(title: str) -> None:
    rows = re.findall(r"^\| `([a-z_]+)` \|", section(title), re.M)
    assert rows == list(SECTIONS[title].model_fields), (
        f"the table of '## {title}' must list the fields of {SECTIONS[title].__name__}, "
        "in the model's order (the order jmap fmt writes)"
    )


def test_there_are_examples() -> None:
    assert len(EXAMPLE_BLOCKS) >= 6


@pytest.mark.parametrize("index", range(len(EXAMPLE_BLOCKS)))
def test_every_yaml_example_validates(workdir: Path, index: int) -> None:
    """Each block is a whole map; its paths are those of the examples folder."""
    shutil.copytree(EXAMPLES, workdir, dirs_exist_ok=True)
    (workdir / "doc-example.jmap.yaml").write_text(EXAMPLE_BLOCKS[index], encoding="utf-8")
    result = run_jmap("validate", "doc-example.jmap.yaml")
    assert result.exit_code == 0, result.stdout + EXAMPLE_BLOCKS[index]
    assert result.stdout.endswith("checked, no problems\n")


def test_the_readme_links_the_reference() -> None:
    assert "](docs/format.md)" in (ROOT / "README.md").read_text(encoding="utf-8")

"""Over many maps jmap uses every core; the output is identical to a serial run."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from helpers import CLEAN, run_jmap

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from generate import generate


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("many")
    (root / "jmap.toml").write_text("")
    generate(root / "maps", 230, "small")
    # a shared persona file with an error, referenced by maps in different chunks
    (root / "maps/shared.persona.yaml").write_text("name: Amira\ngoals: nope\n")
    inline = CLEAN[CLEAN.index("persona:") : CLEAN.index("channels:")]
    for i in (3, 117, 229):
        (root / f"maps/ref-{i}.jmap.yaml").write_text(
            CLEAN.replace(inline, "persona: shared.persona.yaml\n")
        )
    (root / "maps/broken.jmap.yaml").write_text("jmap: 1\ntitle: [\n")
    (root / "maps/map-00100.jmap.yaml").write_text(CLEAN.replace("emotion: 3", "emotion: 0"))
    return root


@pytest.mark.parametrize("command", ["validate", "lint"])
def test_parallel_output_equals_serial(
    many: Path, command: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(many)
    outputs = {}
    for jobs in ("1", "2"):
        monkeypatch.setenv("JMAP_JOBS", jobs)
        result = run_jmap(command, "--format", "json", "maps")
        assert result.exit_code == 1
        outputs[jobs] = result.stdout
    assert outputs["1"] == outputs["2"]
    assert outputs["1"].count('"path": "maps/shared.persona.yaml"') == 1  # reported once
    assert '"files": 235' in outputs["1"]  # 230 generated + 3 referencing + broken + persona

"""A file is checked, counted and reported once however it is reached: a folder given
with `..` (`cd sub && jmap validate ..`) found each persona file twice, once relative as
the search named it and once absolute as its map's reference named it ("10 files checked"
for 8, the same error printed twice)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import VALID

JMAP = Path(sys.executable).parent / "jmap"
BROKEN_PERSONA = "name: Sarah\ngoals: [A safe car]\nunknown_field: 1\n"


def _project(root: Path, maps: int) -> None:
    (root / "jmap.toml").write_text("")
    (root / "personas").mkdir()
    (root / "personas" / "sarah.persona.yaml").write_text(BROKEN_PERSONA)
    persona = VALID[VALID.index("persona:") : VALID.index("channels:")]
    for i in range(maps):
        text = VALID.replace(persona, "persona: personas/sarah.persona.yaml\n")
        (root / f"m{i}.jmap.yaml").write_text(text.replace("Buying a family car", f"Map {i}"))


def _jmap(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(JMAP), *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "JMAP_DEBUG": "0"},
        timeout=300,
    )


@pytest.mark.parametrize("maps", [2, 210])  # 210: over PARALLEL_FROM, workers load the maps
@pytest.mark.parametrize("command", ["validate", "lint"])
def test_a_folder_given_with_dot_dot(tmp_path: Path, command: str, maps: int) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    _project(root, maps)
    (root / "personas" / "sub").mkdir()
    files = maps + 1
    for cwd, argument in (
        (root / "personas", ".."),  # cd sub && jmap validate ..
        (root / "personas" / "sub", "../.."),
        (tmp_path / "elsewhere", "../repo"),  # jmap lint ../repo
        (root, "."),
        (tmp_path, str(root)),  # absolute
    ):
        cwd.mkdir(exist_ok=True)
        result = _jmap(cwd, command, argument)
        assert result.returncode == 1, result.stderr
        summary = result.stdout.strip().splitlines()[-1]
        assert summary.startswith(f"{files} files checked"), (argument, summary)
        unknown = [line for line in result.stdout.splitlines() if "unknown_field" in line]
        assert len(unknown) == 1, (argument, unknown)
        # named as the search named it: relative to the folder given
        shown = os.path.normpath(os.path.join(argument, "personas", "sarah.persona.yaml"))
        if os.path.isabs(shown):  # an absolute path inside the working folder: relative
            shown = os.path.relpath(shown, cwd)
        assert unknown[0].startswith(f"{shown}:3:1:"), (argument, unknown[0])


def test_a_map_and_its_persona_named_together(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    _project(root, 1)
    sub = root / "personas"
    result = _jmap(sub, "validate", "../m0.jmap.yaml", "sarah.persona.yaml", ".")
    assert result.stdout.strip().splitlines()[-1].startswith("2 files checked")
    assert sum("unknown_field" in line for line in result.stdout.splitlines()) == 1

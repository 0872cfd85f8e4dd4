"""The CI recipes in docs/ci.md parse, and every jmap command and option they use exists."""

from __future__ import annotations

import re

import pytest
from ruamel.yaml import YAML

from helpers import ROOT, run_jmap

DOC = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```yaml\n(.*?)```", DOC, re.S)


def commands(node: object) -> list[str]:
    """Every shell line under `run:` (GitHub) and `script`/`before_script` (GitLab)."""
    found: list[str] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "run" and isinstance(value, str):
                found += value.splitlines()
            elif key in ("script", "before_script") and isinstance(value, list):
                for item in value:
                    found += str(item).splitlines()
            else:
                found += commands(value)
    elif isinstance(node, list):
        for item in node:
            found += commands(item)
    return found


def jmap_calls() -> list[str]:
    calls = []
    for block in BLOCKS:
        data = YAML(typ="safe").load(block)
        for line in commands(data):
            calls += re.findall(r"\bjmap (\w[\w-]*)([^|;&>]*)", line)
    return [f"{cmd}{args}" for cmd, args in calls]


def test_both_recipes_are_there_and_parse() -> None:
    assert len(BLOCKS) == 3  # the action's usage first (tests/test_action.py), then the recipes
    action, github, gitlab = (YAML(typ="safe").load(b) for b in BLOCKS)
    assert any(
        str(step.get("uses", "")).startswith("<owner>/jmap@v")
        for step in action["jobs"]["maps"]["steps"]
    )
    assert "jobs" in github and github["on"]["pull_request"]
    assert "script" in gitlab["journey-maps"]
    assert len(jmap_calls()) >= 10


@pytest.mark.parametrize("call", sorted(set(jmap_calls())))
def test_every_command_and_option_exists(call: str) -> None:
    command, *args = call.split()
    help_text = run_jmap(command, "--help")
    assert help_text.exit_code == 0, f"jmap {command} does not exist"
    for option in (a.split("=")[0] for a in args if a.startswith("-")):
        assert option in help_text.stdout, f"jmap {command} has no option {option}"

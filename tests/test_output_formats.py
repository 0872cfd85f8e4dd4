"""Golden files for every output format of `jmap validate`, a YAML syntax error included.

Inputs live in tests/data/reports/; expected outputs in tests/golden/. After an intended
change of output, run `pytest --update-golden` and review the diff.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from helpers import ROOT
from journeymap_cli import __version__
from journeymap_cli.cli.app import app

INPUTS = "tests/data/reports"


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), env=env, catch_exceptions=False)
    return result.exit_code, result.stdout.replace(__version__, "<version>")


@pytest.fixture(autouse=True)
def at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)


@pytest.mark.parametrize(
    ("fmt", "suffix"),
    [("text", "txt"), ("json", "json"), ("github", "txt"), ("sarif", "sarif.json")],
)
def test_format(fmt: str, suffix: str, golden: Callable[[str, str], None]) -> None:
    code, out = run("validate", "--format", fmt, INPUTS)
    assert code == 1
    golden(f"validate.{fmt}.{suffix}", out)


def test_text_on_a_terminal_shows_source_line_caret_and_hint(
    golden: Callable[[str, str], None],
) -> None:
    code, out = run("validate", INPUTS, env={"FORCE_COLOR": "1", "COLUMNS": "120"})
    assert code == 1
    assert "\x1b[" in out  # colour
    golden("validate.terminal.ansi", out)


def test_github_format_is_chosen_inside_github_actions() -> None:
    _, out = run("validate", INPUTS, env={"GITHUB_ACTIONS": "true"})
    assert out.startswith("::error file=tests/data/reports/broken syntax.jmap.yaml,line=5,col=1,")


def test_json_shape() -> None:
    _, out = run("validate", "--format", "json", INPUTS)
    doc = json.loads(out)
    assert doc["version"] == 1
    assert doc["summary"] == {
        "files": 3,
        "files_with_problems": 2,
        # schema.jmap.yaml: 3 schema errors, and on its well-formed parts an unknown
        # channel, a performance off the scale and a duplicate stage id, in the same run
        "errors": 6,
        "warnings": 0,
        "infos": 0,
    }
    first = doc["diagnostics"][0]
    assert set(first) == {"path", "line", "column", "code", "name", "severity", "message", "hint"}


def test_sarif_structure() -> None:
    _, out = run("validate", "--format", "sarif", INPUTS)
    log = json.loads(out)
    assert log["version"] == "2.1.0"
    (sarif_run,) = log["runs"]
    rules = sarif_run["tool"]["driver"]["rules"]
    for result in sarif_run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        region = result["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1
    uris = [
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in sarif_run["results"]
    ]
    assert "tests/data/reports/broken%20syntax.jmap.yaml" in uris


def test_clean_run_prints_only_the_summary(tmp_path: Path) -> None:
    (tmp_path / "m.jmap.yaml").write_text((ROOT / INPUTS / "good.jmap.yaml").read_text())
    code, out = run("validate", str(tmp_path))
    assert (code, out) == (0, "1 file checked, no problems\n")


def test_every_code_is_documented() -> None:
    from journeymap_cli.report import diagnostics

    doc = (ROOT / "docs" / "output.md").read_text(encoding="utf-8")
    codes = [v for k, v in vars(diagnostics).items() if k.isupper() and str(v).startswith("JM")]
    assert len(codes) >= 11
    for code in codes:
        assert f"| {code} | {diagnostics.code_name(code)} |" in doc, code

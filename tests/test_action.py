"""The GitHub Action (action.yml) run as GitHub runs it: its steps as written, with bash.

The steps are read with a YAML parser; `${{ inputs.* }}` and `${{ github.action_path }}`
are substituted as GitHub substitutes them, `if:` conditions are evaluated, each `run:`
step runs under `bash --noprofile --norc -eo pipefail` with GitHub's variables
(GITHUB_PATH, GITHUB_STEP_SUMMARY, RUNNER_TEMP, ...), and lines appended to GITHUB_PATH
reach the later steps' PATH. `uses:` steps (setup-python, upload-sarif) are not run:
they are recorded with their inputs, and the SARIF file the run step wrote is checked.
The install step installs jmap from this checkout into a fresh venv, once a module.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from helpers import EXAMPLES, ROOT

ACTION: dict[str, Any] = YAML(typ="safe").load((ROOT / "action.yml").read_text("utf-8"))
STEPS: list[dict[str, Any]] = ACTION["runs"]["steps"]
INSTALL = "Install jmap from the action's checkout"
ANNOTATION = re.compile(
    r"^::(?P<level>error|warning|notice) file=(?P<file>[^,]+),line=(?P<line>\d+),"
    r"col=\d+,title=(?P<code>JM\d{3})::"
)

# GitHub's expression syntax, as far as action.yml uses it: contexts, string literals,
# comparisons, the boolean operators and the status functions.
_TOKEN = re.compile(
    r"\s*(?:(?P<context>(?:inputs|github)\.[\w-]+)|(?P<string>'[^']*')|(?P<call>\w+)\(\)"
    r"|(?P<op>==|!=|&&|\|\||!|\(|\)))"
)


@dataclass
class Step:
    name: str
    returncode: int | None  # None: skipped by its `if:`, or a `uses:` step
    stdout: str = ""
    stderr: str = ""
    uses: str = ""
    with_: dict[str, str] = field(default_factory=dict)


@dataclass
class Runner:
    """A job's runner: its temp folder and the PATH entries steps have added."""

    temp: Path
    path: list[str] = field(default_factory=list)


def value(context: str, inputs: dict[str, str]) -> str:
    kind, name = context.split(".", 1)
    if kind == "inputs":
        assert name in inputs, f"action.yml uses an undeclared input {name}"
        return inputs[name]
    assert name == "action_path", f"the test knows no github.{name}"
    return str(ROOT)


def expand(text: str, inputs: dict[str, str]) -> str:
    """`${{ inputs.x }}` and `${{ github.action_path }}` replaced, as GitHub does first."""
    return re.sub(r"\$\{\{\s*(.*?)\s*\}\}", lambda m: value(m[1], inputs), text)


def condition(expression: str | None, inputs: dict[str, str], failed: bool) -> bool:
    """An `if:`; without a status function GitHub adds `success() &&`."""
    if expression is None:
        return not failed
    text = expression.strip()
    if text.startswith("${{"):
        text = text.removeprefix("${{").removesuffix("}}")
    words, pos = [], 0
    while pos < len(text.rstrip()):
        match = _TOKEN.match(text, pos)
        assert match, f"the test cannot read {text[pos:]!r}"
        pos = match.end()
        if match["context"]:
            words.append(repr(value(match["context"], inputs)))
        elif match["string"]:
            words.append(match["string"])
        elif match["call"]:
            status = {"success": not failed, "failure": failed, "always": True}
            words.append(repr(status.get(match["call"], False)))  # cancelled(): never here
        else:
            words.append({"&&": " and ", "||": " or ", "!": " not "}.get(match["op"], match["op"]))
    result = bool(eval("".join(words), {"__builtins__": {}}))  # our own tokens only
    has_status = re.search(r"\b(success|failure|always|cancelled)\(\)", text)
    return result if has_status else result and not failed


def environment(runner: Runner, workspace: Path) -> dict[str, str]:
    """A runner's environment: no jmap of this test run on PATH, GitHub's files."""
    here = str(Path(sys.executable).parent)
    python = runner.temp / "python-bin"  # what actions/setup-python puts first on PATH
    if not python.exists():
        python.mkdir()
        version = f"python{sys.version_info.major}.{sys.version_info.minor}"
        (python / "python3").symlink_to(Path(sys.base_prefix) / "bin" / version)
    system = [p for p in os.environ["PATH"].split(os.pathsep) if p and p != here]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "JMAP_"))}
    for name in ("PYTHONPATH", "PYTHONDONTWRITEBYTECODE"):  # a runner sets neither
        env.pop(name, None)
    env.pop("VIRTUAL_ENV", None)
    files = {name: runner.temp / name.lower() for name in ("GITHUB_PATH", "GITHUB_ENV")}
    for name, path in files.items():
        path.touch()
        env[name] = str(path)
    return {
        **env,
        "PATH": os.pathsep.join([*runner.path, str(python), *system]),
        "GITHUB_ACTIONS": "true",
        "GITHUB_WORKSPACE": str(workspace),
        "GITHUB_ACTION_PATH": str(ROOT),
        "GITHUB_STEP_SUMMARY": str(workspace.parent / "step-summary.md"),
        "RUNNER_TEMP": str(runner.temp),
    }


def run_step(step: dict[str, Any], runner: Runner, workspace: Path, inputs: dict[str, str]) -> Step:
    env = environment(runner, workspace)
    env.update({k: expand(str(v), inputs) for k, v in (step.get("env") or {}).items()})
    assert step.get("shell") == "bash", f"{step['name']}: a composite run step names its shell"
    script = runner.temp / "step.sh"
    script.write_text(expand(step["run"], inputs), encoding="utf-8")
    proc = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
        cwd=workspace,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    # GitHub prepends what a step appended to GITHUB_PATH for the steps after it
    added = Path(env["GITHUB_PATH"]).read_text(encoding="utf-8").split()
    runner.path[:0] = [p for p in reversed(added) if p not in runner.path]
    return Step(step["name"], proc.returncode, proc.stdout, proc.stderr)


def run_action(runner: Runner, workspace: Path, **given: str) -> dict[str, Step]:
    """Every step after the install (done once by the fixture), as GitHub would run them."""
    declared = ACTION["inputs"]
    inputs = {name: str(spec.get("default", "")) for name, spec in declared.items()}
    for name, text in given.items():
        name = name.replace("_", "-")
        assert name in declared, f"no input {name}"
        inputs[name] = text
    done: dict[str, Step] = {}
    failed = False
    for step in STEPS:
        if step["name"] == INSTALL:
            continue
        if not condition(step.get("if"), inputs, failed):
            done[step["name"]] = Step(step["name"], None)
        elif "uses" in step:
            with_ = {k: expand(str(v), inputs) for k, v in (step.get("with") or {}).items()}
            done[step["name"]] = Step(step["name"], None, uses=step["uses"], with_=with_)
        else:
            done[step["name"]] = result = run_step(step, runner, workspace, inputs)
            failed = failed or result.returncode != 0
    return done


def annotated(text: str) -> set[tuple[str, str, int, str]]:
    return {
        (m["level"], m["file"], int(m["line"]), m["code"])
        for line in text.splitlines()
        if (m := ANNOTATION.match(line))
    }


@pytest.fixture(scope="module")
def runner(tmp_path_factory: pytest.TempPathFactory) -> Runner:
    """The install step as written: jmap from this checkout into a venv of the runner's."""
    runner = Runner(tmp_path_factory.mktemp("runner"))
    workspace = tmp_path_factory.mktemp("install-workspace")
    inputs = {name: str(spec.get("default", "")) for name, spec in ACTION["inputs"].items()}
    (install,) = (step for step in STEPS if step["name"] == INSTALL)
    done = run_step(install, runner, workspace, inputs)
    offline = re.search(
        r"NewConnectionError|Temporary failure in name resolution|Network is unreachable"
        r"|No matching distribution found",
        done.stderr,
    )
    if done.returncode != 0 and offline and os.environ.get("CI") != "true":
        pytest.skip(f"pip cannot reach the package index: {done.stderr.strip()[-300:]}")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip().endswith(f"jmap {__import__('journeymap_cli').__version__}")
    assert runner.path == [str(runner.temp / "jmap-venv" / "bin")]
    return runner


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A repository checkout: the bundled examples under maps/, the report maps under drafts/."""
    root = tmp_path / "workspace"
    shutil.copytree(EXAMPLES, root / "maps")
    shutil.copytree(ROOT / "tests" / "data" / "reports", root / "drafts")
    return root


def test_clean_maps_pass_and_the_sarif_is_valid(runner: Runner, workspace: Path) -> None:
    done = run_action(runner, workspace, paths="maps", sarif="true")
    lint, sarif_step, upload, score = (
        done[name]
        for name in (
            "Validate and lint",
            "SARIF for code scanning",
            "Upload SARIF",
            "Scores and gates",
        )
    )
    assert [lint.returncode, sarif_step.returncode, score.returncode] == [0, 0, 0], lint.stderr
    assert not annotated(lint.stdout)
    assert "files checked, no problems" in lint.stdout
    # the upload step gets the file the SARIF step wrote
    assert upload.uses.startswith("github/codeql-action/upload-sarif@")
    assert upload.with_ == {"sarif_file": "jmap.sarif", "category": "jmap"}
    log = sarif(workspace / "jmap.sarif")
    assert log["runs"][0]["results"] == []
    summary = (workspace.parent / "step-summary.md").read_text(encoding="utf-8")
    assert "| Buying a family car at Northgate Motors |" in summary


def sarif(path: Path) -> dict[str, Any]:
    """A SARIF 2.1.0 log as code scanning's upload reads it (rules, results, locations)."""
    log: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    assert log["version"] == "2.1.0"
    assert re.search(r"sarif[-\w]*2\.1\.0\.json$", log["$schema"])
    (run,) = log["runs"]
    assert run["tool"]["driver"]["name"] == "jmap"
    rules = run["tool"]["driver"]["rules"]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] in ("error", "warning", "note") and result["message"]["text"]
        location = result["locations"][0]["physicalLocation"]
        assert not location["artifactLocation"]["uri"].startswith("/")
        assert location["region"]["startLine"] >= 1
    return log


def test_problems_become_annotations_on_their_lines(runner: Runner, workspace: Path) -> None:
    done = run_action(runner, workspace, paths="maps drafts", sarif="true", ignore="JM105")
    lint = done["Validate and lint"]
    assert lint.returncode == 1
    found = annotated(lint.stdout)
    assert {
        ("error", "drafts/broken syntax.jmap.yaml", 5, "JM001"),
        ("error", "drafts/schema.jmap.yaml", 5, "JM002"),
        ("error", "drafts/schema.jmap.yaml", 12, "JM008"),
        ("warning", "drafts/good.jmap.yaml", 6, "JM101"),
    } <= found
    assert not any(code == "JM105" for *_, code in found)  # the ignore input
    assert not any(file.startswith("maps/") for _, file, *_ in found)
    # a failed lint still leaves its SARIF and the scores (if: !cancelled())
    assert done["SARIF for code scanning"].returncode == 0
    results = sarif(workspace / "jmap.sarif")["runs"][0]["results"]
    located = {
        (
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
            r["ruleId"],
        )
        for r in results
    }
    assert ("drafts/schema.jmap.yaml", 5, "JM002") in located
    assert ("drafts/broken%20syntax.jmap.yaml", 5, "JM001") in located
    assert done["Upload SARIF"].uses
    assert done["Scores and gates"].returncode == 1  # the drafts do not validate


def test_lint_settings_reach_jmap(runner: Runner, workspace: Path) -> None:
    only_errors = run_action(runner, workspace, paths="drafts", fail_on="error", score="false")
    found = annotated(only_errors["Validate and lint"].stdout)
    assert ("warning", "drafts/good.jmap.yaml", 6, "JM101") in found
    assert only_errors["Scores and gates"].returncode is None
    (workspace / "drafts" / "broken syntax.jmap.yaml").unlink()
    (workspace / "drafts" / "schema.jmap.yaml").unlink()
    # warnings alone do not fail with fail-on: error
    warnings_only = run_action(runner, workspace, paths="drafts", fail_on="error", score="false")
    assert warnings_only["Validate and lint"].returncode == 0
    selected = run_action(runner, workspace, paths="drafts", select="JM107", score="false")
    assert {code for *_, code in annotated(selected["Validate and lint"].stdout)} == {"JM107"}
    validate_only = run_action(runner, workspace, paths="drafts", lint="false", score="false")
    assert validate_only["Validate and lint"].returncode == 0
    assert "1 file checked, no problems" in validate_only["Validate and lint"].stdout
    # SARIF off by default: neither the file nor the upload
    assert validate_only["Upload SARIF"].uses == ""
    assert not (workspace / "jmap.sarif").exists()


def test_score_gates_fail_with_annotations_on_the_maps(runner: Runner, workspace: Path) -> None:
    (workspace / "jmap.toml").write_text("[score.fail-under]\ncompleteness = 99\n")
    done = run_action(
        runner, workspace, paths="maps", fail_under="experience=50\nevidence=60", fail_over="gap=50"
    )
    score = done["Scores and gates"]
    assert done["Validate and lint"].returncode == 0
    assert score.returncode == 1
    gate = re.compile(r"^::error file=(?P<file>[^,]+),title=jmap score gate::(?P<msg>.+)$", re.M)
    breaches = {(m["file"], m["msg"]) for m in gate.finditer(score.stderr)}
    assert breaches == {
        (
            "maps/car-service-recovery.jmap.yaml",
            "experience 38.9 is under 50 (--fail-under experience=50)",
        ),
        ("maps/car-service-recovery.jmap.yaml", "gap 51.9 is over 50 (--fail-over gap=50)"),
        (
            "maps/saas-onboarding.jmap.yaml",
            "experience 49.6 is under 50 (--fail-under experience=50)",
        ),
        ("maps/saas-onboarding.jmap.yaml", "evidence 54.5 is under 60 (--fail-under evidence=60)"),
        # the Purchase stage of car-purchase, step by step: the journey's worst stage
        (
            "maps/car-purchase-signing.jmap.yaml",
            "experience 28.6 is under 50 (--fail-under experience=50)",
        ),
        ("maps/car-purchase-signing.jmap.yaml", "gap 56.4 is over 50 (--fail-over gap=50)"),
        # the configuration's gate too, worded like the others
        (
            "maps/saas-onboarding.jmap.yaml",
            "completeness 96.9 is under 99 (--fail-under completeness=99)",
        ),
    }
    # the table is written to the summary page whatever the gates say
    assert "Experience" in (workspace.parent / "step-summary.md").read_text(encoding="utf-8")


def test_inputs_cannot_inject_shell(runner: Runner, workspace: Path) -> None:
    planted = workspace / "pwned"
    hostile = f"maps $(touch {planted}) `touch {planted}`; touch {planted} #"
    done = run_action(runner, workspace, paths=hostile, ignore=f"'; touch {planted}; '")
    assert not planted.exists()
    lint, score = done["Validate and lint"], done["Scores and gates"]
    # each input reached jmap as data, and jmap named it (exit 2)
    assert lint.returncode == 2
    assert f"unknown rule \"'; touch {planted}; '\"" in lint.stderr
    assert score.returncode == 2
    assert "$(touch" in score.stderr


def test_every_input_is_used_and_described() -> None:
    text = (ROOT / "action.yml").read_text(encoding="utf-8")
    used = set(re.findall(r"inputs\.([\w-]+)", text))
    assert used == set(ACTION["inputs"])
    for name, spec in ACTION["inputs"].items():
        assert spec["description"], name
    assert ACTION["runs"]["using"] == "composite"
    for step in STEPS:
        if "run" in step:  # inputs reach scripts through env:, never pasted into the text
            assert "inputs." not in step["run"], step["name"]


def test_action_matches_githubs_schema() -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--builtin-schema",
            "vendor.github-actions",
            str(ROOT / "action.yml"),
        ],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_docs_lead_with_the_action_and_list_every_input() -> None:
    doc = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    assert doc.index("## The jmap GitHub Action") < doc.index("## Recipes")
    rows = {
        name: default.strip().strip("`")
        for name, default in re.findall(r"^\| `([\w-]+)` \|([^|]*)\|", doc, re.M)
    }
    defaults = {name: str(spec.get("default", "")) for name, spec in ACTION["inputs"].items()}
    assert rows == defaults
    usage = YAML(typ="safe").load(re.findall(r"```yaml\n(.*?)```", doc, re.S)[0])
    (step,) = [s for s in usage["jobs"]["maps"]["steps"] if "jmap@" in s.get("uses", "")]
    assert set(step["with"]) <= set(ACTION["inputs"])

"""The package as users get it: the installed command, the wheel and its data files."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from helpers import ROOT, run_jmap
from journeymap_cli import __version__

BIN = Path(sys.executable).parent


def test_version() -> None:
    result = run_jmap("--version")
    assert (result.exit_code, result.stdout) == (0, f"jmap {__version__}\n")


def test_help_lists_the_commands() -> None:
    result = run_jmap("--help")
    assert result.exit_code == 0
    for command in ("validate", "schema", "new"):
        assert command in result.stdout


def test_no_arguments_shows_help() -> None:
    result = run_jmap()
    assert result.exit_code == 2
    assert "Usage: jmap" in result.stdout + result.stderr


def test_unknown_option_is_a_usage_error() -> None:
    result = run_jmap("validate", "--bogus")
    assert result.exit_code == 2
    assert "No such option" in result.stderr


def test_shell_completion_from_the_installed_command() -> None:
    proc = subprocess.run(
        [str(BIN / "jmap"), "--show-completion", "bash"], capture_output=True, text=True
    )
    assert proc.returncode == 0
    assert "_jmap_completion" in proc.stdout


def test_c_accelerated_yaml_is_present() -> None:
    # Without ruamel.yaml.clib the loader silently falls back to pure Python, 8x slower.
    from ruamel.yaml.main import CParser

    assert CParser is not None


def test_python_dash_m() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "journeymap_cli", "--version"], capture_output=True, text=True
    )
    assert proc.stdout == f"jmap {__version__}\n"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("*.whl")
    return built


def test_wheel_ships_templates_and_schemas(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for path in (
        "journeymap_cli/templates/starter.jmap.yaml",
        "journeymap_cli/schema/jmap.schema.json",
        "journeymap_cli/schema/jmap-persona.schema.json",
        "journeymap_cli/cli/app.py",
    ):
        assert path in names
    assert not any(name.startswith(("tests/", "examples/")) for name in names)


def test_non_editable_install_finds_its_data(wheel: Path, tmp_path: Path) -> None:
    # Install the wheel alone into a folder (dependencies come from this environment) and
    # run jmap from there, away from the checkout: `new` reads the packaged template.
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--quiet",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    work = tmp_path / "work"
    work.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target)}
    code = "import journeymap_cli.resources as r; print(r.data_dir('templates'))"
    where = subprocess.run(
        [sys.executable, "-c", code], cwd=work, env=env, capture_output=True, text=True
    )
    assert where.stdout.strip() == str(target / "journeymap_cli" / "templates")
    for args in (["new", "m.jmap.yaml"], ["validate", "m.jmap.yaml"]):
        proc = subprocess.run(
            [sys.executable, "-m", "journeymap_cli", *args],
            cwd=work,
            env=env,
            capture_output=True,
            text=True,
        )
        assert proc.returncode == 0, proc.stdout + proc.stderr


def test_readme_set_up_commands_and_format_example(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "pip install . && jmap render examples/car-purchase.jmap.yaml" in readme
    assert "pip install -e '.[test]' && pytest" in readme
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip install -e '.[test]' && pytest" in ci  # CI runs the README's command
    block = readme.split("```yaml\n", 1)[1].split("```", 1)[0]
    example = block.replace(
        "persona: personas/sarah.persona.yaml", "persona: {name: Sarah, goals: [A safe car]}"
    )
    (tmp_path / "readme.jmap.yaml").write_text(example, encoding="utf-8")
    result = run_jmap("validate", str(tmp_path / "readme.jmap.yaml"))
    assert result.exit_code == 0, result.stdout

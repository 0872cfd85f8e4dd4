"""The package as users get it: the sdist and wheel, installed alone into a fresh venv."""

from __future__ import annotations

import importlib.metadata
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from helpers import ROOT, run_jmap
from journeymap_cli import __version__
from serving import Served

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
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`python -m build`: the sdist, then the wheel built from that sdist, as PyPI gets them."""
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return out


@pytest.fixture(scope="module")
def wheel(dist: Path) -> Path:
    (built,) = dist.glob("*.whl")
    return built


def test_wheel_ships_templates_and_schemas(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder in ("templates", "schema"):  # every packaged data file, whatever is added later
        for data in (ROOT / folder).rglob("*"):
            if data.is_file():
                assert f"journeymap_cli/{data.relative_to(ROOT)}" in names, data
    for name in (
        "journeymap_cli/cli/app.py",
        f"journeymap_cli-{__version__}.dist-info/licenses/LICENSE",
    ):
        assert name in names
    assert not any(name.startswith(("tests/", "examples/", "docs/")) for name in names)


def test_metadata_names_version_licence_and_tested_python(wheel: Path) -> None:
    import trove_classifiers
    from packaging.metadata import Metadata

    with zipfile.ZipFile(wheel) as archive:
        raw = archive.read(f"journeymap_cli-{__version__}.dist-info/METADATA")
    meta = Metadata.from_email(raw, validate=True)
    assert str(meta.version) == __version__
    assert (meta.license_expression, meta.license_files) == ("MIT", ["LICENSE"])
    assert meta.classifiers is not None
    assert set(meta.classifiers) <= trove_classifiers.classifiers
    assert not set(meta.classifiers) & trove_classifiers.deprecated_classifiers.keys()
    # the Python versions named are those the suite runs on (.ci/run: python3.11)
    tested = f"Programming Language :: Python :: {sys.version_info.major}.{sys.version_info.minor}"
    versions = {
        c for c in meta.classifiers if re.fullmatch(r"Programming Language :: Python :: 3\.\d+", c)
    }
    assert versions == {tested}
    for prefix in ("Development Status ::", "Environment ::", "Topic ::"):
        assert any(c.startswith(prefix) for c in meta.classifiers), prefix


def test_sdist_holds_what_the_wheel_and_the_tests_are_built_from(dist: Path) -> None:
    (sdist,) = dist.glob("*.tar.gz")
    top = f"journeymap_cli-{__version__}"
    with tarfile.open(sdist) as archive:
        names = set(archive.getnames())
    for path in (
        "LICENSE",
        "CHANGELOG.md",
        "README.md",
        "pyproject.toml",
        "mkdocs.yml",
        "action.yml",
        "templates/starter.jmap.yaml",
        "schema/jmap.schema.json",
        "src/journeymap_cli/__init__.py",
        "examples/car-purchase.jmap.yaml",
        "tests/test_package.py",
        "docs/index.md",
    ):
        assert f"{top}/{path}" in names, path


def test_the_version_is_declared_once() -> None:
    # hatch reads it from __init__.py; no other source file, template or schema repeats it
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'dynamic = ["version"]' in pyproject
    assert 'path = "src/journeymap_cli/__init__.py"' in pyproject
    init = ROOT / "src" / "journeymap_cli" / "__init__.py"
    for folder in ("src", "templates", "schema"):
        for path in (ROOT / folder).rglob("*"):
            if path.is_file() and path != init and path.suffix != ".pyc":
                assert __version__ not in path.read_text(encoding="utf-8", errors="replace"), path


# Where the documentation quotes jmap's version (sample output, the pre-commit `rev:`, the
# action's `@v`): the current one. docs/performance.md records the version it measured, and
# CHANGELOG.md every version, so they are not read.
QUOTED_VERSION = re.compile(
    r'(?:\bjmap |"name": "jmap", "version": "|\brev: v|/jmap@v)(\d+\.\d+\.\d+)'
)


def test_docs_quote_the_current_version() -> None:
    texts = [
        ROOT / "README.md",
        ROOT / ".pre-commit-hooks.yaml",
        *sorted((ROOT / "docs").glob("*.md")),
    ]
    quoted = []
    for path in texts:
        if path.name != "performance.md":
            text = path.read_text(encoding="utf-8")
            quoted += [(path.name, v) for v in QUOTED_VERSION.findall(text)]
    assert len(quoted) >= 4
    assert [q for q in quoted if q[1] != __version__] == []


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv holding the wheel and its dependencies, nothing from this checkout.

    The dependencies are the versions this suite runs with, fetched as wheels (pip's cache
    serves them when it has them), then installed with --no-index from that folder alone.
    """
    root = tmp_path_factory.mktemp("installed")
    pins = root / "pins.txt"
    pins.write_text(
        "".join(
            f"{d.metadata['Name']}=={d.version}\n"
            for d in importlib.metadata.distributions()
            if d.metadata["Name"] != "journeymap-cli"
        )
    )
    wheels = root / "wheels"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check"]
    got = subprocess.run(
        [*pip, "download", "--quiet", "--dest", str(wheels), "--constraint", str(pins), str(wheel)],
        capture_output=True,
        text=True,
    )
    if got.returncode != 0 and os.environ.get("CI") != "true":
        pytest.skip(f"pip cannot fetch the dependencies' wheels (offline?): {got.stderr[-300:]}")
    assert got.returncode == 0, got.stderr
    env = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env)], check=True)
    subprocess.run(
        [
            *pip,
            "--python",
            str(env / "bin" / "python"),
            "install",
            "--quiet",
            "--no-compile",  # bytecode of every dependency is not under test; imports write it
            "--no-index",
            "--find-links",
            str(wheels),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    return env


# Run as a user runs it: no PYTHONPATH, no debug switch, and bytecode written on first
# import (the wheel is installed --no-compile; this machine sets PYTHONDONTWRITEBYTECODE).
USER_ENV = {
    k: v
    for k, v in os.environ.items()
    if k not in ("PYTHONPATH", "JMAP_DEBUG", "PYTHONDONTWRITEBYTECODE")
}


def installed(venv: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The venv's jmap, run in `cwd` (a folder away from the checkout)."""
    return subprocess.run(
        [str(venv / "bin" / "jmap"), *args], cwd=cwd, env=USER_ENV, capture_output=True, text=True
    )


@pytest.fixture
def away(tmp_path: Path) -> Path:
    """A working folder outside the checkout, with nothing of it beside."""
    assert not tmp_path.is_relative_to(ROOT)
    return tmp_path


def test_installed_package_is_the_wheel(venv: Path, away: Path) -> None:
    code = (
        "import journeymap_cli, journeymap_cli.resources as r\n"
        "print(journeymap_cli.__file__)\n"
        "print(r.data_dir('templates'))\n"
        "print(r.data_dir('schema'))\n"
    )
    proc = subprocess.run(
        [str(venv / "bin" / "python"), "-c", code],
        cwd=away,
        env=USER_ENV,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    package = (
        venv
        / "lib"
        / f"python{sys.version_info.major}.{sys.version_info.minor}"
        / "site-packages"
        / "journeymap_cli"
    )
    assert proc.stdout.split() == [
        str(package / "__init__.py"),
        str(package / "templates"),
        str(package / "schema"),
    ]
    assert installed(venv, away, "--version").stdout == f"jmap {__version__}\n"


def test_installed_jmap_from_new_map_to_site(venv: Path, away: Path) -> None:
    # every command whose data ships in the package: the starter, the schema, the page and
    # index templates and styles, the workbook and CSV columns
    steps: list[tuple[str, ...]] = [
        ("new", "trip.jmap.yaml", "--title", "Booking a trip"),
        ("validate", "trip.jmap.yaml"),
        ("lint", "trip.jmap.yaml"),
        ("score", "trip.jmap.yaml", "--format", "json"),
        ("render", "trip.jmap.yaml", "-o", "trip.html"),
        ("render", "trip.jmap.yaml", "-f", "md", "-o", "trip.md"),
        ("render", ".", "-o", "site"),
        ("export", "trip.jmap.yaml", "-o", "trip.xlsx"),
        ("export", "trip.jmap.yaml", "-o", "trip.csv"),
        ("import", "trip.xlsx", "-o", "from-xlsx.jmap.yaml"),
        ("import", "trip.csv", "-o", "from-csv.jmap.yaml", "--persona", "trip.jmap.yaml"),
        ("validate", "from-xlsx.jmap.yaml"),
        ("schema", "-o", "schema.json"),
        ("rules", "JM101"),
    ]
    for args in steps:
        proc = installed(venv, away, *args)
        assert proc.returncode == 0, f"jmap {' '.join(args)}: {proc.stdout}{proc.stderr}"
    assert json.loads((away / "schema.json").read_text())["$schema"].startswith(
        "https://json-schema.org/"
    )
    html = (away / "trip.html").read_text(encoding="utf-8")
    assert "<title>Booking a trip" in html and "<style>" in html
    assert (away / "trip.md").read_text(encoding="utf-8").startswith("# Booking a trip")
    assert "Booking a trip" in (away / "site" / "index.html").read_text(encoding="utf-8")
    score = json.loads(installed(venv, away, "score", "trip.jmap.yaml", "-f", "json").stdout)
    assert score["tool"] == {"name": "jmap", "version": __version__}


# The README's first command: install, then render the bundled examples where .gitignore
# keeps them out of `git status`.
SET_UP = "pip install . && jmap render examples/ -o out/"


def test_readme_set_up_renders_the_examples_and_git_ignores_them(venv: Path, away: Path) -> None:
    shutil.copytree(ROOT / "examples", away / "examples")
    jmap, *args = SET_UP.split(" && ", 1)[1].split()
    assert jmap == "jmap"
    proc = installed(venv, away, *args)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert {"car-purchase.html", "index.html"} <= {p.name for p in (away / "out").iterdir()}
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout (an unpacked sdist): nothing to keep clean")
    ignored = subprocess.run(
        ["git", "-C", str(ROOT), "check-ignore", "--no-index", "-q", "out/car-purchase.html"]
    )
    assert ignored.returncode == 0, "out/ must be in .gitignore"


def test_installed_jmap_serves_a_page(venv: Path, away: Path) -> None:
    assert (
        installed(venv, away, "new", "trip.jmap.yaml", "--title", "Booking a trip").returncode == 0
    )
    server = Served(
        away,
        ".",
        jmap=venv / "bin" / "jmap",
        env={"PYTHONPATH": "", "JMAP_DEBUG": "0", "PYTHONDONTWRITEBYTECODE": ""},
    )
    try:
        page = server.get("/trip.html")
    finally:
        assert server.stop() in (0, 130)
    assert page.status == 200
    assert "<title>Booking a trip" in page.body


def test_readme_set_up_commands_and_format_example(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"python -m venv .venv && . .venv/bin/activate\n{SET_UP}\n" in readme
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

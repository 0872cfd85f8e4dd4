"""The documentation site: it builds with --strict, every page is in the nav, the command
reference comes from the command line itself, and Getting started runs as written.

The build needs the docs extra (`pip install -e '.[docs]'`); without mkdocs that test
skips and says so, except under CI=true, where .ci/run installs it and it must run.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from ruamel.yaml import YAML

from helpers import ROOT, run_jmap
from journeymap_cli.render.chromium import find_browser

DOCS = ROOT / "docs"
HAS_MKDOCS = importlib.util.find_spec("mkdocs") is not None
if not HAS_MKDOCS and os.environ.get("CI") == "true":
    raise RuntimeError("CI=true but mkdocs is not installed: .ci/run installs '.[docs]'")


def hook() -> ModuleType:
    """docs/hooks/cli_reference.py, loaded as mkdocs loads a hook: by its path."""
    spec = importlib.util.spec_from_file_location(
        "cli_reference", DOCS / "hooks" / "cli_reference.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def nav_pages(node: object) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [page for value in node.values() for page in nav_pages(value)]
    if isinstance(node, list):
        return [page for item in node for page in nav_pages(item)]
    return []


def test_site_builds_strict(tmp_path: Path) -> None:
    if not HAS_MKDOCS:
        pytest.skip("mkdocs is not installed: pip install -e '.[docs]'")
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert proc.returncode == 0, proc.stderr
    assert "WARNING" not in proc.stderr
    reference = (tmp_path / "site" / "reference" / "index.html").read_text(encoding="utf-8")
    assert 'id="jmap-score"' in reference and "--fail-under" in reference
    assert (tmp_path / "site" / "getting-started" / "index.html").is_file()
    assert not (tmp_path / "site" / "hooks").exists()


def test_every_page_is_in_the_nav_and_nothing_else() -> None:
    config = YAML(typ="safe").load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    listed = nav_pages(config["nav"])
    assert len(listed) == len(set(listed))
    pages = {p.name for p in DOCS.glob("*.md")} | {hook().PAGE}  # the reference is generated
    assert set(listed) == pages
    assert not (DOCS / hook().PAGE).exists()  # never committed: it could drift


def test_reference_has_every_command_and_option() -> None:
    text = hook().reference()
    sections = dict(re.findall(r"^## (jmap[\w ]*)\n(.*?)(?=^## |\Z)", text, re.M | re.S))
    commands = re.findall(r"^  (\w+)  ", run_jmap("--help").stdout, re.M)
    assert len(commands) >= 12
    assert set(sections) == {"jmap"} | {f"jmap {name}" for name in commands}
    for name in commands:
        help_text = run_jmap(name, "--help").stdout
        options = set(re.findall(r"(?<![\w-])--[a-z][\w-]*", help_text))
        section = sections[f"jmap {name}"]
        assert options and all(f"{o}" in section for o in options), name
        summary = run_jmap("--help").stdout.split(f"  {name}  ", 1)[1].split("\n")[0].strip()
        assert summary.split(";")[0] in section


# Getting started says every command runs as written: its ```sh blocks run here in order,
# in an empty folder, with the jmap of this environment. Set-up lines (a venv, pip) are
# left out; `# exits N` says the exit code a command must have; `# needs Chromium` runs
# where a browser is found.
CHROMIUM = find_browser()


def runnable(block: str) -> str:
    lines = []
    for line in block.splitlines():
        if re.match(r"(python -m venv|pip install)\b", line):
            continue
        if line.endswith("# needs Chromium") and CHROMIUM is None:
            continue
        expected = re.match(r"(.*?)\s+# exits (\d+)$", line)
        if expected:
            line = f"{expected[1]} && exit 99 || [ $? -eq {expected[2]} ]"
        lines.append(line)
    return "\n".join(lines) + "\n"


def test_getting_started_runs_as_written(tmp_path: Path) -> None:
    page = (DOCS / "getting-started.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)```", page, re.S)
    assert len(blocks) >= 8
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "JMAP_DEBUG")}
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env["PATH"]])
    for block in blocks:
        proc = subprocess.run(
            ["bash", "-e", "-c", runnable(block)],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
        )
        assert proc.returncode == 0, f"{block}\n{proc.stdout}{proc.stderr}"
    assert (tmp_path / "out" / "account.html").is_file()
    assert (tmp_path / "out" / "md" / "account.md").is_file()
    assert "Using the account" in (tmp_path / "maps" / "account.jmap.yaml").read_text()
    # what the page shows of the typo is what jmap prints
    (tmp_path / "typo.jmap.yaml").write_text(
        (tmp_path / "maps" / "account.jmap.yaml")
        .read_text()
        .replace("channel: Phone", "channel: Phnoe")
    )
    shown = re.search(r"error: (JM008 channel 'Phnoe'.*)", page)
    assert (
        shown
        and shown[1]
        in subprocess.run(
            ["jmap", "validate", "typo.jmap.yaml"],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
        ).stdout
    )


def test_docs_link_only_to_docs_pages() -> None:
    # relative links stay inside docs/ so they work both on GitHub and on the site
    for page in DOCS.glob("*.md"):
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", page.read_text(encoding="utf-8")):
            if not re.match(r"[a-z]+:", target):
                assert (DOCS / target).is_file() or target == hook().PAGE, f"{page.name}: {target}"

"""A template's error is the run's, never a map's: `template error: FILE:LINE: ...`, exit 2,
nothing written (not a page, not the index, not the output folder), with JMAP_DEBUG=0 as a
user runs jmap and with JMAP_DEBUG=1 as the suite does.

Before, outside JMAP_DEBUG, `{{ 1/0 }}` was "JM901 this file could not be checked" (exit
1) on every map, `{% include "/etc/passwd" %}` was "JM900 cannot read: /etc/passwd", a
folder's missing include was "cannot write: nope.j2", and a folder whose pages failed
still got its index.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import VALID, run_jmap

JMAP = Path(sys.executable).parent / "jmap"
DEBUG = pytest.mark.parametrize("debug", ["0", "1"])
SECOND_FAILS = "{{ page.map.title }}{% if page.map.id == 'm2' %}{{ [].pop() }}{% endif %}"


def _jmap(cwd: Path, debug: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(JMAP), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "JMAP_DEBUG": debug, "NO_COLOR": "1"},
        timeout=120,
    )


def _project(root: Path, templates: dict[str, str], maps: int = 1) -> Path:
    """A project of `maps` maps (m1, m2, ... of one journey) and a template folder `tpl`."""
    root.mkdir(exist_ok=True)
    (root / "jmap.toml").write_text("")
    (root / "maps").mkdir()
    for n in range(1, maps + 1):
        text = VALID.replace("title: Buying", f"id: m{n}\njourney: car\ntitle: Buying {n}")
        (root / "maps" / f"m{n}.jmap.yaml").write_text(text)
    (root / "tpl").mkdir()
    for name, text in templates.items():
        (root / "tpl" / name).write_text(text)
    return root


def _files(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under `folder` (but the template folder): its bytes and modification time."""
    return {
        str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "tpl" not in p.parts
    }


@DEBUG
@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("<p>{{ 1/0 }}</p>", "tpl/map.html.j2:1: ZeroDivisionError: division by zero"),
        ('\n{% include "/etc/passwd" %}', "tpl/map.html.j2:2: no such template: /etc/passwd"),
        ('{% include "nope.j2" %}', "tpl/map.html.j2:1: no such template: nope.j2"),
        ("{{ page.nope }}", "tpl/map.html.j2:1: 'dict object' has no attribute 'nope'"),
    ],
    ids=["division", "include-etc-passwd", "include-missing", "undefined"],
)
def test_one_map(tmp_path: Path, debug: str, template: str, expected: str) -> None:
    project = _project(tmp_path, {"map.html.j2": template})
    before = _files(project)
    for output in (["-o", "page.html"], ["-o", "-"], []):
        done = _jmap(project, debug, "render", "maps/m1.jmap.yaml", "--template", "tpl", *output)
        assert (done.returncode, done.stdout) == (2, ""), done.stderr
        assert done.stderr == f"jmap: error: template error: {expected}\n"
        assert _files(project) == before


@DEBUG
@pytest.mark.parametrize(
    ("templates", "fmt", "expected"),
    [
        ({"map.html.j2": '{% include "nope.j2" %}'}, "html", "map.html.j2:1: no such template"),
        ({"map.md.j2": "# {{ page.map.title }}\n{{ 1/0 }}"}, "md", "map.md.j2:2: ZeroDivision"),
        # only the second map's page fails: the first, rendered already, is not written
        (
            {"map.md.j2": SECOND_FAILS},
            "md",
            "map.md.j2:1: IndexError: pop from empty list",
        ),
        ({"index.html.j2": "{{ site.nope }}"}, "html", "index.html.j2:1: 'dict object' has no"),
        ({"index.md.j2": "{{ 1/0 }}"}, "md", "index.md.j2:1: ZeroDivisionError"),
        ({"journey.html.j2": "\n\n{{ 1/0 }}"}, "html", "journey.html.j2:3: ZeroDivisionError"),
    ],
    ids=["html-page", "md-page", "second-page", "html-index", "md-index", "journey-page"],
)
def test_a_folder(
    tmp_path: Path, debug: str, templates: dict[str, str], fmt: str, expected: str
) -> None:
    project = _project(tmp_path, templates, maps=2)
    before = _files(project)
    done = _jmap(project, debug, "render", "maps", "-f", fmt, "-o", "site", "--template", "tpl")
    assert (done.returncode, done.stdout) == (2, ""), done.stderr
    assert done.stderr.startswith(f"jmap: error: template error: tpl/{expected}")
    assert "Traceback" not in done.stderr and "JM90" not in done.stderr
    assert not (project / "site").exists()  # not even the folder
    assert _files(project) == before
    # a folder rendered before keeps every file as it was: bytes and modification time
    assert (
        run_jmap("render", str(project / "maps"), "-f", fmt, "-o", str(project / "old")).exit_code
        == 0
    )
    kept = _files(project)
    again = _jmap(project, debug, "render", "maps", "-f", fmt, "-o", "old", "--template", "tpl")
    assert again.returncode == 2 and again.stderr == done.stderr
    assert _files(project) == kept


def test_a_folder_over_every_core(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Above the parallel threshold the pages render in worker processes: the one that
    fails (a single map of 210) still stops the run before anything is written."""
    project = _project(
        tmp_path, {"map.md.j2": "{% if page.map.id == 'm150' %}{{ 1/0 }}{% endif %}"}, maps=210
    )
    monkeypatch.chdir(project)
    monkeypatch.setenv("JMAP_JOBS", "2")
    result = run_jmap("render", "maps", "-f", "md", "-o", "site", "--template", "tpl")
    assert result.exit_code == 2
    assert result.stderr.startswith("jmap: error: template error: tpl/map.md.j2:1: ZeroDivision")
    assert not (project / "site").exists()
    (project / "tpl/map.md.j2").write_text("{{ page.map.title }}\n")
    done = run_jmap("render", "maps", "-f", "md", "-o", "site", "--template", "tpl")
    assert done.exit_code == 0, done.stderr
    assert len(list((project / "site").iterdir())) == 211  # 210 pages and the README


@DEBUG
def test_a_page_for_print(tmp_path: Path, debug: str) -> None:
    """PDF and PNG pages are HTML first: the template fails before the browser starts (a
    stand-in that would leave a mark)."""
    browser = tmp_path / "browser.sh"
    browser.write_text(f"#!/bin/sh\ntouch '{tmp_path / 'started'}'\n")
    browser.chmod(0o755)
    project = _project(tmp_path / "p", {"map.html.j2": "{{ 1/0 }}"})
    before = _files(project)
    for args in (["maps/m1.jmap.yaml", "-o", "m.pdf"], ["maps", "-o", "site"]):
        done = _jmap(
            project,
            debug,
            "render",
            *args,
            "-f",
            "pdf",
            "--template",
            "tpl",
            "--browser",
            str(browser),
        )
        assert done.returncode == 2, done.stderr
        assert done.stderr.startswith("jmap: error: template error: tpl/map.html.j2:1: ")
        assert _files(project) == before
    assert not (tmp_path / "started").exists()

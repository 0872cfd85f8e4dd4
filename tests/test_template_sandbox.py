"""User templates (`--template DIR`) run sandboxed and read nothing outside their folder.

Through the installed `jmap` command: a template from a shared folder must not run a
command (marker file) or print a file it links to; each is a clean `template error`,
exit code 2, no traceback, no page written.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from helpers import VALID, run_jmap

JMAP = shutil.which("jmap")
pytestmark = pytest.mark.skipif(JMAP is None, reason="the jmap command is not installed")


def _render(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert JMAP is not None
    return subprocess.run(
        [JMAP, "render", "m.jmap.yaml", "--template", "tpl", *args],
        cwd=folder,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "jmap.toml").write_text("")
    (tmp_path / "m.jmap.yaml").write_text(VALID, encoding="utf-8")
    (tmp_path / "tpl").mkdir()
    return tmp_path


@pytest.mark.parametrize(
    "payload",
    [
        "{{ cycler.__init__.__globals__.os.popen('touch MARKER').read() }}",
        "{{ joiner.__init__.__globals__.os.system('touch MARKER') }}",
        "{{ namespace.__init__.__globals__['os'].popen('touch MARKER').read() }}",
        "{{ lipsum.__globals__['os'].popen('touch MARKER').read() }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ page.__class__.__init__.__globals__ }}",
        "{{ mermaid_score.__globals__['os'].system('touch MARKER') }}",
    ],
    ids=["cycler", "joiner", "namespace", "lipsum", "subclasses", "dict-class", "our-global"],
)
def test_a_template_cannot_run_code(
    project: Path, payload: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    (project / "tpl" / "map.html.j2").write_text(f"<p>{payload}</p>\n")
    if "cycler" in payload:  # the case, as a user runs it
        proc = _render(project, "-o", "out.html")
        code, stdout, stderr = proc.returncode, proc.stdout, proc.stderr
    else:  # the others in-process (each whole process costs a second)
        monkeypatch.chdir(project)
        result = run_jmap("render", "m.jmap.yaml", "--template", "tpl", "-o", "out.html")
        code, stdout, stderr = result.exit_code, result.stdout, result.stderr
    assert code == 2, stdout + stderr
    assert stderr.startswith("jmap: error: template error: tpl/map.html.j2:1: ")
    assert "unsafe" in stderr or "access to attribute" in stderr, stderr
    assert "Traceback" not in stderr
    assert not (project / "MARKER").exists()
    assert not (project / "out.html").exists()


def test_a_symlink_out_of_the_template_folder_is_refused(project: Path) -> None:
    secret = project / "secret.txt"
    secret.write_text("TOP SECRET key material\n")
    (project / "tpl" / "journey.mmd.j2").symlink_to(secret)
    result = _render(project, "-f", "mermaid", "-o", "-")
    assert result.returncode == 2
    assert "resolves outside the template folder" in result.stderr
    assert "TOP SECRET" not in result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def test_an_include_through_a_linked_folder_is_refused(project: Path) -> None:
    outside = project / "elsewhere"
    outside.mkdir()
    (outside / "part.j2").write_text("TOP SECRET\n")
    (project / "tpl" / "linked").symlink_to(outside, target_is_directory=True)
    (project / "tpl" / "journey.mmd.j2").write_text('{% include "linked/part.j2" %}\n')
    result = _render(project, "-f", "mermaid", "-o", "-")
    assert result.returncode == 2
    assert "resolves outside the template folder" in result.stderr
    assert "TOP SECRET" not in result.stdout


def test_a_symlink_inside_the_folder_and_a_linked_folder_still_work(project: Path) -> None:
    (project / "tpl" / "mine.mmd.j2").write_text("custom {{ page.map.title | mermaid }}\n")
    (project / "tpl" / "journey.mmd.j2").symlink_to("mine.mmd.j2")
    (project / "link").symlink_to(project / "tpl", target_is_directory=True)
    assert JMAP is not None
    result = subprocess.run(
        [JMAP, "render", "m.jmap.yaml", "--template", "link", "-f", "mermaid", "-o", "-"],
        cwd=project,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "custom Buying a family car\n"


def test_templates_can_still_build_lists(project: Path) -> None:
    """The sandbox is not the immutable one: the packaged Markdown appends to lists."""
    (project / "tpl" / "journey.mmd.j2").write_text(
        "{% set xs = [] %}{% for s in page.stages %}{% set _ = xs.append(s.name) %}"
        "{% endfor %}{{ xs | join(', ') }}\n"
    )
    result = _render(project, "-f", "mermaid", "-o", "-")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "Discovery, Purchase\n"

"""The command line explains itself: severity in words, choices named, help in words."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import CLEAN, VALID, run_jmap

BIN = Path(sys.executable).parent


def _installed(
    name: str, *args: str, cwd: Path, columns: int = 80
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": str(columns), "NO_COLOR": "1"}
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run(
        [str(BIN / name), *args], capture_output=True, text=True, cwd=cwd, env=env
    )


def test_journeymap_is_the_same_command_as_jmap(workdir: Path) -> None:
    (workdir / "m.jmap.yaml").write_text(VALID.replace("emotion: 4", "emotion: 9"))
    for args in (["lint", "m.jmap.yaml"], ["lint", "--format", "json", "m.jmap.yaml"]):
        jmap = _installed("jmap", *args, cwd=workdir)
        journeymap = _installed("journeymap", *args, cwd=workdir)
        assert (jmap.returncode, jmap.stdout, jmap.stderr) == (
            journeymap.returncode,
            journeymap.stdout,
            journeymap.stderr,
        )
        assert jmap.returncode == 1 and "off the scale" in jmap.stdout
    help_text = _installed("journeymap", "--help", cwd=workdir).stdout
    assert help_text.startswith("Usage: journeymap [OPTIONS] COMMAND [ARGS]...")


def test_text_names_the_severity_in_words(workdir: Path) -> None:
    # an error (off the scale) in one map; a warning (JM102: no owner) and an info (JM202:
    # the team that owned it now owns nothing) in another
    (workdir / "bad.jmap.yaml").write_text(VALID.replace("emotion: 4", "emotion: 9"))
    (workdir / "lint.jmap.yaml").write_text(CLEAN.replace("        owner: Front office\n", ""))
    result = run_jmap("lint", "--format", "text", ".")
    lines = result.stdout.splitlines()
    assert "bad.jmap.yaml:12:14: error: JM002 emotion 9 is off the scale 1-5" in lines
    assert any(re.match(r"lint\.jmap\.yaml:\d+:\d+: warning: JM102 ", x) for x in lines)
    assert any(re.match(r"lint\.jmap\.yaml:\d+:\d+: info: JM202 ", x) for x in lines)
    # "info" as the rules say it, never "notes"
    assert lines[-1] == "2 files checked, 1 error, 1 warning, 1 info in 2 files"


def test_summary_counts_info_without_a_plural() -> None:
    from journeymap_cli.report import Report
    from journeymap_cli.report.diagnostics import Diagnostic, Severity

    infos = [Diagnostic("a.jmap.yaml", n, 1, "JM404", "crowded", Severity.INFO) for n in (1, 2)]
    warnings = [Diagnostic("a.jmap.yaml", 3, 1, "JM102", "no owner", Severity.WARNING)] * 2
    report = Report("lint", ["a.jmap.yaml"], infos + warnings)
    assert report.summary() == "1 file checked, 2 warnings, 2 info in 1 file"


def test_a_missing_path_prints_only_the_error(workdir: Path) -> None:
    for command in ("validate", "lint"):
        plain = _installed("jmap", command, "nothere.yaml", cwd=workdir)  # the fast path
        typer = run_jmap(command, "--format", "text", "nothere.yaml")
        for code, out, err in (
            (plain.returncode, plain.stdout, plain.stderr),
            (typer.exit_code, typer.stdout, typer.stderr),
        ):
            assert code == 2
            assert out == ""
            assert err == "jmap: error: nothere.yaml: no such file or folder\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["validate", "--format", "pdf"],
            "unknown format 'pdf' (choose from: text, json, github, sarif)",
        ),
        (["lint", "-f", "pdf"], "unknown format 'pdf' (choose from: text, json, github, sarif)"),
        (
            ["lint", "--fail-on", "fatal"],
            "unknown severity 'fatal' (choose from: error, warning, info)",
        ),
        (["score", "--format", "pdf"], "unknown format 'pdf' (choose from: text, json, md, csv)"),
        (["score", "--by", "team"], "unknown grouping 'team' (choose from: owner)"),
        (
            ["diff", "--format", "pdf", "a", "b"],
            "unknown format 'pdf' (choose from: text, md, json)",
        ),
        (["export", "--format", "ods", "a"], "unknown format 'ods' (choose from: csv, xlsx)"),
        (["schema", "people"], "unknown schema 'people' (choose from: map, persona)"),
    ],
)
def test_unknown_choices_are_named_with_the_choices(args: list[str], message: str) -> None:
    result = run_jmap(*args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Value error" not in result.stderr and "is not one of" not in result.stderr


def test_render_format_goes_through_the_same_wording() -> None:
    result = run_jmap("render", "--format", "docx")
    assert result.exit_code == 2
    assert re.search(r"unknown format 'docx' \(choose from: html, md, [a-z, ]+\)", result.stderr)


COMMANDS = ["validate", "schema", "new", "lint", "rules", "fmt", "score", "render", "diff"]
COMMANDS += ["export", "import", "serve"]


def test_help_reads_as_words_at_80_columns(tmp_path: Path) -> None:
    for command in COMMANDS:
        text = _installed("jmap", command, "--help", cwd=tmp_path).stdout
        # typer's placeholders: <list[str]>, <str>, <int range>, <path>, {path}
        assert not re.search(r"<[a-z\[\]| ]+>|\{\w+\}", text), (command, text)
        assert max(len(line) for line in text.splitlines()) <= 80, command
    lint = _installed("jmap", "lint", "--help", cwd=tmp_path).stdout
    assert lint.startswith("Usage: jmap lint [OPTIONS] [PATH]...\n")
    assert "--format [text|json|github|sarif]" in lint
    assert "--max-bytes BYTES" in lint and "--config PATH" in lint
    assert "--select CODES" in lint
    score = _installed("jmap", "score", "--help", cwd=tmp_path).stdout
    assert "--fail-under FIGURE=VALUE" in score


def test_top_help_shows_every_summary_uncut_at_80_columns(tmp_path: Path) -> None:
    from typer.main import get_command

    from journeymap_cli.cli.app import app

    text = _installed("jmap", "--help", cwd=tmp_path).stdout
    assert "..." not in text.split("Commands:")[1]
    flowing = " ".join(text.split("Commands:")[1].split())
    group = get_command(app)
    for name in COMMANDS:
        summary = (group.commands[name].help or "").split("\n\n")[0]  # type: ignore[attr-defined]
        assert f"{name} {' '.join(summary.split())}" in flowing, name


def test_rules_renders_markdown_on_a_terminal_and_plain_when_piped(tmp_path: Path) -> None:
    piped = _installed("jmap", "rules", "JM301", cwd=tmp_path)
    assert piped.stdout.startswith("JM301 gap-without-pain-point\n")
    assert "##" not in piped.stdout and "`" not in piped.stdout and "**" not in piped.stdout
    assert "    - name: Requests a quote" in piped.stdout  # code blocks indented
    # on a terminal (a pseudo-terminal here): rich's Markdown, styled, no raw marks
    pid, fd = pty.fork()
    if pid == 0:  # the child: the installed command, its stdout a terminal
        os.environ.update({"COLUMNS": "80", "TERM": "xterm"})
        os.environ.pop("NO_COLOR", None)
        os.execv(str(BIN / "jmap"), [str(BIN / "jmap"), "rules", "JM301"])
    chunks = []
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.waitpid(pid, 0)
    shown = b"".join(chunks).decode("utf-8", "replace")
    assert "\x1b[" in shown  # styled
    bare = re.sub(r"\x1b\[[0-9;]*m", "", shown)
    assert "JM301 gap-without-pain-point" in bare
    assert "## JM301" not in bare and "**What it does**" not in bare
    assert "What it does" in bare

"""`jmap validate` as a CI step: discovery, exit codes, every file checked."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from helpers import EXAMPLES, VALID, run_jmap


def test_bundled_examples_are_clean(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    result = run_jmap("validate", str(EXAMPLES))
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) == 1 and lines[0].endswith("files checked, no problems")
    assert int(lines[0].split()[0]) >= 4  # three maps and the shared persona at least


def test_no_argument_means_the_current_folder(workdir: Path) -> None:
    (workdir / "a.jmap.yaml").write_text(VALID)
    result = run_jmap("validate")
    assert (result.exit_code, result.stdout) == (0, "1 file checked, no problems\n")


def test_folders_are_searched_recursively_skipping_hidden_and_build_folders(
    workdir: Path,
) -> None:
    for folder in ("deep/er", ".hidden", "node_modules/x", ".venv", "venv", "build", "dist"):
        (workdir / folder).mkdir(parents=True)
        (workdir / folder / "bad.jmap.yaml").write_text("not: [valid")
    (workdir / "deep/er/good.jmap.yml").write_text(VALID)
    (workdir / "deep/er/bad.jmap.yaml").write_text(VALID)
    (workdir / "deep/notes.yaml").write_text("ignored: [")
    result = run_jmap("validate", ".")
    assert (result.exit_code, result.stdout) == (0, "2 files checked, no problems\n")


def test_a_file_named_explicitly_is_checked_whatever_its_name(workdir: Path) -> None:
    (workdir / "notes.yaml").write_text("jmap: 1\n")
    result = run_jmap("validate", "notes.yaml")
    assert result.exit_code == 1
    assert result.problems()[0][0] == "notes.yaml"


def test_every_file_is_checked_after_a_failure_and_missing_paths_exit_2(workdir: Path) -> None:
    (workdir / "a.jmap.yaml").write_text("title: [")
    (workdir / "b.jmap.yaml").write_text(VALID.replace("emotion: 4", "emotion: 9"))
    (workdir / "c.jmap.yaml").write_text(VALID)
    result = run_jmap("validate", "a.jmap.yaml", "missing.jmap.yaml", "b.jmap.yaml", "c.jmap.yaml")
    assert result.exit_code == 2  # an I/O error outranks problems found
    assert "missing.jmap.yaml: no such file or folder" in result.stderr
    assert [p[0] for p in result.problems()] == ["a.jmap.yaml", "b.jmap.yaml"]
    assert result.stdout.splitlines()[-1] == "3 files checked, 2 errors in 2 files"


def test_unreadable_file_is_an_io_error_and_the_others_are_still_checked(
    workdir: Path,
) -> None:
    (workdir / "loop.jmap.yaml").symlink_to("loop.jmap.yaml")  # stat() fails: ELOOP
    (workdir / "ok.jmap.yaml").write_text(VALID.replace("emotion: 4", "emotion: 9"))
    result = run_jmap("validate", ".")
    assert result.exit_code == 2
    assert [(p[0], p[3]) for p in result.problems()] == [
        ("loop.jmap.yaml", "JM900"),
        ("ok.jmap.yaml", "JM002"),
    ]
    assert "cannot read file" in result.messages()[0]


def test_empty_folder_warns(workdir: Path) -> None:
    result = run_jmap("validate", ".")
    assert result.exit_code == 0
    assert "no map files found" in result.stderr


def test_max_bytes_setting(workdir: Path) -> None:
    (workdir / "a.jmap.yaml").write_text(VALID)
    result = run_jmap("validate", "--max-bytes", "100", "a.jmap.yaml")
    assert result.exit_code == 1
    assert result.problems() == [("a.jmap.yaml", 1, 1, "JM006")]
    assert run_jmap("validate", "--max-bytes", "0", "a.jmap.yaml").exit_code == 2


def test_persona_errors_point_into_the_persona_file_once(workdir: Path) -> None:
    (workdir / "p.persona.yaml").write_text("name: Sarah\ngoals: nope\n")
    for name in ("a", "b"):
        (workdir / f"{name}.jmap.yaml").write_text(
            VALID.replace(
                "persona:\n  name: Sarah\n  description: Mother of two\n  goals: [A safe car]\n",
                "persona: p.persona.yaml\n",
            )
        )
    result = run_jmap("validate", ".")
    assert result.exit_code == 1
    # the persona's own error once, in the persona file; each map says why it fails
    assert result.problems() == [
        ("a.jmap.yaml", 3, 10, "JM009"),
        ("b.jmap.yaml", 3, 10, "JM009"),
        ("p.persona.yaml", 2, 8, "JM002"),
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["diff", "folder", "m.jmap.yaml"], "folder: is a folder, not a file"),
        (["diff", "gone.jmap.yaml", "m.jmap.yaml"], "gone.jmap.yaml: no such file"),
        (["export", "folder"], "folder: is a folder, not a file"),
        (["import", "folder", "-o", "x.jmap.yaml"], "folder: is a folder, not a file"),
        (
            ["lint", "--config", "folder", "m.jmap.yaml"],
            "folder: is a folder, not a configuration file",
        ),
        (
            ["validate", "--config", "gone.toml", "m.jmap.yaml"],
            "gone.toml: no such configuration file",
        ),
    ],
)
def test_a_path_that_must_be_a_file_says_what_it_is(
    workdir: Path, args: list[str], message: str
) -> None:
    (workdir / "folder").mkdir()
    (workdir / "m.jmap.yaml").write_text(VALID)
    result = run_jmap(*args)
    assert result.exit_code == 2
    assert result.stderr == f"jmap: error: {message}\n"


def _stdin(args: list[str], text: str) -> tuple[int, str, str]:
    from typer.testing import CliRunner

    from journeymap_cli.cli.app import app

    result = CliRunner().invoke(app, args, input=text.encode(), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_a_map_on_standard_input(workdir: Path) -> None:
    """Editors pipe the buffer: `-` reads it, --stdin-filename says which file it is (for
    messages, its persona path and per-file-ignores)."""
    (workdir / "maps/personas").mkdir(parents=True)
    (workdir / "maps/personas/p.persona.yaml").write_text("name: Ana\n")
    shared = VALID[: VALID.index("persona:")] + "persona: personas/p.persona.yaml\n"
    shared += VALID[VALID.index("channels:") :]
    assert _stdin(["validate", "-"], VALID) == (0, "1 file checked, no problems\n", "")
    code, out, _ = _stdin(["validate", "-"], VALID.replace("emotion: 4", "emotion: 9"))
    assert code == 1 and out.startswith("<stdin>:12:14: error: JM002 ")
    # the persona path is found from --stdin-filename's folder, like the file it stands for
    code, out, _ = _stdin(["lint", "-", "--stdin-filename", "maps/m.jmap.yaml"], shared)
    assert "JM009" not in out and "maps/m.jmap.yaml" in out
    code, out, _ = _stdin(["validate", "-"], shared)
    assert code == 1 and "<stdin>:3:10: error: JM009 persona file" in out
    code, out, _ = _stdin(["lint", "-f", "json", "-", "--stdin-filename", "x.jmap.yaml"], "a: [")
    assert code == 1 and '"path": "x.jmap.yaml"' in out
    assert not (workdir / "x.jmap.yaml").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["validate", "-", "m.jmap.yaml"], "'-' (standard input) cannot be given with other paths"),
        (["lint", "--stdin-filename", "x.jmap.yaml", "."], "--stdin-filename goes with '-'"),
        (["lint", "--fix", "-"], "--fix rewrites files: it cannot take '-' (standard input)"),
    ],
)
def test_standard_input_usage_errors(workdir: Path, args: list[str], message: str) -> None:
    (workdir / "m.jmap.yaml").write_text(VALID)
    code, _, err = _stdin(args, VALID)
    assert code == 2
    assert err.startswith(f"jmap: error: {message}")


def test_a_closed_standard_input_is_a_usage_error(tmp_path: Path) -> None:
    import subprocess
    import sys

    jmap = Path(sys.executable).parent / "jmap"
    for command in ("validate", "lint", "fmt"):
        proc = subprocess.run(
            [str(jmap), command, "-"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            preexec_fn=lambda: os.close(0),
            timeout=60,
        )
        assert proc.returncode == 2
        assert proc.stderr == "jmap: error: cannot read standard input: it is closed\n"

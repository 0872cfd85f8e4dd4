"""Where jmap reads and writes (io/boundary.py, io/atomic.py): never through a symbolic link
it did not make in an output folder, never to or from a real path outside the project, and
never over an edit saved while it worked. Through the installed `jmap` as a user runs it
(JMAP_DEBUG=0), and in-process where a racing edit needs a hook."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import CLEAN, CLEAN_FORMATTED, run_jmap
from journeymap_cli.io import atomic
from serving import Served

JMAP = Path(sys.executable).parent / "jmap"
pytestmark = pytest.mark.skipif(not JMAP.exists(), reason="jmap is not installed here")

KEY = "ssh-ed25519 AAAA-the-victims-key\n"
MESSY = CLEAN.replace(
    "actions: [Fills in the form online]", "actions:\n      - Fills in the form online"
)
UNTRIMMED = CLEAN.replace("title: Renewing a passport", 'title: "  Renewing a passport "')
SECRET = CLEAN.replace("title: Renewing a passport", "title: Top secret plans")
COMPOSE = "services:\n  web:   {image: nginx,   ports: ['80:80']}\n"


def jmap(
    *args: str, cwd: Path, stdout: int | None = subprocess.PIPE, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """The installed command as a user runs it: jmap's own errors are messages (JMAP_DEBUG=0)."""
    proc = subprocess.run(
        [str(JMAP), *args],
        cwd=cwd,
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        timeout=120,
        env={**os.environ, "NO_COLOR": "1", "GITHUB_ACTIONS": "", "JMAP_DEBUG": "0", **(env or {})},
    )
    assert "Traceback" not in (proc.stdout or "") + proc.stderr, proc.stderr
    return proc


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """tmp/proj (a project: it holds jmap.toml) with a clean map, beside tmp/outside and
    tmp/victim/authorized_keys, which nothing jmap does in the project may touch."""
    proj = tmp_path / "proj"
    proj.mkdir()
    (proj / "jmap.toml").write_text("")
    (proj / "m.jmap.yaml").write_text(CLEAN)
    (tmp_path / "outside").mkdir()
    (tmp_path / "victim").mkdir()
    (tmp_path / "victim" / "authorized_keys").write_text(KEY)
    return proj


def victim_untouched(project: Path) -> bool:
    victim = project.parent / "victim"
    return [p.name for p in victim.iterdir()] == ["authorized_keys"] and (
        (victim / "authorized_keys").read_text() == KEY
    )


# 1. render and every other writer: links in an output folder, output folders linked out


@pytest.mark.parametrize(
    ("fmt", "name"),
    [
        ("md", "m.md"),
        ("html", "m.html"),
        ("mermaid", "m.mmd"),
        ("json", "m.json"),
        ("md", "README.md"),
        ("html", "index.html"),
    ],
)
def test_render_never_writes_through_a_link_in_its_output_folder(
    project: Path, fmt: str, name: str
) -> None:
    (project / "rendered").mkdir()
    (project / "rendered" / name).symlink_to("../../victim/authorized_keys")
    result = jmap("render", ".", "-f", fmt, cwd=project)
    assert result.returncode == 2
    assert (
        f"jmap: error: rendered/{name}: cannot write: a symbolic link that jmap did not make"
        in (result.stderr)
    )
    assert victim_untouched(project)
    assert (project / "rendered" / name).is_symlink()


def test_a_link_jmap_did_not_make_is_refused_even_inside_the_project(project: Path) -> None:
    """`rendered/m.html -> ../m.jmap.yaml` would replace the map with its own page."""
    (project / "rendered").mkdir()
    (project / "rendered" / "m.html").symlink_to("../m.jmap.yaml")
    result = jmap("render", ".", cwd=project)
    assert result.returncode == 2
    assert "rendered/m.html: cannot write: a symbolic link that jmap did not make" in result.stderr
    assert (project / "m.jmap.yaml").read_text() == CLEAN


@pytest.mark.parametrize("args", [["-o", "site2"], []], ids=["typed", "default"])
def test_an_output_folder_linked_out_of_the_project_is_refused(
    project: Path, args: list[str]
) -> None:
    folder = args[1] if args else "rendered"
    (project / folder).symlink_to("../outside")
    result = jmap("render", ".", *args, cwd=project)
    assert result.returncode == 2
    assert f"jmap: error: {folder}: it leads out of the project (the current folder)" in (
        result.stderr
    )
    assert list((project.parent / "outside").iterdir()) == []


def test_an_output_folder_linked_inside_the_project_is_fine(project: Path) -> None:
    (project / "docs" / "site").mkdir(parents=True)
    (project / "site").symlink_to("docs/site")
    assert jmap("render", ".", "-o", "site", cwd=project).returncode == 0
    assert (project / "docs" / "site" / "m.html").is_file()


def test_the_default_name_of_one_page_is_never_written_through_a_link(project: Path) -> None:
    (project / "m.html").symlink_to("../victim/authorized_keys")
    (project / "out").mkdir()
    (project / "out" / "m.html").symlink_to("../../victim/authorized_keys")
    for args in (["render", "m.jmap.yaml"], ["render", "m.jmap.yaml", "-o", "out"]):
        result = jmap(*args, cwd=project)
        assert result.returncode == 2
        assert "m.html: cannot write: a symbolic link that jmap did not make" in result.stderr
    assert victim_untouched(project)


# A name the user typed may be their own link (`latest.html -> builds/v3.html`): followed
# while it stays inside the project, refused when it leads out.
TYPED = [
    pytest.param(["render", "m.jmap.yaml", "-o", "{}"], "out.html", id="render"),
    pytest.param(["render", "m.jmap.yaml", "-f", "md", "-o", "{}"], "out.md", id="render-md"),
    pytest.param(["export", "m.jmap.yaml", "-o", "{}"], "out.csv", id="export"),
    pytest.param(["export", "m.jmap.yaml", "-o", "{}"], "out.xlsx", id="export-xlsx"),
    pytest.param(["schema", "-o", "{}"], "out.json", id="schema"),
    pytest.param(["import", "s.csv", "--force", "-o", "{}"], "out.jmap.yaml", id="import"),
]


@pytest.mark.parametrize(("args", "name"), TYPED)
def test_a_typed_output_that_is_a_link_out_of_the_project_is_refused(
    project: Path, args: list[str], name: str
) -> None:
    assert jmap("export", "m.jmap.yaml", "-o", "s.csv", cwd=project).returncode == 0
    (project / name).symlink_to("../victim/authorized_keys")
    result = jmap(*[a.replace("{}", name) for a in args], cwd=project)
    assert result.returncode == 2
    assert f"{name}: cannot write: it leads out of the project (the current folder)" in (
        result.stderr
    )
    assert victim_untouched(project)
    assert (project / name).is_symlink()


@pytest.mark.parametrize(("args", "name"), TYPED)
def test_a_typed_output_that_is_a_link_inside_the_project_is_followed(
    project: Path, args: list[str], name: str
) -> None:
    assert jmap("export", "m.jmap.yaml", "-o", "s.csv", cwd=project).returncode == 0
    (project / "builds").mkdir()
    (project / "builds" / name).write_text("old")
    (project / name).symlink_to(f"builds/{name}")
    result = jmap(*[a.replace("{}", name) for a in args], cwd=project)
    assert result.returncode == 0, result.stderr
    assert (project / name).is_symlink()
    assert (project / "builds" / name).read_bytes() not in (b"old", b"")


@pytest.mark.skipif(shutil.which("chromium") is None, reason="no chromium")
def test_printed_pages_are_never_written_through_a_link_in_their_folder(project: Path) -> None:
    (project / "rendered").mkdir()
    (project / "rendered" / "m.png").symlink_to("../../victim/authorized_keys")
    result = jmap("render", ".", "-f", "png", cwd=project)
    assert result.returncode == 2
    assert "rendered/m.png: cannot write: a symbolic link that jmap did not make" in result.stderr
    assert victim_untouched(project)


def test_new_never_creates_a_file_through_a_link(project: Path) -> None:
    (project / "n.jmap.yaml").symlink_to("../victim/n.jmap.yaml")  # broken: nothing there yet
    result = jmap("new", "n.jmap.yaml", cwd=project)
    assert result.returncode == 2
    assert "n.jmap.yaml already exists; not overwriting it" in result.stderr
    assert victim_untouched(project)


def test_standard_output_by_name_is_still_written(project: Path) -> None:
    """/dev/stdout is a link out of every project, to a pipe or to the file the shell opened."""
    piped = jmap("render", "m.jmap.yaml", "-o", "/dev/stdout", cwd=project)
    assert piped.returncode == 0, piped.stderr
    assert piped.stdout.startswith("<!doctype html>")
    with (project.parent / "outside" / "page.html").open("wb") as handle:
        into_file = jmap("render", "m.jmap.yaml", "-o", "/dev/stdout", cwd=project, stdout=handle)
    assert into_file.returncode == 0, into_file.stderr
    assert (project.parent / "outside" / "page.html").read_text().startswith("<!doctype html>")


# 6. fmt and lint --fix: maps linked out of the project, files that are not maps


def test_fmt_and_fix_never_rewrite_a_file_outside_the_project(project: Path) -> None:
    outside = project.parent / "outside"
    (outside / "compose.yml").write_text(COMPOSE)
    (outside / "m.jmap.yaml").write_text(MESSY)
    (outside / "u.jmap.yaml").write_text(UNTRIMMED)
    (project / "compose.jmap.yaml").symlink_to("../outside/compose.yml")
    (project / "messy.jmap.yaml").symlink_to("../outside/m.jmap.yaml")
    (project / "untrimmed.jmap.yaml").symlink_to("../outside/u.jmap.yaml")
    before = {p.name: p.read_bytes() for p in outside.iterdir()}
    before_names = ["compose.jmap.yaml", "messy.jmap.yaml", "untrimmed.jmap.yaml"]
    for args in (["fmt", "."], ["lint", "--fix", "."], ["fmt", "messy.jmap.yaml"]):
        result = jmap(*args, cwd=project)
        assert result.returncode == 2, args
        assert {p.name: p.read_bytes() for p in outside.iterdir()} == before
        said = [line for line in result.stderr.splitlines() if "JM900" in line]
        said += [line for line in result.stdout.splitlines() if "JM900" in line]
        named = args[-1] != "."
        expected = ["messy.jmap.yaml"] if named else sorted(before_names)
        assert sorted(line.split(":")[0] for line in said) == expected, said
        assert all("cannot read file: it leads out of the project" in line for line in said)


def test_a_folder_linked_out_of_the_project_is_named_once_and_not_walked(project: Path) -> None:
    outside = project.parent / "outside"
    for name in ("a", "b", "c"):
        (outside / f"{name}.jmap.yaml").write_text(MESSY)
    (project / "shared").symlink_to("../outside")
    for args in (["fmt", "shared"], ["validate", "shared"]):
        result = jmap(*args, cwd=project)
        assert result.returncode == 2
        output = result.stdout + result.stderr
        assert output.count("JM900") == 1
        assert "shared:1:1: error: JM900 cannot read: it leads out of the project" in output
    assert all(p.read_text() == MESSY for p in outside.iterdir())


def test_a_folder_linked_to_another_project_does_not_bring_its_root_along(
    project: Path,
) -> None:
    """`maps -> ../other` where other holds .git: still outside this project."""
    other = project.parent / "outside"
    (other / ".git").mkdir()
    (other / "x.jmap.yaml").write_text(SECRET)
    (project / "maps").symlink_to("../outside")
    result = jmap("validate", "maps/x.jmap.yaml", cwd=project)
    assert result.returncode == 2
    assert "maps/x.jmap.yaml:1:1: error: JM900 cannot read file: it leads out" in result.stdout


def test_fmt_rewrites_only_what_passes_the_schema(project: Path) -> None:
    (project / "compose.yml").write_text(COMPOSE)
    broken = MESSY.replace("jmap: 1\n", "jmap: 1\ncolour: blue\n")
    (project / "broken.jmap.yaml").write_text(broken)
    result = jmap("fmt", "compose.yml", "broken.jmap.yaml", cwd=project)
    assert result.returncode == 1
    assert "compose.yml:1:1: error: JM002 missing required field" in result.stderr
    assert "broken.jmap.yaml:2:1: error: JM002" in result.stderr
    assert "0 files reformatted" in result.stderr
    assert (project / "compose.yml").read_text() == COMPOSE
    assert (project / "broken.jmap.yaml").read_text() == broken


# 8. an edit saved while fmt, --fix or import --merge works is never overwritten


@pytest.fixture
def saved_meanwhile(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """name → text an editor saves into that file just as jmap creates its temporary file
    to replace it: after jmap read the file, before the rename."""
    edits: dict[str, str] = {}
    real = atomic.tempfile.mkstemp

    def mkstemp(*, dir: Path, prefix: str, suffix: str) -> tuple[int, str]:
        name = prefix.strip(".")
        if name in edits:
            Path(dir, name).write_text(edits.pop(name))
        return real(dir=dir, prefix=prefix, suffix=suffix)

    monkeypatch.setattr(atomic.tempfile, "mkstemp", mkstemp)
    return edits


EDIT = "# the user's edit, saved meanwhile\n"


def no_temporary_files(folder: Path) -> bool:
    return not [p for p in folder.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize(
    ("args", "before"),
    [(["fmt", "."], MESSY), (["lint", "--fix", "m.jmap.yaml"], UNTRIMMED)],
    ids=["fmt", "fix"],
)
def test_an_edit_saved_during_a_rewrite_is_kept(
    project: Path,
    monkeypatch: pytest.MonkeyPatch,
    saved_meanwhile: dict[str, str],
    args: list[str],
    before: str,
) -> None:
    monkeypatch.chdir(project)
    (project / "m.jmap.yaml").write_text(before)
    saved_meanwhile["m.jmap.yaml"] = before + EDIT
    result = run_jmap(*args)
    assert result.exit_code == 2
    said = [line for line in result.stderr.splitlines() if "cannot write" in line]
    assert len(said) == 1 and said[0].startswith(("m.jmap.yaml:", "jmap: error: m.jmap.yaml:"))
    assert "cannot write: changed since jmap read it (saved meanwhile?)" in said[0]
    assert (project / "m.jmap.yaml").read_text() == before + EDIT
    assert no_temporary_files(project)


def test_an_edit_saved_between_lint_and_fix_is_kept(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from journeymap_cli.lint import fixes

    monkeypatch.chdir(project)
    path = project / "m.jmap.yaml"
    path.write_text(UNTRIMMED)
    real = fixes.fix_files

    def edit_first(linted: list[object]) -> object:
        path.write_text(UNTRIMMED + EDIT)
        return real(linted)  # type: ignore[arg-type]

    monkeypatch.setattr(fixes, "fix_files", edit_first)
    result = run_jmap("lint", "--fix", "m.jmap.yaml")
    assert result.exit_code == 2
    assert "jmap: error: m.jmap.yaml: cannot write: changed since jmap read it" in result.stderr
    assert path.read_text() == UNTRIMMED + EDIT


def test_an_edit_saved_during_a_merge_is_kept(
    project: Path, monkeypatch: pytest.MonkeyPatch, saved_meanwhile: dict[str, str]
) -> None:
    monkeypatch.chdir(project)
    assert run_jmap("export", "m.jmap.yaml", "-o", "s.csv").exit_code == 0
    sheet = (project / "s.csv").read_text().replace("Photo rules unclear", "Photo rules vague")
    (project / "s.csv").write_text(sheet)
    saved_meanwhile["m.jmap.yaml"] = CLEAN + EDIT
    result = run_jmap("import", "s.csv", "--merge", "-o", "m.jmap.yaml")
    assert result.exit_code == 2
    assert "jmap: error: m.jmap.yaml: cannot write: changed since jmap read it" in result.stderr
    assert (project / "m.jmap.yaml").read_text() == CLEAN + EDIT
    assert no_temporary_files(project)
    # without an edit meanwhile, the same merge is written
    (project / "m.jmap.yaml").write_text(CLEAN)
    assert run_jmap("import", "s.csv", "--merge", "-o", "m.jmap.yaml").exit_code == 0
    assert "Photo rules vague" in (project / "m.jmap.yaml").read_text()


def test_an_edit_saved_during_fmt_is_kept_by_the_installed_command(
    project: Path, tmp_path: Path
) -> None:
    """The same race in the real process: a sitecustomize module (imported by Python at
    start-up) saves the edit when jmap creates its temporary file."""
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(
        "import pathlib, tempfile\n"
        "real = tempfile.mkstemp\n"
        "def mkstemp(*, dir, prefix, suffix):\n"
        "    if prefix == '.m.jmap.yaml.':\n"
        f"        pathlib.Path(dir, 'm.jmap.yaml').write_text({MESSY + EDIT!r})\n"
        "    return real(dir=dir, prefix=prefix, suffix=suffix)\n"
        "tempfile.mkstemp = mkstemp\n"
    )
    (project / "m.jmap.yaml").write_text(MESSY)
    (project / "n.jmap.yaml").write_text(MESSY)
    result = jmap("fmt", ".", cwd=project, env={"PYTHONPATH": str(hook)})
    assert result.returncode == 2
    assert (
        "m.jmap.yaml:1:1: error: JM900 cannot write: changed since jmap read it (saved"
        " meanwhile?), so it is not overwritten: run the command again; left as it was"
    ) in result.stderr
    assert (project / "m.jmap.yaml").read_text() == MESSY + EDIT
    assert (project / "n.jmap.yaml").read_text() == CLEAN_FORMATTED  # the other file is done
    assert no_temporary_files(project)


# 13. maps and personas whose real path leaves the project are not read


@pytest.mark.parametrize(
    "args",
    [
        ["validate", "."],
        ["lint", "."],
        ["score", "."],
        ["render", ".", "-o", "site"],
        ["render", "secret.jmap.yaml", "-o", "secret.html"],
        ["export", "secret.jmap.yaml"],
        ["diff", "m.jmap.yaml", "secret.jmap.yaml"],
        ["validate", "secret.jmap.yaml", "--format", "json"],
    ],
    ids=lambda args: "-".join(a for a in args if a.isalpha()),
)
def test_a_map_linked_out_of_the_project_is_not_read(project: Path, args: list[str]) -> None:
    (project.parent / "outside" / "secret.jmap.yaml").write_text(SECRET)
    (project / "secret.jmap.yaml").symlink_to("../outside/secret.jmap.yaml")
    result = jmap(*args, cwd=project)
    assert result.returncode == 2
    output = result.stdout + result.stderr
    assert "Top secret" not in output
    assert output.count("it leads out of the project") == 1
    assert "secret.jmap.yaml" in output
    for page in project.rglob("*.html"):
        assert "Top secret" not in page.read_text()


def test_a_map_linked_out_is_not_merged_into(project: Path) -> None:
    assert jmap("export", "m.jmap.yaml", "-o", "s.csv", cwd=project).returncode == 0
    (project.parent / "outside" / "secret.jmap.yaml").write_text(CLEAN)
    (project / "secret.jmap.yaml").symlink_to("../outside/secret.jmap.yaml")
    result = jmap("import", "s.csv", "--merge", "-o", "secret.jmap.yaml", cwd=project)
    assert result.returncode == 2
    assert "jmap: error: secret.jmap.yaml: cannot read file: it leads out of the project" in (
        result.stderr
    )
    assert (project.parent / "outside" / "secret.jmap.yaml").read_text() == CLEAN


def test_the_lines_of_a_file_linked_out_are_never_quoted(project: Path) -> None:
    (project / "passwd.jmap.yaml").symlink_to("/etc/passwd")
    for args in (["validate", "."], ["lint", "passwd.jmap.yaml"], ["fmt", "--diff", "."]):
        result = jmap(*args, cwd=project)
        assert result.returncode == 2
        assert "root:" not in result.stdout + result.stderr
        assert "passwd.jmap.yaml:1:1: error: JM900 cannot read file: it leads out" in (
            result.stdout + result.stderr
        )


def test_a_persona_file_linked_out_is_not_read(project: Path) -> None:
    persona = "name: Secret persona\ndescription: From elsewhere\ngoals: [Leak]\n"
    (project.parent / "outside" / "p.persona.yaml").write_text(persona)
    (project / "p.persona.yaml").symlink_to("../outside/p.persona.yaml")
    (project / "m.jmap.yaml").write_text(
        CLEAN.replace(
            "persona:\n  name: Amira\n  description: Frequent traveller\n"
            "  goals: [Renew before a trip]\n",
            "persona: p.persona.yaml\n",
        )
    )
    result = jmap("validate", ".", cwd=project)
    assert result.returncode == 2
    assert "Secret persona" not in result.stdout + result.stderr
    assert "p.persona.yaml:1:1: error: JM900 cannot read file: it leads out" in result.stdout
    assert "m.jmap.yaml:3:10: error: JM009 persona path 'p.persona.yaml' escapes" in result.stdout


def test_a_map_linked_out_is_not_served(project: Path) -> None:
    (project.parent / "outside" / "secret.jmap.yaml").write_text(SECRET)
    (project / "secret.jmap.yaml").symlink_to("../outside/secret.jmap.yaml")
    server = Served(project, ".", env={"JMAP_DEBUG": "0"})
    try:
        page = server.get("/secret.html")
        assert "secret.jmap.yaml" in page.body and "it leads out of the project" in page.body
        index = server.get("/")
        assert "Top secret" not in page.body + index.body + server.stderr()
        assert "Renewing a passport" in index.body  # the map inside is served
    finally:
        server.close()


def test_links_inside_the_project_are_read_and_rewritten(project: Path) -> None:
    (project / "real").mkdir()
    (project / "real" / "m.yaml").write_text(MESSY)
    (project / "alias.jmap.yaml").symlink_to("real/m.yaml")
    assert jmap("validate", "alias.jmap.yaml", cwd=project).returncode == 0
    assert jmap("fmt", "alias.jmap.yaml", cwd=project).returncode == 0
    assert (project / "alias.jmap.yaml").is_symlink()
    assert (project / "real" / "m.yaml").read_text() == CLEAN_FORMATTED

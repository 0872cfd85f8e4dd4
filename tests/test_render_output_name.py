"""`jmap render MAP -o NAME.EXT`: the format follows the output's extension, as export's
does (`-o renting.pdf` wrote HTML into renting.pdf and said `wrote renting.pdf`); a
--format that contradicts the extension is exit 2 and writes nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import EXAMPLES
from journeymap_cli.render.chromium import find_browser

JMAP = Path(sys.executable).parent / "jmap"
CAR = EXAMPLES / "car-purchase.jmap.yaml"


def _render(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(JMAP), "render", str(CAR), "--no-date", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "JMAP_DEBUG": "0"},
        timeout=180,
    )


@pytest.mark.parametrize(
    ("name", "starts"),
    [
        ("page.html", "<!doctype html>"),
        ("page.htm", "<!doctype html>"),
        ("page.md", "# Buying a family car"),
        ("page.mmd", "journey"),
        ("page.json", "{"),
        ("page.txt", "<!doctype html>"),  # an extension jmap does not print: the default
    ],
)
def test_the_extension_chooses_the_format(tmp_path: Path, name: str, starts: str) -> None:
    result = _render("-o", name, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    text = (tmp_path / name).read_text(encoding="utf-8")
    assert text.lstrip().startswith(starts), text[:80]
    if name.endswith(".json"):
        json.loads(text)
    assert result.stderr.strip() == f"wrote {name}"


def test_an_explicit_format_that_agrees_or_goes_to_stdout(tmp_path: Path) -> None:
    assert _render("-o", "page.md", "--format", "md", cwd=tmp_path).returncode == 0
    piped = _render("-o", "-", "--format", "md", cwd=tmp_path)
    assert piped.returncode == 0 and piped.stdout.startswith("# Buying a family car")


@pytest.mark.parametrize(
    ("name", "given"), [("renting.pdf", "html"), ("x.png", "md"), ("x.md", "html")]
)
def test_a_format_the_extension_contradicts_is_a_usage_error(
    tmp_path: Path, name: str, given: str
) -> None:
    result = _render("-o", name, "--format", given, cwd=tmp_path)
    assert result.returncode == 2
    assert (
        f"{name}: the extension says" in result.stderr and f"--format says {given}" in result.stderr
    )
    assert "Traceback" not in result.stderr
    assert not (tmp_path / name).exists()


def test_a_folder_render_is_not_named_by_extension(tmp_path: Path) -> None:
    """-o names the output folder of a folder render: `site.md/` holds HTML pages."""
    result = subprocess.run(
        [str(JMAP), "render", str(EXAMPLES), "--no-date", "-o", "site.md"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site.md" / "index.html").is_file()


@pytest.mark.browser
@pytest.mark.skipif(find_browser() is None and os.environ.get("CI") != "true", reason="no Chromium")
@pytest.mark.parametrize(("name", "magic"), [("renting.pdf", b"%PDF-"), ("map.png", b"\x89PNG")])
def test_printed_formats_follow_the_extension(tmp_path: Path, name: str, magic: bytes) -> None:
    result = _render("-o", name, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / name).read_bytes().startswith(magic)


def test_a_trailing_slash_names_a_folder(tmp_path: Path) -> None:
    """`-o out/` wrote a file called `out`: a trailing slash names the output folder, made
    if missing (as a folder render's is), but not the folders above it."""
    result = _render("-o", "out/", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "car-purchase.html").read_text().startswith("<!doctype html>")
    assert result.stderr.strip() == "wrote out/car-purchase.html"
    deeper = _render("-o", "a/b/", cwd=tmp_path)
    assert deeper.returncode == 2 and "no such folder a (create it first)" in deeper.stderr
    assert not (tmp_path / "a").exists()

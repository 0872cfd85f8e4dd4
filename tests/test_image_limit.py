"""One `max-image-bytes`, read by validate, render and serve alike.

Before, render dropped (without a word) any image over a hard-coded 2 MiB that validate,
reading the configured limit, had accepted; serve read neither the configured limit nor
the hard-coded one's twin. Now an image under the configured limit is on the page, and
one over it is the same JM012 diagnostic in every command.
"""

from __future__ import annotations

import base64
import re
from pathlib import Path

import pytest

from helpers import VALID, run_jmap
from journeymap_cli.format.parts import Image
from journeymap_cli.render.content import image
from serving import Served

# A PNG header and 3 MiB after it: between the 2 MiB default and a configured 4 MiB.
PICTURE = b"\x89PNG\r\n\x1a\n" + bytes(3 * 1024 * 1024)
MAP = VALID.replace(
    "    actions: [Searches online]\n",
    "    actions: [Searches online]\n    images:\n      - {path: shop.png, alt: The shop}\n",
).replace("  goals: [A safe car]\n", "  goals: [A safe car]\n  image: {path: sarah.png, alt: S}\n")
URI = "data:image/png;base64," + base64.b64encode(PICTURE).decode("ascii")


@pytest.fixture
def project(workdir: Path) -> Path:
    (workdir / "m.jmap.yaml").write_text(MAP, encoding="utf-8")
    for name in ("shop.png", "sarah.png"):
        (workdir / name).write_bytes(PICTURE)
    return workdir


def _limit(project: Path, limit: int) -> None:
    (project / "jmap.toml").write_text(f"max-image-bytes = {limit}\n")


def test_an_image_under_the_configured_limit_is_on_the_page(project: Path) -> None:
    _limit(project, 4 * 1024 * 1024)
    assert run_jmap("validate", "m.jmap.yaml").exit_code == 0
    page = run_jmap("render", "m.jmap.yaml", "-o", "-")
    assert page.exit_code == 0, page.stderr
    assert page.stdout.count(URI) == 2  # the persona's picture and the stage's
    md = run_jmap("render", "m.jmap.yaml", "-f", "md", "-o", "-")
    assert md.exit_code == 0 and "The shop" in md.stdout
    site = run_jmap("render", ".", "-o", "site")
    assert site.exit_code == 0, site.stderr
    assert (project / "site/m.html").read_text().count(URI) == 2


def test_an_image_over_the_limit_is_reported_as_validate_reports_it(project: Path) -> None:
    _limit(project, 1024 * 1024)
    checked = run_jmap("validate", "m.jmap.yaml")
    assert checked.exit_code == 1
    found = [line for line in checked.stdout.splitlines() if " JM012 " in line]
    assert len(found) == 2 and all(
        "3,145,736 bytes, over the limit of 1,048,576" in line for line in found
    )
    for args in (
        ["m.jmap.yaml", "-o", "-"],
        ["m.jmap.yaml", "-f", "md", "-o", "page.md"],
        [".", "-o", "site"],
    ):
        rendered = run_jmap("render", *args)
        assert rendered.exit_code == 1
        assert [line for line in rendered.stderr.splitlines() if " JM012 " in line] == found
        assert URI not in rendered.stdout
    assert not (project / "page.md").exists()


def test_the_default_limit_still_holds(project: Path) -> None:
    assert run_jmap("validate", "m.jmap.yaml").exit_code == 1
    rendered = run_jmap("render", "m.jmap.yaml", "-o", "-")
    assert rendered.exit_code == 1 and "over the limit of 2,097,152" in rendered.stderr


def test_an_image_grown_since_the_check_is_named_not_dropped(project: Path) -> None:
    """The page reads the image within the limit the map was checked with: one that grew
    in between is an error naming it (the map's JM900 in a run), never a page without it."""
    with pytest.raises(
        OSError, match=re.escape("image 'shop.png' is 3,145,736 bytes, over the limit of 1,000")
    ):
        image(Image(path="shop.png", alt="x"), str(project / "m.jmap.yaml"), 1000)
    (project / "shop.png").write_bytes(b"<svg/>")
    with pytest.raises(
        OSError, match=re.escape("image 'shop.png' is no longer a PNG, JPEG, GIF or WebP")
    ):
        image(Image(path="shop.png", alt="x"), str(project / "m.jmap.yaml"), 1000)
    embedded = image(Image(path="sarah.png", alt="S"), str(project / "m.jmap.yaml"), 4 << 20)
    assert embedded["src"] == URI


def test_serve_reads_the_configured_limit(project: Path) -> None:
    _limit(project, 4 * 1024 * 1024)
    server = Served(project, "m.jmap.yaml", env={"JMAP_DEBUG": "0"})
    try:
        assert server.get("/").body.count(URI) == 2
        _limit(project, 1024 * 1024)  # the configuration is read again as it changes
        page = server.wait_for("/", lambda r: "JM012" in r.body).body
        assert "image &#39;shop.png&#39; is 3,145,736 bytes, over the limit of 1,048,576" in page
    finally:
        server.close()

"""JM304 image-without-alt."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePosixPath

from journeymap_cli.format.parts import Image
from journeymap_cli.lint.rules import Context, Finding, NoOptions, Rule, register
from journeymap_cli.report.diagnostics import Loc, Severity


def meaningless(image: Image) -> bool:
    """Empty alt text, or alt text that only repeats the file's name (with or without
    its extension, case and separators aside)."""
    alt = image.alt.strip().casefold()
    name = PurePosixPath(image.path.replace("\\", "/")).name.casefold()
    stem = name.split(".")[0]
    return not alt or alt in (name, stem, stem.replace("-", " ").replace("_", " "))


@register
class ImageWithoutAlt(Rule):
    """An image's `alt` text says nothing about what it shows.

    **What it does**: flags an image (the persona's, or a stage's) whose `alt` is empty or
    only repeats the file name (`alt: sarah.png`, `alt: sarah`).

    **Why it matters**: people who cannot see the image (screen readers, a broken file, a
    printout in black and white) get the alt text instead. A file name tells them nothing
    about the customer or the research it shows.

    **Example**:
    ```yaml
    images:
      - {path: images/checkout.png, alt: checkout.png}
    ```

    **Use instead**:
    ```yaml
    images:
      - path: images/checkout.png
        alt: The checkout page asks for the card number before showing delivery costs
    ```
    """

    CODE = "JM304"
    NAME = "image-without-alt"
    SUMMARY = "An image's alt text is empty or only repeats its file name"
    SEVERITY = Severity.WARNING

    def check(self, ctx: Context, options: NoOptions) -> Iterator[Finding]:
        found: list[tuple[Loc, Image]] = []
        if ctx.persona.image is not None:
            found.append(((*ctx.persona_loc(), "image"), ctx.persona.image))
        for loc, stage in ctx.stages():
            found += [((*loc, "images", i), image) for i, image in enumerate(stage.images)]
        for loc, image in found:
            if meaningless(image):
                yield Finding(
                    (*loc, "alt"),
                    f"image {image.path!r} has no alt text that says what it shows",
                )

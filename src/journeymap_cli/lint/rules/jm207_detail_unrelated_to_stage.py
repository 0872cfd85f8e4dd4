"""JM207 detail-unrelated-to-stage."""

from __future__ import annotations

import re
from collections.abc import Iterator

from journeymap_cli.format.model import JourneyMap
from journeymap_cli.lint.rules import Context, Finding, NoOptions, Rule, register
from journeymap_cli.report.diagnostics import Severity

_WORD = re.compile(r"\w+")
# Words that name no step of a journey: a stage called "Step 2" is not judged.
_EMPTY = frozenset(
    {
        *("the", "and", "for", "with", "from", "into", "onto", "its", "their", "our", "your"),
        *("his", "her", "this", "that", "then", "stage", "step", "phase", "part", "level"),
    }
)
_STEM = 4  # letters two words must share, when both are as long: apply ~ application


def words(text: str) -> set[str]:
    """The words of `text` that can say what a step is about (three letters or more)."""
    found = {w.casefold() for w in _WORD.findall(text)}
    return {w for w in found if len(w) >= 3 and not w.isdigit() and w not in _EMPTY}


def related(a: str, b: str) -> bool:
    """One word is the other, or both begin alike (pay ~ payment, return ~ returns)."""
    n = min(len(a), len(b), _STEM)
    return a[:n] == b[:n]


def _said(jmap: JourneyMap) -> set[str]:
    """Every word of a map's title, description and stage names."""
    texts = [jmap.title, jmap.description or "", *(stage.name for stage in jmap.stages)]
    return set().union(*(words(text) for text in texts))


@register
class DetailUnrelatedToStage(Rule):
    """A stage's detail map says nothing of the stage it details.

    **What it does**: flags a stage with a `detail` map when no word of the stage's name
    (three letters or more; "Step 2" is not judged) appears, whole or as the start of a
    longer word, in the detail map's `title`, `description` or stage names.

    **Why it matters**: a detail map describes its stage step by step, and its figures
    roll up into this map's. One that speaks of something else is most often the wrong
    path (a copied stage that still opens into another stage's detail), and the map reads
    the wrong steps into the stage; otherwise, a reader cannot tell which stage it opens.

    **Example**: a stage `Return` with `detail: delivery-steps.jmap.yaml`, a map titled
    `Delivery, step by step` with the stages `Dispatch`, `Track` and `Receive`.

    **Use instead**: point at the stage's own detail map, and name it after the stage
    (`title: Return, step by step`).
    """

    CODE = "JM207"
    NAME = "detail-unrelated-to-stage"
    SUMMARY = "A stage's detail map says nothing of the stage"
    SEVERITY = Severity.INFO

    def check(self, ctx: Context, options: NoOptions) -> Iterator[Finding]:
        for s, detail in sorted(ctx.details.items()):
            stage = ctx.jmap.stages[s]
            named = words(stage.name)
            said = _said(detail.jmap)
            if named and not any(related(a, b) for a in named for b in said):
                yield Finding(
                    ("stages", s, "detail"),
                    f"detail map {stage.detail!r} ({detail.jmap.title!r}) says nothing of "
                    f"stage {stage.name!r}: no word of the stage's name is in that map's title or "
                    "stage names",
                )

"""JM405 split-list-item: one item of a `[...]` list that a comma cut in two."""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise

from journeymap_cli.fmt.edits import Fix
from journeymap_cli.lint.rules import Context, Finding, NoOptions, Rule, register
from journeymap_cli.report.diagnostics import Loc, Severity

# Words that continue a sentence rather than start an item: "[Visit slot given to the
# estate agent, not to the buyers]" reads as two items, the second "not to the buyers".
CONTINUATIONS = frozenset(
    (
        "not", "and", "but", "or", "nor", "yet", "so", "which", "who", "whom", "whose",
        "that", "than", "then", "because", "although", "though", "while", "whereas",
        "unless", "until", "probably", "maybe", "perhaps", "possibly", "especially",
        "including", "except", "apart", "rather", "instead",
    )
)  # fmt: skip
_CLOSING = tuple(".!?;:…)]\"'”\u2019")  # \u2019: the typographic apostrophe
_FIRST_WORD = re.compile(r"[a-z]+")
_PAIRS = (("“", "”"), ("(", ")"), ("[", "]"))


def _open_quote(item: str) -> bool:
    """An odd number of straight double quotes, or more “ than ”: a quote left open."""
    return item.count('"') % 2 == 1 or item.count("“") > item.count("”")


def _closes_quote(item: str) -> bool:
    return item.count('"') % 2 == 1 or item.count("”") > item.count("“")


def _brackets(before: str, after: str) -> bool:
    """A bracket opened in one item and closed in the next."""
    return any(
        before.count(o) > before.count(c) and after.count(c) > after.count(o) for o, c in _PAIRS[1:]
    )


def _continuation(before: str, after: str) -> str | None:
    """The word `after` starts with when it continues the sentence `before` left open."""
    word = _FIRST_WORD.match(after)
    if word is None or word.group() not in CONTINUATIONS:
        return None
    return None if before.rstrip().endswith(_CLOSING) else word.group()


def _lists(ctx: Context) -> Iterator[tuple[Loc, list[str]]]:
    """Every list of strings written in `[...]`, with its location."""
    items: dict[Loc, list[tuple[int, str]]] = {}
    for loc, text in ctx.strings():
        if loc and isinstance(loc[-1], int):
            items.setdefault(loc[:-1], []).append((loc[-1], text))
    for loc, found in items.items():
        if len(found) >= 2 and ctx.written_inline(loc):
            texts = dict(found)
            if sorted(texts) == list(range(len(texts))):  # strings only: nothing in between
                yield loc, [texts[i] for i in range(len(texts))]


@register
class SplitListItem(Rule):
    """An item of a `[...]` list looks cut in two at a comma.

    **What it does**: in a list written inline (`[...]`), flags an item that looks like
    the rest of the item before it: a quote opened in one item and closed in the next,
    a bracket opened in one and closed in the next, or an item that starts with a
    lower-case word that continues a sentence (`not`, `and`, `but`, `or`, `which`,
    `probably`, ...) after an item that does not end in punctuation. `jmap lint --fix`
    joins the items back, with the comma, where the split is certain: an open quote
    closed in a later item.

    **Why it matters**: inside `[...]` a comma ends an item, with no warning. A barrier
    written `[Visit slot given to the estate agent, not to the buyers]` becomes two
    barriers; the page shows two bullets, and `score --by owner` counts two pain points.
    A quote does not protect a plain item: `"week 47, probably"` splits too.

    **Example**:
    ```yaml
    barriers: [Delivery date given as "week 47, probably"]
    pain_points: [Visit slot given to the estate agent, not to the buyers]
    ```

    **Use instead**: write prose one item per line, where commas are safe (`jmap fmt`
    does this for every list that holds more than single words):
    ```yaml
    barriers:
      - Delivery date given as "week 47, probably"
    pain_points:
      - Visit slot given to the estate agent, not to the buyers
    ```
    """

    CODE = "JM405"
    NAME = "split-list-item"
    SUMMARY = "An item of a [...] list looks cut in two at a comma"
    SEVERITY = Severity.WARNING
    FIXABLE = True

    def check(self, ctx: Context, options: NoOptions) -> Iterator[Finding]:
        for loc, items in _lists(ctx):
            i = 0
            while i < len(items) - 1:
                if _open_quote(items[i]):
                    close = next(
                        (j for j in range(i + 1, len(items)) if _closes_quote(items[j])), None
                    )
                    if close is not None:
                        yield Finding(
                            (*loc, i + 1),
                            f"“{items[i + 1]}” looks like the rest of “{items[i]}”: a quote"
                            " opened there closes here, so a comma inside [...] split them",
                            fix=Fix("join", (*loc, i), span=close - i),
                        )
                        i = close + 1
                        continue
                i += 1
            for k, (before, after) in enumerate(pairwise(items), 1):
                if _open_quote(before):
                    continue  # reported above, or an open quote that never closes
                word = _continuation(before, after)
                if _brackets(before, after):
                    why = "a bracket opened there closes here"
                elif word is not None:
                    why = f"it starts with “{word}”"
                else:
                    continue
                yield Finding(
                    (*loc, k),
                    f"“{after}” looks like the rest of “{before}” ({why}): a comma inside [...]"
                    " ends an item; quote the whole item, or write the list one item per line",
                )

"""JM305 unattributed-quote."""

from __future__ import annotations

from collections.abc import Iterator

from journeymap_cli.format.parts import Quote, QuoteEntry
from journeymap_cli.lint.rules import Context, Finding, NoOptions, Rule, register
from journeymap_cli.report.diagnostics import Loc, Severity


@register
class UnattributedQuote(Rule):
    """A research quote does not say who said it or where it comes from.

    **What it does**: flags a quote (of a stage or a touchpoint) without `who` or
    without `source`, including quotes written as a plain string.

    **Why it matters**: a verbatim is evidence only when a reader can tell whose words
    they are ("Parent of two, interview 7") and find the research behind them
    ("Interviews, March 2026"). Without that, a quote cannot be weighed or checked, and
    invented quotes look the same as real ones.

    **Example**:
    ```yaml
    quotes:
      - I waited three days for a call back.
    ```

    **Use instead**:
    ```yaml
    quotes:
      - text: I waited three days for a call back.
        who: Parent of two, interview 7
        source: Customer interviews, March 2026
    ```
    """

    CODE = "JM305"
    NAME = "unattributed-quote"
    SUMMARY = "A quote has no 'who' or no 'source'"
    SEVERITY = Severity.INFO

    def check(self, ctx: Context, options: NoOptions) -> Iterator[Finding]:
        found: list[tuple[Loc, list[QuoteEntry]]] = []
        for loc, stage in ctx.stages():
            found.append(((*loc, "quotes"), stage.quotes))
        for loc, _, point in ctx.touchpoints():
            found.append(((*loc, "quotes"), point.quotes))
        for loc, quotes in found:
            for i, entry in enumerate(quotes):
                quote = entry if isinstance(entry, Quote) else Quote(text=entry)
                missing = [n for n in ("who", "source") if not getattr(quote, n)]
                if missing:
                    what = " or ".join(_WHAT[n] for n in missing)
                    yield Finding((*loc, i), f"quote {_short(quote.text)!r} does not say {what}")


_WHAT = {"who": "who said it", "source": "where it comes from"}


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:39].rstrip() + "…"

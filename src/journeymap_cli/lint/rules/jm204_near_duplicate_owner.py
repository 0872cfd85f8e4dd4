"""JM204 near-duplicate-owner."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict, Field

from journeymap_cli.lint.rules import Context, Finding, Rule, register
from journeymap_cli.lint.rules._vocabulary import near_duplicates
from journeymap_cli.report.diagnostics import Severity


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    similarity: float = Field(0.85, ge=0.5, le=1.0)


@register
class NearDuplicateOwner(Rule):
    """Two owner names differ only slightly.

    **What it does**: when no `teams` vocabulary is declared, flags an owner that looks
    like a variant of another (same letters in another case or punctuation, or a string
    similarity of at least `similarity`, 0.85 by default), e.g. "Marketing" / "Marketng".

    Names are compared like with like: only with names in the same script, the same
    letters in any case, width or punctuation always count (NFKC, case-folded); the
    similarity is measured over the letters of alphabets and syllabaries (Latin,
    Cyrillic, kana...), over the jamo of Hangul, and not at all for Han ideographs, where
    one character is a whole word (営業部 and 営業所 are two owners). On a map with many
    owners, each is measured against its nearest neighbours in alphabetical order (and
    read backwards), so the rule stays fast on thousands of names.

    **Why it matters**: the owner view counts work per team; a misspelt team is a second
    team that owns nothing and hides part of the first one's load.

    **Example**:
    ```yaml
    - {name: Reads the ad, owner: Marketing}
    - {name: Reads the brochure, owner: Marketng}
    ```

    **Use instead**: one spelling, best enforced by declaring `teams: [Marketing, ...]`.
    """

    CODE = "JM204"
    NAME = "near-duplicate-owner"
    SUMMARY = "Two owner names differ only slightly (no team vocabulary declared)"
    SEVERITY = Severity.WARNING
    Options = Settings

    def check(self, ctx: Context, options: Settings) -> Iterator[Finding]:
        yield from near_duplicates(ctx, "teams", "owner", options.similarity)

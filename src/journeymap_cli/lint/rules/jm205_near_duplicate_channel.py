"""JM205 near-duplicate-channel."""

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
class NearDuplicateChannel(Rule):
    """Two channel names differ only slightly.

    **What it does**: when no `channels` vocabulary is declared, flags a channel that
    looks like a variant of another ("Website" / "Web site" / "website", or a string
    similarity of at least `similarity`).

    Names are compared like with like: only with names in the same script, the same
    letters in any case, width or punctuation always count (NFKC, case-folded); the
    similarity is measured over the letters of alphabets and syllabaries (Latin,
    Cyrillic, kana...), over the jamo of Hangul, and not at all for Han ideographs, where
    one character is a whole word (営業部 and 営業所 are two channels). On a map with many
    channels, each is measured against its nearest neighbours in alphabetical order (and
    read backwards), so the rule stays fast on thousands of names.

    **Why it matters**: channel alignment compares channels by name; two spellings of one
    channel are compared as two channels, and one of them looks misaligned.

    **Example**:
    ```yaml
    - {name: Books online, channel: Website}
    - {name: Pays online, channel: Web site}
    ```

    **Use instead**: one spelling, best enforced by declaring `channels: [Website, ...]`.
    """

    CODE = "JM205"
    NAME = "near-duplicate-channel"
    SUMMARY = "Two channel names differ only slightly (no channel vocabulary declared)"
    SEVERITY = Severity.WARNING
    Options = Settings

    def check(self, ctx: Context, options: Settings) -> Iterator[Finding]:
        yield from near_duplicates(ctx, "channels", "channel", options.similarity)

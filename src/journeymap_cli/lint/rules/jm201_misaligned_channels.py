"""JM201 misaligned-channels: one step offered in two channels, far apart in performance."""

from __future__ import annotations

import re
from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict, Field

from journeymap_cli.format.blueprint import unseen
from journeymap_cli.format.model import Touchpoint, entry_id, entry_name, slugify
from journeymap_cli.lint.rules import Context, Finding, Rule, register
from journeymap_cli.report.diagnostics import Loc, Severity

# Words that say how or where a step happens, not what it is: "Books a test drive online"
# and "Books a test drive by phone" are the same step.
_FILLER = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "for",
        "in",
        "on",
        "at",
        "by",
        "via",
        "over",
        "through",
        "from",
        "with",
        "and",
        "or",
        "into",
        "onto",
        "their",
        "his",
        "her",
        "its",
        "our",
        "your",
        "my",
        "online",
        "offline",
        "instore",
        "in-store",
        "store",
        "branch",
        "phone",
        "call",
        "email",
        "e-mail",
        "sms",
        "text",
        "chat",
        "app",
        "web",
        "website",
        "site",
        "letter",
        "post",
        "mail",
        "counter",
        "desk",
        "person",
        "face-to-face",
    ]
)
_WORD = re.compile(r"[^\W\d_](?:[\w'-]*\w)?")


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    threshold: float = Field(
        50,
        gt=0,
        le=100,
        description="How far apart (0-100, normalised performance) the two channels must be.",
    )


def _stem(word: str) -> str:
    """'Books', 'booked', 'booking' → 'book'; crude on purpose: names are short."""
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    return word[:-1] if word.endswith("e") and len(word) > 3 else word


def _step(name: str, channel_words: frozenset[str]) -> tuple[str, frozenset[str]] | None:
    """A touchpoint's kind of step: its main verb (first word) and what it acts on."""
    words = [w.lower() for w in _WORD.findall(name)]
    words = [w for w in words if w not in _FILLER and w not in channel_words]
    if not words:
        return None
    return _stem(words[0]), frozenset(_stem(w) for w in words[1:])


def _same_step(a: tuple[str, frozenset[str]], b: tuple[str, frozenset[str]]) -> bool:
    verb_a, object_a = a
    verb_b, object_b = b
    if verb_a != verb_b:
        return False
    # "Books online" / "Books by phone": nothing left but the verb, the same step. Else the
    # two must act on something in common: "Signs the offer" is not "Signs for the parcel".
    return not object_a or not object_b or bool(object_a & object_b)


@register
class MisalignedChannels(Rule):
    """One step offered in two channels performs very differently in each.

    **What it does**: flags a frontstage touchpoint when another touchpoint of the same
    stage, in another channel, is the same kind of step and performs `threshold` or more
    better (50 by default, on the 0-100 scale of normalised performance). Two
    touchpoints are the same kind of step when their names start with the same verb and,
    once words for the channel or the medium are set aside ("online", "by phone", "at the
    counter", the map's own channel names), either one names nothing else or both name
    something in common: "Books a test drive online" and "Books a test drive by phone",
    or "Pays online" and "Pays at the counter". Successive steps that happen to use
    different channels ("Receives the offer by email", "Signs the offer by courier") are
    not compared. The finding points at the weaker touchpoint.

    **Why it matters**: customers pick the channel that suits them for a step, or move to
    another one when the first fails. When the same step is excellent in one channel and
    poor in another, the customers of the poor one get a broken promise, and an average
    over channels hides it.

    **Example**:
    ```yaml
    touchpoints:
      - {name: Books a test drive online, channel: Website, performance: 5}
      - {name: Books a test drive by phone, channel: Phone, performance: 2}
    ```

    **Use instead**: close the gap in the weak channel, or record why the channels differ
    (pain points, opportunities). Name touchpoints after what the customer does, verb
    first, so that the same step reads the same in every channel.
    """

    CODE = "JM201"
    NAME = "misaligned-channels"
    SUMMARY = "The same step performs far better in one channel than in another"
    SEVERITY = Severity.INFO
    Options = Settings

    def check(self, ctx: Context, options: Settings) -> Iterator[Finding]:
        scale = ctx.jmap.scale
        channel_words = frozenset(
            word.lower()
            for entry in ctx.jmap.channels or []
            for text in (entry_id(entry), entry_name(entry))
            for word in _WORD.findall(text)
        )
        for s, stage in enumerate(ctx.jmap.stages):
            rated: list[tuple[Loc, Touchpoint, float, tuple[str, frozenset[str]]]] = []
            for t, point in enumerate(stage.touchpoints):
                if unseen(point) or point.channel is None or point.performance is None:
                    continue
                step = _step(point.name, channel_words)
                if step is not None:
                    n = 100 * (point.performance - scale.min) / (scale.max - scale.min)
                    rated.append((("stages", s, "touchpoints", t), point, n, step))
            for loc, point, n, step in rated:
                peers = [
                    (other_n, other)
                    for _, other, other_n, other_step in rated
                    if slugify(other.channel or "") != slugify(point.channel or "")
                    and _same_step(step, other_step)
                ]
                if not peers:
                    continue
                best_n, best = max(peers, key=lambda peer: peer[0])
                if best_n - n >= options.threshold:
                    yield Finding(
                        loc,
                        f"“{point.name}” ({point.channel}, {n:.0f}/100) is the same step as"
                        f" “{best.name}” ({best.channel}, {best_n:.0f}/100): {best_n - n:.0f}"
                        f" points apart in stage “{stage.name}”",
                    )

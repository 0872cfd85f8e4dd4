"""Which names look like variants of each other, script by script, in n log n time.

Used by JM204 and JM205. Two names are variants when they are the same letters and digits
(NFKC-normalised, case-folded, punctuation and spaces ignored: "Web site" / "website"), or,
within one writing system, when their string similarity reaches the threshold. Names are
compared only with names of the same script (マーケティング is never a variant of 営業), and
the similarity is measured as suits the script:

- letters of an alphabet, abjad or syllabary (Latin, Cyrillic, Greek, Arabic, kana...): the
  difflib ratio of the case-folded names, as a typo ("Marketng") changes one letter of many;
- Hangul: the same ratio over the jamo (the letters each syllable block is made of), so a
  typo in one letter is not a whole syllable apart;
- Han ideographs: no similarity, only the same characters, since one ideograph is a
  whole word (営業部 and 営業所 are a sales department and a sales office).

To stay n log n, a name is measured only against its nearest neighbours in two orders:
alphabetical, and alphabetical read backwards (so a typo near either end still sorts next
to its original). Names over LONGEST characters are compared by their letters only: a
team or channel name is short, and the ratio costs the product of the two lengths.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence
from functools import lru_cache

NEIGHBOURS = 4  # names measured against each name in each order
LONGEST = 100
_IDEOGRAPHIC = frozenset({"CJK"})
_NOT_ALNUM = re.compile(r"[\W_]+")  # what str.isalnum() refuses, in every script
_MIXED_KANA = "KATAKANA-HIRAGANA"  # ー and friends: used by both kana, say nothing


@lru_cache(maxsize=4096)
def _script_of(char: str) -> str | None:
    name = unicodedata.name(char, "")
    word = name.split(" ", 1)[0]
    return None if not word or word == _MIXED_KANA else word


def script(text: str) -> str:
    """The script most of the letters of `text` are in ('LATIN', 'CJK', 'KATAKANA'...);
    '' when it has no letters."""
    if text.isascii():  # the common case, without a look-up per letter
        return "LATIN" if any(char.isalpha() for char in text) else ""
    counts: Counter[str] = Counter()
    for char in text:
        if char.isalpha() and (found := _script_of(char)) is not None:
            counts[found] += 1
    if not counts:
        return ""
    return max(counts.items(), key=lambda item: item[1])[0]


def letters(text: str) -> str:
    """The letters and digits of `text`, NFKC-normalised and case-folded."""
    return _NOT_ALNUM.sub("", unicodedata.normalize("NFKC", text).casefold())


def variants(
    names: Sequence[str], uses: Sequence[int], similarity: float
) -> Iterator[tuple[int, int]]:
    """(rare, common) index pairs of `names` (distinct, in order of first use) where the
    rarer name looks like a variant of the other; each rare name once, in the order the
    pairs of names would be met comparing each name with every later one."""
    pairs: set[tuple[int, int]] = set()
    by_letters: dict[str, list[int]] = {}
    for i, name in enumerate(names):
        key = letters(name)
        if key:
            by_letters.setdefault(key, []).append(i)
    for group in by_letters.values():
        # the same letters: each one is a variant of the most used spelling
        common = min(group, key=lambda i: (-uses[i], names[i]))
        pairs.update((min(i, common), max(i, common)) for i in group if i != common)
    pairs |= _similar(names, similarity)
    reported: set[int] = set()
    for a, b in sorted(pairs):
        rare, common = (a, b) if _rarer(names, uses, a, b) else (b, a)
        if rare not in reported:
            reported.add(rare)
            yield rare, common


def _rarer(names: Sequence[str], uses: Sequence[int], a: int, b: int) -> bool:
    return uses[a] < uses[b] or (uses[a] == uses[b] and names[a] > names[b])


def _similar(names: Sequence[str], similarity: float) -> set[tuple[int, int]]:
    """Pairs (i < j) of names in the same script whose ratio reaches `similarity`."""
    by_script: dict[str, list[tuple[str, int]]] = {}
    for i, name in enumerate(names):
        folded = unicodedata.normalize("NFKC", name).casefold()
        kind = script(folded)
        if not kind or kind in _IDEOGRAPHIC or len(folded) > LONGEST:
            continue
        if kind == "HANGUL":
            folded = unicodedata.normalize("NFD", folded)
        by_script.setdefault(kind, []).append((folded, i))
    found: set[tuple[int, int]] = set()
    for entries in by_script.values():
        letters_of = {i: _Letters(text) for text, i in entries}
        for order in (sorted(entries), sorted(entries, key=lambda e: e[0][::-1])):
            for k, (_, i) in enumerate(order):
                for _, j in order[k + 1 : k + 1 + NEIGHBOURS]:
                    pair = (i, j) if i < j else (j, i)
                    if pair not in found and letters_of[i].close(letters_of[j], similarity):
                        found.add(pair)
    return found


class _Letters:
    """A name and what the cheap bounds of its similarity need, computed once."""

    __slots__ = ("chars", "counts", "length", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.length = len(text)
        self.chars = frozenset(text)
        self.counts: Counter[str] | None = None

    def close(self, other: _Letters, similarity: float) -> bool:
        # difflib's ratio is 2 * matches / total length; its cheap upper bounds first, as
        # most neighbours fail on those alone: the lengths; then letters one name lacks,
        # which can match nothing (once each, with set operations in C; then counted)
        need = similarity * (self.length + other.length) / 2
        if min(self.length, other.length) < need:
            return False
        if self.length - len(self.chars - other.chars) < need:
            return False
        if other.length - len(other.chars - self.chars) < need:
            return False
        mine, theirs = self.counted(), other.counted()
        if sum(min(n, theirs[c]) for c, n in mine.items()) < need:
            return False
        matcher = difflib.SequenceMatcher(None, self.text, other.text, autojunk=False)
        return matcher.ratio() >= similarity

    def counted(self) -> Counter[str]:
        if self.counts is None:
            self.counts = Counter(self.text)
        return self.counts

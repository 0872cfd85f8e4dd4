"""'Did you mean' suggestions for misspelt field names and vocabulary entries."""

from __future__ import annotations

from collections.abc import Iterable


def closest(word: str, choices: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The choice nearest to `word`, compared without case, or None if none is close."""
    import difflib  # only when a suggestion is needed

    by_folded = {choice.casefold(): choice for choice in choices}
    # difflib's ratio, 2 * matches / (len(word) + len(choice)), cannot reach the cutoff for
    # a word this much longer than every choice; and difflib indexes every character of a
    # word (a 4 MB header cell of a workbook: 160 MB). The bound is difflib's own
    # real_quick_ratio, computed as it computes it: at exactly the cutoff a rearranged
    # formula (word * cutoff > (2 - cutoff) * longest) rounded the other way
    longest, size = max(map(len, by_folded), default=0), len(word.casefold())
    if size > longest and 2.0 * longest / (size + longest) < cutoff:
        return None
    match = difflib.get_close_matches(word.casefold(), list(by_folded), n=1, cutoff=cutoff)
    return by_folded[match[0]] if match else None


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """' (did you mean 'name'?)' or an empty string."""
    match = closest(word, choices)
    return f"; did you mean {match!r}?" if match else ""

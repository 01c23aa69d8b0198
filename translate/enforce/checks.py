"""Reject candidates that garble the sentence: leftovers of the model's rendering, lost words.

* **Leftovers**: a word that renders the term (an anchor) right next to the placed target,
  joined to it by at most two bridge words — ``Defense minister of *Defense*``, ``Kyiv
  *Kiev*``, ``*Shoigu* Shoigu``. The target plus a remnant of the model's own rendering reads as
  a broken sentence.
* **Lost words**: content words the model wrote that the candidate no longer has (counted as a
  multiset, so a dropped repetition counts too), beyond the rendering's own words. A forced
  continuation may end the sentence right after the target — its score can still be high —
  so coverage of the model's output is measured, not assumed.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Sequence

from translate.enforce.words import BRIDGES, FUNCTION_WORDS, Anchors, Word

#: Bridge words tolerated between the target and a remnant that still make it a leftover.
LEFTOVER_REACH = 2


def word_range(ws: Sequence[Word], start: int, end: int) -> tuple[int, int] | None:
    """Indices of the first and last word inside ``[start, end)`` (binary search)."""
    first = bisect.bisect_left([w.start for w in ws], start)
    last = bisect.bisect_right([w.end for w in ws], end) - 1
    return (first, last) if first <= last else None


def has_leftover(
    ws: Sequence[Word], first: int, last: int, anchors: Anchors, blocked: Sequence[bool]
) -> bool:
    """Whether an anchor of the term sits next to the target placed at words ``first..last``."""
    for step, begin in ((-1, first - 1), (1, last + 1)):
        k = begin
        bridges = 0
        while 0 <= k < len(ws) and not blocked[k]:
            folded = ws[k].folded
            if anchors.role(folded) is not None:
                return True
            if folded not in BRIDGES or bridges >= LEFTOVER_REACH:
                break
            bridges += 1
            k += step
    return False


def content_counts(ws: Sequence[Word], anchors: Anchors | None = None) -> Counter[str]:
    """Content words (no function words, no anchors of the term) and how often each occurs."""
    return Counter(
        w.folded
        for w in ws
        if w.folded not in FUNCTION_WORDS and (anchors is None or anchors.role(w.folded) is None)
    )


def lost_words(model: Counter[str], candidate: Sequence[Word]) -> int:
    """How many of the model's content words (a multiset) the candidate lacks."""
    have = Counter(w.folded for w in candidate)
    return sum(max(0, n - have[w]) for w, n in model.items())

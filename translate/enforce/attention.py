"""Find the model's own rendering of a term from its alignment head, where spelling cannot.

opus-mt-de-en's alignment head (the first head of the last decoder layer, trained with guided
alignment) says which source word each target word was written for; the pipeline turns it into
word links (:mod:`translate.wordalign`) from the decode that produced the translation, so this
costs no model call. A rendering that shares no spelling with the glossary — *Alternative for
Germany* for *AfD*, *the Kremlin* for *Moskau*, a declined name re-spelled beyond recognition —
is still linked to the term's source words.

The span is the run of target words linked to the term's source span, with the function words
at its edges left out (the article before the term stays). It is no span when it crosses
punctuation, a target already in place, or a content word the head links to another source word
(then the linked words are not one phrase), or when it is much longer than the target.

Cost: the links are resolved to word indices once per text (:func:`resolve_links`, one binary
search per link); each term occurrence then reads only the links on its own source span, so a
paragraph that repeats a term costs time linear in its links and words.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

from translate.document import WordLink
from translate.enforce.renderings import joined
from translate.enforce.words import FUNCTION_WORDS, Word

#: A linked span may have at most this many words more than the target has.
EXTRA_WORDS = 2


@dataclass(frozen=True)
class ResolvedLinks:
    """The word links of one target text, each as ``(source start, source end, first word,
    last word)``, sorted by source span, and how many links cover each target word."""

    links: tuple[tuple[int, int, int, int], ...]
    source_starts: tuple[int, ...]
    reach: tuple[int, ...]
    """Running maximum of the source ends (non-decreasing): where a search may start."""
    covers: tuple[int, ...]
    """Per target word: the number of links that cover it."""

    def on_source(self, begin: int, end: int) -> list[tuple[int, int, int, int]]:
        """The links whose source span overlaps ``[begin, end)``."""
        first = bisect.bisect_right(self.reach, begin)
        last = bisect.bisect_left(self.source_starts, end)
        return [link for link in self.links[first:last] if link[1] > begin]


def resolve_links(ws: Sequence[Word], links: Sequence[WordLink]) -> ResolvedLinks:
    """``links`` resolved to word indices of ``ws`` (links that cover no word are dropped)."""
    starts = [w.start for w in ws]
    ends = [w.end for w in ws]
    resolved = []
    covers = [0] * len(ws)
    for source_start, source_end, target_start, target_end in links:
        first = bisect.bisect_left(starts, target_start)
        last = bisect.bisect_right(ends, target_end) - 1
        if first > last:
            continue
        resolved.append((source_start, source_end, first, last))
        for k in range(first, last + 1):
            covers[k] += 1
    resolved.sort()
    reach = []
    furthest = -1
    for link in resolved:
        furthest = max(furthest, link[1])
        reach.append(furthest)
    return ResolvedLinks(
        tuple(resolved), tuple(link[0] for link in resolved), tuple(reach), tuple(covers)
    )


def attended_span(
    text: str,
    ws: Sequence[Word],
    links: ResolvedLinks,
    source_span: tuple[int, int],
    blocked: Sequence[bool],
    target_words: int,
) -> tuple[int, int] | None:
    """Word range ``(first, last)`` of ``text`` that the alignment head links to the source
    characters ``source_span``, or None (see the module docstring)."""
    begin, end = source_span
    inside: dict[int, int] = {}  # word → links on the term's source span that cover it
    for _, _, first, last in links.on_source(begin, end):
        for k in range(first, last + 1):
            inside[k] = inside.get(k, 0) + 1
    content = sorted(k for k in inside if ws[k].folded not in FUNCTION_WORDS and not blocked[k])
    if not content:
        return None
    first, last = content[0], content[-1]
    if last - first + 1 > target_words + EXTRA_WORDS:
        return None
    for k in range(first, last + 1):
        if blocked[k] or (k > first and not joined(text, ws[k - 1], ws[k])):
            return None
        elsewhere = links.covers[k] > inside.get(k, 0)
        if k not in inside and elsewhere and ws[k].folded not in FUNCTION_WORDS:
            return None
    return first, last

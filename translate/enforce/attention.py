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
"""

from __future__ import annotations

from collections.abc import Sequence

from translate.document import WordLink
from translate.enforce.checks import word_range
from translate.enforce.renderings import joined
from translate.enforce.words import FUNCTION_WORDS, Word

#: A linked span may have at most this many words more than the target has.
EXTRA_WORDS = 2


def attended_span(
    text: str,
    ws: Sequence[Word],
    links: Sequence[WordLink],
    source_span: tuple[int, int],
    blocked: Sequence[bool],
    target_words: int,
) -> tuple[int, int] | None:
    """Word range ``(first, last)`` of ``text`` that the alignment head links to the source
    characters ``source_span``, or None (see the module docstring)."""
    begin, end = source_span
    linked: set[int] = set()
    elsewhere: set[int] = set()
    for source_start, source_end, target_start, target_end in links:
        found = word_range(ws, target_start, target_end)
        if found is None:
            continue
        inside = source_start < end and begin < source_end
        for k in range(found[0], found[1] + 1):
            (linked if inside else elsewhere).add(k)
    content = sorted(k for k in linked if ws[k].folded not in FUNCTION_WORDS and not blocked[k])
    if not content:
        return None
    first, last = content[0], content[-1]
    if last - first + 1 > target_words + EXTRA_WORDS:
        return None
    for k in range(first, last + 1):
        if blocked[k] or (k > first and not joined(text, ws[k - 1], ws[k])):
            return None
        if k not in linked and k in elsewhere and ws[k].folded not in FUNCTION_WORDS:
            return None
    return first, last

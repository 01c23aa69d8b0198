"""Find the model's own rendering of a glossary term in its translation.

A rendering is a run of anchor words (see :mod:`translate.enforce.words`) joined by at most two
bridge words: ``Kiev``, ``defence minister``, ``Minister of Defense``, ``head of the
Pentagon`` (anchor ``Pentagon``). It is *complete* when it covers every content word of one of
the term's targets, or is a single word spelled like the German term (a name): then exactly
that span is replaced. A partial one (``Pentagon`` of *the head of the Pentagon* for *Pentagon
chief*) is a seed: the spans around it become candidates that the model ranks.

One pass over the words per entry; each distinct word is judged once (memoised in
:class:`~translate.enforce.words.Anchors`), so the cost is linear in the number of words.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

from translate.enforce.words import (
    BRIDGES,
    DERIVED_ROLE,
    FUNCTION_WORDS,
    NON_TARGET_ROLES,
    PART_ROLE,
    SOURCE_ROLE,
    WORD,
    Anchors,
    Word,
)

#: At most this many bridge words in a row inside a rendering ("of the").
MAX_BRIDGES = 2
#: How far a partial rendering is widened to the left / right to form candidate spans.
WIDEN_LEFT = 3
WIDEN_RIGHT = 2
#: Characters allowed between two words of one rendering (no punctuation: a comma ends it).
_JOINERS = frozenset(" \t'\u2019")


@dataclass(frozen=True)
class OwnRendering:
    """Words ``first..last`` (inclusive) of the translation render the term."""

    first: int
    last: int
    roles: frozenset[str]
    complete: bool


def joined(text: str, left: Word, right: Word) -> bool:
    """Whether only spaces or an apostrophe separate two neighbouring words."""
    return all(c in _JOINERS for c in text[left.end : right.start])


def blocked_words(ws: Sequence[Word], protected: Sequence[tuple[int, int]]) -> list[bool]:
    """For each word, whether it overlaps a protected span (a target already in place).

    Sorted spans and a binary search per word: O((W + P) log P)."""
    spans = sorted(protected)
    starts = [s for s, _ in spans]
    # the largest end among spans starting before each index: a prefix maximum
    reach: list[int] = []
    high = -1
    for _, end in spans:
        high = max(high, end)
        reach.append(high)
    out = []
    for w in ws:
        i = bisect.bisect_left(starts, w.end)  # spans starting before the word ends
        out.append(i > 0 and reach[i - 1] > w.start)
    return out


def find_renderings(
    text: str,
    ws: Sequence[Word],
    anchors: Anchors,
    blocked: Sequence[bool],
) -> list[OwnRendering]:
    """Every rendering of ``anchors.entry`` in the translation, best first.

    Best = complete before partial, then more target words covered, then earlier."""
    targets = [
        frozenset(
            w
            for w in (m.group(0).casefold() for m in WORD.finditer(alternative))
            if w not in FUNCTION_WORDS
        )
        for alternative in anchors.entry.targets
    ]
    longest = max((len(t) for t in targets), default=1)
    found: list[OwnRendering] = []
    i = 0
    n = len(ws)
    while i < n:
        role = None if blocked[i] else anchors.role(ws[i].folded)
        if role is None:
            i += 1
            continue
        roles = {role}
        last = i
        j = i + 1
        bridges = 0
        while j < n and not blocked[j] and joined(text, ws[j - 1], ws[j]):
            if len(roles) > longest + 1:
                break
            folded = ws[j].folded
            next_role = anchors.role(folded)
            if next_role is not None and (next_role not in roles or next_role == PART_ROLE):
                roles.add(next_role)
                last = j
                bridges = 0
            elif folded in BRIDGES and bridges < MAX_BRIDGES:
                bridges += 1
            else:
                break
            j += 1
        named = SOURCE_ROLE in roles and last == i
        complete = named or any(t and t <= roles for t in targets)
        found.append(OwnRendering(i, last, frozenset(roles), complete))
        i = last + 1
    found.sort(key=lambda r: (not r.complete, -len(r.roles - NON_TARGET_ROLES), r.first))
    return found


def widened_spans(
    text: str, ws: Sequence[Word], rendering: OwnRendering, blocked: Sequence[bool]
) -> list[tuple[int, int]]:
    """Word ranges ``(first, last)`` around a partial rendering: the rendering itself and the
    rendering widened by up to WIDEN_LEFT words to the left and WIDEN_RIGHT to the right, within
    the clause (no punctuation crossed), never over a target in place, never beginning or
    ending with a function word (an article or preposition before the term stays)."""
    lefts = [rendering.first]
    k = rendering.first
    while k > 0 and rendering.first - k < WIDEN_LEFT:
        if blocked[k - 1] or not joined(text, ws[k - 1], ws[k]):
            break
        k -= 1
        lefts.append(k)
    rights = [rendering.last]
    k = rendering.last
    while k + 1 < len(ws) and k - rendering.last < WIDEN_RIGHT:
        if blocked[k + 1] or not joined(text, ws[k], ws[k + 1]):
            break
        k += 1
        rights.append(k)
    return [
        (a, b)
        for a in lefts
        for b in rights
        if ws[a].folded not in FUNCTION_WORDS and ws[b].folded not in FUNCTION_WORDS
    ]


def genitive_of(ws: Sequence[Word], first: int, rendering: OwnRendering) -> bool:
    """Whether words ``first..rendering.last`` read "<word> of [the] <rendering>".

    German compounds come out of a translation model reordered with *of* as often as not —
    *Pentagon-Chef* → *head of the Pentagon*, *Verteidigungsminister* → *Minister of Defense*,
    *Regierungschef* → *head of government* — so when the rendering covers only part of the
    target and such a word precedes it, that word is the rest of the model's rendering (the
    *chief* of *Pentagon chief*), whatever a memorising model's score says.
    """
    between = [w.folded for w in ws[first + 1 : rendering.first]]
    return (
        first < rendering.first
        and ws[first].folded not in FUNCTION_WORDS
        and bool(between)
        and between[0] == "of"
        and all(w in BRIDGES for w in between)
    )


def modified_noun(
    text: str, ws: Sequence[Word], rendering: OwnRendering, blocked: Sequence[bool]
) -> int | None:
    """The word a derived adjective modifies (*record* of *the Italian record*), or None.

    The rendering must be that one adjective (:data:`~translate.enforce.words.DERIVED_ROLE`)
    and the next word a content word of the same clause: then *the record of Italy* says what
    the model said with the glossary's noun, where *the Italy record* would not read as English.
    """
    k = rendering.last + 1
    if (
        rendering.roles != {DERIVED_ROLE}
        or k >= len(ws)
        or blocked[k]
        or ws[k].folded in FUNCTION_WORDS
        or not joined(text, ws[rendering.last], ws[k])
    ):
        return None
    return k

"""Checking whether a glossary target is present in an English translation.

The rule: *a target counts as present when one of its alternatives appears with its exact
spelling and case, except that its first letter may be upper-case at the start of a sentence.*
In detail:

* the alternative must stand as a whole word or phrase: the characters around it are not
  letters or digits (``Kyiv's`` and ``pro-Kyiv`` contain ``Kyiv``; ``Kyivan`` does not; an
  alternative ``defense minister`` is not found in ``defense ministers`` — list the plural as
  an alternative of its own);
* a space inside an alternative matches any run of whitespace;
* the upper-cased first letter is accepted only at a sentence start: the start of the text or
  of a line, after ``.``, ``!``, ``?`` or ``…`` and whitespace (closing quotes may come
  between), or after an opening quote or bracket that follows such a place, a colon or a
  comma (quoted speech). Opening quotes and brackets right before the word are skipped;
* the ``case`` column of the entry concerns the German source only: targets are always
  compared with their exact case.

When several alternatives are present, the longest match wins, then the earliest, then the
alternative listed first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import NamedTuple

from translate.document import GlossaryEntry

_OPENERS = "\"'\u201c\u201e\u2018\u201a\u00ab\u00bb\u2039\u203a([{"
_CLOSERS = "\"'\u201d\u2019\u00bb\u00ab\u203a\u2039)]}"
_ENDERS = ".!?\u2026"


class TargetHit(NamedTuple):
    """A target alternative of ``entry`` found in a translation at ``start:end``."""

    entry: GlossaryEntry
    target: str
    start: int
    end: int


@lru_cache(maxsize=8192)
def _alternative_regex(alternative: str) -> re.Pattern[str]:
    words = alternative.split()
    body = r"\s+".join(re.escape(w) for w in words)
    first = alternative[0]
    if first.upper() != first and len(first.upper()) == 1:
        body = f"[{re.escape(first)}{re.escape(first.upper())}]" + body[len(re.escape(first)) :]
    if first.isalnum() or first == "_":
        body = r"(?<!\w)" + body
    last = alternative[-1]
    if last.isalnum() or last == "_":
        body += r"(?!\w)"
    return re.compile(body)


def at_sentence_start(text: str, pos: int) -> bool:
    """Whether ``pos`` in ``text`` begins a sentence (see the module docstring)."""
    i = pos
    saw_space = saw_opener = False
    while i > 0 and text[i - 1] in _OPENERS:
        saw_opener = True
        i -= 1
    while i > 0 and text[i - 1].isspace():
        if text[i - 1] in "\n\r\u2028\u2029":
            return True
        saw_space = True
        i -= 1
    if i == 0:
        return True
    before = text[i - 1]
    if saw_opener and before in ":,":
        return True
    while i > 0 and text[i - 1] in _CLOSERS:
        i -= 1
    return (saw_space or saw_opener) and i > 0 and text[i - 1] in _ENDERS


def _occurrences(translation: str, alternative: str) -> Iterable[tuple[int, int]]:
    first = alternative[0]
    for m in _alternative_regex(alternative).finditer(translation):
        start = m.start()
        if translation[start] == first or at_sentence_start(translation, start):
            yield start, m.end()


def find_target(
    translation: str, entry: GlossaryEntry, outside: Sequence[tuple[int, int]] = ()
) -> tuple[str, int, int] | None:
    """The alternative of ``entry`` present in ``translation`` and its span, or None.

    The returned string is the alternative as the glossary spells it; the span locates its
    occurrence (whose first letter may be upper-cased at a sentence start). Occurrences lying
    inside one of the ``outside`` spans (another term's target) do not count.
    """
    best: tuple[int, int, int] | None = None
    best_alt = ""
    for order, alternative in enumerate(entry.targets):
        if not alternative:
            continue
        for start, end in _occurrences(translation, alternative):
            if any(a <= start and end <= b for a, b in outside):
                continue
            key = (start - end, start, order)
            if best is None or key < best:
                best, best_alt = key, alternative
    if best is None:
        return None
    length, start, _ = best
    return best_alt, start, start - length


def locate_targets(
    translation: str, entries: Sequence[GlossaryEntry]
) -> list[tuple[str, int, int] | None]:
    """``find_target`` for each of a sentence's matched entries, one occurrence each.

    An occurrence inside another entry's target does not count for a different entry: in
    "The defense minister met." the ``minister`` of *den Minister* is not present, it is part
    of the target of *Verteidigungsminister*. Entries with longer targets choose first; the
    same entry matched twice may share its occurrence (pronouns and ellipsis are normal).
    """
    order = sorted(
        range(len(entries)),
        key=lambda i: (-max((len(t) for t in entries[i].targets), default=0), i),
    )
    located: list[tuple[str, int, int] | None] = [None] * len(entries)
    taken: list[tuple[int, int, GlossaryEntry]] = []
    for index in order:
        entry = entries[index]
        others = [(a, b) for a, b, owner in taken if owner != entry]
        found = find_target(translation, entry, others)
        located[index] = found
        if found is not None:
            taken.append((found[1], found[2], entry))
    return located


def find_all_targets(translation: str, entries: Iterable[GlossaryEntry]) -> list[TargetHit]:
    """For each entry whose target is present in ``translation``, its ``find_target`` hit.

    Sorted by start, then longest first. Use it to count spurious insertions: hits of entries
    that did not match the source sentence. Hits may overlap (``Lloyd Austin`` and ``Austin``).
    """
    hits: list[TargetHit] = []
    seen: set[int] = set()
    for entry in entries:
        if id(entry) in seen:
            continue
        seen.add(id(entry))
        found = find_target(translation, entry)
        if found is not None:
            hits.append(TargetHit(entry, *found))
    hits.sort(key=lambda h: (h.start, h.start - h.end))
    return hits

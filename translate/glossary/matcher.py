"""Finding glossary terms in German sentences.

All terms are compiled into one regular expression: a top-level alternation keyed by the
literal first character of each term (so ``re`` skips positions that cannot start a term and
tries only the terms that start with the character at hand), each with one capturing group per
entry branch, ordered longest source first. Searching it again one character after each hit
yields every position where some term matches, with the longest-source term there; the
candidates are then resolved into non-overlapping matches:

1. the longest matched span wins;
2. among equally long spans, the earlier one;
3. among spans at the same place, the entry with the longer source, then the earlier entry
   (glossary order).

How a single term matches (inflection, compounds, boundaries, case) is documented in
``translate.glossary.inflect``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from translate.document import GlossaryEntry, TermMatch
from translate.glossary.inflect import term_branches
from translate.glossary.model import Glossary


class TermMatcher:
    """Finds the entries of a glossary in text; build once, call ``find`` per sentence."""

    def __init__(self, glossary: Glossary | Sequence[GlossaryEntry]) -> None:
        entries = glossary.entries if isinstance(glossary, Glossary) else tuple(glossary)
        order = sorted(range(len(entries)), key=lambda i: (-len(entries[i].source), i))
        self.entries: tuple[GlossaryEntry, ...] = tuple(entries[i] for i in order)
        by_first: dict[str, list[tuple[int, str, str]]] = {}
        for index, entry in enumerate(self.entries):
            for branch in term_branches(entry):
                by_first.setdefault(branch.first, []).append(
                    (index, branch.lookbehind, branch.rest)
                )
        alternatives: list[str] = []
        self._group_entry: list[int] = [-1]  # group number -> entry index
        for first in sorted(by_first):
            parts = []
            for index, look, rest in by_first[first]:
                parts.append(f"{look}({rest})")
                self._group_entry.append(index)
            alternatives.append(f"{re.escape(first)}(?:{'|'.join(parts)})")
        self._regex: re.Pattern[str] | None = (
            re.compile("|".join(alternatives)) if alternatives else None
        )

    def __len__(self) -> int:
        return len(self.entries)

    def candidates(self, text: str) -> list[tuple[int, int, int]]:
        """Every ``(start, end, entry index)`` found, one per start position, before resolving."""
        found: list[tuple[int, int, int]] = []
        regex = self._regex
        if regex is None:
            return found
        search = regex.search
        group_entry = self._group_entry
        m = search(text)
        while m is not None:
            start = m.start()
            found.append((start, m.end(), group_entry[m.lastindex or 0]))
            m = search(text, start + 1)
        return found

    def find(self, text: str) -> list[TermMatch]:
        """The non-overlapping glossary matches in ``text``, sorted by start."""
        found = self.candidates(text)
        if not found:
            return []
        found.sort(key=lambda c: (c[0] - c[1], c[0], c[2]))
        chosen: list[tuple[int, int, int]] = []
        if len(found) <= 16:  # a sentence: comparing with the few chosen is cheapest
            for start, end, index in found:
                if all(end <= s or start >= e for s, e, _ in chosen):
                    chosen.append((start, end, index))
        else:  # a long paragraph: mark the characters taken, linear instead of quadratic
            taken = bytearray(len(text))
            for start, end, index in found:
                if not any(taken[start:end]):
                    chosen.append((start, end, index))
                    taken[start:end] = b"\x01" * (end - start)
        chosen.sort()
        return [TermMatch(s, e, text[s:e], self.entries[i]) for s, e, i in chosen]

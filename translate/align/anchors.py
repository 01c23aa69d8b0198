"""Anchors: what a German sentence and an English sentence visibly share.

Three kinds, each found once per sentence and compared per candidate pair (cached):

* **values** — every date, time, number, percentage and amount the localisation value finder
  (:func:`translate.localize.german_values.find_values`) sees in the German sentence is looked
  for in the English one with the same accepting patterns the value check uses
  (``21.30 Uhr`` ↔ ``9:30 p.m.``, ``3,5 Prozent`` ↔ ``3.5 percent``); digits outside any value
  (``A 45``, ``44jährige``) are compared as digit strings (``1.230`` ↔ ``1,230``). Numbers on
  either side that find no partner count against a link.
* **glossary terms** — a matched German term whose target (any alternative) is in the English
  sentence (:func:`translate.glossary.targets.find_target`).
* **names and identical tokens** — capitalised words and acronyms spelled the same on both
  sides (``Machtolsheim``, ``VW``), the first word of a sentence excepted.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from translate.document import GlossaryEntry
from translate.glossary import TermMatcher
from translate.glossary.targets import find_target
from translate.localize.english_forms import EnglishForms
from translate.localize.german_values import SourceValue, find_values

_DIGITS_RE = re.compile(r"\d+(?:[.,:]\d+)*")
_WORD_RE = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
_COMMON = frozenset(
    """
    Die Der Das Den Dem Des Ein Eine Und Im In Am An Auf Mit Von Zu Nach Bei Aus Für Es Er Sie
    Wir Ich The A An And In On At To Of For It He She We I They This That But As By From With
    Mr Mrs Ms Dr Prof Herr Frau Uhr Euro Prozent
    """.split()
)


def _digit_key(text: str) -> str:
    return re.sub(r"\D", "", text).lstrip("0") or "0"


def _names(text: str) -> frozenset[str]:
    """Capitalised words and acronyms, the sentence's first word left out."""
    words = [m.group() for m in _WORD_RE.finditer(text)]
    return frozenset(
        w for w in words[1:] if w[0].isupper() and (len(w) >= 3 or w.isupper()) and w not in _COMMON
    )


@dataclass(frozen=True)
class SourceAnchors:
    """What one German sentence offers for matching."""

    values: tuple[SourceValue, ...]
    patterns: tuple[re.Pattern[str], ...]
    """Per value, the English forms that accept it (the value check's own patterns)."""
    value_digits: tuple[frozenset[str], ...]
    """Per value, the digit strings of its surface (compared as digits when the value's
    patterns find nothing: a translator's own form still shares its digits)."""
    digits: frozenset[str]
    """Digit strings outside every value, by key."""
    terms: tuple[GlossaryEntry, ...]
    names: frozenset[str]


@dataclass(frozen=True)
class TargetAnchors:
    """What one English sentence offers for matching."""

    text: str
    digit_spans: tuple[tuple[int, int, str], ...]
    """Every digit group: start, end, key."""
    digit_keys: frozenset[str]
    names: frozenset[str]


@dataclass(frozen=True)
class PairAnchors:
    """The anchors of one German and one English sentence that meet."""

    values: frozenset[int]
    """Indices of the German sentence's values found in the English one."""
    covered: frozenset[int]
    """Indices of the English digit groups inside a found value."""
    terms: frozenset[int]
    """Indices of the German sentence's glossary terms whose target is in the English one."""


def source_anchors(text: str, matcher: TermMatcher | None, forms: EnglishForms) -> SourceAnchors:
    values = find_values(text)
    spans = [(v.start, v.end) for v in values]
    digits = frozenset(
        _digit_key(m.group())
        for m in _DIGITS_RE.finditer(text)
        if not any(a <= m.start() < b for a, b in spans)
    )
    terms = tuple(m.entry for m in matcher.find(text)) if matcher is not None else ()
    value_digits = tuple(
        frozenset(_digit_key(m.group()) for m in _DIGITS_RE.finditer(v.surface)) for v in values
    )
    patterns = tuple(forms.pattern(v) for v in values)
    return SourceAnchors(values, patterns, value_digits, digits, terms, _names(text))


def target_anchors(text: str) -> TargetAnchors:
    spans = tuple((m.start(), m.end(), _digit_key(m.group())) for m in _DIGITS_RE.finditer(text))
    return TargetAnchors(text, spans, frozenset(k for _, _, k in spans), _names(text))


_NOTHING = PairAnchors(frozenset(), frozenset(), frozenset())


def pair_anchors(src: SourceAnchors, tgt: TargetAnchors) -> PairAnchors:
    if not src.values and not src.terms:
        return _NOTHING
    found: set[int] = set()
    covered: set[int] = set()
    for k, pattern in enumerate(src.patterns):
        match = pattern.search(tgt.text)
        if match is None:
            continue
        found.add(k)
        covered.update(
            g for g, (a, _, _) in enumerate(tgt.digit_spans) if match.start() <= a < match.end()
        )
    terms = {k for k, entry in enumerate(src.terms) if find_target(tgt.text, entry) is not None}
    return PairAnchors(frozenset(found), frozenset(covered), frozenset(terms))


@dataclass(frozen=True)
class AnchorCounts:
    """Anchors of a candidate link: what meets, and the numbers that find no partner."""

    hits: int
    """Values and digit strings found on both sides."""
    misses: int
    """Values or digit strings on one side only."""
    terms: int
    names: int


def link_anchors(
    sources: Sequence[SourceAnchors],
    targets: Sequence[TargetAnchors],
    pairs: Sequence[Sequence[PairAnchors]],
) -> AnchorCounts:
    """Count the anchors of a link; ``pairs[a][b]`` meets ``sources[a]`` and ``targets[b]``.

    Digit strings and names are compared as sets per link (a number repeated within a link
    counts once).
    """
    hits = misses = terms = 0
    covered: list[set[int]] = [set() for _ in targets]
    src_digits: set[str] = set()
    src_names: set[str] = set()
    for a, src in enumerate(sources):
        if src.values or src.terms:
            found: set[int] = set()
            found_terms: set[int] = set()
            for b, pair in enumerate(pairs[a]):
                found |= pair.values
                found_terms |= pair.terms
                covered[b] |= pair.covered
            hits += len(found)
            terms += len(found_terms)
            for k, digits in enumerate(src.value_digits):
                if k not in found:
                    if digits:
                        src_digits |= digits
                    else:
                        misses += 1  # a number word with no partner
        src_digits |= src.digits
        src_names |= src.names
    tgt_digits: set[str] = set()
    tgt_names: set[str] = set()
    for b, tgt in enumerate(targets):
        if covered[b]:
            tgt_digits.update(
                k for g, (_, _, k) in enumerate(tgt.digit_spans) if g not in covered[b]
            )
        else:
            tgt_digits |= tgt.digit_keys
        tgt_names |= tgt.names
    if src_digits or tgt_digits:
        shared = len(src_digits & tgt_digits)
        hits += shared
        misses += len(src_digits) + len(tgt_digits) - 2 * shared
    names = len(src_names & tgt_names) if src_names and tgt_names else 0
    return AnchorCounts(hits, misses, terms, names)

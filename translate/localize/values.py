"""Check that every value of the German sentence reached the English one, in the locale's form.

For each :class:`SourceValue` (in source order) the translation is searched for an accepted
English rendering (:meth:`EnglishForms.pattern`); each rendering found is claimed by one value,
so ``1.000 … 1.000`` needs two ``1,000`` in the translation. A value not found is looked for in
German form — its German surface (``12. Juli``, ``45.000 Euro``), a German day before an
English month (``12. July``), or its number with German separators (``1.000``, ``3,5``). When
exactly one such place exists, it is rewritten to the locale's preferred form (status
``corrected``); otherwise the value is flagged for review: ``german-format`` when German
separators are left but the place is ambiguous, ``missing`` when nothing was found.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from translate.document import ValueResult, ValueStatus
from translate.localize.english_forms import english_forms
from translate.localize.german_values import SourceValue, find_values
from translate.localize.locales import LocaleSpec

#: German number with separators that English reads differently (1.000 / 3,5 / 1.000,5)
_GERMAN_SEPARATED = re.compile(
    r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d{1,3}(?:['’ \u00a0\u2009\u202f]\d{3})+|\d+,\d+"
)


@dataclass(frozen=True)
class Edit:
    """A replacement in the translation: ``[start, end)`` becomes ``text``."""

    start: int
    end: int
    text: str


#: Characters around an edit that :func:`_correction` reads to check it.
_WINDOW = 80


class _Spans:
    """A union of spans as sorted disjoint intervals: overlap tests in O(log n).

    ``free(span)`` is true when ``span`` overlaps none of the spans added (touching is not
    overlapping). Overlapping spans are merged on ``add``, so the intervals stay disjoint and
    both their starts and their ends stay sorted.
    """

    def __init__(self, spans: Sequence[tuple[int, int]] = ()) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        for span in spans:
            self.add(span)

    def free(self, span: tuple[int, int]) -> bool:
        before = bisect.bisect_left(self._starts, span[1])  # intervals starting before its end
        return before == 0 or self._ends[before - 1] <= span[0]

    def add(self, span: tuple[int, int]) -> None:
        low = bisect.bisect_right(self._ends, span[0])  # first interval ending after its start
        high = bisect.bisect_left(self._starts, span[1])
        start, end = span
        if low < high:
            start, end = min(start, self._starts[low]), max(end, self._ends[high - 1])
        self._starts[low:high] = [start]
        self._ends[low:high] = [end]


class _Places:
    """The places where equal values could be rewritten, kept current as spans get claimed.

    Asking how many places of a value are still free, and which is first, costs amortised
    O(1): a claim marks the places it overlaps (found by binary search in one sorted index),
    and each place dies once. This keeps n equal values over n places linear, not quadratic.
    """

    def __init__(self) -> None:
        self._places: dict[SourceValue, list[tuple[int, int]]] = {}
        self._alive: dict[SourceValue, list[bool]] = {}
        self._count: dict[SourceValue, int] = {}
        self._cursor: dict[SourceValue, int] = {}
        self._index: list[tuple[int, int, int, SourceValue]] = []  # (start, end, pos, key)
        self._longest = 0
        self._ids: dict[SourceValue, int] = {}

    def known(self, key: SourceValue) -> bool:
        return key in self._places

    def register(self, key: SourceValue, places: list[tuple[int, int]]) -> None:
        """``places`` (all free now) of the values equal to ``key``."""
        self._ids.setdefault(key, len(self._ids))
        self._places[key] = places
        self._alive[key] = [True] * len(places)
        self._count[key] = len(places)
        self._cursor[key] = 0
        for pos, (start, end) in enumerate(places):
            bisect.insort(self._index, (start, end, pos, key), key=lambda t: (t[0], t[1], t[2]))
            self._longest = max(self._longest, end - start)

    def free(self, key: SourceValue) -> tuple[int, tuple[int, int] | None]:
        """How many places of ``key`` are free, and the first of them."""
        alive, cursor = self._alive[key], self._cursor[key]
        while cursor < len(alive) and not alive[cursor]:
            cursor += 1
        self._cursor[key] = cursor
        first = self._places[key][cursor] if cursor < len(alive) else None
        return self._count[key], first

    def claim(self, span: tuple[int, int]) -> None:
        """Mark every place overlapping ``span`` as taken."""
        high = bisect.bisect_left(self._index, span[1], key=lambda t: t[0])
        low = bisect.bisect_left(self._index, span[0] - self._longest, key=lambda t: t[0])
        for start, end, pos, key in self._index[low:high]:
            if end > span[0] and start < span[1] and self._alive[key][pos]:
                self._alive[key][pos] = False
                self._count[key] -= 1


def _value_key(value: SourceValue) -> SourceValue:
    """What :func:`same_value` compares: the value without its position."""
    return replace(value, start=0, end=0)


def same_value(a: SourceValue, b: SourceValue) -> bool:
    """Whether two values are the same value written in the same way (positions aside)."""
    return _value_key(a) == _value_key(b)


def _verbatim(value: SourceValue, translation: str) -> list[tuple[int, int]]:
    surface = re.escape(value.surface)
    return [m.span() for m in re.finditer(rf"(?<![\w.,]){surface}(?![\w]|[.,]\d)", translation)]


def _german_places(value: SourceValue, translation: str, spec: LocaleSpec) -> list[tuple[int, int]]:
    """Places in the translation where ``value`` was left in German form."""
    forms = english_forms(spec)
    if value.kind == "date" and value.date is not None and value.date.day is not None:
        month = forms.month_re(value.date.month)  # 12. July, 12. Juli
        german_day = rf"(?<!\d){value.date.day}\.\s?(?:{month})"
        year = rf"(?:,?\s{value.date.year}\b)?" if value.date.year else ""
        return [m.span() for m in re.finditer(german_day + year, translation)]
    if value.kind == "time" or value.amount is None:
        return []
    number = _GERMAN_SEPARATED.search(value.surface)
    if number is None:
        return []
    return [
        m.span()
        for m in re.finditer(
            rf"(?<![\w.,]){re.escape(number.group(0))}(?![\w]|[.,]\d)", translation
        )
    ]


#: dates and times first, bare numbers last: "12 Tote am 12. Juli" → the 12 of "July 12"
#: belongs to the date, and the number takes the other one
_KIND_ORDER = {"date": 0, "time": 1, "money": 2, "percent": 3, "number": 4}


def check_values(
    source: str,
    translation: str,
    spec: LocaleSpec,
    values: Sequence[SourceValue] | None = None,
    protected: Sequence[tuple[int, int]] = (),
) -> tuple[str, tuple[ValueResult, ...], list[Edit]]:
    """Verify, correct or flag each value of ``source`` in ``translation``.

    Returns the corrected translation, one ValueResult per value (spans refer to the returned
    translation) and the edits made (so that other spans into the translation can be moved).
    ``protected`` spans (glossary targets) are never rewritten.

    Near-linear in the sentence length and the number of values: each distinct value's
    patterns are searched once (equal values share the search and walk its matches with a
    cursor), claimed spans are tested by binary search, equal values are grouped by key.
    """
    values = find_values(source) if values is None else values
    if not values:
        return translation, (), []
    forms = english_forms(spec)
    order = sorted(range(len(values)), key=lambda i: (_KIND_ORDER[values[i].kind], i))
    claimed = _Spans()
    guarded = _Spans(protected)
    found: dict[int, tuple[int, int]] = {}
    edits: list[tuple[int, Edit]] = []
    outcome: dict[int, ValueStatus] = {}
    keys = [_value_key(v) for v in values]
    pending = Counter(keys)  # equal values without an outcome yet
    verbatim_places = _Places()
    german_places = _Places()
    renderings: dict[SourceValue, tuple[list[tuple[int, int]], list[int]]] = {}

    def rewritable(span: tuple[int, int]) -> bool:
        return claimed.free(span) and guarded.free(span)

    def claim(span: tuple[int, int]) -> None:
        claimed.add(span)
        verbatim_places.claim(span)
        german_places.claim(span)

    def correct(index: int, span: tuple[int, int]) -> bool:
        """Rewrite ``span`` to the locale's form, if the result then reads as the value."""
        edit = _correction(values[index], translation, span, spec)
        if edit is None:
            return False
        claim((edit.start, edit.end))
        edits.append((index, edit))
        outcome[index] = "corrected"
        pending[keys[index]] -= 1
        return True

    def pending_twins(index: int) -> int:
        return pending[keys[index]]

    def next_rendering(index: int) -> tuple[int, int] | None:
        """The first unclaimed English rendering of the value; equal values share one search
        and a cursor past the renderings already claimed (claims only grow)."""
        key = keys[index]
        if key not in renderings:
            hits = [m.span() for m in forms.pattern(values[index]).finditer(translation)]
            renderings[key] = ([h for h in hits if h[1] > h[0]], [0])
        hits, cursor = renderings[key]
        while cursor[0] < len(hits):
            span = hits[cursor[0]]
            cursor[0] += 1
            if claimed.free(span):
                return span
        return None

    # 1. the German surface copied into the translation (9.30 Uhr, 45.000 Euro, 12. Juli)
    for index in order:
        value = values[index]
        if value.surface.isdigit() or forms.pattern(value).fullmatch(value.surface):
            continue  # 2024 is English too; codes with leading zeros are not values
        key = keys[index]
        if not verbatim_places.known(key):
            copies = _verbatim(value, translation)
            verbatim_places.register(key, [p for p in copies if rewritable(p)])
        count, first = verbatim_places.free(key)
        if first is not None and (count == 1 or count == pending_twins(index)):
            correct(index, first)
    # 2. an English rendering
    for index in order:
        if index in outcome:
            continue
        span = next_rendering(index)
        if span is not None:
            claim(span)
            found[index] = span
            pending[keys[index]] -= 1
    # 3. German separators or a German day left in an English sentence (1.000, 3,5, 12. July)
    unresolved = [i for i in order if i not in found and i not in outcome]
    listed: dict[SourceValue, int] = {}
    for i in unresolved:
        if not german_places.known(keys[i]):
            left = [p for p in _german_places(values[i], translation, spec) if rewritable(p)]
            german_places.register(keys[i], left)
            listed[keys[i]] = len(left)
    twins = Counter(keys[i] for i in unresolved)
    for index in unresolved:
        # n places for n equal values (1.000 … 1.000) are as unambiguous as one for one
        count, first = german_places.free(keys[index])
        mine = [first] if first is not None else []
        key = keys[index]
        unambiguous = count == 1 or (first is not None and listed[key] == twins[key])
        # a range is rewritten only where its whole German surface was copied (step 1)
        fixable = unambiguous and not values[index].is_range
        if not (fixable and correct(index, mine[0])):
            outcome[index] = "german-format" if mine else "missing"
    made = [edit for _, edit in edits]
    corrected, moved = apply_edits(translation, made)
    spans = {index: shift_span(span, made) for index, span in found.items()}
    spans.update({index: moved[i] for i, (index, _) in enumerate(edits)})
    results = []
    for index, value in enumerate(values):
        status: ValueStatus = "model" if index in found else outcome[index]
        start, end = spans.get(index, (None, None))
        results.append(
            ValueResult(
                value.kind,
                value.surface,
                value.start,
                value.end,
                forms.preferred(value),
                status,
                corrected[start:end] if start is not None else None,
                start,
                end,
            )
        )
    return corrected, tuple(results), made


def _correction(
    value: SourceValue, translation: str, span: tuple[int, int], spec: LocaleSpec
) -> Edit | None:
    """The edit that rewrites ``span`` for ``value``, or None when it would not read right.

    Sentence punctuation is kept (``… 2,5 Mrd.`` → ``… 2.5 billion.``, never ``p.m..``), and
    the result must read as the value in an accepted form: a number rewritten inside
    ``2,5 euros`` for ``2,5 Millionen Euro`` would still be the wrong amount, so it is flagged.
    """
    start, end = span
    place = translation[start:end]
    replacement = _replacement(value, place, spec)
    forms = english_forms(spec)
    if value.kind == "percent" and replacement != forms.preferred(value):
        # 3,5 percent → 3.5 per cent in en-GB: the unit word goes with the number it follows
        unit = re.match(forms.unit_re(value), translation[end:], re.IGNORECASE)
        if unit:
            end += unit.end()
            replacement = forms.preferred(value)
    rest = translation[end:]
    if place.endswith(".") and not replacement.endswith(".") and not rest.strip(" \"'”’»«)"):
        replacement += "."
    if replacement.endswith(".") and rest.startswith("."):
        end += 1
    # read the edit in its neighbourhood only (a rendering is far shorter than the window), so
    # each correction costs the same however long the paragraph is
    left = max(0, start - _WINDOW)
    trial = translation[left:start] + replacement + translation[end : end + _WINDOW]
    begin, stop = start - left, start - left + len(replacement)
    covered = any(
        m.start() < stop and begin < m.end() for m in forms.pattern(value).finditer(trial)
    )
    return Edit(start, end, replacement) if covered else None


def _replacement(value: SourceValue, place: str, spec: LocaleSpec) -> str:
    """The preferred form, or just the number rewritten when the words around it are English."""
    forms = english_forms(spec)
    if value.amount is not None and value.upper is None and _GERMAN_SEPARATED.fullmatch(place):
        return forms.mantissa_text(value.amount)
    return forms.preferred(value)


def apply_edits(text: str, edits: Sequence[Edit]) -> tuple[str, list[tuple[int, int]]]:
    """Apply non-overlapping edits; return the new text and each edit's span in it."""
    order = sorted(range(len(edits)), key=lambda i: edits[i].start)
    pieces: list[str] = []
    spans: list[tuple[int, int]] = [(0, 0)] * len(edits)
    cursor = 0
    length = 0
    for i in order:
        edit = edits[i]
        pieces.append(text[cursor : edit.start])
        length += edit.start - cursor
        spans[i] = (length, length + len(edit.text))
        pieces.append(edit.text)
        length += len(edit.text)
        cursor = edit.end
    pieces.append(text[cursor:])
    return "".join(pieces), spans


def shift_span(span: tuple[int, int], edits: Sequence[Edit]) -> tuple[int, int]:
    """Where ``span`` (outside every edit) lies after the edits are applied."""
    start, end = span
    delta_start = sum(len(e.text) - (e.end - e.start) for e in edits if e.end <= span[0])
    delta_end = sum(len(e.text) - (e.end - e.start) for e in edits if e.end <= span[1])
    return start + delta_start, end + delta_end


def value_flags(results: Sequence[ValueResult]) -> tuple[str, ...]:
    """Pair flags for values a reviewer must look at: ``value-missing``, ``value-format``."""
    flags = []
    if any(r.status == "missing" for r in results):
        flags.append("value-missing")
    if any(r.status == "german-format" for r in results):
        flags.append("value-format")
    return tuple(flags)

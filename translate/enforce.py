"""Make every matched glossary term appear in its sentence's translation — with any checkpoint.

transformers 5 has no constrained beam search, so enforcement is a verify-and-repair step after
ordinary decoding, chosen for three properties:

1. **Nothing changes when nothing is needed.** A sentence without matches, or whose translation
   already contains every target, is returned exactly as decoded.
2. **The model's own rendering is replaced, the rest kept.** When the translation contains a
   rendering of the term that is spelled like the source or a target (``Kiev`` for ``Kiew`` →
   ``Kyiv``, ``Schoigu`` → ``Shoigu``, ``defence minister`` → ``defense minister``), exactly that
   span is replaced and the rest of the sentence stays as the model wrote it.
3. **Otherwise the model writes around the term.** When no such span exists (the model paraphrased
   or, for an untrained checkpoint, wrote noise), the target is placed at the position that
   corresponds to the term's position in the source and decoding continues from that forced
   prefix (greedy or beam, whatever the run uses), so the rest of the sentence follows the term.
   If even that cannot produce the exact spelling (a character the target vocabulary cannot
   represent), the term is inserted as text. Every path ends in a verification, so the guarantee
   holds for any Marian checkpoint, including a random one.

A continuation is rejected (and the term inserted as text instead) when it brings in the target
of a glossary entry whose source did not match: no target appears because of the glossary
unless its source matched.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from difflib import SequenceMatcher

from translate.backends.base import DecodeSettings, TranslationBackend
from translate.document import GlossaryEntry, TermMatch, TermResult, TermStatus
from translate.glossary import find_all_targets, find_target, locate_targets

_WORD = re.compile(r"\w+(?:-\w+)*")
#: How alike (difflib ratio, case-folded) a span must be to the term to count as its rendering.
SIMILARITY_THRESHOLD = 0.68


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _rendering_span(
    translation: str, match: TermMatch, protected: list[tuple[int, int]]
) -> tuple[int, int, str] | None:
    """The span of ``translation`` most like the term (source or target), and the variant to use."""
    entry = match.entry
    words = list(_WORD.finditer(translation))
    references = [v.casefold() for v in entry.targets] + [
        match.surface.casefold(),
        entry.source.casefold(),
    ]
    longest = max(len(v.split()) for v in entry.targets) + 1
    best: tuple[float, int, int] | None = None
    for i in range(len(words)):
        for n in range(1, longest + 1):
            if i + n > len(words):
                break
            start, end = words[i].start(), words[i + n - 1].end()
            if any(start < p_end and p_start < end for p_start, p_end in protected):
                continue
            window = translation[start:end].casefold()
            score = max(_similarity(window, ref) for ref in references)
            if score >= SIMILARITY_THRESHOLD and (best is None or score > best[0]):
                best = (score, start, end)
    if best is None:
        return None
    _, start, end = best
    window = translation[start:end].casefold()
    variant = max(
        entry.targets,
        key=lambda v: (_similarity(window, v.casefold()), -entry.targets.index(v)),
    )
    if start == 0:
        variant = _capitalise(variant)
    return start, end, variant


def _similarity(a: str, b: str) -> float:
    if not a or not b or not 0.5 <= len(a) / len(b) <= 2.0:
        return 0.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def _insertion_point(
    source: str, translation: str, match: TermMatch, protected: Sequence[tuple[int, int]]
) -> int:
    """A word boundary of ``translation`` at the relative position of the term in the source,
    moved past any protected span (a target already in place) that it would cut."""
    words = list(_WORD.finditer(translation))
    if not words:
        return 0
    index = round(match.start / max(1, len(source)) * len(words))
    point = words[index].start() if index < len(words) else len(translation)
    for start, end in sorted(protected):
        if start < point < end:
            point = end
    return point


class Enforcer:
    """Verify and repair glossary terms in translations from one backend."""

    def __init__(
        self,
        backend: TranslationBackend,
        settings: DecodeSettings,
        entries: Sequence[GlossaryEntry] = (),
    ) -> None:
        self.backend = backend
        self.settings = settings
        self.entries = tuple(entries)

    def apply(
        self,
        source: str,
        translation: str,
        matches: Sequence[TermMatch],
        *,
        redecode: bool = True,
    ) -> tuple[str, tuple[TermResult, ...]]:
        """Return the repaired translation and one TermResult per match.

        ``redecode=False`` repairs without asking the model again (for a segment that had to be
        split to fit the model and so cannot be re-decoded whole).
        """
        if not matches:
            return translation, ()
        unaided = {
            m.entry
            for m, found in zip(matches, _locate(translation, matches), strict=True)
            if found is not None
        }
        text = translation
        for _ in range(2 if redecode else 1):
            text = self._replace_renderings(text, matches)
            missing = self._missing(text, matches)
            if not missing or not redecode:
                break
            text = self._continue_after(source, text, missing, matches)
        for match in self._missing(text, matches):  # last resort: the exact text, in place
            text = self._insert(source, text, match, _present_spans(text, matches, match.entry))
        located = _locate(text, matches)
        return text, tuple(
            self._result(m, found, unaided) for m, found in zip(matches, located, strict=True)
        )

    @staticmethod
    def _missing(text: str, matches: Sequence[TermMatch]) -> list[TermMatch]:
        located = _locate(text, matches)
        return [m for m, found in zip(matches, located, strict=True) if found is None]

    def _replace_renderings(self, text: str, matches: Sequence[TermMatch]) -> str:
        """Replace the model's own rendering of each missing term by its target."""
        for match in self._missing(text, matches):
            span = _rendering_span(text, match, _present_spans(text, matches, match.entry))
            if span is not None:
                start, end, variant = span
                text = text[:start] + variant + text[end:]
        return text

    def _continue_after(
        self, source: str, text: str, missing: Sequence[TermMatch], matches: Sequence[TermMatch]
    ) -> str:
        """Place every missing term at its position, cut after the last one, let the model
        continue from there (one decode per sentence, whatever the number of terms)."""
        placed = text
        cut = 0
        for match in sorted(missing, key=lambda m: m.start):
            protected = _present_spans(placed, matches, match.entry)
            point = max(_insertion_point(source, placed, match, protected), cut)
            head = placed[:point].rstrip()
            variant = match.entry.preferred if head else _capitalise(match.entry.preferred)
            tail = placed[point:].lstrip()
            placed = f"{head} {variant}".lstrip() + (f" {tail}" if tail else "")
            cut = len(f"{head} {variant}".lstrip())
        continued = self.backend.translate_with_prefix(source, placed[:cut], self.settings)
        matched = {m.entry for m in matches}
        if self._foreign_targets(continued, matched) - self._foreign_targets(text, matched):
            return text  # the continuation brought in an unmatched entry's target: keep text
        return continued

    def _foreign_targets(self, text: str, matched: set[GlossaryEntry]) -> set[str]:
        """Targets in ``text`` of entries that did not match the source, outside the targets of
        entries that did (``minister`` inside an enforced ``defense minister`` is no insertion)."""
        return foreign_targets(text, self.entries, matched)

    @staticmethod
    def _insert(
        source: str, text: str, match: TermMatch, protected: Sequence[tuple[int, int]]
    ) -> str:
        variant = match.entry.preferred
        point = _insertion_point(source, text, match, protected)
        head, tail = text[:point].rstrip(), text[point:].lstrip()
        if not head:
            return f"{_capitalise(variant)} {tail}".rstrip()
        return f"{head} {variant} {tail}".rstrip()

    @staticmethod
    def _result(
        match: TermMatch, found: tuple[str, int, int] | None, unaided: set[GlossaryEntry]
    ) -> TermResult:
        if found is None:
            return TermResult(match, None, "missing")
        variant, start, end = found
        status: TermStatus = "model" if match.entry in unaided else "enforced"
        return TermResult(match, variant, status, start, end)


def _locate(text: str, matches: Sequence[TermMatch]) -> list[tuple[str, int, int] | None]:
    """Each match's target occurrence, none lying inside another entry's (see locate_targets)."""
    return locate_targets(text, [m.entry for m in matches])


def foreign_targets(
    text: str, entries: Sequence[GlossaryEntry], matched: set[GlossaryEntry]
) -> set[str]:
    """Targets in ``text`` of ``entries`` not in ``matched``, ignoring those that lie inside an
    occurrence of a matched entry's target."""
    hits = find_all_targets(text, entries)
    covered = [(h.start, h.end) for h in hits if h.entry in matched]
    return {
        h.target
        for h in hits
        if h.entry not in matched and not any(a <= h.start and h.end <= b for a, b in covered)
    }


def _present_spans(
    text: str, matches: Sequence[TermMatch], exclude: GlossaryEntry
) -> list[tuple[int, int]]:
    """Spans of the targets already in ``text`` (other than ``exclude``'s): never cut them."""
    spans = []
    for other in matches:
        if other.entry != exclude:
            found = find_target(text, other.entry)
            if found is not None:
                spans.append((found[1], found[2]))
    return spans

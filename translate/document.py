"""Typed records that flow between the pipeline stages.

The data flows one way::

    text ──► SourceDocument(Paragraph(Segment…)…) ──► TermMatch per segment ──► backend
         ──► enforcement ──► localisation (ValueResult…, quotation marks)
         ──► AlignedPair(segment, target, TermResult…, ValueResult…) ──► TranslatedDocument
         ──► writers

Every record is keyed by the segment id from reading to writing; source and target are never
kept in parallel lists that get zipped at the end.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Literal

SOURCE_LOCALE = "de-DE"
TARGET_LOCALE = "en-US"
"""Defaults (BCP 47); ``--source-locale``/``--target-locale`` choose others."""


@dataclass(frozen=True)
class Segment:
    """One sentence of the source text.

    ``start``/``end`` are character offsets into the decoded input (BOM removed, line ends kept),
    so ``document.text[start:end] == text``.
    """

    id: str
    paragraph: int
    index: int
    start: int
    end: int
    text: str
    boilerplate: bool = False


@dataclass(frozen=True)
class Paragraph:
    """A block of text between blank lines; paragraph 0 of an article is its title."""

    index: int
    start: int
    end: int
    segments: tuple[Segment, ...]
    boilerplate: bool = False


@dataclass(frozen=True)
class SourceDocument:
    """A decoded article and its segmentation."""

    name: str
    """The article's stem (file name without extension); output files are named after it."""
    text: str
    paragraphs: tuple[Paragraph, ...]
    path: str | None = None
    warnings: tuple[str, ...] = ()

    @property
    def segments(self) -> tuple[Segment, ...]:
        return tuple(s for p in self.paragraphs for s in p.segments)


TermType = Literal["person", "rank", "organisation", "place", "term"]
MatchMode = Literal["word", "compound"]


@dataclass(frozen=True)
class GlossaryEntry:
    """One glossary line: a German source term and its English target(s).

    ``targets`` holds the ``|``-separated alternatives, the first being preferred.
    """

    source: str
    targets: tuple[str, ...]
    type: str = "term"
    case_sensitive: bool = True
    match: MatchMode = "word"
    note: str = ""
    origin: str = ""
    """Where the entry came from: ``file:line`` (for lint messages and reports)."""
    extra: tuple[tuple[str, str], ...] = ()
    """Unknown columns, kept in file order and otherwise ignored."""
    locale_targets: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """``(BCP 47 tag, alternatives)`` from ``target@<locale>`` columns, in column order; a
    locale's alternatives replace ``targets`` for that locale (see ``for_locale``)."""

    @property
    def preferred(self) -> str:
        return self.targets[0]

    def for_locale(self, chain: Sequence[str]) -> GlossaryEntry:
        """This entry with ``targets`` taken from the first tag of ``chain`` that has its own.

        ``chain`` runs from most to least specific (``("en-GB", "en")``, as
        ``LocaleSpec.lookup_chain`` gives it), so ``target@en-GB`` beats ``target@en``, which
        beats the plain ``target``. Tags compare case-insensitively. Without a locale-specific
        target the entry itself is returned.
        """
        own = {tag.casefold(): alternatives for tag, alternatives in self.locale_targets}
        for tag in chain:
            alternatives = own.get(tag.casefold())
            if alternatives:
                return replace(self, targets=alternatives)
        return self


@dataclass(frozen=True)
class TermMatch:
    """A glossary entry found in a segment: ``segment.text[start:end] == surface``."""

    start: int
    end: int
    surface: str
    entry: GlossaryEntry


TermStatus = Literal["model", "enforced", "missing"]


@dataclass(frozen=True)
class TermResult:
    """What became of one TermMatch in the translation.

    ``target`` is the variant that appears in the translation (None when missing);
    ``target_start``/``target_end`` locate it in the translation when present.
    """

    match: TermMatch
    target: str | None
    status: TermStatus
    target_start: int | None = None
    target_end: int | None = None


ValueStatus = Literal["model", "corrected", "missing", "german-format"]


@dataclass(frozen=True)
class ValueResult:
    """What became of one date, time, number, percentage or amount of the source sentence.

    ``surface`` is the German text at ``source_start:source_end``; ``expected`` is the target
    locale's own rendering; ``rendering`` is what the translation has at
    ``target_start:target_end`` (None when the value is flagged: ``missing`` or
    ``german-format``, i.e. left with German separators where the place was ambiguous).
    """

    kind: str
    surface: str
    source_start: int
    source_end: int
    expected: str
    status: ValueStatus
    rendering: str | None = None
    target_start: int | None = None
    target_end: int | None = None


WordLink = tuple[int, int, int, int]
"""A word alignment link: ``(source_start, source_end, target_start, target_end)``, character
offsets into the pair's source text and into its ``target``."""

Origin = Literal["mt", "mt-approved", "human"]
"""Who wrote a target: the model (``mt``), the model approved unchanged by a reviewer
(``mt-approved``), or a person (``human``: edited in review, aligned from an existing edition,
or reused from the memory's human pairs)."""

ReviewState = Literal["translated", "reviewed", "final"]
"""XLIFF 2.0 segment states a pair can be in; ``translated`` until a reviewer acts on it."""


@dataclass(frozen=True)
class AlignedPair:
    """A source sentence and its translation, with the glossary and value reports and flags.

    ``joined`` holds further segments of the same paragraph whose source this pair's target also
    translates (a merge in review, or an n-1 link in ``translate align``); the pair's source text
    is then ``segment.text`` and each joined segment's text, in order, separated by a space.
    """

    segment: Segment
    target: str
    terms: tuple[TermResult, ...] = ()
    flags: tuple[str, ...] = ()
    values: tuple[ValueResult, ...] = ()
    alignment: tuple[WordLink, ...] = ()
    origin: Origin = "mt"
    state: ReviewState = "translated"
    comment: str = ""
    joined: tuple[Segment, ...] = ()

    @property
    def id(self) -> str:
        return self.segment.id


@dataclass(frozen=True)
class Provenance:
    """Who and what produced an output: stamped into every format (cf. sacrebleu signatures)."""

    toolkit_version: str
    model_id: str
    model_revision: str
    engine: str
    precision: str
    beam: int
    max_length_rule: str
    glossary_files: tuple[str, ...]
    glossary_sha256: str
    segmenter_version: str
    created: datetime
    source_locale: str = SOURCE_LOCALE
    target_locale: str = TARGET_LOCALE

    def signature(self) -> str:
        """A one-line, ``key:value|…`` summary of the settings, as sacrebleu does for scores."""
        parts = [
            f"toolkit:{self.toolkit_version}",
            f"model:{self.model_id}",
            f"rev:{self.model_revision}",
            f"engine:{self.engine}",
            f"precision:{self.precision}",
            f"beam:{self.beam}",
            f"maxlen:{self.max_length_rule}",
            f"glossary:{self.glossary_sha256[:12] if self.glossary_sha256 else 'none'}",
            f"seg:{self.segmenter_version}",
            f"locale:{self.source_locale}>{self.target_locale}",
        ]
        return "|".join(parts)


@dataclass(frozen=True)
class TranslatedDocument:
    """A translated article: the source document, one AlignedPair per translated segment.

    Boilerplate segments that were left out of translation have no pair; writers group pairs by
    ``pair.segment.paragraph`` and keep paragraph order.
    """

    source: SourceDocument
    pairs: tuple[AlignedPair, ...]
    provenance: Provenance
    stats: dict[str, float] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.source.name

    def paragraphs(self) -> list[tuple[int, list[AlignedPair]]]:
        """Pairs grouped by paragraph index, in document order (empty paragraphs dropped)."""
        grouped: dict[int, list[AlignedPair]] = {}
        for pair in self.pairs:
            grouped.setdefault(pair.segment.paragraph, []).append(pair)
        return sorted(grouped.items())

"""Run the stages: segments → glossary matches → model → enforcement → aligned pairs.

:class:`Translator` turns unique source texts into :class:`Rendering`s; it owns splitting of
over-long segments, length-sorted batching, the quality re-decode and glossary enforcement, and
it is shared by ``translate article`` and ``translate batch`` (which packs sentences of many
articles into the same batches). :func:`translate_document` builds the aligned pairs of one
article, keyed by segment id.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import datetime, timezone
from typing import cast

from translate import __version__
from translate.backends.base import AttentionBackend, DecodeSettings, TranslationBackend
from translate.batching import plan_batches
from translate.chunking import split_to_fit
from translate.document import (
    AlignedPair,
    Origin,
    Provenance,
    ReviewState,
    Segment,
    SourceDocument,
    TermResult,
    TranslatedDocument,
    ValueResult,
    WordLink,
)
from translate.enforce import Enforced, EnforceJob, Enforcer
from translate.glossary import Glossary, TermMatcher
from translate.localize import LOCALIZE_VERSION
from translate.localize.locales import (
    DEFAULT_SOURCE_LOCALE,
    DEFAULT_TARGET_LOCALE,
    LocaleSpec,
    parse_locale,
)
from translate.localize.quotes import localize_quotes, quote_style
from translate.localize.values import Edit, check_values, shift_span, value_flags
from translate.memory import StoredRendering, TranslationMemory
from translate.memory_human import get_human
from translate.quality import quality_flags
from translate.reader import ArticleText
from translate.segment import SEGMENTER_VERSION, segment_text
from translate.wordalign import (
    follow_edits,
    follow_rewrite,
    shift_links,
    with_term_links,
    word_links,
)

ProgressCallback = Callable[[int, int], None]
"""Called with (units just finished, total units to translate); first with (0, total)."""
#: Flags that a re-decode with safer settings may cure.
REDECODE_FLAGS = frozenset({"repeated-ngrams", "length-ratio", "copy-of-source"})


@dataclass(frozen=True)
class Rendering:
    """The translation of one source text, with its glossary and value reports and flags."""

    target: str
    terms: tuple[TermResult, ...]
    flags: tuple[str, ...]
    values: tuple[ValueResult, ...] = ()
    origin: Origin = "mt"
    state: ReviewState = "translated"
    alignment: tuple[WordLink, ...] = ()

    def pair(self, segment: Segment) -> AlignedPair:
        """The aligned pair of ``segment`` translated as this rendering."""
        return AlignedPair(
            segment,
            self.target,
            self.terms,
            self.flags,
            self.values,
            self.alignment,
            origin=self.origin,
            state=self.state,
        )


@dataclass(frozen=True)
class _Decoded:
    """The model's translation of one source text and its word links (from the same decode)."""

    target: str
    links: tuple[WordLink, ...] = ()


@dataclass(frozen=True)
class _Unit:
    """A part of a source text that fits the model's input limit."""

    text_index: int
    start: int
    end: int


class Translator:
    """A loaded backend plus glossary and decoding settings; translates many texts at once."""

    def __init__(
        self,
        backend: TranslationBackend,
        glossary: Glossary | None = None,
        settings: DecodeSettings | None = None,
        *,
        memory: TranslationMemory | None = None,
        max_batch_sentences: int = 64,
        max_batch_tokens: int = 4096,
        target_locale: LocaleSpec | None = None,
        source_locale: LocaleSpec | None = None,
        word_alignment: bool = True,
    ) -> None:
        self.backend = backend
        #: word links from the decode's attention (engines that give it; see translate.wordalign)
        self.word_alignment = word_alignment
        self.target_locale = target_locale or parse_locale(DEFAULT_TARGET_LOCALE, language="en")
        self.source_locale = source_locale or parse_locale(
            DEFAULT_SOURCE_LOCALE, language="de", option="--source-locale"
        )
        self.quotes = quote_style(self.target_locale)
        # the glossary as this locale reads it: target@en-GB, then target@en, then target
        self.glossary = (glossary or Glossary.empty()).for_locale(self.target_locale)
        self.matcher = TermMatcher(self.glossary)
        self.settings = settings or DecodeSettings(beam=backend.default_beam)
        self.safer_settings = replace(self.settings, no_repeat_ngram_size=3, repetition_penalty=1.2)
        self.enforcer = Enforcer(backend, self.settings, self.glossary.entries)
        self.max_batch_sentences = max_batch_sentences
        self.max_batch_tokens = max_batch_tokens
        self.memory = memory
        self.memory_context = TranslationMemory.context(
            model=backend.model_id,
            revision=backend.model_revision,
            engine=backend.engine,
            precision=backend.precision,
            decoding=asdict(self.settings),
            glossary=self.glossary.sha256,
            target_locale=self.target_locale.tag,
            source_locale=self.source_locale.tag,
            localize=LOCALIZE_VERSION,
            toolkit=__version__,
        )
        self.memory_hits = 0
        self.human_hits = 0

    def provenance(self) -> Provenance:
        return Provenance(
            toolkit_version=__version__,
            model_id=self.backend.model_id,
            model_revision=self.backend.model_revision,
            engine=self.backend.engine,
            precision=self.backend.precision,
            beam=self.settings.beam,
            max_length_rule=self.settings.rule(),
            glossary_files=self.glossary.files,
            glossary_sha256=self.glossary.sha256,
            segmenter_version=SEGMENTER_VERSION,
            created=datetime.now(timezone.utc).replace(microsecond=0),
            source_locale=self.source_locale.tag,
            target_locale=self.target_locale.tag,
        )

    def translate_texts(
        self, texts: Sequence[str], progress: ProgressCallback | None = None
    ) -> list[Rendering]:
        """Translate ``texts`` (any number, from any number of articles) in packed batches.

        Duplicates are translated once; texts in the translation memory are not translated, and
        a human translation of a text (``translate apply``) is preferred to any model's.
        """
        unique = list(dict.fromkeys(texts))
        known = self.recall(unique)
        todo = [t for t in unique if t not in known]
        fresh = self._translate_fresh(todo, progress) if todo else []
        self.remember(todo, fresh)
        known.update(zip(todo, fresh, strict=True))
        return [known[t] for t in texts]

    # -- the steps of translate_texts, for a driver that decodes elsewhere (translate.cluster) --

    def recall(self, texts: Sequence[str], *, count: bool = True) -> dict[str, Rendering]:
        """The renderings the translation memory holds for ``texts``: a human translation
        (``translate apply``) first, else a model's (terms re-checked).

        ``count=False`` only looks (planning ahead) and leaves ``memory_hits``/``human_hits``
        alone. ``translate_texts`` and a cluster driver both recall through here, so both
        skip exactly the same sentences.
        """
        hits, human_hits = self.memory_hits, self.human_hits
        unique = list(dict.fromkeys(texts))
        found = self._recall_human(unique)
        found.update(self._recall([t for t in unique if t not in found]))
        if not count:
            self.memory_hits, self.human_hits = hits, human_hits
        return found

    def translate_fresh(
        self, texts: Sequence[str], progress: ProgressCallback | None = None
    ) -> list[Rendering]:
        """Decode, repair and localise ``texts`` (unique, none from memory); no memory access.

        The batches depend only on ``texts`` and the settings, so the same list gives the same
        renderings in any process with the same engine build.
        """
        return self._translate_fresh(texts, progress) if texts else []

    def remember(self, texts: Sequence[str], renderings: Sequence[Rendering]) -> None:
        """Store freshly translated ``texts`` in the translation memory (when there is one)."""
        if self.memory is None or not texts:
            return
        self.memory.put_many(
            self.memory_context,
            {
                t: StoredRendering(
                    r.target,
                    tuple((x.status, x.target, x.target_start, x.target_end) for x in r.terms),
                    r.flags,
                    r.values,
                    r.alignment,
                )
                for t, r in zip(texts, renderings, strict=True)
            },
        )

    def _recall(self, texts: list[str]) -> dict[str, Rendering]:
        if self.memory is None or not texts:
            return {}
        recalled = {}
        for text, stored in self.memory.get_many(self.memory_context, texts).items():
            terms = stored.term_results(self.matcher.find(text))
            if terms is not None:
                recalled[text] = Rendering(
                    stored.target, terms, stored.flags, stored.values, alignment=stored.alignment
                )
        self.memory_hits += len(recalled)
        return recalled

    def _recall_human(self, texts: list[str]) -> dict[str, Rendering]:
        """Human translations of ``texts`` for this target locale, whatever model made the rest.

        They are checked against the current glossary and values like a reviewer's sentence:
        never rewritten; a broken term flags the pair and sends it back to review.
        """
        if self.memory is None or not texts:
            return {}
        from translate.review.checks import check_human

        recalled = {}
        for text, human in get_human(self.memory, self.target_locale.tag, texts).items():
            check = check_human(text, human.target, self.matcher, self.target_locale)
            state = human.state if human.state in ("reviewed", "final") else "translated"
            recalled[text] = Rendering(
                human.target,
                check.terms,
                check.flags,
                check.values,
                origin="human",
                state="translated" if check.flags else state,  # type: ignore[arg-type]
            )
        self.human_hits += len(recalled)
        return recalled

    def _translate_fresh(
        self, texts: Sequence[str], progress: ProgressCallback | None
    ) -> list[Rendering]:
        units = self._units(texts)
        if progress is not None:
            progress(0, len(units))
        raw = self._decode(texts, units, self.settings, progress, len(units))
        retry = [
            i
            for i, text in enumerate(texts)
            if REDECODE_FLAGS & set(quality_flags(text, raw[i].target))
        ]
        if retry:
            retry_units = [u for u in units if u.text_index in set(retry)]
            safer = self._decode(texts, retry_units, self.safer_settings, None, 0)
            for i in retry:
                before = REDECODE_FLAGS & set(quality_flags(texts[i], raw[i].target))
                after = REDECODE_FLAGS & set(quality_flags(texts[i], safer[i].target))
                if len(after) < len(before):
                    raw[i] = safer[i]
        parts = Counter(u.text_index for u in units)
        # a text split into parts is too long to re-decode whole: repair it in place instead
        enforced = self.enforcer.apply_many(
            [
                EnforceJob(
                    text,
                    raw[i].target,
                    tuple(self.matcher.find(text)),
                    redecode=parts[i] == 1,
                    links=raw[i].links,
                )
                for i, text in enumerate(texts)
            ]
        )
        return [self._render(text, raw[i], enforced[i]) for i, text in enumerate(texts)]

    # -- internals --------------------------------------------------------------------------

    def _fits(self, text: str) -> bool:
        return self.backend.count_source_tokens([text])[0] <= self.backend.max_input_tokens

    def _units(self, texts: Sequence[str]) -> list[_Unit]:
        units = []
        for index, text in enumerate(texts):
            for start, end in split_to_fit(text, self._fits):
                units.append(_Unit(index, start, end))
        return units

    def _decode(
        self,
        texts: Sequence[str],
        units: list[_Unit],
        settings: DecodeSettings,
        progress: ProgressCallback | None,
        total: int,
    ) -> dict[int, _Decoded]:
        """Translate every unit in length-sorted batches; join the parts of each text (and
        their word links, moved to the joined source and target)."""
        sources = [texts[u.text_index][u.start : u.end] for u in units]
        lengths = self.backend.count_source_tokens(sources)
        outputs: list[_Decoded] = [_Decoded("")] * len(units)
        # an engine with several workers gets that many batches' worth per call (it splits
        # them into sub-batches sized by beam and decodes them at once)
        in_flight = max(1, int(getattr(self.backend, "batches_in_flight", 1)))
        for batch in plan_batches(
            lengths,
            max_items=self.max_batch_sentences * in_flight,
            max_tokens=self.max_batch_tokens * in_flight,
        ):
            for index, decoded in zip(
                batch, self._translate_batch([sources[i] for i in batch], settings), strict=True
            ):
                outputs[index] = decoded
            if progress is not None:
                progress(len(batch), total)
        joined: dict[int, tuple[str, list[WordLink]]] = {}
        for unit, decoded in zip(units, outputs, strict=True):
            target, links = joined.get(unit.text_index, ("", []))
            if decoded.target:
                offset = len(target) + 1 if target else 0
                links += shift_links(decoded.links, unit.start, offset)
                target = f"{target} {decoded.target}" if target else decoded.target
            joined[unit.text_index] = (target, links)
        return {i: _Decoded(target, tuple(links)) for i, (target, links) in joined.items()}

    def _translate_batch(self, sources: list[str], settings: DecodeSettings) -> list[_Decoded]:
        """One batch through the backend, with word links where the engine gives attention."""
        if not self.word_alignment or not _gives_attention(self.backend):
            return [_Decoded(target) for target in self.backend.translate(sources, settings)]
        backend = cast(AttentionBackend, self.backend)
        return [
            _Decoded(
                out.target,
                word_links(source, out.source_pieces, out.target, out.target_pieces, out.attention),
            )
            for source, out in zip(
                sources, backend.translate_attended(sources, settings), strict=True
            )
        ]

    def _render(self, text: str, decoded: _Decoded, enforcement: Enforced) -> Rendering:
        model_output = decoded.target
        translation, terms = enforcement.text, enforcement.terms
        enforced = translation
        terms_placed = [
            (t.target_start, t.target_end)
            for t in terms
            if t.target_start is not None and t.target_end is not None
        ]
        translation, values, edits = check_values(
            text, translation, self.target_locale, protected=terms_placed
        )
        terms = tuple(_moved(term, edits) for term in terms)
        # word links follow the same edits; glossary terms are linked by their known spans
        links = follow_rewrite(decoded.links, model_output, enforced)
        links = with_term_links(follow_edits(links, edits), terms) if decoded.links else ()
        # one character for one: the term, value and link spans stay valid
        translation = localize_quotes(translation, self.quotes)
        # the model's own output is judged: a copied German sentence stays a copy of the source
        # even after glossary targets, values and quotation marks were put into it
        flags = quality_flags(text, model_output, terms) + enforcement.flags + value_flags(values)
        return Rendering(translation, terms, flags, values, alignment=links)


def _gives_attention(backend: TranslationBackend) -> bool:
    """Whether the engine's own class implements ``translate_attended``: a wrapper that forwards
    attributes (``__getattr__``) but overrides ``translate`` must have its ``translate`` used."""
    return callable(getattr(type(backend), "translate_attended", None))


def _moved(term: TermResult, edits: Sequence[Edit]) -> TermResult:
    """``term`` with its target span moved past the value corrections made before it."""
    if not edits or term.target_start is None or term.target_end is None:
        return term
    start, end = shift_span((term.target_start, term.target_end), edits)
    return replace(term, target_start=start, target_end=end)


def document_from_article(article: ArticleText) -> SourceDocument:
    """Segment a decoded article into the document every later stage works on."""
    return SourceDocument(
        name=article.name,
        text=article.text,
        paragraphs=segment_text(article.text),
        path=str(article.path),
        warnings=article.warnings,
    )


def translatable_segments(document: SourceDocument, keep_boilerplate: bool) -> list[Segment]:
    """The segments to translate: boilerplate is left out unless ``keep_boilerplate``."""
    return [
        s
        for p in document.paragraphs
        for s in p.segments
        if keep_boilerplate or not (s.boilerplate or p.boilerplate)
    ]


def translate_document(
    document: SourceDocument,
    translator: Translator,
    *,
    keep_boilerplate: bool = False,
    progress: ProgressCallback | None = None,
) -> TranslatedDocument:
    """Translate one article; boilerplate is left out unless ``keep_boilerplate``."""
    started = time.perf_counter()
    segments = translatable_segments(document, keep_boilerplate)
    renderings = translator.translate_texts([s.text for s in segments], progress)
    pairs = tuple(r.pair(segment) for segment, r in zip(segments, renderings, strict=True))
    elapsed = time.perf_counter() - started
    return TranslatedDocument(
        source=document,
        pairs=pairs,
        provenance=translator.provenance(),
        stats=summarise(pairs, elapsed),
    )


def summarise(pairs: Sequence[AlignedPair], seconds: float) -> dict[str, float]:
    """Counts for the run summary."""
    terms = [t for p in pairs for t in p.terms]
    return {
        "segments": len(pairs),
        "terms_matched": len(terms),
        "terms_enforced": sum(t.status == "enforced" for t in terms),
        "terms_missing": sum(t.status == "missing" for t in terms),
        "values_matched": sum(len(p.values) for p in pairs),
        "values_corrected": sum(v.status == "corrected" for p in pairs for v in p.values),
        "values_flagged": sum(
            v.status in ("missing", "german-format") for p in pairs for v in p.values
        ),
        "flagged": sum(bool(p.flags) for p in pairs),
        "seconds": seconds,
        "segments_per_s": len(pairs) / seconds if seconds > 0 else 0.0,
    }

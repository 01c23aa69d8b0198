"""Turn an alignment into the records the writers and the translation memory take.

Every link becomes one :class:`~translate.document.AlignedPair` marked as a human translation
(``origin="human"``, state ``translated``):

* n-1 and n-m links: the first source sentence is the pair's segment, the others are its
  ``joined`` segments (same paragraph, by construction of the search); the target is the
  linked English sentences joined by one space;
* 1-0 (the edition left the sentence out): the pair has an empty target and the flag
  ``not-in-edition``;
* 0-1 (the edition added a sentence): a pair whose segment has an empty source text, the id
  ``p{paragraph}a{k}`` (after the source sentence it follows) and the flag ``added-in-edition``;
* a link whose confidence is below ``low_confidence`` carries the flag ``low-confidence``.

The flags are the writers' existing way of asking a reviewer to look (XLIFF ``initial``, a
shaded row on the review page); the comment says the link type, confidence and target ids.
TMX, being a translation memory, gets only the links that have both sides.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timezone

from translate import __version__
from translate.align.english import ENGLISH_SEGMENTER_VERSION
from translate.align.records import Alignment, Link
from translate.document import (
    AlignedPair,
    Paragraph,
    Provenance,
    Segment,
    SourceDocument,
    TranslatedDocument,
)
from translate.segment import SEGMENTER_VERSION

LOW_CONFIDENCE = 0.5
"""Links below this posterior are flagged ``low-confidence``."""
NOT_IN_EDITION = "not-in-edition"
ADDED_IN_EDITION = "added-in-edition"
LOW_CONFIDENCE_FLAG = "low-confidence"


@dataclass(frozen=True)
class AlignProvenance:
    """What produced an alignment, for the provenance stamp of every output."""

    model_id: str = "none"
    model_revision: str = ""
    engine: str = "none"
    precision: str = ""
    glossary_files: tuple[str, ...] = ()
    glossary_sha256: str = ""
    source_locale: str = "de-DE"
    target_locale: str = "en-US"


def provenance(info: AlignProvenance) -> Provenance:
    return Provenance(
        toolkit_version=__version__,
        model_id=info.model_id,
        model_revision=info.model_revision,
        engine=info.engine,
        precision=info.precision,
        beam=0,
        max_length_rule="aligned",
        glossary_files=info.glossary_files,
        glossary_sha256=info.glossary_sha256,
        segmenter_version=f"{SEGMENTER_VERSION}+{ENGLISH_SEGMENTER_VERSION}",
        created=datetime.now(timezone.utc).replace(microsecond=0),
        source_locale=info.source_locale,
        target_locale=info.target_locale,
    )


def _comment(alignment: Alignment, link: Link) -> str:
    targets = ", ".join(str(alignment.target.ids[j]) for j in link.target) or "none"
    return f"aligned {link.type}, confidence {link.confidence:.2f}, edition sentence(s) {targets}"


def _flags(link: Link, low_confidence: float) -> tuple[str, ...]:
    flags: list[str] = []
    if not link.target:
        flags.append(NOT_IN_EDITION)
    if not link.source:
        flags.append(ADDED_IN_EDITION)
    if link.confidence < low_confidence:
        flags.append(LOW_CONFIDENCE_FLAG)
    return tuple(flags)


def link_paragraph(alignment: Alignment, index: int) -> int:
    """The source paragraph a link belongs to (an added sentence: that of its neighbours)."""
    links = alignment.links
    for k in [index, *range(index - 1, -1, -1), *range(index + 1, len(links))]:
        if links[k].source:
            return alignment.source.sentences[links[k].source[0]].paragraph
    return 0


def aligned_pairs(
    alignment: Alignment, low_confidence: float = LOW_CONFIDENCE
) -> list[AlignedPair]:
    """One AlignedPair per link, in document order."""
    pairs: list[AlignedPair] = []
    sentences = alignment.source.sentences
    added = 0
    last: Segment | None = None
    for index, link in enumerate(alignment.links):
        target = alignment.target_text(link)
        if link.source:
            segment = sentences[link.source[0]]
            joined = tuple(sentences[i] for i in link.source[1:])
            last, added = (joined[-1] if joined else segment), 0
        else:
            paragraph = link_paragraph(alignment, index)
            after = last if last is not None and last.paragraph == paragraph else None
            position = after.end if after is not None else 0
            segment = Segment(
                id=f"{after.id if after else f'p{paragraph}'}a{added}",
                paragraph=paragraph,
                index=after.index if after else 0,
                start=position,
                end=position,
                text="",
            )
            joined = ()
            added += 1
        pairs.append(
            AlignedPair(
                segment=segment,
                target=target,
                flags=_flags(link, low_confidence),
                origin="human",
                state="translated",
                comment=_comment(alignment, link),
                joined=joined,
            )
        )
    return pairs


def source_document(alignment: Alignment) -> SourceDocument:
    """The German side as the writers expect it (paragraphs of the aligned sentences)."""
    groups: dict[int, list[Segment]] = {}
    for s in alignment.source.sentences:
        groups.setdefault(s.paragraph, []).append(s)
    paragraphs = tuple(
        Paragraph(index=p, start=segs[0].start, end=segs[-1].end, segments=tuple(segs))
        for p, segs in sorted(groups.items())
    )
    return SourceDocument(
        name=alignment.source.name,
        text=alignment.source.text,
        paragraphs=paragraphs,
        path=alignment.source.path,
        warnings=alignment.source.warnings,
    )


def aligned_document(
    alignment: Alignment, info: AlignProvenance, low_confidence: float = LOW_CONFIDENCE
) -> TranslatedDocument:
    """The alignment as a TranslatedDocument (every link, null links included)."""
    stats = {
        "links": float(len(alignment.links)),
        **{k: v for k, v in alignment.stats.items() if k != "seconds"},
    }
    return TranslatedDocument(
        source=source_document(alignment),
        pairs=tuple(aligned_pairs(alignment, low_confidence)),
        provenance=provenance(info),
        stats=stats,
    )


def memory_document(doc: TranslatedDocument) -> TranslatedDocument:
    """Only the pairs with both sides, each with its whole source text in its segment: what a
    translation memory (TMX) should hold."""
    pairs = tuple(
        replace(p, segment=replace(p.segment, text=source_text(p)), joined=())
        for p in doc.pairs
        if p.segment.text and p.target
    )
    return replace(doc, pairs=pairs)


def source_text(pair: AlignedPair) -> str:
    """A pair's full source text: its segment and joined segments, joined by one space."""
    return " ".join([pair.segment.text, *(s.text for s in pair.joined)])


ALIGN_FORMATS: tuple[str, ...] = ("tmx", "xliff", "html", "jsonl")
"""What ``translate align`` can write (all four by default)."""


def output_names(name: str, formats: tuple[str, ...]) -> dict[str, str]:
    """File names of each format: ``{stem}.aligned{extension}`` (never a translation's name)."""
    from translate.writers import get_writer

    return {fmt: f"{name}.aligned{get_writer(fmt).extension}" for fmt in formats}


def render_outputs(
    alignment: Alignment,
    info: AlignProvenance,
    formats: tuple[str, ...],
    low_confidence: float = LOW_CONFIDENCE,
) -> dict[str, bytes]:
    """Render every requested format in memory (file name → bytes); nothing is written."""
    from translate.writers import get_writer
    from translate.writers.align_jsonl import render_alignment

    doc = aligned_document(alignment, info, low_confidence)
    names = output_names(doc.name, formats)
    rendered: dict[str, bytes] = {}
    for fmt in formats:
        if fmt == "jsonl":
            rendered[names[fmt]] = render_alignment(alignment, doc.provenance, low_confidence)
        elif fmt == "tmx":
            rendered[names[fmt]] = get_writer(fmt).render(memory_document(doc))
        else:
            rendered[names[fmt]] = get_writer(fmt).render(doc)
    return rendered

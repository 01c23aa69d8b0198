"""Hand-built translated documents for the writer tests (no model, no segmenter needed)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from translate.document import (
    AlignedPair,
    GlossaryEntry,
    Paragraph,
    Provenance,
    Segment,
    SourceDocument,
    TermMatch,
    TermResult,
    TranslatedDocument,
)

CREATED = datetime(2024, 5, 1, 14, 30, 5, tzinfo=timezone(timedelta(hours=2)))
"""2024-05-01 12:30:05 UTC, given in CEST so that writers must convert."""

CHANCELLOR = GlossaryEntry(
    source="Bundeskanzler",
    targets=("Chancellor", "Federal Chancellor"),
    type="rank",
    match="compound",
    note="Head of the federal government <& co>",
    origin="glossaries/news.tsv:3",
)
BUNDESTAG = GlossaryEntry(
    source="Bundestag", targets=("Bundestag",), type="organisation", origin="news.tsv:7"
)
FOREIGN_OFFICE = GlossaryEntry(
    source="Auswärtiges Amt", targets=("Federal Foreign Office",), origin="news.tsv:9"
)
OFFICE = GlossaryEntry(source="Amt", targets=("Office",), origin="news.tsv:10")
AMT_BERLIN = GlossaryEntry(source="Amt Berlin", targets=("Office Berlin",), origin="news.tsv:11")

HOSTILE = ["<", "&", "]]>", '"', "'", "😀", "\u200f", "\u202e"]
"""Strings that must survive every format unchanged."""


def provenance(**changes: object) -> Provenance:
    values: dict[str, object] = {
        "toolkit_version": "0.1.0",
        "model_id": "Helsinki-NLP/opus-mt-de-en",
        "model_revision": "6a0b8ab",
        "engine": "ctranslate2",
        "precision": "int8",
        "beam": 4,
        "max_length_rule": "2*src+10",
        "glossary_files": ("glossaries/news.tsv", "extra & more.csv"),
        "glossary_sha256": "9f" * 32,
        "segmenter_version": "seg-1",
        "created": CREATED,
    }
    values.update(changes)
    return Provenance(**values)  # type: ignore[arg-type]


@dataclass
class Sentence:
    """A sentence to put in a test document: its source, its target and what it reports."""

    source: str
    target: str
    terms: list[tuple[str, GlossaryEntry, str | None, str]] = field(default_factory=list)
    """``(surface, entry, produced target or None, status)``; spans are found by ``find``."""
    flags: tuple[str, ...] = ()
    boilerplate: bool = False
    occurrence: dict[str, int] = field(default_factory=dict)
    """For a surface that occurs twice: which occurrence (by ``str.find`` start) to take."""


def _find(text: str, needle: str, after: int = 0) -> tuple[int, int]:
    start = text.index(needle, after)
    return start, start + len(needle)


def build(name: str, paragraphs: list[list[Sentence]], **prov: object) -> TranslatedDocument:
    """A TranslatedDocument whose offsets are all consistent (``text[start:end] == surface``)."""
    text_parts: list[str] = []
    offset = 0
    built_paragraphs: list[Paragraph] = []
    pairs: list[AlignedPair] = []
    for p_index, sentences in enumerate(paragraphs):
        if p_index:
            text_parts.append("\n\n")
            offset += 2
        p_start = offset
        segments: list[Segment] = []
        for s_index, sentence in enumerate(sentences):
            if s_index:
                text_parts.append(" ")
                offset += 1
            segment = Segment(
                id=f"p{p_index}s{s_index}",
                paragraph=p_index,
                index=s_index,
                start=offset,
                end=offset + len(sentence.source),
                text=sentence.source,
                boilerplate=sentence.boilerplate,
            )
            text_parts.append(sentence.source)
            offset += len(sentence.source)
            segments.append(segment)
            if sentence.boilerplate:
                continue
            results: list[TermResult] = []
            for surface, entry, produced, status in sentence.terms:
                start, end = _find(sentence.source, surface, sentence.occurrence.get(surface, 0))
                match = TermMatch(start=start, end=end, surface=surface, entry=entry)
                if produced is None:
                    results.append(TermResult(match=match, target=None, status=status))  # type: ignore[arg-type]
                else:
                    t_start, t_end = _find(sentence.target, produced)
                    results.append(
                        TermResult(match, produced, status, t_start, t_end)  # type: ignore[arg-type]
                    )
            pairs.append(AlignedPair(segment, sentence.target, tuple(results), sentence.flags))
        built_paragraphs.append(
            Paragraph(
                index=p_index,
                start=p_start,
                end=offset,
                segments=tuple(segments),
                boilerplate=bool(sentences) and all(s.boilerplate for s in sentences),
            )
        )
    source = SourceDocument(
        name=name,
        text="".join(text_parts),
        paragraphs=tuple(built_paragraphs),
        path=f"articles/{name}.txt",
    )
    return TranslatedDocument(source, tuple(pairs), provenance(**prov), {"seconds": 1.25})


def hostile_document() -> TranslatedDocument:
    """Every status, flags, nested and crossing terms, markup, bidi controls, control chars."""
    return build(
        "2024-05-01_kanzlerin",
        [
            [
                Sentence(
                    "Bundeskanzlerin trifft <b>Präsidenten</b> & „Partner“",
                    "Chancellor meets <b>president</b> & “partners”",
                    [("Bundeskanzlerin", CHANCELLOR, "Chancellor", "model")],
                ),
            ],
            [
                Sentence(
                    "Der Bundestag sagt: \"]]> ist kein Ende\" — 'so' 😀.",
                    "The Bundestag says: \"]]> is not an end\" — 'so' 😀.",
                    [("Bundestag", BUNDESTAG, "Bundestag", "enforced")],
                ),
                Sentence(
                    "Er schrieb \u200fשלום\u202e abc\u202c im Auswärtiges Amt.",
                    "He wrote \u200fשלום\u202e abc\u202c at the ministry.",
                    [
                        ("Auswärtiges Amt", FOREIGN_OFFICE, None, "missing"),
                        ("Amt", OFFICE, None, "missing"),
                    ],
                    flags=("term-missing", "length-ratio"),
                ),
                Sentence(
                    "Steuer\x01zeichen\x0b und\ttab\x7f\x85 \u2028Ende\ufffe",
                    "Control\x01chars\x0b and\ttab\x7f\x85 \u2028end\ufffe",
                    flags=("copy-of-source",),
                ),
            ],
            [Sentence("Impressum: Alle Rechte vorbehalten.", "", boilerplate=True)],
            [
                Sentence("Boilerplate am Anfang.", "", boilerplate=True),
                Sentence(
                    "Das Auswärtiges Amt Berlin bestätigt.",
                    "The Federal Foreign Office Berlin confirms.",
                    [
                        ("Auswärtiges Amt", FOREIGN_OFFICE, "Federal Foreign Office", "enforced"),
                        ("Amt Berlin", AMT_BERLIN, "Office Berlin", "model"),
                    ],
                ),
                Sentence(
                    "Zeile eins\r\nZeile zwei\rdrei\n",
                    "# not a heading\n- not a list\n1. nor this\n\n<!-- no comment --> x\n"
                    "  > quote\n\\# kept\n    code?\n===\n2024\\. ok\n[ref]: /x\n\n",
                    flags=("repeated-ngrams",),
                ),
            ],
        ],
    )


def simple_document() -> TranslatedDocument:
    return build(
        "simple",
        [
            [Sentence("Titel", "Title")],
            [Sentence("Ein Satz.", "One sentence."), Sentence("Zwei.", "Two.")],
        ],
    )


def empty_document() -> TranslatedDocument:
    return build("empty", [[Sentence("Nur Boilerplate.", "", boilerplate=True)]])


def documents() -> dict[str, TranslatedDocument]:
    return {
        "hostile": hostile_document(),
        "simple": simple_document(),
        "empty": empty_document(),
    }

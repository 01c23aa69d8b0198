"""The article a review applies to, rebuilt from its JSONL in the output folder.

``translate article``/``batch`` write ``STEM.jsonl`` next to the other outputs; it holds every
pair with its sources, targets, reports, review state and the provenance, so it is the record
``translate apply`` starts from. Glossary entries are taken from the glossary given to
``apply`` (by entry source and origin), so the rewritten XLIFF lists the same alternatives;
an entry no longer in it keeps what the JSONL says.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from lxml import etree

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
    ValueResult,
)
from translate.errors import ReviewError
from translate.glossary import Glossary
from translate.review import safe_json

REPORT_NAMES = frozenset({"batch-report.jsonl"})


@dataclass(frozen=True)
class ArticleOutputs:
    """One article's outputs in a folder: its stem and the JSONL that records it."""

    name: str
    jsonl: Path

    @property
    def folder(self) -> Path:
        return self.jsonl.parent


def find_articles(out_dir: Path) -> list[ArticleOutputs]:
    """Every article with a ``STEM.jsonl`` in ``out_dir`` or below (a batch mirrors folders)."""
    if not out_dir.is_dir():
        raise ReviewError(f"{out_dir}: not a folder: give the --out folder of the translation")
    found = []
    for path in sorted(out_dir.rglob("*.jsonl")):
        relative = path.relative_to(out_dir).parts
        if path.name in REPORT_NAMES or any(part.startswith(".") for part in relative):
            continue
        found.append(ArticleOutputs(path.name[: -len(".jsonl")], path))
    if not found:
        raise ReviewError(
            f"{out_dir}: no article outputs here (no STEM.jsonl): give the folder that "
            "`translate article`/`batch` wrote with the jsonl format"
        )
    return found


def load_article(article: ArticleOutputs, glossary: Glossary) -> TranslatedDocument:
    """The translated article as its JSONL records it; ReviewError naming the line if broken."""
    try:
        lines = article.jsonl.read_bytes().decode("utf-8").split("\n")
    except (OSError, UnicodeDecodeError) as exc:
        raise ReviewError(f"{article.jsonl}: cannot read the article's JSONL: {exc}") from None
    entries = {(e.source, e.origin): e for e in glossary.entries}
    records = []
    for number, line in enumerate(lines, start=1):
        if line.strip():
            try:
                records.append(safe_json.loads(line))
            except safe_json.BadJson as exc:
                raise ReviewError(
                    f"{article.jsonl}: line {number}: not JSON ({exc}): translate the article again"
                ) from None
    if not records:
        raise ReviewError(f"{article.jsonl}: no sentence pairs: translate the article again")
    try:
        pairs = [_pair(r, entries) for r in records]
        provenance = _provenance(records[0]["provenance"])
    except (KeyError, TypeError, ValueError) as exc:
        raise ReviewError(
            f"{article.jsonl}: a record lacks or misstates {exc}: translate the article again"
        ) from None
    ids = [s.id for p in pairs for s in (p.segment, *p.joined)]
    if len(set(ids)) != len(ids):
        twice = next(i for i in ids if ids.count(i) > 1)
        raise ReviewError(
            f"{article.jsonl}: segment {twice} appears twice: translate the article again"
        )
    source = _source_document(article, pairs)
    placed = {s.id: s for s in source.segments}
    pairs = [
        replace(p, segment=placed[p.segment.id], joined=tuple(placed[j.id] for j in p.joined))
        for p in pairs
    ]
    return TranslatedDocument(source=source, pairs=tuple(pairs), provenance=provenance)


def _pair(record: dict[str, Any], entries: dict[tuple[str, str], GlossaryEntry]) -> AlignedPair:
    paragraph = int(record["paragraph"])
    parts = record.get("segments") or [
        {"id": record["id"], "sentence": record["sentence"], "source": record["source"]}
    ]
    segments = [
        Segment(str(p["id"]), paragraph, int(p["sentence"]), 0, 0, str(p["source"])) for p in parts
    ]
    return AlignedPair(
        segment=segments[0],
        target=str(record["target"]),
        terms=tuple(_term(t, entries) for t in record.get("terms", [])),
        flags=tuple(record.get("flags", [])),
        values=tuple(_value(v) for v in record.get("values", [])),
        alignment=tuple(tuple(link) for link in record.get("alignment", [])),  # type: ignore[misc]
        origin=record.get("origin", "mt"),
        state=record.get("status", "translated"),
        comment=record.get("comment", ""),
        joined=tuple(segments[1:]),
    )


def _term(t: dict[str, Any], entries: dict[tuple[str, str], GlossaryEntry]) -> TermResult:
    entry = entries.get((t["entry"], t.get("origin", "")))
    if entry is None:
        target = t.get("target")
        entry = GlossaryEntry(
            source=t["entry"],
            targets=(target,) if target else (t["source"],),
            type=t.get("type", "term"),
            origin=t.get("origin", ""),
        )
    match = TermMatch(int(t["start"]), int(t["end"]), t["source"], entry)
    return TermResult(
        match, t.get("target"), t["status"], t.get("target_start"), t.get("target_end")
    )


def _value(v: dict[str, Any]) -> ValueResult:
    return ValueResult(
        kind=v["kind"],
        surface=v["source"],
        source_start=v["start"],
        source_end=v["end"],
        expected=v["expected"],
        status=v["status"],
        rendering=v.get("target"),
        target_start=v.get("target_start"),
        target_end=v.get("target_end"),
    )


def _provenance(p: dict[str, Any]) -> Provenance:
    return Provenance(
        toolkit_version=p["toolkit_version"],
        model_id=p["model_id"],
        model_revision=p["model_revision"],
        engine=p["engine"],
        precision=p["precision"],
        beam=int(p["beam"]),
        max_length_rule=p["max_length_rule"],
        glossary_files=tuple(p.get("glossary_files", ())),
        glossary_sha256=p.get("glossary_sha256", ""),
        segmenter_version=p["segmenter_version"],
        created=datetime.fromisoformat(p["created"].replace("Z", "+00:00")),
        source_locale=p.get("source_locale", "de-DE"),
        target_locale=p.get("target_locale", "en-US"),
    )


def _source_document(article: ArticleOutputs, pairs: list[AlignedPair]) -> SourceDocument:
    """The source as far as the outputs need it: the translated segments, paragraph by paragraph.

    Offsets are those of a text made of the segments (paragraphs a blank line apart), since the
    outputs record sentences, not the input's layout; ``path`` is the XLIFF's ``original``.
    """
    grouped: dict[int, list[Segment]] = {}
    for pair in pairs:
        grouped.setdefault(pair.segment.paragraph, []).extend((pair.segment, *pair.joined))
    text_parts: list[str] = []
    paragraphs = []
    offset = 0
    for index in sorted(grouped):
        if text_parts:
            text_parts.append("\n\n")
            offset += 2
        start = offset
        segments = []
        for k, segment in enumerate(grouped[index]):
            if k:
                text_parts.append(" ")
                offset += 1
            segments.append(
                Segment(
                    segment.id,
                    index,
                    segment.index,
                    offset,
                    offset + len(segment.text),
                    segment.text,
                )
            )
            text_parts.append(segment.text)
            offset += len(segment.text)
        paragraphs.append(Paragraph(index, start, offset, tuple(segments)))
    return SourceDocument(
        name=article.name,
        text="".join(text_parts),
        paragraphs=tuple(paragraphs),
        path=_original(article),
    )


def _original(article: ArticleOutputs) -> str | None:
    """The input path the XLIFF outputs name in ``original`` (None without an XLIFF)."""
    for suffix in (".xlf", ".xliff12.xlf"):
        path = article.folder / f"{article.name}{suffix}"
        if not path.is_file():
            continue
        try:
            for _, elem in etree.iterparse(
                str(path), events=("start",), no_network=True, resolve_entities=False
            ):
                if etree.QName(elem.tag).localname == "file":
                    return elem.get("original")
        except (OSError, etree.XMLSyntaxError):
            continue
    return None

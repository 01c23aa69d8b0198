"""JSON Lines: one record per sentence pair, for scripts and evaluation.

Each line is one JSON object::

    {"id": "p1s0",            the segment id: unique in the document, stable for the same input
     "document": "article",   the article's stem
     "paragraph": 1, "sentence": 0,   0-based; ``sentence`` restarts in each paragraph
     "source": "…",           the source sentence exactly as in the input
     "target": "…",
     "terms": [{"source": "Kanzlerin", "start": 4, "end": 13,     offsets in ``source``
                "entry": "Kanzler", "origin": "news.tsv:12", "type": "rank",
                "target": "Chancellor", "target_start": 4, "target_end": 14,
                "status": "model" | "enforced" | "missing"}],   ``target`` null when missing
     "values": [{"kind": "date", "source": "12. Juli", "start": 30, "end": 38,
                 "expected": "July 12", "status": "model" | "corrected" | "missing"
                 | "german-format", "target": "July 12", "target_start": 29,
                 "target_end": 36}],      dates, times, numbers, percentages, money
     "flags": ["length-ratio"],          empty when nothing is suspicious
     "status": "translated" | "reviewed" | "final",      the review state
     "origin": "mt" | "mt-approved" | "human",           who wrote the target
     "comment": "",                      the reviewer's comment
     "joined": ["p1s1"],                 ids of further segments merged into this record
     "alignment": [[4, 13, 4, 14]],      word links [source_start, source_end, target_start,
                                         target_end] into ``source``/``target``; empty when none
     "segments": [{"id": "p1s0", "sentence": 0, "source": "…"}, …],   only when ``joined``
                                         is not empty: every merged segment with its own text
     "provenance": {"toolkit_version": …, "model_id": …, "created": "…Z", "signature": …}}

A merged record's ``source`` is the text of all its segments joined by one space (term and value
offsets refer to it); ``segments`` keeps each one's own text so that a later review can split
the record again.

Every character is kept: JSON escapes the controls; U+0085, U+2028 and U+2029 are escaped too
so that no line splitter can cut a record, and so are lone surrogates (which UTF-8 cannot
encode). A document without pairs gives an empty file.
"""

from __future__ import annotations

import json
import re
from typing import Any

from translate.document import AlignedPair, TermResult, TranslatedDocument, ValueResult
from translate.writers.base import ByteSink, ParsedPair, PartByPart, provenance_dict, source_text

_ESCAPE = re.compile("[\u0085\u2028\u2029\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def term_record(term: TermResult) -> dict[str, Any]:
    match = term.match
    return {
        "source": match.surface,
        "start": match.start,
        "end": match.end,
        "entry": match.entry.source,
        "origin": match.entry.origin,
        "type": match.entry.type,
        "target": term.target,
        "target_start": term.target_start,
        "target_end": term.target_end,
        "status": term.status,
    }


def value_record(value: ValueResult) -> dict[str, Any]:
    return {
        "kind": value.kind,
        "source": value.surface,
        "start": value.source_start,
        "end": value.source_end,
        "expected": value.expected,
        "status": value.status,
        "target": value.rendering,
        "target_start": value.target_start,
        "target_end": value.target_end,
    }


def pair_record(doc: TranslatedDocument, pair: AlignedPair) -> dict[str, Any]:
    """The JSON object written for one pair (before serialization)."""
    record: dict[str, Any] = {
        "id": pair.id,
        "document": doc.name,
        "paragraph": pair.segment.paragraph,
        "sentence": pair.segment.index,
        "source": source_text(pair),
        "target": pair.target,
        "terms": [term_record(term) for term in pair.terms],
        "values": [value_record(value) for value in pair.values],
        "flags": list(pair.flags),
        "status": pair.state,
        "origin": pair.origin,
        "comment": pair.comment,
        "joined": [segment.id for segment in pair.joined],
        "alignment": [list(link) for link in pair.alignment],
    }
    if pair.joined:
        record["segments"] = [
            {"id": s.id, "sentence": s.index, "source": s.text}
            for s in (pair.segment, *pair.joined)
        ]
    record["provenance"] = provenance_dict(doc.provenance)
    return record


def dumps_line(record: dict[str, Any]) -> str:
    """One record as a single line of JSON, safe against every line splitter."""
    text = json.dumps(record, ensure_ascii=False)
    return _ESCAPE.sub(_escape, text)


class JsonlWriter(PartByPart):
    """JSON Lines, one record per sentence pair."""

    name = "jsonl"
    extension = ".jsonl"

    def write(self, doc: TranslatedDocument, stream: ByteSink) -> None:
        """Write one line per pair to ``stream`` as it is made."""
        for pair in doc.pairs:
            stream.write((dumps_line(pair_record(doc, pair)) + "\n").encode("utf-8"))


def parse_records(data: bytes) -> list[dict[str, Any]]:
    """Every record of a JSONL file (blank lines skipped)."""
    return [json.loads(line) for line in data.decode("utf-8").split("\n") if line.strip()]


def parse(data: bytes) -> list[ParsedPair]:
    """The sentence pairs of a JSONL file, in order."""
    return [
        ParsedPair(r["id"], r["source"], r["target"], r.get("paragraph"))
        for r in parse_records(data)
    ]

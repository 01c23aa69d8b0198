"""JSON Lines for ``translate align``: one record per link, in document order.

Each line is one JSON object::

    {"document": "article",        the German text's stem
     "source_ids": [3, 4],         0-based sentence indices (with --presegmented: line numbers)
     "target_ids": [3],            empty for a 1-0 link; source_ids empty for 0-1
     "source": "…", "target": "…", the linked sentences, joined by one space
     "type": "2-1",                len(source_ids)-len(target_ids)
     "confidence": 0.97,           the link's posterior probability (0–1)
     "paragraph": 2,               the German paragraph (0 = title)
     "origin": "human",            an existing human translation, aligned
     "flags": ["low-confidence"],  not-in-edition, added-in-edition, low-confidence
     "provenance": {…}}            as in every output

The records are rendered with the same line-safe JSON as the translation JSONL
(:func:`translate.writers.jsonl.dumps_line`).
"""

from __future__ import annotations

from typing import Any

from translate.align.outputs import aligned_pairs, link_paragraph
from translate.align.records import Alignment
from translate.document import Provenance
from translate.writers.base import provenance_dict
from translate.writers.jsonl import dumps_line, parse_records

__all__ = ["link_records", "parse_records", "render_alignment"]


def link_records(
    alignment: Alignment, prov: Provenance, low_confidence: float
) -> list[dict[str, Any]]:
    """The JSON objects of every link (before serialization)."""
    stamp = provenance_dict(prov)
    pairs = aligned_pairs(alignment, low_confidence)
    return [
        {
            "document": alignment.source.name,
            "source_ids": [alignment.source.ids[i] for i in link.source],
            "target_ids": [alignment.target.ids[j] for j in link.target],
            "source": alignment.source_text(link),
            "target": alignment.target_text(link),
            "type": link.type,
            "confidence": link.confidence,
            "paragraph": link_paragraph(alignment, k),
            "origin": "human",
            "flags": list(pair.flags),
            "provenance": stamp,
        }
        for k, (link, pair) in enumerate(zip(alignment.links, pairs, strict=True))
    ]


def render_alignment(alignment: Alignment, prov: Provenance, low_confidence: float) -> bytes:
    """The alignment JSONL file's bytes."""
    records = link_records(alignment, prov, low_confidence)
    return "".join(dumps_line(r) + "\n" for r in records).encode("utf-8")

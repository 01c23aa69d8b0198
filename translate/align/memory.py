"""``--to-memory``: confident links become human translations that ``translate article`` reuses.

Stored are the links with one source sentence (1-1, and 1-2/1-3: one German sentence rendered
as several English ones) whose confidence reaches the threshold: ``translate article`` looks
sentences up one by one, so a link whose source spans several German sentences could never be
found again and is not stored. Null links are never stored.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from translate.align.records import Alignment

MEMORY_CONFIDENCE = 0.9
"""Default: links at least this confident go into the memory."""


def confident_pairs(alignment: Alignment, min_confidence: float) -> list[tuple[str, str]]:
    """``(German sentence, English text)`` of every link worth remembering."""
    return [
        (alignment.source_text(link), alignment.target_text(link))
        for link in alignment.links
        if len(link.source) == 1 and link.target and link.confidence >= min_confidence
    ]


def store_pairs(
    memory: Any,
    pairs: Sequence[tuple[str, str]],
    *,
    document: str,
    source_locale: str,
    target_locale: str,
) -> int:
    """Store ``pairs`` in the memory's human translations; return how many."""
    from translate.memory_human import HumanTranslation, put_human

    return put_human(
        memory,
        [
            HumanTranslation(
                source=source,
                target=target,
                source_locale=source_locale,
                target_locale=target_locale,
                origin="human",
                state="translated",
                document=document,
            )
            for source, target in pairs
        ],
    )

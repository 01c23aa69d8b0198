"""The typed records a reviewed file is read into, whatever its format.

    reviewed XLIFF 2.0 / XLIFF 1.2 / TMX / JSONL ──► Review(ReviewedSegment…) ──► apply

A reader only says what the file holds; matching it against the article (ids, sources, merges)
is :mod:`translate.review.match`'s job.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

ReviewFormat = Literal["xliff", "xliff12", "tmx", "jsonl"]

Verdict = Literal["pending", "reviewed", "final", "rejected"]
"""What the reviewer said about a segment: nothing yet (``pending``: a CAT tool's ``initial``
or ``translated``, or a target without approval), approved/edited (``reviewed``), ``final``,
or sent back for translation (``rejected``: XLIFF 1.2 ``state="needs-translation"``)."""


@dataclass(frozen=True)
class ReviewedSegment:
    """One segment as the reviewed file has it.

    ``id`` is the segment id (None in a TMX, which keeps no ids); ``source`` is the source text
    the file holds for it (several sentences joined by one space when the reviewer merged them);
    ``edited`` is the file's own claim that a person changed the target (XLIFF 2.0
    ``subState="dejour:human"``, JSONL ``origin: human``), None where the format does not say.
    ``where`` names the segment in messages (``unit p3, segment p3s1``, ``line 7``).
    """

    id: str | None
    source: str
    target: str | None
    """None when the file has no target for the segment (nothing to apply)."""
    verdict: Verdict
    where: str
    comment: str = ""
    edited: bool | None = None
    unit: str | None = None
    """The paragraph's unit or group id (``p3``), where the format has one."""
    joined: tuple[str, ...] | None = None
    """Ids the file says are merged into this segment (JSONL ``joined``); None if it says not."""
    notes: tuple[str, ...] = ()
    """Notes that may be ours or the reviewer's (a TMX ``<note>``): the matcher keeps those that
    differ from the note our writer made for the sentence."""


@dataclass(frozen=True)
class Review:
    """A reviewed file: its format, the article it names (if any) and its segments in order."""

    path: str
    format: ReviewFormat
    document: str | None
    """The article stem the file names: XLIFF 2.0 ``<file id>``, XLIFF 1.2 ``original``,
    JSONL ``document``; None for a TMX (a CAT tool's export names no article)."""
    segments: tuple[ReviewedSegment, ...]
    source_language: str = ""
    skipped: tuple[str, ...] = ()
    """Units the reader could not take (a TMX unit without a German and another variant), by
    where they are: reported, never applied."""
    foreign: str = ""
    """What to do instead, where the file is a CAT tool's own bilingual format (Trados Studio
    SDLXLIFF, memoQ MQXLIFF, Phrase MXLIFF) whose segment ids are the tool's, not ours: said
    when its ids do not match the article."""

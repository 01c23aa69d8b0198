"""Split a decoded article into paragraphs and numbered sentences, marking boilerplate."""

from __future__ import annotations

import re

from translate.document import Paragraph, Segment
from translate.segmentation.boilerplate import is_boilerplate
from translate.segmentation.sentences import split_sentences

__all__ = ["segment_text", "split_paragraphs"]

_LINE_RE = re.compile(r"[^\r\n]*(?:\r\n|\n|\r|$)")


def _lines(text: str) -> list[tuple[int, int]]:
    """Spans of the lines of ``text`` without their line ends."""
    out = []
    for m in _LINE_RE.finditer(text):
        s, e = m.span()
        if s == e and s == len(text):
            break
        content = m.group().rstrip("\r\n")
        out.append((s, s + len(content)))
    return out


def _strip_span(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def split_paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph spans: blocks of lines separated by one or more blank (whitespace-only) lines."""
    out: list[tuple[int, int]] = []
    cur: tuple[int, int] | None = None
    for s, e in _lines(text):
        if text[s:e].strip():
            cur = (cur[0], e) if cur else (s, e)
        elif cur:
            out.append(_strip_span(text, *cur))
            cur = None
    if cur:
        out.append(_strip_span(text, *cur))
    return out


def _paragraph_sentences(text: str, start: int, end: int) -> list[tuple[int, int, bool]]:
    """Sentences of the paragraph ``text[start:end]``: boilerplate lines are whole segments."""
    out: list[tuple[int, int, bool]] = []
    run: tuple[int, int] | None = None

    def flush() -> None:
        if run:
            rs, re_ = run
            out.extend((rs + a, rs + b, False) for a, b in split_sentences(text[rs:re_]))

    for s, e in _lines(text[start:end]):
        s, e = _strip_span(text, start + s, start + e)
        if s == e:
            continue
        if is_boilerplate(text[s:e]):
            flush()
            run = None
            out.append((s, e, True))
        else:
            run = (run[0], e) if run else (s, e)
    flush()
    return out


def segment_text(text: str) -> tuple[Paragraph, ...]:
    """Split a decoded article into paragraphs and sentences.

    Offsets index into ``text`` itself (line ends are kept as they are, ``\\n`` or ``\\r\\n``), so
    ``text[seg.start:seg.end] == seg.text``. A paragraph is boilerplate when all of its sentences
    are; a sentence is boilerplate when its line is (see :func:`is_boilerplate`).
    """
    paragraphs: list[Paragraph] = []
    for p_start, p_end in split_paragraphs(text):
        p = len(paragraphs)
        segments = tuple(
            Segment(
                id=f"p{p}s{j}",
                paragraph=p,
                index=j,
                start=s,
                end=e,
                text=text[s:e],
                boilerplate=bp,
            )
            for j, (s, e, bp) in enumerate(_paragraph_sentences(text, p_start, p_end))
        )
        paragraphs.append(
            Paragraph(
                index=p,
                start=p_start,
                end=p_end,
                segments=segments,
                boilerplate=bool(segments) and all(seg.boilerplate for seg in segments),
            )
        )
    return tuple(paragraphs)

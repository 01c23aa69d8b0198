"""Split a segment that is longer than the model's input limit — never truncate.

A sentence with more source tokens than the model accepts is cut into parts at the best
boundary near its middle (a clause boundary, else a space, else anywhere), recursively, until
every part fits; the parts are translated separately and joined with a space.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_CLAUSE = re.compile(r"[;:,–—)\]»“”\"](?=\s)|\s[–—-]\s")
_SPACE = re.compile(r"\s+")


def split_to_fit(text: str, fits: Callable[[str], bool]) -> list[tuple[int, int]]:
    """Spans of ``text`` whose parts each satisfy ``fits``; one span when the whole fits."""
    spans: list[tuple[int, int]] = []
    _split(text, 0, len(text), fits, spans)
    return spans


def _split(
    text: str, start: int, end: int, fits: Callable[[str], bool], out: list[tuple[int, int]]
) -> None:
    part = text[start:end]
    if fits(part) or end - start <= 1:
        out.append((start, end))
        return
    cut = _best_cut(part)
    left_end = start + cut
    right_start = left_end
    while right_start < end and text[right_start].isspace():
        right_start += 1
    while left_end > start and text[left_end - 1].isspace():
        left_end -= 1
    _split(text, start, left_end, fits, out)
    _split(text, right_start, end, fits, out)


def _best_cut(part: str) -> int:
    """Offset to cut at: the clause boundary nearest the middle, else a space, else the middle."""
    middle = len(part) // 2
    for pattern in (_CLAUSE, _SPACE):
        cuts = [m.end() for m in pattern.finditer(part) if 0 < m.end() < len(part)]
        near = [c for c in cuts if len(part) // 4 <= c <= 3 * len(part) // 4]
        if near:
            return min(near, key=lambda c: abs(c - middle))
    return max(1, middle)

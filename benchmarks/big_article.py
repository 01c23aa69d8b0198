"""A German article of a given size made of newstest2021 lines, shared by the benchmarks that
measure big inputs (``bench_writers.py``, ``bench_batch.py``)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path


def write_big_article(path: Path, german: Sequence[str], megabytes: float) -> int:
    """Write paragraphs of five consecutive ``german`` lines (wrapping round) to ``path`` until
    the text reaches ``megabytes``; return the number of paragraphs."""
    paragraphs: list[str] = []
    size, i = 0, 0
    while size < megabytes * 1_000_000:
        paragraph = " ".join(german[(i + k) % len(german)] for k in range(5))
        paragraphs.append(paragraph)
        size += len(paragraph.encode("utf-8")) + 2
        i += 5
    path.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return len(paragraphs)

"""Over-long segments are split (never truncated); batches are length-sorted under a budget."""

from __future__ import annotations

from translate.batching import plan_batches
from translate.chunking import split_to_fit


def _fits(limit: int):
    return lambda text: len(text.split()) <= limit


def test_short_text_is_one_span() -> None:
    assert split_to_fit("Ein kurzer Satz.", _fits(10)) == [(0, 16)]


def test_long_text_is_split_at_clauses_and_loses_nothing() -> None:
    text = ", ".join(f"Teil {i} mit einigen Wörtern" for i in range(30)) + "."
    spans = split_to_fit(text, _fits(12))
    assert len(spans) > 1
    parts = [text[a:b] for a, b in spans]
    assert all(_fits(12)(p) for p in parts)
    assert "".join("".join(p.split()) for p in parts) == "".join(text.split())
    assert all(p.endswith((",", ".")) for p in parts)


def test_text_without_spaces_is_still_split() -> None:
    text = "x" * 100
    spans = split_to_fit(text, lambda t: len(t) <= 30)
    assert "".join(text[a:b] for a, b in spans) == text
    assert all(b - a <= 30 for a, b in spans)


def test_batches_are_sorted_and_respect_budget() -> None:
    lengths = [5, 50, 7, 49, 3, 48, 6]
    batches = plan_batches(lengths, max_items=3, max_tokens=120)
    assert sorted(i for b in batches for i in b) == list(range(len(lengths)))
    for batch in batches:
        assert len(batch) <= 3
        assert max(lengths[i] for i in batch) * len(batch) <= 120 or len(batch) == 1
    flat = [lengths[i] for b in batches for i in b]
    assert flat == sorted(flat, reverse=True)

"""Length-sorted batches under a token budget: how sentences are packed for the model.

Sorting by length keeps padding small; the token budget (longest item × batch size) keeps
memory flat whatever the mix of short and long sentences.
"""

from __future__ import annotations

from collections.abc import Sequence


def plan_batches(
    lengths: Sequence[int], *, max_items: int = 64, max_tokens: int = 4096
) -> list[list[int]]:
    """Indices into ``lengths`` grouped into batches, longest first, deterministic."""
    order = sorted(range(len(lengths)), key=lambda i: (-lengths[i], i))
    batches: list[list[int]] = []
    current: list[int] = []
    longest = 0
    for index in order:
        candidate = max(longest, lengths[index])
        if current and (len(current) >= max_items or candidate * (len(current) + 1) > max_tokens):
            batches.append(current)
            current, candidate = [], lengths[index]
        current.append(index)
        longest = candidate
    if current:
        batches.append(current)
    return batches

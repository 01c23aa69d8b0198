"""The search: a banded dynamic programme over link types, with link posteriors.

States ``(i, j)`` mean "the first ``i`` source and ``j`` target sentences are aligned". A link
of type ``(a, b)`` moves from ``(i − a, j − b)`` to ``(i, j)``, so links never cross and every
sentence is in exactly one link. Only states inside a *band* are visited: for each ``i``, the
``j`` within ``width`` sentences of the length diagonal (the target position whose cumulative
length matches the source's cumulative length), so the cost is O((n + m) · width · types).

Besides the best path (Viterbi), the forward–backward algorithm over the same lattice gives the
posterior probability of each link: the probability mass of all alignments that contain it,
under the scores read as log-probabilities. That posterior is the link's confidence.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from translate.align.costs import LinkType

_NEG = float("-inf")


def _lse(a: float, b: float) -> float:
    if a == _NEG:
        return b
    if b == _NEG:
        return a
    if a > b:
        return a + math.log1p(math.exp(b - a))
    return b + math.log1p(math.exp(a - b))


@dataclass(frozen=True)
class Band:
    """For each source position ``i`` (0…n), the allowed target positions ``lo[i]…hi[i]``."""

    lo: tuple[int, ...]
    hi: tuple[int, ...]

    def __contains__(self, state: tuple[int, int]) -> bool:
        i, j = state
        return 0 <= i < len(self.lo) and self.lo[i] <= j <= self.hi[i]

    @property
    def states(self) -> int:
        return sum(high - low + 1 for low, high in zip(self.lo, self.hi, strict=True))


def diagonal_band(src_len: Sequence[int], tgt_len: Sequence[int], width: int) -> Band:
    """The states within ``width`` target sentences of the length diagonal."""
    n, m = len(src_len), len(tgt_len)
    total_src = sum(src_len) or 1
    total_tgt = sum(tgt_len) or 1
    cum_tgt = [0]
    for length in tgt_len:
        cum_tgt.append(cum_tgt[-1] + length)
    centres = []
    cum = 0
    k = 0
    for i in range(n + 1):
        if i:
            cum += src_len[i - 1]
        goal = cum / total_src * total_tgt
        while k < m and cum_tgt[k + 1] <= goal:
            k += 1
        # the nearer of the two target boundaries around the goal
        if k < m and goal - cum_tgt[k] > cum_tgt[k + 1] - goal:
            centres.append(k + 1)
        else:
            centres.append(k)
    centres[0], centres[-1] = 0, m
    lo, hi = [], []
    for i in range(n + 1):
        near = centres[max(0, i - 1) : i + 2]
        lo.append(max(0, min(near) - width))
        hi.append(min(m, max(near) + width))
    return Band(tuple(lo), tuple(hi))


def path_band(path: Sequence[tuple[int, int]], n: int, m: int, width: int) -> Band:
    """The states within ``width`` target sentences of a given path's states."""
    lo = [m] * (n + 1)
    hi = [0] * (n + 1)
    for i, j in path:
        lo[i] = min(lo[i], j)
        hi[i] = max(hi[i], j)
    for i in range(n + 1):  # a row the path jumps over (a 2-1 link) takes its neighbours' range
        if lo[i] > hi[i]:
            lo[i], hi[i] = lo[i - 1], hi[i - 1]
    return Band(
        tuple(max(0, v - width) for v in lo),
        tuple(min(m, v + width) for v in hi),
    )


@dataclass(frozen=True)
class Step:
    """One link of the best path: source ``[i0, i1)``, target ``[j0, j1)``, its posterior."""

    i0: int
    i1: int
    j0: int
    j1: int
    posterior: float


Scorer = Callable[[int, int, int, int], float]
Allowed = Callable[[int, int, int, int], bool]


def align_block(
    n: int, m: int, band: Band, types: Sequence[LinkType], score: Scorer, allowed: Allowed
) -> list[Step]:
    """The best path through the band from ``(0, 0)`` to ``(n, m)``, with link posteriors."""
    alpha: dict[tuple[int, int], float] = {(0, 0): 0.0}
    best: dict[tuple[int, int], tuple[float, tuple[int, int] | None]] = {(0, 0): (0.0, None)}
    incoming: dict[tuple[int, int], list[tuple[tuple[int, int], float]]] = {}
    order: list[tuple[int, int]] = []
    for i in range(n + 1):
        for j in range(band.lo[i], band.hi[i] + 1):
            if i == 0 and j == 0:
                order.append((0, 0))
                continue
            edges: list[tuple[tuple[int, int], float]] = []
            total = _NEG
            top = _NEG
            top_prev: tuple[int, int] | None = None
            for a, b in types:
                prev = (i - a, j - b)
                base = alpha.get(prev)
                if base is None or not allowed(i - a, i, j - b, j):
                    continue
                s = score(i - a, i, j - b, j)
                edges.append((prev, s))
                total = _lse(total, base + s)
                viterbi = best[prev][0] + s
                if viterbi > top:
                    top, top_prev = viterbi, prev
            if edges:
                alpha[(i, j)] = total
                best[(i, j)] = (top, top_prev)
                incoming[(i, j)] = edges
                order.append((i, j))
    end = (n, m)
    if end not in alpha:
        raise ValueError("the band does not reach the end of both texts")
    beta: dict[tuple[int, int], float] = {end: 0.0}
    for node in reversed(order):
        b_node = beta.get(node)
        if b_node is None:
            continue
        for prev, s in incoming.get(node, ()):
            beta[prev] = _lse(beta.get(prev, _NEG), b_node + s)
    z = alpha[end]
    steps: list[Step] = []
    state = end
    while state != (0, 0):
        back = best[state][1]
        assert back is not None
        s = next(value for p, value in incoming[state] if p == back)
        posterior = math.exp(min(0.0, alpha[back] + s + beta[state] - z))
        steps.append(Step(back[0], state[0], back[1], state[1], posterior))
        state = back
    steps.reverse()
    return steps

"""The model's say: forced-decoding scores of candidate links, calibrated per document.

A backend's ``score(sources, targets)`` gives the log-probability of each target given its
source (``</s>`` included) and its token count. Raw log-probabilities are not comparable across
models (a tiny test checkpoint, opus-mt), so each document calibrates them on its own
candidates: ``good`` is the median over source sentences of their best 1-1 candidate's mean
log-probability per token, ``bad`` the median of the other 1-1 candidates. A candidate's term
is then ``(mean − (good + bad)/2) / (good − bad)``, clipped to ±1.5 and multiplied by the
candidate's target tokens over the typical sentence's (so a right 1-2 link earns for both its
sentences, and a 1-1 + 0-1 split only for one). When the model does not separate right from
wrong candidates (``good − bad`` < 0.2 nats per token: a model that does not know the
language), the term is left out and the length and anchor costs decide alone.

With a reverse model (English→German), the same is done in the other direction and the two
terms are averaged (dual conditional cross-entropy).
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

Candidate = tuple[int, int, int, int]
"""A candidate link in document positions: source ``[i0, i1)``, target ``[j0, j1)``."""

MIN_SEPARATION = 0.2


class PairScorer(Protocol):
    """What the aligner needs of a backend (``translate.backends.base``)."""

    def score(self, sources: Sequence[str], targets: Sequence[str]) -> list[Any]:
        """One ``PairScore(log_prob, tokens)`` per pair."""
        ...


@dataclass(frozen=True)
class Calibration:
    good: float
    bad: float
    typical_tokens: float

    @property
    def separation(self) -> float:
        return self.good - self.bad

    def term(self, log_prob: float, tokens: int) -> float:
        mean = log_prob / max(tokens, 1)
        mid = (self.good + self.bad) / 2.0
        z = max(-1.5, min(1.5, (mean - mid) / self.separation))
        return z * tokens / self.typical_tokens


def calibrate(candidates: Sequence[Candidate], scores: Sequence[Any]) -> Calibration | None:
    """Calibrate on the 1-1 candidates; None when the model does not separate them."""
    by_source: dict[int, list[tuple[float, int]]] = {}
    for (i0, i1, j0, j1), s in zip(candidates, scores, strict=True):
        if i1 - i0 == 1 and j1 - j0 == 1:
            by_source.setdefault(i0, []).append((s.log_prob / max(s.tokens, 1), s.tokens))
    best: list[float] = []
    rest: list[float] = []
    tokens: list[int] = []
    for rows in by_source.values():
        rows.sort(reverse=True)
        best.append(rows[0][0])
        tokens.append(rows[0][1])
        rest.extend(mean for mean, _ in rows[1:])
    if not best or not rest:
        return None
    good, bad = statistics.median(best), statistics.median(rest)
    if good - bad < MIN_SEPARATION:
        return None
    return Calibration(good, bad, max(1.0, statistics.median(tokens)))


@dataclass(frozen=True)
class ModelTerms:
    """The calibrated model term of every scored candidate."""

    terms: dict[Candidate, float]
    pairs_scored: int
    separation: float
    """Forward calibration's ``good − bad`` (0 when the model did not separate)."""

    def get(self, i0: int, i1: int, j0: int, j1: int) -> float | None:
        return self.terms.get((i0, i1, j0, j1))


def model_terms(
    candidates: Sequence[Candidate],
    source_texts: Sequence[str],
    target_texts: Sequence[str],
    forward: PairScorer,
    reverse: PairScorer | None = None,
) -> ModelTerms:
    """Score every candidate (one packed call per direction) and calibrate.

    ``source_texts[k]``/``target_texts[k]`` are the joined texts of ``candidates[k]``.
    """
    if not candidates:
        return ModelTerms({}, 0, 0.0)
    directions: list[dict[Candidate, float]] = []
    separation = 0.0
    scored = 0
    for scorer, src, tgt in (
        (forward, source_texts, target_texts),
        (reverse, target_texts, source_texts),
    ):
        if scorer is None:
            continue
        scores = scorer.score(list(src), list(tgt))
        scored += len(scores)
        calibration = calibrate(candidates, scores)
        if calibration is None:
            continue
        if scorer is forward:
            separation = calibration.separation
        directions.append(
            {
                c: calibration.term(s.log_prob, s.tokens)
                for c, s in zip(candidates, scores, strict=True)
            }
        )
    if not directions:
        return ModelTerms({}, scored, separation)
    terms = {c: sum(d[c] for d in directions) / len(directions) for c in candidates}
    return ModelTerms(terms, scored, separation)

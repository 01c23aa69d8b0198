"""The model's say: how much a candidate source makes its target more likely (PMI).

A backend's ``score(sources, targets)`` gives the forced-decoding log-probability of each
target given its source (``</s>`` included). For a candidate link the model term is the
pointwise mutual information of the two sides under the model::

    pmi(S, T) = log P(T | S) − log P(T | ∅)

where ``∅`` is the empty source: how much better the model predicts the English sentences when
it reads the German ones than when it reads nothing. The term adds up over target tokens, so
the search compares link types fairly: a right 1-2 link earns for both English sentences, while
the split 1-1 + 0-1 earns for the first one only (an unlinked sentence earns nothing); a wrong
pairing earns about nothing, or less. Raw log-probabilities of different targets are never
compared with each other, which is what makes the term usable with any Marian checkpoint,
from a tiny test model to opus-mt.

With a reverse model (English→German), ``log P(S | T) − log P(S | ∅)`` is computed as well
and the two are averaged (dual conditional cross-entropy, as in parallel-corpus filtering).

Unexplained tokens must cost, or an English sentence the German does not translate could ride
along in a 1-2 link for free (its PMI is about zero, like that of a 0-1 link). So the term is
the PMI minus half the document's typical gain per target token (``gain``: the median over
source sentences of the best 1-1 candidate's PMI per token): a right link stays well above
zero, a target token the source does not explain costs half a typical gain, and a wrong
pairing goes below zero, which lets omissions and additions win where they belong.

A model that does not know the language gains nothing from reading the source: when ``gain``
is below ``MIN_GAIN`` nats per token, the term is left out and the length and anchor costs
decide alone.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

Candidate = tuple[int, int, int, int]
"""A candidate link in document positions: source ``[i0, i1)``, target ``[j0, j1)``."""

MIN_GAIN = 0.1
"""Nats per target token below which the model is taken not to know the language."""


class PairScorer(Protocol):
    """What the aligner needs of a backend (``translate.backends.base``)."""

    def score(self, sources: Sequence[str], targets: Sequence[str]) -> list[Any]:
        """One ``PairScore(log_prob, tokens)`` per pair."""
        ...


@dataclass(frozen=True)
class ModelTerms:
    """The model term (PMI in nats) of every scored candidate."""

    terms: dict[Candidate, float]
    pairs_scored: int
    """Forced decodings run: candidates plus the empty-source baselines, both directions."""
    gain: float
    """Median over source sentences of the best 1-1 candidate's PMI per target token."""

    def get(self, i0: int, i1: int, j0: int, j1: int) -> float | None:
        return self.terms.get((i0, i1, j0, j1))


def _pmi(
    scorer: PairScorer, sources: Sequence[str], targets: Sequence[str]
) -> tuple[list[float], list[int], int]:
    """PMI of each pair, its target token count, and the number of decodings run."""
    unique = list(dict.fromkeys(targets))
    scores = scorer.score([*sources, *[""] * len(unique)], [*targets, *unique])
    base = {t: s.log_prob for t, s in zip(unique, scores[len(sources) :], strict=True)}
    pairs = scores[: len(sources)]
    return (
        [s.log_prob - base[t] for s, t in zip(pairs, targets, strict=True)],
        [s.tokens for s in pairs],
        len(scores),
    )


def _gain(candidates: Sequence[Candidate], pmi: Sequence[float], tokens: Sequence[int]) -> float:
    best: dict[int, float] = {}
    for (i0, i1, j0, j1), value, count in zip(candidates, pmi, tokens, strict=True):
        if i1 - i0 == 1 and j1 - j0 == 1:
            best[i0] = max(best.get(i0, float("-inf")), value / max(count, 1))
    return statistics.median(best.values()) if best else 0.0


def model_terms(
    candidates: Sequence[Candidate],
    source_texts: Sequence[str],
    target_texts: Sequence[str],
    forward: PairScorer,
    reverse: PairScorer | None = None,
) -> ModelTerms:
    """Score every candidate (one packed call per direction) and turn the scores into PMI.

    ``source_texts[k]``/``target_texts[k]`` are the joined texts of ``candidates[k]``.
    """
    if not candidates:
        return ModelTerms({}, 0, 0.0)
    pmi, tokens, scored = _pmi(forward, source_texts, target_texts)
    gain = _gain(candidates, pmi, tokens)
    if gain < MIN_GAIN:
        return ModelTerms({}, scored, gain)
    terms = [value - gain / 2.0 * count for value, count in zip(pmi, tokens, strict=True)]
    if reverse is not None:
        back, back_tokens, more = _pmi(reverse, target_texts, source_texts)
        scored += more
        back_gain = _gain([(j0, j1, i0, i1) for i0, i1, j0, j1 in candidates], back, back_tokens)
        if back_gain >= MIN_GAIN:
            terms = [
                (value + b - back_gain / 2.0 * count) / 2.0
                for value, b, count in zip(terms, back, back_tokens, strict=True)
            ]
    return ModelTerms(dict(zip(candidates, terms, strict=True)), scored, gain)

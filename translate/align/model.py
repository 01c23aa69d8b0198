"""The model's say: how much a candidate source makes its target more likely (PMI).

A backend's ``score(sources, targets)`` gives the forced-decoding log-probability of each
target given its source (``</s>`` included). For a candidate link the model term is the
pointwise mutual information of the two sides under the model::

    pmi(S, T) = log P(T | S) − Σ log P(t | ∅)   (t: the sentences of T)

where ``∅`` is the empty source: how much better the model predicts the English sentences when
it reads the German ones than when it reads nothing. The term adds up over target tokens, so
the search compares link types fairly: a right 1-2 link earns for both English sentences, while
the split 1-1 + 0-1 earns for the first one only (an unlinked sentence earns nothing); a wrong
pairing earns about nothing, or less. Raw log-probabilities of different targets are never
compared with each other, which is what makes the term usable with any Marian checkpoint,
from a tiny test model to opus-mt.

With a reverse model (English→German), ``log P(S | T) − log P(S | ∅)`` is computed as well
and the two calibrated terms are averaged (dual conditional cross-entropy, as in parallel-corpus
filtering). Each direction is judged on its own (below): a direction whose model does not know
the language is left out and the other one decides alone.

Unexplained tokens must cost, or an English sentence the German does not translate could ride
along in a 1-2 link for free (its PMI is about zero, like that of a 0-1 link). So the term is
the PMI minus half the document's typical gain per target token (``gain``: the median over
source sentences of the best 1-1 candidate's PMI per token): a right link stays well above
zero, a target token the source does not explain costs half a typical gain, and a wrong
pairing goes below zero, which lets omissions and additions win where they belong.

A model that does not know the language gains nothing from reading the source: when ``gain``
is below ``MIN_GAIN`` nats per token, its direction is left out; with neither direction left,
the length and anchor costs decide alone.
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
    """The model term (PMI in nats, calibrated) of every scored candidate."""

    terms: dict[Candidate, float]
    pairs_scored: int
    """Forced decodings run: candidates plus the empty-source baselines, both directions."""
    gain: float
    """Median over source sentences of the best 1-1 candidate's PMI per target token."""
    reverse_gain: float | None = None
    """The same for the reverse model (per German token), None without one."""
    directions: tuple[str, ...] = ()
    """The directions that know the language and make up the term (``forward``, ``reverse``)."""
    candidates: int = 0
    """Candidate links scored (each in every direction given)."""

    def get(self, i0: int, i1: int, j0: int, j1: int) -> float | None:
        return self.terms.get((i0, i1, j0, j1))


def _pmi(
    scorer: PairScorer, sources: Sequence[tuple[str, ...]], targets: Sequence[tuple[str, ...]]
) -> tuple[list[float], list[int], int]:
    """PMI of each pair (sentences joined by a space), its target token count, and the number
    of decodings run.

    The baseline of a target of several sentences is the sum of its sentences' own baselines,
    not the baseline of their concatenation: after the empty source a model predicts a second
    sentence glued to a first one badly (it has learnt single sentences), so the joined
    baseline would credit any source with explaining the second sentence."""
    unique = list(dict.fromkeys(t for target in targets for t in target))
    joined_sources = [" ".join(s) for s in sources]
    joined_targets = [" ".join(t) for t in targets]
    scores = scorer.score([*joined_sources, *[""] * len(unique)], [*joined_targets, *unique])
    base = {t: s.log_prob for t, s in zip(unique, scores[len(sources) :], strict=True)}
    pairs = scores[: len(sources)]
    return (
        [
            s.log_prob - sum(base[t] for t in target)
            for s, target in zip(pairs, targets, strict=True)
        ],
        [s.tokens for s in pairs],
        len(scores),
    )


def _gain(candidates: Sequence[Candidate], pmi: Sequence[float], tokens: Sequence[int]) -> float:
    best: dict[int, float] = {}
    for (i0, i1, j0, j1), value, count in zip(candidates, pmi, tokens, strict=True):
        if i1 - i0 == 1 and j1 - j0 == 1:
            best[i0] = max(best.get(i0, float("-inf")), value / max(count, 1))
    return statistics.median(best.values()) if best else 0.0


def _calibrated(
    pmi: Sequence[float], tokens: Sequence[int], gain: float, token_cost: float
) -> list[float]:
    """PMI less a share of the typical gain per token: a token the other side does not
    explain costs."""
    return [value - gain * token_cost * count for value, count in zip(pmi, tokens, strict=True)]


def model_terms(
    candidates: Sequence[Candidate],
    source_texts: Sequence[tuple[str, ...]],
    target_texts: Sequence[tuple[str, ...]],
    forward: PairScorer,
    reverse: PairScorer | None,
    token_cost: float,
) -> ModelTerms:
    """Score every candidate (one packed call per direction) and turn the scores into PMI.

    ``source_texts[k]``/``target_texts[k]`` are the sentences of ``candidates[k]``;
    ``token_cost`` is the share of the typical gain each target token is charged.
    """
    if not candidates:
        return ModelTerms({}, 0, 0.0)
    pmi, tokens, scored = _pmi(forward, source_texts, target_texts)
    gain = _gain(candidates, pmi, tokens)
    parts: dict[str, list[float]] = {}
    if gain >= MIN_GAIN:
        parts["forward"] = _calibrated(pmi, tokens, gain, token_cost)
    back_gain = None
    if reverse is not None:
        back, back_tokens, more = _pmi(reverse, target_texts, source_texts)
        scored += more
        swapped = [(j0, j1, i0, i1) for i0, i1, j0, j1 in candidates]
        back_gain = _gain(swapped, back, back_tokens)
        if back_gain >= MIN_GAIN:
            parts["reverse"] = _calibrated(back, back_tokens, back_gain, token_cost)
    count = len(candidates)
    if not parts:
        return ModelTerms({}, scored, gain, back_gain, (), count)
    terms = [sum(values) / len(parts) for values in zip(*parts.values(), strict=True)]
    return ModelTerms(
        dict(zip(candidates, terms, strict=True)), scored, gain, back_gain, tuple(parts), count
    )

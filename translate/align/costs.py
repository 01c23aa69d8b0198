"""The score of a candidate link: link-type prior + length agreement + anchors (+ the model).

Every term is a log-likelihood-like number in nats (higher is better) and terms add up, so a
split the search makes (1-2 against 1-1 + 0-1) is compared on the same footing: each side of
the comparison pays its own priors, its own length terms and its own anchor misses.

* **Prior** of the link type (``PRIORS``): most links are 1-1; merges and splits are common in
  news editions; omissions and additions rarer; 2-2, 1-3 and 3-1 rarer still.
* **Length** (Gale & Church 1993): with ``c`` the target/source character ratio of the block
  and ``s2`` its variance per character, ``δ = (l_t − c·l_s) / sqrt(s2 · (l_s + l_t/c) / 2)``
  and the term is ``log P(|Z| ≥ |δ|)`` for a standard normal Z.
* **Anchors** (:mod:`translate.align.anchors`): ``+anchor_hit`` per value or digit string found
  on both sides, ``−anchor_miss`` per number on one side only, ``+term_hit`` per glossary term
  whose target is present, ``+name_hit`` per shared name.
* **Paragraphs**: ``+paragraph_bonus`` when a link ends where both sides end a paragraph; a
  link never joins sentences of two paragraphs of the same side.
* **Model** (optional, :mod:`translate.align.model`): calibrated forced-decoding score.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from translate.align.anchors import (
    PairAnchors,
    SourceAnchors,
    TargetAnchors,
    link_anchors,
    pair_anchors,
    source_anchors,
    target_anchors,
)
from translate.document import Segment
from translate.glossary import TermMatcher
from translate.localize.english_forms import EnglishForms

LinkType = tuple[int, int]

PRIORS: dict[LinkType, float] = {
    (1, 1): 0.87,
    (1, 2): 0.05,
    (2, 1): 0.05,
    (1, 0): 0.01,
    (0, 1): 0.01,
    (2, 2): 0.004,
    (1, 3): 0.003,
    (3, 1): 0.003,
}
"""Link types the search considers and their prior probabilities."""

BASIC_TYPES: tuple[LinkType, ...] = ((1, 1), (1, 2), (2, 1), (1, 0), (0, 1))


@dataclass(frozen=True)
class Weights:
    """How the cost terms are weighted (nats per unit); measured in ``make bench-align``."""

    variance: float = 6.8
    null_per_char: float = 0.0
    anchor_hit: float = 2.0
    anchor_miss: float = 1.0
    term_hit: float = 1.5
    name_hit: float = 1.5
    paragraph_bonus: float = 2.0
    model: float = 0.5
    model_token_cost: float = 0.5
    """Share of the document's typical model gain charged per target token (``model.py``)."""
    types: tuple[LinkType, ...] = BASIC_TYPES
    use_anchors: bool = True


def _log_tail(delta: float) -> float:
    """``log P(|Z| >= |delta|)`` for a standard normal ``Z``, stable far into the tail."""
    x = abs(delta) / math.sqrt(2.0)
    tail = math.erfc(x)
    if tail > 1e-300:
        return math.log(tail)
    return -x * x - math.log(x * math.sqrt(math.pi))  # asymptotic erfc


def char_length(text: str) -> int:
    """Characters that count for length agreement: all but whitespace."""
    return sum(1 for c in text if not c.isspace())


ModelTerm = Callable[[int, int, int, int], float | None]


class LinkScorer:
    """Scores candidate links between two sentence lists of one block (cached per pair)."""

    def __init__(
        self,
        sources: Sequence[Segment],
        targets: Sequence[Segment],
        weights: Weights,
        forms: EnglishForms,
        matcher: TermMatcher | None = None,
        source_anchor_list: Sequence[SourceAnchors] | None = None,
        target_anchor_list: Sequence[TargetAnchors] | None = None,
        ratio: float | None = None,
    ) -> None:
        self.weights = weights
        self.forms = forms
        self.src_len = [char_length(s.text) for s in sources]
        self.tgt_len = [char_length(t.text) for t in targets]
        total_src, total_tgt = sum(self.src_len), sum(self.tgt_len)
        # the text's ratio (given for the paragraphs of one text), shrunk towards 1 when short
        self.ratio = ratio or (total_tgt + 200.0) / (total_src + 200.0)
        self.src_para = [s.paragraph for s in sources]
        self.tgt_para = [t.paragraph for t in targets]
        self.src_anchors = list(
            source_anchor_list or [source_anchors(s.text, matcher, forms) for s in sources]
        )
        self.tgt_anchors = list(target_anchor_list or [target_anchors(t.text) for t in targets])
        self._pairs: dict[tuple[int, int], PairAnchors] = {}
        # per sentence: the numbers a null link leaves without partner; whether it has anchors
        self._src_numbers = [
            len(a.digits) + sum(len(d) or 1 for d in a.value_digits) for a in self.src_anchors
        ]
        self._tgt_numbers = [len(a.digit_keys) for a in self.tgt_anchors]
        self._src_any = [bool(a.values or a.digits or a.terms or a.names) for a in self.src_anchors]
        self._tgt_any = [bool(a.digit_keys or a.names) for a in self.tgt_anchors]
        self.model_term: ModelTerm | None = None
        self._log_priors = {t: math.log(p) for t, p in PRIORS.items()}

    def _pair(self, i: int, j: int) -> PairAnchors:
        key = (i, j)
        found = self._pairs.get(key)
        if found is None:
            found = pair_anchors(self.src_anchors[i], self.tgt_anchors[j])
            self._pairs[key] = found
        return found

    def allowed(self, i0: int, i1: int, j0: int, j1: int) -> bool:
        """A link joins sentences of one paragraph per side only."""
        return (i1 - i0 < 2 or self.src_para[i0] == self.src_para[i1 - 1]) and (
            j1 - j0 < 2 or self.tgt_para[j0] == self.tgt_para[j1 - 1]
        )

    def length_term(self, i0: int, i1: int, j0: int, j1: int) -> float:
        ls = sum(self.src_len[i0:i1])
        lt = sum(self.tgt_len[j0:j1])
        if ls == 0 or lt == 0:
            # an omission or addition: its cost is the prior (and its unmatched anchors); GC's
            # length term would make deleting a long sentence costlier than any wrong merge
            return -self.weights.null_per_char * (ls + lt)
        c = self.ratio
        delta = (lt - c * ls) / math.sqrt(self.weights.variance * (ls + lt / c) / 2.0)
        return _log_tail(delta)

    def anchor_term(self, i0: int, i1: int, j0: int, j1: int) -> float:
        w = self.weights
        if not w.use_anchors:
            return 0.0
        if i0 == i1 or j0 == j1:
            # a null link: its numbers find no partner
            misses = sum(self._src_numbers[i0:i1]) + sum(self._tgt_numbers[j0:j1])
            return -w.anchor_miss * misses
        if not any(self._src_any[i0:i1]) and not any(self._tgt_any[j0:j1]):
            return 0.0
        sources = self.src_anchors[i0:i1]
        targets = self.tgt_anchors[j0:j1]
        pairs = [[self._pair(i, j) for j in range(j0, j1)] for i in range(i0, i1)]
        counts = link_anchors(sources, targets, pairs)
        return (
            w.anchor_hit * counts.hits
            - w.anchor_miss * counts.misses
            + w.term_hit * counts.terms
            + w.name_hit * counts.names
        )

    def score(self, i0: int, i1: int, j0: int, j1: int) -> float:
        """The score of linking source ``[i0, i1)`` with target ``[j0, j1)``."""
        value = self._log_priors[(i1 - i0, j1 - j0)]
        value += self.length_term(i0, i1, j0, j1)
        value += self.anchor_term(i0, i1, j0, j1)
        if self.model_term is not None:
            extra = self.model_term(i0, i1, j0, j1)
            if extra is not None:
                value += self.weights.model * extra
        if self._paragraph_end(i1, j1):
            value += self.weights.paragraph_bonus
        return value

    def _paragraph_end(self, i1: int, j1: int) -> bool:
        n, m = len(self.src_para), len(self.tgt_para)
        if i1 >= n or j1 >= m or i1 == 0 or j1 == 0:
            return False
        return (
            self.src_para[i1] != self.src_para[i1 - 1]
            and self.tgt_para[j1] != self.tgt_para[j1 - 1]
        )

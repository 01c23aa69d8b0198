"""Align one article pair: blocks (paragraphs where they agree), two passes, links.

1. **Blocks.** When both texts have the same number of paragraphs and every paragraph pair has a
   plausible length ratio, each paragraph pair is aligned on its own (links cannot leave a
   paragraph). Otherwise the whole text is one block; links still never join sentences of two
   paragraphs of one side, and a link that ends where both sides end a paragraph earns a bonus.
2. **Length and anchors.** A banded search (``band`` sentences either side of the length
   diagonal) with the costs of :mod:`translate.align.costs`.
3. **Model** (when a scorer is given). Every candidate link of a non-null type whose start and
   end lie within ``model_band`` sentences of the first pass's path is scored by the model in
   one packed call per direction; the search is run again, inside that narrower band, with the
   calibrated model term added.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

from translate.align.anchors import source_anchors, target_anchors
from translate.align.costs import LinkScorer, Weights, char_length
from translate.align.model import Candidate, ModelTerms, PairScorer, model_terms
from translate.align.records import Alignment, Link, Side
from translate.align.search import Band, align_block, diagonal_band, path_band
from translate.document import Segment
from translate.glossary import TermMatcher
from translate.localize.english_forms import english_forms
from translate.localize.locales import LocaleSpec, parse_locale


@dataclass(frozen=True)
class AlignSettings:
    """Everything that decides an alignment besides the texts and the model."""

    weights: Weights = Weights()
    band: int = 6
    """Half-width of the first pass's band, in target sentences around the length diagonal."""
    model_band: int = 2
    """Half-width of the model pass's band around the first pass's path."""
    paragraphs: bool = True
    """Align paragraph by paragraph when the paragraph structures agree."""
    paragraph_ratio: float = 2.5
    """A paragraph pair agrees when its length ratio is within this factor of the text's."""


@dataclass
class _Block:
    src: list[int]
    tgt: list[int]
    scorer: LinkScorer
    band: Band
    steps: list[tuple[int, int, int, int, float]]


def _paragraph_groups(sentences: Sequence[Segment]) -> list[list[int]]:
    groups: dict[int, list[int]] = {}
    for k, s in enumerate(sentences):
        groups.setdefault(s.paragraph, []).append(k)
    return [groups[p] for p in sorted(groups)]


def _chars(sentences: Sequence[Segment], idx: Sequence[int]) -> int:
    return sum(len(sentences[k].text) for k in idx)


def plan_blocks(
    source: Side, target: Side, settings: AlignSettings
) -> list[tuple[list[int], list[int]]]:
    """Paragraph pairs when the structures agree, else one block of everything."""
    whole = [(list(range(len(source.sentences))), list(range(len(target.sentences))))]
    if not settings.paragraphs:
        return whole
    src_groups = _paragraph_groups(source.sentences)
    tgt_groups = _paragraph_groups(target.sentences)
    if len(src_groups) != len(tgt_groups) or len(src_groups) < 2:
        return whole
    total = (_chars(target.sentences, range(len(target.sentences))) + 1) / (
        _chars(source.sentences, range(len(source.sentences))) + 1
    )
    for s, t in zip(src_groups, tgt_groups, strict=True):
        ratio = (_chars(target.sentences, t) + 20) / (_chars(source.sentences, s) + 20) / total
        if not 1 / settings.paragraph_ratio <= ratio <= settings.paragraph_ratio:
            return whole
    return list(zip(src_groups, tgt_groups, strict=True))


def align(
    source: Side,
    target: Side,
    *,
    settings: AlignSettings | None = None,
    locale: LocaleSpec | None = None,
    matcher: TermMatcher | None = None,
    scorer: PairScorer | None = None,
    reverse: PairScorer | None = None,
) -> Alignment:
    """Align ``source`` (German) with ``target`` (English); see the module docstring."""
    settings = settings or AlignSettings()
    started = time.perf_counter()
    forms = english_forms(locale or parse_locale("en-US", language="en"))
    src_anchor_list = [source_anchors(s.text, matcher, forms) for s in source.sentences]
    tgt_anchor_list = [target_anchors(t.text) for t in target.sentences]
    plan = plan_blocks(source, target, settings)
    ratio = (sum(char_length(t.text) for t in target.sentences) + 200.0) / (
        sum(char_length(s.text) for s in source.sentences) + 200.0
    )
    blocks: list[_Block] = []
    for src, tgt in plan:
        link_scorer = LinkScorer(
            [source.sentences[k] for k in src],
            [target.sentences[k] for k in tgt],
            settings.weights,
            forms,
            source_anchor_list=[src_anchor_list[k] for k in src],
            target_anchor_list=[tgt_anchor_list[k] for k in tgt],
            ratio=ratio,
        )
        band = diagonal_band(link_scorer.src_len, link_scorer.tgt_len, settings.band)
        steps = _search(link_scorer, band, len(src), len(tgt))
        blocks.append(_Block(src, tgt, link_scorer, band, steps))
    stats: dict[str, float] = {"paragraph_mode": float(len(plan) > 1), "blocks": float(len(plan))}
    if scorer is not None:
        terms = _model_pass(source, target, blocks, settings, scorer, reverse)
        stats["model_pairs"] = float(terms.pairs_scored)
        stats["model_candidates"] = float(terms.candidates)
        stats["model_gain"] = round(terms.gain, 4)
        stats["model_used"] = float(bool(terms.terms))
        stats["model_forward_used"] = float("forward" in terms.directions)
        if reverse is not None:
            stats["model_reverse_gain"] = round(terms.reverse_gain or 0.0, 4)
            stats["model_reverse_used"] = float("reverse" in terms.directions)
    links = [
        Link(
            tuple(block.src[i] for i in range(i0, i1)),
            tuple(block.tgt[j] for j in range(j0, j1)),
            round(posterior, 4),
        )
        for block in blocks
        for i0, i1, j0, j1, posterior in block.steps
    ]
    stats["seconds"] = time.perf_counter() - started
    return Alignment(source, target, tuple(links), stats)


def _search(
    scorer: LinkScorer, band: Band, n: int, m: int
) -> list[tuple[int, int, int, int, float]]:
    steps = align_block(n, m, band, scorer.weights.types, scorer.score, scorer.allowed)
    return [(s.i0, s.i1, s.j0, s.j1, s.posterior) for s in steps]


def _model_pass(
    source: Side,
    target: Side,
    blocks: list[_Block],
    settings: AlignSettings,
    scorer: PairScorer,
    reverse: PairScorer | None,
) -> ModelTerms:
    """Score the candidates near every block's first path in one call, then search again."""
    candidates: list[Candidate] = []
    texts_src: list[tuple[str, ...]] = []
    texts_tgt: list[tuple[str, ...]] = []
    narrow: list[Band] = []
    for block in blocks:
        n, m = len(block.src), len(block.tgt)
        path = [(0, 0)] + [(i1, j1) for _, i1, _, j1, _ in block.steps]
        band = path_band(path, n, m, settings.model_band)
        narrow.append(band)
        for i in range(n + 1):
            for j in range(band.lo[i], band.hi[i] + 1):
                for a, b in settings.weights.types:
                    if a == 0 or b == 0 or (i - a, j - b) not in band:
                        continue
                    if not block.scorer.allowed(i - a, i, j - b, j):
                        continue
                    key = (
                        block.src[i - a],
                        block.src[i - 1] + 1,
                        block.tgt[j - b],
                        block.tgt[j - 1] + 1,
                    )
                    candidates.append(key)
                    texts_src.append(tuple(s.text for s in source.sentences[key[0] : key[1]]))
                    texts_tgt.append(tuple(t.text for t in target.sentences[key[2] : key[3]]))
    terms = model_terms(
        candidates, texts_src, texts_tgt, scorer, reverse, settings.weights.model_token_cost
    )
    if not terms.terms:
        return terms
    for block, band in zip(blocks, narrow, strict=True):
        src, tgt = block.src, block.tgt

        def term(
            i0: int, i1: int, j0: int, j1: int, src: list[int] = src, tgt: list[int] = tgt
        ) -> float | None:
            if i1 == i0 or j1 == j0:
                return None
            return terms.get(src[i0], src[i1 - 1] + 1, tgt[j0], tgt[j1 - 1] + 1)

        block.scorer.model_term = term
        block.steps = _search(block.scorer, band, len(src), len(tgt))
    return terms


__all__ = ["AlignSettings", "align", "plan_blocks"]

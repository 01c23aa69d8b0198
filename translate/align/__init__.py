"""Sentence alignment of existing translations: a German article and its English edition.

Modules: ``english`` (English sentence segmentation), ``inputs`` (reading and checking a
pair), ``anchors`` and ``costs`` (what a candidate link scores), ``model`` (the translation
model's calibrated score), ``search`` (the banded dynamic programme with link posteriors),
``aligner`` (blocks and passes), ``records`` (the typed results), ``outputs`` (the records
the writers and the memory take).
"""

from __future__ import annotations

from translate.align.aligner import AlignSettings, align
from translate.align.costs import Weights
from translate.align.english import (
    ENGLISH_SEGMENTER_VERSION,
    segment_english,
    split_english_sentences,
)
from translate.align.inputs import check_pair, read_side
from translate.align.records import Alignment, Link, Side

__all__ = [
    "ENGLISH_SEGMENTER_VERSION",
    "AlignSettings",
    "Alignment",
    "Link",
    "Side",
    "Weights",
    "align",
    "check_pair",
    "read_side",
    "segment_english",
    "split_english_sentences",
]

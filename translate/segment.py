"""German paragraph and sentence segmentation: the public API of :mod:`translate.segmentation`.

``split_sentences`` splits one paragraph, ``segment_text`` a whole article into
``Paragraph``/``Segment`` records, ``is_boilerplate`` recognises site boilerplate lines.
"""

from __future__ import annotations

from translate.segmentation import (
    SEGMENTER_VERSION,
    is_boilerplate,
    segment_text,
    split_paragraphs,
    split_sentences,
)

__all__ = [
    "SEGMENTER_VERSION",
    "is_boilerplate",
    "segment_text",
    "split_paragraphs",
    "split_sentences",
]

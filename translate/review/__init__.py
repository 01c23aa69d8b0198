"""Reviewed translations back into the toolkit (``translate apply``).

    read_review(path) ─► Review(ReviewedSegment…)             readers: xliff, tmx, jsonl
    apply_review(path, out_dir, …) ─► ApplyResult              match, check, write, remember

Modules: ``records`` (the typed records), ``xml`` (safe parsing), ``xliff``/``tmx``/``jsonl``
(one reader per format), ``read`` (format by content), ``article`` (the article rebuilt from
its JSONL), ``match`` (ids/sources → reviewed pairs), ``checks`` (glossary and value checks
on a person's text, never rewriting it), ``apply`` (the whole step). The review page's assets
live in ``assets/``.
"""

from __future__ import annotations

from translate.review.apply import ApplyResult, apply_review, human_pairs
from translate.review.read import read_review
from translate.review.records import Review, ReviewedSegment

__all__ = ["ApplyResult", "Review", "ReviewedSegment", "apply_review", "human_pairs", "read_review"]

"""German paragraph and sentence segmentation for news text; pure functions, standard library only.

Modules: ``sentences`` (one paragraph → sentence spans), ``paragraphs`` (an article →
``Paragraph``/``Segment`` records), ``boilerplate`` (site boilerplate lines), ``lexicon`` (word
lists). ``translate.segment`` re-exports the public API.

How a paragraph is split
------------------------
The paragraph is cut into whitespace-delimited tokens. Every gap between two tokens is a possible
boundary, decided from the token before it and the token after it:

* a token that ends in ``!``, ``?`` or an ellipsis (optionally followed by closing quotes or
  brackets, which stay with their sentence) ends a sentence when the next token starts one: an
  upper-case letter, a digit, a bullet, or an opening quote or bracket followed by one of those;
* a token that ends in ``.`` is classified first: a known abbreviation (``z. B.``, ``Dr.``,
  ``usw.`` …, inner spaces allowed), an ordinal (``12.``, ``XIV.``), an initial (``J.``), a list
  number at the start of a line, or an ordinary word. Each class says how strong the period is:
  *never* a boundary (``Dr.``, ``z. B.``), a boundary only before a closed-class word that cannot
  follow an ordinal or a title (``am 12. Juli`` stays, ``… auf Platz 2. Die …`` splits), or a
  boundary before any capital (ordinary words, ``usw.``, ``etc.``);
* a terminal followed by a closing quote splits before an opening quote even in lower case
  (``… ab." "ich …``), but never before a reporting clause (``„…“, sagte er.``,
  ``„…?“ fragte sie``).

A single line break is only whitespace, except after a heading or dateline (a short line with no
final punctuation followed by a capital, in a paragraph that is not hard-wrapped), around list
items (``•``, ``-``, ``1.``, ``a)``) and after a line-final colon that introduces a new line.

:func:`segment_text` splits an article into paragraphs on blank lines, marks news-site boilerplate
(:func:`is_boilerplate`) line by line, and numbers the sentences.
"""

from __future__ import annotations

from translate.segmentation.boilerplate import is_boilerplate
from translate.segmentation.paragraphs import segment_text, split_paragraphs
from translate.segmentation.sentences import split_sentences

__all__ = [
    "SEGMENTER_VERSION",
    "is_boilerplate",
    "segment_text",
    "split_paragraphs",
    "split_sentences",
]

SEGMENTER_VERSION = "de-rules-1"
"""Stamped into every output's provenance; bump it whenever a rule or a word list changes."""

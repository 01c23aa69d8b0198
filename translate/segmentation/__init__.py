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
* abbreviations are matched with their case, as German orthography writes them: a lower-case
  abbreviation (``schweiz.``, ``franz.``, ``sog.``, ``max.``) matches a capitalised word only
  where a sentence starts (``Sog. Experten …``, after a colon or an opening quote); in
  mid-sentence the capitalised word is the noun or name (``… in der Schweiz. Auf dem …`` splits).
  A capitalised abbreviation that is also a noun (``Art.``, ``Kap.``, ``Fax.``, ``Jan.`` …) is
  the abbreviation only next to a number (``Art. 5``, ``3. Jan.``), else the noun
  (``… eine bedrohte Art. Forscher …`` splits);
* a terminal followed by a closing quote splits before an opening quote even in lower case
  (``… ab." "ich …``), but never before a reporting clause (``„…“, sagte er.``,
  ``„…?“ fragte sie``);
* an ellipsis that closes a quotation embedded in the sentence (opened after words of the same
  sentence, not after a colon) marks an omission inside a quoted phrase: a capitalised noun after
  it continues the sentence (``Das Motto „Wir schaffen das …“ Merkels …``), a closed-class word
  starts a new one. A quotation that opens the sentence or follows a colon is a quoted sentence:
  a capital after it starts the next (``„Wir werden sehen …“ Die Kanzlerin …``). An ellipsis
  outside quotation marks splits before a capital, as the dev gold does;
* ``?`` and ``!`` before a capital always split, conjunctions included (``… Steuer? Oder bleibt
  …``, ``Was nun? Und wer zahlt?``): German continues a sentence after them in lower case
  (``„Kommst du?“, fragte sie``), so a capitalised ``Oder``/``Und`` opens a new, elliptical
  sentence — as separate sentences they also translate on their own.

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

SEGMENTER_VERSION = "de-rules-2"
"""Stamped into every output's provenance; bump it whenever a rule or a word list changes."""

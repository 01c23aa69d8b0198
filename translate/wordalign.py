"""Word alignment from the alignment head's attention: pieces → words → character-span links.

opus-mt-de-en is a Marian ``transformer-align`` model: the first head of the last decoder
layer's cross-attention was trained with guided alignment to put its mass on the source piece(s)
aligned to the target piece being predicted. The engines return that head's weights from the
decode that produced the translation (no second pass): CTranslate2 with ``return_attention``
(a converted Marian model has ``alignment_layer = -1`` and ``alignment_heads = 1``: the last
layer's head 0, checked against transformers in the tests), transformers from ``generate``'s
``cross_attentions`` of the last layer, head 0, followed along the winning beam.

The rule, and why:

* **Words.** Pieces are grouped into the whitespace-separated tokens of the text they came from
  (a piece starting with ``▁`` starts a token), and a token's leading and trailing pieces made
  only of punctuation (``„``, ``,``, ``.``) become words of their own, so "Kiew," links as
  "Kiew" and ",". Each word gets its character span in the text. When the pieces do not spell
  the token exactly (SentencePiece normalised it: ``…`` → ``...``), the token stays one word; when
  the token count differs, the sentence gets no links rather than wrong ones.
* **Weights.** A target word's weight on a source word is the attention summed over the target
  word's pieces (rows) and the source word's pieces (columns): guided alignment is trained per
  piece, and a word is aligned wherever any of its pieces is.
* **Links.** Each target word links to the source word with the most weight (argmax per target
  word, as Garg et al. 2019 extract alignments from such a head), unless the source ``</s>``
  column holds more: the head parks the attention of words that translate nothing there, and a
  forced link would be noise. A target word thus has at most one source word; a source word may
  link to several target words. The ``</s>`` target row, if given, is dropped.

Links then follow the edits the pipeline makes to the target (:func:`follow_rewrite` for
glossary enforcement, :func:`follow_edits` for value corrections), and glossary terms are
linked by their known spans (:func:`with_term_links`).
"""

from __future__ import annotations

import bisect
import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from translate.document import TermResult, WordLink
from translate.localize.values import Edit

SPIECE = "\u2581"
#: Pieces that are no text: their rows/columns are kept in the matrix but form no word.
SPECIAL_PIECES = frozenset({"</s>", "<unk>", "<pad>"})
_TOKEN = re.compile(r"\S+")


@dataclass(frozen=True)
class Word:
    """A word of a text: ``text[start:end]``, made of the pieces ``pieces`` (indices)."""

    start: int
    end: int
    pieces: tuple[int, ...]


def _punctuation(surface: str) -> bool:
    return bool(surface) and not any(ch.isalnum() for ch in surface)


def locate_words(text: str, pieces: Sequence[str]) -> list[Word] | None:
    """The words of ``text`` as groups of ``pieces`` (see the module docstring), or None when
    the pieces' tokens do not line up with the text's whitespace-separated tokens."""
    groups: list[list[int]] = []
    for index, piece in enumerate(pieces):
        if piece in SPECIAL_PIECES:
            continue
        if piece.startswith(SPIECE) or not groups:
            groups.append([])
        groups[-1].append(index)
    surfaces = {i: pieces[i].replace(SPIECE, "") for group in groups for i in group}
    groups = [g for g in groups if any(surfaces[i] for i in g)]
    tokens = list(_TOKEN.finditer(text))
    if len(tokens) != len(groups):
        return None
    words: list[Word] = []
    for token, group in zip(tokens, groups, strict=True):
        if "".join(surfaces[i] for i in group) != token.group():
            words.append(Word(token.start(), token.end(), tuple(group)))
            continue
        spans = []
        cursor = token.start()
        for i in group:
            spans.append((i, cursor, cursor + len(surfaces[i])))
            cursor += len(surfaces[i])
        spans = [s for s in spans if s[2] > s[1]]  # a lone "▁" piece spells nothing
        first, last = 0, len(spans)
        while first < last and _punctuation(surfaces[spans[first][0]]):
            first += 1
        while last > first and _punctuation(surfaces[spans[last - 1][0]]):
            last -= 1
        lone = [i for i in group if not surfaces[i]]  # belongs to the token's first word
        for k, (i, start, end) in enumerate(spans[:first]):
            words.append(Word(start, end, tuple(lone + [i] if k == 0 else [i])))
        if first < last:
            middle = [i for i, _, _ in spans[first:last]]
            if first == 0:
                middle = lone + middle
            words.append(Word(spans[first][1], spans[last - 1][2], tuple(middle)))
        for i, start, end in spans[last:]:
            words.append(Word(start, end, (i,)))
    return words


def word_links(
    source_text: str,
    source_pieces: Sequence[str],
    target_text: str,
    target_pieces: Sequence[str],
    attention: Sequence[Sequence[float]],
) -> tuple[WordLink, ...]:
    """Links between the words of ``source_text`` and ``target_text``.

    ``attention[t][s]`` is the alignment head's weight of target piece ``t`` on source piece
    ``s``; ``source_pieces`` are the encoder's input pieces (``</s>`` last), ``target_pieces``
    the decoded pieces (a final ``</s>`` row is ignored). Empty when the words cannot be located.
    """
    source_words = locate_words(source_text, source_pieces)
    target_words = locate_words(target_text, target_pieces)
    if not source_words or not target_words or not attention:
        return ()
    null_columns = [
        s for s, piece in enumerate(source_pieces) if piece in SPECIAL_PIECES and piece != "<unk>"
    ]
    weights, null_mass, has_rows = _word_weights(
        attention, target_words, source_words, null_columns
    )
    best = weights.argmax(axis=1)  # the first of equal weights, as a stable ranking gives
    links: list[WordLink] = []
    for row, target in enumerate(target_words):
        if not has_rows[row]:
            continue
        top = weights[row, best[row]]
        if top <= 0 or top < null_mass[row]:
            continue
        source = source_words[best[row]]
        links.append((source.start, source.end, target.start, target.end))
    return tuple(links)


def _word_weights(
    attention: Sequence[Sequence[float]],
    target_words: Sequence[Word],
    source_words: Sequence[Word],
    null_columns: Sequence[int],
) -> tuple[Any, Any, list[bool]]:
    """Attention summed per (target word, source word), per target word on the null columns,
    and whether each target word has any attention row: two sparse sums as matrix products
    (target words × pieces) · attention · (pieces × source words), in float64."""
    import numpy

    width = max(len(row) for row in attention)
    matrix = numpy.zeros((len(attention), width), dtype=numpy.float64)
    for t, row in enumerate(attention):  # rows are equally long; padding keeps ragged ones
        matrix[t, : len(row)] = row
    rows = numpy.zeros((len(target_words), len(attention)), dtype=numpy.float64)
    has_rows = []
    for k, word in enumerate(target_words):
        pieces = [t for t in word.pieces if t < len(attention)]
        rows[k, pieces] = 1.0
        has_rows.append(bool(pieces))
    columns = numpy.zeros((width, len(source_words) + 1), dtype=numpy.float64)
    for k, word in enumerate(source_words):
        columns[[s for s in word.pieces if s < width], k] = 1.0
    columns[[s for s in null_columns if s < width], -1] = 1.0
    summed = rows @ matrix @ columns
    return summed[:, :-1], summed[:, -1], has_rows


def shift_links(
    links: Sequence[WordLink], source_offset: int, target_offset: int
) -> list[WordLink]:
    """``links`` of a part of a text, moved to the whole text (parts joined by the pipeline)."""
    return [
        (ss + source_offset, se + source_offset, ts + target_offset, te + target_offset)
        for ss, se, ts, te in links
    ]


def follow_edits(links: Sequence[WordLink], edits: Sequence[Edit]) -> tuple[WordLink, ...]:
    """``links`` after the target ``edits`` (non-overlapping replacements of the old target).

    A link's target span outside every edit moves with the text before it; a span that contains
    whole edits (a value reformatted inside the word) grows or shrinks with them; a link whose
    target span an edit crosses (a rewrite of more than the word) is dropped.
    """
    moved: list[WordLink] = []
    for ss, se, ts, te in links:
        start, end, crossed = ts, te, False
        for edit in edits:
            change = len(edit.text) - (edit.end - edit.start)
            if edit.end <= ts:  # before the word (an insertion at its start too)
                start, end = start + change, end + change
            elif edit.start >= te:  # after it
                continue
            elif ts <= edit.start and edit.end <= te:  # inside it
                end += change
            else:
                crossed = True
        if not crossed and end > start:
            moved.append((ss, se, start, end))
    return tuple(moved)


def follow_rewrite(links: Sequence[WordLink], old: str, new: str) -> tuple[WordLink, ...]:
    """``links`` into ``old`` carried over to ``new`` (the target after glossary enforcement).

    Only links whose target word survives unchanged are kept, moved to where that word now is;
    the words enforcement rewrote are linked by :func:`with_term_links` or not at all.
    """
    if old == new:
        return tuple(links)
    old_tokens = list(_TOKEN.finditer(old))
    new_tokens = list(_TOKEN.finditer(new))
    matcher = difflib.SequenceMatcher(
        None, [t.group() for t in old_tokens], [t.group() for t in new_tokens], autojunk=False
    )
    offsets: list[tuple[int, int, int]] = []  # (old start, old end, shift) per kept token
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            a, b = old_tokens[block.a + k], new_tokens[block.b + k]
            offsets.append((a.start(), a.end(), b.start() - a.start()))
    starts = [start for start, _, _ in offsets]  # increasing: tokens are kept in order
    moved: list[WordLink] = []
    for ss, se, ts, te in links:
        # the one kept token that could hold the word: the last one starting at or before it
        k = bisect.bisect_right(starts, ts) - 1
        if k >= 0 and offsets[k][1] >= te:
            shift = offsets[k][2]
            moved.append((ss, se, ts + shift, te + shift))
    return tuple(moved)


def with_term_links(links: Sequence[WordLink], terms: Sequence[TermResult]) -> tuple[WordLink, ...]:
    """``links`` with each placed glossary term linked by its known spans (source match ↔
    target rendering); attention links touching a term's source or target span are replaced."""
    placed = [
        (t.match.start, t.match.end, t.target_start, t.target_end)
        for t in terms
        if t.target_start is not None and t.target_end is not None
    ]
    sources = _Intervals([(ss, se) for ss, se, _, _ in placed])
    targets = _Intervals([(ts, te) for _, _, ts, te in placed])
    kept = [
        link
        for link in links
        if not sources.overlaps(link[0], link[1]) and not targets.overlaps(link[2], link[3])
    ]
    return tuple(sorted({*kept, *placed}, key=lambda link: (link[2], link[0])))


class _Intervals:
    """Character spans asked "does any of you overlap ``[start, end)``?" in logarithmic time:
    sorted starts and the running maximum of the ends (spans may nest or repeat)."""

    def __init__(self, spans: Sequence[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self.starts = [start for start, _ in ordered]
        self.reach: list[int] = []
        furthest = -1
        for _, end in ordered:
            furthest = max(furthest, end)
            self.reach.append(furthest)

    def overlaps(self, start: int, end: int) -> bool:
        last = bisect.bisect_left(self.starts, end) - 1  # the spans that start before ``end``
        return last >= 0 and self.reach[last] > start

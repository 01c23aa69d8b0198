"""English sentence segmentation for news editions (rule-based, standard library only).

The German splitter (:mod:`translate.segmentation`) knows German abbreviations, ordinals and
quotation marks; an English edition needs its own rules. The approach is the same: cut the
paragraph into whitespace-delimited tokens and decide every gap from the token before it and the
token after it.

* ``!``, ``?`` or an ellipsis (closing quotes and brackets stay with their sentence) end a
  sentence when the next token starts one: a capital, a digit, or an opening quote or bracket
  followed by one of those.
* A period is classified first, and each class says how strong it is:

  - *never* a boundary: titles and reference words (``Mr.``, ``Dr.``, ``Gen.``, ``St.``,
    ``No. 5``, ``e.g.``, ``vs.``), a month abbreviation before a number (``Sept. 11``), a
    single initial (``John F. Kennedy``), a list number at the start of a line;
  - a boundary only before a word that cannot continue a name or a phrase (a pronoun, an
    article, a conjunction, a quotation): company suffixes and dotted abbreviations
    (``Inc.``, ``Corp.``, ``U.S.``, ``a.m.``, ``etc.``), which as often end the sentence as not;
  - a boundary before any capital or digit: ordinary words and numbers.
* A single line break is whitespace, except after a heading or dateline (a short line without
  final punctuation followed by a capitalised line, in a paragraph that is not hard-wrapped).

Measured in ``make bench-align`` (the English side of newstest2021, ten reference lines per
pseudo-document) against pysbd and syntok.
"""

from __future__ import annotations

import re

from translate.document import Paragraph, Segment
from translate.segmentation.paragraphs import split_paragraphs

__all__ = ["ENGLISH_SEGMENTER_VERSION", "segment_english", "split_english_sentences"]

ENGLISH_SEGMENTER_VERSION = "en-rules-1"
"""Stamped into the provenance of alignment outputs; bump it whenever a rule changes."""

_NEVER, _CLOSED, _UPPER = 0, 1, 2

_TITLES = frozenset(
    """
    mr mrs ms mx dr prof rev fr sr st mt ft gen lt col maj capt cpt cmdr adm brig sgt cpl pvt
    gov sen rep pres supt det insp hon messrs mme mlle esq vs v cf e.g i.e viz approx ca nos
    no fig figs vol vols pp p ch sec art para ed eds dept gov't rt
    """.split()
)
_CLOSED_ABBREVIATIONS = frozenset(
    """
    inc ltd co corp plc llc llp bros jr etc al a.m p.m u.s u.k u.n u.s.a e.u d.c n.y l.a
    a.d b.c ph.d m.d b.a m.a jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed
    thu thurs fri sat sun
    """.split()
)
_MONTHS = frozenset("jan feb mar apr jun jul aug sep sept oct nov dec".split())
_STARTERS = frozenset(
    """
    the a an this that these those he she it they we i you his her its their our my your there
    here but and or so yet however meanwhile then in on at for as if when while after before
    since although though because what who which where why how no not nor one some many most
    all both each every such other another according last next earlier later still also
    """.split()
)

_OPENERS = "\"'“‘«‹([{"
_CLOSERS = "\"'”’»›)]}"
_TERMINALS = ".!?…"
_TOKEN_RE = re.compile(r"\S+")
_TERMINAL_TOKEN_RE = re.compile(r"(?P<body>.*?)(?P<term>[.!?…]+)(?P<close>[\"'”’»›)\]}]*)")
_NUMBERISH_RE = re.compile(r"[$€£]?[\d.,:/%\-–]*\d[\d.,:/%\-–]*")
_DOTTED_RE = re.compile(r"(?:[A-Za-z]{1,3}\.)+[A-Za-z]{1,3}")
_LIST_MARKER_RE = re.compile(r"\(?(?:\d{1,3}|[a-zA-Z]|[ivxIVX]{1,4})[.)]")


def _bare(tok: str) -> str:
    return tok.lstrip(_OPENERS)


def _starts_sentence(tok: str) -> bool:
    bare = _bare(tok)
    if not bare:
        return tok[:1] in _OPENERS
    return bare[0].isupper() or bare[0].isdigit() or bare[0] in "$€£"


def _is_starter(tok: str) -> bool:
    if tok[:1] in '"“‘«':
        return True
    return _bare(tok).rstrip(".,;:!?…\"'”’»)").lower() in _STARTERS


def _period_level(word: str, nxt: str, line_start: bool) -> int:
    """How strongly the period after ``word`` ends a sentence (the next token is ``nxt``)."""
    if not word:
        return _UPPER
    lower = word.lower()
    if line_start and _LIST_MARKER_RE.fullmatch(word + "."):
        return _NEVER
    if lower in _MONTHS and _bare(nxt)[:1].isdigit():
        return _NEVER  # "Sept. 11", "Jan. 6"
    if lower in _TITLES:
        if lower in {"no", "nos", "p", "pp", "fig", "vol", "art", "sec", "ch"}:
            return _NEVER if _bare(nxt)[:1].isdigit() else _UPPER  # "No. 10" but "said no."
        return _NEVER
    if lower in _CLOSED_ABBREVIATIONS:
        return _CLOSED
    if len(word) == 1 and word.isalpha():
        return _NEVER if word.isupper() else _CLOSED  # initials "John F. Kennedy"
    if _DOTTED_RE.fullmatch(word):
        return _CLOSED  # unknown dotted abbreviation "N.A.T.O"
    if _NUMBERISH_RE.fullmatch(word):
        return _UPPER
    return _UPPER


def _ends_terminal(tok: str) -> bool:
    last = tok.rstrip(_CLOSERS)[-1:]
    return bool(last) and last in _TERMINALS


def _is_boundary(tokens: list[str], i: int, line_start: bool) -> bool:
    """Does a sentence end after token ``i`` (followed by token ``i + 1`` on the same line)?"""
    tok, nxt = tokens[i], tokens[i + 1]
    m = _TERMINAL_TOKEN_RE.fullmatch(tok)
    if m is None:
        return False
    body, term, close = m.group("body"), m.group("term"), m.group("close")
    if not _starts_sentence(nxt):
        return False
    if "!" in term or "?" in term or "…" in term or len(term) >= 2:
        return bool(body.strip(_OPENERS + _CLOSERS)) or not body
    if close or body[-1:] in _CLOSERS:
        return True  # "… (AP)." or "… 'enough.'"
    word = _bare(body)
    level = _period_level(word, nxt, line_start)
    if level == _UPPER:
        return True
    if level == _CLOSED:
        return _is_starter(nxt)
    return False


def _heading_like(tokens: list[str], first: int, last: int) -> bool:
    """A short line with no final punctuation: a headline, a dateline, a subheading."""
    if last - first + 1 > 16:
        return False
    end = tokens[last]
    return not (end[-1] in ",;:(/&+-–—" or _ends_terminal(end))


def split_english_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` of one English paragraph, as offsets into ``text``.

    Spans hold no leading or trailing whitespace and keep their closing quotes and brackets.
    """
    spans = [m.span() for m in _TOKEN_RE.finditer(text)]
    if not spans:
        return []
    tokens = [text[s:e] for s, e in spans]
    n = len(tokens)
    breaks = [
        i < n - 1 and any(c in text[spans[i][1] : spans[i + 1][0]] for c in "\r\n")
        for i in range(n)
    ]
    lines: list[tuple[int, int]] = []
    first = 0
    for i in range(n):
        if i == n - 1 or breaks[i]:
            lines.append((first, i))
            first = i + 1
    wrapped = any(
        not _ends_terminal(tokens[b]) and _bare(tokens[b + 1])[:1].islower() for _, b in lines[:-1]
    )
    line_starts = {a for a, _ in lines}
    cuts: list[int] = []
    for k, (a, b) in enumerate(lines):
        for i in range(a, b):
            if _is_boundary(tokens, i, i in line_starts):
                cuts.append(i)
        if k + 1 < len(lines):
            nxt = tokens[b + 1]
            starts_line = a == 0 or (bool(cuts) and cuts[-1] == a - 1)
            if _ends_terminal(tokens[b]):
                if _is_boundary(tokens, b, a == b):
                    cuts.append(b)
            elif (
                not wrapped
                and starts_line
                and _starts_sentence(nxt)
                and _heading_like(tokens, a, b)
            ):
                cuts.append(b)
    out: list[tuple[int, int]] = []
    start = 0
    for c in cuts:
        out.append((spans[start][0], spans[c][1]))
        start = c + 1
    out.append((spans[start][0], spans[-1][1]))
    return out


def segment_english(text: str) -> tuple[Paragraph, ...]:
    """Split an English edition into paragraphs (blank lines) and sentences.

    Offsets index into ``text``; ids follow the German side's scheme (``p{n}s{k}``).
    """
    paragraphs: list[Paragraph] = []
    for p_start, p_end in split_paragraphs(text):
        p = len(paragraphs)
        spans = split_english_sentences(text[p_start:p_end])
        segments = tuple(
            Segment(
                id=f"p{p}s{j}",
                paragraph=p,
                index=j,
                start=p_start + s,
                end=p_start + e,
                text=text[p_start + s : p_start + e],
            )
            for j, (s, e) in enumerate(spans)
        )
        paragraphs.append(Paragraph(index=p, start=p_start, end=p_end, segments=segments))
    return tuple(paragraphs)

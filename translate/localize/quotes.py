"""Quotation marks of the English edition, in the style of the target locale.

    quote_style(parse_locale("en-GB", language="en"))  ─► QuoteStyle("‘", "’", "“", "”")
    localize_quotes("He said: „Nein.“", US_QUOTES)      ─► "He said: “Nein.”"

English news in the US quotes “like this” with ‘single marks’ inside; British news quotes
‘like this’ with “double marks” inside. Babel (CLDR) has no usable quotation-mark data for this,
so :data:`QUOTE_STYLES` is a small table keyed by BCP 47 tag; any English locale that it does
not name (en-AU, en-IN, …) gets the US style.

The machine translation copies whatever marks the German source used (German „…“ and ‚…‘,
guillemets »…« or Swiss «…», straight "…") or makes up its own. :func:`localize_quotes` finds
the quotation marks of one translated sentence, pairs them and writes each pair in the style's
marks by *nesting level*, not by the glyph it had: level 0 takes the outer marks, level 1 the
inner ones, level 2 the outer ones again, and so on. So „Er sagte ‚Nein‘“ and "He said 'No'"
both become “He said ‘No’” in the US and ‘He said “No”’ in Britain.

Rules, and why:

* **One character for one character.** Only quotation marks change and every replacement is a
  single character, so the output has the length of the input: other parts of the toolkit
  (glossary matches, value checks, alignment) keep character offsets into the translation.
* **Direction from context.** Straight quotes are neither opening nor closing, “ opens in
  English but closes in German, » opens in German but closes in Swiss German. So a mark opens
  where a non-space follows it and the start of the text, a space or punctuation precedes it;
  it closes where a non-space precedes it and the end, a space or punctuation follows it.
  Where both fit (punctuation on both sides) or neither (spaces or letters on both sides), the
  pairing decides, guided by what is before and after it (``(“`` opens, ``.”)`` closes); the
  low-9 marks „ ‚ never close. Any double mark closes any double mark, any single mark any
  single mark, and a guillemet the mirrored one (»…« or «…»).
* **Apostrophes are not quotes.** ``'`` and ``’`` between letters (don't, Russia's, O'Brien)
  and in decades ('90s) are apostrophes. After a letter and before a space or punctuation they
  may be either (the students' union, goin', ‘Hello’ he said); at a word start before an
  elision ('em, 'cause, ’tis, so ’ne, rock 'n' roll) they are apostrophes unless a closing mate
  follows in the sentence ('Cause I said so,' he said), and ``'68`` may open a quotation.
  All readings of such marks are weighed and the cheapest wins: a plural ``s'`` that closes
  costs a little, a quotation that crosses the sentence boundary more, a closing mark that is
  not the usual mate of the opening one (``'`` after ``‘``) more still. Apostrophes stay as
  they are: ``'`` is not turned into ``’``.
* **Measurements are not quotes.** A straight ``"`` or ``''`` right after a digit (a 12" pizza,
  5'11", 3' 6") is an inch or second mark and stays as it is, unless it closes an open
  quotation (He said "I have 12"); the pairing decides, as for apostrophes.
* **Unbalanced input.** Translation is per sentence, so a quotation may open in one sentence and
  close in the next. A mark that closes nothing becomes the outer closing mark, a mark that
  opens and is never closed keeps the opening mark of its level (the outer one when alone).
* **Stable.** Styled output is styled again unchanged (idempotent: the rewriting repeats until
  the text no longer changes, which settles the rare doubtful text at once), and well-formed
  text in one style converts to the other and back. No German low-9 mark „ ‚ and no
  guillemet » « › ‹ survives: each of them is a quotation mark of some kind.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from types import MappingProxyType
from typing import TypeAlias

from translate.localize.locales import LocaleSpec

__all__ = [
    "BRITISH_QUOTES",
    "QUOTATION_MARKS",
    "QUOTE_STYLES",
    "US_QUOTES",
    "QuoteStyle",
    "localize_quotes",
    "quote_style",
]


@dataclass(frozen=True)
class QuoteStyle:
    """Opening and closing marks for outer (level 0, 2, …) and inner (level 1, 3, …) quotes."""

    outer_open: str
    outer_close: str
    inner_open: str
    inner_close: str

    def __post_init__(self) -> None:
        for name in ("outer_open", "outer_close", "inner_open", "inner_close"):
            if len(getattr(self, name)) != 1:
                raise ValueError(f"QuoteStyle.{name} must be a single character")

    def opening(self, level: int) -> str:
        return self.outer_open if level % 2 == 0 else self.inner_open

    def closing(self, level: int) -> str:
        return self.outer_close if level % 2 == 0 else self.inner_close


US_QUOTES = QuoteStyle("\u201c", "\u201d", "\u2018", "\u2019")  # “…” with ‘…’ inside
BRITISH_QUOTES = QuoteStyle("\u2018", "\u2019", "\u201c", "\u201d")  # ‘…’ with “…” inside

#: Styles by BCP 47 tag; :func:`quote_style` falls back to the US style for any other locale.
QUOTE_STYLES: Mapping[str, QuoteStyle] = MappingProxyType(
    {"en": US_QUOTES, "en-US": US_QUOTES, "en-GB": BRITISH_QUOTES}
)


def quote_style(spec: LocaleSpec) -> QuoteStyle:
    """The quotation marks of ``spec``: the first of its lookup chain in the table, else US."""
    for tag in spec.lookup_chain():
        if tag in QUOTE_STYLES:
            return QUOTE_STYLES[tag]
    return US_QUOTES


# families: any mark of the family closes any mark of it (guillemets: the mirrored one only)
_DOUBLE = '"\u201c\u201d\u201e\u201f'  # " “ ” „ ‟
_SINGLE = "'\u2018\u2019\u201a\u201b"  # ' ‘ ’ ‚ ‛
_GUILLEMETS = "\u00ab\u00bb"  # « »
_SINGLE_GUILLEMETS = "\u2039\u203a"  # ‹ ›
_FAMILY = {
    **dict.fromkeys(_DOUBLE, "double"),
    **dict.fromkeys(_SINGLE, "single"),
    **dict.fromkeys(_GUILLEMETS, "guillemet"),
    **dict.fromkeys(_SINGLE_GUILLEMETS, "single guillemet"),
}
_MIRROR = {"\u00ab": "\u00bb", "\u00bb": "\u00ab", "\u2039": "\u203a", "\u203a": "\u2039"}
#: Every character that :func:`localize_quotes` may treat as a quotation mark.
QUOTATION_MARKS = frozenset(_FAMILY)

_APOSTROPHE_LIKE = frozenset("'\u2018\u2019\u201b")  # marks that also serve as apostrophes
_LOW_NINE = frozenset("\u201e\u201a\u201f\u201b")  # „ ‚ ‟ ‛ never close
_OPENING_CONTEXT = frozenset("([{<\u2013\u2014-/")  # a mark after these opens
_CLOSING_CONTEXT = frozenset(".,;:!?)]}>\u2026")  # a mark before these closes
_CLOSING_LOOKS = frozenset("\u201d\u2019")  # ” ’ close in English and German (“ ‘ may not)
_POSSESSIVE_S = frozenset("sSzZxX")  # s' may be a plural possessive
_QUOTE_RUN = re.compile("[" + re.escape("".join(_FAMILY)) + "]")
# after an apostrophe at a word start: a decade ('90s) is always an apostrophe, an elision
# ('n', 'em, 'tis, so 'ne, …) unless a closing mate follows in the sentence ('Cause I said so,')
_DECADE = re.compile(r"\d\ds\b")
_ELISION = re.compile(
    r"(?i:n|ne|nen|nem|ner|s|em|im|er|ere|til|tis|twas|twere|twill|twould"
    r"|cause|cos|coz|cuz|bout|round|cept|fraid|nuff|kay)\b"
)
_YEAR = re.compile(r"\d\d\b")  # '68: an apostrophe, or a quotation of a number opens
_ATTACHED_S = re.compile(r"s\b")  # “Star Wars”'s
_FRACTIONS = frozenset("\u00bc\u00bd\u00be\u2153\u2154\u215b\u215c\u215d\u215e")  # ¼ ½ ¾ …


class _Kind(Enum):
    OPEN = "open"
    CLOSE = "close"
    EITHER = "either"  # punctuation on both sides
    NEITHER = "neither"  # space on both sides, letters on both sides, alone
    MAYBE_OPEN = "maybe open"  # an apostrophe or an opening mark ('68)
    MAYBE_CLOSE = "maybe close"  # word-final apostrophe or closing mark
    MEASURE = "measure"  # " or '' after a digit: an inch mark, or a closing mark (… 12")
    APOSTROPHE = "apostrophe"


@dataclass(frozen=True)
class _Mark:
    pos: int
    char: str
    family: str
    kind: _Kind
    before: str  # the character before, "" at the start
    after: str  # the character after, "" at the end


# Costs of a reading of the marks; the cheapest reading wins. Quotations that cross sentences
# are common, so a mark that closes nothing and a quotation still open at the end cost less
# than reading an apostrophe that is not the mate of the opening mark as its closing mark.
_UNCLOSED = 100  # a quotation left open inside another one that closes
_MISMATCH = 50  # a quotation closed by a mark of another family: »…"
_STRANGER = 40  # closed by a mark that is not the usual mate of the opening one: ‘…' or '…’
_CROSSING = 30  # a mark that closes nothing, a quotation still open at the end
_DOUBT = 10  # s' closes (the students' union), '68 opens
_AGAINST_LOOKS = 5  # ” or ’ opens where the context allows either (keeps styled text stable)
_LESS_LIKELY = 1  # of two readings that the context allows, the one it favours less
# the usual closing mates of a single opening mark: '…' ‘…’ ’…’ ‛…’ ‚…‘ ‚…’
_MATES = {
    "'": "'",
    "\u2018": "\u2019",
    "\u2019": "\u2019",
    "\u201b": "\u2019",
    "\u201a": "\u2018\u2019",
}
_MAX_READINGS = 32
_MAX_PASSES = 32
_MAX_DEPTH = 12

_Stack = tuple[str, ...]  # the opening marks of the open quotations, outermost first
# what a reading writes, latest first: (position, new mark, rest)
_Trail: TypeAlias = "tuple[int, str, _Trail] | None"
_Step = tuple[_Stack, int, tuple[int, str] | None]  # new stack, added cost, mark to write


def _closes(opening: str, char: str) -> bool:
    if opening in _MIRROR:
        return char == _MIRROR[opening]
    return _FAMILY[char] == _FAMILY[opening]


def _classify(text: str, pos: int) -> _Mark:
    char = text[pos]
    before = text[pos - 1] if pos > 0 else ""
    after = text[pos + 1] if pos + 1 < len(text) else ""
    word_before, word_after = before.isalnum(), after.isalnum()
    opens = bool(after) and not after.isspace() and not word_before
    closes = bool(before) and not before.isspace() and not word_after
    kind: _Kind
    if opens and closes:
        kind = _Kind.EITHER
    elif opens:
        kind = _Kind.OPEN
    elif closes:
        kind = _Kind.CLOSE
    else:
        kind = _Kind.NEITHER
    if _measure(text, pos):
        kind = _Kind.MEASURE
    elif char in _APOSTROPHE_LIKE:
        if word_before and word_after:
            kind = _Kind.APOSTROPHE
        elif kind is _Kind.OPEN:
            if _DECADE.match(text, pos + 1) or (
                before and not before.isspace() and _ATTACHED_S.match(text, pos + 1)
            ):
                kind = _Kind.APOSTROPHE
            elif _ELISION.match(text, pos + 1) or _YEAR.match(text, pos + 1):
                kind = _Kind.MAYBE_OPEN
        elif kind is _Kind.CLOSE and word_before and char != "\u2018":  # ‚…‘ closes
            kind = _Kind.APOSTROPHE if _second_of_n(text, pos) else _Kind.MAYBE_CLOSE
    return _Mark(pos, char, _FAMILY[char], kind, before, after)


def _number_end(text: str, pos: int) -> bool:
    """Whether a number ends right before ``pos`` (a digit or a fraction such as ½)."""
    return pos > 0 and (text[pos - 1].isdigit() or text[pos - 1] in _FRACTIONS)


def _measure(text: str, pos: int) -> bool:
    """Whether the mark at ``pos`` is a straight ``"`` or one of ``''`` right after a number."""
    if text[pos] == '"':
        return _number_end(text, pos)
    if text[pos] != "'":
        return False
    if text[pos + 1 : pos + 2] == "'" and _number_end(text, pos):
        return True
    return text[pos - 1 : pos] == "'" and _number_end(text, pos - 1)


def _second_of_n(text: str, pos: int) -> bool:
    """Whether the mark at ``pos`` ends the 'n' of rock 'n' roll."""
    return (
        pos >= 2
        and text[pos - 1] in "nN"
        and text[pos - 2] in _APOSTROPHE_LIKE
        and (pos == 2 or not text[pos - 3].isalnum())
    )


def _push(mark: _Mark, stack: _Stack, style: QuoteStyle, cost: int = 0) -> _Step:
    if len(stack) >= _MAX_DEPTH:  # forget the outermost two: the marks depend on parity only
        stack, cost = stack[2:], cost + 2 * _CROSSING
    return stack + (mark.char,), cost, (mark.pos, style.opening(len(stack)))


def _close(mark: _Mark, stack: _Stack, style: QuoteStyle, cost: int = 0) -> _Step:
    """Close the innermost quotation the mark can close, else the innermost one."""
    index = next((i for i in reversed(range(len(stack))) if _closes(stack[i], mark.char)), None)
    if index is None:
        if not stack:  # the end of a quotation begun in an earlier sentence
            return stack, cost + _CROSSING, (mark.pos, style.closing(0))
        index, cost = len(stack) - 1, cost + _MISMATCH
    # quotations opened inside and never closed keep their opening marks
    cost += _UNCLOSED * (len(stack) - 1 - index)
    return stack[:index], cost, (mark.pos, style.closing(index))


def _can_close(mark: _Mark, stack: _Stack) -> bool:
    return any(_closes(opening, mark.char) for opening in stack)


def _plural(text: str, pos: int) -> bool:
    """Whether the word before ``pos`` may be a plural (students, not it's)."""
    return pos >= 2 and text[pos - 2].isalpha()


def _steps(text: str, mark: _Mark, stack: _Stack, style: QuoteStyle) -> list[_Step]:
    """The readings of one mark, given the open quotations."""
    kind = mark.kind
    if kind is _Kind.APOSTROPHE:
        return [(stack, 0, None)]
    if kind is _Kind.MEASURE:  # an inch mark, unless it closes an open quotation
        if not _can_close(mark, stack):
            return [(stack, 0, None)]
        return [_close(mark, stack, style), (stack, _LESS_LIKELY, None)]
    if kind is _Kind.MAYBE_OPEN:
        against = _AGAINST_LOOKS if mark.char in _CLOSING_LOOKS else 0
        return [_push(mark, stack, style, _DOUBT + against), (stack, 0, None)]
    if kind is _Kind.MAYBE_CLOSE:
        if not stack or not _closes(stack[-1], mark.char):
            return [(stack, 0, None)]
        doubt = 0 if mark.char in _MATES.get(stack[-1], "") else _STRANGER
        if mark.before in _POSSESSIVE_S and mark.after.isspace() and _plural(text, mark.pos):
            doubt += _DOUBT
        apostrophe = (stack, 0 if doubt else _LESS_LIKELY, None)
        return [_close(mark, stack, style, doubt), apostrophe]
    if kind is _Kind.OPEN:
        return [_push(mark, stack, style)]
    if kind is _Kind.CLOSE:
        return [_close(mark, stack, style)]
    # punctuation on both sides, or spaces, or letters: both readings, the likelier first
    if mark.char in _LOW_NINE and kind is _Kind.NEITHER:
        return [_push(mark, stack, style)]
    if kind is _Kind.EITHER and mark.before in _OPENING_CONTEXT:
        closes_first = False
    elif kind is _Kind.EITHER and mark.after in _CLOSING_CONTEXT:
        closes_first = True
    elif kind is _Kind.EITHER and mark.before in QUOTATION_MARKS:  # "'Hi'", not ""
        closes_first = False
    else:
        closes_first = bool(stack) and _closes(stack[-1], mark.char)
    against = _AGAINST_LOOKS if mark.char in _CLOSING_LOOKS else 0
    if closes_first:
        return [_close(mark, stack, style), _push(mark, stack, style, _LESS_LIKELY + against)]
    return [_push(mark, stack, style, against), _close(mark, stack, style, _LESS_LIKELY)]


def localize_quotes(text: str, style: QuoteStyle) -> str:
    """``text`` (one translated sentence) with its quotation marks in ``style``.

    Marks are paired and rewritten by nesting level; everything else, apostrophes included,
    is left alone and the result has the length of ``text``. Where a mark may be an apostrophe
    or a quotation mark, or may open or close, every reading is followed and the cheapest wins
    (see the costs above). A pass can only see the marks it is given: once they are rewritten,
    a doubtful text may read differently, so the passes repeat until the text no longer
    changes, which makes the result idempotent (in a cycle, the least text of it is taken;
    only runs of dozens of adjacent marks might not settle within the passes allowed).
    """
    if not _QUOTE_RUN.search(text):
        return text
    seen = [text]
    while True:
        styled = _localize_once(seen[-1], style)
        if styled == seen[-1]:
            return styled
        if styled in seen:  # a cycle: any of its texts gives the same answer
            return min(seen[seen.index(styled) :])
        if len(seen) > _MAX_PASSES:
            return styled
        seen.append(styled)


def _localize_once(text: str, style: QuoteStyle) -> str:
    """One pass of :func:`localize_quotes`: pair the marks of the cheapest reading."""
    if not _QUOTE_RUN.search(text):
        return text
    readings: dict[_Stack, tuple[int, _Trail]] = {(): (0, None)}
    for found in _QUOTE_RUN.finditer(text):
        mark = _classify(text, found.start())
        following: dict[_Stack, tuple[int, _Trail]] = {}
        for stack, (cost, trail) in readings.items():
            for new_stack, added, write in _steps(text, mark, stack, style):
                total = cost + added
                if new_stack not in following or total < following[new_stack][0]:
                    new_trail = trail if write is None else (write[0], write[1], trail)
                    following[new_stack] = (total, new_trail)
        if len(following) > _MAX_READINGS:
            kept = sorted(following.items(), key=lambda item: item[1][0])[:_MAX_READINGS]
            following = dict(kept)
        readings = following
    _, best = min(
        ((cost + _CROSSING * len(stack), trail) for stack, (cost, trail) in readings.items()),
        key=lambda reading: reading[0],
    )
    out = list(text)
    while best is not None:
        pos, char, best = best
        out[pos] = char
    return "".join(out)

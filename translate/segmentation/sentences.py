"""Split one German paragraph into sentences (see the package docstring for the rules)."""

from __future__ import annotations

import re

from translate.segmentation.lexicon import (
    ABBREVIATIONS,
    CLOSED,
    MONTHS,
    NEVER,
    NO_HEADING_END,
    NUMBER_BOUND,
    ORDINAL_CUES,
    STARTERS,
    UPPER,
)

__all__ = ["split_sentences"]

_OPENERS = "\"'„‚“‘”’«»‹›([{`¿¡"
_CLOSERS = "\"'“”‘’«»‹›)]}"
_QUOTE_CLOSERS = "\"'“”‘’«»‹›"
_TERMINALS = ".!?…"
_BULLETS = frozenset("•·▪■◦●○►▶➢✓✔✗*+-–—→")

_TOKEN_RE = re.compile(r"\S+")
# token = body + terminal run + closers (the closers are kept with the sentence)
_TERMINAL_TOKEN_RE = re.compile(r"(?P<body>.*?)(?P<term>[.!?…]+)(?P<close>[\"'“”‘’«»‹›)\]}]*)")
_INT_RE = re.compile(r"\d+")
_GROUPED_NUMBER_RE = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?\b|\d+,\d+\b")
_NUMBERISH_RE = re.compile(r"[\d.,:/%'’\-–]*\d[\d.,:/%'’\-–]*")
_ROMAN_RE = re.compile(
    r"(?=[IVXLCDM]*[IVX])M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})"
)
_DOTTED_RE = re.compile(r"(?:[^\W\d_]{1,3}\.)+[^\W\d_]{1,3}")
_ABBR_PART_RE = re.compile(r"[^\W\d_]{1,6}\.")
_VOWELS = frozenset("aeiouyäöüAEIOUYÄÖÜéèáàóòúùâêîôû")
_LIST_MARKER_RE = re.compile(r"(?:\(?\d{1,3}[.)]|\(?[a-zA-Z][)]|\(?[ivxIVX]{1,4}[.)])")
_EMOTICON_RE = re.compile(r"[:;=]-?[)(DPp]+|\^\^|<3")


def _strip_openers(tok: str) -> str:
    return tok.lstrip(_OPENERS + ",")


def _starts_sentence(tok: str) -> bool:
    """The next token can start a sentence: a capital, a digit, a bullet (after any openers)."""
    if tok in _BULLETS and tok not in "-–—":
        return True
    bare = _strip_openers(tok)
    if not bare:
        return tok[:1] in "„“\"»«‚‘'(["  # a lone opening quote or bracket
    c = bare[0]
    if bare.startswith(("…", "...")) and tok[:1] in "([":
        return True  # "(...) Das Lied …": an omission opening the next sentence
    return c.isupper() or c.isdigit() or c in "•▪■●►▶➢"


def _starts_lower(tok: str) -> bool:
    bare = _strip_openers(tok)
    return bool(bare) and bare[0].islower()


def _opens_quote(tok: str) -> bool:
    return tok[:1] in "„“\"»«‚‘'`" or tok.startswith(",,")


def _is_starter(tok: str) -> bool:
    """The next token is a closed-class word (or a quotation) that cannot follow an ordinal."""
    if tok[:1] in '„“"»«‚`' or tok.startswith(",,"):
        return True
    bare = _strip_openers(tok).rstrip(".,;:!?…\"'“”’»«)")
    return bare in STARTERS


def _opens_sentence(tokens: list[str], k: int, sent_start: int) -> bool:
    """Token ``k`` stands where German capitalises any word: a sentence start, after a colon,
    or behind an opening quote or bracket."""
    if k <= sent_start or tokens[k][:1] in _OPENERS or tokens[k].startswith(",,"):
        return True
    prev = tokens[k - 1]
    return prev.endswith(":") or prev in _BULLETS or prev in _OPENERS


def _next_to_number(tokens: list[str], i: int, first: int) -> bool:
    """A number follows token ``i`` (``Art. 5``, ``Art. IV``, ``Jan. 2025``) or precedes the
    abbreviation starting at token ``first`` (``3. Jan.``)."""
    if i + 1 < len(tokens):
        nxt = _strip_openers(tokens[i + 1]).rstrip(".,;:)")
        if nxt[:1].isdigit() or nxt[:1] == "§" or (nxt and _ROMAN_RE.fullmatch(nxt)):
            return True
    return first > 0 and bool(_INT_RE.fullmatch(tokens[first - 1].rstrip(".")))


def _abbreviation_level(tokens: list[str], i: int, sent_start: int) -> int | None:
    """The level of the abbreviation ending at token ``i`` (which ends in "."), or None.

    Multi-part abbreviations written with spaces ("z. B.", "i. d. R.", "v. Chr.") are joined
    with the tokens before them. Case counts (see :mod:`translate.segmentation.lexicon`): a
    lower-case abbreviation matches a capitalised word only where a sentence starts ("Z. T.",
    "Sog. Experten"), never mid-sentence ("in der Schweiz."); an abbreviation that is also a
    noun (``NUMBER_BOUND``) is one only next to a number.
    """
    parts = [(i, _strip_openers(tokens[i]))]
    j = i - 1
    while j >= 0 and len(parts) < 4:
        prev = _strip_openers(tokens[j])
        if not _ABBR_PART_RE.fullmatch(prev):
            break
        parts.insert(0, (j, prev))
        j -= 1
    for k in range(len(parts)):  # longest first
        first = parts[k][0]
        joined = "".join(p for _, p in parts[k:])
        level = ABBREVIATIONS.get(joined)
        if (
            level is None
            and len(joined) > 2
            and joined[0].isupper()
            and _opens_sentence(tokens, first, sent_start)
        ):
            level = ABBREVIATIONS.get(joined[0].lower() + joined[1:])  # sentence-initial "Z. T."
        if level is not None:
            if joined in NUMBER_BOUND and not _next_to_number(tokens, i, first):
                return None  # the noun or name: "eine bedrohte Art.", "um das Kap."
            return level
    return None


def _period_level(
    tokens: list[str], i: int, word: str, line_start: bool, closed: bool, sent_start: int
) -> int:
    """How strongly the period after ``word`` (token ``i``) ends a sentence."""
    if closed:  # "… „Wahnsinn“." or "… (MiLoG)." – never an abbreviation
        return UPPER
    if not word:
        return UPPER
    if line_start and _LIST_MARKER_RE.fullmatch(word + "."):
        return NEVER  # "1. Dies ist eine Punkteliste."
    level = _abbreviation_level(tokens, i, sent_start)
    if level is None and "-" in word[1:]:  # "Zimmermann-Str.", "Dipl.-Ing."
        level = ABBREVIATIONS.get(word.rsplit("-", 1)[1] + ".")
    if level is not None:
        return level
    word = word.lstrip("-–+±~≈")  # "1. -3. Jahrhundert"
    if not word:
        return UPPER
    if _INT_RE.fullmatch(word):
        if len(word) <= 3:
            return CLOSED  # "am 12. Juli", "im 8. Jahrhundert", "1. FC Köln"
        if len(word) == 4 and i > 0 and tokens[i - 1].lower() in ORDINAL_CUES:
            return CLOSED  # "der 1000. Besucher"
        return UPPER  # "… im Jahr 1990. Damals …"
    if _NUMBERISH_RE.fullmatch(word):
        return UPPER  # "1.000.000.", "3,5.", "9.30."
    if len(word) == 1 and word.isalpha():
        return CLOSED if word.isupper() else NEVER  # initials "J. F. Kennedy"; "u. a."
    if _ROMAN_RE.fullmatch(word):
        return CLOSED  # "Ludwig XIV."
    if _DOTTED_RE.fullmatch(word):
        return CLOSED  # unknown dotted abbreviation "U.S.A."
    if ".-" in word or word.endswith("-"):
        return NEVER  # "Dipl.-Ing."
    if not (_VOWELS & set(word)) and word.isalpha() and not word.isupper() and len(word) <= 5:
        return NEVER  # vowel-less abbreviations: "vgl", "Nr", "Tsd", "bzgl"
    return UPPER


def _line_info(text: str, spans: list[tuple[int, int]]) -> tuple[list[bool], list[int]]:
    """For each gap after token i: does it hold a line break; and each token's line number."""
    breaks = [False] * len(spans)
    line_of = [0] * len(spans)
    line = 0
    for i in range(len(spans) - 1):
        line_of[i] = line
        gap = text[spans[i][1] : spans[i + 1][0]]
        if "\n" in gap or "\r" in gap:
            breaks[i] = True
            line += 1
    if spans:
        line_of[-1] = line
    return breaks, line_of


def _is_list_item(tokens: list[str], first: int, last: int) -> bool:
    tok = tokens[first]
    if tok in _BULLETS or (tok[:1] in "•▪■●►▶➢✓✔" and len(tok) > 1):
        return first < last or len(tok) > 1
    return first < last and bool(_LIST_MARKER_RE.fullmatch(tok))


def _ends_terminal(tok: str) -> bool:
    last = tok.rstrip(_CLOSERS)[-1:]
    return bool(last) and last in _TERMINALS


def _heading_like(tokens: list[str], first: int, last: int) -> bool:
    """A line with no final punctuation that reads like a heading or a dateline."""
    if last - first + 1 > 16:
        return False
    end = tokens[last]
    if end[-1] in ",;:(/&+-–—" or _ends_terminal(end):
        return False
    if end.rstrip(_CLOSERS).lower() in NO_HEADING_END and end[:1].islower():
        return False
    for k in range(first, last):  # ", dass …": a subordinate clause reads like wrapped prose
        if tokens[k].endswith(",") and tokens[k + 1][:1].islower():
            return False
    return True


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` of one paragraph, as offsets into ``text``.

    Spans hold no leading or trailing whitespace and keep their closing quotes and brackets;
    the text between two spans is whitespace only.
    """
    spans = [m.span() for m in _TOKEN_RE.finditer(text)]
    if not spans:
        return []
    tokens = [text[s:e] for s, e in spans]
    n = len(tokens)
    breaks, line_of = _line_info(text, spans)

    # lines: first and last token index
    lines: list[tuple[int, int]] = []
    first = 0
    for i in range(n):
        if i == n - 1 or breaks[i]:
            lines.append((first, i))
            first = i + 1
    list_item = [_is_list_item(tokens, a, b) for a, b in lines]
    wrapped = any(
        not _ends_terminal(tokens[b]) and _starts_lower(tokens[b + 1]) and not list_item[k + 1]
        for k, (a, b) in enumerate(lines[:-1])
    )
    line_starts = {a for a, _ in lines}

    cuts: list[int] = []  # token indices after which a sentence ends
    for i in range(n - 1):
        nxt = tokens[i + 1]
        if breaks[i]:
            k = line_of[i]
            a = lines[k][0]
            whole = a == 0 or (bool(cuts) and cuts[-1] == a - 1)
            whole = whole and not (cuts and cuts[-1] >= a)
            decided = _line_break_boundary(tokens, lines, list_item, wrapped, k, whole)
            if decided:
                cuts.append(i)
                continue
        sent_start = cuts[-1] + 1 if cuts else 0
        if _is_boundary(tokens, i, nxt, i in line_starts or tokens[i - 1] in _BULLETS, sent_start):
            cuts.append(i)

    out: list[tuple[int, int]] = []
    start = 0
    for c in cuts:
        out.append((spans[start][0], spans[c][1]))
        start = c + 1
    out.append((spans[start][0], spans[-1][1]))
    return out


def _line_break_boundary(
    tokens: list[str],
    lines: list[tuple[int, int]],
    list_item: list[bool],
    wrapped: bool,
    k: int,
    sentence_start: bool,
) -> bool:
    """Is the line break after line ``k`` a sentence boundary by itself?

    ``sentence_start``: line ``k`` starts a sentence and holds no sentence end before its last
    token (only such a line can be a heading or a dateline).
    """
    a, b = lines[k]
    na, _ = lines[k + 1]
    nxt = tokens[na]
    if _ends_terminal(tokens[b]):
        # ordinary punctuation rules decide, but a list item always starts a sentence
        return list_item[k + 1] and not _starts_lower(nxt)
    if list_item[k + 1] and (nxt in _BULLETS or nxt[:1] in "•▪■●►▶➢"):
        return True
    if _starts_lower(nxt):
        return False
    if list_item[k]:
        return True
    if tokens[b].endswith(":"):
        return not wrapped  # a line-final colon introducing a quotation or a list
    if wrapped or not sentence_start or not _heading_like(tokens, a, b):
        return False
    if list_item[k + 1]:
        return True
    # a heading: strong when a closed-class word, a quotation or a number follows; a short line
    # otherwise ("… von Angela\nMerkel geleitet." is wrapped prose, not a heading)
    return _is_starter(nxt) or nxt[:1].isdigit() or b - a + 1 <= 8


def _embedded_quotation(tokens: list[str], i: int, sent_start: int) -> bool:
    """The quotation closed by token ``i`` opened inside the current sentence, after words of
    its own and not after a colon: a quoted title or phrase, not a quoted sentence."""
    for k in range(i, sent_start - 1, -1):
        if _opens_quote(tokens[k]):
            if k <= sent_start:
                return False
            prev = tokens[k - 1]
            return not (prev.endswith(":") or prev in _BULLETS or prev in _OPENERS)
    return False


def _is_boundary(tokens: list[str], i: int, nxt: str, line_start: bool, sent_start: int) -> bool:
    """Does a sentence end after token ``i`` (followed by token ``nxt`` on the same line)?

    ``sent_start`` is the index of the first token of the sentence token ``i`` belongs to.
    """
    tok = tokens[i]
    m = _TERMINAL_TOKEN_RE.fullmatch(tok)
    if m is None:
        return bool(_EMOTICON_RE.fullmatch(tok)) and i > 0 and _starts_sentence(nxt)
    body, term, close = m.group("body"), m.group("term"), m.group("close")
    # a new quotation after a closed one: "… ab." "ich …"
    if close and close[-1] not in ")]}" and _opens_quote(nxt) and body:
        return True
    if not _starts_sentence(nxt):
        return False
    if "!" in term or "?" in term:
        return True
    if "…" in term or len(term) >= 2:
        if close[:1] in _QUOTE_CLOSERS and _embedded_quotation(tokens, i, sent_start):
            # „Wir schaffen das …“ Merkels …: an omission inside a quoted phrase
            return _is_starter(nxt)
        bare = body.strip(_OPENERS + _CLOSERS)
        return bool(bare) or not body  # "[…]" and "(...)" mark an omission
    # a single period
    closed = bool(close) or (body[-1:] in _CLOSERS if body else False)
    word = body.strip(_OPENERS + _CLOSERS) if closed else _strip_openers(body)
    if closed and word[-1:] in _TERMINALS:
        return True  # "(… nicht!)."
    level = _period_level(tokens, i, word, line_start, closed, sent_start)
    if level == UPPER:
        if _INT_RE.fullmatch(word) or _DOTTED_RE.fullmatch(word):
            bare = _strip_openers(nxt).rstrip(".,;:")
            if bare in MONTHS:
                return False
        return True
    if level == CLOSED:
        # "… beträgt 204. 4.090 Personen …": a grouped or decimal number continues no date
        return _is_starter(nxt) or bool(_GROUPED_NUMBER_RE.match(nxt))
    return False

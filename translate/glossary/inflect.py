r"""Regular expressions for a German glossary term as it appears in running text.

German inflects and compounds; a glossary lists a term once, in its base form. The pattern of a
term allows exactly these variations and nothing else:

Boundaries
    The term must start at a word start: at the start of the text or after a character that is
    not a letter or digit — so after a space, a quote or the hyphen of a hyphenated compound
    (``US-Verteidigungsminister``, ``Ex-Verteidigungsminister``: the match covers only the
    term, not ``US-``). It must end at a word end: the next character is not a letter or digit,
    so a term may also be the first part of a hyphenated compound (``Kreml-Chef`` contains
    ``Kreml``; a longer entry ``Kreml-Chef`` wins where it exists). ``Austin`` never matches in
    ``Austinat``.

Closed compounds (``match=compound`` only)
    The term may also be the head of a closed compound: ``Bundesverteidigungsminister``
    matches ``Verteidigungsminister``; the term's first letter is then lower-case in the text
    (for a case-sensitive entry) and the match covers only the head, ``verteidigungsminister``.

Inflection of the last word — endings are appended, never removed, so a false hit needs a
different word that is the term plus one of these endings:
    * names (``person``, ``place``, ``organisation``): genitive ``-s`` (``Schoigus``,
      ``Russlands``), ``-es`` for places and organisations (``des Weißen Hauses``), the
      apostrophe genitive after s, ß, x, z (``Strauß'``) and ``'s`` (``Putin's``). Adjectives
      and demonyms are different words and do not match: ``Kiewer``, ``Moskauer`` (their
      English is not the target either: "Kyiv-based", "Muscovite").
    * nouns (``rank``, ``term``): ``-s``, ``-es`` (genitive), ``-e``, ``-n``, ``-en`` (plural,
      dative plural, weak nouns: ``Präsidenten``), ``-ns`` (``Namens``); ``-nen`` after ``-in``
      (``Sprecherin`` → ``Sprecherinnen``). ``-er``/``-ern`` are left out on purpose: they
      also form agent nouns (``Plan`` → ``Planer``, ``Bau`` → ``Bauer``). Umlaut plurals
      (``Amt`` → ``Ämter``) are not generated; list such forms as entries of their own, as
      with feminine ``-in`` forms (``Pentagon-Sprecherin``).
    * any type but ``person``: a term ending in ``-um`` also matches ``-ums`` and ``-en``
      (``Verteidigungsministerium`` → ``…ministeriums``, ``…ministerien``).

Earlier words of a multi-word term
    are matched as written, except that for terms that are not persons a word with an
    adjective ending (``-e``, ``-en``, ``-em``, ``-er``, ``-es``) may take any of those endings
    (``Weißes Haus`` → ``im Weißen Haus``). Words are separated by any run of whitespace,
    line breaks included; a hyphen in the term also matches the Unicode hyphens U+2010/U+2011.

Case
    ``case=sensitive`` (the default) compares exactly; ``case=insensitive`` compares
    case-insensitively (``Nato``, ``NATO``, ``nato``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from translate.document import GlossaryEntry

NAME_TYPES = frozenset({"person", "place", "organisation"})
NOUN_ENDINGS: tuple[str, ...] = ("es", "en", "ns", "s", "e", "n")
PERSON_ENDINGS: tuple[str, ...] = ("s",)
PLACE_ENDINGS: tuple[str, ...] = ("es", "s")
ADJECTIVE_ENDINGS: tuple[str, ...] = ("em", "en", "er", "es", "e")
APOSTROPHE = "['\u2019]"
_HYPHEN = "[-\u2010\u2011]"


def _literal(text: str) -> str:
    """``text`` escaped, with any inner hyphen also matching the Unicode hyphens."""
    head, hyphen, tail = text.partition("-")
    if not hyphen:
        return re.escape(text)
    if not head:  # a leading hyphen stays literal
        return re.escape("-") + _literal(tail)
    return re.escape(head) + _HYPHEN + _literal(tail)


def _last_word(word: str, term_type: str) -> str:
    lower = word.lower()
    if lower.endswith("um") and len(word) > 4 and term_type != "person":
        return f"{_literal(word[:-2])}(?:{re.escape(word[-2:])}s?|en)"
    if term_type in NAME_TYPES:
        endings = list(PERSON_ENDINGS if term_type == "person" else PLACE_ENDINGS)
        tails = [re.escape(e) for e in endings] + [APOSTROPHE + "s"]
        if lower[-1:] in ("s", "ß", "x", "z"):
            tails.append(APOSTROPHE)
        return f"{_literal(word)}(?:{'|'.join(tails)})?"
    endings = list(NOUN_ENDINGS)
    if lower.endswith("in"):
        endings.insert(0, "nen")
    return f"{_literal(word)}(?:{'|'.join(endings)})?"


def _earlier_word(word: str, term_type: str) -> str:
    if term_type != "person" and word[:1].isalpha():
        for ending in ADJECTIVE_ENDINGS:
            if word.lower().endswith(ending) and len(word) > len(ending) + 2:
                stem = word[: -len(ending)]
                return f"{_literal(stem)}(?:{'|'.join(ADJECTIVE_ENDINGS)})"
    return _literal(word)


def _body(source: str, term_type: str) -> str:
    words = source.split()
    parts = [_earlier_word(w, term_type) for w in words[:-1]]
    parts.append(_last_word(words[-1], term_type))
    return r"\s+".join(parts)


@dataclass(frozen=True)
class Branch:
    """One way a term can start in the text: a literal first character, then ``rest``.

    ``inside_word`` branches (closed-compound heads) must follow a letter or digit; the others
    must not. ``rest`` ends with the end-of-word check and is case-insensitive where the entry is.
    """

    first: str
    inside_word: bool
    rest: str

    @property
    def lookbehind(self) -> str:
        """Checked right after the first character: what may precede the term."""
        c = re.escape(self.first)
        return f"(?<=\\w{c})" if self.inside_word else f"(?<!\\w{c})"

    @property
    def pattern(self) -> str:
        """The branch as a regular expression with no capturing group."""
        return f"{re.escape(self.first)}{self.lookbehind}{self.rest}"


def term_branches(entry: GlossaryEntry) -> list[Branch]:
    """The branches of ``entry``: one per possible first character and word position."""
    source = entry.source
    forms = [(source, False)]
    if entry.match == "compound" and source[:1].isalpha():
        forms.append((source[0].lower() + source[1:], True))
    branches: list[Branch] = []
    for form, inside in forms:
        body = _body(form, entry.type)
        first = form[0]
        escaped = re.escape(first)
        if not body.startswith(escaped):  # pragma: no cover - _literal keeps the first char
            raise ValueError(f"cannot build a pattern for {source!r}")
        rest = body[len(escaped) :] + r"(?!\w)"
        firsts = [first]
        if not entry.case_sensitive:
            rest = f"(?i:{rest})"
            firsts = list(
                dict.fromkeys(c for c in (first, first.lower(), first.upper()) if len(c) == 1)
            )
        for c in firsts:
            branch = Branch(c, inside, rest)
            if branch not in branches:
                branches.append(branch)
    return branches


def term_pattern(entry: GlossaryEntry) -> str:
    """The regular expression (without capturing groups) for ``entry.source`` in German text."""
    return "(?:" + "|".join(b.pattern for b in term_branches(entry)) + ")"


def compile_term(entry: GlossaryEntry) -> re.Pattern[str]:
    """``term_pattern`` compiled on its own (the matcher compiles all terms together)."""
    return re.compile(term_pattern(entry))

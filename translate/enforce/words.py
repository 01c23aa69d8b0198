"""Words of a translation and which of them may render a glossary term.

Everything enforcement knows about the text comes from one tokenisation per translation
(:func:`words`), and every "is this word part of the term?" question is answered once per
distinct word and entry (:class:`Anchors` memoises it), so the cost of looking at a sentence
grows with its length, not with the square of it.

A word *anchors* a term when it resembles what the glossary knows about the term:

* a word of one of the targets, spelled alike (``defence`` ~ ``defense``, ``ministers`` ~
  ``minister``);
* the German term itself (``Kiev`` ~ ``Kiew``, ``Schoigu``, ``Selensky`` ~ ``Selenskyj``);
* a part of the German compound (``Minister`` in *Verteidigungsminister*, ``Pentagon`` in
  *Pentagon-Chef*);
* an adjective derived from a target word (``Italian`` for *Italy*, ``Russian`` for *Russia*):
  the model wrote the term as a modifier, which the noun cannot replace in place (*the Italy
  record*), so it is a seed for candidates, the reordered *the record of Italy* ranked first,
  never a complete rendering.

Function words (articles, prepositions) never anchor: they are what a replacement keeps.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from difflib import SequenceMatcher

from translate.document import GlossaryEntry, TermMatch

WORD = re.compile(r"\w+(?:-\w+)*")
#: Words that join the parts of a reordered rendering ("Minister *of* Defense", "head *of the*
#: Pentagon", "Moscow*'s* defence chief") and that a replacement keeps around the term.
BRIDGES = frozenset({"of", "the", "for", "s", "de", "von"})
ARTICLES = frozenset({"the", "a", "an"})
FUNCTION_WORDS = frozenset(
    {
        *BRIDGES,
        *ARTICLES,
        "in",
        "on",
        "at",
        "to",
        "from",
        "with",
        "by",
        "as",
        "or",
        "but",
        "that",
        "this",
        "is",
        "was",
        "are",
        "were",
        "be",
        "his",
        "her",
        "its",
        "their",
        "he",
        "she",
        "it",
        "they",
        "we",
        "i",
        "you",
        "not",
        "has",
        "have",
        "had",
    }
)
#: How alike (difflib ratio, case-folded) a word must be to a target word / the German term.
TARGET_SIMILARITY = 0.75
SOURCE_SIMILARITY = 0.68
#: A word this long that occurs inside the German compound is a part of it (``minister``).
MIN_PART = 5


@dataclass(frozen=True)
class Word:
    """One word of a translation: ``text[start:end]``, and its case-folded form."""

    index: int
    start: int
    end: int
    folded: str


def words(text: str) -> list[Word]:
    """The words of ``text`` with their offsets (hyphenated words are one word)."""
    return [
        Word(i, m.start(), m.end(), m.group(0).casefold())
        for i, m in enumerate(WORD.finditer(text))
    ]


def content(word: str) -> bool:
    """Whether a case-folded word carries meaning (is not an article, preposition, …)."""
    return word not in FUNCTION_WORDS


def similarity(a: str, b: str) -> float:
    """difflib's ratio of two case-folded strings; 0 when their lengths are far apart."""
    if not a or not b or not 0.5 <= len(a) / len(b) <= 2.0:
        return 0.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


#: Roles of a word that is not a target word: like the whole German term (a name spelled the
#: German way), or like a part of the German compound.
SOURCE_ROLE = "<source>"
PART_ROLE = "<part>"
DERIVED_ROLE = "<derived>"
#: Endings that make an English adjective of a place or people's name (Ital-ian, Russia-n,
#: Chin-ese, Engl-ish, Germa-n → German from Germany, Israel-i).
ADJECTIVE_ENDINGS = ("ian", "an", "n", "ese", "ish", "ic", "i")
#: Roles that are no word of a target (a rendering covering only these covers no target word).
NON_TARGET_ROLES = frozenset({SOURCE_ROLE, PART_ROLE, DERIVED_ROLE})


def derived_adjective(word: str, target_word: str) -> bool:
    """Whether ``word`` is an adjective made from ``target_word`` (case-folded): the target's
    stem (without a final vowel or *y*) followed by an adjective ending — ``italian``/``italy``,
    ``russian``/``russia``, ``german``/``germany``, ``chinese``/``china``."""
    stem = target_word.rstrip("aeiouy")
    if word == target_word or len(stem) < 4 or not word.startswith(stem):
        return False
    ending = word[len(stem) :]
    # German/Germany, but not part/party: a bare stem only when it is long
    return ending in ADJECTIVE_ENDINGS or (not ending and len(stem) >= 6)


class Anchors:
    """For one glossary entry: which words may be part of the model's rendering of it.

    ``role(word)`` is the target word the word resembles (so that a rendering covering
    ``defense`` and ``minister`` is told from one covering ``minister`` twice),
    :data:`SOURCE_ROLE` for a word resembling the German term, :data:`PART_ROLE` for one
    resembling a part of the German compound, or None. Answers are memoised per distinct word.
    """

    def __init__(
        self,
        entry: GlossaryEntry,
        surfaces: tuple[str, ...] = (),
        tally: Callable[[], None] | None = None,
    ) -> None:
        self.entry = entry
        self.target_words = tuple(
            dict.fromkeys(
                w
                for alternative in entry.targets
                for w in (m.group(0).casefold() for m in WORD.finditer(alternative))
                if w not in FUNCTION_WORDS
            )
        )
        german = {entry.source.casefold(), *(s.casefold() for s in surfaces)}
        self.german = tuple(sorted(german))
        parts = {p for g in german for p in re.split(r"[\s-]+", g) if len(p) >= MIN_PART}
        self.german_parts = tuple(sorted(parts))
        self._memo: dict[str, str | None] = {}
        self._tally = tally
        """Called once per distinct word judged (the work this entry costs)."""

    def role(self, word: str) -> str | None:
        if word in self._memo:
            return self._memo[word]
        if self._tally is not None:
            self._tally()
        found = self._judge(word)
        self._memo[word] = found
        return found

    def _judge(self, word: str) -> str | None:
        if word in FUNCTION_WORDS or len(word) < 2:
            return None
        best, best_score = None, 0.0
        for target_word in self.target_words:
            if word == target_word:
                return target_word
            score = similarity(word, target_word) if len(word) >= 3 else 0.0
            if score >= TARGET_SIMILARITY and score > best_score:
                best, best_score = target_word, score
        if best is not None:
            return best
        if any(derived_adjective(word, t) for t in self.target_words):
            return DERIVED_ROLE
        if len(word) >= 3 and any(similarity(word, g) >= SOURCE_SIMILARITY for g in self.german):
            return SOURCE_ROLE
        if len(word) >= MIN_PART and any(word in g for g in self.german):
            return PART_ROLE
        if len(word) >= 3 and any(
            similarity(word, p) >= TARGET_SIMILARITY for p in self.german_parts
        ):
            return PART_ROLE
        return None


def surfaces_of(matches: tuple[TermMatch, ...] | list[TermMatch]) -> tuple[str, ...]:
    """The German surfaces of an entry's matches (declined forms: *Selenskyjs*)."""
    return tuple(dict.fromkeys(m.surface for m in matches))

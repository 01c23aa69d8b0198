"""Candidate translations that contain a term's target: span replacements and forced prefixes.

* :func:`replace_span` puts a target where the model's own rendering was, keeping the words
  around it: the article stays (``The Minister of Defense said`` → ``The defense minister
  said``; ``a``/``an`` follows the new first sound), and the target is capitalised only where
  a sentence starts.
* :func:`prefixes` cuts the model's output at the word boundaries near the term's place in the
  source and appends the target; the model then continues each prefix, and the continuations
  are ranked by the model's score of the whole sentence. At most :data:`MAX_PREFIXES` per term
  and sentence, so the cost of a repair is bounded.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from translate.document import GlossaryEntry, TermMatch
from translate.enforce.words import WORD, Word
from translate.glossary import at_sentence_start

#: Word boundaries tried per term and sentence for a forced continuation.
MAX_PREFIXES = 6
_VOWEL_SOUND = tuple("aeiouAEIOU")


@dataclass(frozen=True)
class Candidate:
    """A translation with the target of one entry at ``start:end``."""

    text: str
    start: int
    end: int
    kind: str
    """``replace`` (the model's rendering replaced), ``attend`` (the span the alignment head links
    to the term replaced) or ``continue`` (forced prefix)."""
    allowance: int
    """Content words of the model's output this candidate may drop (the rendering's own)."""
    prior: int = 0
    """1 for the genitive reordering of a German compound (``head of the Pentagon`` for
    *Pentagon-Chef*, ``Minister of Defense``): ranked before the model's score (see
    :func:`~translate.enforce.renderings.genitive_of`)."""


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def variant_for(entry: GlossaryEntry, span_words: Sequence[str]) -> str:
    """The target alternative that shares most words with the replaced span (``ministers`` →
    the plural alternative), then agrees with its number (``fire services`` → ``fire
    departments``), the preferred one on ties."""
    span = set(span_words)
    plural = bool(span_words) and span_words[-1].endswith("s") and len(entry.targets) > 1

    def shared(alternative: str) -> int:
        return sum(m.group(0).casefold() in span for m in WORD.finditer(alternative))

    return max(
        entry.targets,
        key=lambda a: (shared(a), plural == a.endswith("s"), -entry.targets.index(a)),
    )


def _article_fixed(head: str, variant: str) -> str:
    """``head`` with a final ``a``/``an`` agreeing with the first sound of ``variant``."""
    stripped = head.rstrip()
    last = stripped.rsplit(None, 1)[-1] if stripped else ""
    if last.casefold() not in ("a", "an"):
        return head
    wanted = "an" if variant.startswith(_VOWEL_SOUND) else "a"
    if last.casefold() == wanted:
        return head
    fixed = wanted.capitalize() if last[0].isupper() else wanted
    return stripped[: len(stripped) - len(last)] + fixed + head[len(stripped) :]


def replace_spans(
    text: str,
    spans: Sequence[tuple[int, int]],
    entry: GlossaryEntry,
    alternative: str | None = None,
) -> tuple[str, list[tuple[int, int]]]:
    """``text`` with each of the non-overlapping ``spans`` replaced by the entry's target (the
    ``alternative`` given, else the one closest to what it replaces); the targets' new spans.
    One pass over the text."""
    pieces: list[str] = []
    placed: list[tuple[int, int]] = []
    cursor = length = 0
    for start, end in sorted(spans):
        old = text[start:end]
        variant = alternative or variant_for(
            entry, [m.group(0).casefold() for m in WORD.finditer(old)]
        )
        if at_sentence_start(text, start):
            variant = capitalise(variant)
        between = _article_fixed(text[cursor:start], variant)
        pieces += [between, variant]
        length += len(between)
        placed.append((length, length + len(variant)))
        length += len(variant)
        cursor = end
    pieces.append(text[cursor:])
    return "".join(pieces), placed


def prefixes(
    source: str,
    text: str,
    ws: Sequence[Word],
    match: TermMatch,
    blocked: Sequence[bool],
) -> list[tuple[str, int, int]]:
    """Forced prefixes ``(prefix, target start, target end)``: the model's output up to a word
    boundary near the term's relative place in the source, then the preferred target."""
    variant = match.entry.preferred
    if not ws:
        return [(capitalise(variant), 0, len(variant))]
    expected = round(match.start / max(1, len(source)) * len(ws))
    boundaries = [i for i in range(len(ws) + 1) if i == len(ws) or not blocked[i]]
    boundaries = [i for i in boundaries if i == 0 or not blocked[i - 1] or i == len(ws)]
    boundaries.sort(key=lambda i: (abs(i - expected), i))
    out = []
    for i in sorted(boundaries[:MAX_PREFIXES]):
        head = text[: ws[i].start].rstrip() if i < len(ws) else text.rstrip()
        if i == len(ws):
            head = head.rstrip(".!?\u2026")
        starts = not head or at_sentence_start(head + " x", len(head) + 1)
        word = capitalise(variant) if starts else variant
        head = _article_fixed(head, word)
        lead = f"{head} " if head else ""
        out.append((lead + word, len(lead), len(lead) + len(word)))
    return out

"""Enforcement locates the model's rendering of a term from the alignment head's word links where
no word of it is spelled like the term (issue 11, "What must hold" 1): *Alternative for Germany*
for *AfD* is replaced in place, the article kept, instead of a forced continuation or a flag."""

from __future__ import annotations

import re
from collections.abc import Sequence

import pytest

from translate.backends.base import Attended, DecodeSettings
from translate.document import GlossaryEntry, TermMatch, WordLink
from translate.enforce import EnforceJob, Enforcer
from translate.enforce.attention import attended_span, resolve_links
from translate.enforce.words import words
from translate.glossary import Glossary, TermMatcher

AFD = GlossaryEntry("AfD", ("AfD",), type="organisation")
GLOSSARY = Glossary(entries=(AFD,), files=(), sha256="")
SOURCE = "Die AfD gewann die Wahl in Sachsen."
OUTPUT = "The Alternative for Germany won the election in Saxony."
#: source word → target words, as the alignment head links them
ALIGNED = {
    "Die": ["The"],
    "AfD": ["Alternative", "for", "Germany"],
    "gewann": ["won"],
    "die": ["the"],
    "Wahl": ["election"],
    "in": ["in"],
    "Sachsen": ["Saxony"],
}


def _links(source: str, output: str, aligned: dict[str, list[str]]) -> tuple[WordLink, ...]:
    links = []
    for german, english in aligned.items():
        s = _at(source, german)
        for word in english:
            t = _at(output, word)
            links.append((s, s + len(german), t, t + len(word)))
    return tuple(links)


def _at(text: str, word: str) -> int:
    found = re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text)
    assert found is not None
    return found.start()


def _job(links: tuple[WordLink, ...]) -> EnforceJob:
    (match,) = TermMatcher(GLOSSARY).find(SOURCE)
    return EnforceJob(SOURCE, OUTPUT, (match,), links=links)


class _Continuing:
    """A backend whose forced continuations stop right after the prefix (they would lose the
    model's words, so the checks reject them); it is never asked to score here."""

    def translate_with_prefixes(self, texts, prefixes, settings):
        return [f"{p}." for p in prefixes]

    def score(self, sources, targets):
        raise AssertionError("one candidate needs no score")


def test_the_span_the_head_links_to_the_term_is_replaced() -> None:
    enforcer = Enforcer(_Continuing(), DecodeSettings(beam=1), (AFD,))  # type: ignore[arg-type]
    (done,) = enforcer.apply_many([_job(_links(SOURCE, OUTPUT, ALIGNED))])
    assert done.text == "The AfD won the election in Saxony."
    assert done.flags == ()
    assert enforcer.work.attended == 1 and enforcer.work.continued == 0


def test_without_links_the_same_sentence_falls_back_and_is_flagged() -> None:
    enforcer = Enforcer(_Continuing(), DecodeSettings(beam=1), (AFD,))  # type: ignore[arg-type]
    (done,) = enforcer.apply_many([_job(())])
    assert "AfD" in done.text and done.flags == ("term-placement",)
    assert enforcer.work.attended == 0 and enforcer.work.continued == 1


def _span(aligned: dict[str, list[str]], output: str = OUTPUT) -> str | None:
    ws = words(output)
    (match,) = TermMatcher(GLOSSARY).find(SOURCE)
    found = attended_span(
        output,
        ws,
        resolve_links(ws, _links(SOURCE, output, aligned)),
        (match.start, match.end),
        [False] * len(ws),
        1,
    )
    return None if found is None else output[ws[found[0]].start : ws[found[1]].end]


def test_the_article_linked_with_the_term_stays_outside_the_span() -> None:
    assert _span({**ALIGNED, "AfD": ["The", "Alternative", "for", "Germany"]}) == (
        "Alternative for Germany"
    )


def test_no_span_over_a_word_linked_elsewhere_or_over_punctuation() -> None:
    # "won" inside the linked words but linked to "gewann": not one phrase
    assert _span({**ALIGNED, "AfD": ["Alternative", "election"]}) is None
    # a comma between the linked words
    output = "The Alternative, Germany won the election in Saxony."
    aligned = {**ALIGNED, "AfD": ["Alternative", "Germany"]}
    assert _span(aligned, output) is None
    # far longer than the target
    output = "The Alternative for the new and old Germany won the election in Saxony."
    assert _span(aligned, output) is None


class _AttendingModel:
    """An engine that returns the alignment head's attention of its decode (one piece per
    word): the pipeline turns it into word links and hands them to enforcement."""

    engine = "scripted"
    precision = "fp32"
    model_id = "scripted"
    model_revision = "0"
    default_beam = 1
    max_input_tokens = 512

    def count_source_tokens(self, texts: Sequence[str]) -> list[int]:
        return [len(t.split()) + 1 for t in texts]

    def translate(self, texts, settings):
        return [OUTPUT for _ in texts]

    def translate_attended(self, texts, settings):
        source_pieces = [f"\u2581{w}" for w in SOURCE.split()] + ["</s>"]
        target_pieces = [f"\u2581{w}" for w in OUTPUT.split()] + ["</s>"]
        links = _links(SOURCE, OUTPUT, ALIGNED)
        starts = [m.start() for m in re.finditer(r"\S+", SOURCE)]
        rows = []
        for token in re.finditer(r"\S+", OUTPUT):
            row = [0.0] * len(source_pieces)
            linked = [s for s, _, t, _ in links if t == token.start()]
            row[starts.index(linked[0]) if linked else -1] = 1.0
            rows.append(row)
        rows.append([0.0] * (len(source_pieces) - 1) + [1.0])  # </s>
        return [Attended(OUTPUT, source_pieces, target_pieces, rows) for _ in texts]

    def translate_with_prefix(self, text, target_prefix, settings):
        return f"{target_prefix}."

    def translate_with_prefixes(self, texts, prefixes, settings):
        return [f"{p}." for p in prefixes]

    def score(self, sources, targets):
        raise AssertionError("one candidate needs no score")


@pytest.mark.parametrize("word_alignment", [True, False])
def test_the_pipeline_hands_the_heads_links_to_enforcement(word_alignment: bool) -> None:
    from translate.pipeline import Translator

    translator = Translator(
        _AttendingModel(),  # type: ignore[arg-type]
        GLOSSARY,
        DecodeSettings(beam=1),
        word_alignment=word_alignment,
    )
    (rendering,) = translator.translate_texts([SOURCE])
    if word_alignment:
        assert rendering.target == "The AfD won the election in Saxony."
        assert "term-placement" not in rendering.flags
    else:
        assert "term-placement" in rendering.flags


def test_a_term_match_outside_the_links_finds_nothing() -> None:
    ws = words(OUTPUT)
    match = TermMatch(0, 3, "Die", AFD)
    links = resolve_links(ws, _links(SOURCE, OUTPUT, {"AfD": ALIGNED["AfD"]}))
    assert attended_span(OUTPUT, ws, links, (match.start, match.end), [False] * len(ws), 1) is None

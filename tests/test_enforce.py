"""Glossary enforcement: every matched term's target is in the translation, with any checkpoint,
greedy or beam; nothing changes where nothing is needed; on a trained model, exactly the model's
own rendering of a term is replaced."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT, SAMPLE_ARTICLE, parallel_pairs

from translate.backends.base import DecodeSettings
from translate.enforce import foreign_targets
from translate.engines import load_backend
from translate.glossary import Glossary, TermMatcher, find_all_targets, find_target, load_glossary
from translate.pipeline import Translator
from translate.segment import segment_text

SHIPPED = ROOT / "glossaries" / "news-de-en.tsv"

EXTRA_SENTENCES = [
    "Der Verteidigungsminister sprach mit Austin.",
    "Schoigu und Beloussow trafen sich in Moskau, während Kiew schwieg.",
    "Die Sprecherin des Pentagon-Chefs äußerte sich nicht zu den Angriffen auf Charkiw.",
    "Ein Satz ohne jeden Glossarbegriff.",
    "Die Lage ist ernst.",
    "Die Gespräche waren geheim, und es gab keine Hinweise.",
    "Der ehemalige US-Verteidigungsminister und Bundesverteidigungsminister trafen Selenskyj.",
]


def _sample_sentences() -> list[str]:
    """Sentences of the sample article's first paragraphs (names, ranks, places) and a few more."""
    text = SAMPLE_ARTICLE.read_text(encoding="utf-8")
    paragraphs = segment_text(text)
    return [s.text for p in paragraphs[:3] for s in p.segments] + EXTRA_SENTENCES


@pytest.fixture(scope="module")
def shipped() -> Glossary:
    return load_glossary(SHIPPED)


@pytest.mark.parametrize("model_fixture", ["tiny_model", "tiny_model_b"])
@pytest.mark.parametrize("beam", [1, 4])
def test_every_matched_term_is_present_on_random_checkpoints(
    request: pytest.FixtureRequest, model_fixture: str, beam: int, shipped: Glossary
) -> None:
    backend = load_backend(str(request.getfixturevalue(model_fixture)))
    translator = Translator(backend, shipped, DecodeSettings(beam=beam))
    sentences = _sample_sentences()
    renderings = translator.translate_texts(sentences)
    plain = Translator(backend, None, DecodeSettings(beam=beam)).translate_texts(sentences)
    matcher = TermMatcher(shipped)
    total = 0
    for source, rendering, unaided in zip(sentences, renderings, plain, strict=True):
        matches = matcher.find(source)
        assert len(rendering.terms) == len(matches)
        for term in rendering.terms:
            total += 1
            assert term.status in {"model", "enforced"}
            assert find_target(rendering.target, term.match.entry) is not None, (source, rendering)
        # no target term appears because of the glossary unless its source matched (a random
        # model may write a glossary word by chance: compare with the run without glossary)
        matched = {m.entry for m in matches}
        before = {h.target for h in find_all_targets(unaided.target, shipped.entries)}
        spurious = foreign_targets(rendering.target, shipped.entries, matched) - before
        assert not spurious, (source, rendering.target, spurious)
    assert total >= 20


def test_sentences_without_matches_are_byte_identical_to_a_run_without_glossary(
    tiny_model: Path, shipped: Glossary
) -> None:
    backend = load_backend(str(tiny_model))
    sentences = _sample_sentences()
    plain = Translator(backend, None, DecodeSettings(beam=2)).translate_texts(sentences)
    with_glossary = Translator(backend, shipped, DecodeSettings(beam=2)).translate_texts(sentences)
    matcher = TermMatcher(shipped)
    unmatched = 0
    for source, a, b in zip(sentences, plain, with_glossary, strict=True):
        if not matcher.find(source):
            unmatched += 1
            assert a.target == b.target
    assert unmatched >= 3


@pytest.fixture(scope="module")
def trained_backend(trained_model: Path):
    return load_backend(str(trained_model))


@pytest.fixture(scope="module")
def trained_glossary(tmp_path_factory: pytest.TempPathFactory) -> Glossary:
    path = tmp_path_factory.mktemp("gl") / "g.tsv"
    path.write_text(
        "source\ttarget\ttype\n"
        "Kiew\tKyiv\tplace\n"
        "Schoigu\tShoigu\tperson\n"
        "Beloussow\tBelousov\tperson\n"
        "Verteidigungsminister\tdefense minister|defense ministers\trank\n"
        "Washington\tWashington\tplace\n"
        "Moskau\tMoscow\tplace\n"
        "Pentagon-Chef\tPentagon chief\trank\n"
        "Selenskyj\tZelensky\tperson\n",
        encoding="utf-8",
    )
    return load_glossary(path)


def test_trained_model_reproduces_its_references(trained_backend) -> None:
    pairs = parallel_pairs()
    out = trained_backend.translate([s for s, _ in pairs], DecodeSettings(beam=4))
    assert out == [t for _, t in pairs]


@pytest.mark.parametrize("beam", [1, 4])
@pytest.mark.parametrize(
    ("source", "unaided", "expected"),
    [
        (
            "Der Minister besuchte Kiew am Montag.",
            "The minister visited Kiev on Monday.",
            "The minister visited Kyiv on Monday.",
        ),
        (
            "Die Regierung in Kiew schweigt.",
            "The government in Kiev is silent.",
            "The government in Kyiv is silent.",
        ),
        (
            "Schoigu sprach mit dem Präsidenten.",
            "Schoigu spoke with the president.",
            "Shoigu spoke with the president.",
        ),
        (
            "Beloussow ist der neue Minister.",
            "Beloussow is the new minister.",
            "Belousov is the new minister.",
        ),
        (
            "Der Verteidigungsminister sprach mit Austin.",
            "The defence minister spoke with Austin.",
            "The defense minister spoke with Austin.",
        ),
    ],
)
def test_enforcement_replaces_exactly_the_models_rendering(
    trained_backend, trained_glossary: Glossary, beam: int, source: str, unaided: str, expected: str
) -> None:
    settings = DecodeSettings(beam=beam)
    assert trained_backend.translate([source], settings) == [unaided]
    (rendering,) = Translator(trained_backend, trained_glossary, settings).translate_texts([source])
    assert rendering.target == expected
    assert [t.status for t in rendering.terms] == ["enforced"]


@pytest.mark.parametrize(
    "source",
    ["Washington reagierte sofort.", "Moskau bestreitet den Bericht.", "Die Lage ist ernst."],
)
def test_enforcement_changes_nothing_where_the_model_agrees(
    trained_backend, trained_glossary: Glossary, source: str
) -> None:
    settings = DecodeSettings(beam=4)
    (unaided,) = trained_backend.translate([source], settings)
    (rendering,) = Translator(trained_backend, trained_glossary, settings).translate_texts([source])
    assert rendering.target == unaided
    assert all(t.status == "model" for t in rendering.terms)


class _Scripted:
    """A backend whose model output is fixed, and whose continuation keeps the forced prefix
    and ends with ``ending``; scoring is the real model's."""

    def __init__(self, backend, output: str, ending: str = " met.") -> None:
        self._backend = backend
        self.output = output
        self.ending = ending

    def __getattr__(self, name):
        return getattr(self._backend, name)

    def translate(self, texts, settings):
        return [self.output for _ in texts]

    def translate_with_prefix(self, text, target_prefix, settings):
        return f"{target_prefix}{self.ending}"

    def translate_with_prefixes(self, texts, prefixes, settings):
        return [f"{p}{self.ending}" for p in prefixes]


def test_a_target_inside_another_terms_target_does_not_count(tiny_backend, shipped) -> None:
    """ "den Minister" is not rendered by the "minister" of "defense minister"."""
    source = "Der Verteidigungsminister traf den Minister."
    backend = _Scripted(tiny_backend, "The defense minister met.")
    (rendering,) = Translator(backend, shipped, DecodeSettings(beam=1)).translate_texts([source])
    spans = [(t.target_start, t.target_end) for t in rendering.terms]
    assert len(spans) == 2 and all(s is not None for s, _ in spans)
    (a_start, a_end), (b_start, b_end) = sorted(spans)  # type: ignore[type-var]
    assert a_end <= b_start  # two occurrences, neither inside the other
    statuses = {t.match.surface: t.status for t in rendering.terms}
    assert statuses == {"Verteidigungsminister": "model", "Minister": "enforced"}
    for term in rendering.terms:
        assert rendering.target[term.target_start : term.target_end].casefold() == term.target


# -- the model's own wording: reordered and multi-word renderings (issue 11) ------------------

REORDERED = [
    # a reordered multi-word rendering, the article before it kept, the term in the middle
    (
        "Der Verteidigungsminister sagte am Montag, die Truppen bleiben.",
        "The Minister of Defense said on Monday that the troops remain.",
        "The defense minister said on Monday that the troops remain.",
    ),
    (
        "Am Montag traf der Verteidigungsminister die Soldaten.",
        "On Monday the Minister of Defense met the soldiers.",
        "On Monday the defense minister met the soldiers.",
    ),
    # at the sentence start without an article: capitalised there, the name after it kept
    (
        "Verteidigungsminister Schoigu besuchte die Truppen.",
        "Minister of Defense Shoigu visited the troops.",
        "Defense minister Shoigu visited the troops.",
    ),
    # a name re-spelled inside a longer phrase
    (
        "Ein Berater von Selenskyj sprach von Fortschritten.",
        "An adviser to Selensky spoke of progress.",
        "An adviser to Zelensky spoke of progress.",
    ),
    # a paraphrase around one shared word: the model's score picks the span to replace
    (
        "Der Pentagon-Chef sagte am Dienstag, die Hilfe geht weiter.",
        "The head of the Pentagon said on Tuesday that the aid continues.",
        "The Pentagon chief said on Tuesday that the aid continues.",
    ),
]


@pytest.fixture(scope="module", params=["ctranslate2", "transformers"])
def trained_engine(request: pytest.FixtureRequest, reordering_model: Path):
    return load_backend(str(reordering_model), engine=request.param)


@pytest.mark.parametrize("beam", [1, 4])
@pytest.mark.parametrize(("source", "unaided", "expected"), REORDERED)
def test_the_models_own_rendering_is_replaced_cleanly(
    trained_engine, trained_glossary: Glossary, beam: int, source: str, unaided: str, expected: str
) -> None:
    settings = DecodeSettings(beam=beam)
    assert trained_engine.translate([source], settings) == [unaided]
    (rendering,) = Translator(trained_engine, trained_glossary, settings).translate_texts([source])
    assert rendering.target == expected
    assert "term-placement" not in rendering.flags
    for term in rendering.terms:
        assert rendering.target[term.target_start : term.target_end] in (
            term.target,
            term.target[:1].upper() + term.target[1:],
        )


def test_no_clean_placement_keeps_the_term_and_flags_the_sentence(
    trained_backend, trained_glossary: Glossary
) -> None:
    """Every forced continuation ends right after the term (it would lose "visited the
    troops on Monday"), and the model wrote nothing like the term: the term is inserted where
    it sits in the source, the model's words are all kept, and the sentence is flagged."""
    source = "Der Kanzler besuchte Kiew am Montag."
    output = "The chancellor visited the troops on Monday."
    backend = _Scripted(trained_backend, output, ending=".")
    (rendering,) = Translator(backend, trained_glossary, DecodeSettings(beam=1)).translate_texts(
        [source]
    )
    assert "term-placement" in rendering.flags
    assert [t.status for t in rendering.terms] == ["enforced"]
    assert find_target(rendering.target, rendering.terms[0].match.entry) is not None
    for word in ("chancellor", "visited", "troops", "Monday"):
        assert word in rendering.target


def test_a_continuation_that_drops_the_models_words_is_rejected(tiny_backend, shipped) -> None:
    """The forced continuation stops after the term; the sentence must not lose the rest."""
    source = "Die Armee griff am Montag Charkiw und Cherson an, sagte der Sprecher."
    output = "The army attacked on Monday and said the spokesman."
    backend = _Scripted(tiny_backend, output, ending=".")
    (rendering,) = Translator(backend, shipped, DecodeSettings(beam=1)).translate_texts([source])
    for word in ("army", "attacked", "Monday", "spokesman"):
        assert word in rendering.target
    assert "term-placement" in rendering.flags

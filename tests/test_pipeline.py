"""The pipeline: splitting over-long input, packing, flags and safer re-decoding, memory."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import corpus

from translate.backends.base import DecodeSettings
from translate.engines import load_backend
from translate.pipeline import Translator
from translate.quality import quality_flags, repeated_ngrams
from translate.reader import read_article
from translate.segment import segment_text


@pytest.fixture(scope="module")
def short_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny checkpoint that accepts only 48 input tokens, to exercise splitting."""
    from translate.devtools.tiny_marian import TINY_ARCHITECTURE, TinyMarianSpec, build_tiny_marian

    german, english = corpus()
    spec = TinyMarianSpec(architecture=TINY_ARCHITECTURE, max_position_embeddings=48)
    return build_tiny_marian(tmp_path_factory.mktemp("short"), german, english, spec)


class Recording:
    """Wraps a backend and records what the model was asked to translate."""

    def __init__(self, backend) -> None:
        self._backend = backend
        self.inputs: list[str] = []
        self.first_pass: list[str] = []  # inputs decoded with the run's own settings

    def __getattr__(self, name):
        return getattr(self._backend, name)

    def translate(self, texts, settings):
        self.inputs.extend(texts)
        if settings.no_repeat_ngram_size == 0:
            self.first_pass.extend(texts)
        return self._backend.translate(texts, settings)

    def translate_attended(self, texts, settings):
        self.inputs.extend(texts)
        if settings.no_repeat_ngram_size == 0:
            self.first_pass.extend(texts)
        return self._backend.translate_attended(texts, settings)


def test_paragraph_longer_than_the_input_limit_is_split_never_truncated(short_model: Path) -> None:
    backend = Recording(load_backend(str(short_model)))
    words = "der Minister und die Regierung sprechen über die Lage in der Stadt".split()
    long_text = " ".join(words[i % len(words)] for i in range(120))  # no sentence punctuation
    assert backend.count_source_tokens([long_text])[0] > backend.max_input_tokens
    (rendering,) = Translator(backend, None, DecodeSettings(beam=1)).translate_texts([long_text])
    parts = backend.first_pass
    assert len(parts) > 1
    assert all(backend.count_source_tokens([p])[0] <= backend.max_input_tokens for p in parts)
    # every word of the source went to the model once (batches are length-sorted, so compare
    # as multisets)
    assert sorted(" ".join(parts).split()) == sorted(long_text.split())
    assert rendering.target
    # word links of every part, moved to the whole source and the joined target
    assert rendering.alignment
    for ss, se, ts, te in rendering.alignment:
        assert long_text[ss:se] in words and rendering.target[ts:te].strip()
    assert max(link[0] for link in rendering.alignment) > len(long_text) // 2


def test_output_length_is_bounded_per_sentence(tiny_backend) -> None:
    settings = DecodeSettings(beam=2)
    short, long = "Kiew schweigt.", "Die Regierung in Kiew schweigt und die Armee meldet Angriffe."
    for text in (short, long):
        alone = tiny_backend.translate([text], settings)[0]
        together = tiny_backend.translate([short, long], settings)[[short, long].index(text)]
        assert alone == together  # a sentence is translated the same in any batch
        limit = settings.max_new_tokens(tiny_backend.count_source_tokens([text])[0])
        # every generated piece adds at most one word: the word count is bounded by the limit
        assert 0 < len(alone.split()) <= limit


def test_repeated_ngrams_are_flagged() -> None:
    assert repeated_ngrams("no, no, no, no, no, no")
    assert repeated_ngrams("the the the the")
    assert not repeated_ngrams("The minister spoke with the president on Monday.")
    assert quality_flags("Das ist ein ganz normaler Satz.", "This is a normal sentence.") == ()
    assert "length-ratio" in quality_flags("Das ist ein ganz normaler Satz.", "Yes.")
    assert "copy-of-source" in quality_flags(
        "Ein Satz, der gleich bleibt.", "Ein Satz, der gleich bleibt."
    )


def test_flagged_output_is_redecoded_once_with_safer_settings(tiny_backend) -> None:
    calls: list[DecodeSettings] = []

    class Spy(Recording):
        def translate(self, texts, settings):
            calls.append(settings)
            return self._backend.translate(texts, settings)

        def translate_attended(self, texts, settings):
            calls.append(settings)
            return self._backend.translate_attended(texts, settings)

    translator = Translator(Spy(tiny_backend), None, DecodeSettings(beam=1))
    (rendering,) = translator.translate_texts(["Die Lage ist ernst und die Gefahr ist groß."])
    # an untrained model repeats itself: the first decode is flagged and re-decoded once
    assert [c.no_repeat_ngram_size for c in calls] == [0, 3]
    assert set(rendering.flags) <= {"repeated-ngrams", "length-ratio", "copy-of-source"}


def test_duplicates_are_translated_once_and_memory_is_reused(tiny_backend, tmp_path: Path) -> None:
    from translate.memory import TranslationMemory

    backend = Recording(tiny_backend)
    memory = TranslationMemory(tmp_path)
    texts = ["Kiew schweigt.", "Die Lage ist ernst.", "Kiew schweigt."]
    first = Translator(backend, None, DecodeSettings(beam=1), memory=memory).translate_texts(texts)
    assert backend.first_pass.count("Kiew schweigt.") == 1  # (a flagged one is re-decoded once)
    asked = len(backend.inputs)
    second = Translator(backend, None, DecodeSettings(beam=1), memory=memory).translate_texts(texts)
    assert len(backend.inputs) == asked  # nothing translated again
    assert second == first
    # other decoding settings are another context: translated afresh
    Translator(backend, None, DecodeSettings(beam=2), memory=memory).translate_texts(texts)
    assert len(backend.inputs) > asked


def test_ten_megabyte_article_is_read_and_segmented(tmp_path: Path) -> None:
    paragraph = (
        "Der Verteidigungsminister sprach am 12. Juli mit Austin. Die Lage in Kiew ist ernst, "
        "sagte er. Die Zeitung berichtet weiter über das Treffen.\n\n"
    )
    path = tmp_path / "huge.txt"
    path.write_text("Titel\n\n" + paragraph * (10_000_000 // len(paragraph)), encoding="utf-8")
    assert path.stat().st_size >= 9_900_000
    article = read_article(path)
    paragraphs = segment_text(article.text)
    assert len(paragraphs) > 60_000
    assert sum(len(p.segments) for p in paragraphs) == 1 + 3 * (len(paragraphs) - 1)

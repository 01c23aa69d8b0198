"""Every engine behaves the same on tiny checkpoints: same segments in, same number out, the
per-sentence output bound, word-boundary prefixes, the glossary guarantee; the CTranslate2
conversion is cached; the fast path imports neither torch nor transformers."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import ROOT, corpus, parallel_pairs

from translate.backends.base import DecodeSettings
from translate.backends.convert import converted_model
from translate.backends.shortlist import build_shortlist, read_shortlist, write_shortlist
from translate.engines import ENGINES, load_backend
from translate.glossary import Glossary, TermMatcher, find_target, load_glossary
from translate.model_files import resolve_model
from translate.pipeline import Translator

SHIPPED = ROOT / "glossaries" / "news-de-en.tsv"
GLOSSARY_SENTENCES = [
    "Der Minister besuchte Kiew am Montag.",
    "Schoigu und Beloussow trafen sich in Moskau, während Kiew schwieg.",
    "Der Verteidigungsminister sprach mit Austin.",
    "Ein Satz ohne jeden Glossarbegriff.",
]


@pytest.fixture(scope="module")
def engines(tiny_model: Path) -> dict[str, object]:
    """Each engine at full precision on the same tiny checkpoint."""
    return {
        "transformers": load_backend(str(tiny_model), engine="transformers", precision="fp32"),
        "ctranslate2": load_backend(str(tiny_model), engine="ctranslate2", precision="fp32"),
    }


@pytest.fixture(scope="module")
def shipped() -> Glossary:
    return load_glossary(SHIPPED)


def _sources() -> list[str]:
    return [source for source, _ in parallel_pairs()][:10]


def test_every_engine_is_registered() -> None:
    assert set(ENGINES) >= {"transformers", "ctranslate2"}


@pytest.mark.parametrize("beam", [1, 4])
def test_engines_translate_the_same_segments(engines: dict, beam: int) -> None:
    sources = _sources()
    settings = DecodeSettings(beam=beam)
    outputs = {name: backend.translate(sources, settings) for name, backend in engines.items()}
    for output in outputs.values():
        assert len(output) == len(sources)
        assert all(isinstance(text, str) and text for text in output)
    assert engines["transformers"].count_source_tokens(sources) == engines[
        "ctranslate2"
    ].count_source_tokens(sources)
    if beam == 1:  # same tokenisation, same weights, same greedy path: the same words
        assert outputs["transformers"] == outputs["ctranslate2"]


def test_int8_is_the_default_precision(tiny_model: Path) -> None:
    backend = load_backend(str(tiny_model), engine="ctranslate2")
    assert backend.engine == "ctranslate2" and backend.precision == "int8"
    assert backend.default_beam == 4 and backend.max_input_tokens == 512
    assert len(backend.translate(_sources(), DecodeSettings(beam=1))) == len(_sources())


@pytest.mark.parametrize("beam", [1, 3])
def test_output_bound_is_per_sentence(engines: dict, beam: int) -> None:
    """A short sentence batched with a long one is bounded by its own length, as when alone."""
    backend = engines["ctranslate2"]
    settings = DecodeSettings(beam=beam, max_length_ratio=1.0, max_length_offset=2)
    short, long = "Kiew schweigt.", " ".join(_sources()[:4])
    sources = [backend.source_tokens(short), backend.source_tokens(long)]
    limits = [settings.max_new_tokens(len(s)) for s in sources]
    together = backend.decode_tokens(sources, limits, settings)
    assert [len(out) <= limit for out, limit in zip(together, limits, strict=True)] == [True, True]
    alone = backend.decode_tokens(sources[:1], limits[:1], settings)
    assert together[0] == alone[0]
    # and the text equals the transformers engine's, which bounds each row in generate
    if beam == 1:
        reference = engines["transformers"].translate([short, long], settings)
        assert backend.translate([short, long], settings) == reference


def test_long_input_is_not_truncated(engines: dict) -> None:
    backend = engines["ctranslate2"]
    text = " ".join(_sources() * 4)
    (n,) = backend.count_source_tokens([text])
    assert n > 100
    settings = DecodeSettings(beam=1, max_length_ratio=1.0, max_length_offset=0)
    (out,) = backend.decode_tokens([backend.source_tokens(text)], [n], settings)
    assert len(out) == n  # a random model never stops early: the bound is the input's length


@pytest.mark.parametrize("engine", ["transformers", "ctranslate2"])
@pytest.mark.parametrize("beam", [1, 4])
def test_prefix_is_kept_and_next_piece_starts_a_word(engines: dict, engine: str, beam: int) -> None:
    backend = engines[engine]
    settings = DecodeSettings(beam=beam)
    for prefix in ("The defense minister", "Kyiv", "In Kyiv, Shoigu"):
        result = backend.translate_with_prefix(_sources()[0], prefix, settings)
        assert result.startswith(prefix)
        rest = result[len(prefix) :]
        assert not rest[:1].isalnum(), (prefix, result)


def test_prefix_translation_matches_between_engines_greedy(engines: dict) -> None:
    settings = DecodeSettings(beam=1)
    for prefix in ("The defense minister", "Kyiv"):
        outputs = {
            name: backend.translate_with_prefix(_sources()[1], prefix, settings)
            for name, backend in engines.items()
        }
        assert outputs["transformers"] == outputs["ctranslate2"]


def test_conversion_is_cached_and_keyed_by_revision(tiny_model: Path, tmp_path: Path) -> None:
    files = resolve_model(str(tiny_model))
    messages: list[str] = []
    first = converted_model(files, "int8", cache_dir=tmp_path, status=messages.append)
    assert len(messages) == 2 and "converting" in messages[0]
    again = converted_model(files, "int8", cache_dir=tmp_path, status=messages.append)
    assert again == first and len(messages) == 2  # no second conversion
    other = converted_model(
        replace(files, revision="local:0123456789abcdef"),
        "int8",
        cache_dir=tmp_path,
        status=messages.append,
    )
    assert other != first and len(messages) == 4
    fp32 = converted_model(files, "fp32", cache_dir=tmp_path, status=messages.append)
    assert fp32 not in {first, other}
    leftovers = [p for p in tmp_path.rglob(".converting-*")]
    assert leftovers == []


def test_backend_reuses_the_cache(tiny_model: Path, tmp_path: Path) -> None:
    messages: list[str] = []
    for _ in range(2):
        load_backend(
            str(tiny_model), engine="ctranslate2", cache_dir=tmp_path, status=messages.append
        )
    assert sum("converting" in m for m in messages) == 1


@pytest.mark.parametrize("beam", [1, 4])
@pytest.mark.parametrize("engine", ["transformers", "ctranslate2"])
def test_glossary_guarantee_on_every_engine(
    engines: dict, shipped: Glossary, engine: str, beam: int
) -> None:
    translator = Translator(engines[engine], shipped, DecodeSettings(beam=beam))
    renderings = translator.translate_texts(GLOSSARY_SENTENCES)
    matcher = TermMatcher(shipped)
    checked = 0
    for source, rendering in zip(GLOSSARY_SENTENCES, renderings, strict=True):
        matches = matcher.find(source)
        assert len(rendering.terms) == len(matches)
        for term in rendering.terms:
            checked += 1
            assert term.status in {"model", "enforced"}
            assert find_target(rendering.target, term.match.entry) is not None
    assert checked >= 4


@pytest.fixture(scope="module")
def shortlist_file(engines: dict, tmp_path_factory: pytest.TempPathFactory) -> Path:
    backend = engines["ctranslate2"]
    german, _ = corpus()
    pieces = build_shortlist(backend, backend.vocab, german[:20], size=30)
    path = tmp_path_factory.mktemp("shortlist") / "tiny.shortlist.txt"
    return write_shortlist(path, pieces, comment="test: 20 lines of the tiny corpus, size 30")


def test_shortlist_is_built_from_data(shortlist_file: Path, engines: dict) -> None:
    pieces = read_shortlist(shortlist_file)
    vocab = engines["ctranslate2"].vocab
    assert "</s>" in pieces and all(p in vocab.piece_to_id for p in pieces)
    assert len(pieces) < len(vocab.piece_to_id)


@pytest.mark.parametrize("beam", [1, 4])
def test_shortlist_restricts_output_and_keeps_glossary(
    tiny_model: Path, shortlist_file: Path, shipped: Glossary, beam: int
) -> None:
    targets = [t for entry in shipped.entries for t in entry.targets]
    backend = load_backend(
        str(tiny_model),
        engine="ctranslate2",
        precision="fp32",
        shortlist=shortlist_file,
        keep_targets=targets,
    )
    allowed = set(read_shortlist(shortlist_file))
    for target in targets:  # every glossary target piece is in the shortlist the engine uses
        allowed.update(backend.vocab.target_pieces(target))
        allowed.update(backend.vocab.target_pieces(target[:1].upper() + target[1:]))
        allowed.update(backend.vocab.target_pieces("x " + target))
    settings = DecodeSettings(beam=beam)
    sources = [backend.source_tokens(s) for s in _sources()]
    outputs = backend.decode_tokens(sources, [20] * len(sources), settings)
    assert all(piece in allowed for out in outputs for piece in out)
    translator = Translator(backend, shipped, settings)
    matcher = TermMatcher(shipped)
    for source, rendering in zip(
        GLOSSARY_SENTENCES, translator.translate_texts(GLOSSARY_SENTENCES), strict=True
    ):
        for term in rendering.terms:
            assert find_target(rendering.target, term.match.entry) is not None
        assert len(rendering.terms) == len(matcher.find(source))


def test_fast_path_imports_neither_torch_nor_transformers(tiny_model: Path) -> None:
    load_backend(str(tiny_model), engine="ctranslate2")  # make sure the conversion is cached
    code = (
        "import sys\n"
        "from translate.engines import load_backend\n"
        "from translate.backends.base import DecodeSettings\n"
        f"b = load_backend({str(tiny_model)!r}, engine='ctranslate2')\n"
        "print(b.translate(['Kiew schweigt.'], DecodeSettings(beam=2)))\n"
        "heavy = [m for m in ('torch', 'transformers') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr

"""Word alignment from the engines' own decode: the alignment head each engine returns, and the
links the pipeline puts on every pair (valid spans, glossary terms by their spans, JSONL)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import ROOT, corpus, parallel_pairs

from translate.backends.base import AttentionBackend, DecodeSettings
from translate.engines import load_backend
from translate.glossary import load_glossary
from translate.pipeline import Translator, translate_document
from translate.reader import ArticleText
from translate.writers.jsonl import pair_record

ENGINES = ("transformers", "ctranslate2")
SHIPPED = ROOT / "glossaries" / "news-de-en.tsv"
ARTICLE = (
    "Der Verteidigungsminister besuchte Kiew am Montag.\n\n"
    "Schoigu und Beloussow trafen sich in Moskau, während Kiew schwieg. "
    "Der Minister sprach am 12. Juli mit Austin über 3,5 Millionen Euro."
)


@pytest.fixture(scope="module")
def deep_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Random weights with two decoder layers of four heads: the last layer's head 0 is then
    one of eight candidates, so a test can tell it apart."""
    from translate.devtools.tiny_marian import TinyMarianSpec, build_tiny_marian

    german, english = corpus()
    spec = TinyMarianSpec(
        architecture={
            "d_model": 32,
            "encoder_layers": 1,
            "decoder_layers": 2,
            "encoder_attention_heads": 4,
            "decoder_attention_heads": 4,
            "encoder_ffn_dim": 64,
            "decoder_ffn_dim": 64,
        },
        spm_vocab_size=300,
        seed=3,
    )
    return build_tiny_marian(tmp_path_factory.mktemp("deep-marian"), german, english, spec)


@pytest.fixture(scope="module")
def engines(deep_model: Path) -> dict[str, object]:
    return {name: load_backend(str(deep_model), engine=name, precision="fp32") for name in ENGINES}


def _sources() -> list[str]:
    return [s for s, _ in parallel_pairs()][:6]


def _teacher_forced(backend, source: str, target_ids: list[int]):
    """Every layer's and head's cross-attention of the transformers model on a given output."""
    import torch

    model = backend.model
    model.set_attn_implementation("eager")
    ids = torch.tensor([backend.vocab.encode_source(source)])
    start = model.config.decoder_start_token_id
    with torch.inference_mode():
        out = model(
            input_ids=ids,
            decoder_input_ids=torch.tensor([[start, *target_ids[:-1]]]),
            output_attentions=True,
        )
    return torch.stack(out.cross_attentions)[:, 0]  # (layer, head, target, source)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("beam", [1, 4])
def test_attended_decode_is_the_plain_decode(engines: dict, engine: str, beam: int) -> None:
    backend = engines[engine]
    assert isinstance(backend, AttentionBackend)
    settings = DecodeSettings(beam=beam, max_length_ratio=1.0, max_length_offset=3)
    attended = backend.translate_attended(_sources(), settings)
    assert [a.target for a in attended] == backend.translate(_sources(), settings)
    for source, out in zip(_sources(), attended, strict=True):
        assert out.source_pieces[-1] == "</s>"
        assert "".join(out.source_pieces[:-1]).replace("▁", " ").strip() == source
        words = [p for p in out.target_pieces if p != "</s>"]
        assert len(out.attention) >= len(words)
        for row in out.attention:
            assert len(row) == len(out.source_pieces)
            assert sum(row) == pytest.approx(1.0, abs=1e-4)


def test_ctranslate2_returns_the_last_layers_first_head(engines: dict) -> None:
    """The converted Marian model's alignment head (``alignment_layer=-1``,
    ``alignment_heads=1``) is the transformers model's last decoder layer, head 0."""
    import torch

    settings = DecodeSettings(beam=1, max_length_ratio=1.0, max_length_offset=3)
    fast, reference = engines["ctranslate2"], engines["transformers"]
    for source, out in zip(_sources(), fast.translate_attended(_sources(), settings), strict=True):
        ids = [reference.vocab.piece_to_id[p] for p in out.target_pieces]
        heads = _teacher_forced(reference, source, [*ids, reference.eos_id])
        got = torch.tensor(out.attention)
        assert torch.allclose(got, heads[-1, 0, : len(ids)], atol=1e-4)
        others = [
            heads[layer, head, : len(ids)]
            for layer in (0, 1)
            for head in range(4)
            if (layer, head) != (1, 0)
        ]
        assert not any(torch.allclose(got, other, atol=1e-3) for other in others)


@pytest.mark.parametrize("beam", [1, 4])
def test_transformers_follows_the_winning_beam(engines: dict, beam: int) -> None:
    """The attention rows are those of the output's own beam at every step: the same as a
    teacher-forced pass over that output."""
    import torch

    backend = engines["transformers"]
    settings = DecodeSettings(beam=beam, max_length_ratio=1.0, max_length_offset=3)
    for source, out in zip(
        _sources(), backend.translate_attended(_sources(), settings), strict=True
    ):
        ids = [backend.vocab.piece_to_id[p] for p in out.target_pieces]
        heads = _teacher_forced(backend, source, ids if ids[-1] == backend.eos_id else [*ids, 0])
        assert torch.allclose(torch.tensor(out.attention), heads[-1, 0, : len(ids)], atol=1e-4)


class _NoAttention:
    """An engine without attention: the Protocol only."""

    def __init__(self, backend) -> None:
        self._backend = backend
        for name in ("engine", "precision", "model_id", "model_revision", "default_beam"):
            setattr(self, name, getattr(backend, name))
        self.max_input_tokens = backend.max_input_tokens

    def __getattr__(self, name: str):
        if name == "translate_attended":
            raise AttributeError(name)
        return getattr(self._backend, name)


def _document(translator: Translator):
    from translate.pipeline import document_from_article

    article = ArticleText(path=Path("article.txt"), text=ARTICLE, encoding="utf-8")
    return translate_document(document_from_article(article), translator)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("beam", [1, 4])
def test_every_pair_gets_valid_links_and_terms_by_their_spans(
    engines: dict, engine: str, beam: int
) -> None:
    backend = engines[engine]
    translator = Translator(backend, load_glossary(SHIPPED), DecodeSettings(beam=beam))
    doc = _document(translator)
    assert sum(len(p.alignment) for p in doc.pairs) > 0
    for pair in doc.pairs:
        source, target = pair.segment.text, pair.target
        for ss, se, ts, te in pair.alignment:
            assert 0 <= ss < se <= len(source) and 0 <= ts < te <= len(target)
            for text in (source[ss:se], target[ts:te]):
                assert text == text.strip() != ""
        # every placed term is linked exactly by its spans, and no other link touches them
        for term in pair.terms:
            if term.target_start is None or term.target_end is None:
                continue
            span = (term.match.start, term.match.end, term.target_start, term.target_end)
            assert span in pair.alignment
            assert target[term.target_start : term.target_end] == term.target
            for link in pair.alignment:
                if link != span:
                    assert link[3] <= span[2] or link[2] >= span[3]
        record = json.loads(json.dumps(pair_record(doc, pair)))
        assert record["alignment"] == [list(link) for link in pair.alignment]
    assert any(t.status == "enforced" for p in doc.pairs for t in p.terms)


def test_no_attention_means_no_links(engines: dict) -> None:
    backend = engines["ctranslate2"]
    plain = _NoAttention(backend)
    assert not isinstance(plain, AttentionBackend)
    for translator in (
        Translator(plain, load_glossary(SHIPPED), DecodeSettings(beam=1)),
        Translator(backend, load_glossary(SHIPPED), DecodeSettings(beam=1), word_alignment=False),
    ):
        doc = _document(translator)
        assert all(p.alignment == () for p in doc.pairs)
        assert all(pair_record(doc, p)["alignment"] == [] for p in doc.pairs)


def test_forced_attention_over_given_translations(engines: dict) -> None:
    """Alignment of existing pairs (AER against gold links): the engines agree on any target,
    and the transformers side is the teacher-forced last layer's head 0 (checked above to be
    what CTranslate2 returns while decoding)."""
    import torch

    fast, reference = engines["ctranslate2"], engines["transformers"]
    gold = [t for _, t in parallel_pairs()][:6]
    for a, b in zip(
        fast.attend_forced(_sources(), gold), reference.attend_forced(_sources(), gold), strict=True
    ):
        assert a.target_pieces == b.target_pieces and len(a.attention) == len(a.target_pieces)
        assert torch.allclose(torch.tensor(a.attention), torch.tensor(b.attention), atol=1e-4)

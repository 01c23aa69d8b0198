"""Our Marian tokenisation (no transformers import) equals transformers' MarianTokenizer."""

from __future__ import annotations

import warnings
from pathlib import Path

from conftest import SAMPLE_ARTICLE, parallel_pairs

from translate.backends.vocab import MarianVocab

TRICKY = [
    "“Wenn Sie über so etwas nachdenken, dann tun Sie dies bitte nicht.”",
    "Am 12. Juli – so die NYT – sprach Beloussow mit Austin (Pentagon-Chef).",
    "Ein Wort, das der Wortschatz nicht kennt: Saporischschja, ß, Ærø, 😀.",
    "",
]


def test_source_ids_equal_marian_tokenizer(tiny_model: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Recommended: pip install sacremoses."
        from transformers import MarianTokenizer

        reference = MarianTokenizer.from_pretrained(str(tiny_model))
    ours = MarianVocab(tiny_model)
    texts = TRICKY + [s for s, _ in parallel_pairs()]
    texts += SAMPLE_ARTICLE.read_text(encoding="utf-8").splitlines()
    for text in texts:
        assert ours.encode_source(text) == reference(text).input_ids, text


def test_decode_drops_specials_and_joins_pieces(tiny_model: Path) -> None:
    vocab = MarianVocab(tiny_model)
    ids = vocab.encode_target_prefix("The minister visited Kyiv.")
    assert vocab.decode([vocab.pad_id, *ids, vocab.eos_id]) == "The minister visited Kyiv."


def test_separate_vocabularies_are_refused_with_a_clear_error(
    tiny_model: Path, tmp_path: Path
) -> None:
    import json
    import shutil

    import pytest

    from translate.errors import BackendError

    copy = tmp_path / "separate"
    shutil.copytree(tiny_model, copy)
    config = json.loads((copy / "tokenizer_config.json").read_text(encoding="utf-8"))
    config["separate_vocabs"] = True
    (copy / "tokenizer_config.json").write_text(json.dumps(config), encoding="utf-8")
    with pytest.raises(BackendError, match="separate source and target vocabularies"):
        MarianVocab(copy)

"""Build Marian checkpoints with the exact file layout of Helsinki-NLP/opus-mt-de-en.

Tests and benchmarks cannot download the real weights, so they build their own checkpoints:
``config.json``, ``generation_config.json``, ``source.spm``, ``target.spm``, ``vocab.json``,
``tokenizer_config.json``, ``special_tokens_map.json`` and ``model.safetensors`` — the same
files, the same special-token conventions (``</s>`` = 0, ``<unk>`` = 1, ``<pad>`` = last id and
decoder start), only smaller (or, for speed benchmarks, the real architecture with random
weights). The toolkit's CLI never calls this module: a missing model is an error, never
replaced by a random one.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: Architecture of opus-mt-de-en (see shared/data/opus-mt-de-en-config/config.json).
REAL_ARCHITECTURE = {
    "d_model": 512,
    "encoder_layers": 6,
    "decoder_layers": 6,
    "encoder_attention_heads": 8,
    "decoder_attention_heads": 8,
    "encoder_ffn_dim": 2048,
    "decoder_ffn_dim": 2048,
    "vocab_size": 58101,
}

TINY_ARCHITECTURE = {
    "d_model": 32,
    "encoder_layers": 1,
    "decoder_layers": 1,
    "encoder_attention_heads": 2,
    "decoder_attention_heads": 2,
    "encoder_ffn_dim": 64,
    "decoder_ffn_dim": 64,
}


@dataclass(frozen=True)
class TinyMarianSpec:
    """What to build. ``vocab_size`` None means: exactly the pieces of the two SentencePiece
    models plus the three specials; a larger number pads the vocabulary with filler pieces (used
    to reproduce the real 58,101-entry output layer)."""

    architecture: dict[str, int]
    spm_vocab_size: int = 400
    vocab_size: int | None = None
    seed: int = 0
    num_beams: int = 4
    max_position_embeddings: int = 512
    source_lang: str = "de"
    target_lang: str = "en"


def _train_spm(lines: Iterable[str], vocab_size: int) -> bytes:
    import sentencepiece as spm

    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter([line for line in lines if line.strip()]),
        model_writer=model,
        vocab_size=vocab_size,
        model_type="unigram",
        character_coverage=1.0,
        hard_vocab_limit=False,
        minloglevel=2,
    )
    return model.getvalue()


def _pieces(spm_bytes: bytes) -> list[str]:
    import sentencepiece as spm

    proc = spm.SentencePieceProcessor(model_proto=spm_bytes)
    return [
        proc.id_to_piece(i)
        for i in range(proc.get_piece_size())
        if not (proc.is_control(i) or proc.is_unknown(i))
    ]


def _vocab(source_spm: bytes, target_spm: bytes, size: int | None) -> dict[str, int]:
    vocab: dict[str, int] = {"</s>": 0, "<unk>": 1}
    for piece in _pieces(source_spm) + _pieces(target_spm):
        vocab.setdefault(piece, len(vocab))
    if size is not None:
        if size < len(vocab) + 1:
            raise ValueError(f"vocab_size {size} is smaller than the {len(vocab) + 1} pieces")
        filler = 0
        while len(vocab) < size - 1:
            vocab[f"<filler{filler}>"] = len(vocab)
            filler += 1
    vocab["<pad>"] = len(vocab)
    return vocab


def _write_json(path: Path, data: object) -> None:
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def build_tiny_marian(
    out_dir: str | Path,
    source_lines: Sequence[str],
    target_lines: Sequence[str],
    spec: TinyMarianSpec | None = None,
) -> Path:
    """Write a randomly initialised Marian checkpoint to ``out_dir`` and return the path."""
    import torch
    from transformers import GenerationConfig, MarianConfig, MarianMTModel

    spec = spec or TinyMarianSpec(architecture=TINY_ARCHITECTURE)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    source_spm = _train_spm(source_lines, spec.spm_vocab_size)
    target_spm = _train_spm(target_lines, spec.spm_vocab_size)
    (out / "source.spm").write_bytes(source_spm)
    (out / "target.spm").write_bytes(target_spm)
    vocab = _vocab(source_spm, target_spm, spec.vocab_size)
    _write_json(out / "vocab.json", vocab)
    pad = vocab["<pad>"]

    architecture: dict[str, Any] = {k: v for k, v in spec.architecture.items() if k != "vocab_size"}
    config = MarianConfig(  # type: ignore[call-arg]  # static_position_embeddings: Marian-only
        vocab_size=len(vocab),
        decoder_vocab_size=len(vocab),
        max_position_embeddings=spec.max_position_embeddings,
        activation_function="swish",
        scale_embedding=True,
        static_position_embeddings=True,
        share_encoder_decoder_embeddings=True,
        pad_token_id=pad,
        decoder_start_token_id=pad,
        eos_token_id=0,
        bos_token_id=0,
        forced_eos_token_id=0,
        dropout=0.1,
        **architecture,
    )
    config.architectures = ["MarianMTModel"]
    torch.manual_seed(spec.seed)
    model = MarianMTModel(config)
    model.generation_config = GenerationConfig(
        bad_words_ids=[[pad]],
        bos_token_id=0,
        decoder_start_token_id=pad,
        eos_token_id=0,
        forced_eos_token_id=0,
        max_length=512,
        num_beams=spec.num_beams,
        pad_token_id=pad,
        renormalize_logits=True,
    )
    model.save_pretrained(out)
    special = {
        "content": "",
        "lstrip": False,
        "normalized": False,
        "rstrip": False,
        "single_word": False,
        "special": True,
    }
    _write_json(
        out / "tokenizer_config.json",
        {
            "added_tokens_decoder": {
                "0": {**special, "content": "</s>"},
                "1": {**special, "content": "<unk>"},
                str(pad): {**special, "content": "<pad>"},
            },
            "clean_up_tokenization_spaces": False,
            "eos_token": "</s>",
            "model_max_length": spec.max_position_embeddings,
            "pad_token": "<pad>",
            "separate_vocabs": False,
            "source_lang": spec.source_lang,
            "target_lang": spec.target_lang,
            "sp_model_kwargs": {},
            "tokenizer_class": "MarianTokenizer",
            "unk_token": "<unk>",
        },
    )
    _write_json(
        out / "special_tokens_map.json",
        {"eos_token": "</s>", "pad_token": "<pad>", "unk_token": "<unk>"},
    )
    return out

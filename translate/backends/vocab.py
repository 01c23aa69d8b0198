"""Marian's tokenisation without transformers: SentencePiece pieces mapped through vocab.json.

This reproduces ``MarianTokenizer`` of transformers 5 (source.spm for input, the shared vocab.json
for ids, unknown pieces to ``<unk>``, ``</s>`` appended; like it, no Moses pre-normalisation: the
SentencePiece models normalise themselves) so that every engine tokenises identically and the fast
engines need not import transformers (≈3 s). A test checks the equivalence.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from translate.errors import BackendError

SPIECE_UNDERLINE = "\u2581"


def _separate_vocabs(model_dir: Path) -> bool:
    config = model_dir / "tokenizer_config.json"
    declared = False
    if config.is_file():
        try:
            declared = bool(json.loads(config.read_text(encoding="utf-8")).get("separate_vocabs"))
        except (ValueError, OSError):
            declared = False
    return declared or (model_dir / "target_vocab.json").is_file()


class MarianVocab:
    """Encode German text to Marian ids and decode Marian ids to English text."""

    def __init__(self, model_dir: Path) -> None:
        import sentencepiece as spm

        if _separate_vocabs(model_dir):
            raise BackendError(
                f"{model_dir}: separate source and target vocabularies (target_vocab.json) are "
                "not supported: use a Marian checkpoint with one shared vocab.json, as "
                "opus-mt-de-en has"
            )

        self.source_spm = spm.SentencePieceProcessor(model_file=str(model_dir / "source.spm"))
        self.target_spm = spm.SentencePieceProcessor(model_file=str(model_dir / "target.spm"))
        self.piece_to_id: dict[str, int] = json.loads(
            (model_dir / "vocab.json").read_text(encoding="utf-8")
        )
        self.id_to_piece = {i: p for p, i in self.piece_to_id.items()}
        self.eos_id = self.piece_to_id["</s>"]
        self.unk_id = self.piece_to_id["<unk>"]
        self.pad_id = self.piece_to_id["<pad>"]
        self.special_ids = {self.eos_id, self.unk_id, self.pad_id}

    def source_pieces(self, text: str) -> list[str]:
        return list(self.source_spm.encode(text, out_type=str))

    def encode_source(self, text: str) -> list[int]:
        """Ids of ``text`` as the encoder sees them, ``</s>`` appended."""
        unk = self.unk_id
        return [self.piece_to_id.get(p, unk) for p in self.source_pieces(text)] + [self.eos_id]

    def encode_target_prefix(self, text: str) -> list[int]:
        """Ids of an English prefix (no ``</s>``), for forced-prefix decoding."""
        unk = self.unk_id
        return [self.piece_to_id.get(p, unk) for p in self.target_spm.encode(text, out_type=str)]

    def target_pieces(self, text: str) -> list[str]:
        return list(self.target_spm.encode(text, out_type=str))

    def decode(self, ids: Sequence[int]) -> str:
        """Text of a generated id sequence, special tokens dropped."""
        pieces = [self.id_to_piece.get(int(i), "") for i in ids if int(i) not in self.special_ids]
        return self.detokenize(pieces)

    @staticmethod
    def detokenize(pieces: Sequence[str]) -> str:
        return "".join(pieces).replace(SPIECE_UNDERLINE, " ").strip()

    def glues_to_previous(self, token_id: int) -> bool:
        """Whether a piece continues the previous word (starts with a letter or digit)."""
        piece = self.id_to_piece.get(token_id, "")
        return bool(piece) and piece[0].isalnum()

"""The reference engine: MarianMTModel through transformers and torch.

torch and transformers are imported when the engine is constructed, never at module import, so
that the CLI answers ``--help`` instantly.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from translate.backends.base import DecodeSettings
from translate.backends.vocab import MarianVocab
from translate.errors import BackendError
from translate.model_files import ModelFiles

PRECISIONS = ("fp32", "bf16", "int8")


class TransformersBackend:
    """Translate with ``MarianMTModel.generate`` (greedy or beam search).

    Output length is bounded per sentence (not per batch) by a logits processor, so a sentence is
    translated the same whichever batch it lands in.
    """

    engine = "transformers"

    def __init__(
        self,
        files: ModelFiles,
        *,
        device: str = "cpu",
        precision: str = "fp32",
        threads: int | None = None,
    ) -> None:
        if precision not in PRECISIONS:
            raise BackendError(
                f"unknown precision '{precision}' for the transformers engine: "
                f"use one of {', '.join(PRECISIONS)}"
            )
        import torch
        from transformers import MarianMTModel
        from transformers.utils import logging as hf_logging

        hf_logging.set_verbosity_error()
        hf_logging.disable_progress_bar()
        if threads:
            torch.set_num_threads(threads)
        if device.startswith("cuda") and not torch.cuda.is_available():
            raise BackendError("--device cuda was requested but no CUDA device is available")
        self._torch = torch
        self.device = torch.device(device)
        self.vocab = MarianVocab(files.path)
        try:
            model = MarianMTModel.from_pretrained(str(files.path))
        except Exception as exc:  # noqa: BLE001 - corrupt weights, wrong architecture, ...
            raise BackendError(f"{files.path}: cannot load the Marian model: {exc}") from exc
        model.eval()
        model = cast(Any, model)  # torch's typing of .to() on a PreTrainedModel is too narrow
        if precision == "bf16":
            model = model.to(torch.bfloat16)
        elif precision == "int8":
            model = torch.ao.quantization.quantize_dynamic(
                model, {torch.nn.Linear}, dtype=torch.qint8
            )
        self.model = model.to(self.device)
        self.precision = precision
        self.model_id = files.model_id
        self.model_revision = files.revision
        generation = self.model.generation_config
        self.default_beam = int(generation.num_beams or 1)
        self.max_input_tokens = int(self.model.config.max_position_embeddings)
        # decoder positions bound the output too (start token included)
        self.max_target_tokens = int(self.model.config.max_position_embeddings) - 2
        self.pad_id = int(self.model.config.pad_token_id)
        self.eos_id = int(self.model.config.eos_token_id)

    # -- the Protocol -----------------------------------------------------------------------

    def count_source_tokens(self, texts: Sequence[str]) -> list[int]:
        return [len(self.vocab.encode_source(text)) for text in texts]

    def translate(self, texts: Sequence[str], settings: DecodeSettings) -> list[str]:
        if not texts:
            return []
        encoded = [self.vocab.encode_source(text) for text in texts]
        limits = [min(settings.max_new_tokens(len(ids)), self.max_target_tokens) for ids in encoded]
        outputs = self._generate(encoded, limits, settings, prefix=None)
        return [self.vocab.decode(ids) for ids in outputs]

    def translate_with_prefix(self, text: str, target_prefix: str, settings: DecodeSettings) -> str:
        encoded = self.vocab.encode_source(text)
        prefix = self.vocab.encode_target_prefix(target_prefix)
        if len(prefix) >= self.max_target_tokens:
            return self.vocab.decode(prefix)
        limit = min(
            max(settings.max_new_tokens(len(encoded)), len(prefix) + 1), self.max_target_tokens
        )
        (output,) = self._generate([encoded], [limit], settings, prefix=prefix)
        return self.vocab.decode(output)

    # -- internals --------------------------------------------------------------------------

    def _generate(
        self,
        encoded: list[list[int]],
        limits: list[int],
        settings: DecodeSettings,
        prefix: list[int] | None,
    ) -> list[list[int]]:
        torch = self._torch
        width = max(len(ids) for ids in encoded)
        input_ids = torch.full((len(encoded), width), self.pad_id, dtype=torch.long)
        attention = torch.zeros((len(encoded), width), dtype=torch.long)
        for row, ids in enumerate(encoded):
            input_ids[row, : len(ids)] = torch.tensor(ids)
            attention[row, : len(ids)] = 1
        beam = max(1, settings.beam)
        processors = _processors(self, limits, beam, prefix)
        kwargs: dict[str, Any] = {
            "input_ids": input_ids.to(self.device),
            "attention_mask": attention.to(self.device),
            "num_beams": beam,
            "do_sample": False,
            "max_new_tokens": max(limits) + 1 - (len(prefix) if prefix else 0),
            "max_length": None,
            "logits_processor": processors,
            "no_repeat_ngram_size": settings.no_repeat_ngram_size or None,
            "repetition_penalty": settings.repetition_penalty,
            "length_penalty": settings.length_penalty,
        }
        if beam > 1:
            kwargs["early_stopping"] = True
        if prefix is not None:
            decoder_start = [self.model.config.decoder_start_token_id, *prefix]
            kwargs["decoder_input_ids"] = torch.tensor([decoder_start], device=self.device)
        try:
            with torch.inference_mode():
                out = self.model.generate(**kwargs)
        except Exception as exc:  # noqa: BLE001 - report as a backend failure with context
            raise BackendError(f"generation failed: {exc}") from exc
        # drop the decoder start token; a forced prefix stays part of the output
        return [[i for i in row[1:] if i != self.pad_id] for row in out.tolist()]


def _processors(
    backend: TransformersBackend, limits: list[int], beam: int, prefix: list[int] | None
):
    """Per-sentence length limits and, after a forced prefix, a word-boundary guard."""
    from transformers import LogitsProcessor, LogitsProcessorList

    torch = backend._torch
    eos = backend.eos_id
    prefix_len = 1 + (len(prefix) if prefix else 0)
    row_limits = torch.tensor(limits, dtype=torch.long).repeat_interleave(beam)
    glue_ids = None
    if prefix:
        glue = [i for i, p in backend.vocab.id_to_piece.items() if p and p[0].isalnum()]
        glue_ids = torch.tensor(glue, dtype=torch.long)

    class SentenceLengthLimit(LogitsProcessor):
        """Force ``</s>`` once a row has produced its own maximum number of tokens."""

        def __call__(self, input_ids, scores):
            produced = input_ids.shape[1] - 1
            done = row_limits.to(scores.device) <= produced
            if bool(done.any()):
                scores[done] = -float("inf")
                scores[done, eos] = 0.0
            if glue_ids is not None and input_ids.shape[1] == prefix_len:
                # the first piece after a forced term must start a new word (or be punctuation)
                scores[:, glue_ids.to(scores.device)] = -float("inf")
            return scores

    return LogitsProcessorList([SentenceLengthLimit()])

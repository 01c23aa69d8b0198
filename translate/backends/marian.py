"""The reference engine: MarianMTModel through transformers and torch.

torch and transformers are imported when the engine is constructed, never at module import, so
that the CLI answers ``--help`` instantly.

* **Batched forced prefixes** (:meth:`TransformersBackend.translate_with_prefixes`): pairs are
  grouped by prefix length (in pieces) and each group is one ``generate`` call whose
  ``decoder_input_ids`` are the start token plus the prefix. Grouping keeps every prefix at the
  decoder positions it has when decoded alone (left padding would shift them), so a batched
  result is the single one.
* **Scoring** (:meth:`TransformersBackend.score`) is one teacher-forced forward pass per
  length-sorted sub-batch: ``log_softmax`` of the logits with ``<pad>`` masked (it is never
  generated), gathered at the target pieces and ``</s>``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from translate.backends.base import Attended, DecodeSettings, PairScore
from translate.backends.vocab import MarianVocab
from translate.errors import BackendError
from translate.model_files import ModelFiles

PRECISIONS = ("fp32", "bf16", "int8")
#: Sentences per forward pass when scoring or decoding forced prefixes.
SUB_BATCH = 32


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
        self._glue: Any = None

    # -- the Protocol -----------------------------------------------------------------------

    def count_source_tokens(self, texts: Sequence[str]) -> list[int]:
        return [len(self.vocab.encode_source(text)) for text in texts]

    def translate(self, texts: Sequence[str], settings: DecodeSettings) -> list[str]:
        if not texts:
            return []
        encoded = [self.vocab.encode_source(text) for text in texts]
        limits = [min(settings.max_new_tokens(len(ids)), self.max_target_tokens) for ids in encoded]
        outputs = self._generate(encoded, limits, settings, prefixes=None)
        return [self.vocab.decode(ids) for ids in outputs]

    def translate_attended(self, texts: Sequence[str], settings: DecodeSettings) -> list[Attended]:
        if not texts:
            return []
        if self.model.config._attn_implementation != "eager":
            # sdpa returns no attention weights: the alignment head needs the eager kernels
            self.model.set_attn_implementation("eager")
        encoded = [self.vocab.encode_source(text) for text in texts]
        limits = [min(settings.max_new_tokens(len(ids)), self.max_target_tokens) for ids in encoded]
        out = self._run_generate(encoded, limits, settings, None, with_attention=True)
        piece = self.vocab.id_to_piece
        return [
            Attended(
                self.vocab.decode(ids),
                [*self.vocab.source_pieces(text), "</s>"],
                [piece.get(i, "<unk>") for i in ids],
                rows,
            )
            for text, (ids, rows) in zip(texts, self._attended(encoded, out), strict=True)
        ]

    def attend_forced(self, sources: Sequence[str], targets: Sequence[str]) -> list[Attended]:
        """The alignment head's attention over given translations (one teacher-forced pass per
        pair): word alignment of existing pairs, e.g. to measure AER against gold links."""
        if len(sources) != len(targets):
            raise BackendError(f"{len(sources)} sources but {len(targets)} targets to align")
        torch = self._torch
        if self.model.config._attn_implementation != "eager":
            self.model.set_attn_implementation("eager")
        start = int(self.model.config.decoder_start_token_id)
        results = []
        for source, target in zip(sources, targets, strict=True):
            ids = self.vocab.encode_source(source)
            forced = self.vocab.encode_target_prefix(target)
            try:
                with torch.inference_mode():
                    out = self.model(
                        input_ids=torch.tensor([ids], device=self.device),
                        decoder_input_ids=torch.tensor([[start, *forced]], device=self.device),
                        output_attentions=True,
                    )
            except Exception as exc:  # noqa: BLE001 - report as a backend failure with context
                raise BackendError(f"alignment failed: {exc}") from exc
            rows = out.cross_attentions[-1][0, 0, : len(forced)].float().tolist()
            piece = self.vocab.id_to_piece
            results.append(
                Attended(
                    target,
                    [*self.vocab.source_pieces(source), "</s>"],
                    [piece.get(i, "<unk>") for i in forced],
                    rows,
                )
            )
        return results

    def translate_with_prefix(self, text: str, target_prefix: str, settings: DecodeSettings) -> str:
        (result,) = self.translate_with_prefixes([text], [target_prefix], settings)
        return result

    def translate_with_prefixes(
        self, texts: Sequence[str], prefixes: Sequence[str], settings: DecodeSettings
    ) -> list[str]:
        if len(texts) != len(prefixes):
            raise BackendError(f"{len(texts)} texts but {len(prefixes)} target prefixes")
        encoded = [self.vocab.encode_source(text) for text in texts]
        forced = [self.vocab.encode_target_prefix(prefix) for prefix in prefixes]
        outputs: list[list[int]] = [list(f) for f in forced]  # a prefix too long stays as is
        groups: dict[int, list[int]] = {}
        for i, prefix in enumerate(forced):
            if len(prefix) < self.max_target_tokens:
                groups.setdefault(len(prefix), []).append(i)
        for indices in groups.values():
            indices.sort(key=lambda i: len(encoded[i]))
            for start in range(0, len(indices), SUB_BATCH):
                chunk = indices[start : start + SUB_BATCH]
                limits = [
                    min(
                        max(settings.max_new_tokens(len(encoded[i])), len(forced[i]) + 1),
                        self.max_target_tokens,
                    )
                    for i in chunk
                ]
                decoded = self._generate(
                    [encoded[i] for i in chunk],
                    limits,
                    settings,
                    prefixes=[forced[i] for i in chunk],
                )
                for i, out in zip(chunk, decoded, strict=True):
                    outputs[i] = out
        return [self.vocab.decode(ids) for ids in outputs]

    def score(self, sources: Sequence[str], targets: Sequence[str]) -> list[PairScore]:
        if len(sources) != len(targets):
            raise BackendError(f"{len(sources)} sources but {len(targets)} targets to score")
        encoded = [self.vocab.encode_source(text) for text in sources]
        labels = [self.vocab.encode_target_prefix(text) + [self.eos_id] for text in targets]
        order = sorted(range(len(sources)), key=lambda i: (len(encoded[i]), len(labels[i])))
        scores: list[PairScore] = [PairScore(0.0, 0)] * len(sources)
        for start in range(0, len(order), SUB_BATCH):
            chunk = order[start : start + SUB_BATCH]
            sums = self._score_chunk([encoded[i] for i in chunk], [labels[i] for i in chunk])
            for i, log_prob in zip(chunk, sums, strict=True):
                scores[i] = PairScore(log_prob, len(labels[i]))
        return scores

    # -- internals --------------------------------------------------------------------------

    def _generate(
        self,
        encoded: list[list[int]],
        limits: list[int],
        settings: DecodeSettings,
        prefixes: list[list[int]] | None,
    ) -> list[list[int]]:
        """Generate for one batch; ``prefixes`` (all of one length) force each output's start."""
        out = self._run_generate(encoded, limits, settings, prefixes)
        # drop the decoder start token; a forced prefix stays part of the output
        return [[i for i in row[1:] if i != self.pad_id] for row in out.tolist()]

    def _run_generate(
        self,
        encoded: list[list[int]],
        limits: list[int],
        settings: DecodeSettings,
        prefixes: list[list[int]] | None,
        *,
        with_attention: bool = False,
    ) -> Any:
        """``generate``'s output: the sequences, or with ``with_attention`` the dict that also holds
        every step's cross-attentions and the beam each output piece came from."""
        torch = self._torch
        input_ids, attention = self._padded(encoded)
        beam = max(1, settings.beam)
        prefix_len = len(prefixes[0]) if prefixes else 0
        processors = _processors(self, limits, beam, prefix_len)
        kwargs: dict[str, Any] = {
            "input_ids": input_ids.to(self.device),
            "attention_mask": attention.to(self.device),
            "num_beams": beam,
            "do_sample": False,
            "max_new_tokens": max(limits) + 1 - prefix_len,
            "max_length": None,
            "logits_processor": processors,
            "no_repeat_ngram_size": settings.no_repeat_ngram_size or None,
            "repetition_penalty": settings.repetition_penalty,
            "length_penalty": settings.length_penalty,
        }
        if beam > 1:
            kwargs["early_stopping"] = True
        if with_attention:
            kwargs["output_attentions"] = True
            kwargs["return_dict_in_generate"] = True
        if prefixes:
            start = self.model.config.decoder_start_token_id
            kwargs["decoder_input_ids"] = torch.tensor(
                [[start, *prefix] for prefix in prefixes], device=self.device
            )
        try:
            with torch.inference_mode():
                return self.model.generate(**kwargs)
        except Exception as exc:  # noqa: BLE001 - report as a backend failure with context
            raise BackendError(f"generation failed: {exc}") from exc

    def glue_ids(self) -> Any:
        """Ids of the pieces that glue to the word before (start with a letter or digit), as a
        tensor, computed once: masked at the first step after a forced prefix."""
        if self._glue is None:
            pieces = self.vocab.id_to_piece
            glue = [i for i, p in pieces.items() if p and p[0].isalnum()]
            self._glue = self._torch.tensor(glue, dtype=self._torch.long)
        return self._glue

    def _attended(self, encoded: list[list[int]], out: Any) -> list[tuple[list[int], list]]:
        """Each output's pieces (up to ``</s>``) and, per piece, the alignment head's weights
        on the source pieces: last decoder layer, head 0, of the beam the piece came from."""
        torch = self._torch
        # (steps, rows × beams, source): the query of step t predicts output piece t
        heads = torch.stack([step[-1][:, 0, -1, :] for step in out.cross_attentions]).float()
        beams = getattr(out, "beam_indices", None)
        results = []
        for row, sequence in enumerate(out.sequences.tolist()):
            ids = []
            for token in sequence[1:]:
                if token == self.pad_id:
                    break
                ids.append(token)
                if token == self.eos_id:
                    break
            steps = range(min(len(ids), heads.shape[0]))
            picked = [int(beams[row, t]) if beams is not None else row for t in steps]
            rows = heads[list(steps), picked, : len(encoded[row])] if ids else heads[:0, 0, :0]
            results.append((ids, rows.tolist()))
        return results

    def _padded(self, encoded: Sequence[Sequence[int]]) -> tuple[Any, Any]:
        """Right-padded input ids and their attention mask."""
        torch = self._torch
        width = max(len(ids) for ids in encoded)
        input_ids = torch.full((len(encoded), width), self.pad_id, dtype=torch.long)
        attention = torch.zeros((len(encoded), width), dtype=torch.long)
        for row, ids in enumerate(encoded):
            input_ids[row, : len(ids)] = torch.tensor(ids)
            attention[row, : len(ids)] = 1
        return input_ids, attention

    def _score_chunk(self, encoded: list[list[int]], labels: list[list[int]]) -> list[float]:
        """Sum of the log-probabilities of each row's labels, teacher-forced, ``<pad>`` masked."""
        torch = self._torch
        input_ids, attention = self._padded(encoded)
        width = max(len(ids) for ids in labels)
        start = int(self.model.config.decoder_start_token_id)
        decoder_ids = torch.full((len(labels), width), self.pad_id, dtype=torch.long)
        gold = torch.zeros((len(labels), width), dtype=torch.long)
        mask = torch.zeros((len(labels), width), dtype=torch.bool)
        for row, ids in enumerate(labels):
            decoder_ids[row, : len(ids)] = torch.tensor([start, *ids[:-1]])
            gold[row, : len(ids)] = torch.tensor(ids)
            mask[row, : len(ids)] = True
        try:
            with torch.inference_mode():
                logits = self.model(
                    input_ids=input_ids.to(self.device),
                    attention_mask=attention.to(self.device),
                    decoder_input_ids=decoder_ids.to(self.device),
                ).logits.float()
                logits[..., self.pad_id] = -float("inf")
                log_probs = torch.log_softmax(logits, dim=-1)
                picked = log_probs.gather(-1, gold.to(self.device).unsqueeze(-1)).squeeze(-1)
                picked = picked.masked_fill(~mask.to(self.device), 0.0)
        except Exception as exc:  # noqa: BLE001 - report as a backend failure with context
            raise BackendError(f"scoring failed: {exc}") from exc
        return [float(x) for x in picked.sum(dim=-1).tolist()]


def _processors(backend: TransformersBackend, limits: list[int], beam: int, forced: int):
    """Per-sentence length limits and, after a forced prefix, a word-boundary guard."""
    from transformers import LogitsProcessor, LogitsProcessorList

    torch = backend._torch
    eos = backend.eos_id
    prefix_len = 1 + forced
    row_limits = torch.tensor(limits, dtype=torch.long).repeat_interleave(beam)
    glue_ids = backend.glue_ids() if forced else None

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

"""The fast engine: the same Marian checkpoint run by CTranslate2 (int8 by default).

The checkpoint is converted once and cached (:mod:`translate.backends.convert`); translation
then needs only ``ctranslate2`` and ``sentencepiece``: neither torch nor transformers is imported.
Tokenisation is :class:`~translate.backends.vocab.MarianVocab`, the same as the transformers
engine's, and the converted model's vocabulary is vocab.json without ``<pad>`` (CTranslate2 starts
the decoder from a zero embedding instead), so both engines see the same pieces.

Behaviour that matches the transformers engine:

* **Per-sentence output bound.** CTranslate2 bounds the length per batch only, so a batch is
  decoded up to its largest bound and any sentence that went past its own bound
  (``settings.max_new_tokens(source_tokens)``) is decoded again alone with that bound. Greedy
  output is then exactly what a per-sentence bound gives; with beam search the sentences within
  their bound keep the batch result (a bound they did not reach does not change them, except
  in the rare case where a hypothesis cut at the bound would have outscored the winner).
* **At most 512 output pieces** (the decoder's position table, ``max_position_embeddings``):
  a larger bound is capped there, since CTranslate2 refuses positions beyond the table.
* **No truncation of the input** (``max_input_length=0``; the pipeline splits long segments).
* **Forced prefix, next piece starts a word.** CTranslate2 has no logits processor, so
  :meth:`translate_with_prefix` first asks for the best next pieces after the prefix
  (alternatives mode: the prefix runs through the decoder in one pass and the ranking happens in
  C++; only :data:`ALTERNATIVES` pieces come back), takes the most probable one that does not
  glue to the previous word (one starting with ``▁``, punctuation or ``</s>``), and then decodes
  with ``prefix + [that piece]`` as the target prefix. For greedy search this is exactly the
  transformers engine's masking; for beam search the first piece is chosen greedily and the rest
  by beam search. Prefix decoding always uses the full vocabulary, even with a shortlist.
  Full-vocabulary scores are never copied to Python per candidate: on opus-mt's 58,101 pieces
  that (``return_logits_vocab`` for every prefix step) cost about a second per candidate.
* **Batched forced prefixes** (:meth:`translate_with_prefixes`): the same two steps for many
  (text, prefix) pairs at once: one alternatives call per group of equal prefix length, all
  groups in flight together, then one ``target_prefix`` decode per length-sorted sub-batch,
  with the per-sentence bound as above.
* **Scoring** (:meth:`score`) is ``Translator.score_batch``: the log-probability of every target
  piece and ``</s>``, teacher-forced, over the full vocabulary (no shortlist).
* **Sub-batches.** A batch from the pipeline is decoded in length-sorted sub-batches of at most
  64 hypotheses (64 sentences greedy, 16 at beam 4) with a bounded length spread, which is
  where CTranslate2 on a CPU is fastest; results come back in the original order.
* **Optional shortlist** (:mod:`translate.backends.shortlist`): the output layer is restricted to
  the shortlist plus the glossary's target pieces via CTranslate2's vocabulary map.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from translate.backends.base import Attended, DecodeSettings, PairScore
from translate.backends.convert import (
    CONVERTED_FILES,
    StatusCallback,
    conversion_info,
    converted_model,
)
from translate.backends.shortlist import read_shortlist, shortlist_pieces, vmap_text
from translate.backends.vocab import MarianVocab
from translate.errors import BackendError
from translate.model_files import ModelFiles

PRECISIONS = ("int8", "fp32")
#: Hypotheses per CTranslate2 call (sentences × beam); the pipeline's batch is split to fit.
HYPOTHESES = 64
#: Sentences per decoding sub-batch. Measured on the opus-mt-de-en architecture (two cores,
#: int8, README "Speed"): 16 sentences per call beat 32 and 64 greedy, and 8–16 at beam 4 —
#: a wider batch mostly adds padded steps and cache traffic, not arithmetic a core can share.
SUB_BATCH_SENTENCES = 16
#: A sentence shorter than this share of its sub-batch's longest starts a new sub-batch.
SPREAD = 0.75
#: Next pieces ranked after a forced prefix; the best one that starts a word is taken. On the
#: real 58,101-piece vocabulary a word-starting piece is among them for all but rare prefixes
#: (those fall back to the full-vocabulary scores).
ALTERNATIVES = 8
_COMPUTE_TYPES = {"int8": "int8", "fp32": "float32"}
_UNSET: Any = object()
_Hyp = tuple[list[str], list[list[float]]]
"""One decoded output: its pieces and (when asked for) one attention row per piece."""


class CTranslate2Backend:
    """Translate with ``ctranslate2.Translator`` over the converted, cached checkpoint."""

    engine = "ctranslate2"

    def __init__(
        self,
        files: ModelFiles,
        *,
        device: str = "cpu",
        precision: str = "int8",
        threads: int | None = None,
        layout: tuple[int, int] | None = None,
        shortlist: str | Path | None = None,
        keep_targets: Sequence[str] = (),
        cache_dir: Path | None = None,
        status: StatusCallback | None = _UNSET,
    ) -> None:
        if precision not in PRECISIONS:
            raise BackendError(
                f"unknown precision '{precision}' for the ctranslate2 engine: "
                f"use one of {', '.join(PRECISIONS)}"
            )
        import ctranslate2

        kwargs: dict[str, Any] = {} if status is _UNSET else {"status": status}
        self.model_dir = converted_model(files, precision, cache_dir=cache_dir, **kwargs)
        self.vocab = MarianVocab(files.path)
        # a checkpoint with a learned <pad> row keeps <pad> as decoder start: never emit it
        keeps_pad = conversion_info(self.model_dir)["decoder_start"] == "<pad>"
        self._suppress = [["<pad>"]] if keeps_pad else None
        self.shortlist_size: int | None = None
        model_files: dict[str, Any] | None = None
        if shortlist is not None:
            listed = read_shortlist(Path(shortlist), self.vocab)
            pieces = shortlist_pieces(self.vocab, listed, keep_targets)
            self.shortlist_size = len(pieces)
            # the converted files plus our own vocabulary map, given to CTranslate2 as streams
            model_files = {name: open(self.model_dir / name, "rb") for name in CONVERTED_FILES}
            model_files["vmap.txt"] = vmap_text(pieces).encode("utf-8")
        threads = threads or min(4, os.cpu_count() or 1)
        self.inter_threads, self.intra_threads = layout or thread_layout(threads)
        #: sub-batches decoded at once: the pipeline hands over this many batches' worth per call
        self.batches_in_flight = self.inter_threads
        device_name = "cuda" if device.startswith("cuda") else device
        try:
            self.translator = ctranslate2.Translator(
                str(self.model_dir),
                device=device_name,
                compute_type=_COMPUTE_TYPES[precision],
                inter_threads=self.inter_threads,
                intra_threads=self.intra_threads,
                files=model_files,
            )
        except Exception as exc:  # noqa: BLE001 - unsupported device, corrupt cache, ...
            raise BackendError(
                f"{self.model_dir}: cannot load the CTranslate2 model: {exc}"
            ) from exc
        finally:
            for handle in (model_files or {}).values():
                if hasattr(handle, "close"):
                    handle.close()
        self.use_vmap = model_files is not None
        self.precision = precision
        self.model_id = files.model_id
        self.model_revision = files.revision
        self.default_beam, self.max_input_tokens = _model_defaults(files.path)
        self._allowed: Any = None
        pieces = self.vocab.id_to_piece
        glue = [i for i, p in pieces.items() if not self._starts_word(p) and p != "<pad>"]
        #: the end token of the next-piece ranking: a piece never chosen there (it glues)
        self._stand_in: str | None = pieces[min(glue)] if glue else None

    # -- the Protocol -----------------------------------------------------------------------

    def count_source_tokens(self, texts: Sequence[str]) -> list[int]:
        return [len(self.vocab.encode_source(text)) for text in texts]

    def translate(self, texts: Sequence[str], settings: DecodeSettings) -> list[str]:
        if not texts:
            return []
        sources = [self.source_tokens(text) for text in texts]
        limits = [settings.max_new_tokens(len(tokens)) for tokens in sources]
        outputs = self.decode_tokens(sources, limits, settings)
        return [self._detokenize(tokens) for tokens in outputs]

    def translate_attended(self, texts: Sequence[str], settings: DecodeSettings) -> list[Attended]:
        if not texts:
            return []
        sources = [self.source_tokens(text) for text in texts]
        limits = [settings.max_new_tokens(len(tokens)) for tokens in sources]
        decoded = self._decode(sources, limits, settings, attention=True)
        return [
            Attended(
                self._detokenize(pieces), [*self.vocab.source_pieces(text), "</s>"], pieces, rows
            )
            for text, (pieces, rows) in zip(texts, decoded, strict=True)
        ]

    def attend_forced(self, sources: Sequence[str], targets: Sequence[str]) -> list[Attended]:
        """The alignment head's attention over given translations (forced decoding, greedy):
        word alignment of existing pairs, e.g. to measure AER against gold links."""
        if len(sources) != len(targets):
            raise BackendError(f"{len(sources)} sources but {len(targets)} targets to align")
        if not sources:
            return []
        source_pieces = [self.source_tokens(text) for text in sources]
        forced = [self._pieces(self.vocab.encode_target_prefix(t)) for t in targets]
        options = {
            "beam_size": 1,
            "max_decoding_length": min(max(len(f) for f in forced) + 1, self.max_input_tokens),
            "min_decoding_length": 0,
            "max_input_length": 0,
            "return_attention": True,
            "suppress_sequences": self._suppress,
        }
        decoded = self._collect(self._submit(source_pieces, forced, options))
        return [
            Attended(target, [*self.vocab.source_pieces(text), "</s>"], f, rows[: len(f)])
            for text, target, f, (_, rows) in zip(sources, targets, forced, decoded, strict=True)
        ]

    def translate_with_prefix(self, text: str, target_prefix: str, settings: DecodeSettings) -> str:
        (result,) = self.translate_with_prefixes([text], [target_prefix], settings)
        return result

    def translate_with_prefixes(
        self, texts: Sequence[str], prefixes: Sequence[str], settings: DecodeSettings
    ) -> list[str]:
        if len(texts) != len(prefixes):
            raise BackendError(f"{len(texts)} texts but {len(prefixes)} target prefixes")
        sources = [self.source_tokens(text) for text in texts]
        forced = [self._pieces(self.vocab.encode_target_prefix(p)) for p in prefixes]
        limits = [
            min(max(settings.max_new_tokens(len(s)), len(f) + 1), self.max_input_tokens)
            for s, f in zip(sources, forced, strict=True)
        ]
        # an empty prefix is a plain translation (its first piece may be anything)
        open_ = [i for i, f in enumerate(forced) if f and len(f) < limits[i]]
        pieces = self._next_word_pieces([sources[i] for i in open_], [forced[i] for i in open_])
        for i, piece in zip(open_, pieces, strict=True):
            forced[i] = [*forced[i], piece]
        outputs = [list(f) for f in forced]
        todo = [i for i, f in enumerate(forced) if f[-1:] != ["</s>"] and len(f) < limits[i]]
        decoded = self.decode_tokens(
            [sources[i] for i in todo],
            [limits[i] for i in todo],
            settings,
            prefixes=[forced[i] for i in todo],
        )
        for i, out in zip(todo, decoded, strict=True):
            outputs[i] = out
        return [self._detokenize(out) for out in outputs]

    def score(self, sources: Sequence[str], targets: Sequence[str]) -> list[PairScore]:
        if len(sources) != len(targets):
            raise BackendError(f"{len(sources)} sources but {len(targets)} targets to score")
        if not sources:
            return []
        source_pieces = [self.source_tokens(text) for text in sources]
        target_pieces = [self._pieces(self.vocab.encode_target_prefix(t)) for t in targets]
        try:  # CTranslate2 sorts by length, sub-batches and restores the order itself
            results = self.translator.score_batch(
                source_pieces, target_pieces, max_batch_size=HYPOTHESES, max_input_length=0
            )
        except Exception as exc:  # noqa: BLE001 - report as a backend failure with context
            raise BackendError(f"scoring failed: {exc}") from exc
        return [PairScore(float(sum(r.log_probs)), len(r.log_probs)) for r in results]

    # -- for the benchmark and tests --------------------------------------------------------

    def source_tokens(self, text: str) -> list[str]:
        """The source pieces as the converted model expects them (unknown → ``<unk>``, ``</s>``)."""
        return self._pieces(self.vocab.encode_source(text))

    def decode_tokens(
        self,
        sources: Sequence[Sequence[str]],
        limits: Sequence[int],
        settings: DecodeSettings,
        *,
        exact_length: bool = False,
        prefixes: Sequence[Sequence[str]] | None = None,
    ) -> list[list[str]]:
        """Decode one batch of source pieces; each output has at most ``limits[i]`` pieces.

        ``exact_length`` (benchmarks only) forbids ``</s>`` before the batch's largest limit and
        cuts each output to exactly its own limit, so every engine produces the same lengths.
        ``prefixes`` force each output's first pieces (decoded over the full vocabulary).
        """
        decoded = self._decode(
            sources, limits, settings, exact_length=exact_length, prefixes=prefixes
        )
        return [pieces for pieces, _ in decoded]

    def _decode(
        self,
        sources: Sequence[Sequence[str]],
        limits: Sequence[int],
        settings: DecodeSettings,
        *,
        exact_length: bool = False,
        prefixes: Sequence[Sequence[str]] | None = None,
        attention: bool = False,
    ) -> list[_Hyp]:
        """:meth:`decode_tokens` with, if asked, the alignment head's weights of every output
        piece. Every sub-batch is submitted before any is collected, so a translator with more
        than one worker (``inter_threads``) decodes several at once."""
        limits = [min(limit, self.max_input_tokens) for limit in limits]
        use_vmap = self.use_vmap and prefixes is None
        outputs: list[_Hyp] = [([], []) for _ in sources]

        def submit(indices: list[int], longest: int, minimum: int) -> tuple[list[int], list]:
            options = self._options(settings, longest, use_vmap=use_vmap, attention=attention)
            options["min_decoding_length"] = minimum
            chosen = None if prefixes is None else [prefixes[i] for i in indices]
            return indices, self._submit([sources[i] for i in indices], chosen, options)

        pending = []
        for chunk in self._chunks(sources, settings.beam):
            longest = max(limits[i] for i in chunk)
            pending.append(submit(chunk, longest, longest if exact_length else 0))
        over = []
        for chunk, futures in pending:
            for i, hyp in zip(chunk, self._collect(futures), strict=True):
                outputs[i] = hyp
                if len(hyp[0]) > limits[i]:
                    over.append(i)
        if exact_length or settings.beam <= 1:
            for i in over:  # greedy: the first limit pieces are what a per-sentence bound gives
                outputs[i] = (outputs[i][0][: limits[i]], outputs[i][1][: limits[i]])
            return outputs
        by_limit: dict[int, list[int]] = {}
        for i in over:
            by_limit.setdefault(limits[i], []).append(i)
        redo = [submit(indices, limit, 0) for limit, indices in by_limit.items()]
        for indices, futures in redo:
            for i, hyp in zip(indices, self._collect(futures), strict=True):
                outputs[i] = hyp
        return outputs

    def _chunks(self, sources: Sequence[Sequence[str]], beam: int) -> list[list[int]]:
        """Length-sorted sub-batches of at most ``SUB_BATCH_SENTENCES`` sentences and
        ``HYPOTHESES`` hypotheses, split where the length drops below ``SPREAD`` × the
        sub-batch's longest (a wide length range wastes decoding steps); at least one per worker
        when there are enough sentences."""
        order = sorted(range(len(sources)), key=lambda i: -len(sources[i]))
        most = max(1, min(SUB_BATCH_SENTENCES, HYPOTHESES // max(1, beam)))
        chunks: list[list[int]] = []
        for i in order:
            if (
                not chunks
                or len(chunks[-1]) >= most
                or len(sources[i]) < SPREAD * len(sources[chunks[-1][0]])
            ):
                chunks.append([])
            chunks[-1].append(i)
        # fewer sub-batches than workers (a short article): halve the largest until every
        # worker has one, so that no thread idles
        while 0 < len(chunks) < self.inter_threads:
            largest = max(range(len(chunks)), key=lambda k: len(chunks[k]))
            chunk = chunks[largest]
            if len(chunk) < 2:
                break
            half = (len(chunk) + 1) // 2
            chunks[largest : largest + 1] = [chunk[:half], chunk[half:]]
        return chunks

    # -- internals --------------------------------------------------------------------------

    def _pieces(self, ids: Sequence[int]) -> list[str]:
        piece = self.vocab.id_to_piece
        return [piece[i] for i in ids]

    def _detokenize(self, pieces: Sequence[str]) -> str:
        ids = self.vocab.piece_to_id
        unk = self.vocab.unk_id
        return self.vocab.decode([ids.get(p, unk) for p in pieces])

    def _options(
        self, settings: DecodeSettings, max_length: int, *, use_vmap: bool, attention: bool = False
    ) -> dict:
        return {
            "beam_size": max(1, settings.beam),
            "max_decoding_length": max_length,
            "min_decoding_length": 0,
            "max_input_length": 0,
            "length_penalty": settings.length_penalty,
            "repetition_penalty": settings.repetition_penalty,
            "no_repeat_ngram_size": settings.no_repeat_ngram_size,
            "use_vmap": use_vmap,
            "suppress_sequences": self._suppress,
            "return_attention": attention,
        }

    def _submit(
        self,
        sources: Sequence[Sequence[str]],
        prefixes: Sequence[Sequence[str]] | None,
        options: dict,
    ) -> list[Any]:
        """Queue one sub-batch on the translator's workers; :meth:`_collect` waits for it."""
        try:
            return self.translator.translate_batch(
                [list(s) for s in sources],
                [list(p) for p in prefixes] if prefixes is not None else None,
                asynchronous=True,
                **options,
            )
        except Exception as exc:  # noqa: BLE001 - report as a backend failure with context
            raise BackendError(f"generation failed: {exc}") from exc

    @staticmethod
    def _results(futures: Sequence[Any]) -> list[Any]:
        """Wait for submitted work; a failure is a :class:`BackendError`."""
        try:
            return [future.result() for future in futures]
        except Exception as exc:  # noqa: BLE001 - report as a backend failure with context
            raise BackendError(f"generation failed: {exc}") from exc

    @classmethod
    def _collect(cls, futures: Sequence[Any]) -> list[_Hyp]:
        results = cls._results(futures)
        return [(list(r.hypotheses[0]), r.attention[0] if r.attention else []) for r in results]

    def _next_word_pieces(
        self, sources: Sequence[list[str]], prefixes: Sequence[list[str]]
    ) -> list[str]:
        """For each pair, the most probable piece after the prefix that does not continue its
        last word (``</s>`` included).

        CTranslate2's alternatives mode runs the forced prefix through the decoder in one pass
        (no output layer over the prefix) and ranks the next piece in C++; only the
        :data:`ALTERNATIVES` best come back, so no full-vocabulary scores cross into Python.
        That mode never proposes its end token, so the end token is set to a piece that glues
        (never chosen here anyway) and ``</s>`` is ranked like any other piece. Pairs are
        grouped by prefix length (so that each call stops right after the prefix) and every
        group is in flight at once. The rare pair whose best pieces all glue to the previous
        word is ranked from the next step's full-vocabulary scores
        (:meth:`_ranked_from_logits`)."""
        if not prefixes:
            return []
        stand_in = self._stand_in
        by_length: dict[int, list[int]] = {}
        for i, prefix in enumerate(prefixes):
            by_length.setdefault(len(prefix), []).append(i)
        pending = []
        for length, indices in by_length.items():
            for start in range(0, len(indices), HYPOTHESES):
                group = indices[start : start + HYPOTHESES]
                options = {
                    "beam_size": 1,
                    "num_hypotheses": ALTERNATIVES,
                    "return_alternatives": True,
                    "max_decoding_length": length + 1,
                    "min_decoding_length": 0,
                    "max_input_length": 0,
                    "suppress_sequences": self._suppress,
                }
                if stand_in is not None:
                    options["end_token"] = stand_in
                chunk = ([sources[i] for i in group], [prefixes[i] for i in group])
                pending.append((group, length, self._submit(*chunk, options)))
        chosen: list[str | None] = [None] * len(prefixes)
        for group, length, futures in pending:
            for i, result in zip(group, self._results(futures), strict=True):
                ranked = [h[length] if len(h) > length else "</s>" for h in result.hypotheses]
                chosen[i] = next((p for p in ranked if self._starts_word(p)), None)
        rest = [i for i, piece in enumerate(chosen) if piece is None]
        if rest:
            ranked_rest = self._ranked_from_logits(
                [sources[i] for i in rest], [prefixes[i] for i in rest]
            )
            for i, piece in zip(rest, ranked_rest, strict=True):
                chosen[i] = piece
        return [piece or "</s>" for piece in chosen]

    @staticmethod
    def _starts_word(piece: str) -> bool:
        """Whether ``piece`` may follow a forced term: not a continuation of its last word."""
        return not (piece and piece[0].isalnum()) and piece != "<pad>"

    def _ranked_from_logits(
        self, sources: Sequence[list[str]], prefixes: Sequence[list[str]]
    ) -> list[str]:
        """The best word-starting piece from the full-vocabulary scores of the step after each
        prefix, ranked with NumPy (one masked ``argmax``; equal scores: the lower id, as a stable
        ranking gives). Only for pairs whose :data:`ALTERNATIVES` best pieces all glue."""
        import numpy

        allowed = self._word_start_ids()
        chosen = []
        for source, prefix in zip(sources, prefixes, strict=True):
            options = {
                "beam_size": 1,
                "max_decoding_length": len(prefix) + 1,
                "min_decoding_length": 0,
                "max_input_length": 0,
                "return_logits_vocab": True,
                "suppress_sequences": self._suppress,
            }
            (result,) = self._results(self._submit([source], [prefix], options))
            scores = numpy.asarray(result.logits[0][len(prefix)], dtype="float32").ravel()
            usable = allowed[allowed < scores.shape[0]]
            if not usable.size:
                chosen.append("</s>")
                continue
            best = usable[int(numpy.argmax(scores[usable]))]
            chosen.append(self.vocab.id_to_piece[int(best)])
        return chosen

    def _word_start_ids(self) -> Any:
        """Ids of the pieces that start a word (see :meth:`_starts_word`), computed once."""
        if self._allowed is None:
            import numpy

            piece = self.vocab.id_to_piece
            self._allowed = numpy.array(
                sorted(i for i, p in piece.items() if self._starts_word(p)), dtype=numpy.int64
            )
        return self._allowed


#: Environment variable: CTranslate2 workers (``inter_threads``) sharing ``--threads``.
WORKERS_ENV = "DEJOUR_CT2_WORKERS"


def thread_layout(threads: int, workers: int | None = None) -> tuple[int, int]:
    """``(inter_threads, intra_threads)`` for ``threads`` CPU threads in all.

    ``workers`` (default: ``$DEJOUR_CT2_WORKERS``, else :func:`default_workers`) is how many
    sub-batches are decoded at once, each by ``threads // workers`` threads. Outputs are the
    same in every layout (tested); only how busy the cores are differs.
    """
    if workers is None:
        try:
            workers = int(os.environ.get(WORKERS_ENV, default_workers(threads)))
        except ValueError:
            raise BackendError(
                f"{WORKERS_ENV}={os.environ[WORKERS_ENV]!r} is not a number of workers: "
                "use a whole number such as 1 or 2"
            ) from None
    workers = max(1, min(workers, threads))
    return workers, max(1, threads // workers)


def default_workers(threads: int) -> int:
    """One single-thread worker per thread up to two threads, then two-thread workers.

    Why: ``make bench-speed`` on an idle two-core machine (README, "Speed") measured two
    single-thread workers with sub-batches in flight at 1.2–1.4× greedy and ≈ 1.5× beam 4 the
    throughput of one two-thread pool, outputs identical: one sub-batch's matrix products are
    too small to keep two threads busy, and beam search has much per-step work that is not a
    matrix product at all. Beyond two threads each worker keeps two (CTranslate2's own advice
    for CPU throughput; memory grows with every worker's buffers, not with the weights, which
    the workers share).
    """
    return threads if threads <= 2 else max(1, threads // 2)


def _model_defaults(model_dir: Path) -> tuple[int, int]:
    """(default beam, input limit) from the checkpoint's json files, without transformers."""
    import json

    config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
    beam = config.get("num_beams")
    generation = model_dir / "generation_config.json"
    if generation.is_file():
        beam = json.loads(generation.read_text(encoding="utf-8")).get("num_beams", beam)
    return int(beam or 1), int(config.get("max_position_embeddings", 512))

"""The one interface every translation engine implements.

The pipeline owns segmentation, batching (length-sorted, by token budget), the glossary and
progress; an engine only turns a batch of source strings into target strings. Every input it
receives already fits the model's input limit (the pipeline splits longer segments), so an engine
never truncates.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable


@dataclass(frozen=True)
class DecodeSettings:
    """How to decode. The output length is bounded relative to the input.

    ``max_new_tokens = max_length_ratio * source_tokens + max_length_offset`` stops runaway
    output (and keeps untrained test checkpoints, which never emit ``</s>``, fast).
    """

    beam: int = 4
    max_length_ratio: float = 2.0
    max_length_offset: int = 10
    no_repeat_ngram_size: int = 0
    repetition_penalty: float = 1.0
    length_penalty: float = 1.0

    def max_new_tokens(self, source_tokens: int) -> int:
        return int(self.max_length_ratio * source_tokens) + self.max_length_offset

    def rule(self) -> str:
        """The output-length rule as a short string for provenance stamps."""
        return f"{self.max_length_ratio:g}*src+{self.max_length_offset}"


@dataclass(frozen=True)
class PairScore:
    """Forced-decoding log-probability of one target given its source.

    ``log_prob`` is the natural-log probability of the target's pieces *and* the closing ``</s>``
    (a target that the model would continue past its last word scores lower); ``tokens`` is
    that number of pieces, so :attr:`mean` compares targets of different lengths.
    """

    log_prob: float
    tokens: int

    @property
    def mean(self) -> float:
        """Log-probability per target piece (``</s>`` counted)."""
        return self.log_prob / self.tokens if self.tokens else 0.0


@dataclass(frozen=True)
class Attended:
    """A translation with the alignment head's attention from the decode that produced it.

    ``attention[t][s]`` is the weight of output piece ``target_pieces[t]`` on source piece
    ``source_pieces[s]``; ``source_pieces`` are SentencePiece's pieces of the source text (as
    written there, so they spell it) followed by ``</s>``; ``target_pieces`` are the decoded
    pieces (``</s>`` included when the model emitted it). ``attention`` is empty where the
    engine gives none. :mod:`translate.wordalign` turns this into word links.
    """

    target: str
    source_pieces: Sequence[str]
    target_pieces: Sequence[str]
    attention: Sequence[Sequence[float]]


@runtime_checkable
class TranslationBackend(Protocol):
    """A loaded model that translates batches of German strings into English strings."""

    engine: str
    """Engine name, e.g. ``transformers`` or ``ctranslate2``."""
    precision: str
    """Weight precision actually used, e.g. ``fp32``, ``int8``."""
    model_id: str
    model_revision: str
    default_beam: int
    """The model's own default beam size (``num_beams`` of its generation config)."""
    max_input_tokens: int
    """Largest number of source tokens (``</s>`` included) the model accepts."""

    def count_source_tokens(self, texts: Sequence[str]) -> list[int]:
        """Number of source tokens of each text, ``</s>`` included."""
        ...

    def translate(self, texts: Sequence[str], settings: DecodeSettings) -> list[str]:
        """Translate one batch; ``len(result) == len(texts)``, in the same order."""
        ...

    def translate_with_prefix(self, text: str, target_prefix: str, settings: DecodeSettings) -> str:
        """Translate ``text`` with the output forced to start with ``target_prefix``.

        The result starts with ``target_prefix`` (as detokenised); the model writes the rest.
        Used by glossary enforcement when a term has to be placed and then decoding continued.
        """
        ...

    def translate_with_prefixes(
        self, texts: Sequence[str], prefixes: Sequence[str], settings: DecodeSettings
    ) -> list[str]:
        """:meth:`translate_with_prefix` for many (text, prefix) pairs, decoded in batches.

        ``result[i]`` is what ``translate_with_prefix(texts[i], prefixes[i], settings)`` gives.
        """
        ...

    def score(self, sources: Sequence[str], targets: Sequence[str]) -> list[PairScore]:
        """Forced-decoding log-probability of each ``targets[i]`` given ``sources[i]``.

        ``</s>`` included, batched internally (the result does not depend on the batching), under
        the distribution decoding draws from (``<pad>``, which is never emitted, excluded).
        """
        ...


@runtime_checkable
class AttentionBackend(TranslationBackend, Protocol):
    """An engine that can also return the alignment head's attention of its own decode."""

    def translate_attended(self, texts: Sequence[str], settings: DecodeSettings) -> list[Attended]:
        """:meth:`translate` (the same targets) plus the attention of the same decode."""
        ...

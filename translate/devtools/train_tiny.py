"""Train a very small Marian checkpoint to reproduce a few dozen sentence pairs.

Random checkpoints prove that glossary enforcement always places the term, but not that it
leaves a sensible translation alone. A model that has memorised its training pairs gives a
realistic baseline: it renders "Kiew" as "Kiev" (as its references do), and enforcement must
replace exactly that word. Used by the test suite and the terminology benchmark only.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path

from translate.devtools.tiny_marian import TinyMarianSpec, build_tiny_marian

TRAINABLE_ARCHITECTURE = {
    "d_model": 64,
    "encoder_layers": 2,
    "decoder_layers": 2,
    "encoder_attention_heads": 4,
    "decoder_attention_heads": 4,
    "encoder_ffn_dim": 128,
    "decoder_ffn_dim": 128,
}

#: Twice as wide, for the benchmarks whose checkpoints learn hundreds to thousands of real
#: newstest pairs (terminology, alignment): the trainable architecture cannot hold them.
WIDE_TRAINABLE_ARCHITECTURE = {
    **TRAINABLE_ARCHITECTURE,
    "d_model": 128,
    "encoder_ffn_dim": 256,
    "decoder_ffn_dim": 256,
}


def train_tiny_marian(
    out_dir: str | Path,
    pairs: Sequence[tuple[str, str]],
    *,
    extra_source: Sequence[str] = (),
    extra_target: Sequence[str] = (),
    max_steps: int = 600,
    seed: int = 0,
    architecture: dict[str, int] | None = None,
    spm_vocab_size: int = 300,
    batch_size: int | None = None,
    learning_rate: float = 3e-3,
    max_seconds: float | None = None,
    log: Callable[[str], None] | None = None,
    seconds: float | None = None,
    spec: TinyMarianSpec | None = None,
    decay: bool = False,
    warmup_steps: int = 0,
    clip_norm: float | None = None,
) -> Path:
    """Build a checkpoint in ``out_dir``, train it on ``pairs`` until greedy decoding reproduces
    every reference (or ``max_steps`` / ``max_seconds``), save it, and return the path.

    ``batch_size`` None trains on all pairs at once (a few dozen); a number shuffles them into
    mini-batches of that many pairs (a few hundred, for the terminology and alignment
    benchmarks). ``seconds`` is another name for ``max_seconds`` (the alignment benchmark's).
    ``spec`` replaces ``architecture``/``spm_vocab_size``/``seed`` as a whole (an English→German
    checkpoint names its languages there).
    ``decay`` lowers the learning rate linearly to a twentieth over ``max_steps``: with
    mini-batches a constant rate leaves the loss on a plateau above memorisation.
    ``warmup_steps`` raises the rate linearly from zero first and ``clip_norm`` caps the gradient
    norm: a post-norm Transformer trained at this rate on a thousand or more pairs otherwise
    collapses to predicting every piece equally (the loss stays at log(vocabulary size))."""
    max_seconds = seconds if seconds is not None else max_seconds
    import torch
    from transformers import MarianMTModel

    from translate.backends.vocab import MarianVocab

    out = build_tiny_marian(
        out_dir,
        [s for s, _ in pairs] + list(extra_source),
        [t for _, t in pairs] + list(extra_target),
        spec
        or TinyMarianSpec(
            architecture=architecture or TRAINABLE_ARCHITECTURE,
            spm_vocab_size=spm_vocab_size,
            seed=seed,
        ),
    )
    vocab = MarianVocab(out)
    model = MarianMTModel.from_pretrained(str(out))
    pad = vocab.pad_id
    sources = [vocab.encode_source(s) for s, _ in pairs]
    targets = [vocab.encode_target_prefix(t) + [vocab.eos_id] for _, t in pairs]

    def padded(rows: list[list[int]], value: int) -> torch.Tensor:
        width = max(len(r) for r in rows)
        return torch.tensor([r + [value] * (width - len(r)) for r in rows])

    torch.manual_seed(seed)
    size = batch_size or len(pairs)
    model.config.dropout = 0.0
    optimiser = torch.optim.AdamW(model.parameters(), lr=learning_rate, weight_decay=0.0)

    def rate(step: int) -> float:
        if step < warmup_steps:
            return (step + 1) / warmup_steps
        return max(0.05, 1.0 - step / max_steps) if decay else 1.0

    schedule = torch.optim.lr_scheduler.LambdaLR(optimiser, rate)
    model.train()
    started = time.monotonic()
    order = list(range(len(pairs)))
    per_epoch = -(-len(pairs) // size)
    losses: list[float] = []
    for step in range(max_steps):
        if per_epoch > 1 and step % per_epoch == 0:
            order = torch.randperm(len(pairs)).tolist()
        first = (step % per_epoch) * size
        batch = order[first : first + size]
        input_ids = padded([sources[i] for i in batch], pad)
        labels = padded([targets[i] for i in batch], -100)
        loss = model(
            input_ids=input_ids, attention_mask=input_ids.ne(pad).long(), labels=labels
        ).loss
        optimiser.zero_grad()
        loss.backward()
        if clip_norm is not None:
            torch.nn.utils.clip_grad_norm_(model.parameters(), clip_norm)
        optimiser.step()
        schedule.step()
        losses = [*losses[-19:], loss.item()]
        if max_seconds is not None and time.monotonic() - started > max_seconds:
            break
        if log is not None and step % 100 == 99:
            log(f"step {step + 1}: loss {sum(losses) / len(losses):.3f}")
        settled = max(losses) if per_epoch > 1 else losses[-1]
        if step % 50 == 49 and settled < 0.05 and _reproduces(model, vocab, pairs):
            break
    model.eval()
    model.save_pretrained(out)
    return out


def _reproduces(model, vocab, pairs: Sequence[tuple[str, str]], chunk: int = 64) -> bool:
    """Whether greedy decoding gives every reference."""
    return _reproduces_with(model, vocab, pairs, 1, chunk)


def _reproduces_with(
    model, vocab, pairs: Sequence[tuple[str, str]], beams: int, chunk: int
) -> bool:
    import torch

    pad = vocab.pad_id
    model.eval()
    try:
        with torch.inference_mode():
            for first in range(0, len(pairs), chunk):
                part = pairs[first : first + chunk]
                rows = [vocab.encode_source(s) for s, _ in part]
                width = max(len(r) for r in rows)
                ids = torch.tensor([r + [pad] * (width - len(r)) for r in rows])
                out = model.generate(
                    input_ids=ids,
                    attention_mask=ids.ne(pad).long(),
                    num_beams=beams,
                    max_new_tokens=2 * width + 10,
                    max_length=None,
                )
                for row, (_, target) in zip(out.tolist(), part, strict=True):
                    if vocab.decode(row) != target:
                        return False
        return True
    finally:
        model.train()

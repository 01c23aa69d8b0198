"""Train a very small Marian checkpoint to reproduce a few dozen sentence pairs.

Random checkpoints prove that glossary enforcement always places the term, but not that it
leaves a sensible translation alone. A model that has memorised its training pairs gives a
realistic baseline: it renders "Kiew" as "Kiev" (as its references do), and enforcement must
replace exactly that word. Used by the test suite and the terminology benchmark only.
"""

from __future__ import annotations

from collections.abc import Sequence
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


def train_tiny_marian(
    out_dir: str | Path,
    pairs: Sequence[tuple[str, str]],
    *,
    extra_source: Sequence[str] = (),
    extra_target: Sequence[str] = (),
    max_steps: int = 600,
    seed: int = 0,
    batch_size: int | None = None,
    seconds: float | None = None,
    spm_vocab_size: int = 300,
) -> Path:
    """Build a checkpoint in ``out_dir``, train it on ``pairs`` until greedy decoding reproduces
    every reference (or ``max_steps``), save it, and return the path.

    With ``batch_size`` the pairs are visited in shuffled mini-batches (for corpora too large
    for one batch) and training stops after ``seconds`` of wall time or ``max_steps``, whichever
    comes first, without the reproduction check (the alignment benchmark trains this way)."""
    import torch
    from transformers import MarianMTModel

    from translate.backends.vocab import MarianVocab

    out = build_tiny_marian(
        out_dir,
        [s for s, _ in pairs] + list(extra_source),
        [t for _, t in pairs] + list(extra_target),
        TinyMarianSpec(
            architecture=TRAINABLE_ARCHITECTURE, spm_vocab_size=spm_vocab_size, seed=seed
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
    model.config.dropout = 0.0
    optimiser = torch.optim.AdamW(model.parameters(), lr=3e-3, weight_decay=0.0)
    model.train()
    if batch_size is not None:
        _train_minibatches(model, optimiser, sources, targets, pad, batch_size, max_steps, seconds)
        model.eval()
        model.save_pretrained(out)
        return out
    input_ids = padded(sources, pad)
    attention = input_ids.ne(pad).long()
    labels = padded(targets, -100)
    for step in range(max_steps):
        loss = model(input_ids=input_ids, attention_mask=attention, labels=labels).loss
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
        if step % 50 == 49 and loss.item() < 0.05 and _reproduces(model, vocab, pairs):
            break
    model.eval()
    model.save_pretrained(out)
    return out


def _train_minibatches(
    model,
    optimiser,
    sources,
    targets,
    pad: int,
    batch_size: int,
    max_steps: int,
    seconds: float | None,
) -> None:
    """Shuffled, length-bucketed mini-batches until ``max_steps`` or ``seconds`` run out."""
    import random
    import time

    import torch

    rng = random.Random(0)
    order = sorted(range(len(sources)), key=lambda k: len(targets[k]))
    batches = [order[k : k + batch_size] for k in range(0, len(order), batch_size)]
    deadline = time.monotonic() + seconds if seconds is not None else None
    step = 0
    while step < max_steps:
        rng.shuffle(batches)
        for batch in batches:
            src = [sources[k] for k in batch]
            tgt = [targets[k] for k in batch]
            width_s = max(len(r) for r in src)
            width_t = max(len(r) for r in tgt)
            input_ids = torch.tensor([r + [pad] * (width_s - len(r)) for r in src])
            labels = torch.tensor([r + [-100] * (width_t - len(r)) for r in tgt])
            loss = model(
                input_ids=input_ids, attention_mask=input_ids.ne(pad).long(), labels=labels
            ).loss
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            step += 1
            if step >= max_steps or (deadline is not None and time.monotonic() > deadline):
                return


def _reproduces(model, vocab, pairs: Sequence[tuple[str, str]]) -> bool:
    import torch

    model.eval()
    try:
        with torch.inference_mode():
            for source, target in pairs:
                ids = torch.tensor([vocab.encode_source(source)])
                out = model.generate(input_ids=ids, num_beams=1, max_new_tokens=64, max_length=None)
                if vocab.decode(out[0].tolist()) != target:
                    return False
        return True
    finally:
        model.train()

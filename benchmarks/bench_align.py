"""Sentence alignment: strict link P/R/F1 on newstest2021-synthetic, ours against others.

Data: ``../shared/data/alignment/newstest2021-synthetic/`` (50 documents of 20 newstest2021
lines; the English side has merges, splits, deletions; gold links in Vecalign format). Metric
(the data set's README): strict precision / recall / F1 over all links, null links included —
a link counts only when both sides' sentence sets are exactly right — and recall per link type.

Rows:

* ours ``--no-model`` (length + value/digit, glossary and name anchors), and ablations:
  length only, and with 2-2/1-3/3-1 links (``--extended-links``);
* ours with the model, on the documents the benchmark's tiny checkpoint was trained on (a
  Marian model trained here on those documents' parallel lines, cached under
  ``benchmarks/.cache/``: "a checkpoint that knows the sentences") against ours ``--no-model``
  on the same documents; and with the random test checkpoint (which does not know German:
  the model term is left out, so the figures equal ``--no-model``);
* Gale–Church (the ``galechurch`` package, its default parameters);
* sentalign (Vecalign's search, the ``sentalign`` package) with a character-trigram hashing
  encoder — no multilingual sentence-embedding model is available offline here, so this shows
  Vecalign's search with the weakest encoder, not Vecalign as published;
* sentence i ↔ sentence i.

Also measured: our English segmenter on the English side of newstest2021 (both references,
1,000 lines each, ten lines per pseudo-document; a line without final punctuation — a
headline — is put on its own line) against pysbd and syntok; speed in sentence pairs per second.

Usage: python benchmarks/bench_align.py [--data DIR] [--model-docs 2] [--train-seconds 300]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
DATA = SHARED / "alignment" / "newstest2021-synthetic"
PARALLEL = SHARED / "parallel"
CACHE = ROOT / "benchmarks" / ".cache"
RESULTS = ROOT / "benchmarks" / "results" / "align.json"
sys.path.insert(0, str(ROOT))

from translate.align import AlignSettings, Weights, align, read_side  # noqa: E402
from translate.align.costs import PRIORS  # noqa: E402
from translate.align.english import split_english_sentences  # noqa: E402

LinkSet = set[tuple[tuple[int, ...], tuple[int, ...]]]
Aligner = Callable[[list[str], list[str]], list[tuple[tuple[int, ...], tuple[int, ...]]]]
TYPES = ("1-1", "1-2", "2-1", "1-0", "0-1")


def read_gold(path: Path) -> LinkSet:
    links: LinkSet = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        left, right = line.strip().split(":")
        links.add(
            (
                tuple(int(x) for x in left.strip("[]").split(",") if x.strip()),
                tuple(int(x) for x in right.strip("[]").split(",") if x.strip()),
            )
        )
    return links


def _complete(links: LinkSet, n: int, m: int) -> LinkSet:
    """A sentence an aligner leaves out counts as its own 1-0 / 0-1 link (the README's rule)."""
    seen_src = {i for s, _ in links for i in s}
    seen_tgt = {j for _, t in links for j in t}
    out = set(links)
    out |= {((i,), ()) for i in range(n) if i not in seen_src}
    out |= {((), (j,)) for j in range(m) if j not in seen_tgt}
    return out


def score(docs: Sequence[str], predict: Callable[[str], LinkSet]) -> dict[str, object]:
    tp = fp = fn = 0
    found: Counter[str] = Counter()
    total: Counter[str] = Counter()
    pairs = 0
    started = time.perf_counter()
    for doc in docs:
        gold = read_gold(DATA / f"{doc}.gold")
        pred = predict(doc)
        pairs += sum(len(s) for s, _ in gold)
        tp += len(pred & gold)
        fp += len(pred - gold)
        fn += len(gold - pred)
        for link in gold:
            kind = f"{len(link[0])}-{len(link[1])}"
            total[kind] += 1
            found[kind] += link in pred
    seconds = time.perf_counter() - started
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {
        "precision": p,
        "recall": r,
        "f1": 2 * p * r / (p + r) if p + r else 0.0,
        "recall_by_type": {k: found[k] / total[k] for k in TYPES if total[k]},
        "gold_by_type": {k: total[k] for k in TYPES},
        "sentence_pairs_per_s": pairs / seconds if seconds else 0.0,
        "docs": len(docs),
    }


def _lines(doc: str, lang: str) -> list[str]:
    return (DATA / f"{doc}.{lang}").read_text(encoding="utf-8").splitlines()


def ours(settings: AlignSettings, scorer: object = None) -> Callable[[str], LinkSet]:
    def predict(doc: str) -> LinkSet:
        source = read_side(DATA / f"{doc}.de", "de", presegmented=True)
        target = read_side(DATA / f"{doc}.en", "en", presegmented=True)
        result = align(source, target, settings=settings, scorer=scorer)  # type: ignore[arg-type]
        if scorer is not None:
            ours.model_pairs += int(result.stats.get("model_pairs", 0))  # type: ignore[attr-defined]
        return {
            (tuple(source.ids[i] for i in link.source), tuple(target.ids[j] for j in link.target))
            for link in result.links
        }

    return predict


ours.model_pairs = 0  # type: ignore[attr-defined]


def gale_church(doc: str) -> LinkSet:
    import galechurch

    src, tgt = _lines(doc, "de"), _lines(doc, "en")
    block = galechurch.align(src, tgt)
    links = {
        (tuple(range(b.source_start, b.source_end)), tuple(range(b.target_start, b.target_end)))
        for b in block.beads
    }
    return _complete(links, len(src), len(tgt))


def _trigram_encoder(texts: list[str]):  # type: ignore[no-untyped-def]
    import numpy as np

    rows = np.zeros((len(texts), 512), dtype=np.float32)
    for k, text in enumerate(texts):
        padded = f"  {text.lower()}  "
        for a in range(len(padded) - 2):
            h = int(hashlib.md5(padded[a : a + 3].encode()).hexdigest()[:6], 16) % 512
            rows[k, h] += 1.0
        norm = float(np.linalg.norm(rows[k])) or 1.0
        rows[k] /= norm
    return rows


def sentalign_trigrams(doc: str) -> LinkSet:
    from sentalign import sentalign

    src, tgt = _lines(doc, "de"), _lines(doc, "en")
    result = sentalign(src, tgt, _trigram_encoder)
    links: LinkSet = set()
    for block in result.alignments:
        links.add((tuple(block.src_indices), tuple(block.tgt_indices)))
    return _complete(links, len(src), len(tgt))


def diagonal(doc: str) -> LinkSet:
    n, m = len(_lines(doc, "de")), len(_lines(doc, "en"))
    return _complete({((i,), (i,)) for i in range(min(n, m))}, n, m)


# -- the model ----------------------------------------------------------------------------------


def trained_checkpoint(docs: Sequence[str], seconds: float) -> Path:
    """A tiny Marian model trained on the parallel lines behind ``docs`` (cached)."""
    from translate.devtools.train_tiny import train_tiny_marian

    first, last = int(docs[0]) * 20, (int(docs[-1]) + 1) * 20
    german = (PARALLEL / "newstest2021.de-en.de").read_text(encoding="utf-8").splitlines()
    english = (PARALLEL / "newstest2021.de-en.en").read_text(encoding="utf-8").splitlines()
    pairs = list(zip(german[first:last], english[first:last], strict=True))
    key = hashlib.sha256(json.dumps([pairs, seconds]).encode()).hexdigest()[:12]
    out = CACHE / f"align-tiny-{key}"
    if (out / "model.safetensors").is_file():
        return out
    print(
        f"training a tiny checkpoint on {len(pairs)} pairs (≤ {seconds:.0f} s) …", file=sys.stderr
    )
    return train_tiny_marian(
        out,
        pairs,
        max_steps=100_000,
        batch_size=min(len(pairs), 64),
        seconds=seconds,
        spm_vocab_size=500,
    )


# -- English segmentation -----------------------------------------------------------------------


def segmentation_docs() -> list[tuple[str, set[int]]]:
    """Pseudo-documents of ten reference lines; gold boundaries at the line ends."""

    def final(line: str) -> bool:
        return line.rstrip("\"'”’)")[-1:] in ".!?…"

    docs = []
    for name in ("newstest2021.de-en.en", "newstest2021.de-en.refB.en"):
        lines = [x.strip() for x in (PARALLEL / name).read_text(encoding="utf-8").splitlines()]
        lines = [x for x in lines if x]
        for k in range(0, len(lines), 10):
            group = lines[k : k + 10]
            text, gold = "", set()
            for a, line in enumerate(group):
                text += line
                if a < len(group) - 1:
                    gold.add(len(text))
                    text += " " if final(line) and final(group[a + 1]) else "\n"
            docs.append((text, gold))
    return docs


def _spans_to_ends(text: str, sentences: list[str]) -> set[int]:
    ends, pos = set(), 0
    for sentence in sentences:
        start = text.find(sentence.strip(), pos)
        if start < 0:
            continue
        pos = start + len(sentence.strip())
        ends.add(pos)
    return ends


def segmenters() -> dict[str, Callable[[str], set[int]]]:
    out: dict[str, Callable[[str], set[int]]] = {
        "ours (en-rules-1)": lambda text: {e for _, e in split_english_sentences(text)}
    }
    try:
        import pysbd

        seg = pysbd.Segmenter(language="en", clean=False)
        out["pysbd (en)"] = lambda text: _spans_to_ends(text, seg.segment(text))
    except ImportError:
        pass
    try:
        from syntok import segmenter as syntok_segmenter

        def syntok_split(text: str) -> set[int]:
            ends = set()
            for paragraph in syntok_segmenter.analyze(text):
                for sentence in paragraph:
                    last = sentence[-1]
                    ends.add(last.offset + len(last.value))
            return ends

        out["syntok"] = syntok_split
    except ImportError:
        pass
    return out


def bench_segmentation() -> dict[str, dict[str, float]]:
    docs = segmentation_docs()
    results = {}
    for name, split in segmenters().items():
        tp = fp = fn = 0
        sentences = 0
        started = time.perf_counter()
        for text, gold in docs:
            ends = {e for e in split(text) if e < len(text.rstrip())}
            tp += len(ends & gold)
            fp += len(ends - gold)
            fn += len(gold - ends)
            sentences += len(gold) + 1
        seconds = time.perf_counter() - started
        p, r = tp / (tp + fp), tp / (tp + fn)
        results[name] = {
            "precision": p,
            "recall": r,
            "f1": 2 * p * r / (p + r),
            "sentences_per_s": sentences / seconds,
        }
    return results


# -- report -------------------------------------------------------------------------------------


def _row(name: str, r: dict[str, object]) -> str:
    by_type = r["recall_by_type"]
    assert isinstance(by_type, dict)
    cells = " | ".join(f"{by_type[k]:.2f}" if k in by_type else "–" for k in TYPES)
    return (
        f"| {name} | {r['docs']} | {r['precision']:.3f} | {r['recall']:.3f} | "
        f"**{r['f1']:.3f}** | {cells} | {r['sentence_pairs_per_s']:,.0f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model-docs", type=int, default=2)
    parser.add_argument("--train-seconds", type=float, default=300.0)
    parser.add_argument("--no-model", action="store_true", help="skip the model rows")
    args = parser.parse_args()
    docs = sorted(p.stem for p in DATA.glob("*.gold"))
    rows: dict[str, dict[str, object]] = {}
    rows["ours --no-model"] = score(docs, ours(AlignSettings()))
    rows["ours, length only (no anchors)"] = score(
        docs, ours(AlignSettings(weights=Weights(use_anchors=False)))
    )
    rows["ours --no-model --extended-links"] = score(
        docs, ours(AlignSettings(weights=Weights(types=tuple(PRIORS))))
    )
    rows["Gale–Church (galechurch 0.1.0)"] = score(docs, gale_church)
    try:
        rows["sentalign 0.3.0, char-trigram encoder"] = score(docs, sentalign_trigrams)
    except Exception as exc:  # noqa: BLE001 — a third-party aligner failing is a figure too
        print(f"sentalign failed: {exc}", file=sys.stderr)
    rows["sentence i ↔ sentence i"] = score(docs, diagonal)
    model_info: dict[str, object] = {}
    if not args.no_model:
        from translate.engines import load_backend

        subset = docs[: args.model_docs]
        checkpoint = trained_checkpoint(subset, args.train_seconds)
        backend = load_backend(str(checkpoint), engine="ctranslate2", precision="fp32")
        ours.model_pairs = 0  # type: ignore[attr-defined]
        rows[f"ours --no-model, first {len(subset)} docs"] = score(subset, ours(AlignSettings()))
        rows[f"ours + trained tiny model, first {len(subset)} docs"] = score(
            subset, ours(AlignSettings(), backend)
        )
        model_info = {
            "checkpoint": str(checkpoint.relative_to(ROOT)),
            "docs": len(subset),
            "model_pairs_scored": ours.model_pairs,  # type: ignore[attr-defined]
        }
    segmentation = bench_segmentation()
    print("| aligner | docs | P | R | F1 | " + " | ".join(f"R {k}" for k in TYPES) + " | pairs/s |")
    print("| --- " * 11 + "|")
    for name, r in rows.items():
        print(_row(name, r))
    if model_info:
        print(f"\nmodel: {model_info}")
    print("\n| English segmenter | P | R | F1 | sentences/s |\n| --- | --- | --- | --- | --- |")
    for name, s in segmentation.items():
        print(
            f"| {name} | {s['precision']:.3f} | {s['recall']:.3f} | **{s['f1']:.3f}** | "
            f"{s['sentences_per_s']:,.0f} |"
        )
    RESULTS.write_text(
        json.dumps(
            {"aligners": rows, "model": model_info, "english_segmentation": segmentation},
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()

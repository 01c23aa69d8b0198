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

Usage: python benchmarks/bench_align.py [--model-docs N] [--variants W:C ...] [--reverse]
       [--hunalign PATH] [--no-model]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
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
from translate.devtools.train_tiny import WIDE_TRAINABLE_ARCHITECTURE  # noqa: E402

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


def ours(settings: AlignSettings) -> Callable[[str], LinkSet]:
    def predict(doc: str) -> LinkSet:
        source = read_side(DATA / f"{doc}.de", "de", presegmented=True)
        target = read_side(DATA / f"{doc}.en", "en", presegmented=True)
        result = align(source, target, settings=settings)
        return {
            (tuple(source.ids[i] for i in link.source), tuple(target.ids[j] for j in link.target))
            for link in result.links
        }

    return predict


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


# -- hunalign ------------------------------------------------------------------------------------

HUNALIGN_DEFAULT = Path.home() / ".cache" / "dejour-translate" / "hunalign" / "src" / "hunalign"
_TOKEN = re.compile(r"\w+|[^\w\s]")


def find_hunalign(option: str | None) -> Path | None:
    """The hunalign binary: ``--hunalign``, else ``$HUNALIGN``, else the README's build folder,
    else ``hunalign`` on the PATH; None when none of them is an executable file."""
    named = option or os.environ.get("HUNALIGN")
    candidates = [Path(named)] if named else [HUNALIGN_DEFAULT / "hunalign"]
    if not named and shutil.which("hunalign"):
        candidates.append(Path(str(shutil.which("hunalign"))))
    for path in candidates:
        if path.is_file() and os.access(path, os.X_OK):
            return path
    return None


def hunalign(binary: Path, *flags: str) -> Callable[[str], LinkSet]:
    """hunalign on whitespace-tokenised lines with an empty dictionary; its ladder of rungs
    (``i<TAB>j<TAB>score``: the first i German lines match the first j English ones) becomes
    links between consecutive rungs."""

    def predict(doc: str) -> LinkSet:
        src, tgt = _lines(doc, "de"), _lines(doc, "en")
        with tempfile.TemporaryDirectory() as folder:
            tmp = Path(folder)
            (tmp / "null.dic").write_text("", encoding="utf-8")
            for name, lines in (("de", src), ("en", tgt)):
                text = "".join(" ".join(_TOKEN.findall(line)) + "\n" for line in lines)
                (tmp / name).write_text(text, encoding="utf-8")
            done = subprocess.run(
                [
                    str(binary),
                    "-utf",
                    *flags,
                    str(tmp / "null.dic"),
                    str(tmp / "de"),
                    str(tmp / "en"),
                ],
                capture_output=True,
                text=True,
                timeout=60,
                check=True,
                cwd=tmp,  # hunalign leaves a translate.txt in its working folder
            )
        rungs = [tuple(int(x) for x in line.split("\t")[:2]) for line in done.stdout.splitlines()]
        links: LinkSet = set()
        for (i0, j0), (i1, j1) in zip(rungs, rungs[1:], strict=False):
            if (i0, j0) != (i1, j1):
                links.add((tuple(range(i0, i1)), tuple(range(j0, j1))))
        return _complete(links, len(src), len(tgt))

    return predict


def diagonal(doc: str) -> LinkSet:
    n, m = len(_lines(doc, "de")), len(_lines(doc, "en"))
    return _complete({((i,), (i,)) for i in range(min(n, m))}, n, m)


# -- the model ----------------------------------------------------------------------------------


#: The benchmark's checkpoint: a little wider than the test suite's trainable architecture (it
#: learns 1,000 lines and as many joined pairs), mini-batches of 50 pairs, a fixed number of
#: passes (not a time limit, so a busy machine trains the same model, only later; training stops
#: early once greedy decoding reproduces every pair). Warm-up and gradient clipping keep a run on
#: all documents from collapsing to the unigram loss, as it did without them.
ARCHITECTURE = WIDE_TRAINABLE_ARCHITECTURE
TRAINING: dict[str, object] = {
    "spm_vocab_size": 2000,
    "batch_size": 50,
    "learning_rate": 2e-3,
    "epochs": 60,
    "min_steps": 800,
    "warmup_steps": 200,
    "clip_norm": 1.0,
    "decay": True,
}
#: Documents whose lines the checkpoint learns (0: all 50).
MODEL_DOCS = 0


def parallel_pairs(docs: Sequence[str]) -> list[tuple[str, str]]:
    """The newstest2021 lines behind ``docs`` (document NNN = lines 20·NNN … 20·NNN+19)."""
    german = (PARALLEL / "newstest2021.de-en.de").read_text(encoding="utf-8").splitlines()
    english = (PARALLEL / "newstest2021.de-en.en").read_text(encoding="utf-8").splitlines()
    return [
        (german[k], english[k]) for doc in docs for k in range(int(doc) * 20, int(doc) * 20 + 20)
    ]


def with_joined_pairs(pairs: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """``pairs`` and, for each, the pair joined with another one drawn by a fixed shuffle
    (German and English each by one space).

    A real translation model has read multi-sentence inputs, so it can judge a 2-1 or 1-2
    candidate; a checkpoint that only learned single lines cannot. The partner is drawn at
    random, not the next line of the document: a memorising decoder that learned the
    document's consecutive lines glued together predicts the next English sentence after the
    current one whatever the German says, so an added English sentence looked explained by the
    German before it (5 documents: .963 with consecutive lines, .984 with random partners)."""
    import random

    partner = list(range(len(pairs)))
    random.Random(0).shuffle(partner)
    joined = [
        (f"{pairs[k][0]} {pairs[other][0]}", f"{pairs[k][1]} {pairs[other][1]}")
        for k, other in enumerate(partner)
        if other != k
    ]
    return [*pairs, *joined]


def trained_checkpoint(pairs: Sequence[tuple[str, str]], reverse: bool = False) -> Path:
    """A tiny Marian model trained on ``pairs`` (English→German with ``reverse``), cached by its
    inputs under ``benchmarks/.cache/``."""
    from translate.devtools.tiny_marian import TinyMarianSpec
    from translate.devtools.train_tiny import train_tiny_marian

    if reverse:
        pairs = [(en, de) for de, en in pairs]
    key = hashlib.sha256(
        json.dumps([list(pairs), ARCHITECTURE, TRAINING, reverse], ensure_ascii=False).encode()
    ).hexdigest()[:12]
    out = CACHE / f"align-tiny-{'en-de' if reverse else 'de-en'}-{key}"
    if (out / "trained.json").is_file():
        return out
    tmp = CACHE / f"{out.name}.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    per_epoch = -(-len(pairs) // int(TRAINING["batch_size"]))  # type: ignore[call-overload]
    steps = max(int(TRAINING["min_steps"]), int(TRAINING["epochs"]) * per_epoch)  # type: ignore[call-overload]
    print(f"training {out.name} on {len(pairs)} pairs, {steps} steps (once) …", file=sys.stderr)
    started = time.monotonic()
    import torch

    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # two threads on two shared cores spin against other processes
    train_tiny_marian(
        tmp,
        pairs,
        spec=TinyMarianSpec(
            architecture=ARCHITECTURE,
            spm_vocab_size=int(TRAINING["spm_vocab_size"]),  # type: ignore[call-overload]
            source_lang="en" if reverse else "de",
            target_lang="de" if reverse else "en",
        ),
        batch_size=int(TRAINING["batch_size"]),  # type: ignore[call-overload]
        learning_rate=float(TRAINING["learning_rate"]),  # type: ignore[arg-type]
        max_steps=steps,
        decay=bool(TRAINING["decay"]),
        warmup_steps=int(TRAINING["warmup_steps"]),  # type: ignore[call-overload]
        clip_norm=float(TRAINING["clip_norm"]),  # type: ignore[arg-type]
        log=lambda line: print(f"  {line}", file=sys.stderr, flush=True),
    )
    torch.set_num_threads(threads)
    (tmp / "trained.json").write_text(
        json.dumps({"pairs": len(pairs), "steps": steps, "seconds": time.monotonic() - started})
        + "\n",
        encoding="utf-8",
    )
    shutil.rmtree(out, ignore_errors=True)
    tmp.rename(out)
    return out


def memorisation(backend: object, pairs: Sequence[tuple[str, str]]) -> dict[str, float]:
    """Mean forced-decoding log-probability per target token of the true pairs, of the same
    targets after the wrong source (each German line with the English of the next pair), and
    after the empty source: a model that knows the sentences puts the first far above the
    other two."""
    sources = [s for s, _ in pairs]
    targets = [t for _, t in pairs]
    shifted = targets[1:] + targets[:1]

    def mean(scores: list[object]) -> float:
        return sum(s.mean for s in scores) / len(scores)  # type: ignore[attr-defined]

    score = backend.score  # type: ignore[attr-defined]
    return {
        "true_pairs": mean(score(sources, targets)),
        "shifted_pairs": mean(score(sources, shifted)),
        "empty_source": mean(score([""] * len(targets), targets)),
    }


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


def _with_model(
    subset: Sequence[str], settings: AlignSettings, forward: object, reverse: object = None
) -> tuple[dict[str, object], int]:
    """The score of ours with a model, and how many candidate pairs the model scored."""
    counted: list[int] = []

    def predict(doc: str) -> LinkSet:
        source = read_side(DATA / f"{doc}.de", "de", presegmented=True)
        target = read_side(DATA / f"{doc}.en", "en", presegmented=True)
        result = align(source, target, settings=settings, scorer=forward, reverse=reverse)  # type: ignore[arg-type]
        counted.append(int(result.stats.get("model_candidates", 0)))
        return {
            (tuple(source.ids[i] for i in link.source), tuple(target.ids[j] for j in link.target))
            for link in result.links
        }

    return score(subset, predict), sum(counted)


def model_rows(
    docs: list[str], args: argparse.Namespace, rows: dict[str, dict[str, object]]
) -> dict[str, object]:
    """Ours with a checkpoint trained on the documents' parallel lines, and with a random one."""
    from dataclasses import replace

    from translate.devtools.tiny_marian import build_tiny_marian
    from translate.engines import load_backend

    subset = docs[: args.model_docs] if args.model_docs else docs
    pairs = parallel_pairs(subset)
    checkpoint = trained_checkpoint(with_joined_pairs(pairs))
    forward = load_backend(str(checkpoint), engine="ctranslate2", precision="fp32")
    info: dict[str, object] = {
        "checkpoint": str(checkpoint.relative_to(ROOT)),
        "trained": json.loads((checkpoint / "trained.json").read_text(encoding="utf-8")),
        "docs": len(subset),
        "memorisation_forward": memorisation(forward, pairs),
    }
    label = f"{len(subset)} docs" if len(subset) < len(docs) else "all docs"
    if len(subset) < len(docs):
        rows[f"ours --no-model, {label}"] = score(subset, ours(AlignSettings()))
    rows[f"ours + trained tiny model, {label}"], info["candidates_scored"] = _with_model(
        subset, AlignSettings(), forward
    )
    for variant in args.variants:
        weight, token_cost = (float(x) for x in variant.split(":"))
        settings = AlignSettings(
            weights=replace(Weights(), model=weight, model_token_cost=token_cost)
        )
        rows[f"ours + trained model, weight {weight:g}, token cost {token_cost:g}"], _ = (
            _with_model(subset, settings, forward)
        )
    if args.reverse:
        reverse_checkpoint = trained_checkpoint(with_joined_pairs(pairs), reverse=True)
        reverse = load_backend(str(reverse_checkpoint), engine="ctranslate2", precision="fp32")
        info["reverse_checkpoint"] = str(reverse_checkpoint.relative_to(ROOT))
        info["memorisation_reverse"] = memorisation(reverse, [(e, d) for d, e in pairs])
        rows[f"ours + trained tiny models both directions, {label}"], _ = _with_model(
            subset, AlignSettings(), forward, reverse
        )
    random_dir = CACHE / "align-random-de-en"
    if not (random_dir / "model.safetensors").is_file():
        build_tiny_marian(random_dir, [de for de, _ in pairs], [en for _, en in pairs])
    random = load_backend(str(random_dir), engine="ctranslate2", precision="fp32")
    rows[f"ours + random test checkpoint (left out), {label}"], _ = _with_model(
        subset, AlignSettings(), random
    )
    return info


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--model-docs",
        type=int,
        default=MODEL_DOCS,
        help=f"train on the first N docs (0: all; default {MODEL_DOCS})",
    )
    parser.add_argument(
        "--variants",
        nargs="*",
        default=[],
        metavar="WEIGHT:TOKEN_COST",
        help="extra model rows: the model weight and the share of the gain charged per token",
    )
    parser.add_argument("--reverse", action="store_true", help="also an English→German model")
    parser.add_argument("--no-model", action="store_true", help="skip the model rows")
    parser.add_argument("--hunalign", help="the hunalign binary (default: $HUNALIGN, the cache)")
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
    binary = find_hunalign(args.hunalign)
    if binary is None:
        print(
            "hunalign not found (--hunalign PATH or $HUNALIGN; README: building hunalign): "
            "its rows are left out",
            file=sys.stderr,
        )
    else:
        rows["hunalign (no dictionary)"] = score(docs, hunalign(binary))
        rows["hunalign -realign (no dictionary)"] = score(docs, hunalign(binary, "-realign"))
    rows["sentence i ↔ sentence i"] = score(docs, diagonal)
    model_info: dict[str, object] = {}
    if not args.no_model:
        model_info = model_rows(docs, args, rows)
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

"""Score German sentence splitters on the shared gold segmentations.

Run from the repository root::

    python benchmarks/bench_segment.py [--data DIR] [--out FILE] [--repeat N]

Reads ``../shared/data/segmentation/*.jsonl`` (one document per line: ``text`` and gold
``sentences``; see that folder's README). Each document is split into paragraphs on blank lines and
every splitter is called once per paragraph. Scores are computed in whitespace-free coordinates:

* a *boundary* is the end offset of a sentence; the end of a document is not counted;
* boundary precision / recall / F1 compare predicted with gold boundaries;
* *exact* is the share of gold sentences whose start and end both equal a predicted sentence's;
* *sent/s* is gold sentences divided by the time spent inside the splitter (best of ``--repeat``).

Rows: ours (``translate.segment``) first, then pysbd (de), syntok and SoMaJo (de_CMC) where
installed (``pip install -e '.[dev]'``); a missing library is skipped with a note. The figures
are micro-averaged over all files, with one row per file below; they are also written to
``benchmarks/results/segment.json``. The run fails (exit 1) when ours falls below the floor
(``--min-f1 0.90``, ``--min-exact 0.76`` on the dev gold): the regression check the test suite
cannot run, since the gold is not part of the project.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from translate.segment import SEGMENTER_VERSION, split_paragraphs, split_sentences  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "segmentation"
DEFAULT_OUT = ROOT / "benchmarks" / "results" / "segment.json"

Spans = list[tuple[int, int]]
Splitter = Callable[[str], Spans]


# ---------------------------------------------------------------------------------------------
# Splitters: each maps one paragraph to sentence spans (offsets into the paragraph)
# ---------------------------------------------------------------------------------------------


def _align(text: str, sentences: Iterable[str]) -> Spans:
    """Spans of ``sentences`` (strings in order, possibly re-spaced) inside ``text``."""
    out: Spans = []
    pos = 0
    for sentence in sentences:
        s = sentence.strip()
        if not s:
            continue
        i = text.find(s, pos)
        if i < 0:  # the splitter changed the text: fall back to whitespace-free lengths
            i, n = pos, 0
            need = sum(1 for c in s if not c.isspace())
            while i < len(text) and text[i].isspace():
                i += 1
            j = i
            while j < len(text) and n < need:
                n += not text[j].isspace()
                j += 1
            out.append((i, j))
            pos = j
            continue
        out.append((i, i + len(s)))
        pos = i + len(s)
    return out


def _ours() -> tuple[Splitter, str]:
    return split_sentences, f"ours ({SEGMENTER_VERSION})"


def _pysbd() -> tuple[Splitter, str]:
    import pysbd

    seg = pysbd.Segmenter(language="de", clean=False)

    def split(text: str) -> Spans:
        # pysbd's char_span mode misplaces some spans; align its sentences (its main output) instead
        return _align(text, seg.segment(text))

    return split, f"pysbd {metadata.version('pysbd')} (de)"


def _syntok() -> tuple[Splitter, str]:
    from syntok import segmenter

    def split(text: str) -> Spans:
        out = []
        for paragraph in segmenter.analyze(text):
            for sentence in paragraph:
                if sentence:
                    out.append((sentence[0].offset, sentence[-1].offset + len(sentence[-1].value)))
        return out

    return split, f"syntok {metadata.version('syntok')}"


def _somajo() -> tuple[Splitter, str]:
    from somajo import SoMaJo

    tok = SoMaJo("de_CMC", split_sentences=True, character_offsets=True)

    def split(text: str) -> Spans:
        return [
            (sentence[0].character_offset[0], sentence[-1].character_offset[1])
            for sentence in tok.tokenize_text([text])
            if sentence
        ]

    return split, f"SoMaJo {metadata.version('SoMaJo')} (de_CMC)"


SPLITTERS: dict[str, Callable[[], tuple[Splitter, str]]] = {
    "ours": _ours,
    "pysbd": _pysbd,
    "syntok": _syntok,
    "somajo": _somajo,
}


# ---------------------------------------------------------------------------------------------
# Scoring
# ---------------------------------------------------------------------------------------------


def _nonspace_prefix(text: str) -> list[int]:
    """prefix[i] = number of non-whitespace characters in text[:i]."""
    prefix = [0] * (len(text) + 1)
    n = 0
    for i, c in enumerate(text):
        if not c.isspace():
            n += 1
        prefix[i + 1] = n
    return prefix


def _gold_spans(sentences: Iterable[str]) -> list[tuple[int, int]]:
    out, pos = [], 0
    for s in sentences:
        n = sum(1 for c in s if not c.isspace())
        if n:
            out.append((pos, pos + n))
            pos += n
    return out


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    gold: int = 0
    exact: int = 0
    seconds: float = 0.0

    def add(self, other: Score) -> None:
        for f in ("tp", "fp", "fn", "gold", "exact", "seconds"):
            setattr(self, f, getattr(self, f) + getattr(other, f))

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def exact_rate(self) -> float:
        return self.exact / self.gold if self.gold else 0.0

    @property
    def per_second(self) -> float:
        return self.gold / self.seconds if self.seconds else float("inf")

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "exact": round(self.exact_rate, 4),
            "sentences_per_second": round(self.per_second, 1),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "gold_sentences": self.gold,
            "exact_sentences": self.exact,
            "seconds": round(self.seconds, 4),
        }


@dataclass
class Document:
    id: str
    text: str
    sentences: list[str]
    paragraphs: list[tuple[int, int]] = field(default_factory=list)


def load_documents(path: Path) -> list[Document]:
    docs = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                d = json.loads(line)
                doc = Document(d["id"], d["text"], d["sentences"])
                doc.paragraphs = split_paragraphs(doc.text)
                docs.append(doc)
    return docs


def predict(split: Splitter, docs: list[Document]) -> tuple[list[list[tuple[int, int]]], float]:
    """Predicted sentence spans per document, in the document's own offsets; and the time spent."""
    out: list[list[tuple[int, int]]] = []
    elapsed = 0.0
    for doc in docs:
        spans: list[tuple[int, int]] = []
        for ps, pe in doc.paragraphs:
            para = doc.text[ps:pe]
            t0 = time.perf_counter()
            pred = split(para)
            elapsed += time.perf_counter() - t0
            spans.extend((ps + a, ps + b) for a, b in pred)
        out.append(spans)
    return out, elapsed


def score_document(doc: Document, spans: list[tuple[int, int]]) -> Score:
    prefix = _nonspace_prefix(doc.text)
    total = prefix[-1]
    gold = _gold_spans(doc.sentences)
    pred = {(prefix[s], prefix[e]) for s, e in spans if prefix[e] > prefix[s]}
    gold_b = {e for _, e in gold} - {total}
    pred_b = {e for _, e in pred} - {total, 0}
    tp = len(gold_b & pred_b)
    return Score(
        tp=tp,
        fp=len(pred_b) - tp,
        fn=len(gold_b) - tp,
        gold=len(gold),
        exact=sum(1 for g in gold if g in pred),
    )


def evaluate(split: Splitter, docs: list[Document], repeat: int = 1) -> Score:
    best = float("inf")
    spans: list[list[tuple[int, int]]] = []
    for _ in range(max(1, repeat)):
        spans, elapsed = predict(split, docs)
        best = min(best, elapsed)
    total = Score()
    for doc, s in zip(docs, spans, strict=True):
        total.add(score_document(doc, s))
    total.seconds = best
    return total


# ---------------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------------


def _table(rows: list[tuple[str, Score]]) -> str:
    width = max([len("splitter")] + [len(name) for name, _ in rows])
    lines = [
        f"| {'splitter':<{width}} | P     | R     | F1    | exact | {'sent/s':>9} |",
        f"|{'-' * (width + 2)}|-------|-------|-------|-------|{'-' * 11}|",
    ]
    for name, s in rows:
        lines.append(
            f"| {name:<{width}} | {s.precision:.3f} | {s.recall:.3f} | {s.f1:.3f} "
            f"| {s.exact_rate:.3f} | {s.per_second:>9,.0f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder of gold *.jsonl")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where to write the JSON")
    ap.add_argument("--repeat", type=int, default=3, help="timing runs per splitter (best kept)")
    ap.add_argument("--only", nargs="*", choices=sorted(SPLITTERS), help="run these splitters")
    ap.add_argument(
        "--min-f1", type=float, default=0.90, help="fail (exit 1) when ours scores a lower F1"
    )
    ap.add_argument(
        "--min-exact", type=float, default=0.76, help="fail (exit 1) below this exact rate"
    )
    args = ap.parse_args(argv)

    files = sorted(args.data.glob("*.jsonl")) if args.data.is_dir() else []
    if not files:
        print(
            f"error: no gold segmentation files (*.jsonl) under {args.data}; the benchmark reads "
            "../shared/data/segmentation/ beside the repository (see its README), or pass --data",
            file=sys.stderr,
        )
        return 2
    corpora = {f.stem: load_documents(f) for f in files}

    results: dict[str, dict] = {}
    notes: list[str] = []
    micro_rows: list[tuple[str, Score]] = []
    file_rows: list[tuple[str, Score]] = []
    for key, factory in SPLITTERS.items():
        if args.only and key not in args.only:
            continue
        try:
            split, label = factory()
        except ImportError as exc:
            notes.append(
                f"{key}: skipped ({exc.name or exc} is not installed; pip install -e '.[dev]')"
            )
            continue
        micro = Score()
        per_file = {}
        for name, docs in corpora.items():
            s = evaluate(split, docs, args.repeat)
            micro.add(s)
            per_file[name] = s
            file_rows.append((f"{label} · {name}", s))
        micro_rows.append((label, micro))
        results[key] = {
            "label": label,
            "micro": micro.as_dict(),
            "files": {k: v.as_dict() for k, v in per_file.items()},
        }

    n_docs = sum(len(d) for d in corpora.values())
    n_sent = sum(len(doc.sentences) for d in corpora.values() for doc in d)
    print(f"German sentence segmentation: {len(files)} files, {n_docs} documents, {n_sent} gold")
    print(f"sentences ({', '.join(f.name for f in files)})\n")
    print("Micro-averaged over all files (boundary P/R/F1, exact-sentence accuracy):\n")
    print(_table(micro_rows))
    print("\nPer file:\n")
    print(_table(file_rows))
    for note in notes:
        print(f"\nnote: {note}")

    args.out.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "segmenter_version": SEGMENTER_VERSION,
        "data": [str(f.name) for f in files],
        "python": platform.python_version(),
        "definition": "boundary = end of a gold sentence in whitespace-free text, document end "
        "not counted; exact = gold sentence whose start and end equal a predicted one's; "
        "sentences/s = gold sentences / time inside the splitter (best of repeats)",
        "results": results,
        "skipped": notes,
    }
    args.out.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nwritten: {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    ours = next((score for label, score in micro_rows if label.startswith("ours")), None)
    if ours is not None and (ours.f1 < args.min_f1 or ours.exact_rate < args.min_exact):
        print(
            f"regression: ours scores F1 {ours.f1:.3f} / exact {ours.exact_rate:.3f}, below the "
            f"floor {args.min_f1:.3f} / {args.min_exact:.3f}",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

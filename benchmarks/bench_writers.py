"""Writers on big articles: seconds per MB and peak memory of each output format, per size.

Protocol (printed with the figures):
* a small random test checkpoint (``translate.devtools``; SentencePiece trained on newstest2021)
  translates, once, an article of the largest ``--sizes`` made of newstest2021 German paragraphs
  (five consecutive lines each: names, dates, numbers, amounts) with the shipped news glossary,
  greedy, no memory: the pairs carry the terms, values, flags and word links of a real run;
* each smaller size is the leading paragraphs of that translation, up to its size in input bytes;
* each (format, size) is written by ``write_outputs`` — the path ``translate article`` takes, temp
  file and rename included — in a fresh child process that loads the translated document first;
  its time, its peak RSS above the RSS it had with the document loaded (``VmHWM − VmRSS``, what the
  writer itself adds) and the size of the file;
* seconds per MB and bytes are per MB of the input article; a random model's English edition is
  several times longer than a real translation, which inflates every bilingual format alike.

Usage: python benchmarks/bench_writers.py [--sizes 0.1,0.5,1] [--formats md,tmx,…]
       [--cache DIR] [--label NAME]

``--cache DIR`` keeps the checkpoint and the translated documents for the next run (so that a
before/after comparison writes the very same documents); ``--label`` names the row set in
``benchmarks/results/writers.json`` (default ``current``), so that an earlier set stays there.
"""

from __future__ import annotations

import argparse
import json
import pickle
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data" / "parallel"
RESULTS = ROOT / "benchmarks" / "results" / "writers.json"
FORMATS = ("md", "tmx", "xliff", "xliff12", "html", "jsonl")
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="0.1,0.5,1", help="input sizes in MB, comma-separated")
    parser.add_argument("--formats", default=",".join(FORMATS))
    parser.add_argument("--cache", type=Path, default=None, help="keep model and documents")
    parser.add_argument("--label", default="current", help="name of this row set")
    parser.add_argument(
        "--child", nargs=3, metavar=("DOC", "FORMAT", "OUT"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.child:
        return child(Path(args.child[0]), args.child[1], Path(args.child[2]))
    sizes = sorted(float(s) for s in args.sizes.split(",") if s.strip())
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    source = SHARED / "newstest2021.de-en.de"
    if not source.is_file():
        print(f"bench-writers: {source} is absent (the shared data is needed)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        work = args.cache or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        docs = documents(work, sizes)
        rows = []
        for size, (doc_path, input_bytes) in zip(sizes, docs, strict=True):
            for fmt in formats:
                out = Path(tmp) / f"out-{size}-{fmt}"
                row = run_child(doc_path, fmt, out)
                row.update(size_mb=size, input_bytes=input_bytes, format=fmt)
                row["seconds_per_mb"] = round(row["seconds"] / (input_bytes / 1e6), 2)
                row["output_per_input"] = round(row["output_bytes"] / input_bytes, 2)
                rows.append(row)
                print(
                    f"{fmt:8} {size:>5.2f} MB {row['seconds']:>8.2f} s "
                    f"{row['seconds_per_mb']:>8.2f} s/MB  +{row['peak_rss_mib']:>6.0f} MiB  "
                    f"{row['output_bytes'] / 1e6:>7.1f} MB out",
                    file=sys.stderr,
                )
    report(rows, args.label)
    return 0


def documents(work: Path, sizes: list[float]) -> list[tuple[Path, int]]:
    """One pickled translated document per size (leading paragraphs of the largest)."""
    largest = max(sizes)
    full = work / f"translated-{largest}.pickle"
    if not full.is_file():
        translate_article(work, largest, full)
    doc = pickle.loads(full.read_bytes())
    found: list[tuple[Path, int]] = []
    for size in sizes:
        path = work / f"doc-{largest}-{size}.pickle"
        wanted = size * 1_000_000
        kept, total, paragraph = [], 0, None
        for pair in doc.pairs:
            if pair.segment.paragraph != paragraph:
                if total >= wanted:
                    break
                paragraph = pair.segment.paragraph
                total += 2  # the blank line between paragraphs
            kept.append(pair)
            total += len(pair.segment.text.encode("utf-8")) + 1
        part = replace(doc, pairs=tuple(kept))
        path.write_bytes(pickle.dumps(part, protocol=pickle.HIGHEST_PROTOCOL))
        found.append((path, total))
    return found


def translate_article(work: Path, megabytes: float, out: Path) -> None:
    """Translate a generated article of ``megabytes`` with a tiny checkpoint; pickle the result."""
    from translate.backends.base import DecodeSettings
    from translate.devtools.tiny_marian import build_tiny_marian
    from translate.engines import load_backend
    from translate.glossary import load_glossary
    from translate.pipeline import Translator, document_from_article, translate_document
    from translate.reader import read_article

    german = (SHARED / "newstest2021.de-en.de").read_text(encoding="utf-8").splitlines()
    english = (SHARED / "newstest2021.de-en.en").read_text(encoding="utf-8").splitlines()
    model = work / "tiny"
    if not (model / "config.json").is_file():
        print("building a small random test checkpoint …", file=sys.stderr)
        build_tiny_marian(model, german, english)
    article = work / f"big-{megabytes}.de.txt"
    from big_article import write_big_article  # benchmarks/, the script's folder

    write_big_article(article, german, megabytes)
    size = article.stat().st_size
    print(f"translating {size / 1e6:.1f} MB once (tiny checkpoint, greedy) …", file=sys.stderr)
    backend = load_backend(str(model))
    glossary = load_glossary(ROOT / "glossaries" / "news-de-en.tsv")
    translator = Translator(backend, glossary, DecodeSettings(beam=1))
    started = time.perf_counter()
    doc = translate_document(document_from_article(read_article(article)), translator)
    print(f"translated in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    out.write_bytes(pickle.dumps(doc, protocol=pickle.HIGHEST_PROTOCOL))


def run_child(doc_path: Path, fmt: str, out: Path) -> dict[str, Any]:
    command = [sys.executable, __file__, "--child", str(doc_path), fmt, str(out)]
    done = subprocess.run(command, capture_output=True, text=True, check=True, timeout=3600)
    row: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return row


def _status_kib(field: str) -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def child(doc_path: Path, fmt: str, out: Path) -> int:
    """Write one format of one document; print time, peak RSS added and output size as JSON."""
    from translate.outputs import write_outputs
    from translate.writers import get_writer

    doc = pickle.loads(doc_path.read_bytes())
    get_writer(fmt)  # its module imported before the baseline
    baseline = _status_kib("VmRSS")
    started = time.perf_counter()
    (path,) = write_outputs(doc, (fmt,), out)
    seconds = time.perf_counter() - started
    peak = _status_kib("VmHWM")
    figures = {
        "seconds": round(seconds, 3),
        "peak_rss_mib": round(max(0, peak - baseline) / 1024, 1),
        "document_rss_mib": round(baseline / 1024, 1),
        "output_bytes": path.stat().st_size,
    }
    print(json.dumps(figures))
    return 0


def report(rows: list[dict[str, Any]], label: str) -> None:
    print(
        "\nbench-writers: newstest2021 paragraphs, shipped news glossary, tiny random checkpoint; "
        "each format by write_outputs in a fresh process; RSS is the peak above the loaded "
        "document\n"
    )
    print(
        f"{'format':8} {'MB in':>6} {'seconds':>8} {'s/MB':>7} {'+RSS MiB':>9} "
        f"{'MB out':>7} {'× input':>8}"
    )
    for row in rows:
        print(
            f"{row['format']:8} {row['input_bytes'] / 1e6:>6.2f} {row['seconds']:>8.2f} "
            f"{row['seconds_per_mb']:>7.2f} {row['peak_rss_mib']:>9.0f} "
            f"{row['output_bytes'] / 1e6:>7.1f} {row['output_per_input']:>8.1f}"
        )
    merged = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.is_file() else {}
    merged[label] = rows
    RESULTS.write_text(json.dumps(merged, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {RESULTS.relative_to(ROOT)} ({label})")


if __name__ == "__main__":
    raise SystemExit(main())

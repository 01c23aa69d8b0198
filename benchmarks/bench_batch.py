"""Batch throughput: articles one by one vs packed waves; cold vs warm translation memory.

Protocol (printed with the figures):
* a checkpoint with the real opus-mt-de-en architecture and random weights, built here
  (SentencePiece trained on newstest2021 German/English, vocabulary padded to 58,101);
* ≥ 200 articles generated from ``../shared/data/parallel/newstest2021.de-en.de``: consecutive
  lines, the first of each group as the title;
* output length bounded as in the pipeline (2 × source tokens + 10; a random model never emits
  ``</s>``, so every engine decodes exactly that many tokens);
* rows: one article at a time (``translate article`` in a loop, one model load), packed waves
  (``translate batch``) with an empty translation memory (cold), and ``translate batch`` into a
  *new* output folder with the memory that the cold run filled (warm) — resume cannot be what
  makes the warm run fast, since its output folder is new;
* a big article (``--big-article-mb``, default 5 MB of newstest2021 paragraphs, the shipped news
  glossary, every format): ``translate article`` in a fresh process with a small random test
  checkpoint (the real architecture would decode for an hour on a CPU); its peak RSS, time and
  the size of every output, also relative to the input and to the English edition (a random
  model's output is several times longer than a real translation, which inflates every
  bilingual format alike).

Usage: python benchmarks/bench_batch.py [--articles 200] [--per-article 5] [--beam 1]
       [--big-article-mb 5 | 0 to skip] [--only-big]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data" / "parallel"
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--per-article", type=int, default=5)
    parser.add_argument("--beam", type=int, default=1)
    parser.add_argument("--engine", default=None, help="engine (default: the CLI's default)")
    parser.add_argument("--big-article-mb", type=float, default=5.0)
    parser.add_argument("--only-big", action="store_true", help="only the big-article row")
    args = parser.parse_args()
    source = SHARED / "newstest2021.de-en.de"
    if not source.is_file():
        print(
            f"bench-batch: {source} is absent (the shared data folder is needed)", file=sys.stderr
        )
        return 2

    from translate.backends.base import DecodeSettings
    from translate.batch import run_batch
    from translate.devtools.tiny_marian import REAL_ARCHITECTURE, TinyMarianSpec, build_tiny_marian
    from translate.engines import DEFAULT_ENGINE, load_backend
    from translate.memory import TranslationMemory
    from translate.outputs import write_outputs
    from translate.pipeline import Translator, document_from_article, translate_document
    from translate.reader import read_article

    german = source.read_text(encoding="utf-8").splitlines()
    english = (SHARED / "newstest2021.de-en.en").read_text(encoding="utf-8").splitlines()
    engine = args.engine or DEFAULT_ENGINE
    big = big_article(german, english, args.big_article_mb) if args.big_article_mb > 0 else None
    if args.only_big:
        _save({"engine": engine, "big_article": big})
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        print("building a random checkpoint with the real architecture …", file=sys.stderr)
        spec = TinyMarianSpec(architecture=REAL_ARCHITECTURE, spm_vocab_size=8000, vocab_size=58101)
        model = build_tiny_marian(work / "model", german, english, spec)
        inputs = work / "in"
        inputs.mkdir()
        per = args.per_article
        for i in range(args.articles):
            lines = [german[(i * per + k) % len(german)] for k in range(per)]
            body = "\n\n".join([lines[0], " ".join(lines[1:])])
            (inputs / f"article-{i:04d}.txt").write_text(body + "\n", encoding="utf-8")
        backend = load_backend(str(model), engine=engine)
        settings = DecodeSettings(beam=args.beam)
        formats = ("md", "tmx", "xliff", "html", "jsonl")

        def one_by_one() -> int:
            translator = Translator(backend, None, settings)
            count = 0
            for path in sorted(inputs.glob("*.txt")):
                article = read_article(path)
                doc = document_from_article(article)
                result = translate_document(doc, translator)
                write_outputs(result, formats, work / "one-by-one")
                count += len(result.pairs)
            return count

        def batch(out: str, memory: TranslationMemory | None) -> int:
            translator = Translator(backend, None, settings, memory=memory)
            result = run_batch([str(inputs)], work / out, translator, formats)
            assert not result.failed
            return sum(r.sentences for r in result.reports)

        memory = TranslationMemory(work / "memory")
        rows = []
        for name, job in (
            ("articles one by one", one_by_one),
            ("packed waves (cold memory)", lambda: batch("packed", memory)),
            ("packed, new folder, warm memory", lambda: batch("warm", memory)),
        ):
            print(f"running: {name} …", file=sys.stderr)
            started = time.perf_counter()
            sentences = job()
            seconds = time.perf_counter() - started
            rows.append(
                {
                    "run": name,
                    "sentences": sentences,
                    "seconds": round(seconds, 2),
                    "sentences_per_s": round(sentences / seconds, 2),
                }
            )
    base = rows[0]["sentences_per_s"]
    cold = rows[1]["sentences_per_s"]
    print(
        f"\nbench-batch: {args.articles} articles × {per} lines of newstest2021 (de), random "
        f"opus-mt-de-en architecture, engine {engine} ({backend.precision}), beam {args.beam}, "
        "output bound 2×src+10\n"
    )
    print(
        f"{'run':36} {'sentences':>9} {'seconds':>8} {'sent/s':>8} "
        f"{'vs one-by-one':>14} {'vs cold':>8}"
    )
    for row in rows:
        print(
            f"{row['run']:36} {row['sentences']:>9} {row['seconds']:>8.1f} "
            f"{row['sentences_per_s']:>8.1f} {row['sentences_per_s'] / base:>13.2f}× "
            f"{row['sentences_per_s'] / cold:>7.1f}×"
        )
    _save({"engine": engine, "beam": args.beam, "rows": rows, "big_article": big})
    return 0


def _save(results: dict[str, object]) -> None:
    """Update the results file (``--only-big`` keeps the throughput rows of the last full run)."""
    out = ROOT / "benchmarks" / "results" / "batch.json"
    merged = json.loads(out.read_text()) if out.is_file() else {}
    merged.update({key: value for key, value in results.items() if value is not None})
    out.write_text(json.dumps(merged, indent=2) + "\n")
    print(f"\nwrote {out.relative_to(ROOT)}")


def big_article(german: list[str], english: list[str], megabytes: float) -> dict[str, object]:
    """One article of ``megabytes`` through ``translate article`` in a child process."""
    from translate.devtools.tiny_marian import build_tiny_marian

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        print("building a small random test checkpoint …", file=sys.stderr)
        model = build_tiny_marian(work / "tiny", german, english)
        from translate.backends.convert import converted_model
        from translate.model_files import resolve_model

        # converted here, so that the child's peak RSS is the article's, not torch's
        converted_model(resolve_model(str(model)), "int8", status=None)
        article = work / "big.de.txt"
        paragraphs, size, i = [], 0, 0
        while size < megabytes * 1_000_000:
            paragraph = " ".join(german[(i + k) % len(german)] for k in range(5))
            paragraphs.append(paragraph)
            size += len(paragraph.encode("utf-8")) + 2
            i += 5
        article.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
        input_bytes = article.stat().st_size
        out = work / "out"
        command = [sys.executable, "-m", "translate", "article", str(article), "-m", str(model)]
        command += ["-g", str(ROOT / "glossaries" / "news-de-en.tsv"), "--out", str(out)]
        command += ["-f", "all", "--no-cache", "--beam", "1", "-q"]
        print(f"running: translate article on {input_bytes / 1e6:.1f} MB …", file=sys.stderr)
        started = time.perf_counter()
        env = dict(os.environ, HF_HUB_OFFLINE="1")
        subprocess.run(command, check=True, env=env)
        seconds = time.perf_counter() - started
        peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB on Linux
        outputs = {p.name: p.stat().st_size for p in sorted(out.iterdir()) if p.is_file()}
    edition = next(size for name, size in outputs.items() if name.endswith(".en.md"))
    print(
        f"\nbig article: {input_bytes / 1e6:.1f} MB, {len(paragraphs)} paragraphs, "
        f"{seconds:.0f} s, peak RSS {peak_kib / 1024:.0f} MiB "
        f"({peak_kib * 1024 / input_bytes:.0f}× the input)\n"
    )
    print(f"{'output':28} {'MB':>8} {'× input':>8} {'× edition':>10}")
    for name, size in outputs.items():
        print(f"{name:28} {size / 1e6:>8.1f} {size / input_bytes:>8.1f} {size / edition:>10.2f}")
    return {
        "input_bytes": input_bytes,
        "paragraphs": len(paragraphs),
        "seconds": round(seconds, 1),
        "peak_rss_mib": round(peak_kib / 1024),
        "outputs_bytes": outputs,
        "total_output_bytes": sum(outputs.values()),
    }


if __name__ == "__main__":
    raise SystemExit(main())

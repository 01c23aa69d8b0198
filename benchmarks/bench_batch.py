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
* cluster rows (``--cluster auto``, Ray): the same inputs in waves of ``--cluster-wave`` sentences
  (so that each worker gets several waves), run in this process with 1 and 2 CPU threads and on a
  one-node Ray cluster of 2 workers × 1 thread started inside a loopback-only network namespace
  (``unshare -n``); the cluster's start-up (Ray and the workers' model loads) is timed apart; the
  per-wave overhead is the median round trip of one wave's payload (its sentences out, their
  renderings back) to an actor on the same node; the scaling to N machines is computed from these
  figures (decode rate per worker thread and the driver's cost per sentence from the warm run),
  not measured;
* a big article (``--big-article-mb``, default 5 MB of newstest2021 paragraphs, the shipped news
  glossary, every format): ``translate article`` in a fresh process with a small random test
  checkpoint (the real architecture would decode for an hour on a CPU); its peak RSS, time and
  the size of every output, also relative to the input and to the English edition (a random
  model's output is several times longer than a real translation, which inflates every
  bilingual format alike).

Usage: python benchmarks/bench_batch.py [--articles 200] [--per-article 5] [--beam 1]
       [--cluster-wave 64] [--no-cluster | --only-cluster]
       [--big-article-mb 5 | 0 to skip] [--only-big]

``--only-cluster`` runs the cluster rows alone (with their own warm-memory row) and replaces them
in ``benchmarks/results/batch.json``, keeping the other rows of the earlier full run.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from argparse import SUPPRESS
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data" / "parallel"
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--per-article", type=int, default=5)
    parser.add_argument("--beam", type=int, default=1)
    parser.add_argument("--engine", default=None, help="engine (default: the CLI's default)")
    parser.add_argument("--cluster-wave", type=int, default=64, help="wave size of cluster rows")
    parser.add_argument("--no-cluster", action="store_true", help="skip the Ray rows")
    parser.add_argument("--only-cluster", action="store_true", help="only the Ray rows")
    parser.add_argument("--big-article-mb", type=float, default=5.0)
    parser.add_argument("--only-big", action="store_true", help="only the big-article row")
    parser.add_argument(
        "--cluster-part", nargs=3, metavar=("MODEL", "INPUTS", "OUT"), help=SUPPRESS
    )
    args = parser.parse_args()
    if args.cluster_part:
        return cluster_part(*args.cluster_part, args.beam, args.cluster_wave)
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
    big = None
    if args.big_article_mb > 0 and not args.only_cluster:
        big = big_article(german, english, args.big_article_mb)
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

        # loaded before any timing: the cluster's start-up (and model loads) is timed apart too
        backends = {}
        if not args.no_cluster:
            backends = {t: load_backend(str(model), engine=engine, threads=t) for t in (1, 2)}

        def single(out: str, threads: int) -> int:
            memory = TranslationMemory(work / out / "tm")
            result = run_batch(
                [str(inputs)],
                work / out,
                Translator(backends[threads], None, settings, memory=memory),
                formats,
                wave_sentences=args.cluster_wave,
            )
            assert not result.failed
            return sum(r.sentences for r in result.reports)

        memory = TranslationMemory(work / "memory")
        rows = []
        wave = args.cluster_wave

        def warm_single() -> int:  # the driver's work alone: every sentence from the memory
            translator = Translator(
                backend, None, settings, memory=TranslationMemory(work / "one" / "tm")
            )
            result = run_batch(
                [str(inputs)], work / "one-warm", translator, formats, wave_sentences=wave
            )
            return sum(r.sentences for r in result.reports)

        jobs: list[tuple[str, Callable[[], int]]] = []
        if not args.only_cluster:
            jobs += [
                ("articles one by one", one_by_one),
                ("packed waves (cold memory)", lambda: batch("packed", memory)),
                ("packed, new folder, warm memory", lambda: batch("warm", memory)),
            ]
        if not args.no_cluster:
            jobs += [
                (f"single process, 1 thread, waves of {wave}", lambda: single("one", 1)),
                (f"single process, new folder, warm memory, waves of {wave}", warm_single),
                (f"single process, 2 threads, waves of {wave}", lambda: single("two", 2)),
            ]
        for name, job in jobs:
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
        cluster: dict[str, Any] | None = None
        if not args.no_cluster:
            print("running: cluster auto, 2 workers × 1 thread …", file=sys.stderr)
            cluster = run_cluster_part(model, inputs, work / "cluster", args.beam, wave)
            if cluster is not None:
                rows.append(cluster.pop("row"))
    out = ROOT / "benchmarks" / "results" / "batch.json"
    if args.only_cluster:
        kept = json.loads(out.read_text(encoding="utf-8"))["rows"]
        rows = [r for r in kept if not _cluster_row(r["run"])] + rows
    base = rows[0]["sentences_per_s"]
    cold = rows[1]["sentences_per_s"]
    against = ("vs one-by-one", "vs cold")
    if args.only_cluster:  # ratios within this run only
        base = cold = next(r for r in rows if r["run"].startswith("single process, 1 thread"))[
            "sentences_per_s"
        ]
        against = ("vs 1 thread", "")
    print(
        f"\nbench-batch: {args.articles} articles × {per} lines of newstest2021 (de), random "
        f"opus-mt-de-en architecture, engine {engine} ({backend.precision}), beam {args.beam}, "
        "output bound 2×src+10\n"
    )
    print(
        f"{'run':52} {'sentences':>9} {'seconds':>8} {'sent/s':>8} {against[0]:>14} {against[1]:>8}"
    )
    for row in rows:
        if args.only_cluster and not _cluster_row(row["run"]):
            continue  # from the earlier full run
        print(
            f"{row['run']:52} {row['sentences']:>9} {row['seconds']:>8.1f} "
            f"{row['sentences_per_s']:>8.1f} {row['sentences_per_s'] / base:>13.2f}× "
            f"{row['sentences_per_s'] / cold:>7.1f}×"
        )
    results: dict[str, Any] = {
        "engine": engine,
        "beam": args.beam,
        "rows": rows,
        "big_article": big,
    }
    if cluster is not None:
        results["cluster"] = {
            "articles": args.articles,
            "sentences": rows[-1]["sentences"],
            **cluster_figures(rows, cluster, wave),
        }
    _save(results)
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
        from big_article import write_big_article  # benchmarks/, the script's folder

        paragraphs = write_big_article(article, german, megabytes)
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
        f"\nbig article: {input_bytes / 1e6:.1f} MB, {paragraphs} paragraphs, "
        f"{seconds:.0f} s, peak RSS {peak_kib / 1024:.0f} MiB "
        f"({peak_kib * 1024 / input_bytes:.0f}× the input)\n"
    )
    print(f"{'output':28} {'MB':>8} {'× input':>8} {'× edition':>10}")
    for name, size in outputs.items():
        print(f"{name:28} {size / 1e6:>8.1f} {size / input_bytes:>8.1f} {size / edition:>10.2f}")
    return {
        "input_bytes": input_bytes,
        "paragraphs": paragraphs,
        "seconds": round(seconds, 1),
        "peak_rss_mib": round(peak_kib / 1024),
        "outputs_bytes": outputs,
        "total_output_bytes": sum(outputs.values()),
    }


def _cluster_row(name: str) -> bool:
    return name.startswith(("single process,", "cluster "))


def run_cluster_part(
    model: Path, inputs: Path, out: Path, beam: int, wave: int
) -> dict[str, Any] | None:
    """This script's ``--cluster-part`` in a network namespace that has only loopback (Ray looks
    for its own address by probing a public one); its JSON line back."""
    if shutil.which("unshare") is None or shutil.which("ip") is None:
        print("bench-batch: no unshare/ip here; cluster rows skipped", file=sys.stderr)
        return None
    # a UTS namespace too: Ray falls back to resolving the host name, which must mean loopback here
    namespace = ["unshare", "-nu"] if os.geteuid() == 0 else ["unshare", "-rnu"]
    command = shlex.join(
        [sys.executable, __file__, "--cluster-part", str(model), str(inputs), str(out),
         "--beam", str(beam), "--cluster-wave", str(wave)]
    )  # fmt: skip
    env = {**os.environ, "RAY_USAGE_STATS_ENABLED": "0", "RAY_AUTH_MODE": "disabled"}
    done = subprocess.run(
        [
            *namespace,
            "sh",
            "-c",
            f"ip link set lo up && echo localhost > /proc/sys/kernel/hostname && {command}",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=1800,
    )
    lines = [x for x in done.stdout.splitlines() if x.startswith("{")]
    if done.returncode != 0 or not lines:
        print(f"bench-batch: cluster part failed:\n{done.stderr[-2000:]}", file=sys.stderr)
        return None
    figures: dict[str, Any] = json.loads(lines[-1])
    return figures


def cluster_part(model: str, inputs: str, out: str, beam: int, wave: int) -> int:
    """Inside the namespace: start a one-node cluster of 2 workers × 1 thread, run the batch,
    time a wave's payload round trip; print one JSON line."""
    import ray

    from translate.batch import run_batch
    from translate.cluster import ClusterOptions, RayWaves
    from translate.memory import TranslationMemory
    from translate.recipe import TranslatorRecipe

    formats = ("md", "tmx", "xliff", "html", "jsonl")
    recipe = TranslatorRecipe(model=model, engine="ctranslate2", beam=beam, threads=2)
    translator = recipe.build(TranslationMemory(Path(out) / "tm"))
    started = time.perf_counter()
    with RayWaves(translator, recipe, ClusterOptions("auto", 2, 1)) as runner:
        startup = time.perf_counter() - started
        started = time.perf_counter()
        result = run_batch(
            [inputs], Path(out) / "o", translator, formats, wave_sentences=wave, runner=runner
        )
        seconds = time.perf_counter() - started
        assert not result.failed
        sentences = sum(r.sentences for r in result.reports)

        @ray.remote(num_cpus=0)
        class Echo:
            """Takes a wave's sentences and hands renderings back, doing nothing else."""

            def call(self, k: int, texts: list[str], renderings: list[Any]) -> tuple[int, Any]:
                return k, renderings

        echo = Echo.remote()  # type: ignore[attr-defined]
        # the run's own sentences and their renderings (from the memory it filled)
        texts = [
            json.loads(line)["source"]
            for path in sorted((Path(out) / "o").rglob("*.jsonl"))
            if path.name != "batch-report.jsonl"
            for line in path.read_text(encoding="utf-8").splitlines()
        ]
        known = translator.recall(texts, count=False)
        texts = [t for t in dict.fromkeys(texts) if t in known]
        round_trips = {}
        for size in (wave, 512):
            payload = (texts * (size // len(texts) + 1))[:size]
            renderings = [known[t] for t in payload]
            ray.get(echo.call.remote(0, payload, renderings))
            times = []
            for k in range(20):
                tick = time.perf_counter()
                ray.get(echo.call.remote(k, payload, renderings))
                times.append(time.perf_counter() - tick)
            round_trips[str(size)] = round(statistics.median(times) * 1000, 2)
    row = {
        "run": f"cluster auto, 2 workers × 1 thread, waves of {wave}",
        "sentences": sentences,
        "seconds": round(seconds, 2),
        "sentences_per_s": round(sentences / seconds, 2),
    }
    print(
        json.dumps(
            {
                "row": row,
                "startup_s": round(startup, 2),
                "waves": -(-sentences // wave),
                "round_trip_ms": round_trips,
            }
        )
    )
    return 0


def cluster_figures(rows: list[dict[str, Any]], cluster: dict[str, Any], wave: int) -> dict:
    """Print the cluster comparison, the per-wave overhead and the expected scaling."""
    by_name = {r["run"]: r for r in rows}
    one = by_name[f"single process, 1 thread, waves of {wave}"]
    two = by_name[f"single process, 2 threads, waves of {wave}"]
    ray_row = rows[-1]
    warm = by_name[f"single process, new folder, warm memory, waves of {wave}"]
    per_worker = one["sentences_per_s"]
    driver_s = warm["seconds"] / warm["sentences"]  # read, recall, write 5 formats, commit
    trip_s = cluster["round_trip_ms"]["512"] / 1000
    ceiling = 1 / (driver_s + trip_s / 512)
    # decoding time left over once the two workers' parallel share is taken off, per wave
    ideal = one["seconds"] / 2
    overhead_per_wave = (ray_row["seconds"] - ideal) / cluster["waves"]
    print(
        f"\ncluster (same inputs, waves of {wave}, {cluster['waves']} waves; this 2-core machine "
        "was shared with other jobs, so ratios are from this one run):\n"
        f"  2 workers × 1 thread vs 1 process × 2 threads: "
        f"{ray_row['sentences_per_s'] / two['sentences_per_s']:.2f}×; "
        f"vs 1 process × 1 thread: {ray_row['sentences_per_s'] / per_worker:.2f}×\n"
        f"  cluster start-up (Ray + 2 model loads), once per run: {cluster['startup_s']:.1f} s\n"
        f"  round trip of a wave's payload to an actor: {cluster['round_trip_ms'][str(wave)]} ms "
        f"({wave} sentences), {cluster['round_trip_ms']['512']} ms (512, the default wave)\n"
        f"  cluster time beyond half the 1-thread decode, per wave: {overhead_per_wave:.2f} s\n"
        f"  driver work per sentence (warm run: read, memory, write, commit): "
        f"{driver_s * 1000:.2f} ms → the driver saturates near {ceiling:.0f} sentences/s"
    )
    scaling = []
    print("\n  expected on N machines of 2 workers × 1 thread (on paper: min(decode, driver)):")
    for n in (1, 2, 4, 8, 16, 32, 64):
        rate = min(n * 2 * per_worker, ceiling)
        scaling.append({"machines": n, "sentences_per_s": round(rate, 1)})
        print(f"    N={n:>3}: {rate:>8.1f} sentences/s")
    return {
        "startup_s": cluster["startup_s"],
        "waves": cluster["waves"],
        "wave_round_trip_ms": cluster["round_trip_ms"],
        "overhead_per_wave_s": round(overhead_per_wave, 3),
        "driver_ms_per_sentence": round(driver_s * 1000, 3),
        "driver_ceiling_sentences_per_s": round(ceiling, 1),
        "expected_scaling": scaling,
        "note": "one run on a 2-core machine shared with other jobs; scaling computed, "
        "not measured",
    }


if __name__ == "__main__":
    raise SystemExit(main())

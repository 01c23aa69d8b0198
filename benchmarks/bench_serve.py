"""Served throughput and latency vs ``translate batch`` on the same sentences, in the same run.

Protocol (printed with the figures):
* a checkpoint with random weights built here: the real opus-mt-de-en architecture with
  ``--full``, else (default, for a loaded shared machine) a reduced one (d_model 256, 3+3
  layers, FFN 1024, vocabulary 8,000) — the table says which;
* sentences: the first ``--sentences`` lines of ``../shared/data/parallel/newstest2021.de-en.de``
  (or the sample article's sentences when the shared data is absent);
* baseline: ``translate batch`` (``run_batch``, packed waves, outputs written, no memory) over
  articles of 5 of those sentences, run before and after the service (the mean is the
  baseline: the load of a shared machine drifts);
* service: ``translate serve`` started as its own process (``--no-cache``, so nothing is
  recalled), N client threads in this process (1, 8, 32) each sending requests back to back for
  ``--seconds`` — one sentence per request, or one 5-sentence article per request (DeepL
  ``/v2/translate``); client i takes sentences i, i+N, … so no two concurrent requests share a
  sentence. sentences/s counts sentences answered; latencies are per request; the server's
  CPU time per sentence (user + system, all its threads) is compared with the batch's, a ratio
  that the other load on a shared machine disturbs less than wall-clock throughput;
* output length bounded as in the pipeline (2 × source tokens + 10; a random model never emits
  ``</s>``, so every sentence costs the same number of decoding steps either way); beam 1.

Usage: python benchmarks/bench_serve.py [--seconds 20] [--sentences 320] [--full]
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data" / "parallel"
sys.path.insert(0, str(ROOT))

REDUCED = {
    "d_model": 256,
    "encoder_layers": 3,
    "decoder_layers": 3,
    "encoder_attention_heads": 4,
    "decoder_attention_heads": 4,
    "encoder_ffn_dim": 1024,
    "decoder_ffn_dim": 1024,
}


def corpus(limit: int) -> tuple[list[str], list[str], str]:
    source = SHARED / "newstest2021.de-en.de"
    if source.is_file():
        german = source.read_text(encoding="utf-8").splitlines()
        english = (SHARED / "newstest2021.de-en.en").read_text(encoding="utf-8").splitlines()
        return german[:limit], german + english, "newstest2021 (de)"
    from translate.segment import segment_text

    text = (ROOT / "examples" / "article.de.txt").read_text(encoding="utf-8")
    sentences = [s.text for p in segment_text(text) for s in p.segments]
    pool = (sentences * (limit // max(1, len(sentences)) + 1))[:limit]
    pool = [f"{s} ({i})" for i, s in enumerate(pool)]  # distinct, so nothing is deduplicated
    return pool, sentences, "the sample article (shared data absent)"


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def process_cpu(pid: int) -> float:
    """CPU seconds (user + system, all threads) a process has used so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def drive(url: str, sentences: list[str], clients: int, per_request: int, seconds: float) -> dict:
    import requests

    latencies: list[float] = []
    done = [0]
    refused = [0]
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client(index: int) -> None:
        session = requests.Session()
        at = index * per_request
        while time.monotonic() < stop:
            chunk = [sentences[(at + k) % len(sentences)] for k in range(per_request)]
            at += clients * per_request
            started = time.perf_counter()
            r = session.post(
                f"{url}/v2/translate",
                json={"text": [" ".join(chunk)], "target_lang": "EN-US"},
                headers={"Authorization": "DeepL-Auth-Key bench"},
                timeout=300,
            )
            elapsed = time.perf_counter() - started
            with lock:
                if r.status_code == 200:
                    latencies.append(elapsed)
                    done[0] += per_request
                else:
                    refused[0] += 1

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.monotonic() - started
    return {
        "clients": clients,
        "request": "sentence" if per_request == 1 else f"article ({per_request} sentences)",
        "requests": len(latencies),
        "refused": refused[0],
        "sentences": done[0],
        "seconds": round(wall, 2),
        "sentences_per_s": round(done[0] / wall, 2),
        "p50_ms": round(1000 * percentile(latencies, 0.50)),
        "p95_ms": round(1000 * percentile(latencies, 0.95)),
        "p99_ms": round(1000 * percentile(latencies, 0.99)),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--sentences", type=int, default=320)
    parser.add_argument("--clients", default="1,8,32")
    parser.add_argument("--full", action="store_true", help="the real architecture")
    args = parser.parse_args()

    from translate.backends.base import DecodeSettings
    from translate.batch import run_batch
    from translate.devtools.tiny_marian import REAL_ARCHITECTURE, TinyMarianSpec, build_tiny_marian
    from translate.engines import DEFAULT_ENGINE, load_backend
    from translate.pipeline import Translator

    sentences, spm_text, origin = corpus(args.sentences)
    architecture = REAL_ARCHITECTURE if args.full else REDUCED
    label = (
        "real opus-mt-de-en architecture"
        if args.full
        else ("reduced architecture (d_model 256, 3+3 layers, FFN 1024)")
    )
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        print(f"building a random checkpoint ({label}) …", file=sys.stderr)
        spec = TinyMarianSpec(
            architecture=architecture,
            spm_vocab_size=8000,
            vocab_size=58101 if args.full else None,
            num_beams=1,
        )
        model = build_tiny_marian(work / "model", spm_text, spm_text, spec)
        backend = load_backend(str(model), engine=DEFAULT_ENGINE)
        inputs = work / "in"
        inputs.mkdir()
        for i in range(0, len(sentences), 5):
            group = sentences[i : i + 5]
            body = "\n\n".join([group[0], " ".join(group[1:])]) if len(group) > 1 else group[0]
            (inputs / f"article-{i:05d}.txt").write_text(body + "\n", encoding="utf-8")
        translator = Translator(backend, None, DecodeSettings(beam=1))

        def batch(run: int) -> tuple[float, float]:
            """(wall seconds, CPU seconds) of ``translate batch`` over the sentences."""
            print(f"running: translate batch ({run}) …", file=sys.stderr)
            wall, cpu = time.perf_counter(), time.process_time()
            result = run_batch([str(inputs)], work / f"out-{run}", translator, ("md", "jsonl"))
            assert not result.failed
            return time.perf_counter() - wall, time.process_time() - cpu

        batch_runs = [batch(1)]

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "translate",
                "serve",
                "--model",
                str(model),
                "--beam",
                "1",
                "--port",
                str(port),
                "--no-cache",
                "--state",
                str(work / "state"),
                "--max-queue",
                "256",
            ],
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        try:
            assert server.stderr is not None
            line = ""
            while "serving" not in line:
                line = server.stderr.readline()
                if not line and server.poll() is not None:
                    print("bench-serve: the server did not start", file=sys.stderr)
                    return 1
            url = f"http://127.0.0.1:{port}"
            drive(url, sentences, 1, 1, 2.0)  # warm-up: first translator built
            for clients in [int(c) for c in args.clients.split(",")]:
                for per_request in (1, 5):
                    print(
                        f"running: {clients} clients × {per_request} sentence(s) …", file=sys.stderr
                    )
                    cpu = process_cpu(server.pid)
                    row = drive(url, sentences, clients, per_request, args.seconds)
                    used = process_cpu(server.pid) - cpu
                    row["server_cpu_ms_per_sentence"] = round(
                        1000 * used / max(1, row["sentences"]), 1
                    )
                    rows.append(row)
        finally:
            server.terminate()
            server.wait(120)
        batch_runs.append(batch(2))  # again after the service: the machine's load drifts
    batch_seconds = sum(w for w, _ in batch_runs) / len(batch_runs)
    batch_cpu = sum(c for _, c in batch_runs) / len(batch_runs)
    batch_sentences = len(sentences)  # the same lines the clients send
    batch_rate = batch_sentences / batch_seconds
    batch_cpu_ms = 1000 * batch_cpu / batch_sentences
    for row in rows:
        row["vs_batch"] = round(row["sentences_per_s"] / batch_rate, 2)
        row["cpu_vs_batch"] = round(batch_cpu_ms / max(0.1, row["server_cpu_ms_per_sentence"]), 2)

    print(
        f"\nbench-serve: {len(sentences)} sentences of {origin}, random checkpoint, {label}, "
        f"engine {DEFAULT_ENGINE}, beam 1, output bound 2×src+10, {os.cpu_count()} CPUs; "
        f"{args.seconds:g} s per row\n"
    )
    print(
        f"translate batch: {batch_sentences} sentences in {batch_seconds:.1f} s (mean of a run "
        f"before and after the service: {', '.join(f'{w:.1f}' for w, _ in batch_runs)} s) = "
        f"{batch_rate:.2f} sentences/s, {batch_cpu_ms:.0f} CPU ms/sentence\n"
    )
    head = (
        f"{'clients':>7} {'request':24} {'requests':>8} {'429':>4} {'sent/s':>7} "
        f"{'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'vs batch':>8} {'CPU ms/s.':>9} "
        f"{'CPU vs batch':>12}"
    )
    print(head)
    for r in rows:
        print(
            f"{r['clients']:>7} {r['request']:24} {r['requests']:>8} {r['refused']:>4} "
            f"{r['sentences_per_s']:>7.2f} {r['p50_ms']:>7} {r['p95_ms']:>7} {r['p99_ms']:>7} "
            f"{r['vs_batch']:>7.2f}× {r['server_cpu_ms_per_sentence']:>9.0f} "
            f"{r['cpu_vs_batch']:>11.2f}×"
        )
    out = ROOT / "benchmarks" / "results" / "serve.json"
    out.write_text(
        json.dumps(
            {
                "architecture": label,
                "engine": DEFAULT_ENGINE,
                "sentences": len(sentences),
                "origin": origin,
                "seconds_per_row": args.seconds,
                "batch": {
                    "sentences": batch_sentences,
                    "seconds": round(batch_seconds, 2),
                    "sentences_per_s": round(batch_rate, 2),
                    "cpu_ms_per_sentence": round(batch_cpu_ms, 1),
                    "runs_seconds": [round(w, 2) for w, _ in batch_runs],
                },
                "rows": rows,
            },
            indent=2,
        )
        + "\n"
    )
    print(f"\nwrote {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

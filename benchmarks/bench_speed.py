"""Speed of every engine on the opus-mt-de-en architecture: `make bench-speed`.

Protocol (printed with the table):

* Model: random weights, exactly opus-mt-de-en's architecture (vocab 58,101, d_model 512, 6+6
  layers, 8 heads, FFN 2048, swish), built here with ``translate.devtools.tiny_marian`` and its
  SentencePiece models trained on newstest2021 (``../shared/data/parallel``, 4,000 pieces), so
  source lengths are those of real German news. Built once into the temp dir and reused.
* Input: the first N (500) lines of newstest2021.de-en.de.
* Output length is forced: sentence i gets exactly ceil(1.1 × source tokens) target tokens in
  every engine. transformers: a logits processor forbids ``</s>`` before and forces it at that
  length (rows of a batch run until the batch's longest, as ``generate`` does). CTranslate2:
  ``min_decoding_length = max_decoding_length`` = the batch's longest, each output cut to its own
  length. Only the forced tokens are counted; the benchmark checks every length.
* References in the same run: HF transformers fp32 ``generate`` and CTranslate2 int8 run as
  Argos Translate does (``Translator(compute_type="int8", inter_threads=1, intra_threads=2)``,
  ``translate_batch`` with explicit beam and length), both on length-sorted batches of 16 and 64.
  Rows of our engines use the pipeline's batching (``plan_batches``: ≤64 sentences, ≤4,096
  tokens) and the engine's own code path (``CTranslate2Backend.decode_tokens``).
* Throughput rows run in one process and are interleaved (round r runs the r-th slice of every
  row), so load from other processes hits all rows alike; ratios are what counts.
* Cold start (process start to the first translated sentence, imports included) and peak RSS
  (the same fresh process, then beam 4 on the row's largest batch) are measured per engine in a
  subprocess.
* Machine share: FLOPs per target token of this architecture × tokens/s ÷ a measured matmul
  ceiling for the precision (torch fp32 / bf16 GEMM; fbgemm int8 dynamic linear), 2 threads.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data" / "parallel"
RESULTS = ROOT / "benchmarks" / "results" / "speed.json"
CACHE = Path(tempfile.gettempdir()) / "dejour-bench-speed"
THREADS = 2
RATIO = 1.1
SHORTLIST_SIZE = 2000
#: The tuned reference's batch per worker: 16 sentences greedy and at beam 4 — the best of
#: 8/16/32/64 in a sweep of CTranslate2 alone with 2 workers × 1 thread (README, "Speed").
TUNED_BATCH = {1: 16, 4: 16}
#: Thread layouts swept for our engine: every inter × intra that uses at most THREADS threads.
LAYOUTS = [(i, j) for i in range(1, THREADS + 1) for j in range(1, THREADS + 1) if i * j <= THREADS]
SPM_PIECES = 4000


# -- preparation ----------------------------------------------------------------------------


def german_lines() -> list[str]:
    path = SHARED / "newstest2021.de-en.de"
    if not path.is_file():
        sys.exit(f"{path} is missing: the benchmark reads newstest2021 from ../shared/")
    return path.read_text(encoding="utf-8").splitlines()


def full_model() -> Path:
    """The random full-size checkpoint (built once)."""
    from translate.devtools.tiny_marian import REAL_ARCHITECTURE, TinyMarianSpec, build_tiny_marian

    out = CACHE / "opus-mt-de-en-random"
    if (out / "model.safetensors").is_file():
        return out
    english = (SHARED / "newstest2021.de-en.en").read_text(encoding="utf-8").splitlines()
    spec = TinyMarianSpec(
        architecture=REAL_ARCHITECTURE, vocab_size=58101, spm_vocab_size=SPM_PIECES, seed=1
    )
    print(f"building the random opus-mt-de-en checkpoint in {out} …", file=sys.stderr)
    return build_tiny_marian(out, german_lines(), english, spec)


def reference_ct2(model: Path) -> Path:
    """The model as Argos Translate ships it: plain ``ct2-transformers-converter``, int8."""
    out = CACHE / "reference-ct2-int8"
    if not (out / "model.bin").is_file():
        from ctranslate2.converters import TransformersConverter

        TransformersConverter(str(model)).convert(str(out), quantization="int8", force=True)
    return out


def shortlist_file(model: Path) -> Path:
    """A 2,000-piece shortlist built by the documented process from held-out German lines."""
    from translate.backends.shortlist import build_shortlist, write_shortlist
    from translate.engines import load_backend

    out = CACHE / f"shortlist-{SHORTLIST_SIZE}.txt"
    if out.is_file():
        return out
    backend = load_backend(str(model), engine="ctranslate2", threads=THREADS)
    from translate.backends.base import DecodeSettings

    pieces = build_shortlist(
        backend,
        backend.vocab,
        german_lines()[500:],
        size=SHORTLIST_SIZE,
        settings=DecodeSettings(beam=1, max_length_ratio=RATIO, max_length_offset=1),
    )
    comment = f"newstest2021.de lines 501-1000, greedy, size {SHORTLIST_SIZE}"
    return write_shortlist(out, pieces, comment=comment)


# -- rows -----------------------------------------------------------------------------------


@dataclass
class Row:
    engine: str
    precision: str
    beam: int
    batch: str
    default: bool = False
    shortlist: bool = False
    reference: str = ""
    layout: tuple[int, int] | None = None
    """CTranslate2 (inter_threads, intra_threads); None: the engine's default for THREADS."""
    attention: bool = False
    """Also return the alignment head's attention (word alignment), from the same decode."""
    seconds: float = 0.0
    tokens: int = 0
    sentences: int = 0
    peak_rss_mb: float = 0.0
    cold_start_s: float = 0.0
    batches: list[list[int]] = field(default_factory=list, repr=False)

    @property
    def key(self) -> tuple[str, str, bool, tuple[int, int] | None]:
        return (self.engine, self.precision, self.shortlist, self.layout)

    @property
    def label(self) -> str:
        layout = f"{self.layout[0]}x{self.layout[1]}" if self.layout else ""
        return layout + (" +align" if self.attention else "")


def sorted_batches(lengths: list[int], size: int) -> list[list[int]]:
    order = sorted(range(len(lengths)), key=lambda i: (-lengths[i], i))
    return [order[i : i + size] for i in range(0, len(order), size)]


class Runner:
    """Loads each engine once and runs one batch with forced output lengths."""

    def __init__(self, model: Path, ref_dir: Path, shortlist: Path, texts: list[str]) -> None:
        from translate.backends.vocab import MarianVocab

        self.model, self.ref_dir, self.shortlist = model, ref_dir, shortlist
        self.vocab = MarianVocab(model)
        self.src_ids = [self.vocab.encode_source(t) for t in texts]
        self.src_pieces = [[self.vocab.id_to_piece[i] for i in ids] for ids in self.src_ids]
        self.target = [math.ceil(RATIO * len(ids)) for ids in self.src_ids]
        self.engines: dict[tuple, object] = {}

    def load(self, key: tuple) -> object:
        if key in self.engines:
            return self.engines[key]
        engine, precision, shortlist, layout = key
        if engine in ("ct2-reference", "ct2-tuned"):
            import ctranslate2

            inter, intra = layout or (1, THREADS)
            loaded: object = ctranslate2.Translator(
                str(self.ref_dir), compute_type="int8", inter_threads=inter, intra_threads=intra
            )
        elif engine == "transformers":
            import torch
            from transformers import MarianMTModel

            torch.set_num_threads(THREADS)
            model = MarianMTModel.from_pretrained(str(self.model)).eval()
            if precision == "bf16":
                model = model.to(torch.bfloat16)
            elif precision == "int8":
                model = torch.ao.quantization.quantize_dynamic(
                    model, {torch.nn.Linear}, dtype=torch.qint8
                )
            loaded = model
        else:
            from translate.engines import load_backend

            options: dict[str, object] = {"shortlist": self.shortlist} if shortlist else {}
            if layout is not None:
                options["layout"] = layout
            loaded = load_backend(
                str(self.model), engine=engine, precision=precision, threads=THREADS, **options
            )
        self.engines[key] = loaded
        return loaded

    def run(self, row: Row, batch: list[int]) -> int:
        """Translate one batch; return the number of forced target tokens (checked)."""
        engine = self.load(row.key)
        want = [self.target[i] for i in batch]
        if row.engine == "transformers":
            got = self._hf(engine, batch, row.beam)
        elif row.engine in ("ct2-reference", "ct2-tuned"):
            longest = max(want)
            # tuned: two batches' worth per call, one batch per worker (max_batch_size)
            per_worker = (
                {"max_batch_size": TUNED_BATCH[row.beam]} if row.engine == "ct2-tuned" else {}
            )
            results = engine.translate_batch(  # type: ignore[attr-defined]
                [self.src_pieces[i] for i in batch],
                beam_size=row.beam,
                max_decoding_length=longest,
                min_decoding_length=longest,
                max_input_length=0,
                **per_worker,
            )
            got = [min(len(r.hypotheses[0]), w) for r, w in zip(results, want, strict=True)]
        else:
            from translate.backends.base import DecodeSettings

            decoded = engine._decode(  # type: ignore[attr-defined]
                [self.src_pieces[i] for i in batch],
                want,
                DecodeSettings(beam=row.beam),
                exact_length=True,
                attention=row.attention,
            )
            got = [len(pieces) for pieces, _ in decoded]
            if row.attention and not all(len(rows) == len(p) for p, rows in decoded):
                raise SystemExit(f"{row.engine}: attention rows missing")
        if got != want:
            raise SystemExit(f"{row.engine}: output lengths {got[:5]}… differ from {want[:5]}…")
        return sum(want)

    def _hf(self, model: object, batch: list[int], beam: int) -> list[int]:
        import torch
        from transformers import LogitsProcessor, LogitsProcessorList

        pad, eos = self.vocab.pad_id, self.vocab.eos_id
        rows = [self.src_ids[i] for i in batch]
        width = max(map(len, rows))
        ids = torch.full((len(rows), width), pad)
        mask = torch.zeros((len(rows), width), dtype=torch.long)
        for r, row in enumerate(rows):
            ids[r, : len(row)] = torch.tensor(row)
            mask[r, : len(row)] = 1
        lengths = torch.tensor([self.target[i] for i in batch]).repeat_interleave(beam)

        class ExactLength(LogitsProcessor):
            def __call__(self, input_ids, scores):
                produced = input_ids.shape[1] - 1
                early = lengths > produced
                scores[early, eos] = -float("inf")
                done = ~early
                if bool(done.any()):
                    scores[done] = -float("inf")
                    scores[done, eos] = 0.0
                return scores

        with torch.inference_mode():
            out = model.generate(  # type: ignore[attr-defined]
                input_ids=ids,
                attention_mask=mask,
                num_beams=beam,
                do_sample=False,
                max_new_tokens=int(lengths.max()) + 1,
                max_length=None,
                logits_processor=LogitsProcessorList([ExactLength()]),
                early_stopping=True,
            )
        return [sum(1 for t in row[1:] if t not in (pad, eos)) for row in out.tolist()]


def interleave(runner: Runner, rows: list[Row], rounds: int = 8) -> None:
    for row in rows:  # load (and warm up) every engine before timing
        runner.run(row, row.batches[-1][:2])
    for r in range(rounds):
        for row in rows:
            n = len(row.batches)
            for batch in row.batches[r * n // rounds : (r + 1) * n // rounds]:
                started = time.perf_counter()
                row.tokens += runner.run(row, batch)
                row.seconds += time.perf_counter() - started
                row.sentences += len(batch)
        print(f"  round {r + 1}/{rounds} done", file=sys.stderr, flush=True)


def single_article(model: Path, out: Path, repeats: int = 6) -> None:
    """A single article (the 16 sample sentences) through ``translate`` with each layout,
    greedy and beam 4, interleaved; the seconds per article go into ``out`` (merged)."""
    from translate.backends.base import DecodeSettings
    from translate.engines import load_backend

    sample = ROOT / "examples" / "article.de.txt"
    from translate.segment import segment_text

    texts = [s.text for p in segment_text(sample.read_text(encoding="utf-8")) for s in p.segments]
    layouts = [(1, THREADS), (2, THREADS // 2)] if THREADS >= 2 else [(1, 1)]
    backends = {
        layout: load_backend(str(model), engine="ctranslate2", threads=THREADS, layout=layout)
        for layout in layouts
    }
    results = []
    for beam in (1, 4):
        settings = DecodeSettings(beam=beam)
        seconds = dict.fromkeys(layouts, 0.0)
        outputs = {}
        for layout, backend in backends.items():  # warm-up
            outputs[layout] = backend.translate(texts, settings)  # type: ignore[attr-defined]
        if len({tuple(o) for o in outputs.values()}) != 1:
            raise SystemExit("layouts gave different outputs")
        for _ in range(repeats):
            for layout, backend in backends.items():
                started = time.perf_counter()
                backend.translate(texts, settings)  # type: ignore[attr-defined]
                seconds[layout] += time.perf_counter() - started
        base = seconds[layouts[0]]
        for layout in layouts:
            results.append(
                {
                    "beam": beam,
                    "layout": list(layout),
                    "sentences": len(texts),
                    "seconds_per_article": round(seconds[layout] / repeats, 3),
                    "ratio_vs_single_pool": round(base / seconds[layout], 3),
                }
            )
            print(
                f"single article, beam {beam}, layout {layout[0]}x{layout[1]}: "
                f"{seconds[layout] / repeats:.2f} s ({base / seconds[layout]:.2f}× single pool)"
            )
    data = json.loads(out.read_text()) if out.is_file() else {}
    data["single_article"] = results
    out.write_text(json.dumps(data, indent=2) + "\n")


# -- cold start and memory, in a fresh process ----------------------------------------------


def worker(spec: dict) -> None:
    """Subprocess: load one engine, translate one sentence (cold start), then beam 4 (memory)."""
    texts = german_lines()[: spec["n"]]
    runner = Runner(Path(spec["model"]), Path(spec["ref"]), Path(spec["shortlist"]), texts)
    layout = tuple(spec["layout"]) if spec.get("layout") else None
    row = Row(
        spec["engine"], spec["precision"], 1, "1", shortlist=spec["shortlist_on"], layout=layout
    )
    if row.engine in ("transformers", "ct2-reference", "ct2-tuned"):
        runner.run(row, [0])
    else:  # our engines: the public path, as the CLI takes it
        from translate.backends.base import DecodeSettings

        backend = runner.load(row.key)
        backend.translate([texts[0]], DecodeSettings(beam=1))  # type: ignore[attr-defined]
    cold = time.time() - spec["spawned"]
    row.beam = 4
    runner.run(row, spec["memory_batch"])
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent across fork+exec
    status = Path("/proc/self/status").read_text()
    hwm = [line for line in status.splitlines() if line.startswith("VmHWM:")]
    rss = (
        int(hwm[0].split()[1]) / 1024
        if hwm
        else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    )
    print(json.dumps({"cold_start_s": cold, "peak_rss_mb": rss}))


def fresh_process(spec: dict) -> dict:
    spec = {**spec, "spawned": time.time()}
    done = subprocess.run(
        [sys.executable, __file__, "--worker", json.dumps(spec)],
        capture_output=True,
        text=True,
        env={**os.environ, "OMP_NUM_THREADS": str(THREADS)},
    )
    if done.returncode != 0:
        raise SystemExit(f"worker failed: {done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# -- machine ceiling --------------------------------------------------------------------------


def flops_per_token(beam: int, ratio: float = RATIO) -> float:
    """Multiply-adds ×2 per target token: decoder per beam row plus the encoder per source token."""
    d, ffn, layers, vocab, heads_ctx = 512, 2048, 6, 58101, 30
    decoder = layers * (4 * d * d + 2 * d * d + 2 * d * ffn + 2 * d * heads_ctx * 2) + d * vocab
    encoder = layers * (4 * d * d + 2 * d * ffn + 2 * d * heads_ctx)
    cross_kv = layers * 2 * d * d  # computed once per source token
    return 2 * (beam * decoder + (encoder + cross_kv) / ratio)


def matmul_ceiling(precision: str) -> float:
    import torch

    torch.set_num_threads(THREADS)
    m, k, n, reps = 256, 2048, 2048, 10
    x = torch.randn(m, k)
    if precision == "int8":
        layer = torch.ao.nn.quantized.dynamic.Linear(k, n)
        call = lambda: layer(x)  # noqa: E731
    else:
        dtype = torch.bfloat16 if precision == "bf16" else torch.float32
        a, b = x.to(dtype), torch.randn(k, n).to(dtype)
        call = lambda: a @ b  # noqa: E731
    call()
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        for _ in range(reps):
            call()
        best = min(best, time.perf_counter() - started)
    return 2 * m * k * n * reps / best


# -- main -----------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sentences", type=int, default=None, help="500 (64 with --quick)")
    parser.add_argument("--quick", action="store_true", help="64 sentences, fewer rows")
    parser.add_argument("--no-hf-variants", action="store_true", help="skip HF bf16/int8 rows")
    parser.add_argument(
        "--ct2-only", action="store_true", help="CTranslate2 rows only (layouts, alignment)"
    )
    parser.add_argument("--no-cold", action="store_true", help="skip cold start / RSS processes")
    parser.add_argument(
        "--article-only", action="store_true", help="only the single-article layout check"
    )
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(json.loads(args.worker))
        return
    n = args.sentences or (64 if args.quick else 500)
    os.environ.setdefault("OMP_NUM_THREADS", str(THREADS))
    if args.article_only:
        single_article(full_model(), args.out)
        return
    from translate.backends.convert import converted_model
    from translate.batching import plan_batches
    from translate.engines import DEFAULT_ENGINE
    from translate.model_files import resolve_model

    model = full_model()
    ref_dir = reference_ct2(model)
    converted_model(resolve_model(str(model)), "int8")  # our cache, before any timing
    shortlist = shortlist_file(model)
    texts = german_lines()[:n]
    runner = Runner(model, ref_dir, shortlist, texts)
    lengths = [len(ids) for ids in runner.src_ids]
    budget = plan_batches(lengths, max_items=64, max_tokens=4096)

    from translate.backends.ctranslate2_backend import thread_layout

    default_layout = thread_layout(THREADS)
    rows: list[Row] = []
    for beam in (1, 4):
        if not args.ct2_only:
            for size in (16, 64):
                rows.append(Row("transformers", "fp32", beam, str(size), reference="hf"))
        for size in (16, 64):
            rows.append(Row("ct2-reference", "int8", beam, str(size), reference="ct2"))
        tuned = TUNED_BATCH[beam]
        rows.append(
            Row("ct2-tuned", "int8", beam, f"2x{tuned}", reference="ct2-tuned", layout=(2, 1))
        )
        rows.append(Row("ctranslate2", "int8", beam, "tokens:4096", default=True))
        rows.append(Row("ctranslate2", "int8", beam, "tokens:4096", attention=True))
        for layout in LAYOUTS:
            if layout != default_layout and (not args.quick or layout[0] > 1):
                rows.append(Row("ctranslate2", "int8", beam, "tokens:4096", layout=layout))
        rows.append(Row("ctranslate2", "int8", beam, "tokens:4096", shortlist=True))
        if not args.quick:
            rows.append(Row("ctranslate2", "fp32", beam, "tokens:4096"))
            if not args.no_hf_variants and not args.ct2_only:
                rows.append(Row("transformers", "bf16", beam, "tokens:4096"))
                rows.append(Row("transformers", "int8", beam, "tokens:4096"))
    for row in rows:
        if row.engine == "ctranslate2":
            # the pipeline's batches: one per worker in flight (translate.pipeline)
            workers = (row.layout or default_layout)[0]
            row.batches = plan_batches(lengths, max_items=64 * workers, max_tokens=4096 * workers)
        elif row.batch.startswith("tokens"):
            row.batches = budget
        elif row.engine == "ct2-tuned":
            row.batches = sorted_batches(lengths, 2 * TUNED_BATCH[row.beam])
        else:
            row.batches = sorted_batches(lengths, int(row.batch))
        row.default = (
            row.engine == DEFAULT_ENGINE
            and row.precision == "int8"
            and not row.shortlist
            and row.layout is None
            and not row.attention
        )

    header = (
        f"bench-speed: random opus-mt-de-en architecture, {n} newstest2021 sentences "
        f"({sum(lengths)} source tokens), output forced to ceil({RATIO} × source) tokens, "
        f"{THREADS} threads, rows interleaved in one process; cold start and RSS in fresh processes"
    )
    print(header, file=sys.stderr)
    for beam in (1, 4):
        print(f"timing beam {beam} …", file=sys.stderr)
        interleave(runner, [r for r in rows if r.beam == beam])
    del runner

    spec_base = {"model": str(model), "ref": str(ref_dir), "shortlist": str(shortlist), "n": n}
    memory: dict[tuple, dict] = {}
    for row in rows:
        if args.no_cold:
            continue
        if row.key not in memory:
            # the longest sentences in the row's largest batch: the memory peak of a run
            largest = max((r.batches[0] for r in rows if r.key == row.key), key=len)
            spec = {
                **spec_base,
                "engine": row.engine,
                "precision": row.precision,
                "shortlist_on": row.shortlist,
                "layout": list(row.layout) if row.layout else None,
                "memory_batch": largest,
            }
            memory[row.key] = fresh_process(spec)
        row.cold_start_s = memory[row.key]["cold_start_s"]
        row.peak_rss_mb = memory[row.key]["peak_rss_mb"]

    ceilings = {p: matmul_ceiling(p) for p in {"fp32", "bf16", "int8"}}
    report(rows, header, ceilings, args.out)
    single_article(model, args.out)


def report(rows: list[Row], header: str, ceilings: dict[str, float], out: Path) -> None:
    def tps(row: Row) -> float:
        return row.tokens / row.seconds if row.seconds else 0.0

    best: dict[tuple[str, int], float] = {}
    for ref in ("hf", "ct2", "ct2-tuned"):
        for beam in (1, 4):
            found = [tps(r) for r in rows if r.reference == ref and r.beam == beam]
            if found:
                best[ref, beam] = max(found)

    def ratio(value: float, ref: str, beam: int) -> float | None:
        return round(value / best[ref, beam], 3) if (ref, beam) in best else None

    records = []
    print(header)
    title = (
        f"{'engine':<14}{'prec':<6}{'beam':>4} {'batch':<12}{'layout':<12}{'tok/s':>8}"
        f"{'sent/s':>8}{'×HF32':>7}{'×CT2i8':>8}{'×tuned':>8}{'RSS MB':>8}{'cold s':>7}"
        f"{'share':>7}  notes"
    )
    print(title)
    print("-" * len(title))
    for row in rows:
        value = tps(row)
        share = flops_per_token(row.beam) * value / ceilings[row.precision]
        record = {
            "engine": row.engine,
            "precision": row.precision,
            "beam": row.beam,
            "batch": row.batch,
            "default": row.default,
            "shortlist": row.shortlist,
            "layout": list(row.layout) if row.layout else None,
            "word_alignment": row.attention,
            "tokens_per_s": round(value, 1),
            "sentences_per_s": round(row.sentences / row.seconds, 2),
            "ratio_vs_hf_fp32": ratio(value, "hf", row.beam),
            "ratio_vs_ct2_int8": ratio(value, "ct2", row.beam),
            "ratio_vs_ct2_tuned": ratio(value, "ct2-tuned", row.beam),
            "peak_rss_mb": round(row.peak_rss_mb, 1),
            "cold_start_s": round(row.cold_start_s, 2),
            "machine_share": round(share, 3),
        }
        records.append(record)
        notes = ", ".join(
            n
            for n, on in (
                ("default", row.default),
                ("shortlist", row.shortlist),
                ("reference", bool(row.reference)),
            )
            if on
        )

        def fmt(x: object, width: int) -> str:
            return f"{x:>{width}.2f}" if isinstance(x, float) else f"{'-':>{width}}"

        print(
            f"{row.engine:<14}{row.precision:<6}{row.beam:>4} {row.batch:<12}{row.label:<12}"
            f"{value:>8.0f}{record['sentences_per_s']:>8.2f}"
            f"{fmt(record['ratio_vs_hf_fp32'], 7)}{fmt(record['ratio_vs_ct2_int8'], 8)}"
            f"{fmt(record['ratio_vs_ct2_tuned'], 8)}{row.peak_rss_mb:>8.0f}"
            f"{row.cold_start_s:>7.2f}{share:>7.1%}  {notes}"
        )
    print(
        f"FLOPs per target token: greedy {flops_per_token(1) / 1e6:.0f} M, beam 4 "
        f"{flops_per_token(4) / 1e6:.0f} M; matmul ceilings (GFLOP/s, {THREADS} threads): "
        + ", ".join(f"{p} {c / 1e9:.0f}" for p, c in sorted(ceilings.items()))
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"protocol": header, "rows": records}, indent=2) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()

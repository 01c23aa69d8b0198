"""The job users run, at the real model's size: `make bench-speed` (after the engine rows).

``translate article`` as the CLI runs it — read, segment, decode with word alignment, glossary
enforcement, value checks, localisation, the default bilingual files written — on the random
checkpoint of opus-mt-de-en's exact size (vocabulary 58,101, 6+6 layers, d_model 512; built by
``bench_speed.full_model``), without and with the shipped glossary, greedy and beam 4:

* the sample article (``examples/article.de.txt``): every sentence has terms, and a random model
  renders none of them, so every matched term is enforced (the worst case);
* 200 newstest2021 sentences (``../shared``), five to a paragraph;
* one unpunctuated paragraph of 1k / 4k / 16k characters that repeats three terms (time per
  1,000 characters; the pipeline splits it to fit the model).

A random model writes until its length bound, so the translation decoded with and without the
glossary is the same by construction: the difference is the glossary's own cost. Rows of one
input are interleaved (no glossary, glossary, repeated) so load from other processes hits both;
the best of the repeats is reported. Where the time goes is measured by timing the stages'
entry points (decode, enforcement, word alignment, value checks, writers).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

RESULTS = ROOT / "benchmarks" / "results" / "job.json"
GLOSSARY = ROOT / "glossaries" / "news-de-en.tsv"
SAMPLE = ROOT / "examples" / "article.de.txt"
UNIT_DE = "der Verteidigungsminister Schoigu sprach in Kiew mit 1.000 Soldaten am 12. Juli und "
FORMATS = ["md", "tmx", "xliff", "html", "jsonl"]

#: Stage name → (module, attribute path) of the entry point timed for it.
STAGES = {
    "decode": ("translate.backends.ctranslate2_backend", "CTranslate2Backend.translate_attended"),
    "enforcement": ("translate.enforce.enforcer", "Enforcer.apply_many"),
    "alignment": ("translate.wordalign", "word_links"),
    "checks": ("translate.localize.values", "check_values"),
    "writers": ("translate.outputs", "write_outputs"),
}


class StageClock:
    """Wraps each stage's entry point to add up its wall time (outermost calls only)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self._depth: dict[str, int] = defaultdict(int)

    def install(self) -> None:
        import importlib

        import translate.pipeline  # noqa: F401 - imports the stages' functions by name

        for stage, (module_name, path) in STAGES.items():
            module = importlib.import_module(module_name)
            owner: Any = module
            *parents, name = path.split(".")
            for parent in parents:
                owner = getattr(owner, parent)
            original = getattr(owner, name)
            timed = self._timed(stage, original)
            setattr(owner, name, timed)
            if not parents:  # a module-level function may be imported by name elsewhere
                for other in list(sys.modules.values()):
                    if other is not module and getattr(other, name, None) is original:
                        setattr(other, name, timed)

    def _timed(self, stage: str, function: Callable) -> Callable:
        def timed(*args: Any, **kwargs: Any) -> Any:
            self._depth[stage] += 1
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self._depth[stage] -= 1
                if not self._depth[stage]:
                    self.seconds[stage] += time.perf_counter() - started

        return timed

    def reset(self) -> dict[str, float]:
        taken = dict(self.seconds)
        self.seconds.clear()
        return taken


def newstest_article(sentences: int) -> str:
    path = ROOT.parent / "shared" / "data" / "parallel" / "newstest2021.de-en.de"
    if not path.is_file():
        sys.exit(f"{path} is missing: the benchmark reads newstest2021 from ../shared/")
    lines = path.read_text(encoding="utf-8").splitlines()[:sentences]
    return "\n\n".join(" ".join(lines[i : i + 5]) for i in range(0, len(lines), 5)) + "\n"


def paragraph(chars: int) -> str:
    return (UNIT_DE * max(1, chars // len(UNIT_DE))).rstrip() + "\n"


def run_job(model: Path, text: str, glossary: bool, beam: int, out: Path) -> float:
    """One ``translate article`` in this process (the CLI's own steps); its wall seconds."""
    from translate.cli.common import load_terms, make_translator, parse_locales
    from translate.outputs import write_outputs
    from translate.pipeline import document_from_article, translate_document
    from translate.reader import decode_article

    started = time.perf_counter()
    locales = parse_locales("de-DE", "en-US")
    terms = load_terms([GLOSSARY] if glossary else None, not glossary)
    document = document_from_article(decode_article(Path("bench.txt"), text.encode("utf-8")))
    translator = make_translator(
        str(model), "ctranslate2", "cpu", None, 2, beam, terms, None, None, locales
    )
    result = translate_document(document, translator)
    write_outputs(result, FORMATS, out)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--beams", default="1,4")
    parser.add_argument("--newstest", type=int, default=200)
    args = parser.parse_args()
    from bench_speed import full_model

    model = full_model()
    clock = StageClock()
    clock.install()
    inputs = {
        "sample article": SAMPLE.read_text(encoding="utf-8"),
        f"{args.newstest} newstest2021 sentences": newstest_article(args.newstest),
        **{f"paragraph {n // 1000}k chars": paragraph(n) for n in (1_000, 4_000, 16_000)},
    }
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        run_job(model, "Ein Satz.\n", False, 1, Path(tmp))  # load and convert once
        for beam in (int(b) for b in args.beams.split(",")):
            for name, text in inputs.items():
                best: dict[bool, tuple[float, dict[str, float]]] = {}
                for _ in range(args.repeats):
                    for glossary in (False, True):
                        clock.reset()
                        seconds = run_job(model, text, glossary, beam, Path(tmp))
                        stages = clock.reset()
                        if glossary not in best or seconds < best[glossary][0]:
                            best[glossary] = (seconds, stages)
                plain, with_terms = best[False], best[True]
                row = {
                    "input": name,
                    "beam": beam,
                    "chars": len(text),
                    "seconds_no_glossary": round(plain[0], 2),
                    "seconds_glossary": round(with_terms[0], 2),
                    "ratio": round(with_terms[0] / plain[0], 2),
                    "stages_no_glossary": {k: round(v, 2) for k, v in plain[1].items()},
                    "stages_glossary": {k: round(v, 2) for k, v in with_terms[1].items()},
                }
                rows.append(row)
                print(
                    f"beam {beam} | {name:<28} | {plain[0]:7.2f} s | {with_terms[0]:7.2f} s | "
                    f"{row['ratio']:5.2f}× | "
                    + " ".join(f"{k} {v:.2f}" for k, v in sorted(with_terms[1].items())),
                    flush=True,
                )
    for beam in sorted({r["beam"] for r in rows}):
        per_k = {
            r["input"]: r["seconds_glossary"] / r["chars"] * 1000
            for r in rows
            if r["beam"] == beam and r["input"].startswith("paragraph")
        }
        if per_k:
            small, large = per_k["paragraph 1k chars"], per_k["paragraph 16k chars"]
            print(
                f"beam {beam}: seconds per 1,000 characters with the glossary: "
                + ", ".join(f"{k.split()[1]} {v:.3f}" for k, v in per_k.items())
                + f"; 16k / 1k = {large / small:.2f}"
            )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({"rows": rows}, indent=2) + "\n", encoding="utf-8")
    print(f"written to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

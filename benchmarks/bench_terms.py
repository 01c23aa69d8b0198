"""Terminology: term accuracy, spurious insertions and how much enforcement changes.

Protocol (printed with the figures):
* sets: (a) the sample article ``examples/article.de.txt`` (boilerplate left out, as
  ``translate article`` does) with the shipped glossary ``glossaries/news-de-en.tsv``;
  (b) the sentences of ``../shared/data/parallel/newstest2021.de-en.de`` in which at least one
  entry of ``benchmarks/data/newstest2021-terms.tsv`` matches (a glossary written from the human
  references, see ``benchmarks/data/README.md``), in file order, at most ``--max-sentences``;
* checkpoints: a tiny random Marian checkpoint built here (SentencePiece trained on the
  newstest2021 German source and English references), greedy and beam 4; the real
  opus-mt-de-en (``--model``, beam 4) only when it is available locally or downloadable —
  never replaced by a random model;
* each set is translated twice with the same backend and settings: without a glossary (the
  unenforced output) and with it (the enforced output);
* term accuracy = matched terms whose target is present in the enforced output (checked here with
  ``find_target``, independently of the status the pipeline reports) / matched terms;
* spurious insertions = targets of glossary entries that did *not* match the sentence which are
  in the enforced output but not in the unenforced one (``foreign_targets``), summed over
  sentences;
* changed = sentences whose enforced output differs from the unenforced one; model / enforced /
  missing = the statuses the pipeline reports for the matched terms.

Targets: term accuracy 100 % and zero spurious insertions on every row.

(c) realistic row (``benchmarks/terms_realistic.py``, protocol in its docstring): a small
checkpoint trained (once, cached under ``benchmarks/.cache/``) to write reference B of short
newstest2021 pairs and hand-made reordered pairs, enforced with a glossary of reference A's
renderings; term accuracy, leftovers, lost words, chrF against reference A before/after and the
share of already-agreeing sentences left byte-identical.

(d) long paragraphs (issue 17 §2): enforcement (in place, as for a paragraph split to fit the
model) and the value checks on one unpunctuated paragraph of 1,000 / 4,000 / 16,000 characters
repeating three glossary terms (as the model rendered them) and values; seconds per 1,000
characters and the work counted (words, judgements, candidate spans) — flat per 1,000
characters means linear.

Usage: python benchmarks/bench_terms.py [--max-sentences 300] [--model DIR_OR_ID]
       [--engine transformers] [--threads 2] [--no-real] [--no-realistic] [--no-random]
       [--out PATH]
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data" / "parallel"
ARTICLE = ROOT / "examples" / "article.de.txt"
SHIPPED_GLOSSARY = ROOT / "glossaries" / "news-de-en.tsv"
TEST_GLOSSARY = ROOT / "benchmarks" / "data" / "newstest2021-terms.tsv"
RESULTS = ROOT / "benchmarks" / "results" / "terms.json"
REAL_MODEL = "Helsinki-NLP/opus-mt-de-en"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

#: At most this many failing examples are kept per row (in the JSON and the printed report).
MAX_EXAMPLES = 10


@dataclass
class TestSet:
    name: str
    glossary_path: Path
    texts: list[str]
    lines: list[int] | None = None  # 1-based newstest line numbers, for set (b)


@dataclass
class Row:
    set_name: str
    checkpoint: str
    beam: int
    sentences: int = 0
    matched: int = 0
    present: int = 0
    spurious: int = 0
    changed: int = 0
    model: int = 0
    enforced: int = 0
    missing: int = 0
    status_disagreements: int = 0
    unneeded_changes: int = 0
    seconds: float = 0.0
    seconds_unenforced: float = 0.0
    failures: list[dict[str, object]] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return 100.0 * self.present / self.matched if self.matched else 100.0

    @property
    def changed_pct(self) -> float:
        return 100.0 * self.changed / self.sentences if self.sentences else 0.0

    def meets_targets(self) -> bool:
        return self.present == self.matched and self.spurious == 0

    def as_json(self) -> dict[str, object]:
        return {
            "set": self.set_name,
            "checkpoint": self.checkpoint,
            "beam": self.beam,
            "sentences": self.sentences,
            "matched_terms": self.matched,
            "terms_present": self.present,
            "term_accuracy_pct": round(self.accuracy, 2),
            "spurious_insertions": self.spurious,
            "sentences_changed": self.changed,
            "sentences_changed_pct": round(self.changed_pct, 2),
            "status_model": self.model,
            "status_enforced": self.enforced,
            "status_missing": self.missing,
            "status_disagreements": self.status_disagreements,
            "changed_without_need": self.unneeded_changes,
            "seconds": round(self.seconds, 2),
            "seconds_unenforced": round(self.seconds_unenforced, 2),
            "meets_targets": self.meets_targets(),
            "failures": self.failures[:MAX_EXAMPLES],
        }


def article_segments() -> list[str]:
    """The segments ``translate article`` translates: boilerplate left out."""
    from translate.reader import read_article
    from translate.segment import segment_text

    text = read_article(ARTICLE).text
    return [
        s.text
        for p in segment_text(text)
        for s in p.segments
        if not (s.boilerplate or p.boilerplate)
    ]


def newstest_terms_set(german: list[str], limit: int) -> TestSet:
    from translate.glossary import TermMatcher, load_glossary

    matcher = TermMatcher(load_glossary(TEST_GLOSSARY))
    texts: list[str] = []
    lines: list[int] = []
    for number, sentence in enumerate(german, start=1):
        if len(texts) >= limit:
            break
        if matcher.find(sentence):
            texts.append(sentence)
            lines.append(number)
    return TestSet("(b) newstest2021 terms", TEST_GLOSSARY, texts, lines)


def measure(backend: object, test: TestSet, beam: int, checkpoint: str) -> Row:
    from translate.backends.base import DecodeSettings
    from translate.enforce import foreign_targets
    from translate.glossary import find_target, load_glossary
    from translate.pipeline import Translator

    glossary = load_glossary(test.glossary_path)
    settings = DecodeSettings(beam=beam)
    row = Row(test.name, checkpoint, beam, sentences=len(test.texts))

    started = time.perf_counter()
    plain = Translator(backend, None, settings).translate_texts(test.texts)  # type: ignore[arg-type]
    row.seconds_unenforced = time.perf_counter() - started
    started = time.perf_counter()
    enforced = Translator(backend, glossary, settings).translate_texts(test.texts)  # type: ignore[arg-type]
    row.seconds = time.perf_counter() - started

    for index, (text, before, after) in enumerate(zip(test.texts, plain, enforced, strict=True)):
        where = f"line {test.lines[index]}" if test.lines else f"segment {index + 1}"
        matched = {t.match.entry for t in after.terms}
        row.matched += len(after.terms)
        needed = False
        for term in after.terms:
            row.model += term.status == "model"
            row.enforced += term.status == "enforced"
            row.missing += term.status == "missing"
            present = find_target(after.target, term.match.entry) is not None
            row.present += present
            if find_target(before.target, term.match.entry) is None:
                needed = True
            if present != (term.status != "missing"):
                row.status_disagreements += 1
            if not present:
                row.failures.append(
                    {
                        "kind": "missing",
                        "where": where,
                        "term": term.match.surface,
                        "targets": list(term.match.entry.targets),
                        "source": text,
                        "output": after.target,
                    }
                )
        inserted = foreign_targets(after.target, glossary.entries, matched) - foreign_targets(
            before.target, glossary.entries, matched
        )
        row.spurious += len(inserted)
        if inserted:
            row.failures.append(
                {
                    "kind": "spurious",
                    "where": where,
                    "inserted": sorted(inserted),
                    "matched": sorted(e.source for e in matched),
                    "source": text,
                    "unenforced": before.target,
                    "output": after.target,
                }
            )
        if after.target != before.target:
            row.changed += 1
            if not needed:  # every target was already there: enforcement must not touch it
                row.unneeded_changes += 1
                row.failures.append(
                    {
                        "kind": "changed-without-need",
                        "where": where,
                        "source": text,
                        "unenforced": before.target,
                        "output": after.target,
                    }
                )
    return row


HEADER = (
    f"{'set / glossary':<36} {'checkpoint':<28} {'sent':>5} {'terms':>6} {'acc %':>7} "
    f"{'spur':>5} {'chg %':>6} {'model':>6} {'enf':>5} {'miss':>5} {'s':>7}"
)


def format_row(row: Row) -> str:
    checkpoint = f"{row.checkpoint}, beam {row.beam}"
    return (
        f"{row.set_name:<36} {checkpoint:<28} {row.sentences:>5} {row.matched:>6} "
        f"{row.accuracy:>7.1f} {row.spurious:>5} {row.changed_pct:>6.1f} {row.model:>6} "
        f"{row.enforced:>5} {row.missing:>5} {row.seconds:>7.1f}"
    )


REALISTIC_HEADER = (
    f"{'checkpoint':<26} {'head':>4} {'sent':>5} {'=B':>4} {'terms':>6} {'acc %':>6} "
    f"{'need':>5} {'left':>5} {'lost':>5} {'flag':>5} {'chrF A before':>14} {'after':>6} "
    f"{'down':>5} {'up':>4} {'head':>5} {'cont':>5} {'ident %':>8}"
)


def format_realistic(row: object) -> str:
    r = row  # a terms_realistic.RealisticRow
    checkpoint = f"{r.checkpoint}, beam {r.beam}"  # type: ignore[attr-defined]
    head = "on" if r.attention else "off"  # type: ignore[attr-defined]
    return (
        f"{checkpoint:<26} {head:>4} {r.sentences:>5} {r.reproduced:>4} {r.matched:>6} "  # type: ignore[attr-defined]
        f"{r.accuracy:>6.1f} {r.needing:>5} {r.leftovers:>5} {r.lost:>5} {r.flagged:>5} "  # type: ignore[attr-defined]
        f"{r.chrf_before:>14.2f} {r.chrf_after:>6.2f} {r.worse:>5} {r.better:>4} "  # type: ignore[attr-defined]
        f"{r.attended:>5} {r.continued:>5} {r.identical_pct:>8.1f}"  # type: ignore[attr-defined]
    )


LONG_UNIT_DE = (
    "der Verteidigungsminister Schoigu sprach in Kiew mit 1.000 Soldaten am 12. Juli und "
)
LONG_UNIT_EN = "the defence minister Schoigu spoke in Kiev with 1.000 soldiers on July 12 and "


def long_paragraph_rows() -> list[dict[str, float]]:
    """Set (d): enforcement and value checks on one long unpunctuated paragraph."""
    from translate.backends.base import DecodeSettings
    from translate.enforce import EnforceJob, Enforcer
    from translate.glossary import TermMatcher, load_glossary
    from translate.localize.locales import parse_locale
    from translate.localize.values import check_values

    glossary = load_glossary(SHIPPED_GLOSSARY)
    matcher = TermMatcher(glossary)
    spec = parse_locale("en-US", language="en")
    rows = []
    for chars in (1_000, 4_000, 16_000):
        units = chars // len(LONG_UNIT_DE)
        source, translation = (LONG_UNIT_DE * units).rstrip(), (LONG_UNIT_EN * units).rstrip()
        enforcer = Enforcer(None, DecodeSettings(beam=1), glossary.entries)  # type: ignore[arg-type]
        started = time.perf_counter()
        matches = tuple(matcher.find(source))
        (done,) = enforcer.apply_many([EnforceJob(source, translation, matches, redecode=False)])
        _, values, _ = check_values(source, done.text, spec)
        seconds = time.perf_counter() - started
        work = enforcer.work.words + enforcer.work.judged + enforcer.work.spans
        rows.append(
            {
                "chars": len(source),
                "terms": len(matches),
                "values": len(values),
                "seconds": round(seconds, 4),
                "seconds_per_1k_chars": round(seconds / len(source) * 1000, 5),
                "work_per_1k_chars": round(work / len(source) * 1000, 1),
            }
        )
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-sentences", type=int, default=300, help="cap on set (b)")
    parser.add_argument("--model", default=REAL_MODEL, help="real checkpoint: directory or id")
    parser.add_argument("--engine", default="transformers")
    parser.add_argument(
        "--threads", type=int, default=2, help="torch threads for the real model (tiny: always 1)"
    )
    parser.add_argument("--no-real", action="store_true", help="skip the real-model rows")
    parser.add_argument(
        "--no-realistic", action="store_true", help="skip the trained-on-reference-B rows"
    )
    parser.add_argument(
        "--no-random", action="store_true", help="skip the tiny random checkpoint rows (a), (b)"
    )
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()

    source = SHARED / "newstest2021.de-en.de"
    references = [SHARED / "newstest2021.de-en.en", SHARED / "newstest2021.de-en.refB.en"]
    if not all(p.is_file() for p in [source, *references]):
        print(
            f"bench-terms: {SHARED} is absent or incomplete; the benchmark reads the newstest2021 "
            "sentences from the shared data folder (../shared next to the project)",
            file=sys.stderr,
        )
        return 2

    from translate.devtools.tiny_marian import build_tiny_marian
    from translate.engines import load_backend
    from translate.errors import ModelNotAvailableError

    german = source.read_text(encoding="utf-8").splitlines()
    english = [line for p in references for line in p.read_text(encoding="utf-8").splitlines()]
    sets = [
        TestSet("(a) sample article", SHIPPED_GLOSSARY, article_segments()),
        newstest_terms_set(german, args.max_sentences),
    ]
    rows: list[Row] = []
    notes: list[str] = []
    print(HEADER)
    if args.no_random:
        notes.append("tiny random checkpoint rows: skipped (--no-random)")
    else:
        with tempfile.TemporaryDirectory() as tmp:
            print("building a tiny random checkpoint …", file=sys.stderr)
            tiny_dir = build_tiny_marian(Path(tmp) / "tiny", german, english)
            # one thread: the tiny model's operations are too small to share, and on busy
            # cores an OpenMP pool of two makes every one of them wait for the other thread
            tiny = load_backend(str(tiny_dir), engine=args.engine, threads=1)
            for beam in (1, 4):
                for test in sets:
                    rows.append(measure(tiny, test, beam, "tiny random"))
                    print(format_row(rows[-1]), flush=True)
    if args.no_real:
        notes.append("real opus-mt-de-en: skipped (--no-real)")
    else:
        try:
            real = load_backend(args.model, engine=args.engine, threads=args.threads)
        except ModelNotAvailableError as exc:
            notes.append(f"real opus-mt-de-en: not available ({exc})")
        else:
            for test in sets:
                rows.append(measure(real, test, 4, "opus-mt-de-en"))
                print(format_row(rows[-1]), flush=True)
    realistic_rows = []
    if not args.no_realistic:
        from terms_realistic import (
            measure_realistic,
            realistic_data,
            trained_checkpoint,
        )

        items, glossary_text = realistic_data(SHARED)
        checkpoint = trained_checkpoint(items)
        glossary_path = checkpoint / "realistic-glossary.tsv"
        glossary_path.write_text(glossary_text, encoding="utf-8")
        print(f"\n(c) realistic: {len(items)} pairs, model writes reference B, glossary from A")
        print(REALISTIC_HEADER)
        trained = load_backend(str(checkpoint), engine=args.engine, threads=1)
        for beam in (1, 4):
            for attention in (False, True):
                realistic_rows.append(
                    measure_realistic(
                        trained, items, glossary_path, beam, "trained on ref B", attention
                    )
                )
                print(format_realistic(realistic_rows[-1]), flush=True)
    long_rows = long_paragraph_rows()
    print("\n(d) long paragraphs: enforcement in place + value checks")
    print(
        f"{'chars':>7} {'terms':>6} {'values':>7} {'s':>7} {'s/1k chars':>11} {'work/1k chars':>14}"
    )
    for r in long_rows:
        print(
            f"{r['chars']:>7} {r['terms']:>6} {r['values']:>7} {r['seconds']:>7.3f} "
            f"{r['seconds_per_1k_chars']:>11.4f} {r['work_per_1k_chars']:>14.1f}"
        )
    for note in notes:
        print(note)

    failing = [r for r in rows if not r.meets_targets() or r.unneeded_changes]
    for row in failing:
        print(f"\nFAILS {row.set_name} / {row.checkpoint}, beam {row.beam}:")
        for failure in row.failures[:MAX_EXAMPLES]:
            print("  " + json.dumps(failure, ensure_ascii=False))
    print(
        "\ntargets: term accuracy 100 % and 0 spurious insertions on every row — "
        + ("met" if not any(not r.meets_targets() for r in rows) else "NOT met")
    )
    if realistic_rows:
        print(
            "targets (c): 100 % terms, 0 silent leftovers, 0 lost words, chrF A rises, agreeing "
            "sentences byte-identical — "
            + ("met" if all(r.meets_targets() for r in realistic_rows) else "NOT met")
        )

    import torch
    import transformers

    result = {
        "benchmark": "terms",
        "protocol": __doc__,
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "torch": torch.__version__,
            "transformers": transformers.__version__,
            "threads": {"tiny": 1, "real": args.threads},
            "engine": args.engine,
        },
        "sets": {
            t.name: {
                "glossary": str(t.glossary_path.relative_to(ROOT)),
                "sentences": len(t.texts),
                **({"newstest_lines": t.lines} if t.lines else {}),
            }
            for t in sets
        },
        "rows": [r.as_json() for r in rows],
        "realistic_rows": [r.as_json() for r in realistic_rows],
        "long_paragraph_rows": long_rows,
        "notes": notes,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

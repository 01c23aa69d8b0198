"""Localisation of values: how often a *human* English rendering of a value is accepted.

The value check must never flag a normal English rendering. Human reference translations are
the best supply of normal renderings there is, so this benchmark runs the check on them:

* set: ``../shared/data/parallel/newstest2021.de-en.de`` (German news) with its two independent
  human references ``newstest2021.de-en.en`` (A) and ``newstest2021.de-en.refB.en`` (B);
* every value recognised in a German line (``translate.localize.german_values``) is checked in
  the reference with the same code ``translate article`` runs (``check_values``), for en-US and
  en-GB;
* accepted = the value was found in an English form (status ``model``); corrected = the
  reference itself has it in German form (``272.000``), which the check would rewrite; flagged =
  ``missing`` or ``german-format``;
* "either" counts a value as accepted when A or B renders it in an accepted form: a value that
  both human translators rendered differently is usually dropped or rephrased on purpose
  ("two children (3,5)" → "two children aged 3 and 5"); one that only one of them kept is a
  translator's choice, not a gap of the checker.

Prints a table per locale and kind, the flagged examples of reference B, and writes the figures
to ``benchmarks/results/values.json``.

Usage: python benchmarks/bench_values.py [--data ../shared/data/parallel] [--examples 15]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "parallel"
RESULTS = ROOT / "benchmarks" / "results" / "values.json"
sys.path.insert(0, str(ROOT))

from translate.localize.german_values import find_values  # noqa: E402
from translate.localize.locales import parse_locale  # noqa: E402
from translate.localize.values import check_values  # noqa: E402

LOCALES = ("en-US", "en-GB")
KINDS = ("date", "time", "number", "percent", "money")


def _read(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def run(data: Path, examples: int) -> dict[str, object]:
    german = _read(data / "newstest2021.de-en.de")
    refs = {
        "A": _read(data / "newstest2021.de-en.en"),
        "B": _read(data / "newstest2021.de-en.refB.en"),
    }
    started = time.perf_counter()
    values = [find_values(line) for line in german]
    recognise_s = time.perf_counter() - started
    report: dict[str, object] = {
        "lines": len(german),
        "lines_with_values": sum(bool(v) for v in values),
        "recognise_lines_per_s": len(german) / recognise_s if recognise_s else 0.0,
        "locales": {},
    }
    for tag in LOCALES:
        spec = parse_locale(tag, language="en")
        counts: dict[str, Counter[str]] = {kind: Counter() for kind in KINDS}
        flagged_b: list[dict[str, object]] = []
        started = time.perf_counter()
        for number, (line, found) in enumerate(zip(german, values, strict=True), start=1):
            if not found:
                continue
            statuses = {}
            for name, lines in refs.items():
                _, results, _ = check_values(line, lines[number - 1], spec, found)
                statuses[name] = [r.status for r in results]
            for index, value in enumerate(found):
                row = counts[value.kind]
                row["values"] += 1
                a, b = statuses["A"][index], statuses["B"][index]
                row["accepted_A"] += a == "model"
                row["accepted_B"] += b == "model"
                row["corrected_A"] += a == "corrected"
                row["corrected_B"] += b == "corrected"
                row["accepted_either"] += "model" in (a, b)
                if b not in ("model", "corrected") and len(flagged_b) < examples:
                    flagged_b.append(
                        {
                            "line": number,
                            "value": value.surface,
                            "status": b,
                            "reference_B": refs["B"][number - 1],
                        }
                    )
        check_s = time.perf_counter() - started
        report["locales"][tag] = {  # type: ignore[index]
            "kinds": {k: dict(v) for k, v in counts.items()},
            "check_seconds": check_s,
            "flagged_examples_B": flagged_b,
        }
    return report


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f} %" if whole else "    –"


def _row(name: str, row: Counter[str] | dict[str, int]) -> str:
    n = row.get("values", 0)
    cells = [_pct(row.get(k, 0), n) for k in ("accepted_A", "accepted_B", "accepted_either")]
    german = f"{row.get('corrected_A', 0)}/{row.get('corrected_B', 0)}"
    return f"{name:8} {n:6d} " + " ".join(f"{c:>8}" for c in cells) + f" {german:>16}"


def show(report: dict[str, object]) -> None:
    print(
        f"newstest2021 de-en: {report['lines']} lines, {report['lines_with_values']} with values; "
        f"recognition {report['recognise_lines_per_s']:,.0f} lines/s"
    )
    for tag, data in report["locales"].items():  # type: ignore[attr-defined]
        print(f"\n{tag}  (check: {data['check_seconds']:.2f} s for both references)")
        header = ("acc. A", "acc. B", "A or B")
        print(
            f"{'kind':8} {'values':>6} "
            + " ".join(f"{h:>8}" for h in header)
            + f" {'German form A/B':>16}"
        )
        total: Counter[str] = Counter()
        for kind, row in data["kinds"].items():
            total.update(row)
            print(_row(kind, row))
        print(_row("all", total))
        if data["flagged_examples_B"]:
            print("flagged in reference B (first examples):")
            for example in data["flagged_examples_B"]:
                print(
                    f"  line {example['line']}: {example['value']!r} {example['status']}: "
                    f"{example['reference_B'][:110]}"
                )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--examples", type=int, default=15)
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    if not (args.data / "newstest2021.de-en.de").is_file():
        sys.exit(f"error: {args.data}: newstest2021.de-en.de not found: pass --data DIR")
    report = run(args.data, args.examples)
    show(report)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nwrote {args.out}")


if __name__ == "__main__":
    main()

"""Alignment error rate of our word links against gold alignments (needs the real weights).

    python benchmarks/bench_aer.py --model Helsinki-NLP/opus-mt-de-en \\
        --source de.txt --target en.txt --gold gold.talp [--engine ctranslate2]

``de.txt``/``en.txt``: one sentence per line, tokenised as the gold set is (tokens separated by
single spaces); ``gold.talp``: one line per pair, links ``i-j`` (sure) and ``i?j`` or ``i-j-P``
(possible), 0-based source-target token indices (``--one-based`` for 1-based sets such as
Vilar et al. 2006). The translation is forced to the gold English (``attend_forced``), so the
links are those our rule draws from the alignment head on that pair. Prints precision, recall
and AER = 1 − (|A∩S| + |A∩P|) / (|A| + |S|); random weights give meaningless figures.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path


def read_gold(line: str, one_based: bool) -> tuple[set[tuple[int, int]], set[tuple[int, int]]]:
    sure: set[tuple[int, int]] = set()
    possible: set[tuple[int, int]] = set()
    shift = 1 if one_based else 0
    for item in line.split():
        match = re.fullmatch(r"(\d+)([-?])(\d+)(?:-([SP]))?", item)
        if not match:
            raise SystemExit(f"gold: cannot read link '{item}' (use i-j, i?j or i-j-P)")
        link = (int(match[1]) - shift, int(match[3]) - shift)
        is_possible = match[2] == "?" or match[4] == "P"
        (possible if is_possible else sure).add(link)
    return sure, sure | possible


def token_index(text: str) -> dict[int, int]:
    """Character offset → index of the whitespace token that holds it."""
    index: dict[int, int] = {}
    for k, match in enumerate(re.finditer(r"\S+", text)):
        for offset in range(match.start(), match.end()):
            index[offset] = k
    return index


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", required=True)
    parser.add_argument("--engine", default="ctranslate2")
    parser.add_argument("--precision", default=None)
    parser.add_argument("--source", type=Path, required=True)
    parser.add_argument("--target", type=Path, required=True)
    parser.add_argument("--gold", type=Path, required=True)
    parser.add_argument("--one-based", action="store_true")
    args = parser.parse_args()

    from translate.engines import load_backend
    from translate.wordalign import word_links

    sources = args.source.read_text(encoding="utf-8").splitlines()
    targets = args.target.read_text(encoding="utf-8").splitlines()
    gold = args.gold.read_text(encoding="utf-8").splitlines()
    if not len(sources) == len(targets) == len(gold):
        raise SystemExit("source, target and gold must have the same number of lines")
    backend = load_backend(args.model, engine=args.engine, precision=args.precision)
    found = correct_sure = correct_possible = sure_total = unlocated = 0
    for start in range(0, len(sources), 64):
        batch = slice(start, start + 64)
        attended = backend.attend_forced(sources[batch], targets[batch])  # type: ignore[attr-defined]
        for source, out, gold_line in zip(sources[batch], attended, gold[batch], strict=True):
            sure, possible = read_gold(gold_line, args.one_based)
            links = word_links(
                source, out.source_pieces, out.target, out.target_pieces, out.attention
            )
            unlocated += not links
            s_index, t_index = token_index(source), token_index(out.target)
            ours = {(s_index[ss], t_index[ts]) for ss, _, ts, _ in links}
            found += len(ours)
            sure_total += len(sure)
            correct_sure += len(ours & sure)
            correct_possible += len(ours & possible)
    aer = 1 - (correct_sure + correct_possible) / max(1, found + sure_total)
    result = {
        "pairs": len(sources),
        "links": found,
        "precision": round(correct_possible / max(1, found), 4),
        "recall": round(correct_sure / max(1, sure_total), 4),
        "aer": round(aer, 4),
        "pairs_without_links": unlocated,
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()

"""Flags for suspicious translations: what a reviewer should look at first.

- ``repeated-ngrams``: the same n-gram many times in a row (opus-mt's "no, no, no, …" failure);
- ``length-ratio``: target/source length far outside the band of normal de→en news;
- ``copy-of-source``: the output equals the input (the model gave up);
- ``term-missing``: a glossary term could not be enforced.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from translate.document import TermResult

_TOKEN = re.compile(r"\w+|[^\w\s]")
#: English news translations of German run 0.8-1.3× the source length in characters; far
#: outside this band is suspicious (but short headlines vary more, hence the minimum length).
LENGTH_RATIO_BAND = (0.4, 2.5)
MIN_CHARS_FOR_RATIO = 20


def repeated_ngrams(text: str, *, max_n: int = 4, min_repeats: int = 4) -> bool:
    """Whether some n-gram (n ≤ max_n) occurs ``min_repeats`` times back to back."""
    tokens = _TOKEN.findall(text.casefold())
    for n in range(1, max_n + 1):
        for start in range(0, max(0, len(tokens) - n * min_repeats + 1)):
            gram = tokens[start : start + n]
            if all(
                tokens[start + k * n : start + (k + 1) * n] == gram for k in range(1, min_repeats)
            ):
                return True
    return False


def quality_flags(source: str, target: str, terms: Sequence[TermResult] = ()) -> tuple[str, ...]:
    """All flags that apply to one sentence pair, in a fixed order."""
    flags: list[str] = []
    if repeated_ngrams(target):
        flags.append("repeated-ngrams")
    if len(source.strip()) >= MIN_CHARS_FOR_RATIO:
        ratio = len(target.strip()) / len(source.strip())
        if not LENGTH_RATIO_BAND[0] <= ratio <= LENGTH_RATIO_BAND[1]:
            flags.append("length-ratio")
    if target.strip() and target.strip() == source.strip() and re.search(r"[^\W\d_]", source):
        flags.append("copy-of-source")
    if any(term.status == "missing" for term in terms):
        flags.append("term-missing")
    return tuple(flags)

"""Language identification for LibreTranslate's ``/detect`` and ``source=auto``.

The service only translates German, so it only has to tell German from English (and from
neither): common function words, umlauts and ß are counted. That is enough for the clients that
ask (Discourse detects before translating, Mastodon sends ``source=auto``); it is not a general
language identifier and does not pretend to be one.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W\d_]+")
_GERMAN = frozenset(
    "der die das und ist nicht ein eine einen dem den des mit von zu im auf für sich auch "
    "es sie er wir ich war wird wurde werden hat haben sind bei aus nach über wie noch nur "
    "am um oder aber dass wenn vor zum zur durch gegen".split()
)
_ENGLISH = frozenset(
    "the and is not a an of to in on for with it he she we i was will were be has have are "
    "by from after over how only at or but that if before this they you".split()
)


def detect(text: str) -> list[tuple[str, float]]:
    """Candidate languages with a confidence in 0–100, the likeliest first."""
    words = [w.lower() for w in _WORD.findall(text)]
    if not words:
        return [("de", 0.0)]
    german = sum(w in _GERMAN for w in words) + 2 * sum(c in "äöüßÄÖÜ" for c in text)
    english = sum(w in _ENGLISH for w in words)
    total = german + english
    if total == 0:
        return [("de", 10.0), ("en", 5.0)]
    de, en = 100.0 * german / total, 100.0 * english / total
    ranked = sorted([("de", de), ("en", en)], key=lambda x: -x[1])
    return [(lang, round(score, 1)) for lang, score in ranked]

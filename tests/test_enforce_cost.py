"""Enforcement and the value checks stay near-linear in the paragraph length (issue 17 §2),
and a sentence flagged ``term-placement`` says so in every output format.

The cost is measured by counting work (words tokenised, words judged, candidate spans
examined, value searches and span tests), never by timing, so the tests hold on a busy machine.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from conftest import ROOT
from writers_fixtures import simple_document

from translate.backends.base import DecodeSettings
from translate.enforce import EnforceJob, Enforcer
from translate.glossary import TermMatcher, find_target, load_glossary
from translate.localize import values as values_module
from translate.localize.locales import parse_locale
from translate.writers import WRITERS, get_writer

SHIPPED = load_glossary(ROOT / "glossaries" / "news-de-en.tsv")
# no punctuation, three glossary terms (as the model rendered them) and values, repeated
UNIT_DE = "der Verteidigungsminister Schoigu sprach in Kiew mit 1.000 Soldaten am 12. Juli und "
UNIT_EN = "the defence minister Schoigu spoke in Kiev with 1.000 soldiers on July 12 and "


def _paragraph(unit: str, chars: int) -> str:
    """About ``chars`` characters of German (the English has as many units)."""
    return (unit * (chars // len(UNIT_DE))).rstrip()


class _NoModel:
    """A paragraph too long for the model is repaired in place: the model is never asked."""

    def __getattr__(self, name: str) -> object:
        raise AssertionError(f"the model was called ({name}) for a split paragraph")


def _enforce(chars: int) -> tuple[int, str, Enforcer]:
    source = _paragraph(UNIT_DE, chars)
    translation = _paragraph(UNIT_EN, chars)
    enforcer = Enforcer(_NoModel(), DecodeSettings(beam=1), SHIPPED.entries)  # type: ignore[arg-type]
    matches = tuple(TermMatcher(SHIPPED).find(source))
    (result,) = enforcer.apply_many([EnforceJob(source, translation, matches, redecode=False)])
    for term in result.terms:
        assert find_target(result.text, term.match.entry) is not None
    work = enforcer.work
    return work.words + work.judged + work.spans, result.text, enforcer


def test_enforcement_work_grows_linearly_with_the_paragraph() -> None:
    small, _, _ = _enforce(4_000)
    large, text, enforcer = _enforce(16_000)
    assert large <= 4.5 * small, (small, large)
    # each distinct word is judged once per entry, however often it occurs
    assert enforcer.work.judged < 100
    # every rendering of the model was replaced, not only the first one
    assert "Kiev" not in text and "defence" not in text and "Schoigu" not in text


def test_value_checks_work_grows_linearly(monkeypatch: pytest.MonkeyPatch) -> None:
    counts = {"searches": 0, "span_tests": 0}
    verbatim, free = values_module._verbatim, values_module._Spans.free

    def counted_verbatim(*args: object) -> object:
        counts["searches"] += 1
        return verbatim(*args)  # type: ignore[arg-type]

    def counted_free(self: object, span: tuple[int, int]) -> bool:
        counts["span_tests"] += 1
        return free(self, span)  # type: ignore[arg-type]

    monkeypatch.setattr(values_module, "_verbatim", counted_verbatim)
    monkeypatch.setattr(values_module._Spans, "free", counted_free)
    spec = parse_locale("en-US", language="en")
    measured = []
    for chars in (4_000, 16_000):
        counts.update(searches=0, span_tests=0)
        source, translation = _paragraph(UNIT_DE, chars), _paragraph(UNIT_EN, chars)
        _, results, _ = values_module.check_values(source, translation, spec)
        assert len(results) > chars // 60
        measured.append(dict(counts))
    small, large = measured
    assert large["searches"] == small["searches"]  # one search per distinct value
    assert large["span_tests"] <= 4.5 * small["span_tests"], measured


@pytest.mark.parametrize("name", sorted(WRITERS))
def test_term_placement_flag_is_shown_in_every_format(name: str) -> None:
    doc = simple_document()
    first = doc.pairs[1]
    flagged = replace(first, flags=("term-placement",))
    doc = replace(doc, pairs=(doc.pairs[0], flagged, *doc.pairs[2:]))
    assert b"term-placement" in get_writer(name).render(doc)

"""Finding glossary terms in German text: inflection, compounds, boundaries, overlaps, case."""

from __future__ import annotations

import time

import pytest

from translate.document import GlossaryEntry
from translate.glossary import Glossary, TermMatcher, term_pattern


def entry(source: str, target: str = "x", type: str = "term", **kw: object) -> GlossaryEntry:
    return GlossaryEntry(source=source, targets=tuple(target.split("|")), type=type, **kw)  # type: ignore[arg-type]


ENTRIES = (
    entry("Verteidigungsminister", "defense minister|defense ministers", "rank", match="compound"),
    entry("Verteidigungsministerium", "defense ministry", "organisation", match="compound"),
    entry("Außenminister", "foreign minister", "rank"),
    entry("Pentagon-Chef", "Pentagon chief", "rank"),
    entry("Pentagon-Sprecherin", "Pentagon spokeswoman", "rank"),
    entry("Pentagon", "Pentagon", "organisation"),
    entry("Lloyd Austin", "Lloyd Austin", "person"),
    entry("Austin", "Austin", "person"),
    entry("Andrei Beloussow", "Andrei Belousov", "person"),
    entry("Beloussow", "Belousov", "person"),
    entry("Schoigu", "Shoigu", "person"),
    entry("Lawrow", "Lavrov", "person"),
    entry("Strauß", "Strauss", "person"),
    entry("Kiew", "Kyiv", "place"),
    entry("Russland", "Russia", "place"),
    entry("Krim", "Crimea", "place"),
    entry("Kreml", "Kremlin", "organisation"),
    entry("New York Times", "New York Times", "organisation"),
    entry("Weißes Haus", "White House", "organisation"),
    entry("Nato", "NATO", "organisation", case_sensitive=False),
    entry("Präsident", "president", "rank"),
    entry("Sprecherin", "spokeswoman", "rank"),
    entry("US", "US", "place"),
)
MATCHER = TermMatcher(Glossary(ENTRIES, (), ""))


def found(text: str) -> list[tuple[str, str]]:
    return [(m.surface, m.entry.source) for m in MATCHER.find(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # inflection of the last word
        ("des Verteidigungsministers", [("Verteidigungsministers", "Verteidigungsminister")]),
        ("den Verteidigungsministern", [("Verteidigungsministern", "Verteidigungsminister")]),
        ("Schoigus Nachfolger", [("Schoigus", "Schoigu")]),
        ("Beloussows Anruf", [("Beloussows", "Beloussow")]),
        ("Andrei Beloussows Anruf", [("Andrei Beloussows", "Andrei Beloussow")]),
        ("Lawrows Reise", [("Lawrows", "Lawrow")]),
        ("Putin's Freund Strauß' Sohn", [("Strauß'", "Strauß")]),
        ("Russlands Armee", [("Russlands", "Russland")]),
        ("die Präsidenten", [("Präsidenten", "Präsident")]),
        ("zwei Sprecherinnen", [("Sprecherinnen", "Sprecherin")]),
        (
            "der Verteidigungsministerien",
            [("Verteidigungsministerien", "Verteidigungsministerium")],
        ),
        (
            "des Verteidigungsministeriums",
            [("Verteidigungsministeriums", "Verteidigungsministerium")],
        ),
        ("des Weißen Hauses", [("Weißen Hauses", "Weißes Haus")]),
        ("im Weißen Haus", [("Weißen Haus", "Weißes Haus")]),
        ("der New York Times", [("New York Times", "New York Times")]),
        ("Lloyd\nAustin", [("Lloyd\nAustin", "Lloyd Austin")]),
        ("Lloyd  Austins", [("Lloyd  Austins", "Lloyd Austin")]),
        # hyphenated compounds: the term is the last (or first) part
        (
            "US-Verteidigungsminister",
            [("US", "US"), ("Verteidigungsminister", "Verteidigungsminister")],
        ),
        ("Ex-Verteidigungsminister", [("Verteidigungsminister", "Verteidigungsminister")]),
        ("des Pentagon-Chefs", [("Pentagon-Chefs", "Pentagon-Chef")]),
        ("eine Pentagon-Sprecherin", [("Pentagon-Sprecherin", "Pentagon-Sprecherin")]),
        ("Kreml-Sprecher", [("Kreml", "Kreml")]),
        ("Pentagon\u2011Chef", [("Pentagon\u2011Chef", "Pentagon-Chef")]),
        # closed compounds only with match=compound; the span covers the head
        ("Bundesverteidigungsminister", [("verteidigungsminister", "Verteidigungsminister")]),
        (
            "Bundesverteidigungsministeriums",
            [("verteidigungsministeriums", "Verteidigungsministerium")],
        ),
        ("Bundesaußenminister", []),
        # no false hits inside unrelated words
        ("Austinat", []),
        ("Kiewer Bürgermeister", []),
        ("Kriminalität und Krimi", []),
        ("Kremlin", []),
        ("USA", []),
        ("Verteidigungsministerin", []),
        ("Präsidentschaft", []),
        ("Pentagonal", []),
        # case
        ("NATO, Nato und nato", [("NATO", "Nato"), ("Nato", "Nato"), ("nato", "Nato")]),
        ("kiew", []),
        ("VERTEIDIGUNGSMINISTER", []),
        ("verteidigungsminister", []),
    ],
)
def test_find(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the longer entry wins over the shorter one it contains
        ("Lloyd Austin sagte", [("Lloyd Austin", "Lloyd Austin")]),
        ("Pentagon-Chef Austin", [("Pentagon-Chef", "Pentagon-Chef"), ("Austin", "Austin")]),
        ("die Pentagon-Sprecherin", [("Pentagon-Sprecherin", "Pentagon-Sprecherin")]),
        ("Verteidigungsministerium", [("Verteidigungsministerium", "Verteidigungsministerium")]),
    ],
)
def test_longest_match_wins(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


def test_overlapping_matches_resolve_to_the_longest_span() -> None:
    matcher = TermMatcher([entry("A B"), entry("B C D"), entry("D E")])
    got = [(m.surface, m.start, m.end) for m in matcher.find("A B C D E")]
    assert got == [("B C D", 2, 7)]


def test_equal_spans_resolve_to_the_earlier_one() -> None:
    matcher = TermMatcher([entry("A B"), entry("B C")])
    assert [m.surface for m in matcher.find("A B C")] == ["A B"]


def test_same_span_prefers_longer_source_then_glossary_order() -> None:
    first = entry("Kiew", "Kyiv", "place")
    second = entry("kiew", "Kyiv (lower)", "place", case_sensitive=False)
    assert TermMatcher([first, second]).find("Kiew")[0].entry is first
    assert TermMatcher([second, first]).find("Kiew")[0].entry is second
    longer = entry("Kiews", "of Kyiv", "place")
    assert TermMatcher([first, longer]).find("Kiews")[0].entry is longer


def test_matches_are_sorted_non_overlapping_and_slice_the_text() -> None:
    text = (
        "Der amerikanische Pentagon-Chef Lloyd Austin und der russische Verteidigungsminister "
        "Andrei Beloussow sprachen über Kiew; Beloussow warnte Austin."
    )
    matches = MATCHER.find(text)
    assert [m.entry.source for m in matches] == [
        "Pentagon-Chef",
        "Lloyd Austin",
        "Verteidigungsminister",
        "Andrei Beloussow",
        "Kiew",
        "Beloussow",
        "Austin",
    ]
    for m in matches:
        assert text[m.start : m.end] == m.surface
    for a, b in zip(matches, matches[1:], strict=False):
        assert a.end <= b.start


def test_empty_glossary_and_empty_text() -> None:
    assert TermMatcher(Glossary.empty()).find("Kiew") == []
    assert MATCHER.find("") == []


def test_term_pattern_has_no_capturing_groups() -> None:
    import re

    for e in ENTRIES:
        assert re.compile(term_pattern(e)).groups == 0


def test_speed_with_a_200_entry_glossary() -> None:
    names = [f"Name{chr(65 + i % 26)}{chr(97 + i // 26)}ow" for i in range(150)]
    entries = list(ENTRIES) + [entry(n, n, "person") for n in names]
    entries += [entry(f"Amt{i}sleiter", "head", "rank", match="compound") for i in range(30)]
    matcher = TermMatcher(entries)
    sentence = (
        "Seit dem Beginn des Ukraine-Konflikts haben die Verteidigungsminister der USA und "
        "Russlands lediglich sechsmal telefonisch miteinander gesprochen, sagte NameQbow."
    )
    matcher.find(sentence)
    start = time.perf_counter()
    for _ in range(2000):
        matcher.find(sentence)
    per_second = 2000 / (time.perf_counter() - start)
    # ~10,000/s on an idle 2-core machine; the bound only catches a pathological slowdown
    assert per_second > 500, per_second

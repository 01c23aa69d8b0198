"""Whether a glossary target is present in an English translation."""

from __future__ import annotations

import pytest

from translate.document import GlossaryEntry
from translate.glossary import at_sentence_start, find_all_targets, find_target


def entry(source: str, target: str) -> GlossaryEntry:
    return GlossaryEntry(source=source, targets=tuple(target.split("|")))


KYIV = entry("Kiew", "Kyiv")
MINISTER = entry("Verteidigungsminister", "defense minister|defense ministers")
CHIEF = entry("Generalstabschef", "chief of the general staff|chief of general staff")


@pytest.mark.parametrize(
    ("translation", "wanted", "expected"),
    [
        # exact spelling, whole words
        ("He flew to Kyiv.", KYIV, ("Kyiv", 11, 15)),
        ("Kyiv's mayor", KYIV, ("Kyiv", 0, 4)),
        ("Kyiv\u2019s mayor", KYIV, ("Kyiv", 0, 4)),
        ("a pro-Kyiv rally", KYIV, ("Kyiv", 6, 10)),
        ("the Kyivan Rus", KYIV, None),
        ("He flew to Kiev.", KYIV, None),
        ("in KYIV", KYIV, None),
        # case: exact, except the first letter at a sentence start
        ("the defense minister said", MINISTER, ("defense minister", 4, 20)),
        ("Defense minister Belousov said", MINISTER, ("defense minister", 0, 16)),
        ("He left. Defense minister Belousov stayed.", MINISTER, ("defense minister", 9, 25)),
        ('He said: "Defense minister Belousov stayed."', MINISTER, ("defense minister", 10, 26)),
        ("  \u201cDefense minister", MINISTER, ("defense minister", 3, 19)),
        ("The Defense minister said", MINISTER, None),
        ("the defense Minister said", MINISTER, None),
        ("the Defense Minister said", MINISTER, None),
        # alternatives: whole words, the longest wins
        ("both defense ministers met", MINISTER, ("defense ministers", 5, 22)),
        ("the defense minister and the defense ministers", MINISTER, ("defense ministers", 29, 46)),
        ("the chief of the general staff", CHIEF, ("chief of the general staff", 4, 30)),
        ("the chief of\ngeneral staff", CHIEF, ("chief of general staff", 4, 26)),
        ("the chief of staff", CHIEF, None),
        ("", KYIV, None),
    ],
)
def test_find_target(
    translation: str, wanted: GlossaryEntry, expected: tuple[str, int, int] | None
) -> None:
    assert find_target(translation, wanted) == expected


def test_earliest_wins_among_equally_long_alternatives() -> None:
    both = entry("x", "Kyiv|Kiev")
    assert find_target("Kiev, later Kyiv", both) == ("Kiev", 0, 4)
    assert find_target("Kyiv, earlier Kiev", both) == ("Kyiv", 0, 4)


def test_alternative_with_punctuation_at_its_edges() -> None:
    us = entry("USA", "U.S.|US")
    assert find_target("the U.S. army", us) == ("U.S.", 4, 8)
    assert find_target("U.S.-backed forces", us) == ("U.S.", 0, 4)
    assert find_target("USS Enterprise", us) is None


@pytest.mark.parametrize(
    ("text", "pos", "expected"),
    [
        ("Defense", 0, True),
        ("  Defense", 2, True),
        ("x. Defense", 3, True),
        ("x? \u201eDefense", 4, True),
        ('x." Defense', 4, True),
        ("line one\nDefense", 9, True),
        ('he said, "Defense', 10, True),
        ("the Defense", 4, False),
        ("U.S.Defense", 4, False),
        ("the (Defense", 5, False),
    ],
)
def test_at_sentence_start(text: str, pos: int, expected: bool) -> None:
    assert at_sentence_start(text, pos) is expected


def test_find_all_targets_for_spurious_insertions() -> None:
    austin = entry("Austin", "Austin")
    full = entry("Lloyd Austin", "Lloyd Austin")
    hits = find_all_targets(
        "Lloyd Austin called Kyiv; the defense minister", [KYIV, MINISTER, full, austin, KYIV]
    )
    assert [(h.entry.source, h.target, h.start, h.end) for h in hits] == [
        ("Lloyd Austin", "Lloyd Austin", 0, 12),
        ("Austin", "Austin", 6, 12),
        ("Kiew", "Kyiv", 20, 24),
        ("Verteidigungsminister", "defense minister", 30, 46),
    ]
    assert find_all_targets("nothing here", [KYIV]) == []

"""The shipped news glossary: lint-clean, complete for the sample article, and usable."""

from __future__ import annotations

from pathlib import Path

import pytest

from translate.glossary import TermMatcher, find_target, lint_glossary, load_glossary

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "glossaries" / "news-de-en.tsv"
GLOSSARY = load_glossary(SHIPPED)
MATCHER = TermMatcher(GLOSSARY)
BY_SOURCE = {e.source: e for e in GLOSSARY.entries}


def test_shipped_glossary_is_lint_clean() -> None:
    assert lint_glossary(SHIPPED) == []


def test_header_columns() -> None:
    header = next(
        line for line in SHIPPED.read_text("utf-8").splitlines() if not line.startswith("#")
    )
    assert header.split("\t") == [
        "source",
        "target",
        "target@en-GB",
        "type",
        "case",
        "match",
        "note",
    ]


@pytest.mark.parametrize(
    ("source", "preferred"),
    [
        ("Lloyd Austin", "Lloyd Austin"),
        ("Andrei Beloussow", "Andrei Belousov"),
        ("Sergei Schoigu", "Sergei Shoigu"),
        ("Eric Schmitt", "Eric Schmitt"),
        ("Verteidigungsminister", "defense minister"),
        ("Pentagon-Chef", "Pentagon chief"),
        ("Pentagon-Sprecherin", "Pentagon spokeswoman"),
        ("New York Times", "New York Times"),
        ("NYT", "New York Times"),
        ("Kiew", "Kyiv"),
        ("Washington", "Washington"),
        ("Alaska", "Alaska"),
        ("Selenskyj", "Zelensky"),
        ("Lawrow", "Lavrov"),
        ("Gerassimow", "Gerasimov"),
        ("Peskow", "Peskov"),
        ("Medwedew", "Medvedev"),
        ("Charkiw", "Kharkiv"),
        ("Saporischschja", "Zaporizhzhia"),
        ("Odessa", "Odesa"),
        ("Generalstabschef", "chief of the general staff"),
        ("Außenminister", "foreign minister"),
        ("Bundeskanzler", "chancellor"),
        ("Verteidigungsministerium", "defense ministry"),
        ("Nato", "NATO"),
        ("Krim", "Crimea"),
        ("Moskau", "Moscow"),
        ("Kreml", "Kremlin"),
    ],
)
def test_required_entries(source: str, preferred: str) -> None:
    assert BY_SOURCE[source].preferred == preferred


def test_every_entry_is_typed_and_spelled_consistently() -> None:
    types = {"person", "rank", "organisation", "place", "term"}
    for entry in GLOSSARY.entries:
        assert entry.type in types
        assert not any("defence" in t for t in entry.targets), entry  # en-US
        assert not any("Zelenskyy" in t for t in entry.targets), entry  # Reuters spelling
    assert 60 <= len(GLOSSARY) <= 200


US_ONLY = ("defense", "Defense", "U.S.", "U.N.", "St. ")


def test_british_column_covers_every_us_form() -> None:
    """Every row with a US-only form has British targets, and those have no US form left."""
    british = {e.source: dict(e.locale_targets).get("en-GB") for e in GLOSSARY.entries}
    assert {tag for e in GLOSSARY.entries for tag, _ in e.locale_targets} == {"en-GB"}
    for entry in GLOSSARY.entries:
        gb = british[entry.source]
        if any(form in t for form in US_ONLY for t in entry.targets):
            assert gb, entry.source
        if gb:
            assert gb != entry.targets, entry.source
            assert not any(form in t for form in US_ONLY for t in gb), (entry.source, gb)
    assert british["Verteidigungsministerium"] == (
        "defence ministry",
        "Defence Ministry",
        "Ministry of Defence",
        "defence ministries",
    )
    assert british["Kiew"] is None


ARTICLE_TERMS = {
    "Lloyd Austin",
    "Austin",
    "Andrei Beloussow",
    "Beloussow",
    "Sergei Schoigu",
    "Eric Schmitt",
    "Verteidigungsminister",
    "Pentagon-Chef",
    "Pentagon-Sprecherin",
    "Pentagon",
    "New York Times",
    "NYT",
    "Kiew",
    "Washington",
    "Alaska",
    "USA",
    "US",
    "Russland",
    "Ukraine",
    "Europa",
    "US-Regierung",
}


def test_sample_article_terms_are_found() -> None:
    text = (ROOT / "examples" / "article.de.txt").read_text("utf-8")
    found = {m.entry.source for m in MATCHER.find(text)}
    assert ARTICLE_TERMS <= found, ARTICLE_TERMS - found
    surfaces = {m.surface for m in MATCHER.find(text)}
    assert "Verteidigungsministern" in surfaces
    assert "Russlands" in surfaces


@pytest.mark.parametrize(
    ("german", "english"),
    [
        (
            "Der Bundesverteidigungsminister traf Selenskyjs Stabschef Jermak in Kiew.",
            "The German defense minister met Zelensky's chief of staff Yermak in Kyiv.",
        ),
        (
            "Laut Kreml-Sprecher Peskow hat Lawrow mit dem Generalstabschef gesprochen.",
            "According to Kremlin spokesman Peskov, Lavrov spoke with the chief of the general "
            "staff.",
        ),
        (
            "Russische Truppen griffen Charkiw, Saporischschja und Odessa an; die Nato warnte.",
            "Russian troops attacked Kharkiv, Zaporizhzhia and Odesa; NATO warned.",
        ),
        (
            "Der NATO-Generalsekretär kritisierte Moskaus Angriffe auf die Krim nicht.",
            "The NATO secretary general did not criticize Moscow's attacks on Crimea.",
        ),
    ],
)
def test_news_sentences_match_and_targets_are_found(german: str, english: str) -> None:
    matches = MATCHER.find(german)
    assert matches
    for match in matches:
        assert find_target(english, match.entry) is not None, match

"""Dates, times, numbers, percentages and money: German recognition, English checking per locale."""

from __future__ import annotations

from decimal import Decimal

import pytest

from translate.localize.english_forms import english_forms
from translate.localize.german_values import find_values
from translate.localize.locales import parse_locale
from translate.localize.values import Edit, apply_edits, check_values, shift_span, value_flags

US = parse_locale("en-US", language="en")
GB = parse_locale("en-GB", language="en")
LOCALES = {"en-US": US, "en-GB": GB}


# -- recognising values in German text ----------------------------------------------------


@pytest.mark.parametrize(
    ("german", "kind", "surface", "detail"),
    [
        ("fand am 12. Juli statt", "date", "12. Juli", (7, 12, None)),
        ("am 3. März 2024 begann", "date", "3. März 2024", (3, 3, 2024)),
        ("am Freitag, 12. Juli 2024", "date", "Freitag, 12. Juli 2024", (7, 12, 2024)),
        ("bis zum 1. Sept. kommen", "date", "1. Sept.", (9, 1, None)),
        ("seit dem 12.07.2024 gilt", "date", "12.07.2024", (7, 12, 2024)),
        ("im Juli 2024 war es heiß", "date", "Juli 2024", (7, None, 2024)),
        ("Das war am 12. Juli.", "date", "12. Juli", (7, 12, None)),
        ("vom 3. bis 5. März", "date", "3. bis 5. März", (3, 3, None)),
        ("um 9.30 Uhr", "time", "9.30 Uhr", (9, 30)),
        ("um 9:30 Uhr", "time", "9:30 Uhr", (9, 30)),
        ("gegen 14 Uhr", "time", "14 Uhr", (14, 0)),
        ("von 9 bis 17 Uhr", "time", "9 bis 17 Uhr", (9, 0)),
        ("kamen 1.000 Menschen", "number", "1.000", Decimal(1000)),
        ("kamen 1.000.000 Menschen", "number", "1.000.000", Decimal(1000000)),
        ("ein Wert von 1.000,5 Punkten", "number", "1.000,5", Decimal("1000.5")),
        ("es waren 12.", "number", "12", Decimal(12)),
        ("1,5 Millionen Menschen", "number", "1,5 Millionen", Decimal(1500000)),
        ("3 bis 5 Soldaten", "number", "3 bis 5", Decimal(3)),
        ("zwischen 3 und 5 Soldaten", "number", "zwischen 3 und 5", Decimal(3)),
        ("um 3,5 Prozent", "percent", "3,5 Prozent", Decimal("3.5")),
        ("um 3,5 % gestiegen", "percent", "3,5 %", Decimal("3.5")),
        ("um 2 Prozentpunkte", "percent", "2 Prozentpunkte", Decimal(2)),
        ("3 bis 5 Prozent", "percent", "3 bis 5 Prozent", Decimal(3)),
        ("kostet 45.000 Euro", "money", "45.000 Euro", Decimal(45000)),
        ("kostet € 45.000", "money", "€ 45.000", Decimal(45000)),
        ("2 Mrd. Dollar Hilfe", "money", "2 Mrd. Dollar", Decimal(2000000000)),
        ("300 Mio. US-Dollar", "money", "300 Mio. US-Dollar", Decimal(300000000)),
        ("EUR 3,5 Mrd. Schulden", "money", "EUR 3,5 Mrd.", Decimal(3500000000)),
    ],
)
def test_german_values_are_recognised(german: str, kind: str, surface: str, detail) -> None:
    (value,) = find_values(german)
    assert (value.kind, value.surface) == (kind, surface)
    assert german[value.start : value.end] == surface
    if kind == "date":
        assert value.date is not None
        assert (value.date.month, value.date.day, value.date.year) == detail
    elif kind == "time":
        assert value.time is not None
        assert (value.time.hour, value.time.minute) == detail
    else:
        assert value.amount is not None and value.amount.value == detail


@pytest.mark.parametrize(
    "german",
    [
        "Der 2. Weltkrieg endete.",  # ordinal
        "Kampfjets vom Typ F-16 und der G7-Gipfel",  # numbers glued to letters or hyphens
        "Covid-19 und Artikel 1.2.3",
        "Version 2.0 kam",  # not a German number
        "Er kam sechsmal.",  # words are not recognised
        "Stau auf der A 7 und der B 96",  # road names
        "am 31. Februarbla",  # no month
        "am 31. April kam er",  # no such day
    ],
)
def test_non_values_are_not_recognised(german: str) -> None:
    assert find_values(german) == ()


def test_ranges_and_weekdays_are_kept() -> None:
    (days,) = find_values("vom 3. bis 5. März 2024")
    assert days.upper_day == 5 and days.date is not None and days.date.year == 2024
    (money,) = find_values("3 bis 5 Millionen Euro")
    assert money.amount is not None and money.upper is not None
    assert (money.amount.value, money.upper.value) == (Decimal(3_000_000), Decimal(5_000_000))
    (date,) = find_values("Freitag, 12. Juli 2024")
    assert date.date is not None and date.date.weekday == 4


# -- normal English renderings are accepted, in either locale -------------------------------

ACCEPTED = [
    (
        "am 12. Juli",
        ["July 12", "12 July", "July 12th", "12th July", "the 12th of July", "Jul 12", "Jul. 12"],
    ),
    ("am 3. März 2024", ["March 3, 2024", "3 March 2024", "March 3rd, 2024", "2024-03-03"]),
    ("Freitag, 12. Juli 2024", ["Friday, July 12, 2024", "Friday 12 July 2024"]),
    ("im Juli 2024", ["July 2024", "in July of 2024"]),
    ("vom 3. bis 5. März", ["March 3 to 5", "March 3-5", "3 to 5 March", "3–5 March"]),
    ("kamen 1.000 Menschen", ["1,000 people", "1000 people", "a thousand people"]),
    ("kamen 5000 Menschen", ["5,000 people", "5000 people"]),
    ("es waren 3 Soldaten", ["3 soldiers", "three soldiers"]),
    ("es waren 21 Soldaten", ["21 soldiers", "twenty-one soldiers"]),
    ("es waren 12 Soldaten", ["12 soldiers", "twelve soldiers", "a dozen soldiers"]),
    ("kamen 5.000 Menschen", ["5,000 people", "five thousand people", "5 thousand people"]),
    ("kamen 1.000.000 Menschen", ["1,000,000 people", "a million people", "1m people"]),
    ("kamen 1.500.000 Menschen", ["1,500,000 people", "1.5 million people"]),
    ("0,5 Millionen Euro", ["half a million euros", "€0.5 million", "€500,000"]),
    (
        "1,5 Millionen Menschen",
        ["1.5 million people", "1,500,000 people", "1.5m people", "one and a half million people"],
    ),
    ("3 bis 5 Soldaten", ["3 to 5 soldiers", "3-5 soldiers", "between 3 and 5 soldiers"]),
    ("um 3,5 Prozent", ["3.5 percent", "3.5 per cent", "3.5%", "3.5 pct", "a 3.5-percent rise"]),
    ("um 2 Prozentpunkte", ["2 percentage points", "two percentage points", "2 points"]),
    ("3 bis 5 Prozent", ["3 to 5 percent", "3-5%", "3% to 5%", "between 3 and 5 per cent"]),
    (
        "kostet 45.000 Euro",
        ["45,000 euros", "€45,000", "EUR 45,000", "€ 45,000", "45,000 euro", "a 45,000-euro fine"],
    ),
    ("2 Mrd. Dollar", ["$2 billion", "$2bn", "2 billion dollars", "US$2 billion", "USD 2bn"]),
    ("5 Millionen Pfund", ["£5 million", "5 million pounds", "£5m"]),
    ("3 bis 5 Millionen Euro", ["3 to 5 million euros", "€3m to €5m", "€3 million to €5 million"]),
    ("um 9.30 Uhr", ["9.30am", "9:30 a.m.", "9:30 AM", "09:30", "9.30", "half past nine"]),
    ("um 8.45 Uhr", ["8.45am", "08:45", "quarter to nine", "a quarter to 9"]),
    ("um 21 Uhr", ["9 p.m.", "21:00", "nine o'clock in the evening", "9 at night"]),
    ("um 14 Uhr", ["2 p.m.", "2pm", "14:00", "2 PM", "1400 GMT"]),
    ("um 14.30 Uhr", ["2.30pm", "2:30 p.m.", "14:30"]),
    ("um 12 Uhr", ["noon", "12 p.m.", "12:00"]),
    ("von 9 bis 17 Uhr", ["from 9 a.m. to 5 p.m.", "9am-5pm", "from 09:00 to 17:00"]),
]


@pytest.mark.parametrize("tag", LOCALES)
@pytest.mark.parametrize(("german", "renderings"), ACCEPTED)
def test_normal_english_renderings_are_never_flagged(
    tag: str, german: str, renderings: list[str]
) -> None:
    for english in renderings:
        sentence = f"It happened: {english}, they said."
        corrected, results, edits = check_values(german, sentence, LOCALES[tag])
        assert corrected == sentence and not edits, english
        assert [r.status for r in results] == ["model"], english
        (result,) = results
        assert result.rendering is not None and result.rendering.strip(" ,") in english
        assert corrected[result.target_start : result.target_end] == result.rendering
        assert value_flags(results) == ()


@pytest.mark.parametrize(
    ("german", "english"),
    [
        ("am 12. Juli", "on July 13"),  # wrong day
        ("am 3. März 2024", "on March 3"),  # year dropped
        ("kamen 1.000 Menschen", "10,000 people came"),
        ("kamen 1.000 Menschen", "21,000 people came"),  # no match inside a longer number
        ("um 3,5 Prozent", "by 35 percent"),
        ("um 14 Uhr", "at 2 a.m."),  # morning for afternoon
        ("um 14 Uhr", "at 2 in the morning"),
        ("kamen 5.000 Menschen", "50 thousand people came"),
        ("kostet 45.000 Euro", "costs 45,000 dollars"),  # wrong currency
        ("3 bis 5 Prozent", "3 to 6 percent"),
    ],
)
@pytest.mark.parametrize("tag", LOCALES)
def test_wrong_or_missing_values_are_flagged(tag: str, german: str, english: str) -> None:
    corrected, results, _ = check_values(german, english, LOCALES[tag])
    assert corrected == english
    assert [r.status for r in results] == ["missing"]
    assert results[0].rendering is None
    assert value_flags(results) == ("value-missing",)


# -- German forms in the translation are corrected where the place is unambiguous ------------

CORRECTIONS = [
    # german, english with German forms, en-US result, en-GB result
    ("am 12. Juli", "on 12. July.", "on July 12.", "on 12 July."),
    ("am 12. Juli", "on 12. Juli.", "on July 12.", "on 12 July."),
    ("am 3. März 2024", "on 3. March 2024", "on March 3, 2024", "on 3 March 2024"),
    ("kamen 1.000 Menschen", "1.000 people came", "1,000 people came", "1,000 people came"),
    ("um 3,5 Prozent", "by 3,5 percent", "by 3.5 percent", "by 3.5 per cent"),
    ("um 3,5 Prozent", "by 3,5%", "by 3.5 percent", "by 3.5 per cent"),
    ("um 3,5 Prozent", "by 3,5 Prozent", "by 3.5 percent", "by 3.5 per cent"),
    ("kostet 45.000 Euro", "costs 45.000 euros", "costs 45,000 euros", "costs 45,000 euros"),
    ("kostet 45.000 Euro", "costs 45.000 Euro", "costs €45,000", "costs €45,000"),
    ("1,5 Millionen Menschen", "1,5 million people", "1.5 million people", "1.5 million people"),
    ("um 9.30 Uhr", "at 9.30 Uhr", "at 9:30 AM", "at 09:30"),
    (
        "1.000 Euro und 1.000 Euro",
        "1.000 euros and 1.000 euros",
        "1,000 euros and 1,000 euros",
        "1,000 euros and 1,000 euros",
    ),
]


@pytest.mark.parametrize(("german", "english", "us", "gb"), CORRECTIONS)
def test_german_forms_are_corrected_for_the_locale(
    german: str, english: str, us: str, gb: str
) -> None:
    for spec, expected in ((US, us), (GB, gb)):
        corrected, results, edits = check_values(german, english, spec)
        assert corrected == expected
        assert {r.status for r in results} == {"corrected"}
        assert len(edits) == len(results)
        for result in results:
            assert corrected[result.target_start : result.target_end] == result.rendering
        assert value_flags(results) == ()


def test_ambiguous_german_form_is_flagged_not_guessed() -> None:
    # two different values, two German-separated numbers that could be either: no rewrite
    german = "1.000 Soldaten und 2.000 Panzer"
    english = "soldiers and tanks: 1.000 or 2.000, 1.000 or 2.000"
    corrected, results, _ = check_values(german, english, US)
    assert corrected == english
    assert [r.status for r in results] == ["german-format", "german-format"]
    assert value_flags(results) == ("value-format",)


def test_each_rendering_is_claimed_once() -> None:
    corrected, results, _ = check_values("2024 und 2024", "in 2024", US)
    assert [r.status for r in results] == ["model", "missing"]


# -- the locale's own forms ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("german", "us", "gb"),
    [
        ("am 12. Juli", "July 12", "12 July"),
        ("am 3. März 2024", "March 3, 2024", "3 March 2024"),
        ("im Juli 2024", "July 2024", "July 2024"),
        ("vom 3. bis 5. März", "March 3 to 5", "3 to 5 March"),
        ("kamen 1.000 Menschen", "1,000", "1,000"),
        ("im Jahr 2024", "2024", "2024"),
        ("1,5 Millionen Menschen", "1.5 million", "1.5 million"),
        ("um 3,5 Prozent", "3.5 percent", "3.5 per cent"),
        ("um 2 Prozentpunkte", "2 percentage points", "2 percentage points"),
        ("kostet 45.000 Euro", "€45,000", "€45,000"),
        ("2 Mrd. Dollar", "$2 billion", "US$2 billion"),
        ("um 9.30 Uhr", "9:30 AM", "09:30"),
    ],
)
def test_preferred_forms_follow_the_locale(german: str, us: str, gb: str) -> None:
    (value,) = find_values(german)
    assert english_forms(US).preferred(value) == us
    assert english_forms(GB).preferred(value) == gb


def test_other_english_locales_use_their_own_babel_data() -> None:
    india = parse_locale("en-IN", language="en")
    (value,) = find_values("kamen 150.000 Menschen")
    assert english_forms(india).preferred(value) == "1,50,000"
    corrected, results, _ = check_values("kamen 150.000 Menschen", "1,50,000 people", india)
    assert results[0].status == "model"
    assert english_forms(india).preferred(find_values("um 3,5 Prozent")[0]) == "3.5 per cent"


def test_edits_move_other_spans() -> None:
    text = "on 12. July Kyiv"
    edits = [Edit(3, 11, "July 12")]
    new, spans = apply_edits(text, edits)
    assert new == "on July 12 Kyiv" and new[spans[0][0] : spans[0][1]] == "July 12"
    start, end = shift_span((12, 16), edits)
    assert new[start:end] == "Kyiv"


# -- what a review found: each a case a user hit or could hit --------------------------------


def test_identifiers_and_codes_are_no_values_and_stay_untouched() -> None:
    long_id = "Das Aktenzeichen lautet 12345678901234567890123456789."
    assert find_values(long_id) == ()
    for german, english in [
        ("Die Postleitzahl ist 01067.", "The postcode is 01067."),
        ("Er nahm den Bus 007.", "He took bus 007."),
    ]:
        assert find_values(german) == ()
        assert check_values(german, english, GB)[0] == english


@pytest.mark.parametrize(
    ("german", "english"),
    [
        ("Er verdiente 2,5 Millionen Euro.", "He earned 2,5 euros."),  # scale lost
        ("Es kostet 45.000 Euro.", "It costs 45.000 dollars."),  # other currency
        ("Es kostete 2,5 Millionen Euro.", "It cost 2,5 billion dollars."),
        ("Sie stieg um 3,5 Prozentpunkte.", "It rose 3,5 percent."),  # points are not percent
        ("Das kostet 3,5 bis 4,5 Milliarden Euro.", "That costs 3,5 to 4.5 billion euros."),
        ("zwischen 3,5 und 4,5 Prozent", "between 3,5 and 4,5 percent"),
        ("1.000 bis 2.000 Menschen", "Between 1.000 and 2.000 people"),
    ],
)
def test_a_correction_never_hides_a_wrong_value_or_mangles_a_range(
    german: str, english: str
) -> None:
    for spec in (US, GB):
        corrected, results, edits = check_values(german, english, spec)
        assert corrected == english and not edits
        assert {r.status for r in results} <= {"missing", "german-format"}
        assert value_flags(results)


@pytest.mark.parametrize(
    ("german", "english"),
    [
        ("Es gab 12 Tote am 12. Juli.", "On July 12, 12 people were killed."),
        ("Es kamen 15 Menschen um 15 Uhr.", "At 15:00, 15 people came."),
        ("9 Menschen kamen um 9.30 Uhr.", "At 9:30, 9 people came."),
        ("2024 Anträge im Juli 2024", "2024 applications in July 2024"),
    ],
)
def test_a_number_does_not_take_the_digits_of_a_date_or_time(german: str, english: str) -> None:
    _, results, _ = check_values(german, english, US)
    assert [r.status for r in results] == ["model"] * len(results)


@pytest.mark.parametrize(
    ("german", "english", "expected", "tag"),
    [
        (
            "Der Schaden beträgt 2,5 Mrd.",
            "The damage is 2,5 Mrd.",
            "The damage is 2.5 billion.",
            "en-GB",
        ),
        ("Er kommt um 15.30 Uhr.", "He comes at 15.30 Uhr.", "He comes at 3:30 p.m.", "en-CA"),
        ("am 1. Sept.", "on 1. Sept.", "on September 1.", "en-US"),
    ],
)
def test_corrections_keep_the_sentence_punctuation(
    german: str, english: str, expected: str, tag: str
) -> None:
    corrected, results, _ = check_values(german, english, parse_locale(tag, language="en"))
    assert corrected == expected
    assert [r.status for r in results] == ["corrected"]


@pytest.mark.parametrize(
    ("german", "english"),
    [
        ("um 9.30 Uhr", "at 9:30 p.m."),
        ("um 9.30 Uhr", "at 9.30pm"),
        ("um 3 Uhr", "at 3 in the afternoon"),
        ("um 15 Uhr", "at 3 o'clock in the morning"),
        ("Er kostet 1.000 Euro.", "It costs €1,000 million."),
        ("Es kamen 1.000 Menschen.", "1,000 million people came."),
    ],
)
def test_the_other_half_of_the_day_or_a_scale_word_is_a_wrong_value(
    german: str, english: str
) -> None:
    _, results, _ = check_values(german, english, GB)
    assert [r.status for r in results] == ["missing"]


@pytest.mark.parametrize(
    ("german", "english"),
    [
        ("zwischen 9 und 17 Uhr", "between 9am and 5pm"),
        ("zwischen 9 und 17 Uhr", "between 09:00 and 17:00"),
        ("um 0,25 Prozentpunkte", "by 25 basis points"),
        ("3 bis 5 Millionen Euro", "€3-5 million"),
        ("2,5 Mrd. Euro", "EUR2.5bn"),
        ("300 Mio. Franken", "CHF300m"),
        ("von 3,5 Prozent auf 4,5 Prozent", "from 3.5 to 4.5 percent"),
        ("45'000 Franken", "45,000 Swiss francs"),
        ("500 Rubel", "500 rubles"),
        ("500 Rubel", "500 roubles"),
        ("am 12.07.99", "on 12 July 1999"),
        ("1,50 Euro", "€1.50"),
        ("von 1990 bis 1998", "from 1990-98"),
        ("von 1990 bis 1998", "from 1990 to 1998"),
    ],
)
def test_more_normal_renderings_are_accepted(german: str, english: str) -> None:
    for spec in (US, GB):
        _, results, _ = check_values(german, english, spec)
        assert {r.status for r in results} == {"model"}, (spec.tag, english)


@pytest.mark.parametrize("tag", ["en-US", "en-GB", "en-AU", "en-IN", "en-CA", "en-IE"])
def test_the_checker_accepts_its_own_preferred_forms(tag: str) -> None:
    spec = parse_locale(tag, language="en")
    german = [
        "am 12. Juli",
        "am 3. März 2024",
        "vom 3. bis 5. März",
        "um 9.30 Uhr",
        "um 14 Uhr",
        "von 9 bis 17 Uhr",
        "1.000 Menschen",
        "1,5 Millionen",
        "3,5 Prozent",
        "2 Prozentpunkte",
        "45.000 Euro",
        "500 Franken",
        "500 Pfund",
        "2 Mrd. Dollar",
        "1,50 Euro",
        "3 bis 5 Millionen Euro",
        "3 bis 5 Prozent",
    ]
    for text in german:
        (value,) = find_values(text)
        rendering = f"It was {english_forms(spec).preferred(value)} then."
        _, results, _ = check_values(text, rendering, spec)
        assert [r.status for r in results] == ["model"], (tag, text, rendering)


def test_cents_are_kept_and_codes_become_names() -> None:
    (cents,) = find_values("1,50 Euro")
    assert english_forms(GB).preferred(cents) == "€1.50"
    (francs,) = find_values("500 Franken")
    assert english_forms(GB).preferred(francs) == "500 Swiss francs"


def test_a_copied_value_is_corrected_each_time() -> None:
    german = "Am 12. Juli sprach er, und am 12. Juli schwieg er."
    english = "On 12. Juli he spoke, and on 12. Juli he was silent."
    corrected, results, _ = check_values(german, english, US)
    assert corrected == "On July 12 he spoke, and on July 12 he was silent."
    assert [r.status for r in results] == ["corrected", "corrected"]


def test_protected_glossary_spans_are_never_rewritten() -> None:
    english = "It costs 45.000 Euro."
    euro = english.index("Euro")
    corrected, results, _ = check_values(
        "Es kostet 45.000 Euro.", english, US, protected=[(euro, euro + 4)]
    )
    assert corrected == "It costs 45,000 Euro."
    assert results[0].status == "corrected"


# -- second review ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("german", "english", "expected"),
    [
        (
            "Von 2020 bis 2023 stieg sie.",
            "From 2020 bis 2023 it rose.",
            "From 2020 to 2023 it rose.",
        ),
        (
            "Zwischen 2020 und 2023 stieg sie.",
            "Zwischen 2020 und 2023 it rose.",
            "Between 2020 and 2023 it rose.",
        ),
        ("Freitag, 12. Juli 2024", "Freitag, 12. Juli 2024", "Friday, July 12, 2024"),
        (
            "Der Dax schloss mit -1,2 %.",
            "The Dax closed at -1,2 %.",
            "The Dax closed at -1.2 percent.",
        ),
        ("Es kostete 3 000 Euro.", "It cost 3 000 euros.", "It cost 3,000 euros."),
    ],
)
def test_corrections_keep_years_between_weekdays_and_signs(
    german: str, english: str, expected: str
) -> None:
    corrected, results, _ = check_values(german, english, US)
    assert corrected == expected
    assert {r.status for r in results} == {"corrected"}


@pytest.mark.parametrize(
    ("german", "english"),
    [
        ("1.000 bis 2.000 Euro", "1.000 to 2.000 euros"),
        ("3,5 bis 4 Prozent", "3,5 to 4 percent"),
        ("vom 3. bis 5. März", "from 3. March to 5"),
    ],
)
def test_a_range_left_in_german_form_is_flagged_as_such(german: str, english: str) -> None:
    corrected, results, _ = check_values(german, english, GB)
    assert corrected == english
    assert [r.status for r in results] == ["german-format"]
    assert value_flags(results) == ("value-format",)


def test_two_dates_are_not_a_range() -> None:
    (value,) = find_values("am 3. und 5. Mai")  # the 3. is an ordinal without its month
    assert value.surface == "5. Mai" and value.upper_day is None
    for english in ("on May 3 and 5", "on 3 and 5 May", "on May 3, 4 and 5"):
        _, results, _ = check_values("am 3. und 5. Mai", english, US)
        assert [r.status for r in results] == ["model"], english


def test_space_grouped_thousands_are_one_number() -> None:
    (value,) = find_values("Es kostete 3 000 Euro.")
    assert value.amount is not None and value.amount.value == 3000
    _, results, _ = check_values("Es kostete 3 000 Euro.", "It cost 3,000 euros.", GB)
    assert results[0].status == "model"

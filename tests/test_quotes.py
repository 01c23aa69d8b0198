"""Quotation marks of the English edition follow the target locale (translate.localize.quotes)."""

from __future__ import annotations

import random

import pytest

from translate.localize.locales import parse_locale
from translate.localize.quotes import (
    BRITISH_QUOTES,
    QUOTATION_MARKS,
    QUOTE_STYLES,
    US_QUOTES,
    QuoteStyle,
    localize_quotes,
    quote_style,
)

US, GB = US_QUOTES, BRITISH_QUOTES
STYLES = pytest.mark.parametrize("style", [US, GB], ids=["en-US", "en-GB"])
FOREIGN_MARKS = frozenset("„»«‚›‹‟")  # never in English output

# (translation, en-US, en-GB) for well-formed text: each styled text also converts to the other
BALANCED = [
    # simple
    ('He said "yes".', "He said “yes”.", "He said ‘yes’."),
    ('The "Lex Huber" law', "The “Lex Huber” law", "The ‘Lex Huber’ law"),
    ("“Hello,” she said.", "“Hello,” she said.", "‘Hello,’ she said."),
    ("‘Hello,’ she said.", "“Hello,” she said.", "‘Hello,’ she said."),
    ("'Hello,' she said.", "“Hello,” she said.", "‘Hello,’ she said."),
    ('("quoted")', "(“quoted”)", "(‘quoted’)"),
    ('"Yes" - "No"', "“Yes” - “No”", "‘Yes’ - ‘No’"),
    ('"Yes"—"No"', "“Yes”—“No”", "‘Yes’—‘No’"),
    ('"... and then"', "“... and then”", "‘... and then’"),
    ('It is "Kyiv"-based.', "It is “Kyiv”-based.", "It is ‘Kyiv’-based."),
    ("« Bonjour »", "“ Bonjour ”", "‘ Bonjour ’"),
    # nested: single inside double, double inside single, double inside double, three levels
    ("\"He said 'no' twice\"", "“He said ‘no’ twice”", "‘He said “no” twice’"),
    ("“He said ‘no’ twice”", "“He said ‘no’ twice”", "‘He said “no” twice’"),
    ("‘He said “no” twice’", "“He said ‘no’ twice”", "‘He said “no” twice’"),
    ('"It was "a disaster" today"', "“It was ‘a disaster’ today”", "‘It was “a disaster” today’"),
    ('"A \'B "C" B\' A"', "“A ‘B “C” B’ A”", "‘A “B ‘C’ B” A’"),
    ("He said \"'Hi'\"", "He said “‘Hi’”", "He said ‘“Hi”’"),
    ("'\"Hi,\" she said'", "“‘Hi,’ she said”", "‘“Hi,” she said’"),
    # German input
    (
        "„Wir schaffen das“, sagte sie.",
        "“Wir schaffen das”, sagte sie.",
        "‘Wir schaffen das’, sagte sie.",
    ),
    ("„Er sagte ‚Nein‘“", "“Er sagte ‘Nein’”", "‘Er sagte “Nein”’"),
    ("Er sagte: „Das ist ‚gut‘.“", "Er sagte: “Das ist ‘gut’.”", "Er sagte: ‘Das ist “gut”.’"),
    ("„‚Hallo‘, sagte er“", "“‘Hallo’, sagte er”", "‘“Hallo”, sagte er’"),
    ("Sie nannten es ‚Wende‘.", "Sie nannten es “Wende”.", "Sie nannten es ‘Wende’."),
    ("Ein »Durchbruch«.", "Ein “Durchbruch”.", "Ein ‘Durchbruch’."),
    ("»Er sagte ›Nein‹.«", "“Er sagte ‘Nein’.”", "‘Er sagte “Nein”.’"),
    ("«Er sagte ‹Nein›.»", "“Er sagte ‘Nein’.”", "‘Er sagte “Nein”.’"),
    ("»Er sagte „Nein“.«", "“Er sagte ‘Nein’.”", "‘Er sagte “Nein”.’"),
    ("„Das ist gut“.", "“Das ist gut”.", "‘Das ist gut’."),
    # mixed marks, as machine translation makes them
    ("„Hello”", "“Hello”", "‘Hello’"),
    ('„Hello"', "“Hello”", "‘Hello’"),
    ("“Hello“", "“Hello”", "‘Hello’"),
    ("‚Hi’", "“Hi”", "‘Hi’"),
    ("‘Hello‘", "“Hello”", "‘Hello’"),
    # a quotation followed by punctuation
    ('He said: "No."', "He said: “No.”", "He said: ‘No.’"),
    ('"He said: "No.""', "“He said: ‘No.’”", "‘He said: “No.”’"),
    ('He said "No".', "He said “No”.", "He said ‘No’."),
    ('Was it "yes"?', "Was it “yes”?", "Was it ‘yes’?"),
    ('"Yes!", he said.', "“Yes!”, he said.", "‘Yes!’, he said."),
    ('"No"; "yes".', "“No”; “yes”.", "‘No’; ‘yes’."),
    ('"(Yes)"', "“(Yes)”", "‘(Yes)’"),
    ("„Nein!“, rief er.", "“Nein!”, rief er.", "‘Nein!’, rief er."),
    # apostrophes inside quotations stay as they are
    (
        "'The students' union is closed,' he said.",
        "“The students' union is closed,” he said.",
        "‘The students' union is closed,’ he said.",
    ),
    ("\"Don't go,\" said O'Brien.", "“Don't go,” said O'Brien.", "‘Don't go,’ said O'Brien."),
    ("'Rock 'n' roll is dead,' he said.", "“Rock 'n' roll is dead,” he said.", None),
    ("'Hello' and the students' union", "“Hello” and the students' union", None),
    ("'The students' union' is closed.", "“The students' union” is closed.", None),
    ("'I ain't goin' home,' he said.", "“I ain't goin' home,” he said.", None),
    ("\"It's the '90s,\" he said.", "“It's the '90s,” he said.", "‘It's the '90s,’ he said."),
    ("'It's the '90s,' he said.", "“It's the '90s,” he said.", "‘It's the '90s,’ he said."),
    ("„Krieg“ and Russia’s war", "“Krieg” and Russia’s war", "‘Krieg’ and Russia’s war"),
    ("“The students’ union”", "“The students’ union”", "‘The students’ union’"),
    ("“Star Wars”'s fans", "“Star Wars”'s fans", "‘Star Wars’'s fans"),
    ("‘The students’ union’ is shut.", "“The students’ union” is shut.", None),
    ("‘Hello’ he said to the boss’ son.", "“Hello” he said to the boss’ son.", None),
]
BALANCED = [
    (text, us, gb if gb is not None else us.replace("“", "‘").replace("”", "’"))
    for text, us, gb in BALANCED
]

APOSTROPHES = [
    "don't",
    "Russia's war",
    "Russia’s war",
    "the students' union",
    "the students’ union",
    "the '90s",
    "the ’90s",
    "the '68 riots",
    "rock 'n' roll",
    "rock ’n’ roll",
    "O'Brien and O’Neill",
    "'Tis the season",
    "Give 'em hell",
    "the boss' car and the bosses' cars",
    "It's James' and Charles' house.",
]

# (translation, en-US, en-GB): a quotation that begins or ends in another sentence
UNBALANCED = [
    ("Er sagte: „Das ist gut.", "Er sagte: “Das ist gut.", "Er sagte: ‘Das ist gut."),
    ("Das ist gut“, sagte er.", "Das ist gut”, sagte er.", "Das ist gut’, sagte er."),
    ('He said: "That is good.', "He said: “That is good.", "He said: ‘That is good."),
    ('That is good," he said.', "That is good,” he said.", "That is good,’ he said."),
    ("That is good,' he said.", "That is good,” he said.", "That is good,’ he said."),
    ("That is good.”", "That is good.”", "That is good.’"),
    ("»Das ist gut.", "“Das ist gut.", "‘Das ist gut."),
    ("Das ist gut«, sagte er.", "Das ist gut”, sagte er.", "Das ist gut’, sagte er."),
    ("‚Das ist gut.", "“Das ist gut.", "‘Das ist gut."),
    ("Das ist gut‘, sagte er.", "Das ist gut”, sagte er.", "Das ist gut’, sagte er."),
    ('"He said "no" and left.', "“He said ‘no’ and left.", "‘He said “no” and left."),
    ('"He said "no', "“He said ‘no", "‘He said “no"),
    ('Bad." Then "good', "Bad.” Then “good", "Bad.’ Then ‘good"),
    ('"', "“", "‘"),
    ("„", "“", "‘"),
    ("“", "“", "‘"),
    ("»", "“", "‘"),
]


@pytest.mark.parametrize(("text", "us", "gb"), BALANCED, ids=[c[0] for c in BALANCED])
def test_balanced(text: str, us: str, gb: str) -> None:
    assert localize_quotes(text, US) == us
    assert localize_quotes(text, GB) == gb
    # well-formed text converts from one style to the other and back
    assert localize_quotes(us, GB) == gb
    assert localize_quotes(gb, US) == us


@pytest.mark.parametrize(
    ("text", "us", "gb"),
    [
        # a missing space: fine one way, but ‘ between letters is read as an apostrophe
        ('He said"Hello"', "He said“Hello”", "He said‘Hello’"),
        ("Er sagte„Hallo“", "Er sagte“Hallo”", "Er sagte‘Hallo’"),
    ],
)
def test_missing_space(text: str, us: str, gb: str) -> None:
    assert localize_quotes(text, US) == us
    assert localize_quotes(text, GB) == gb


@STYLES
@pytest.mark.parametrize("text", APOSTROPHES)
def test_apostrophes_untouched(text: str, style: QuoteStyle) -> None:
    assert localize_quotes(text, style) == text


# (translation, en-US, en-GB): " and '' after a number are inch/second marks, not quotes,
# unless they close an open quotation
MEASUREMENTS = [
    ('a 12" pizza', 'a 12" pizza', 'a 12" pizza'),
    ("He is 5'11\" tall.", "He is 5'11\" tall.", "He is 5'11\" tall."),
    ("a 3' 6\" gap", "a 3' 6\" gap", "a 3' 6\" gap"),
    ("the 12'' pipe", "the 12'' pipe", "the 12'' pipe"),
    ('a 12½" pizza', 'a 12½" pizza', 'a 12½" pizza'),
    ('The 12"x8" board', 'The 12"x8" board', 'The 12"x8" board'),
    ('He ran it in 9.58".', 'He ran it in 9.58".', 'He ran it in 9.58".'),
    ('a 12" pizza, "fresh"', 'a 12" pizza, “fresh”', 'a 12" pizza, ‘fresh’'),
    # a quotation that ends in a number still closes
    ('He said "I have 12"', "He said “I have 12”", "He said ‘I have 12’"),
    ('He said "I have 12".', "He said “I have 12”.", "He said ‘I have 12’."),
    ('"Route 66"', "“Route 66”", "‘Route 66’"),
    ('He said "12" and "13"', "He said “12” and “13”", "He said ‘12’ and ‘13’"),
    ('„Ich habe 12"', "“Ich habe 12”", "‘Ich habe 12’"),
    ("'I have 12'", "“I have 12”", "‘I have 12’"),
    ("\"He said 'I have 12'\"", "“He said ‘I have 12’”", "‘He said “I have 12”’"),
    # … and a measurement inside a quotation stays
    ('"The 12" pizza"', '“The 12" pizza”', '‘The 12" pizza’'),
    ('"He is 5\' 11" tall"', "“He is 5' 11\" tall”", "‘He is 5' 11\" tall’"),
    ("'The 12'' pipe,' he said.", "“The 12'' pipe,” he said.", "‘The 12'' pipe,’ he said."),
]

# (translation, en-US, en-GB): an elision at a word start stays an apostrophe unless a closing
# mate follows in the sentence
ELISIONS = [
    ("ma’ne", "ma’ne", "ma’ne"),
    ("so ’ne Sache", "so ’ne Sache", "so ’ne Sache"),
    ("so 'ne Sache", "so 'ne Sache", "so 'ne Sache"),
    ("Er hat ’nen Plan", "Er hat ’nen Plan", "Er hat ’nen Plan"),
    ("Give 'em hell", "Give 'em hell", "Give 'em hell"),
    ("Give ’em hell", "Give ’em hell", "Give ’em hell"),
    ("I'll go 'cause I can", "I'll go 'cause I can", "I'll go 'cause I can"),
    ("’tis the season", "’tis the season", "’tis the season"),
    ("and ’Tis the season", "and ’Tis the season", "and ’Tis the season"),
    ("It was ’bout time", "It was ’bout time", "It was ’bout time"),
    ("’round the clock", "’round the clock", "’round the clock"),
    ("I saw ’im there", "I saw ’im there", "I saw ’im there"),
    ("'s-Hertogenbosch", "'s-Hertogenbosch", "'s-Hertogenbosch"),
    ("rock 'n' roll and 'good' stuff", "rock 'n' roll and “good” stuff", None),
    ("’Tis the students’ union", "’Tis the students’ union", "’Tis the students’ union"),
    # a closing mate follows: the mark opens a quotation
    ("'Cause I said so,' he said.", "“Cause I said so,” he said.", None),
    ("’Tis the season,’ she said.", "“Tis the season,” she said.", None),
    ("'Give 'em hell,' he said.", "“Give 'em hell,” he said.", None),
    ("'Rock 'n' roll is dead,' he said.", "“Rock 'n' roll is dead,” he said.", None),
]
ELISIONS = [
    (text, us, gb if gb is not None else us.replace("“", "‘").replace("”", "’"))
    for text, us, gb in ELISIONS
]


@pytest.mark.parametrize(
    ("text", "us", "gb"), MEASUREMENTS + ELISIONS, ids=[c[0] for c in MEASUREMENTS + ELISIONS]
)
def test_measurements_and_elisions(text: str, us: str, gb: str) -> None:
    assert localize_quotes(text, US) == us
    assert localize_quotes(text, GB) == gb
    assert localize_quotes(us, US) == us
    assert localize_quotes(gb, GB) == gb


@pytest.mark.parametrize(("text", "us", "gb"), UNBALANCED, ids=[c[0] for c in UNBALANCED])
def test_unbalanced(text: str, us: str, gb: str) -> None:
    assert localize_quotes(text, US) == us
    assert localize_quotes(text, GB) == gb


@STYLES
@pytest.mark.parametrize("text", ["", "No quotation marks here.", "Maße: 5 × 3 – fertig"])
def test_text_without_marks_unchanged(text: str, style: QuoteStyle) -> None:
    assert localize_quotes(text, style) == text


# --- locale table ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tag", "style"),
    [
        ("en-US", US),
        ("en", US),
        ("en-GB", GB),
        ("en_GB", GB),
        ("EN-gb", GB),
        ("en-AU", US),
        ("en-IN", US),
        ("en-CA", US),
        ("en-IE", US),
    ],
)
def test_quote_style_by_locale(tag: str, style: QuoteStyle) -> None:
    assert quote_style(parse_locale(tag, language="en")) == style


def test_styles() -> None:
    assert (US.outer_open, US.outer_close, US.inner_open, US.inner_close) == tuple("“”‘’")
    assert (GB.outer_open, GB.outer_close, GB.inner_open, GB.inner_close) == tuple("‘’“”")
    assert QUOTE_STYLES["en-GB"] is GB
    assert QUOTE_STYLES["en-US"] is US
    assert [US.opening(level) for level in range(4)] == list("“‘“‘")
    assert [GB.closing(level) for level in range(4)] == list("’”’”")


@pytest.mark.parametrize("marks", [("“", "”", "‘", ""), ("“", "”", "‘", "’’"), ("", "", "", "")])
def test_style_marks_are_single_characters(marks: tuple[str, str, str, str]) -> None:
    assert QuoteStyle("«", "»", "‹", "›").opening(1) == "‹"
    with pytest.raises(ValueError, match="single character"):
        QuoteStyle(*marks)


def test_en_au_text_uses_us_marks() -> None:
    style = quote_style(parse_locale("en-AU", language="en"))
    assert localize_quotes("„Er sagte ‚Nein‘“", style) == "“Er sagte ‘Nein’”"


# --- properties over many inputs ------------------------------------------------------------

_PIECES = [
    *"\"'„“”‚‘’»«›‹‟‛",
    " ",
    " ",
    "a",
    "s",
    ".",
    ",",
    "!",
    "?",
    "(",
    ")",
    "—",
    "-",
    ":",
    "\u00a0",
    "9",
    "don't",
    "students'",
    "'90s",
    "rock 'n' roll",
    "O'Brien",
    '12"',
    "5'11\"",
    "'em",
    "’ne",
    "Merkel",
    "Kyiv",
]


def _random_texts(seed: int, count: int = 300) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choices(_PIECES, k=rng.randint(0, 30))) for _ in range(count)]


@STYLES
@pytest.mark.parametrize("seed", range(8))
def test_properties(seed: int, style: QuoteStyle) -> None:
    marks = {style.outer_open, style.outer_close, style.inner_open, style.inner_close}
    for text in _random_texts(seed):
        styled = localize_quotes(text, style)
        # same length, one character for one: only quotation marks change, into the style's
        assert len(styled) == len(text), text
        for before, after in zip(text, styled, strict=True):
            assert before == after or (before in QUOTATION_MARKS and after in marks), text
        assert not FOREIGN_MARKS & set(styled), text
        assert localize_quotes(styled, style) == styled, text


@STYLES
@pytest.mark.parametrize(
    "text",
    [c[0] for c in BALANCED + UNBALANCED + MEASUREMENTS + ELISIONS]
    + APOSTROPHES
    + ["„‚»«›‹", "a„b‚c»d«e›f‹g", "‚", "‹", "›", "«", "x‚ y", "‚‚‚", "» « » «", "„ “ ‚ ‘"],
)
def test_idempotent_and_no_foreign_marks(text: str, style: QuoteStyle) -> None:
    styled = localize_quotes(text, style)
    assert len(styled) == len(text)
    assert not FOREIGN_MARKS & set(styled)
    assert localize_quotes(styled, style) == styled


_WORDS = ["he", "said", "no", "the", "union", "don't", "Russia's", "O'Brien", "'90s", "Kyiv"]
_PAIRS = [
    ('"', '"'),
    ("„", "“"),
    ("“", "”"),
    ("»", "«"),
    ("«", "»"),
    ("'", "'"),
    ("‚", "‘"),
    ("‘", "’"),
    ("›", "‹"),
    ("‹", "›"),
]


def _nested(rng: random.Random, level: int = 0) -> tuple[str, list[tuple[int, str]]]:
    """Well-formed text, quotations up to level 2: (text, [(level, "open" or "close")])."""
    parts: list[str] = []
    marks: list[tuple[int, str]] = []
    for _ in range(rng.randint(1, 4)):
        if level < 3 and rng.random() < 0.35:
            opening, closing = rng.choice(_PAIRS)
            inner, inner_marks = _nested(rng, level + 1)
            parts.append(opening + inner + rng.choice(["", ".", ",", "!", "?"]) + closing)
            marks += [(level, "open"), *inner_marks, (level, "close")]
        else:
            parts.append(rng.choice(_WORDS))
    return " ".join(parts), marks


@pytest.mark.parametrize("seed", range(4))
def test_nesting_levels(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(300):
        text, marks = _nested(rng)
        for style in (US, GB):
            expected = [
                style.opening(level) if role == "open" else style.closing(level)
                for level, role in marks
            ]
            styled = localize_quotes(text, style)
            apostrophes = [i for i in range(len(text)) if _is_apostrophe(text, i)]
            quotes = [
                after
                for i, after in enumerate(styled)
                if text[i] in QUOTATION_MARKS and i not in apostrophes
            ]
            assert quotes == expected, (text, styled)
            assert [styled[i] for i in apostrophes] == [text[i] for i in apostrophes]
            other = GB if style is US else US
            assert localize_quotes(localize_quotes(styled, other), style) == styled


def _is_apostrophe(text: str, i: int) -> bool:
    """The apostrophes of _WORDS: inside a word or before 90s."""
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return text[i] == "'" and (after.isdigit() or (before.isalpha() and after.isalpha()))

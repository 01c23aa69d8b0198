"""Recognise dates, times, numbers, percentages and amounts of money in German news text.

German writes ``1.000`` for a thousand and ``3,5`` for three and a half, ``12. Juli`` for
July 12 and ``9.30 Uhr`` for half past nine. Babel's parsers expect a clean, isolated value, so
the scanning is ours: a few anchored regular expressions built from Babel's German month and
weekday names, tried at every position, longest match first. What is recognised:

- dates: ``12. Juli``, ``Freitag, 12. Juli 2024``, ``3. März 2024``, ``12.07.2024``,
  ``Juli 2024`` (month and year), ``3. bis 5. März`` (a range of days);
- times: ``9.30 Uhr``, ``9:30 Uhr``, ``14 Uhr``, ``9 bis 17 Uhr``;
- numbers with German separators and scale words: ``1.000``, ``3,5``, ``1,5 Millionen``,
  ``2 Mrd.``; ranges ``3 bis 5``, ``zwischen 3 und 5``;
- percentages (``3,5 Prozent``, ``3,5 %``, ``2 Prozentpunkte``) and money
  (``45.000 Euro``, ``5 Mio. Dollar``, ``€ 45.000``, ``EUR 3,5 Mrd.``).

Not recognised on purpose: ordinals (``2. Weltkrieg``), numbers glued to letters or hyphens
(``F-16``, ``G7``, ``Covid-19``), numbers written as words. A value is a :class:`SourceValue`
with the character span of its surface in the German text.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Literal

from babel import Locale

ValueKind = Literal["date", "time", "number", "percent", "money"]
Unit = Literal["", "percent", "points"]

#: scale words and the power of ten they stand for
SCALES: dict[str, int] = {
    "tausend": 3,
    "tsd.": 3,
    "million": 6,
    "millionen": 6,
    "mio.": 6,
    "mio": 6,
    "milliarde": 9,
    "milliarden": 9,
    "mrd.": 9,
    "mrd": 9,
    "billion": 12,
    "billionen": 12,
}
#: currency words of German news beyond Babel's names, and what they mean by default
CURRENCY_WORDS: dict[str, str] = {
    "euro": "EUR",
    "€": "EUR",
    "dollar": "USD",
    "us-dollar": "USD",
    "$": "USD",
    "us$": "USD",
    "pfund": "GBP",
    "£": "GBP",
    "franken": "CHF",
    "rubel": "RUB",
    "yen": "JPY",
    "yuan": "CNY",
    "renminbi": "CNY",
    "hrywnja": "UAH",
    "griwna": "UAH",
    "zloty": "PLN",
    "złoty": "PLN",
    "lira": "TRY",
}
#: ISO codes written as such in German text (and looked up in Babel for English names)
CURRENCY_CODES = ("EUR", "USD", "GBP", "CHF", "RUB", "JPY", "CNY", "UAH", "PLN", "TRY")
_EXTRA_MONTHS = {"jänner": 1, "feber": 2, "febr": 2, "sept": 9}


@dataclass(frozen=True)
class Quantity:
    """A number as written: ``mantissa`` × 10^``scale`` (``1,5 Millionen`` → 1.5, 6)."""

    mantissa: Decimal
    scale: int = 0

    @property
    def value(self) -> Decimal:
        return self.mantissa.scaleb(self.scale)


@dataclass(frozen=True)
class DateValue:
    """A date as written; ``day`` or ``year`` may be absent (``Juli 2024``, ``12. Juli``)."""

    month: int
    day: int | None = None
    year: int | None = None
    weekday: int | None = None
    """0 = Monday, as Babel and ``datetime.weekday`` count."""


@dataclass(frozen=True)
class TimeValue:
    hour: int
    minute: int = 0


@dataclass(frozen=True)
class SourceValue:
    """One value found in a German sentence: ``text[start:end] == surface``.

    ``amount`` is set for numbers, percentages and money, ``date`` for dates, ``time`` for
    times; ``upper`` (and ``upper_date``/``upper_time``) for ranges (``3 bis 5``).
    """

    kind: ValueKind
    start: int
    end: int
    surface: str
    amount: Quantity | None = None
    upper: Quantity | None = None
    unit: Unit = ""
    currency: str = ""
    date: DateValue | None = None
    upper_day: int | None = None
    time: TimeValue | None = None
    upper_time: TimeValue | None = None

    @property
    def is_range(self) -> bool:
        return self.upper is not None or self.upper_day is not None or self.upper_time is not None


# -- vocabulary from Babel ------------------------------------------------------------------


@lru_cache(maxsize=1)
def german_months() -> dict[str, int]:
    """German month names and abbreviations (casefolded, without dot) → month number."""
    de = Locale("de")
    names: dict[str, int] = dict(_EXTRA_MONTHS)
    for width in ("wide", "abbreviated"):
        for number, name in de.months["format"][width].items():
            names[name.casefold().rstrip(".")] = number
    return names


def german_month_pattern() -> str:
    """Full month names, and abbreviations with an optional dot (``Sept.``) but never a full
    name with one (the dot after ``Juli`` ends the sentence)."""
    de = Locale("de")
    wide = {n.casefold() for n in de.months["format"]["wide"].values()}
    short = set(german_months()) - wide
    return rf"(?:{_alternation(wide)})(?!\w)|(?:{_alternation(short)})(?!\w)\.?"


@lru_cache(maxsize=1)
def german_weekdays() -> dict[str, int]:
    de = Locale("de")
    return {name.casefold(): n for n, name in de.days["format"]["wide"].items()}


@lru_cache(maxsize=1)
def german_currencies() -> dict[str, str]:
    """Currency words, symbols and codes of German text (casefolded) → ISO code."""
    de = Locale("de")
    words = dict(CURRENCY_WORDS)
    for code in CURRENCY_CODES:
        words[code.casefold()] = code
        name = de.currencies.get(code)
        if name:
            words[name.casefold()] = code
    return words


def _alternation(words: object) -> str:
    """A regex alternation of literal words, longest first (so ``Mio.`` beats ``Mio``)."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))  # type: ignore[call-overload]


# -- patterns --------------------------------------------------------------------------------

#: a German number: 1.000 / 1.000,5 / 3,5 / 2024 (never 1.5, which is not German)
#: a German number: 1.000 / 1.000,5 / 3,5 / 2024 / Swiss 45'000 (never 1.5, which is not German,
#: nor 01067 or 007, which are codes: leading zeros are kept out)
_NUM = (
    r"[1-9]\d{0,2}(?:\.\d{3})+(?:,\d+)?|[1-9]\d{0,2}(?:['’]\d{3})+(?:[.,]\d+)?"
    r"|[1-9]\d{0,2}(?:[ \u00a0\u2009\u202f]\d{3})+(?![\d.,]\d)(?:,\d+)?"
    r"|(?:0|[1-9]\d*)(?:,\d+)?"
)
#: longer digit strings are identifiers (file numbers, IBANs), not quantities
MAX_DIGITS = 15
#: no digit, letter, hyphen or separator glued on either side (F-16, G7, 1.2.3 are not values)
#: (a sign before a number is fine: "-1,2 %" is the value 1,2 % with its sign left in place)
_BEFORE = r"(?<![\w/.,])(?<![\w][-‐])"
_AFTER = r"(?![\w\-/]|[.,]\d)"


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[ValueKind, re.Pattern[str]]]:
    month = german_month_pattern()
    weekday = _alternation(german_weekdays())
    scale = _alternation(SCALES)
    currency = _alternation(german_currencies())
    num = rf"(?:{_NUM})"
    qty = rf"{num}(?:\s(?:{scale}))?"
    range_to = r"\s?(?:bis|-|–|—)\s?"
    flags = re.IGNORECASE
    month_re = rf"(?P<month>{month})"
    return [
        (
            "date",
            re.compile(
                rf"{_BEFORE}(?:(?P<weekday>{weekday}),?\s(?:(?:den|dem)\s)?)?"
                rf"(?P<day>\d{{1,2}})\.(?:{range_to}(?P<day2>\d{{1,2}})\.)?\s?{month_re}"
                rf"(?:\s(?P<year>\d{{4}})(?!\d))?",
                flags,
            ),
        ),
        (
            "date",
            re.compile(
                rf"{_BEFORE}(?:(?P<weekday>{weekday}),?\s(?:(?:den|dem)\s)?)?"
                r"(?P<day>\d{1,2})\.(?P<nmonth>\d{1,2})\.(?P<year>\d{4}|\d{2})(?!\d)"
            ),
        ),
        ("date", re.compile(rf"(?<![\w.]){month_re}\s(?P<year>\d{{4}})(?!\d)", flags)),
        (
            "time",
            re.compile(
                rf"{_BEFORE}(?:zwischen\s(?=\d{{1,2}}(?:[.:]\d{{2}})?\sund\s))?"
                rf"(?P<hour>\d{{1,2}})(?:[.:](?P<minute>\d{{2}}))?"
                rf"(?:(?:{range_to}|\sund\s)(?P<hour2>\d{{1,2}})(?:[.:](?P<minute2>\d{{2}}))?)?"
                r"\s?Uhr(?!\w)"
            ),
        ),
        (
            "money",
            re.compile(
                rf"{_BEFORE}(?:(?P<cur1>{currency})\s?)(?P<qty>{qty})"
                rf"(?:{range_to}(?P<qty2>{qty}))?{_AFTER}",
                flags,
            ),
        ),
        (
            "money",
            re.compile(
                rf"{_BEFORE}(?:zwischen\s(?P<between>{qty})\sund\s|(?P<low>{qty}){range_to})?"
                rf"(?P<qty>{qty})\s?(?P<cur2>{currency})(?![\w])",
                flags,
            ),
        ),
        (
            "percent",
            re.compile(
                rf"{_BEFORE}(?:zwischen\s(?P<between>{num})\sund\s|(?P<low>{num}){range_to})?"
                rf"(?P<qty>{num})\s?(?P<unit>%|Prozentpunkten?|Prozentpunkte|Prozent)(?!\w)",
                flags,
            ),
        ),
        (
            "number",
            re.compile(
                # not a road or line name: A 7, B 96, U 2 are written A7, B96, U2 in English
                rf"{_BEFORE}(?<!\b[A-Z]\s)"
                rf"(?:zwischen\s(?P<between>{qty})\sund\s|(?P<low>{qty}){range_to})?"
                rf"(?P<qty>{qty}){_AFTER}(?!\.\s?[\w\d])",
                flags,
            ),
        ),
    ]


def parse_german_number(text: str) -> Decimal:
    """``1.000,5`` → Decimal('1000.5'), ``45'000`` → Decimal('45000'); the text must be a German
    number as ``_NUM`` matches."""
    text = "".join(text.split())  # 3 000 (DIN grouping with a space)
    if "'" in text or "’" in text:  # Swiss grouping; a decimal point may follow
        return Decimal(text.replace("'", "").replace("’", "").replace(",", "."))
    return Decimal(text.replace(".", "").replace(",", "."))


def _quantity(text: str) -> Quantity:
    number, _, last = text.rpartition(" ")
    if number and last.casefold() in SCALES:
        return Quantity(parse_german_number(number), SCALES[last.casefold()])
    return Quantity(parse_german_number(text))


def _build(kind: ValueKind, found: re.Match[str]) -> SourceValue | None:
    """Turn a regex match into a value, or None when it is no real value (31. Februar)."""
    groups = {k: v for k, v in found.groupdict().items() if v}
    where = (found.start(), found.end(), found.group(0))
    if kind == "date":
        year: int | None
        if "nmonth" in groups:
            month = int(groups["nmonth"])
            year = int(groups["year"])
            if year < 100:  # 12.07.24 is 2024, 12.07.99 is 1999
                year += 2000 if year <= date.today().year % 100 + 10 else 1900
        else:
            month = german_months()[groups["month"].casefold().rstrip(".")]
            year = int(groups["year"]) if "year" in groups else None
        day = int(groups["day"]) if "day" in groups else None
        day2 = int(groups["day2"]) if "day2" in groups else None
        weekday = german_weekdays().get(groups.get("weekday", "").casefold())
        if not 1 <= month <= 12 or (year is not None and year < 1000):
            return None
        # 2000 is a leap year: 29. Februar without a year is a date, 31. April never is
        last = calendar.monthrange(year or 2000, month)[1]
        if any(d is not None and not 1 <= d <= last for d in (day, day2)):
            return None
        return SourceValue(
            "date", *where, date=DateValue(month, day, year, weekday), upper_day=day2
        )
    if kind == "time":
        start = TimeValue(int(groups["hour"]), int(groups.get("minute", 0)))
        end = (
            TimeValue(int(groups["hour2"]), int(groups.get("minute2", 0)))
            if "hour2" in groups
            else None
        )
        if any(t is not None and (t.hour > 24 or t.minute > 59) for t in (start, end)):
            return None
        return SourceValue("time", *where, time=start, upper_time=end)
    low_text = groups.get("between") or groups.get("low")
    numbers = [groups[k] for k in ("qty", "qty2", "between", "low") if k in groups]
    if any(sum(c.isdigit() for c in n) > MAX_DIGITS for n in numbers):
        return None
    qty = _quantity(groups["qty"])
    if "qty2" in groups:  # € 3 bis 5 Mio.
        low, high = qty, _quantity(groups["qty2"])
    elif low_text:
        low, high = _quantity(low_text), qty
        if low.scale == 0 and high.scale:  # 3 bis 5 Millionen: the scale is shared
            low = Quantity(low.mantissa, high.scale)
    else:
        low, high = qty, None
    if kind == "money":
        code = german_currencies()[(groups.get("cur1") or groups["cur2"]).casefold()]
        return SourceValue("money", *where, amount=low, upper=high, currency=code)
    if kind == "percent":
        unit: Unit = "points" if "punkt" in groups["unit"].casefold() else "percent"
        return SourceValue("percent", *where, amount=low, upper=high, unit=unit)
    return SourceValue("number", *where, amount=low, upper=high)


def find_values(text: str) -> tuple[SourceValue, ...]:
    """All values in ``text``, left to right, without overlaps (the longest match wins)."""
    candidates: list[SourceValue] = []
    for kind, pattern in _patterns():
        for found in pattern.finditer(text):
            value = _build(kind, found)
            if value is not None:
                candidates.append(value)
    candidates.sort(key=lambda v: (v.start, -(v.end - v.start)))
    chosen: list[SourceValue] = []
    for value in candidates:
        if chosen and value.start < chosen[-1].end:
            continue
        chosen.append(value)
    return tuple(chosen)

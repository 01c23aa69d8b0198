"""How English news in a locale writes a value: the forms to accept, and the one to write.

:class:`EnglishForms` is built once per target locale from Babel's data — month names
(``Sept`` in en-GB, ``Sep`` in en-US), number symbols and grouping (``12,34,567`` in en-IN),
currency symbols and names, the percent unit (``per cent`` in en-GB), date and time patterns.

- :meth:`EnglishForms.pattern` is a regular expression that matches every rendering an English
  news text may use for the value, in any common style, so that a normal translation is never
  flagged: ``July 12`` / ``12 July`` / ``July 12th`` / ``the 12th of July``; ``3.5 percent`` /
  ``3.5 per cent`` / ``3.5%``; ``45,000 euros`` / ``€45,000`` / ``EUR 45,000``;
  ``9:30 a.m.`` / ``9.30am`` / ``09:30``; ``1.5 million`` / ``1,500,000``.
- :meth:`EnglishForms.preferred` is the locale's own form, written when a value is corrected:
  ``July 12`` (en-US) or ``12 July`` (en-GB), ``3.5 percent`` or ``3.5 per cent``.
"""

from __future__ import annotations

import re
from datetime import date, time
from decimal import Decimal
from functools import lru_cache

from babel.dates import format_date, format_skeleton, format_time
from babel.numbers import (
    format_decimal,
    get_currency_name,
    get_currency_symbol,
    get_decimal_symbol,
)
from babel.units import format_unit

from translate.localize.german_values import DateValue, Quantity, SourceValue, TimeValue
from translate.localize.locales import LocaleSpec

#: English scale words (and the abbreviations of business news) per power of ten
SCALE_WORDS: dict[int, tuple[str, ...]] = {
    3: ("thousand", "k"),
    6: ("million", "mn", "mln", "m"),
    9: ("billion", "bn", "bln", "b"),
    12: ("trillion", "tn", "trn"),
}
_SCALE_PREFERRED = {3: "thousand", 6: "million", 9: "billion", 12: "trillion"}
_SMALL = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty"
).split()
_TENS = {
    30: "thirty",
    40: "forty",
    50: "fifty",
    60: "sixty",
    70: "seventy",
    80: "eighty",
    90: "ninety",
}
#: currency symbols that news writes although Babel's locale data has another one
_EXTRA_SYMBOLS = {"USD": ("$", "US$", "US-$"), "EUR": ("€",), "GBP": ("£",), "JPY": ("¥",)}

_NUM_BEFORE = r"(?<![\w.,])"
#: after a currency code or symbol the number may be glued to it: CHF500, EUR2.5bn
_NUM_AFTER_SYMBOL = r"(?<![\d.,])"
#: a plain amount must not go on with a scale word: 1,000 is not 1,000 million
_NO_SCALE = r"(?![\s-]?(?:thousand|million|billion|trillion|mn|mln|bn|bln|tn|trn)\b)"
_NUM_AFTER = r"(?!\d|[.,]\d)"
_CONNECT = r"\s?(?:to|-|–|—|and|through|until|till)\s?"
_AM = r"(?:a\.\s?m\.|am\b|AM\b|a\.m\b)"
_PM = r"(?:p\.\s?m\.|pm\b|PM\b|p\.m\b)"


def _words(number: Decimal) -> tuple[str, ...]:
    """Number words: ``three``, ``twenty-one``, ``a hundred``, ``one and a half``."""
    if number < 0:
        return ()
    if number != number.to_integral_value():
        whole, fraction = divmod(number, 1)
        if fraction != Decimal("0.5"):
            return ()
        if whole == 0:
            return ("half a", "half of a", "a half")
        return tuple(f"{w} and a half" for w in _words(whole))
    n = int(number)
    if n <= 20:
        return (_SMALL[n],) + (("a dozen",) if n == 12 else ())
    if n < 100:
        tens, unit = divmod(n, 10)
        name = _TENS.get(tens * 10, "twenty" if tens == 2 else "")
        return (name,) if unit == 0 else (f"{name}-{_SMALL[unit]}", f"{name} {_SMALL[unit]}")
    if n % 100 == 0 and n < 1000:
        hundreds = _SMALL[n // 100]
        return (f"{hundreds} hundred",) + (("a hundred",) if n == 100 else ())
    return ()


class EnglishForms:
    """Accepting patterns and preferred renderings of values for one English locale."""

    def __init__(self, spec: LocaleSpec) -> None:
        self.spec = spec
        self.locale = spec.babel
        months: dict[int, set[str]] = {}
        for width in ("wide", "abbreviated"):
            for number, name in self.locale.months["format"][width].items():
                months.setdefault(number, set()).add(name.rstrip("."))
        for number, names in months.items():  # Sep and Sept are both in use
            names.update({n[:3] for n in names})
            if number == 9:
                names.add("Sept")
        self.month_names = {n: tuple(sorted(v, key=len, reverse=True)) for n, v in months.items()}
        self.weekday_names = dict(self.locale.days["format"]["wide"].items())

    # -- numbers ---------------------------------------------------------------------------

    def digits(self, number: Decimal) -> tuple[str, ...]:
        """The ways to write ``number`` in digits: locale grouping, 3-digit commas, ungrouped."""
        forms = {
            format_decimal(number, locale=self.locale, decimal_quantization=False),
            format_decimal(
                number, locale=self.locale, group_separator=False, decimal_quantization=False
            ),
            f"{number:,f}" if number == number.to_integral_value() else f"{number:,}",
            f"{number:f}",
        }
        normalised = number.normalize()
        if normalised == normalised.to_integral_value():
            forms.add(f"{int(normalised):,}")
            forms.add(str(int(normalised)))
        return tuple(sorted(forms, key=len, reverse=True))

    def _digits_re(self, number: Decimal) -> str:
        body = "|".join(re.escape(f) for f in self.digits(number))
        return rf"{_NUM_BEFORE}(?:{body}){_NUM_AFTER}"

    def quantity_re(self, qty: Quantity) -> str:
        """``1,5 Millionen`` → 1.5 million / 1.5m / 1,500,000 / one and a half million…"""
        options = (
            [self._digits_re(qty.value) + _NO_SCALE]
            if qty.value == qty.value.to_integral_value()
            else []
        )
        words = _words(qty.mantissa)
        word_re = "|".join(re.escape(w) for w in words)
        mantissa = self._digits_re(qty.mantissa) + (rf"|\b(?:{word_re})\b" if words else "")
        if qty.scale in SCALE_WORDS:
            scale = "|".join(re.escape(w) for w in SCALE_WORDS[qty.scale])
            options.append(rf"(?:{mantissa})[\s-]?(?:{scale})\b")
            if qty.mantissa == 1:
                options.append(rf"\b(?:a|one)\s(?:{SCALE_WORDS[qty.scale][0]})\b")
            if qty.mantissa == Decimal("0.5"):
                options.append(rf"\bhalf\sa\s(?:{SCALE_WORDS[qty.scale][0]})\b")
        elif qty.scale == 0:
            options.append(f"(?:{mantissa}){_NO_SCALE}")
        # 5.000 / 1.500.000 may be written 5 thousand / 1.5 million, in digits or words
        for power, names in SCALE_WORDS.items():
            if power == qty.scale or qty.value < Decimal(10) ** power:
                continue
            scaled = qty.value.scaleb(-power).normalize()
            if scaled.as_tuple().exponent < -2:  # type: ignore[operator]
                continue
            spelled = [re.escape(w) for w in _words(scaled)]
            if scaled == 1:
                spelled.append("a")
            amount = "|".join([self._digits_re(scaled), *(rf"\b{w}" for w in spelled)])
            options.append(rf"(?:{amount})[\s-]?(?:{'|'.join(map(re.escape, names))})\b")
        return "|".join(f"(?:{o})" for o in options)

    def mantissa_text(self, qty: Quantity) -> str:
        """The digits of ``qty`` in the locale, cents kept (``1,50`` → ``1.50``), no scale word."""
        text = format_decimal(qty.mantissa, locale=self.locale, decimal_quantization=False)
        places = -int(qty.mantissa.as_tuple().exponent)
        if places > 0:  # 1,50 Euro keeps its cents: 1.50, not 1.5
            symbol = get_decimal_symbol(self.locale)
            shown = len(text.rpartition(symbol)[2]) if symbol in text else 0
            text += ("" if shown else symbol) + "0" * (places - shown)
        return text

    def number_text(self, qty: Quantity) -> str:
        """``1,5 Millionen`` → ``1.5 million``; ``1.000`` → ``1,000`` (locale grouping)."""
        text = self.mantissa_text(qty)
        return f"{text} {_SCALE_PREFERRED[qty.scale]}" if qty.scale in _SCALE_PREFERRED else text

    # -- percent and money ------------------------------------------------------------------

    def unit_re(self, value: SourceValue) -> str:
        if value.kind == "percent":
            if value.unit == "points":
                return r"[\s-]?(?:percentage[\s-]points?|points?|pp|ppts?|%\s?points?)\b"
            return r"[\s-]?(?:%|percent\b|per[\s-]?cent\b|pct\b)"
        return ""

    def currency_names(self, code: str) -> tuple[str, ...]:
        names = {code}
        for count in (1, 2):
            name = get_currency_name(code, count=count, locale=self.locale)
            names.update({name, name.casefold(), name.split()[-1], name.split()[-1].casefold()})
        if code == "USD":
            names.update({"dollars", "dollar", "US dollars", "U.S. dollars"})
        for name in list(names):  # rubles and roubles are both English
            if "ruble" in name or "rouble" in name:
                names.update({name.replace("rouble", "ruble"), name.replace("ruble", "rouble")})
        return tuple(sorted(names, key=len, reverse=True))

    def currency_symbols(self, code: str) -> tuple[str, ...]:
        symbols = {
            code,
            get_currency_symbol(code, locale=self.locale),
            *_EXTRA_SYMBOLS.get(code, ()),
        }
        return tuple(sorted(symbols, key=len, reverse=True))

    def money_re(self, qty_re: str, code: str) -> str:
        symbols = "|".join(re.escape(s) for s in self.currency_symbols(code))
        names = "|".join(re.escape(n) for n in self.currency_names(code))
        glued = qty_re.replace(_NUM_BEFORE, _NUM_AFTER_SYMBOL)
        return rf"(?:(?:{symbols})\s?(?:{glued})|(?:{qty_re})[\s-]?(?:{names})\b)"

    def money_text(self, qty: Quantity, code: str) -> str:
        """``45.000 Euro`` → ``€45,000``; ``2 Mrd. Dollar`` → ``$2 billion`` (locale symbol);
        where the locale has no sign but a code (``CHF``), the name: ``500 Swiss francs``."""
        symbol = get_currency_symbol(code, locale=self.locale)
        if symbol.isalpha():
            return f"{self.number_text(qty)} {get_currency_name(code, count=2, locale=self.locale)}"
        return f"{symbol}{self.number_text(qty)}"

    # -- dates and times ---------------------------------------------------------------------

    def month_re(self, month: int) -> str:
        names = "|".join(re.escape(n) for n in self.month_names[month])
        return rf"\b(?:{names})\b"

    def date_re(self, value: DateValue, upper_day: int | None = None) -> str:
        month = self.month_re(value.month)
        if value.day is None:
            return rf"{month},?\s(?:of\s)?{value.year}\b"
        day = rf"(?<!\d)0?{value.day}(?:st|nd|rd|th)?(?!\d)"
        if upper_day is not None:
            day2 = rf"(?<!\d)0?{upper_day}(?:st|nd|rd|th)?(?!\d)"
            first = rf"(?:the\s)?{day}(?:\s(?:of\s)?{month})?"
            days = (
                rf"(?:{month}\.?\s{day}{_CONNECT}(?:{month}\.?\s)?{day2}"
                rf"|{first}{_CONNECT}(?:the\s)?{day2}\s(?:of\s)?{month})"
            )
        else:
            # "September 11 and 14" renders "11. und 14. September": the day may close a list
            listed = r"(?:\d{1,2}(?:st|nd|rd|th)?,\s)*\d{1,2}(?:st|nd|rd|th)?,?\s(?:and|&|or)\s"
            days = rf"(?:{month}\.?\s(?:{listed})?{day}|(?:the\s)?{day}\s(?:of\s)?{month})"
        forms = [days]
        if upper_day is None:
            numeric = self._numeric_dates(value)
            if numeric:
                forms.append("|".join(re.escape(n) for n in numeric))
        year = rf",?\s{value.year}\b" if value.year is not None else ""
        return "|".join(f"(?:{f}){year}" if i == 0 else f"(?:{f})" for i, f in enumerate(forms))

    def _numeric_dates(self, value: DateValue) -> tuple[str, ...]:
        if value.year is None or value.day is None:
            return ()
        try:
            moment = date(value.year, value.month, value.day)
        except ValueError:
            return ()
        return (
            format_date(moment, "short", locale=self.locale),
            moment.isoformat(),
            f"{value.month}/{value.day}/{value.year}"
            if self.spec.tag == "en-US"
            else f"{value.day}/{value.month}/{value.year}",
        )

    def date_text(self, value: DateValue, upper_day: int | None = None) -> str:
        if value.day is None:
            return format_skeleton(
                "yMMMM", date(value.year or 2000, value.month, 1), locale=self.locale
            )
        # 2000 is a leap year, so that 29 February formats; an impossible day keeps the 1st
        moment = _with_day(date(value.year or 2000, value.month, 1), value.day)
        if value.year is not None:
            text = format_date(moment, "long", locale=self.locale)
        else:
            text = format_skeleton("MMMMd", moment, locale=self.locale)
        if upper_day is not None:
            text = text.replace(str(moment.day), f"{moment.day} to {upper_day}", 1)
        return text

    def time_re(self, value: TimeValue, *, marker_optional: bool = False) -> str:
        hour12 = value.hour % 12 or 12
        marker = _AM if value.hour < 12 or value.hour == 24 else _PM
        minute = f"{value.minute:02d}"
        morning = value.hour < 12 or value.hour == 24
        # 9.30 is not 9.30pm, 3 is not 3 in the afternoon: the other half of the day is refused
        other_half = (
            rf"(?!\s?{_PM}|\s(?:o'clock\s)?(?:in\sthe\s(?:afternoon|evening)|at\snight))"
            if morning
            else rf"(?!\s?{_AM}|\s(?:o'clock\s)?in\sthe\smorning)"
        )
        h24 = rf"(?<![\d.:])0?{value.hour}[:.]{minute}(?!\d){other_half}"
        h12 = (
            rf"(?<![\d.:]){hour12}(?:[:.]{minute})?\s?{marker}"
            if value.minute == 0
            else (rf"(?<![\d.:]){hour12}[:.]{minute}\s?{marker}")
        )
        forms = [h12, h24, rf"(?<![\d.:])0?{value.hour}{minute}\s?(?:GMT|UTC|CET|CEST|hours|hrs)\b"]
        hour_names = "|".join([str(hour12), *(re.escape(w) for w in _words(Decimal(hour12)))])
        hour_any = rf"(?<![\d.:])\b(?:{hour_names})"
        part_of_day = (
            r"in\sthe\smorning" if value.hour < 12 else r"in\sthe\s(?:afternoon|evening)|at\snight"
        )
        forms.append(rf"{hour_any}(?:[:.]{minute})?(?:\so'clock)?\s(?:{part_of_day})\b")
        if value.minute == 30:
            forms.append(rf"\bhalf\spast\s(?:{hour_names})\b")
        if value.minute == 15:
            forms.append(rf"\b(?:a\s)?quarter\spast\s(?:{hour_names})\b")
        if value.minute == 45:
            following = value.hour % 12 + 1
            names = "|".join([str(following), *(re.escape(w) for w in _words(Decimal(following)))])
            forms.append(rf"\b(?:a\s)?quarter\sto\s(?:{names})\b")
        if value.minute == 0:
            forms.append(rf"{hour_any}\so'clock\b{other_half}")
            if value.hour == 12:
                forms.append(r"\bnoon\b|\bmidday\b")
            if value.hour in (0, 24):
                forms.append(r"\bmidnight\b")
        if marker_optional or hour12 == value.hour:
            bare = rf"(?<![\d.:]){hour12}(?:[:.]{minute})?(?![\d:.]|\s?(?:[ap]\.?m|[AP]M))"
            forms.append(
                (
                    bare
                    if value.minute == 0
                    else rf"(?<![\d.:]){hour12}[:.]{minute}(?![\d]|\s?(?:[ap]\.?m|[AP]M))"
                )
                + other_half
            )
        return "|".join(f"(?:{f})" for f in forms)

    def time_text(self, value: TimeValue) -> str:
        text = format_time(time(value.hour % 24, value.minute), "short", locale=self.locale)
        return text.replace("\u202f", " ")

    # -- whole values ------------------------------------------------------------------------

    def pattern(self, value: SourceValue) -> re.Pattern[str]:
        """A regex matching every accepted English rendering of ``value``."""
        return _compiled(self._pattern_text(value))

    def _pattern_text(self, value: SourceValue) -> str:
        if value.kind == "date" and value.date is not None:
            return self.date_re(value.date, value.upper_day)
        if value.kind == "time" and value.time is not None:
            if value.upper_time is None:
                return self.time_re(value.time)
            low = self.time_re(value.time, marker_optional=True)
            return rf"(?:from\s|between\s)?(?:{low}){_CONNECT}(?:{self.time_re(value.upper_time)})"
        assert value.amount is not None
        unit = self.unit_re(value)
        low, high = (
            self.quantity_re(value.amount),
            (self.quantity_re(value.upper) if value.upper is not None else None),
        )
        if value.kind == "money":
            if high is None:
                return self.money_re(low, value.currency)
            symbols = "|".join(re.escape(s) for s in self.currency_symbols(value.currency))
            shared = self._shared_scale_low(value)
            low_any = (
                rf"{self.money_re(low, value.currency)}|(?:(?:{symbols})\s?)?(?:{low}|{shared})"
            )
            # €3-5 million: the sign on the low end only
            signed = rf"(?:{symbols})\s?(?:{low}|{shared})".replace(_NUM_BEFORE, _NUM_AFTER_SYMBOL)
            return (
                rf"(?:{low_any}){_CONNECT}(?:{self.money_re(high, value.currency)})"
                rf"|{signed}{_CONNECT}(?:{high})"
            )
        if high is None and unit:
            # from 3.5 to 4.5 percent: the unit written once, after the next number
            forms = [rf"(?:{low}){unit}", rf"(?:{low})(?={_CONNECT}\d[\d.,]*{unit})"]
            if value.unit == "points":  # 0,25 Prozentpunkte: 25 basis points
                bps = self._digits_re((value.amount.value * 100).normalize())
                forms.append(rf"(?:{bps})[\s-]?(?:basis[\s-]points?|bps?\b)")
            return "|".join(f"(?:{f})" for f in forms)
        if high is None:
            return low
        shared = self._shared_scale_low(value)
        assert value.upper is not None
        if _same_century_years(value.amount, value.upper):  # 1990 bis 1998: 1990-98
            high = rf"{high}|(?<![\d.,]){int(value.upper.value) % 100:02d}(?!\d)"
        return rf"(?:(?:{low}|{shared})(?:{unit})?){_CONNECT}(?:{high}){unit}"

    def _shared_scale_low(self, value: SourceValue) -> str:
        """``3 bis 5 Millionen`` → the low end may be a bare ``3`` (``3 to 5 million``)."""
        assert value.amount is not None
        if value.amount.scale:
            return self._digits_re(value.amount.mantissa)
        return r"(?!x)x"

    def preferred(self, value: SourceValue) -> str:
        """The locale's own rendering of ``value`` (written when a value is corrected)."""
        if value.kind == "date" and value.date is not None:
            text = self.date_text(value.date, value.upper_day)
            if value.date.weekday is not None:  # Freitag, 12. Juli → Friday, 12 July
                text = f"{self.weekday_names[value.date.weekday]}, {text}"
            return text
        if value.kind == "time" and value.time is not None:
            text = self.time_text(value.time)
            if value.upper_time is None:
                return text
            return self._range(value, text, self.time_text(value.upper_time))
        assert value.amount is not None
        if value.kind == "money":
            low = self.money_text(value.amount, value.currency)
            if value.upper is None:
                return low
            return self._range(value, low, self.money_text(value.upper, value.currency))
        text = self._plain_number(value, value.amount)
        if value.upper is not None:
            text = self._range(value, text, self._plain_number(value, value.upper))
        if value.kind == "percent":
            if value.unit == "points":
                return f"{text} percentage points"
            unit = format_unit(1, "percent", locale=self.locale, length="long").split(" ", 1)
            return f"{text} {unit[1]}" if len(unit) == 2 else f"{text}%"
        return text

    def _plain_number(self, value: SourceValue, qty: Quantity) -> str:
        """2024 / 5000 written without a separator stay that way (years, round counts)."""
        if (
            value.kind == "number"
            and qty.scale == 0
            and "." not in value.surface
            and qty.mantissa == qty.mantissa.to_integral_value()
            and 1000 <= qty.mantissa < 10000
        ):
            return str(int(qty.mantissa))
        return self.number_text(qty)

    @staticmethod
    def _range(value: SourceValue, low: str, high: str) -> str:
        """``3 bis 5`` → ``3 to 5``; ``zwischen 3 und 5`` → ``between 3 and 5``."""
        if value.surface.casefold().startswith("zwischen"):
            word = "Between" if value.surface[:1].isupper() else "between"
            return f"{word} {low} and {high}"
        return f"{low} to {high}"


def _same_century_years(low: Quantity, high: Quantity) -> bool:
    """Whether a range is two years of one century (``1990 bis 1998``)."""
    return (
        low.scale == high.scale == 0
        and all(q.mantissa == q.mantissa.to_integral_value() for q in (low, high))
        and 1000 <= low.mantissa < high.mantissa < 10000
        and low.mantissa // 100 == high.mantissa // 100
    )


def _with_day(moment: date, day: int) -> date:
    try:
        return moment.replace(day=day)
    except ValueError:
        return moment


@lru_cache(maxsize=4096)
def _compiled(text: str) -> re.Pattern[str]:
    return re.compile(text, re.IGNORECASE)


@lru_cache(maxsize=16)
def english_forms(spec: LocaleSpec) -> EnglishForms:
    """The (cached) forms of one locale."""
    return EnglishForms(spec)

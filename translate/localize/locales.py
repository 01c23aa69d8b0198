"""Locale tags: parse and validate them with Babel, write them as BCP 47.

Users type ``en-GB``, ``en_GB`` or ``EN-gb``; Babel knows which of those exist. Everything the
toolkit writes (``xml:lang``, ``srcLang``/``trgLang``, ``<html lang>``, glossary column names)
uses the BCP 47 form that :attr:`LocaleSpec.tag` holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from babel import Locale, UnknownLocaleError
from babel.core import parse_locale as parse_locale_parts
from babel.dates import format_datetime

from translate.document import SOURCE_LOCALE, TARGET_LOCALE
from translate.errors import LocaleError

DEFAULT_SOURCE_LOCALE = SOURCE_LOCALE
DEFAULT_TARGET_LOCALE = TARGET_LOCALE

_EXAMPLES = {"en": "en-US, en-GB, en-IE, en-AU, en-CA, en-IN", "de": "de-DE, de-AT, de-CH"}
_LANGUAGE_NAMES = {"en": "an English", "de": "a German"}


@dataclass(frozen=True)
class LocaleSpec:
    """A validated locale: its BCP 47 tag and Babel's data for it."""

    tag: str
    babel: Locale

    @property
    def language(self) -> str:
        return str(self.babel.language)

    def lookup_chain(self) -> tuple[str, ...]:
        """Tags from most to least specific: ``en-GB`` → (``en-GB``, ``en``).

        Locale-specific glossary targets are looked up in this order before the plain target.
        """
        chain = [self.tag]
        if self.tag != self.language:
            chain.append(self.language)
        return tuple(chain)

    def format_datetime(self, moment: datetime) -> str:
        """A human-facing date and time, in UTC, in this locale's long format.

        ``25 November 2026, 11:00:00 UTC`` (en-GB), ``November 25, 2026, 11:00:00 AM UTC``
        (en-US); Babel's narrow spaces become plain ones for terminals.
        """
        text = format_datetime(moment, "long", tzinfo=timezone.utc, locale=self.babel)
        return " ".join(text.split())


def bcp47(locale: Locale) -> str:
    """Babel's ``en_GB`` / ``zh_Hant_TW`` as the BCP 47 tags ``en-GB`` / ``zh-Hant-TW``."""
    parts = [locale.language, locale.script, locale.territory, locale.variant]
    return "-".join(p for p in parts if p)


def parse_locale(value: str, *, language: str, option: str = "--target-locale") -> LocaleSpec:
    """Validate ``value`` as a locale of ``language`` that Babel has data for.

    Raises LocaleError with a one-line message that names the option and lists valid examples.
    """
    examples = _EXAMPLES.get(language, f"{language}-…")
    text = value.strip().replace("_", "-")
    hint = f"use {_LANGUAGE_NAMES.get(language, repr(language))} locale such as {examples}"
    if not text:
        raise LocaleError(f"{option}: empty locale: {hint}")
    try:
        asked = parse_locale_parts(text, sep="-")[:4]  # a 5th part is an @modifier
        locale = Locale.parse(text, sep="-")
    except (UnknownLocaleError, ValueError, TypeError):
        raise LocaleError(f"{option}: unknown locale {value!r}: {hint}") from None
    # Babel falls back silently (en-ZZ → en_US, en-GB-xyz → en_GB): refuse what it did not know
    got = (locale.language, locale.territory, locale.script, locale.variant)
    if any(
        part and part.casefold() != (have or "").casefold()
        for part, have in zip(asked, got, strict=True)
    ):
        raise LocaleError(f"{option}: unknown locale {value!r}: {hint}")
    if "@" in text:
        raise LocaleError(f"{option}: locale modifiers are not supported in {value!r}: {hint}")
    if locale.script and locale.script != "Latn":  # en-Dsrt, en-Shaw: not news English
        raise LocaleError(f"{option}: {value!r} is not written in the Latin script: {hint}")
    if locale.language != language:
        raise LocaleError(f"{option}: {value!r} is not a locale of language {language!r}: {hint}")
    return LocaleSpec(tag=bcp47(locale), babel=locale)

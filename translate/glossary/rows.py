"""Rows as the readers produce them, and their checked conversion into ``GlossaryEntry``.

Every reader (TSV, CSV, TBX) turns a file into ``RawRow`` records — column name → value plus
the line the row starts on — and ``Problem`` records for what it could not read. The column
semantics (defaults, allowed values, ``|``-separated targets, ``target@<locale>`` columns) live
here once, so loading and linting agree on what a valid entry is.

A ``target@en-GB`` column holds the targets for one locale, in the syntax of ``target``; the
locale part is any English tag Babel knows, in any case and with ``-`` or ``_`` (``en_gb`` and
``en-GB`` are one locale). An empty cell means "no override": the entry falls back to
``target@en``, then to ``target`` (``GlossaryEntry.for_locale``).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from translate.document import GlossaryEntry
from translate.errors import LocaleError

Severity = Literal["error", "warning"]

TERM_TYPES: tuple[str, ...] = ("person", "rank", "organisation", "place", "term")
"""The values of the ``type`` column (``organization`` is read as ``organisation``)."""
CASE_VALUES: dict[str, bool] = {"sensitive": True, "insensitive": False}
"""The values of the ``case`` column and whether they mean case-sensitive matching."""
MATCH_VALUES: tuple[str, ...] = ("word", "compound")
"""The values of the ``match`` column."""
KNOWN_COLUMNS: tuple[str, ...] = ("source", "target", "type", "case", "match", "note")
"""Columns with a meaning; so are ``target@<locale>`` columns. Any other column is kept in
``GlossaryEntry.extra``."""
LOCALE_PREFIX = "target@"
"""Prefix of a locale column's name (``target@en-GB``); matched case-insensitively."""
REQUIRED_COLUMNS: tuple[str, ...] = ("source", "target")

_TYPE_ALIASES = {"organization": "organisation"}
_EMPTY_FIX = "remove the extra '|'"


@dataclass(frozen=True)
class RawRow:
    """One data row of a glossary file: ``(column, value)`` pairs in column order."""

    line: int
    fields: tuple[tuple[str, str], ...]

    def get(self, column: str) -> str:
        for name, value in self.fields:
            if name == column:
                return value
        return ""


@dataclass(frozen=True)
class Problem:
    """Something wrong at a line of a glossary file (a lint finding before it has a file name)."""

    line: int
    message: str
    severity: Severity = "error"


@dataclass
class RowsRead:
    """What a reader made of one file: its rows, its problems and its raw bytes."""

    rows: list[RawRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    data: bytes = b""

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def clean(value: str) -> str:
    """Collapse whitespace runs to one space, strip, and NFC-normalise a field value."""
    return unicodedata.normalize("NFC", " ".join(value.split()))


def is_locale_column(name: str) -> bool:
    """Whether ``name`` is a ``target@<locale>`` column (valid or not)."""
    return name.lower().startswith(LOCALE_PREFIX)


@lru_cache(maxsize=256)
def locale_tag(column: str) -> str:
    """The BCP 47 tag of a ``target@<locale>`` column (``target@en_gb`` → ``en-GB``).

    Raises ``LocaleError`` when the locale is unknown or not English. Babel is imported on
    first use, so that importing the glossary package stays cheap.
    """
    from translate.localize.locales import parse_locale

    return parse_locale(column[len(LOCALE_PREFIX) :], language="en", option=LOCALE_PREFIX).tag


def _bad_locale_column(line: int, position: int, column: str, err: LocaleError) -> Problem:
    """Reword ``parse_locale``'s ``OPTION: what: hint`` as ``column …: what; hint``."""
    _, _, rest = str(err).partition(": ")
    reason, _, hint = rest.rpartition(": ")
    if not reason:
        reason, hint = rest, "use an English locale such as en-GB"
    return Problem(
        line,
        f"header column {position} {column!r}: {reason}; {hint} after {LOCALE_PREFIX!r} "
        f"(as in {LOCALE_PREFIX}en-GB), or rename the column to keep it as an extra column",
    )


def check_locale_columns(names: Sequence[str], line: int) -> list[Problem]:
    """Header problems of the ``target@<locale>`` columns among ``names`` (as written).

    A locale must be a known English one and have one column only. Names that are equal
    ignoring case are left to the "named twice" check of the readers.
    """
    problems: list[Problem] = []
    first_for: dict[str, str] = {}
    for position, name in enumerate(names, 1):
        if not is_locale_column(name):
            continue
        try:
            tag = locale_tag(name)
        except LocaleError as err:
            problems.append(_bad_locale_column(line, position, name, err))
            continue
        first = first_for.setdefault(tag, name)
        if first.lower() != name.lower():
            problems.append(
                Problem(
                    line,
                    f"header columns {first!r} and {name!r} (column {position}) are both for "
                    f"locale {tag}; keep one of them",
                )
            )
    return problems


def _known_locale_tag(column: str) -> str | None:
    """The column's tag, or None when the header check has already reported it as bad."""
    try:
        return locale_tag(column)
    except LocaleError:
        return None


def split_targets(value: str, column: str = "target") -> tuple[tuple[str, ...], list[Problem]]:
    """Split a ``target`` (or ``target@<locale>``) field on ``|``; report empty and repeated
    alternatives (line 0). An empty alternative is reported once per field, however many
    there are: the fix, removing the stray ``|``, is the same."""
    problems: list[Problem] = []
    alternatives: list[str] = []
    if not clean(value):
        return (), problems
    empty_reported = False
    for part in value.split("|"):
        alt = clean(part)
        if not alt:
            if not empty_reported:
                problems.append(
                    Problem(0, f"{column} {clean(value)!r} has an empty alternative; {_EMPTY_FIX}")
                )
                empty_reported = True
            continue
        if alt in alternatives:
            problems.append(
                Problem(
                    0,
                    f"{column} {clean(value)!r} lists {alt!r} twice; remove the repeat",
                    "warning",
                )
            )
            continue
        alternatives.append(alt)
    return tuple(alternatives), problems


def _locale_targets(
    row: RawRow, targets: tuple[str, ...], problems: list[Problem]
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The row's ``(tag, alternatives)`` pairs; empty cells and bad columns give none.

    A cell that repeats ``targets`` is a warning: it changes nothing, and an empty cell says
    "same as target" more plainly and keeps the file easy to update.
    """
    found: list[tuple[str, tuple[str, ...]]] = []
    for name, value in row.fields:
        tag = _known_locale_tag(name) if is_locale_column(name) else None
        if tag is None or any(tag == have for have, _ in found):
            continue
        column = f"{LOCALE_PREFIX}{tag}"
        alternatives, cell_problems = split_targets(value, column)
        problems.extend(Problem(row.line, p.message, p.severity) for p in cell_problems)
        if alternatives and alternatives == targets:
            problems.append(
                Problem(
                    row.line,
                    f"{column} {clean(value)!r} is the same as target; leave the cell empty",
                    "warning",
                )
            )
        if alternatives:
            found.append((tag, alternatives))
    return tuple(found)


def parse_row(row: RawRow, origin: str) -> tuple[GlossaryEntry | None, list[Problem]]:
    """Check a row and build its entry; the entry is None when the row has an error.

    Problems carry ``row.line``. ``origin`` is stored in the entry (``file:line``).
    """
    problems: list[Problem] = []

    def add(message: str, severity: Severity = "error") -> None:
        problems.append(Problem(row.line, message, severity))

    source = clean(row.get("source"))
    raw_target = row.get("target")
    if not source:
        add(
            f"empty source (target {clean(raw_target)!r}); "
            "fill in the German term or delete the line"
        )
    elif "|" in source:
        add(
            f"source {source!r} contains '|'; alternatives belong in the target column, "
            "put each German form on its own line"
        )
    targets, target_problems = split_targets(raw_target)
    problems.extend(Problem(row.line, p.message, p.severity) for p in target_problems)
    if not targets and not any(p.severity == "error" for p in target_problems):
        add(f"empty target for source {source!r}; fill in the English term or delete the line")

    term_type = clean(row.get("type")).lower() or "term"
    term_type = _TYPE_ALIASES.get(term_type, term_type)
    if term_type not in TERM_TYPES:
        add(
            f"unknown type {row.get('type')!r}; "
            f"use one of {', '.join(TERM_TYPES)} (or leave it empty)"
        )

    case = clean(row.get("case")).lower() or "sensitive"
    if case not in CASE_VALUES:
        add(
            f"unknown case {row.get('case')!r}; "
            "use 'sensitive' or 'insensitive' (or leave it empty)"
        )

    match = clean(row.get("match")).lower() or "word"
    if match not in MATCH_VALUES:
        add(f"unknown match {row.get('match')!r}; use 'word' or 'compound' (or leave it empty)")

    locale_targets = _locale_targets(row, targets, problems)
    if any(p.severity == "error" for p in problems):
        return None, problems
    extra = tuple(
        (name, value)
        for name, value in row.fields
        if name not in KNOWN_COLUMNS and not is_locale_column(name)
    )
    entry = GlossaryEntry(
        source=source,
        targets=targets,
        type=term_type,
        case_sensitive=CASE_VALUES[case],
        match="compound" if match == "compound" else "word",
        note=clean(row.get("note")),
        origin=origin,
        extra=extra,
        locale_targets=locale_targets,
    )
    return entry, problems

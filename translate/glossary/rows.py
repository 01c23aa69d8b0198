"""Rows as the readers produce them, and their checked conversion into ``GlossaryEntry``.

Every reader (TSV, CSV, TBX) turns a file into ``RawRow`` records — column name → value plus
the line the row starts on — and ``Problem`` records for what it could not read. The column
semantics (defaults, allowed values, ``|``-separated targets) live here once, so loading and
linting agree on what a valid entry is.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Literal

from translate.document import GlossaryEntry

Severity = Literal["error", "warning"]

TERM_TYPES: tuple[str, ...] = ("person", "rank", "organisation", "place", "term")
"""The values of the ``type`` column (``organization`` is read as ``organisation``)."""
CASE_VALUES: dict[str, bool] = {"sensitive": True, "insensitive": False}
"""The values of the ``case`` column and whether they mean case-sensitive matching."""
MATCH_VALUES: tuple[str, ...] = ("word", "compound")
"""The values of the ``match`` column."""
KNOWN_COLUMNS: tuple[str, ...] = ("source", "target", "type", "case", "match", "note")
"""Columns with a meaning; any other column is kept in ``GlossaryEntry.extra``."""
REQUIRED_COLUMNS: tuple[str, ...] = ("source", "target")

_TYPE_ALIASES = {"organization": "organisation"}


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


def split_targets(value: str) -> tuple[tuple[str, ...], list[Problem]]:
    """Split a ``target`` field on ``|``; report empty and repeated alternatives (line 0)."""
    problems: list[Problem] = []
    alternatives: list[str] = []
    if not clean(value):
        return (), problems
    for part in value.split("|"):
        alt = clean(part)
        if not alt:
            problems.append(
                Problem(
                    0, f"target {clean(value)!r} has an empty alternative; remove the extra '|'"
                )
            )
            continue
        if alt in alternatives:
            problems.append(
                Problem(
                    0,
                    f"target {clean(value)!r} lists {alt!r} twice; remove the repeat",
                    "warning",
                )
            )
            continue
        alternatives.append(alt)
    return tuple(alternatives), problems


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

    if any(p.severity == "error" for p in problems):
        return None, problems
    extra = tuple((name, value) for name, value in row.fields if name not in KNOWN_COLUMNS)
    entry = GlossaryEntry(
        source=source,
        targets=targets,
        type=term_type,
        case_sensitive=CASE_VALUES[case],
        match="compound" if match == "compound" else "word",
        note=clean(row.get("note")),
        origin=origin,
        extra=extra,
    )
    return entry, problems

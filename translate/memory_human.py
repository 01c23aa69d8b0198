"""Human translations in the translation memory: reviewed pairs that later runs prefer.

``translate apply`` stores every pair a reviewer edited or approved; ``translate article`` and
``batch`` reuse it for the same source sentence whatever their model, engine or decoding
settings (the key is the source text and the target locale only), checked against the run's
glossary (:func:`translate.review.checks.check_human`). They live in their own table of the
memory's database (``human``), apart from the machine translations, so ``translate cache clear``
keeps them unless told otherwise; ``translate memory export`` writes them as TMX.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Sequence
from dataclasses import dataclass

from translate.errors import OutputError
from translate.memory import TranslationMemory


@dataclass(frozen=True)
class HumanTranslation:
    """A sentence pair a person wrote or approved (``translate apply``)."""

    source: str
    target: str
    source_locale: str
    target_locale: str
    origin: str
    """``human`` (edited) or ``mt-approved`` (the model's sentence, approved as is)."""
    state: str
    """``translated``, ``reviewed`` or ``final``, as the review left it."""
    document: str
    """The article it was reviewed in."""
    created: float = 0.0


_HUMAN_TABLE = (
    "CREATE TABLE IF NOT EXISTS human ("
    " source TEXT NOT NULL, target_locale TEXT NOT NULL, target TEXT NOT NULL,"
    " source_locale TEXT NOT NULL, origin TEXT NOT NULL, state TEXT NOT NULL,"
    " document TEXT NOT NULL, created REAL NOT NULL, PRIMARY KEY (source, target_locale))"
)
_HUMAN_COLUMNS = "source, target, source_locale, target_locale, origin, state, document, created"


def _human_db(memory: TranslationMemory, create: bool = False) -> sqlite3.Connection | None:
    """The memory's connection if it has the human table (created when ``create``), else None.

    Reading never changes the store: looking at a memory without human translations is free.
    """
    db: sqlite3.Connection = memory._db
    try:
        if create:
            db.execute(_HUMAN_TABLE)
            return db
        found = db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'human'"
        ).fetchone()
    except sqlite3.Error as exc:
        raise OutputError(f"{memory.path}: cannot use the translation memory: {exc}") from None
    return db if found else None


def put_human(memory: TranslationMemory, pairs: Sequence[HumanTranslation]) -> int:
    """Store (or replace) human translations; return how many."""
    now = time.time()
    rows = [
        (p.source, p.target, p.source_locale, p.target_locale, p.origin, p.state, p.document, now)
        for p in pairs
    ]
    db = _human_db(memory, create=True)
    assert db is not None
    try:
        with db:
            db.execute("BEGIN")
            db.executemany(
                f"INSERT OR REPLACE INTO human ({_HUMAN_COLUMNS}) VALUES (?,?,?,?,?,?,?,?)", rows
            )
    except sqlite3.Error as exc:
        raise OutputError(f"{memory.path}: cannot write the translation memory: {exc}") from None
    return len(rows)


def forget_human(memory: TranslationMemory, target_locale: str, sources: Sequence[str]) -> int:
    """Remove the human translations of ``sources`` (a reviewer sent them back); return how many."""
    db = _human_db(memory)
    if db is None or not sources:
        return 0
    unique = list(dict.fromkeys(sources))
    removed = 0
    try:
        with db:
            for i in range(0, len(unique), 500):
                chunk = unique[i : i + 500]
                marks = ",".join("?" * len(chunk))
                removed += db.execute(
                    f"DELETE FROM human WHERE target_locale = ? AND source IN ({marks})",
                    [target_locale, *chunk],
                ).rowcount
    except sqlite3.Error as exc:
        raise OutputError(f"{memory.path}: cannot write the translation memory: {exc}") from None
    return removed


def get_human(
    memory: TranslationMemory, target_locale: str, sources: Sequence[str]
) -> dict[str, HumanTranslation]:
    """The human translations of ``sources`` into ``target_locale`` that the memory holds.

    Called during runs: a database error costs the memory (one warning), never the run.
    """
    found: dict[str, HumanTranslation] = {}
    if not memory.usable:
        return found
    try:
        return _get_human(memory, target_locale, sources)
    except (sqlite3.Error, OutputError) as exc:
        memory.give_up("read", exc)
        return found


def _get_human(
    memory: TranslationMemory, target_locale: str, sources: Sequence[str]
) -> dict[str, HumanTranslation]:
    db = _human_db(memory)
    found: dict[str, HumanTranslation] = {}
    if db is None:
        return found
    unique = list(dict.fromkeys(sources))
    for i in range(0, len(unique), 500):
        chunk = unique[i : i + 500]
        marks = ",".join("?" * len(chunk))
        for row in db.execute(
            f"SELECT {_HUMAN_COLUMNS} FROM human WHERE target_locale = ? AND source IN ({marks})",
            [target_locale, *chunk],
        ):
            found[row[0]] = HumanTranslation(*row)
    return found


def human_translations(memory: TranslationMemory) -> list[HumanTranslation]:
    """Every human translation, oldest first (for ``translate memory export``)."""
    db = _human_db(memory)
    if db is None:
        return []
    rows = db.execute(f"SELECT {_HUMAN_COLUMNS} FROM human ORDER BY created, source").fetchall()
    return [HumanTranslation(*row) for row in rows]


def human_count(memory: TranslationMemory) -> int:
    """How many human translations the memory holds (``translate cache stats``)."""
    db = _human_db(memory)
    return int(db.execute("SELECT COUNT(*) FROM human").fetchone()[0]) if db is not None else 0


def clear_human(memory: TranslationMemory) -> int:
    """Remove every human translation; return how many there were."""
    db = _human_db(memory)
    if db is None:
        return 0
    with db:
        removed = db.execute("DELETE FROM human").rowcount
    return int(removed)

"""Translation memory: every translated sentence, kept in SQLite, reused across runs.

A sentence is looked up by its source text and everything that could change its translation:
model id and revision (or content fingerprint), engine, precision, beam and decoding settings,
glossary hash, target locale and toolkit version. Repeated sentences (bylines, recurring
paragraphs) and later runs into any output folder then cost nothing.

The store lives in the user's cache folder (``$XDG_CACHE_HOME/dejour-translate`` or
``~/.cache/dejour-translate``), or in ``--cache DIR``. The glossary report is stored as the
status and target span of each match, in match order: the glossary hash is part of the key, so
matching the same source again yields the same matches.

A broken memory never costs a run: a file that is not a sound SQLite database raises
:class:`MemoryCorruptError` on opening (``translate/memory_store.py`` moves it aside for a run, and
``cache clear`` removes it), and any database error while a run reads or writes the memory is
reported once through ``warn`` and the run goes on without it.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

from translate.document import TermMatch, TermResult, ValueResult, WordLink
from translate.errors import MemoryCorruptError, OutputError

MEMORY_FILE = "memory.sqlite3"
#: SQLite's primary result codes for a damaged file: SQLITE_CORRUPT, SQLITE_NOTADB.
_CORRUPT_CODES = frozenset({11, 26})


def is_corrupt(exc: BaseException) -> bool:
    """True when a sqlite3 error says the file itself is damaged (not locked, not read-only)."""
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int):
        return (code & 0xFF) in _CORRUPT_CODES
    text = str(exc)
    return "not a database" in text or "malformed" in text


def _warn_default(message: str) -> None:
    warnings.warn(message, RuntimeWarning, stacklevel=3)


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "dejour-translate"


@dataclass(frozen=True)
class StoredRendering:
    """What the memory keeps of one translation."""

    target: str
    terms: tuple[tuple[str, str | None, int | None, int | None], ...]
    """(status, target, target_start, target_end) per glossary match, in match order."""
    flags: tuple[str, ...]
    values: tuple[ValueResult, ...] = ()
    """The value report: it describes the stored target, so it is kept whole."""
    alignment: tuple[WordLink, ...] = ()
    """Word links into the source text and the stored target (kept whole, like the values)."""

    def term_results(self, matches: Sequence[TermMatch]) -> tuple[TermResult, ...] | None:
        """Rebuild the TermResults for ``matches``; None if they no longer line up."""
        if len(matches) != len(self.terms):
            return None
        return tuple(
            TermResult(match, target, status, start, end)  # type: ignore[arg-type]
            for match, (status, target, start, end) in zip(matches, self.terms, strict=True)
        )


def _link(values: Sequence[int]) -> WordLink:
    a, b, c, d = (int(v) for v in values)
    return (a, b, c, d)


class TranslationMemory:
    """A SQLite store of renderings keyed by source text and a settings context."""

    def __init__(
        self, directory: Path | None = None, *, warn: Callable[[str], None] | None = None
    ) -> None:
        self.directory = directory or default_cache_dir()
        self.path = self.directory / MEMORY_FILE
        self._warn = warn or _warn_default
        db: sqlite3.Connection | None = None
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute(
                "CREATE TABLE IF NOT EXISTS memory ("
                " key TEXT PRIMARY KEY, context TEXT NOT NULL, source TEXT NOT NULL,"
                " value TEXT NOT NULL, created REAL NOT NULL)"
            )
            db.execute("SELECT COUNT(*) FROM memory LIMIT 1").fetchone()
        except (OSError, sqlite3.Error) as exc:
            if db is not None:
                db.close()
            if isinstance(exc, sqlite3.Error) and is_corrupt(exc):
                raise MemoryCorruptError(
                    f"{self.path}: the translation memory is damaged ({exc}): "
                    "'translate cache clear' resets it"
                ) from None
            raise OutputError(f"{self.path}: cannot open the translation memory: {exc}") from None
        self._db_or_none: sqlite3.Connection | None = db

    @property
    def _db(self) -> sqlite3.Connection:
        if self._db_or_none is None:
            raise OutputError(f"{self.path}: the translation memory was closed after an error")
        return self._db_or_none

    @property
    def usable(self) -> bool:
        """False once an error made this run give up the memory."""
        return self._db_or_none is not None

    @contextmanager
    def _tolerant(self, action: str) -> Iterator[None]:
        """During a run, a database error costs the memory, never the run: warn once, go on."""
        try:
            yield
        except sqlite3.Error as exc:
            self.give_up(action, exc)

    def give_up(self, action: str, exc: Exception) -> None:
        """Warn once that ``action`` failed and go on without the memory for this run."""
        if self._db_or_none is None:
            return
        hint = " ('translate cache clear' resets it)" if is_corrupt(exc) else ""
        self._warn(
            f"{self.path}: cannot {action} the translation memory ({exc}){hint}; "
            "this run goes on without it"
        )
        db, self._db_or_none = self._db_or_none, None
        db.close()

    @staticmethod
    def context(**settings: object) -> str:
        """A stable string of the settings that decide a translation."""
        return json.dumps(settings, sort_keys=True, ensure_ascii=False)

    @staticmethod
    def _key(context: str, source: str) -> str:
        return hashlib.sha256(f"{context}\x00{source}".encode()).hexdigest()

    def get_many(self, context: str, sources: Sequence[str]) -> dict[str, StoredRendering]:
        found: dict[str, StoredRendering] = {}
        if not self.usable:
            return found
        keys = {self._key(context, s): s for s in sources}
        items = list(keys)
        with self._tolerant("read"):
            for i in range(0, len(items), 500):
                chunk = items[i : i + 500]
                marks = ",".join("?" * len(chunk))
                for key, value in self._db.execute(
                    f"SELECT key, value FROM memory WHERE key IN ({marks})", chunk
                ):
                    data = json.loads(value)
                    found[keys[key]] = StoredRendering(
                        data["target"],
                        tuple(tuple(t) for t in data["terms"]),
                        tuple(data["flags"]),
                        tuple(ValueResult(**v) for v in data.get("values", ())),
                        tuple(_link(link) for link in data.get("alignment", ())),
                    )
        return found if self.usable else {}

    def put_many(self, context: str, items: dict[str, StoredRendering]) -> None:
        now = time.time()
        rows = [
            (
                self._key(context, source),
                context,
                source,
                json.dumps(
                    {
                        "target": r.target,
                        "terms": [list(t) for t in r.terms],
                        "flags": list(r.flags),
                        "values": [asdict(v) for v in r.values],
                        "alignment": [list(link) for link in r.alignment],
                    },
                    ensure_ascii=False,
                ),
                now,
            )
            for source, r in items.items()
        ]
        if not self.usable:
            return
        with self._tolerant("write"), self._db:
            self._db.execute("BEGIN")
            self._db.executemany(
                "INSERT OR REPLACE INTO memory (key, context, source, value, created)"
                " VALUES (?,?,?,?,?)",
                rows,
            )

    def stats(self) -> dict[str, object]:
        count, contexts = self._db.execute(
            "SELECT COUNT(*), COUNT(DISTINCT context) FROM memory"
        ).fetchone()
        files = (self.path, *(self.path.with_name(MEMORY_FILE + s) for s in ("-wal", "-shm")))
        size = sum(p.stat().st_size for p in files if p.is_file())  # not files moved aside
        return {"path": str(self.path), "sentences": count, "contexts": contexts, "bytes": size}

    def clear(self) -> int:
        with self._db:
            removed = self._db.execute("DELETE FROM memory").rowcount
        self._db.execute("VACUUM")
        return int(removed)

    def close(self) -> None:
        if self._db_or_none is not None:
            self._db_or_none.close()
            self._db_or_none = None

"""The service's persistent state under ``--state``: DeepL glossaries and per-key usage (SQLite).

DeepL v2 glossaries are immutable once created (create, read, list, delete), so a glossary is
one row holding its entries as DeepL's TSV; :meth:`StateStore.glossary` turns it into the
toolkit's :class:`~translate.glossary.Glossary`, so it is matched inflection-aware and its
targets are enforced exactly like a ``--glossary`` file. Usage counts the characters billed to
each API key, so quotas survive a restart. One connection, shared under a lock: handlers (event
loop) and the batching worker both read glossaries.
"""

from __future__ import annotations

import csv
import hashlib
import io
import sqlite3
import threading
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from translate.document import GlossaryEntry
from translate.errors import OutputError
from translate.glossary import Glossary
from translate.serve.errors import ApiError

STATE_FILE = "serve.sqlite3"
MAX_ENTRIES = 10_000


@dataclass(frozen=True)
class GlossaryInfo:
    """What DeepL reports about a glossary."""

    glossary_id: str
    name: str
    source_lang: str
    target_lang: str
    creation_time: str
    entry_count: int

    def as_json(self) -> dict[str, object]:
        return {
            "glossary_id": self.glossary_id,
            "name": self.name,
            "ready": True,
            "source_lang": self.source_lang,
            "target_lang": self.target_lang,
            "creation_time": self.creation_time,
            "entry_count": self.entry_count,
        }


def _check_term(term: str, line: int) -> str:
    if not term or term != term.strip():
        raise ApiError(
            400,
            f"Invalid glossary entries provided: line {line} has an empty term "
            "or a term with leading or trailing whitespace.",
        )
    if any(ord(c) < 32 or 127 <= ord(c) < 160 or c in "\u2028\u2029" for c in term):
        raise ApiError(
            400,
            f"Invalid glossary entries provided: line {line} has a control character in a term.",
        )
    return term


def parse_entries(entries: str, entries_format: str) -> list[tuple[str, str]]:
    """DeepL's ``tsv`` (``source<TAB>target`` per line) or ``csv`` (``source,target`` with
    optional ``source_lang,target_lang`` columns, RFC 4180 quoting); duplicates are refused."""
    pairs: list[tuple[str, str]] = []
    if entries_format == "tsv":
        rows = [(n, line.split("\t")) for n, line in enumerate(entries.splitlines(), 1)]
    elif entries_format == "csv":
        try:
            rows = list(enumerate(csv.reader(io.StringIO(entries)), 1))
        except csv.Error as exc:
            raise ApiError(400, f"Invalid glossary entries provided: {exc}.") from None
    else:
        raise ApiError(400, "Value for 'entries_format' not supported: use tsv or csv.")
    seen: set[str] = set()
    for line, fields in rows:
        if not any(f.strip() for f in fields):
            continue
        if len(fields) == 4:
            if fields[2].strip().lower() != "de" or fields[3].strip().lower() != "en":
                raise ApiError(
                    400, f"Invalid glossary entries provided: line {line} is not a de→en entry."
                )
        elif len(fields) != 2:
            raise ApiError(
                400,
                f"Invalid glossary entries provided: line {line} needs a source "
                "and a target term separated by a "
                + ("TAB." if entries_format == "tsv" else "comma."),
            )
        source, target = _check_term(fields[0], line), _check_term(fields[1], line)
        if source in seen:
            raise ApiError(
                400,
                f"Invalid glossary entries provided: duplicate source term "
                f"{source!r} on line {line}.",
            )
        seen.add(source)
        pairs.append((source, target))
    if not pairs:
        raise ApiError(400, "Invalid glossary entries provided: no entry.")
    if len(pairs) > MAX_ENTRIES:
        raise ApiError(413, f"Too many glossary entries: at most {MAX_ENTRIES}.")
    return pairs


def entries_tsv(pairs: list[tuple[str, str]]) -> str:
    return "\n".join(f"{s}\t{t}" for s, t in pairs)


class StateStore:
    """Glossaries and usage in ``DIR/serve.sqlite3``."""

    def __init__(self, directory: Path) -> None:
        self.path = directory / STATE_FILE
        self._lock = threading.Lock()
        try:
            directory.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(
                self.path, timeout=30, isolation_level=None, check_same_thread=False
            )
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS glossaries (id TEXT PRIMARY KEY, name TEXT NOT NULL,"
                " source_lang TEXT NOT NULL, target_lang TEXT NOT NULL, created TEXT NOT NULL,"
                " entries TEXT NOT NULL, entry_count INTEGER NOT NULL)"
            )
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS usage"
                " (key TEXT PRIMARY KEY, characters INTEGER NOT NULL)"
            )
        except (OSError, sqlite3.Error) as exc:
            raise OutputError(f"{self.path}: cannot open the service state: {exc}") from None

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # -- glossaries ---------------------------------------------------------------------------

    def create_glossary(self, name: str, pairs: list[tuple[str, str]]) -> GlossaryInfo:
        now = datetime.now(timezone.utc)
        info = GlossaryInfo(
            glossary_id=str(uuid.uuid4()),
            name=name,
            source_lang="de",
            target_lang="en",
            creation_time=now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond // 1000:03d}Z",
            entry_count=len(pairs),
        )
        with self._lock:
            self._db.execute(
                "INSERT INTO glossaries VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    info.glossary_id,
                    name,
                    "de",
                    "en",
                    info.creation_time,
                    entries_tsv(pairs),
                    len(pairs),
                ),
            )
        return info

    def _row(self, glossary_id: str) -> tuple[GlossaryInfo, str]:
        with self._lock:
            row = self._db.execute(
                "SELECT id, name, source_lang, target_lang, created, entry_count, entries"
                " FROM glossaries WHERE id = ?",
                (glossary_id,),
            ).fetchone()
        if row is None:
            raise ApiError(404, "Glossary not found.")
        return GlossaryInfo(*row[:6]), row[6]

    def glossary_info(self, glossary_id: str) -> GlossaryInfo:
        return self._row(glossary_id)[0]

    def glossary_entries(self, glossary_id: str) -> str:
        return self._row(glossary_id)[1]

    def list_glossaries(self) -> list[GlossaryInfo]:
        with self._lock:
            rows = self._db.execute(
                "SELECT id, name, source_lang, target_lang, created, entry_count"
                " FROM glossaries ORDER BY created, id"
            ).fetchall()
        return [GlossaryInfo(*row) for row in rows]

    def delete_glossary(self, glossary_id: str) -> None:
        with self._lock:
            deleted = self._db.execute("DELETE FROM glossaries WHERE id = ?", (glossary_id,))
        if deleted.rowcount == 0:
            raise ApiError(404, "Glossary not found.")

    def glossary(self, glossary_id: str) -> Glossary:
        """The stored glossary as the toolkit's record (matched and enforced like a file)."""
        info, tsv = self._row(glossary_id)
        name = f"deepl-glossary:{glossary_id}"
        entries = tuple(
            GlossaryEntry(source=source, targets=(target,), origin=f"{name}:{line}")
            for line, (source, target) in enumerate(
                (row.split("\t", 1) for row in tsv.splitlines()), 1
            )
        )
        raw = tsv.encode("utf-8")
        return Glossary(entries, (name,), hashlib.sha256(raw).hexdigest(), (raw,))

    # -- usage --------------------------------------------------------------------------------

    def usage(self, key: str) -> int:
        with self._lock:
            row = self._db.execute("SELECT characters FROM usage WHERE key = ?", (key,)).fetchone()
        return int(row[0]) if row else 0

    def add_usage(self, key: str, characters: int) -> None:
        with self._lock:
            self._db.execute(
                "INSERT INTO usage VALUES (?, ?) ON CONFLICT(key)"
                " DO UPDATE SET characters = characters + excluded.characters",
                (key, characters),
            )

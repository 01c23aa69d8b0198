"""``translate batch``: many articles, one model load, packed batches, resumable, nothing lost.

How a run survives anything:

* **Waves.** The articles (sorted, as discovered) are cut into waves of at least
  :data:`WAVE_SENTENCES` sentences, counted over *all* inputs, done or not, so that the same
  inputs always give the same waves. The sentences of a wave's pending articles are translated
  together, in length-sorted batches (packing, not more processes, is what makes a 2-core machine
  fast). Then the wave's outputs are written, each file atomically, and its articles are marked
  done in one SQLite transaction.
* **Resume.** After a crash or ``kill -9`` the same command skips every wave already committed and
  redoes at most the wave that was in flight — with the same composition, so the resumed run's
  outputs equal an uninterrupted run's. Files of an uncommitted wave are simply rewritten.
* **Unchanged inputs** (same bytes, same settings, outputs present) are ``skipped-unchanged``.
* **Bad input never stops the batch**: each failing article gets a one-line reason in the
  report; the exit code is non-zero when any failed.
* **One run per output folder**: a lock file (``flock``, released by the OS even on kill -9)
  makes a second run on the same folder refuse with a clear message.

The state lives in ``OUT/.translate-batch/state.sqlite3``; the report in ``OUT/batch-report.jsonl``.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Protocol

from translate.document import AlignedPair, SourceDocument, TranslatedDocument
from translate.errors import InputError, OutputError, TranslateError
from translate.folder_lock import FolderLock
from translate.memory import is_corrupt
from translate.memory_store import move_aside
from translate.outputs import atomic_write, output_paths, write_outputs
from translate.pipeline import (
    Rendering,
    Translator,
    document_from_article,
    summarise,
    translatable_segments,
)
from translate.reader import read_article

STATE_DIR = ".translate-batch"
REPORT_FILE = "batch-report.jsonl"
WAVE_SENTENCES = 512


@dataclass(frozen=True)
class BatchInput:
    """One article file and where its outputs go (relative to the output folder)."""

    path: Path
    out_subdir: Path
    key: str
    """Stable identity in the run state: the output subfolder and the file name."""


@dataclass
class ArticleReport:
    """One line of the batch report."""

    article: str
    status: str  # done | skipped-unchanged | failed
    sentences: int = 0
    terms_enforced: int = 0
    flags: int = 0
    seconds: float = 0.0
    reason: str = ""
    warnings: list[str] = field(default_factory=list)
    values_corrected: int = 0
    values_flagged: int = 0


@dataclass
class _Pending:
    item: BatchInput
    digest: str
    document: SourceDocument | None = None
    segments: list = field(default_factory=list)


def discover_inputs(
    inputs: Sequence[str], pattern: str = "*.txt"
) -> tuple[list[BatchInput], list[ArticleReport]]:
    """Files, folders (recursively, ``pattern``) and globs → inputs; unknown ones → failures.

    Outputs mirror the input tree: below a folder, or below the fixed part of a glob
    (``news/**/*.txt`` mirrors below ``news``). With several folders or globs each gets a
    subfolder named after its base folder (``name-2``, ``name-3`` … when two share a name).
    """
    roots = [r for r in inputs if Path(r).is_dir() or glob.has_magic(r)]
    prefixes = _root_prefixes(roots) if len(roots) > 1 else {}
    found: dict[Path, BatchInput] = {}
    problems: list[ArticleReport] = []

    def add(file: Path, base: Path | None, prefix: Path) -> None:
        sub = prefix / file.relative_to(base).parent if base is not None else prefix
        key = (sub / file.name).as_posix()
        try:  # the run state, the report and every output name the article in UTF-8
            key.encode("utf-8")
        except UnicodeEncodeError:
            shown = os.fsencode(key).decode("utf-8", "backslashreplace")
            problems.append(
                ArticleReport(
                    shown,
                    "failed",
                    reason=f"{shown}: the file name is not UTF-8: rename the file (for example "
                    "convmv -f latin1 -t utf8 --notest FILE) and run the batch again",
                )
            )
            return
        found.setdefault(file.resolve(), BatchInput(file, sub, key))

    for raw in inputs:
        path = Path(raw)
        prefix = prefixes.get(raw, Path())
        if path.is_dir():
            for file in sorted(path.rglob(pattern)):
                # a dangling link is kept, so that the reader reports it instead of a silent skip
                if file.is_file() or file.is_fifo() or (file.is_symlink() and not file.exists()):
                    add(file, path, prefix)
        elif path.exists() or path.is_symlink():
            add(path, None, Path())
        else:
            matches = sorted(glob.glob(raw, recursive=True))
            if not matches:
                problems.append(
                    ArticleReport(raw, "failed", reason=f"{raw}: no such file, folder or pattern")
                )
            base = _glob_base(raw)
            for match in matches:
                if not Path(match).is_dir():
                    add(Path(match), base, prefix)
    return list(found.values()), problems


def outside(items: list[BatchInput], out_dir: Path) -> list[BatchInput]:
    """``items`` without the files inside ``out_dir``: with ``--out`` inside an input folder,
    a broad ``--pattern`` would otherwise translate the batch's own outputs, report, state
    database and lock file on the next run."""
    out = out_dir.resolve()
    return [item for item in items if not item.path.resolve().is_relative_to(out)]


def _glob_base(pattern: str) -> Path:
    """The folder part of a glob before its first wildcard (``a/b/**/*.txt`` → ``a/b``)."""
    parts = Path(pattern).parts
    fixed = [p for p in parts[: next(i for i, p in enumerate(parts) if glob.has_magic(p))]]
    return Path(*fixed) if fixed else Path()


def _root_prefixes(roots: list[str]) -> dict[str, Path]:
    """A distinct output subfolder for each input folder or glob, named after its base."""
    prefixes: dict[str, Path] = {}
    used: dict[str, int] = {}
    for root in roots:
        base = Path(root) if Path(root).is_dir() else _glob_base(root)
        name = base.resolve().name or "input"
        used[name] = used.get(name, 0) + 1
        prefixes[root] = Path(name if used[name] == 1 else f"{name}-{used[name]}")
    return prefixes


class BatchState:
    """The run state in SQLite: which article is done, with which input bytes and settings."""

    def __init__(self, out_dir: Path) -> None:
        directory = out_dir / STATE_DIR
        self._lock = FolderLock(out_dir, "batch")  # the same lock every writing command takes
        self.warnings: list[str] = []
        path = directory / "state.sqlite3"
        try:
            try:
                self._db = self._open(path)
            except sqlite3.DatabaseError as exc:
                if not is_corrupt(exc):
                    raise OutputError(f"{path}: cannot open the run state: {exc}") from None
                # the state only saves work: a damaged one costs a re-translation, not the run
                aside = move_aside(path)
                self.warnings.append(
                    f"{path}: the run state was damaged; moved it to {aside.name}: "
                    "every article is translated again"
                )
                self._db = self._open(path)
        except BaseException:
            self._lock.release()
            raise

    @staticmethod
    def _open(path: Path) -> sqlite3.Connection:
        db = sqlite3.connect(path, timeout=30, isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute(
                "CREATE TABLE IF NOT EXISTS articles (key TEXT PRIMARY KEY, digest TEXT,"
                " settings TEXT, status TEXT, report TEXT)"
            )
            db.execute("SELECT COUNT(*) FROM articles").fetchone()
        except BaseException:
            db.close()
            raise
        return db

    def is_done(self, key: str, digest: str, settings: str) -> ArticleReport | None:
        row = self._db.execute(
            "SELECT report FROM articles WHERE key=? AND digest=? AND settings=? AND status='done'",
            (key, digest, settings),
        ).fetchone()
        return ArticleReport(**json.loads(row[0])) if row else None

    def commit(self, rows: list[tuple[str, str, str, ArticleReport]]) -> None:
        """Record a wave's articles in one transaction."""
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.executemany(
                "INSERT OR REPLACE INTO articles (key, digest, settings, status, report)"
                " VALUES (?,?,?,?,?)",
                [
                    (k, d, s, r.status, json.dumps(asdict(r), ensure_ascii=False))
                    for k, d, s, r in rows
                ],
            )

    def close(self) -> None:
        self._db.close()
        self._lock.release()


@dataclass
class BatchResult:
    reports: list[ArticleReport]
    seconds: float
    sentences_translated: int
    memory_hits: int
    warnings: list[str] = field(default_factory=list)
    """Broken state that was repaired (e.g. a damaged run state moved aside)."""

    @property
    def failed(self) -> int:
        return sum(r.status == "failed" for r in self.reports)


ProgressHook = Callable[[str, int, int], None]
"""Called with ("articles" | "sentences", advance, total) — total may grow."""


def run_batch(
    inputs: Sequence[str],
    out_dir: Path,
    translator: Translator,
    formats: Sequence[str],
    *,
    pattern: str = "*.txt",
    keep_boilerplate: bool = False,
    progress: ProgressHook | None = None,
    wave_sentences: int = WAVE_SENTENCES,
    runner: WaveRunner | None = None,
) -> BatchResult:
    """Translate every article of ``inputs`` into ``out_dir``; see the module docstring.

    ``runner`` decodes the waves: in this process by default (:class:`LocalWaves`), or on a Ray
    cluster (``translate.cluster.RayWaves``); planning, writing and the run state stay here.
    """
    started = time.perf_counter()
    hook = progress or (lambda _kind, _advance, _total: None)
    state = BatchState(out_dir)
    try:
        _remove_stale_temp_files(out_dir)
        items, reports = discover_inputs(inputs, pattern)
        items = outside(items, out_dir)
        total_articles = len(items) + len(reports)
        settings = json.dumps(
            {
                "memory": translator.memory_context,
                "formats": list(formats),
                "keep": keep_boilerplate,
            },
            sort_keys=True,
        )
        pending = _prepare(items, out_dir, state, settings, formats, keep_boilerplate, reports)
        hook("articles", len(reports), total_articles)
        translated = 0
        waves = list(_waves(pending, wave_sentences))
        runner = runner or LocalWaves(translator)
        outcomes = runner.run([[s.text for e in wave for s in e.segments] for wave in waves], hook)
        for wave, (renderings, seconds) in zip(waves, outcomes, strict=True):
            translated += _finish_wave(
                wave,
                renderings,
                seconds,
                out_dir,
                translator,
                formats,
                state,
                settings,
                reports,
                hook,
            )
            _write_report(out_dir, reports)
        _write_report(out_dir, reports)
        return BatchResult(
            reports,
            time.perf_counter() - started,
            translated,
            translator.memory_hits,
            state.warnings,
        )
    finally:
        state.close()


def _prepare(
    items: list[BatchInput],
    out_dir: Path,
    state: BatchState,
    settings: str,
    formats: Sequence[str],
    keep_boilerplate: bool,
    reports: list[ArticleReport],
) -> list[_Pending]:
    """Read and segment every input; sort out the done, the failing and the pending ones.

    All inputs are read, done ones included, so that waves are cut the same way every time.
    """
    pending: list[_Pending] = []
    claimed: dict[Path, str] = {}
    for item in items:
        try:
            article = read_article(item.path)
        except InputError as exc:
            reports.append(ArticleReport(item.key, "failed", reason=str(exc)))
            continue
        digest = hashlib.sha256(article.text.encode("utf-8", "surrogatepass")).hexdigest()
        paths = output_paths(article.name, formats, out_dir / item.out_subdir)
        first = next(iter(paths.values()))
        if first in claimed:
            reports.append(
                ArticleReport(
                    item.key,
                    "failed",
                    reason=f"{item.path}: its outputs would overwrite "
                    f"those of {claimed[first]}: rename one of the two files",
                )
            )
            continue
        claimed[first] = item.key
        document = document_from_article(article)
        entry = _Pending(item, digest, document, translatable_segments(document, keep_boilerplate))
        done = state.is_done(item.key, digest, settings)
        if done is not None and all(p.exists() for p in paths.values()):
            entry.document = None  # counted for the wave cut, not translated
            reports.append(
                ArticleReport(
                    item.key,
                    "skipped-unchanged",
                    done.sentences,
                    done.terms_enforced,
                    done.flags,
                    0.0,
                    values_corrected=done.values_corrected,
                    values_flagged=done.values_flagged,
                )
            )
        elif not entry.segments:
            reports.append(
                ArticleReport(
                    item.key,
                    "failed",
                    reason=f"{item.path}: no sentence to "
                    "translate (only boilerplate): use --keep-boilerplate",
                )
            )
            continue
        pending.append(entry)
    return pending


def _waves(entries: list[_Pending], size: int) -> Iterator[list[_Pending]]:
    """Consecutive groups of at least ``size`` sentences (counting done articles too); only the
    articles still to translate are yielded."""
    wave: list[_Pending] = []
    count = 0
    for entry in entries:
        wave.append(entry)
        count += len(entry.segments)
        if count >= size:
            todo = [e for e in wave if e.document is not None]
            if todo:
                yield todo
            wave, count = [], 0
    todo = [e for e in wave if e.document is not None]
    if todo:
        yield todo


WaveOutcome = tuple[list[Rendering], float]
"""A wave's renderings (one per sentence, in order) and the seconds it took."""


class WaveRunner(Protocol):
    """Decodes planned waves and yields their outcomes in wave order, lazily.

    Lazily matters: the caller writes and commits each wave before asking for the next outcome,
    so a crash loses at most the waves still in flight.
    """

    def run(self, waves: Sequence[list[str]], progress: ProgressHook) -> Iterator[WaveOutcome]:
        """One outcome per wave of ``waves`` (each a list of sentences), in order."""
        ...


class LocalWaves:
    """Every wave translated in this process, one after the other (the default runner)."""

    def __init__(self, translator: Translator) -> None:
        self.translator = translator

    def run(self, waves: Sequence[list[str]], progress: ProgressHook) -> Iterator[WaveOutcome]:
        for texts in waves:
            started = time.perf_counter()
            renderings = self.translator.translate_texts(
                texts, lambda done, total: progress("sentences", done, total)
            )
            yield renderings, time.perf_counter() - started


def _finish_wave(
    wave: list[_Pending],
    renderings: list[Rendering],
    seconds: float,
    out_dir: Path,
    translator: Translator,
    formats: Sequence[str],
    state: BatchState,
    settings: str,
    reports: list[ArticleReport],
    hook: ProgressHook,
) -> int:
    """Write one translated wave's outputs and commit it; return its sentence count."""
    texts = [s.text for entry in wave for s in entry.segments]
    provenance = translator.provenance()
    committed = []
    cursor = 0
    for entry in wave:
        assert entry.document is not None
        share = len(entry.segments) / max(1, len(texts))
        pairs = []
        for segment in entry.segments:
            rendering = renderings[cursor]
            cursor += 1
            pairs.append(
                AlignedPair(
                    segment,
                    rendering.target,
                    rendering.terms,
                    rendering.flags,
                    rendering.values,
                    rendering.alignment,
                    origin=rendering.origin,  # human translations from the memory stay human
                    state=rendering.state,
                )
            )
        doc = TranslatedDocument(
            entry.document, tuple(pairs), provenance, summarise(pairs, seconds * share)
        )
        report = ArticleReport(
            entry.item.key,
            "done",
            len(pairs),
            int(doc.stats["terms_enforced"]),
            int(doc.stats["flagged"]),
            round(seconds * share, 3),
            warnings=list(entry.document.warnings),
            values_corrected=int(doc.stats["values_corrected"]),
            values_flagged=int(doc.stats["values_flagged"]),
        )
        try:
            write_outputs(doc, formats, out_dir / entry.item.out_subdir)
        except TranslateError as exc:
            report = ArticleReport(entry.item.key, "failed", reason=str(exc))
        reports.append(report)
        committed.append((entry.item.key, entry.digest, settings, report))
        hook("articles", 1, 0)
    state.commit([c for c in committed if c[3].status == "done"])
    return len(texts)


def _remove_stale_temp_files(out_dir: Path) -> None:
    """Temp files of writes cut short by a crash (``.NAME.*.part``); safe under the run lock."""
    for stale in out_dir.rglob(".*.part"):
        if stale.is_file():
            stale.unlink(missing_ok=True)


def _write_report(out_dir: Path, reports: list[ArticleReport]) -> None:
    lines = [
        json.dumps(asdict(r), ensure_ascii=False) for r in sorted(reports, key=lambda r: r.article)
    ]
    try:
        atomic_write(out_dir / REPORT_FILE, ("\n".join(lines) + "\n").encode("utf-8"))
    except OutputError:
        pass  # the report is also printed; a full disk must not hide the per-article results

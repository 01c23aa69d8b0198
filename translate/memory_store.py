"""How runs and ``translate cache`` find, open, report and reset the translation memory.

The rules that make odd ``--cache`` paths and broken files harmless:

* a cache folder must be a folder on a real filesystem: a regular file, a path inside a file, or a
  virtual filesystem (``/proc``, ``/sys``, ``/dev`` …) is a one-line :class:`OutputError`;
* looking (``cache stats``) and clearing (``cache clear``) never create anything: no memory file
  means nothing to report or clear;
* a damaged memory file never costs a run: the run moves it aside (``memory.sqlite3.damaged-…``),
  warns once and starts a new one — or, when even that fails, goes on without a memory;
  ``cache stats`` reports it as damaged and ``cache clear`` removes it.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from translate.errors import MemoryCorruptError, OutputError
from translate.memory import MEMORY_FILE, TranslationMemory, default_cache_dir, is_corrupt

#: Filesystems that hold no files of ours: kernel interfaces, not storage.
VIRTUAL_FILESYSTEMS = frozenset(
    {
        "proc",
        "sysfs",
        "devtmpfs",
        "devpts",
        "cgroup",
        "cgroup2",
        "debugfs",
        "tracefs",
        "securityfs",
        "pstore",
        "bpf",
        "configfs",
        "fusectl",
        "mqueue",
        "hugetlbfs",
        "efivarfs",
        "binfmt_misc",
        "autofs",
    }
)
_SIDE_FILES = ("-wal", "-shm", "-journal")

Warn = Callable[[str], None]


def _mount_type(path: Path) -> str | None:
    """The filesystem type of the mount that holds ``path`` (Linux ``/proc/self/mounts``)."""
    try:
        lines = Path("/proc/self/mounts").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    best, kind = "", None
    target = str(path)
    for line in lines.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point = fields[1].replace("\\040", " ").replace("\\011", "\t").replace("\\134", "\\")
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):
            best, kind = point, fields[2]
    return kind


def check_cache_folder(folder: Path | None) -> Path:
    """``folder`` (or the default) if it can be a cache folder; else a one-line OutputError."""
    folder = folder if folder is not None else default_cache_dir()
    absolute = Path(os.path.abspath(folder))
    existing = absolute
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if existing.exists() and not existing.is_dir():
        where = "is a file" if existing == absolute else f"is inside the file {existing}"
        raise OutputError(
            f"{folder}: {where}, not a folder: give --cache a folder (the memory is "
            f"{MEMORY_FILE} inside it)"
        )
    kind = _mount_type(existing.resolve())
    if kind in VIRTUAL_FILESYSTEMS:
        raise OutputError(
            f"{folder}: is on the virtual '{kind}' filesystem, not storage: give --cache a "
            "folder on disk"
        )
    memory = folder / MEMORY_FILE
    if memory.exists() and not memory.is_file():
        raise OutputError(f"{memory}: is not a regular file: remove it or choose another --cache")
    return folder


def move_aside(path: Path) -> Path:
    """Rename a damaged memory file (and its SQLite side files) out of the way; return the name."""
    aside = path.with_name(f"{path.name}.damaged-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}")
    os.replace(path, aside)
    for suffix in _SIDE_FILES:
        side = path.with_name(path.name + suffix)
        if side.exists():
            os.replace(side, aside.with_name(aside.name + suffix))
    return aside


def open_for_run(folder: Path | None, warn: Warn) -> TranslationMemory | None:
    """The memory for a translation run: a broken one is moved aside or left out, with a warning.

    An unusable ``folder`` (a file, ``/proc`` …) is still an error: that is a mistake in the
    command, not broken state.
    """
    folder = check_cache_folder(folder)
    try:
        return TranslationMemory(folder, warn=warn)
    except MemoryCorruptError as exc:
        path = folder / MEMORY_FILE
        try:
            aside = move_aside(path)
        except OSError as move_error:
            warn(f"{exc}; cannot move it aside ({move_error.strerror}); going on without it")
            return None
        warn(
            f"{path}: the translation memory was damaged; moved it to {aside.name} and "
            "started a new one"
        )
    except OutputError as exc:
        warn(f"{exc}; this run goes on without it")
        return None
    try:
        return TranslationMemory(folder, warn=warn)
    except OutputError as exc:
        warn(f"{exc}; this run goes on without it")
        return None


@dataclass(frozen=True)
class MemoryReport:
    """What ``cache stats`` shows."""

    path: Path
    exists: bool
    damaged: str = ""
    stats: dict[str, object] | None = None


def memory_report(folder: Path | None) -> MemoryReport:
    """Stats of the memory in ``folder``, without creating anything; damage is reported."""
    from translate.memory_human import human_count

    folder = check_cache_folder(folder)
    path = folder / MEMORY_FILE
    if not path.is_file():
        return MemoryReport(path, exists=False)
    try:
        memory = TranslationMemory(folder)
    except MemoryCorruptError as exc:
        return MemoryReport(path, exists=True, damaged=str(exc))
    try:
        stats = memory.stats()
        stats["human"] = human_count(memory)
        return MemoryReport(path, exists=True, stats=stats)
    except sqlite3.Error as exc:
        if not is_corrupt(exc):
            raise OutputError(f"{path}: cannot read the translation memory: {exc}") from None
        return MemoryReport(path, exists=True, damaged=f"{path}: {exc}")
    finally:
        memory.close()


@dataclass(frozen=True)
class ClearResult:
    """What ``cache clear`` did."""

    path: Path
    removed: int | None
    """Sentences removed; None when there was no memory or a damaged one was moved aside."""
    removed_human: int = 0
    kept_human: int = 0
    damaged_to: Path | None = None
    """Where a damaged memory went (kept, since it may hold human translations)."""


def clear_memory(folder: Path | None, *, human: bool = False) -> ClearResult:
    """Empty the memory (its human translations too with ``human``); a damaged file is moved
    aside; nothing is created where there is no memory."""
    from translate.memory_human import clear_human, human_count

    folder = check_cache_folder(folder)
    path = folder / MEMORY_FILE
    if not path.is_file():
        return ClearResult(path, None)
    try:
        memory = TranslationMemory(folder)
    except MemoryCorruptError:
        return _reset_damaged(path)
    try:
        removed = memory.clear()
        if human:
            return ClearResult(path, removed, removed_human=clear_human(memory))
        return ClearResult(path, removed, kept_human=human_count(memory))
    except sqlite3.Error as exc:  # damage found only while deleting
        if not is_corrupt(exc):
            raise OutputError(f"{path}: cannot clear the translation memory: {exc}") from None
    finally:
        memory.close()
    return _reset_damaged(path)


def _reset_damaged(path: Path) -> ClearResult:
    try:
        aside = move_aside(path)
    except OSError as exc:
        raise OutputError(f"{path}: cannot move the damaged memory aside: {exc.strerror}") from None
    return ClearResult(path, None, damaged_to=aside)

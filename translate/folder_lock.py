"""One writer per output folder: an OS lock that every command writing into a folder takes.

``translate batch``, ``translate article`` (and any later command that writes outputs) call
:func:`lock_folder` before writing. The lock is ``flock`` on ``DIR/.translate-batch/lock`` — the
file batch runs have always used, so runs of every kind exclude one another — and the kernel
releases it when the process ends, even on ``kill -9``; a stale lock file never blocks anyone.
The holder writes its pid and command into the file, so a refused run can say who holds it.

On release the holder deletes the lock file (and the folder, when nothing else is in it), so
``translate article`` leaves only its outputs behind. That is safe because a run that takes the
lock checks that the file it locked is still the one at the path; if it was deleted meanwhile it
starts again on the new file.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from translate.errors import BatchLockedError, OutputError

LOCK_DIR = ".translate-batch"
LOCK_FILE = "lock"


class FolderLock:
    """An exclusive lock on an output folder, held until :meth:`release`."""

    def __init__(self, out_dir: Path, command: str) -> None:
        self._path = out_dir / LOCK_DIR / LOCK_FILE
        for _attempt in range(20):
            handle = self._open(out_dir)
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                handle.seek(0)
                owner = handle.read().strip() or "another process"
                handle.close()
                raise BatchLockedError(
                    f"{out_dir}: another run ({owner}) is writing into this output folder: "
                    "wait for it to finish or choose another --out"
                ) from None
            if self._still_at_path(handle):
                break
            handle.close()  # the previous holder deleted the file as we opened it: again
        else:
            raise OutputError(f"{self._path}: cannot take the output folder's lock: try again")
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}, translate {command}")
        handle.flush()
        self._handle: IO[str] | None = handle

    def _open(self, out_dir: Path) -> IO[str]:
        try:
            self._path.parent.mkdir(parents=True, exist_ok=True)
            return open(self._path, "a+")  # noqa: SIM115 - held until release
        except OSError as exc:
            raise OutputError(
                f"{out_dir}: cannot write the output folder: {exc.strerror or exc}"
            ) from None

    def _still_at_path(self, handle: IO[str]) -> bool:
        try:
            mine, there = os.fstat(handle.fileno()), os.stat(self._path)
        except OSError:
            return False
        return (mine.st_dev, mine.st_ino) == (there.st_dev, there.st_ino)

    def release(self) -> None:
        if self._handle is None:
            return
        try:  # delete while still holding it: a run that opened it meanwhile notices (above)
            self._path.unlink(missing_ok=True)
            self._path.parent.rmdir()  # only when empty: batch keeps its state there
        except OSError:
            pass
        fcntl.flock(self._handle, fcntl.LOCK_UN)
        self._handle.close()
        self._handle = None


@contextmanager
def lock_folder(out_dir: Path, command: str) -> Iterator[FolderLock]:
    """Hold the output folder's lock for the ``with`` block; raise BatchLockedError if taken."""
    lock = FolderLock(out_dir, command)
    try:
        yield lock
    finally:
        lock.release()

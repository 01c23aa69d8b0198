"""Write rendered outputs atomically: a temp file in the same folder, fsync, rename.

Every format is written into a temp file first — streamed there part by part by the writer's
``write``, so that a big article's tree is never in memory whole — and only then are the temp
files renamed into place, so a failure in any writer leaves no output behind; each file appears
whole or not at all, even if the process is killed mid-write. A file gets the permissions a
plain ``open()`` would give it (0644 under umask 022), not the 0600 of a temp file, so that a
web server or a colleague can read the edition.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import BinaryIO

from translate.document import TranslatedDocument
from translate.errors import OutputError


def current_umask() -> int:
    """The process umask (read from /proc where possible: setting it to read it is racy)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def file_mode() -> int:
    """The mode a newly created regular file gets under the current umask."""
    return 0o666 & ~current_umask()


def atomic_write(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one step; raise OutputError naming the path."""
    _commit(_stage(path, lambda stream: stream.write(data)), path)


def _stage(path: Path, fill: Callable[[BinaryIO], object]) -> Path:
    """Let ``fill`` write a synced temp file beside ``path`` (mode as the umask says).

    Whatever ``fill`` raises, the temp file is removed; an OS error becomes an OutputError.
    """
    directory = path.parent
    try:
        directory.mkdir(parents=True, exist_ok=True)
        handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=directory)
    except OSError as exc:
        raise OutputError(f"{directory}: cannot write here: {exc.strerror or exc}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            os.fchmod(stream.fileno(), file_mode())  # mkstemp made it 0600
            fill(stream)
            stream.flush()
            os.fsync(stream.fileno())
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        if isinstance(exc, OSError):
            raise OutputError(f"{path}: cannot write: {exc.strerror or exc}") from None
        raise
    return Path(temp_name)


def _commit(temp: Path, path: Path) -> None:
    try:
        os.replace(temp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise OutputError(f"{path}: cannot write: {exc.strerror or exc}") from None


def output_paths(name: str, formats: Sequence[str], out_dir: Path) -> dict[str, Path]:
    """Where each format of article ``name`` goes."""
    from translate.writers import get_writer

    return {fmt: out_dir / f"{name}{get_writer(fmt).extension}" for fmt in formats}


def write_outputs(doc: TranslatedDocument, formats: Sequence[str], out_dir: Path) -> list[Path]:
    """Render every requested format, then write each file atomically; return the paths."""
    from translate.writers import get_writer

    paths = output_paths(doc.name, formats, out_dir)
    if doc.source.path is not None:
        source = Path(doc.source.path).resolve()
        for path in paths.values():
            if path.resolve() == source:
                raise OutputError(
                    f"{path}: this output would overwrite the input article: choose another --out"
                )
    # one format at a time is written (streamed where the format allows) into a temp file, so
    # that peak memory is at most the largest format, not all of them together; the renames
    # come only when every format is staged, so a failing writer still leaves no output behind
    staged: list[tuple[Path, Path]] = []
    try:
        for fmt in formats:
            fill = partial(get_writer(fmt).write, doc)
            staged.append((_stage(paths[fmt], fill), paths[fmt]))
        for temp, path in staged:
            _commit(temp, path)
    finally:
        for temp, _path in staged:
            with contextlib.suppress(OSError):
                temp.unlink(missing_ok=True)
    return [paths[fmt] for fmt in formats]

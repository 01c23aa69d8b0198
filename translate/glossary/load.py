"""Loading a glossary file: pick the reader by extension, check the rows, build a ``Glossary``.

Any error raises ``GlossaryError`` with a one-line message ``FILE:LINE: what is wrong; what to
do``. Warnings (a repeated alternative, a duplicate line) do not stop loading; run
``translate glossary check FILE`` to see them. When a file lists the same term twice, the later
line wins, as when merging files.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from translate.errors import GlossaryError
from translate.glossary.delimited import read_csv, read_tsv
from translate.glossary.model import Glossary, later_wins
from translate.glossary.rows import Problem, RowsRead, parse_row

Reader = Callable[[bytes], RowsRead]


def read_tbx(data: bytes) -> RowsRead:
    """TBX reader, imported on first use so that importing the package does not load lxml."""
    from translate.glossary.tbx import read_tbx as read

    return read(data)


READERS: dict[str, Reader] = {
    ".tsv": read_tsv,
    ".txt": read_tsv,
    ".csv": read_csv,
    ".tbx": read_tbx,
    ".xml": read_tbx,
}
"""Glossary readers by file extension (lower-case, with the dot)."""


def reader_for(path: Path) -> Reader:
    suffix = path.suffix.lower()
    try:
        return READERS[suffix]
    except KeyError:
        known = ", ".join(READERS)
        raise GlossaryError(
            f"{path}: unknown glossary format {suffix or '(no extension)'!r}; "
            f"name the file with one of {known}"
        ) from None


def read_bytes(path: Path) -> bytes:
    """The file's bytes, or a GlossaryError that says why they cannot be read."""
    if path.is_dir():
        raise GlossaryError(f"{path}: is a directory; name a glossary file (.tsv, .csv or .tbx)")
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise GlossaryError(f"{path}: glossary file not found; check the path") from None
    except OSError as err:
        raise GlossaryError(
            f"{path}: cannot read the glossary ({err.strerror or err}); check its permissions"
        ) from None


def read_rows(path: str | Path) -> RowsRead:
    """Read a glossary file into rows and problems; raises only when it cannot be read at all."""
    p = Path(path)
    reader = reader_for(p)
    return reader(read_bytes(p))


def problem_message(path: str | Path, problem: Problem) -> str:
    return f"{path}:{problem.line}: {problem.message}"


def load_glossary(path: str | Path) -> Glossary:
    """Load one glossary file (``.tsv``/``.txt``, ``.csv``, ``.tbx``/``.xml``).

    Raises ``GlossaryError`` naming the file and line for the first error found.
    """
    result = read_rows(path)
    if result.errors:
        raise GlossaryError(problem_message(path, result.errors[0]))
    entries = []
    for row in result.rows:
        entry, problems = parse_row(row, f"{path}:{row.line}")
        errors = [p for p in problems if p.severity == "error"]
        if entry is None or errors:
            raise GlossaryError(problem_message(path, errors[0]))
        entries.append(entry)
    return Glossary(
        entries=later_wins(entries),
        files=(str(path),),
        sha256=hashlib.sha256(result.data).hexdigest(),
        raw=(result.data,),
    )

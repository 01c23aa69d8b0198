"""Readers for the delimited glossary formats: TSV (the primary format) and CSV.

Both take the raw bytes of a file and return ``RowsRead``. They never raise for what is in the
file: every problem is reported with its line so that the linter can list them all; the loader
raises on the first error.

Shared rules: UTF-8 (a leading BOM is dropped), ``#`` at the start of a line (after optional
spaces) makes it a comment, blank lines are skipped, the first other line is the header naming
the columns (case-insensitive); ``source`` and ``target`` are required; ``target@<locale>``
columns must name a known English locale, one column per locale.
"""

from __future__ import annotations

import csv
import io

from translate.glossary.rows import (
    REQUIRED_COLUMNS,
    Problem,
    RawRow,
    RowsRead,
    check_locale_columns,
)

BOM = b"\xef\xbb\xbf"
_HEADER_HINT = "the first line must name the columns, e.g. 'source<TAB>target<TAB>type<TAB>note'"


def _is_skipped(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith("#")


def _utf16_problem(data: bytes) -> Problem | None:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return Problem(1, "file is UTF-16, not UTF-8; save it as UTF-8")
    return None


def _decode_problem(line_no: int, raw: bytes, err: UnicodeDecodeError) -> Problem:
    return Problem(
        line_no,
        f"not valid UTF-8 (byte 0x{raw[err.start]:02x} at column {err.start + 1}); "
        "save the file as UTF-8",
    )


def _read_header(fields: list[str], line_no: int, sep_name: str) -> tuple[list[str], list[Problem]]:
    """The header's column names (lower-cased) and its problems.

    Locale columns are checked on the names as written, so that messages quote them so.
    """
    written = [f.strip() for f in fields]
    names = [n.lower() for n in written]
    return names, _check_header(names, line_no, sep_name) + check_locale_columns(written, line_no)


def _check_header(names: list[str], line_no: int, sep_name: str) -> list[Problem]:
    """The header's problems; a line without the required columns is no header at all, and that
    one problem is all that is said (so ``article`` and ``glossary check`` say the same)."""
    missing = [c for c in REQUIRED_COLUMNS if c not in names]
    if missing:
        found = ", ".join(repr(n) for n in names)
        return [
            Problem(
                line_no,
                f"header has no {' or '.join(repr(m) for m in missing)} column (found {found}); "
                f"{_HEADER_HINT.replace('<TAB>', sep_name)}",
            )
        ]
    problems: list[Problem] = []
    seen: set[str] = set()
    for position, name in enumerate(names, 1):
        if not name:
            problems.append(
                Problem(line_no, f"header column {position} has no name; name it or remove it")
            )
        elif name in seen:
            problems.append(
                Problem(line_no, f"header names column {name!r} twice; rename or remove one")
            )
        seen.add(name)
    return problems


def _make_row(
    line_no: int, names: list[str], values: list[str], sep_name: str, problems: list[Problem]
) -> RawRow:
    if len(values) > len(names):
        surplus = values[len(names) :]
        if any(v.strip() for v in surplus):
            problems.append(
                Problem(
                    line_no,
                    f"{len(values)} fields but the header names {len(names)} columns; "
                    f"remove the extra {sep_name}s or add a column name to the header",
                )
            )
        values = values[: len(names)]
    values = values + [""] * (len(names) - len(values))
    return RawRow(line_no, tuple(zip(names, (v.strip() for v in values), strict=True)))


def _start(data: bytes) -> tuple[RowsRead, bytes | None]:
    """The result to fill and the bytes after a UTF-8 BOM; no bytes when the file is UTF-16."""
    result = RowsRead(data=data)
    utf16 = _utf16_problem(data)
    if utf16:
        result.problems.append(utf16)
        return result, None
    return result, data[len(BOM) :] if data.startswith(BOM) else data


def read_tsv(data: bytes) -> RowsRead:
    """Read a tab-separated glossary: fields are split on TAB only, quotes have no meaning."""
    result, body = _start(data)
    if body is None:
        return result
    names: list[str] | None = None
    for line_no, raw in enumerate(body.split(b"\n"), 1):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as err:
            result.problems.append(_decode_problem(line_no, raw, err))
            continue
        line = line.rstrip("\r")
        if _is_skipped(line):
            continue
        if names is None:
            names, header_problems = _read_header(line.split("\t"), line_no, "TAB")
            result.problems.extend(header_problems)
            if any(p.message.startswith("header has no") for p in header_problems):
                return result
            continue
        values = line.split("\t")
        if len(values) == 1 and len(names) > 1 and " " in line.strip():
            result.problems.append(
                Problem(
                    line_no,
                    f"no TAB in {line.strip()!r}; separate source and target with a TAB character",
                )
            )
            continue
        result.rows.append(_make_row(line_no, names, values, "TAB", result.problems))
    if names is None and not result.problems:
        result.problems.append(Problem(1, f"no header line; {_HEADER_HINT}"))
    return result


def read_csv(data: bytes) -> RowsRead:
    """Read a comma-separated glossary (RFC 4180 quoting; ``;`` when the header uses it)."""
    result, body = _start(data)
    if body is None:
        return result
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as err:
        line_no = body.count(b"\n", 0, err.start) + 1
        line_start = body.rfind(b"\n", 0, err.start) + 1
        raw_line = body[line_start:]
        shifted = UnicodeDecodeError(
            err.encoding, raw_line, err.start - line_start, err.end - line_start, err.reason
        )
        result.problems.append(_decode_problem(line_no, raw_line, shifted))
        text = body.decode("utf-8", errors="replace")
    lines = text.splitlines()
    header_line = next((line for line in lines if not _is_skipped(line)), "")
    delimiter = ";" if ";" in header_line and "," not in header_line else ","
    sep_name = "semicolon" if delimiter == ";" else "comma"
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    names: list[str] | None = None
    last_line = 0
    while True:
        start = last_line + 1
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as err:
            result.problems.append(Problem(start, f"malformed CSV ({err}); check the quotes"))
            break
        last_line = reader.line_num
        if not record or _is_skipped(delimiter.join(record)):
            continue
        if names is None:
            names, header_problems = _read_header(record, start, sep_name)
            result.problems.extend(header_problems)
            if any(p.message.startswith("header has no") for p in header_problems):
                return result
            continue
        result.rows.append(_make_row(start, names, record, sep_name, result.problems))
    if names is None and not result.problems:
        result.problems.append(Problem(1, f"no header line; {_HEADER_HINT}"))
    return result

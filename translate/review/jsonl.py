"""Reader for a reviewed JSONL file: the review page's export, or our own JSONL.

Each line is a record as :mod:`translate.writers.jsonl` writes it; ``status``
(``reviewed``/``final``) is the verdict, ``origin: human`` the page's claim of an edit,
``joined`` the ids merged into the record, ``comment`` the reviewer's comment. A line that is
not a JSON object with ``id``, ``source`` and ``target`` is an error naming the line.
"""

from __future__ import annotations

from typing import Any

from translate.errors import ReviewError
from translate.review import safe_json
from translate.review.records import Review, ReviewedSegment, Verdict

_VERDICTS: dict[str, Verdict] = {"reviewed": "reviewed", "final": "final"}
_EDITED = {"human": True, "mt-approved": False}


def read_jsonl(path: str, data: bytes) -> Review:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReviewError(f"{path}: not UTF-8 (byte {exc.start}): export the JSONL again") from None
    segments = []
    documents: set[str] = set()
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        record = _record(path, number, line)
        if isinstance(record.get("document"), str):
            documents.add(record["document"])
        joined = record.get("joined")
        if joined is not None and not (
            isinstance(joined, list) and all(isinstance(j, str) for j in joined)
        ):
            raise ReviewError(f"{path}: line {number}: 'joined' must be a list of segment ids")
        comment = record.get("comment") or ""
        segments.append(
            ReviewedSegment(
                id=record["id"],
                source=record["source"],
                target=record["target"],
                verdict=_VERDICTS.get(str(record.get("status")), "pending"),
                where=f"line {number} (segment {record['id']})",
                comment=comment if isinstance(comment, str) else "",
                edited=_EDITED.get(str(record.get("origin"))),
                joined=tuple(joined) if joined else None,
            )
        )
    if len(documents) > 1:
        raise ReviewError(
            f"{path}: the records belong to {len(documents)} articles "
            f"({', '.join(sorted(documents))}): give one article's JSONL"
        )
    return Review(
        path=path,
        format="jsonl",
        document=documents.pop() if documents else None,
        segments=tuple(segments),
    )


def _record(path: str, number: int, line: str) -> dict[str, Any]:
    try:
        record = safe_json.loads(line)
    except safe_json.BadJson as exc:
        raise ReviewError(
            f"{path}: line {number}: not JSON ({exc}); the file may be truncated: export it again"
        ) from None
    if not isinstance(record, dict):
        raise ReviewError(f"{path}: line {number}: expected a JSON object per line")
    for key in ("id", "source", "target"):
        if not isinstance(record.get(key), str):
            raise ReviewError(f"{path}: line {number}: the record has no text field {key!r}")
    return record

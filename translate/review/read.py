"""Open a reviewed file and pick its reader by content (not by extension: tools vary)."""

from __future__ import annotations

import re
import stat
from pathlib import Path

from translate.errors import ReviewError
from translate.review.jsonl import read_jsonl
from translate.review.records import Review
from translate.review.tmx import read_tmx
from translate.review.xliff import read_xliff
from translate.review.xml import local, parse_xml

MAX_BYTES = 256 * 1024 * 1024
"""A reviewed article is a few hundred kilobytes; far more is not a review of one article."""


#: Characters no output can hold: C0 controls but TAB/LF/CR, DEL, lone surrogates (an XLIFF
#: ``<cp hex="D800"/>`` or a JSONL ``"\\ud800"``), and the noncharacters U+FFFE/U+FFFF.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def read_review(path: Path) -> Review:
    """The segments of a reviewed XLIFF 2.0/1.2, TMX or JSONL file; ReviewError if unusable."""
    review = _read(path)
    _check_characters(review)
    return review


def _check_characters(review: Review) -> None:
    """Refuse, before anything is written, a text that no writer or memory could store."""
    for segment in review.segments:
        for what, text in (
            ("target", segment.target),
            ("source", segment.source),
            ("comment", segment.comment),
            *(("note", note) for note in segment.notes),
        ):
            bad = _FORBIDDEN.search(text or "")
            if bad is not None:
                raise ReviewError(
                    f"{review.path}: {segment.where}: the {what} holds U+{ord(bad.group()):04X}, "
                    "a control code or invalid character no translation can hold: remove it "
                    "and export again"
                )


def _head(data: bytes) -> bytes:
    """The start of the file for sniffing its kind: past a byte order mark (UTF-8, or UTF-16 as
    some Windows tools save XLIFF and TMX) and leading white space, as UTF-8."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        data = data[:4096].decode("utf-16", errors="ignore").encode("utf-8")
    return data.lstrip(b"\xef\xbb\xbf \t\r\n")


def _read(path: Path) -> Review:
    name = str(path)
    try:
        if path.is_dir():
            raise ReviewError(f"{name}: is a folder: give the reviewed XLIFF, TMX or JSONL file")
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):  # a device or a pipe: no size to trust, may block
            raise ReviewError(
                f"{name}: not a regular file (a device, pipe or socket): give the reviewed "
                "XLIFF, TMX or JSONL file"
            )
        if info.st_size > MAX_BYTES:
            raise ReviewError(
                f"{name}: larger than {MAX_BYTES >> 20} MiB: not one article's review"
            )
        with path.open("rb") as stream:  # read no more than the bound, even if it grew
            data = stream.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise ReviewError(
                f"{name}: larger than {MAX_BYTES >> 20} MiB: not one article's review"
            )
    except OSError as exc:
        raise ReviewError(f"{name}: cannot read: {exc.strerror or exc}") from None
    head = _head(data)
    if head.startswith(b"{"):
        return read_jsonl(name, data)
    if not head.startswith(b"<"):
        raise ReviewError(f"{name}: not a reviewed file: expected XLIFF 2.0/1.2, TMX or our JSONL")
    if head[:15].lower().startswith((b"<!doctype html", b"<html")):
        raise ReviewError(
            f"{name}: an HTML page, not XLIFF or TMX: use the page's export (XLIFF or JSONL) "
            "and apply that file"
        )
    root = parse_xml(name, data)
    kind = local(root)
    if kind == "xliff":
        return read_xliff(name, root)
    if kind == "tmx":
        return read_tmx(name, root)
    raise ReviewError(
        f"{name}: an XML file with root <{kind}>, not XLIFF or TMX: give the reviewed XLIFF, "
        "TMX or JSONL file"
    )

"""Read an article file into text: the one reader behind ``translate article`` and ``batch``.

It accepts UTF-8 (with or without BOM, LF or CRLF line ends, which are kept), decodes German
Windows-1252/Latin-1 with a warning when that guess is safe, takes the text out of HTML that was
pasted into a text file (with a warning), and refuses with a one-line reason what it cannot read:
a missing or non-regular file, an empty or whitespace-only file, binary data, or bytes in no
encoding it can trust.
"""

from __future__ import annotations

import codecs
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from translate.errors import InputError

#: Bytes in Windows-1252 that are letters or punctuation in German text; 0x80-0x9F other than
#: these are undefined or exotic, and make the Windows-1252 guess unsafe.
_CP1252_GERMAN = frozenset(b"\x80\x84\x85\x8a\x8c\x91\x92\x93\x94\x96\x97\x9a\x9c\x9f")
_GERMAN_LETTERS = set("äöüÄÖÜß")
_HTML_TAG = re.compile(
    r"<\s*(?:html|body|p|div|br|span|a\s|h[1-6]|article|section|strong|em|b|i|ul|li|script|style)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ArticleText:
    """The decoded text of one article and what the reader had to do to get it."""

    path: Path
    text: str
    encoding: str
    warnings: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        stem = self.path.name
        # only plain-text suffixes are dropped: "story.html" keeps its suffix in the output
        # names, so that no output (e.g. the HTML review page) can overwrite the input
        for suffix in (".txt", ".text"):
            if stem.lower().endswith(suffix):
                stem = stem[: -len(suffix)]
                break
        return stem.removesuffix(".de") or stem


def read_article(path: str | Path) -> ArticleText:
    """Read and decode ``path``; raise :class:`InputError` with a one-line reason."""
    path = Path(path)
    return decode_article(path, _read_bytes(path))


def decode_article(path: Path, data: bytes) -> ArticleText:
    """Decode an article's bytes (from a file or standard input, named ``path`` in messages)."""
    if not data:
        raise InputError(f"{path}: the file is empty: give an article with at least one sentence")
    if not data.strip():
        raise InputError(f"{path}: the file contains only whitespace: give an article with text")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(
                f"{path}: starts like UTF-16 but does not decode: convert the file to UTF-8"
            ) from None
        return _finish(path, text, "utf-16", [f"{path}: UTF-16 text; save it as UTF-8"])
    if b"\x00" in data[:8192]:
        raise InputError(
            f"{path}: binary data (NUL bytes), not a text article: give a UTF-8 text file"
        )
    text, encoding, warnings = _decode(path, data)
    return _finish(path, text, encoding, warnings)


def _finish(path: Path, text: str, encoding: str, warnings: list[str]) -> ArticleText:
    """The checks and clean-up every decoded text goes through."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise InputError(f"{path}: the file contains only whitespace: give an article with text")
    if _HTML_TAG.search(text):
        text = _html_to_text(text)
        warnings.append(f"{path}: HTML markup found; translated the text extracted from it")
    if _control_share(text) > 0.05:
        raise InputError(
            f"{path}: mostly control characters, not a text article: give a UTF-8 text file"
        )
    return ArticleText(path, text, encoding, tuple(warnings))


def _read_bytes(path: Path) -> bytes:
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise InputError(f"{path}: no such file: check the path") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if stat.S_ISDIR(mode):
        raise InputError(
            f"{path}: is a directory, not an article: give a text file (or use 'translate batch')"
        )
    if not stat.S_ISREG(mode):
        raise InputError(f"{path}: not a regular file (a pipe or device): give a text file")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None


def _decode(path: Path, data: bytes) -> tuple[str, str, list[str]]:
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError as exc:
        bad = exc.start
    line = data.count(b"\n", 0, bad) + 1
    high = {byte for byte in data if byte >= 0x80}
    if high and all(byte >= 0xA0 or byte in _CP1252_GERMAN for byte in high):
        text = data.decode("cp1252")
        if any(ch in _GERMAN_LETTERS for ch in text):
            return (
                text,
                "cp1252",
                [
                    f"{path}:{line}: not UTF-8; decoded as Windows-1252/Latin-1 (German umlauts "
                    "found); save the file as UTF-8 to silence this warning"
                ],
            )
    raise InputError(
        f"{path}:{line}: not valid UTF-8 (byte 0x{data[bad]:02x}) and not safely Windows-1252: "
        "convert the file to UTF-8 (e.g. iconv -f LATIN1 -t UTF-8)"
    )


_BLOCKS = (
    "address",
    "article",
    "aside",
    "blockquote",
    "dd",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "td",
    "th",
    "tr",
    "ul",
)


def _html_to_text(markup: str) -> str:
    """Text of an HTML fragment or page: every block element (nested or not) and every run of
    loose text becomes its own paragraph; nothing is dropped or repeated."""
    import lxml.html

    root = lxml.html.fromstring(markup)
    for bad in root.xpath("//script|//style|//noscript|//template"):
        bad.drop_tree()
    for element in root.iter(*_BLOCKS):
        element.text = "\n\n" + (element.text or "")
        element.tail = "\n\n" + (element.tail or "")
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    blocks = re.split(r"\n[ \t]*\n", root.text_content())
    paragraphs = [" ".join(block.split()) for block in blocks]
    return "\n\n".join(p for p in paragraphs if p) + "\n"


def _control_share(text: str) -> float:
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
    return controls / max(1, len(text))

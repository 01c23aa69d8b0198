"""Read an article file into text: the one reader behind ``translate article`` and ``batch``.

It accepts UTF-8 (with or without BOM, LF or CRLF line ends, which are kept), decodes German
Windows-1252/Latin-1 with a warning when that guess is safe, takes the text out of HTML that was
pasted into a text file (with a warning; only on strong evidence, so that plain text with a
stray ``<b>`` keeps every character), and refuses with a one-line reason what it cannot read:
a missing or non-regular file, a dangling link, an empty or whitespace-only file, binary data
(UTF-16 without a byte-order mark is named as such), or bytes in no encoding it can trust.

The reader is total: any bytes give an :class:`ArticleText` or an :class:`InputError`, nothing
else (``tests/test_reader_hostile.py`` checks that with random and adversarial bytes).
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from translate.errors import InputError

#: Bytes in Windows-1252 that are letters or punctuation in German text; 0x80-0x9F other than
#: these are undefined or exotic, and make the Windows-1252 guess unsafe.
_CP1252_GERMAN = frozenset(b"\x80\x84\x85\x8a\x8c\x91\x92\x93\x94\x96\x97\x9a\x9c\x9f")
_GERMAN_LETTERS = set("äöüÄÖÜß")
#: Strong evidence that a text is HTML: a document structure (doctype, ``<html>``, ``<head>``,
#: ``<body>``) or at least one closed block or script element (``<p …>…</p>``). A stray tag
#: (``a<b>c``, ``Siehe <p> hier.``), inline markup alone, a comment or a CDATA section are not:
#: such text is kept exactly as written.
_HTML_DOCUMENT = re.compile(r"<!doctype\s+html|<(?:html|head|body)(?:\s[^<>]*)?>", re.IGNORECASE)
_HTML_BLOCK_TAG = re.compile(
    r"<(/?)(p|div|h[1-6]|li|ul|ol|table|tr|td|th|article|section|blockquote|header|footer|main"
    r"|nav|aside|figure|figcaption|pre|script|style)(?:\s[^<>]*)?\s*>",
    re.IGNORECASE,
)
#: Characters no XML/HTML parser accepts (C0 controls other than tab/LF/CR, lone surrogates,
#: U+FFFE/U+FFFF); they are blanked before HTML extraction.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


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
        utf16 = _utf16_without_bom(data)
        if utf16:
            raise InputError(
                f"{path}: looks like {utf16} without a byte-order mark (a NUL byte beside every "
                f"letter): convert it to UTF-8 (e.g. iconv -f {utf16} -t UTF-8)"
            )
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
    if _control_share(text) > 0.05:
        raise InputError(
            f"{path}: mostly control characters, not a text article: give a UTF-8 text file"
        )
    if looks_like_html(text):
        extracted = _html_to_text(text)
        if extracted is None:
            warnings.append(f"{path}: looks like HTML but cannot be parsed; kept the text as is")
        elif not extracted.strip():
            raise InputError(f"{path}: HTML without any text to translate: give an article")
        else:
            text = extracted
            warnings.append(f"{path}: HTML markup found; translated the text extracted from it")
    return ArticleText(path, text, encoding, tuple(warnings))


def looks_like_html(text: str) -> bool:
    """True on strong evidence only: a document structure or a closed block element."""
    if _HTML_DOCUMENT.search(text):
        return True
    opened: set[str] = set()  # one pass: linear even in a long text full of stray tags
    for tag in _HTML_BLOCK_TAG.finditer(text):
        name = tag.group(2).lower()
        if not tag.group(1):
            opened.add(name)
        elif name in opened:
            return True
    return False


def _utf16_without_bom(data: bytes) -> str | None:
    """``UTF-16LE``/``UTF-16BE`` when NUL bytes sit on one side of (nearly) every pair."""
    sample = data[:8192]
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    even_nul = sample[0 : 2 * pairs : 2].count(0)
    odd_nul = sample[1 : 2 * pairs : 2].count(0)
    if odd_nul >= 0.6 * pairs and even_nul <= 0.05 * pairs:
        return "UTF-16LE"
    if even_nul >= 0.6 * pairs and odd_nul <= 0.05 * pairs:
        return "UTF-16BE"
    return None


def _read_bytes(path: Path) -> bytes:
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        if path.is_symlink():
            raise InputError(
                f"{path}: a dangling symbolic link (to {os.readlink(path)}): fix or remove the link"
            ) from None
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


def _html_to_text(markup: str) -> str | None:
    """Text of an HTML fragment or page: every block element (nested or not) and every run of
    loose text becomes its own paragraph; nothing is dropped or repeated.

    None when the parser gives up (the caller then keeps the text as written); characters no
    HTML parser accepts (control characters) are blanked first, so that cannot happen on them.
    """
    import lxml.etree
    import lxml.html

    try:
        root = lxml.html.fromstring(_NOT_XML.sub(" ", markup))
    except (ValueError, lxml.etree.LxmlError):
        return None
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

"""The English edition as Markdown: the title as a heading, one paragraph per paragraph.

Layout::

    # {paragraph 0: its target sentences joined by a space}

    {paragraph 1}

    {paragraph 2}

    <!-- translated by dejour-translate … | review p2s1: term-placement; … -->
                                   (the review part only when some sentence is flagged)

Inline text is written as it is (a ``*`` or a ``[link]`` inside a sentence stays Markdown).
Only what would change the *block* structure is escaped, at the start of each line (after
any spaces or tabs), with a backslash that CommonMark removes when rendering:

* a block marker ``# > - + * = _ ` ~ < | [`` or a backslash: ``\\#``, ``\\-``, ``\\\\``, …
* a number followed by ``.``, ``)`` or a backslash (an ordered list): ``2024\\. …``;
* an empty or blank line inside a paragraph (it would end the paragraph) is written as
  ``\\`` followed by its spaces and tabs.

In the title line, a trailing ``#`` (a closing sequence to Markdown) gets an explicit closing
`` #``. Line breaks inside a text (LF, CR LF, CR) are kept. :func:`parse_paragraphs` undoes
exactly these escapes, so the text of every paragraph round-trips; indentation at the start
of a paragraph is kept verbatim (a renderer may show four or more spaces as code).
"""

from __future__ import annotations

import re

from translate.document import TranslatedDocument
from translate.writers.base import ByteSink, PartByPart, provenance_line

_LINE_BREAK = re.compile(r"(\r\n|\r|\n)")
_MARKERS = "#>-+*=_`~<|[\\"
_BLANK = re.compile(r"[ \t]*")
_NEEDS_ESCAPE = re.compile(r"([ \t]*)([" + re.escape(_MARKERS) + r"])")
_NUMBERED = re.compile(r"([ \t]*\d+)([.)\\])")
_ESCAPED_BLANK = re.compile(r"\\([ \t]*)")
_ESCAPED = re.compile(r"([ \t]*)\\([" + re.escape(_MARKERS) + r"])")
_ESCAPED_NUMBERED = re.compile(r"([ \t]*\d+)\\([.)\\])")
_FOOTER_START = "<!--"


def _escape_line(line: str) -> str:
    if _BLANK.fullmatch(line):
        return "\\" + line
    found = _NEEDS_ESCAPE.match(line) or _NUMBERED.match(line)
    if found:
        return f"{found.group(1)}\\{line[found.end(1) :]}"
    return line


def _unescape_line(line: str) -> str:
    if found := _ESCAPED_BLANK.fullmatch(line):
        return found.group(1)
    found = _ESCAPED.match(line) or _ESCAPED_NUMBERED.match(line)
    if found:
        return found.group(1) + line[found.end(1) + 1 :]
    return line


def _escape_block(text: str, title: bool = False) -> str:
    """A paragraph's text as Markdown lines; a title's first line is the heading's content."""
    pieces = _LINE_BREAK.split(text)
    out: list[str] = []
    for i, piece in enumerate(pieces):
        if i % 2:
            out.append(piece)  # a line break, kept as it was
        elif i == 0 and title:
            heading = "# " + piece
            if piece.rstrip(" \t").endswith("#"):
                heading += " #"
            out.append(heading)
        else:
            out.append(_escape_line(piece))
    return "".join(out)


def _comment(text: str) -> str:
    """``text`` safe inside an HTML comment: no ``--`` (so no ``-->``), no leading ``>``."""
    while "--" in text:
        text = text.replace("--", "- -")
    return text.lstrip(">").rstrip("-")


class MarkdownWriter(PartByPart):
    """The English edition as CommonMark."""

    name = "md"
    extension = ".en.md"

    def write(self, doc: TranslatedDocument, stream: ByteSink) -> None:
        """Write one paragraph at a time to ``stream``, then the footer."""
        for index, pairs in doc.paragraphs():
            text = " ".join(pair.target for pair in pairs)
            stream.write((_escape_block(text, title=index == 0) + "\n\n").encode("utf-8"))
        stamp = f"translated by {provenance_line(doc.provenance)}"
        flagged = [f"{pair.id}: {', '.join(pair.flags)}" for pair in doc.pairs if pair.flags]
        if flagged:  # the edition stays clean; the flags are for whoever edits the file
            stamp += " | review " + "; ".join(flagged)
        stream.write(f"{_FOOTER_START} {_comment(stamp)} -->\n".encode())


def parse_paragraphs(data: bytes) -> list[str]:
    """The text of every paragraph, the title first (without ``# ``); the footer is dropped."""
    tokens = _LINE_BREAK.split(data.decode("utf-8"))
    lines = tokens[0::2]
    breaks = tokens[1::2] + [""]
    blocks: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []
    for line, line_break in zip(lines, breaks, strict=True):
        if line == "":
            if current:
                blocks.append(current)
                current = []
            continue
        current.append((line, line_break))
    if current:
        blocks.append(current)
    paragraphs: list[str] = []
    for number, block in enumerate(blocks):
        first = block[0][0]
        if first.startswith(_FOOTER_START):
            break
        parts: list[str] = []
        for i, (line, line_break) in enumerate(block):
            if i == 0 and number == 0 and first.startswith("# "):
                text = line[2:]
                if text.endswith(" #"):
                    text = text[:-2]
            else:
                text = _unescape_line(line)
            parts.append(text)
            if i < len(block) - 1:
                parts.append(line_break)
        paragraphs.append("".join(parts))
    return paragraphs


def parse_title(data: bytes) -> str | None:
    """The heading's text, or None when the document has no title paragraph."""
    first = data.decode("utf-8").split("\n", 1)[0]
    if not first.startswith("# "):
        return None
    return parse_paragraphs(data)[0]

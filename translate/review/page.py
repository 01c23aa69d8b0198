"""What the interactive review page embeds: its data block, script and stylesheet.

The HTML writer (:mod:`translate.writers.html_review`) stays the one place that builds the page;
this module gives it the pieces that make the page interactive:

* :func:`page_data` — every fact the script needs, as one JSON-ready mapping: per pair the
  source and target as the page shows them, glossary terms with their accepted target forms,
  values with their expected renderings, word alignment, review state, and the pair's JSONL
  record; for the whole document the XLIFF 2.0 file that ``writers/xliff2.py`` writes (the page
  edits that very document on export, so ids, sources and modules stay exactly the same) and a
  *signature* of the translation (browser storage is keyed by it, so edits made on an older
  translation of the same article are never silently applied to a newer one).
* :func:`json_script_text` — that mapping as the text of a ``<script type="application/json">``
  element: ASCII only, with ``<``, ``>`` and ``&`` escaped, so no text of the article can close
  the element or put a character HTML forbids into the page.
* :func:`asset` — ``review.js`` / ``review.css``, package data inlined by the writer (the page
  works from ``file://`` with no network and no external file).
"""

from __future__ import annotations

import codecs
import hashlib
import json
import re
from collections.abc import Callable, Sequence
from functools import cache
from importlib import resources
from typing import Any

from translate.document import AlignedPair, TranslatedDocument
from translate.writers.base import html_text, iso8601, nmtoken, source_text
from translate.writers.jsonl import pair_record
from translate.writers.xliff2 import Xliff2Writer

FORMAT_VERSION = 1
"""Bumped when the embedded data changes shape (stored reviews of another shape are ignored)."""

_UNSAFE_IN_SCRIPT = re.compile(
    "[<>&\u2028\u2029\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff\U0001fffe-\U0010ffff]"
)
"""What :func:`json_script_text` escapes: markup characters, the line separators, and the
characters HTML forbids (C1 controls, surrogates, noncharacters; astral ones checked one by one)."""

_CRLF = re.compile("\r\n")


def clean_with_offsets(text: str) -> tuple[str, Sequence[int]]:
    """``text`` as the page shows it (:func:`html_text`) and where each offset moved to.

    ``moved[i]`` is the offset in the cleaned text of offset ``i`` of ``text``. Only CR LF changes
    the length (it becomes one LF, so offsets after it move back by one; every other change is
    one character for one), so the offsets are ranges, built in one pass over the CR LFs.
    """
    clean = html_text(text)
    if "\r\n" not in text:
        return clean, range(len(text) + 1)
    moved: list[int] = []
    start = shift = 0
    for found in _CRLF.finditer(text):
        moved.extend(range(start - shift, found.start() + 1 - shift))  # up to the CR itself
        shift += 1
        start = found.start() + 1
    moved.extend(range(start - shift, len(text) + 1 - shift))
    return clean, moved


def _at(moved: Sequence[int], offset: int | None) -> int | None:
    if offset is None or not 0 <= offset < len(moved):
        return None
    return moved[offset]


def _links(pair: AlignedPair, s_moved: Sequence[int], t_moved: Sequence[int]) -> list[list[int]]:
    """The pair's word links as offsets into the text the page shows (dropped where a link
    falls outside the text or becomes empty): one tight loop, as a pair has dozens of links."""
    s_len, t_len = len(s_moved), len(t_moved)
    links: list[list[int]] = []
    for a, b, c, d in pair.alignment:
        if 0 <= a < s_len and 0 <= b < s_len and 0 <= c < t_len and 0 <= d < t_len:
            a, b, c, d = s_moved[a], s_moved[b], t_moved[c], t_moved[d]
            if a < b and c < d:
                links.append([a, b, c, d])
    return links


def _pair_data(doc: TranslatedDocument, pair: AlignedPair) -> dict[str, Any]:
    source, s_moved = clean_with_offsets(source_text(pair))
    target, t_moved = clean_with_offsets(pair.target)
    terms = []
    for term in pair.terms:
        entry = term.match.entry
        accepted = list(entry.targets)
        if term.target is not None and term.target not in accepted:
            accepted.append(term.target)
        terms.append(
            {
                "entry": html_text(entry.source),
                "surface": html_text(term.match.surface),
                "start": _at(s_moved, term.match.start),
                "end": _at(s_moved, term.match.end),
                "accepted": [html_text(a) for a in accepted if a],
                "case_sensitive": entry.case_sensitive,
                "status": term.status,
            }
        )
    values = []
    for value in pair.values:
        expected = [value.expected] + ([value.rendering] if value.rendering else [])
        values.append(
            {
                "kind": value.kind,
                "surface": html_text(value.surface),
                "start": _at(s_moved, value.source_start),
                "end": _at(s_moved, value.source_end),
                "expected": [html_text(e) for e in dict.fromkeys(expected) if e],
                "status": value.status,
            }
        )
    record = pair_record(doc, pair)
    record.setdefault("alignment", [list(link) for link in pair.alignment])
    return {
        "id": html_text(pair.id),
        "xid": nmtoken(pair.id),
        "paragraph": pair.segment.paragraph,
        "source": source,
        "target": target,
        "terms": terms,
        "values": values,
        "links": _links(pair, s_moved, t_moved),
        "flags": list(pair.flags),
        "state": pair.state,
        "origin": pair.origin,
        "comment": html_text(pair.comment),
        "joined": [html_text(s.id) for s in pair.joined],
        "record": record,
    }


def signature(doc: TranslatedDocument) -> str:
    """A short hash of the translation: settings, ids, sources and targets.

    The time of the run is left out on purpose: translating the same article again with the same
    settings gives the same sentences, and the saved review still fits them. The hash is of the
    JSON list ``[settings, name, [[id, source, target], …]]``, fed to it pair by pair.
    """
    hasher = hashlib.sha256()
    opening = f"[{json.dumps(doc.provenance.signature())}, {json.dumps(doc.name)}, ["
    hasher.update(opening.encode("ascii"))
    for number, pair in enumerate(doc.pairs):
        item = json.dumps([pair.id, source_text(pair), pair.target])
        hasher.update(((", " if number else "") + item).encode("ascii"))
    hasher.update(b"]]")
    return hasher.hexdigest()[:16]


def _page_head(doc: TranslatedDocument) -> dict[str, Any]:
    """The document-level facts of the page data (everything but the pairs and the XLIFF)."""
    prov = doc.provenance
    return {
        "format": FORMAT_VERSION,
        "document": html_text(doc.name),
        "file_id": nmtoken(doc.name),
        "signature": signature(doc),
        "created": iso8601(prov.created),
        "source_locale": prov.source_locale,
        "target_locale": prov.target_locale,
        "alignment_available": any(p.alignment for p in doc.pairs),
    }


def page_data(doc: TranslatedDocument) -> dict[str, Any]:
    """Everything the review script reads, as a JSON-ready mapping."""
    return {
        **_page_head(doc),
        "pairs": [_pair_data(doc, pair) for pair in doc.pairs],
        "xliff": Xliff2Writer().render(doc).decode("utf-8"),
    }


def json_script_text(data: dict[str, Any]) -> str:
    """``data`` as JSON safe inside ``<script type="application/json">``.

    Text stays readable (UTF-8); ``<``, ``>`` and ``&`` are escaped so that no text can close the
    element, and so is every character HTML forbids (JSON escapes the C0 controls itself).
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return _UNSAFE_IN_SCRIPT.sub(_escape_char, text)


def write_page_data(doc: TranslatedDocument, write: Callable[[str], object]) -> None:
    """``json_script_text(page_data(doc))``, handed to ``write`` piece by piece.

    One pair's data at a time, and the XLIFF document as its writer streams it (escaped as a
    JSON string chunk by chunk), so that a big article's page data is never in memory whole.
    """
    head = json_script_text(_page_head(doc))
    write(head[:-1] + ',"pairs":[')
    for number, pair in enumerate(doc.pairs):
        write(("," if number else "") + json_script_text(_pair_data(doc, pair)))
    write('],"xliff":"')
    sink = _JsonStringSink(write)
    Xliff2Writer().write(doc, sink)
    sink.close()
    write('"}')


class _JsonStringSink:
    """A byte sink that passes UTF-8 text on as the inside of a script-safe JSON string."""

    def __init__(self, write: Callable[[str], object]) -> None:
        self._write = write
        self._decoder = codecs.getincrementaldecoder("utf-8")()

    def write(self, data: bytes) -> int:
        self._put(self._decoder.decode(data))
        return len(data)

    def close(self) -> None:
        self._put(self._decoder.decode(b"", final=True))

    def _put(self, text: str) -> None:
        if text:  # JSON escapes character by character, so chunks escape as the whole would
            quoted = json.dumps(text, ensure_ascii=False)[1:-1]
            self._write(_UNSAFE_IN_SCRIPT.sub(_escape_char, quoted))


def _escape_char(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    if html_text(char) == char:
        return char  # an ordinary astral character (an emoji, a CJK extension)
    high, low = divmod(code - 0x10000, 0x400)
    return f"\\u{0xD800 + high:04x}\\u{0xDC00 + low:04x}"


@cache
def asset(name: str) -> str:
    """The text of a packaged asset (``review.js``, ``review.css``), checked to be inlinable."""
    text = resources.files("translate.review").joinpath("assets", name).read_text("utf-8")
    lowered = text.lower()
    if "</script" in lowered or "</style" in lowered or "<!--" in lowered:
        raise ValueError(f"asset {name} cannot be inlined: it contains a closing tag or <!--")
    return text

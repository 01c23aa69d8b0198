"""The writer interface and the helpers every format shares.

A writer turns a :class:`~translate.document.TranslatedDocument` into the bytes of one file
format; it never touches the file system (the pipeline writes the bytes atomically). Every
format module also has a ``parse`` (Markdown: ``parse_paragraphs``) that reads its own output
back, so that the tests can prove a render → parse round trip loses nothing.

Characters that a format cannot carry are replaced in one documented way:

* XML 1.0 forbids the C0 controls other than TAB, LF and CR, the surrogates and U+FFFE/U+FFFF.
  TMX, XLIFF 1.2 and the HTML page replace each of them with U+FFFD (:func:`xml_text`);
  XLIFF 2.0 keeps them exactly as ``<cp hex="…"/>`` elements, as its core specification says.
* The HTML page also replaces the C1 controls (U+007F–U+009F) and the Unicode noncharacters,
  which HTML forbids, and turns CR LF / CR into LF, as every HTML parser does (:func:`html_text`).
* JSONL and Markdown keep every character.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Protocol, runtime_checkable

from lxml import etree

from translate.document import (
    AlignedPair,
    Provenance,
    TermResult,
    TranslatedDocument,
    ValueResult,
)
from translate.localize.locales import parse_locale

TOOL_ID = "dejour-translate"
"""The toolkit's name as it appears in every provenance stamp."""

REPLACEMENT = "\ufffd"

_XML_FORBIDDEN = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_HTML_FORBIDDEN = re.compile(
    "[^\t\n\x20-\x7e\xa0-\ud7ff\ue000-\ufdcf\ufdf0-\ufffd\U00010000-\U0010ffff]"
    "|[\U0001fffe\U0001ffff\U0002fffe\U0002ffff\U0003fffe\U0003ffff\U0004fffe\U0004ffff"
    "\U0005fffe\U0005ffff\U0006fffe\U0006ffff\U0007fffe\U0007ffff\U0008fffe\U0008ffff"
    "\U0009fffe\U0009ffff\U000afffe\U000affff\U000bfffe\U000bffff\U000cfffe\U000cffff"
    "\U000dfffe\U000dffff\U000efffe\U000effff\U000ffffe\U000fffff\U0010fffe\U0010ffff]"
)
_NMTOKEN_BAD = re.compile(r"[^A-Za-z0-9._\-]")


@dataclass(frozen=True)
class ParsedPair:
    """One sentence pair read back from a written file (for round-trip tests and tools)."""

    id: str
    source: str
    target: str
    paragraph: int | None = None
    """The paragraph index, where the format records it."""


class ByteSink(Protocol):
    """Where a streaming writer puts its bytes: an open binary file, a ``BytesIO``, an adapter."""

    def write(self, data: bytes, /) -> object: ...


@runtime_checkable
class Writer(Protocol):
    """Renders a translated document as the bytes of one file format."""

    name: str
    """The format key used on the command line (``md``, ``tmx``, ``xliff``, …)."""
    extension: str
    """What the output file name ends with, dot included (``.tmx``, ``.en.md``, …)."""

    def render(self, doc: TranslatedDocument) -> bytes:
        """The complete file content; pure, no file system access."""
        ...

    def write(self, doc: TranslatedDocument, stream: ByteSink) -> None:
        """The same bytes, written part by part into an open binary stream (no other file
        system access), so that a big article's output is never held whole in memory."""
        ...


class PartByPart:
    """Base of the writers that produce their file part by part: ``render`` is what ``write``
    puts into a buffer, so the two can never disagree."""

    def write(self, doc: TranslatedDocument, stream: ByteSink) -> None:
        raise NotImplementedError

    def render(self, doc: TranslatedDocument) -> bytes:
        buffer = io.BytesIO()
        self.write(doc, buffer)
        return buffer.getvalue()


# --- text that a format cannot carry ------------------------------------------------------


def xml_text(text: str) -> str:
    """``text`` with every character that XML 1.0 forbids replaced by U+FFFD."""
    return _XML_FORBIDDEN.sub(REPLACEMENT, text)


def is_xml_forbidden(char: str) -> bool:
    return _XML_FORBIDDEN.fullmatch(char) is not None


def split_xml_forbidden(text: str) -> list[str]:
    """``text`` cut into runs of allowed characters and single forbidden ones, in order."""
    pieces: list[str] = []
    pos = 0
    for found in _XML_FORBIDDEN.finditer(text):
        if found.start() > pos:
            pieces.append(text[pos : found.start()])
        pieces.append(found.group())
        pos = found.end()
    if pos < len(text):
        pieces.append(text[pos:])
    return pieces


def html_text(text: str) -> str:
    """``text`` as the HTML page shows it: line ends as LF, forbidden characters as U+FFFD."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _HTML_FORBIDDEN.sub(REPLACEMENT, text)


def nmtoken(value: str) -> str:
    """``value`` as an XML NMTOKEN (for ids): unchanged when valid, else cleaned and suffixed.

    The suffix is a short hash of the original, so two different ids never clean to one.
    """
    if value and not _NMTOKEN_BAD.search(value):
        return value
    digest = hashlib.sha1(value.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    cleaned = _NMTOKEN_BAD.sub("_", value) or "id"
    return f"{cleaned}-{digest}"


# --- dates and provenance -------------------------------------------------------------------


def as_utc(moment: datetime) -> datetime:
    """``moment`` in UTC; a naive datetime is taken to be UTC already."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def iso8601(moment: datetime) -> str:
    """ISO 8601 / xsd:dateTime in UTC, whole seconds: ``2024-05-01T12:30:00Z``."""
    return as_utc(moment).strftime("%Y-%m-%dT%H:%M:%SZ")


def tmx_date(moment: datetime) -> str:
    """The TMX 1.4b date format (ISO 8601 basic, UTC): ``20240501T123000Z``."""
    return as_utc(moment).strftime("%Y%m%dT%H%M%SZ")


def provenance_fields(prov: Provenance) -> list[tuple[str, str]]:
    """The provenance stamp as ordered ``(key, value)`` pairs; one ``glossary_file`` per file."""
    fields = [
        ("toolkit", TOOL_ID),
        ("toolkit_version", prov.toolkit_version),
        ("model_id", prov.model_id),
        ("model_revision", prov.model_revision),
        ("engine", prov.engine),
        ("precision", prov.precision),
        ("beam", str(prov.beam)),
        ("max_length_rule", prov.max_length_rule),
    ]
    fields += [("glossary_file", name) for name in prov.glossary_files]
    fields += [
        ("glossary_sha256", prov.glossary_sha256),
        ("segmenter_version", prov.segmenter_version),
        ("source_locale", prov.source_locale),
        ("target_locale", prov.target_locale),
        ("created", iso8601(prov.created)),
        ("signature", prov.signature()),
    ]
    return fields


def provenance_dict(prov: Provenance) -> dict[str, object]:
    """The provenance stamp as a JSON-ready mapping (glossary files as a list)."""
    return {
        "toolkit": TOOL_ID,
        "toolkit_version": prov.toolkit_version,
        "model_id": prov.model_id,
        "model_revision": prov.model_revision,
        "engine": prov.engine,
        "precision": prov.precision,
        "beam": prov.beam,
        "max_length_rule": prov.max_length_rule,
        "glossary_files": list(prov.glossary_files),
        "glossary_sha256": prov.glossary_sha256,
        "segmenter_version": prov.segmenter_version,
        "source_locale": prov.source_locale,
        "target_locale": prov.target_locale,
        "created": iso8601(prov.created),
        "signature": prov.signature(),
    }


def human_datetime(prov: Provenance) -> str:
    """When the document was made, as readers of the target locale write dates (UTC).

    Machine-readable fields keep ISO 8601; this is for the page and the stamp a person reads.
    """
    return parse_locale(prov.target_locale, language="en").format_datetime(as_utc(prov.created))


def provenance_line(prov: Provenance) -> str:
    """A one-line human-readable stamp: tool, version, time and the settings signature."""
    return (
        f"{TOOL_ID} {prov.toolkit_version} on {human_datetime(prov)} "
        f"({iso8601(prov.created)}): {prov.signature()}"
    )


# --- review state ----------------------------------------------------------------------------


def source_text(pair: AlignedPair) -> str:
    """The whole source a pair translates: its segment and any joined ones, one space apart."""
    if not pair.joined:
        return pair.segment.text
    return " ".join([pair.segment.text, *(s.text for s in pair.joined)])


SUBSTATE = {"human": "dejour:human", "mt-approved": "dejour:approved"}
"""XLIFF 2.0 ``subState`` per origin: edited by a person vs. approved as the model wrote it."""


def is_reviewed(pair: AlignedPair) -> bool:
    """Whether a reviewer has acted on the pair (state ``reviewed`` or ``final``)."""
    return pair.state in ("reviewed", "final")


# --- glossary report and flags ---------------------------------------------------------------


def describe_term(term: TermResult) -> str:
    """One line on what became of a glossary match, for notes and props."""
    match = term.match
    produced = term.target if term.target is not None else "(none)"
    origin = f", {match.entry.origin}" if match.entry.origin else ""
    return (
        f"{term.status}: {match.surface} [{match.start}:{match.end}] -> {produced} "
        f"(entry {match.entry.source}{origin})"
    )


def describe_value(value: ValueResult) -> str:
    """One line on what became of a date, time, number or amount, for notes and props."""
    where = f"{value.surface} [{value.source_start}:{value.source_end}] ({value.kind})"
    if value.rendering is not None:
        return f"{value.status}: {where} -> {value.rendering}"
    return f"{value.status}: {where}, expected like {value.expected}"


def span_ok(text: str, start: int | None, end: int | None) -> bool:
    """Whether ``start``/``end`` delimit a non-empty span inside ``text``."""
    return start is not None and end is not None and 0 <= start < end <= len(text)


# --- XML helpers -----------------------------------------------------------------------------


def append_text(parent: etree._Element, text: str) -> None:
    """Add ``text`` after the last child of ``parent`` (mixed content), or as its text."""
    if not text:
        return
    if len(parent):
        last = parent[-1]
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def indent(elem: etree._Element, keep: frozenset[str] = frozenset(), level: int = 0) -> None:
    """Pretty-print element-only content in place; never touch text or mixed content.

    Elements whose tag is in ``keep`` (text containers such as ``<source>``) are left as they
    are, so that indentation can never leak into the text a translator sees.
    """
    children = [child for child in elem if isinstance(child.tag, str)]
    if elem.tag in keep or not children:
        return
    if (elem.text and elem.text.strip()) or any(c.tail and c.tail.strip() for c in elem):
        return
    pad = "\n" + "  " * (level + 1)
    elem.text = pad
    for child in elem:
        indent(child, keep, level + 1)
        child.tail = pad
    elem[-1].tail = "\n" + "  " * level


# --- inline markup over spans ---------------------------------------------------------------


@dataclass
class Span:
    """A marked stretch ``[start, end)`` of a text, with what it marks in ``payload``."""

    start: int
    end: int
    payload: object
    children: list[Span] = field(default_factory=list)


def nest_spans(spans: Iterable[Span]) -> tuple[list[Span], list[Span]]:
    """Arrange spans as a properly nested forest; return ``(roots, crossing)``.

    Spans are taken by start (longest first); a span that overlaps an open one without fitting
    inside it cannot be nested and is returned in ``crossing`` (XLIFF 2.0 marks those with
    ``<sm/>``/``<em/>``; the HTML page lists them only in the notes).
    """
    roots: list[Span] = []
    crossing: list[Span] = []
    stack: list[Span] = []
    ordered = sorted(spans, key=lambda s: (s.start, -s.end))
    for span in ordered:
        span.children = []
        while stack and stack[-1].end <= span.start:
            stack.pop()
        if stack and span.end > stack[-1].end:
            crossing.append(span)
            continue
        (stack[-1].children if stack else roots).append(span)
        stack.append(span)
    return roots, crossing


def build_marked(
    parent: etree._Element,
    text: str,
    roots: Sequence[Span],
    put_text: Callable[[etree._Element, str], None],
    open_span: Callable[[etree._Element, Span], etree._Element],
    points: Sequence[tuple[int, Callable[[etree._Element], None]]] = (),
) -> None:
    """Write ``text`` into ``parent`` with an element around each nested span.

    ``open_span`` creates the wrapper for a span (as a child of the element given);
    ``put_text`` appends plain text; ``points`` are ``(offset, make)`` pairs that add an empty
    element at an offset (sorted by the caller; applied in that order).
    """
    pending = list(points)
    index = 0

    def emit(elem: etree._Element, start: int, end: int, inclusive: bool) -> None:
        nonlocal index
        pos = start
        while index < len(pending) and (
            pending[index][0] < end or (inclusive and pending[index][0] == end)
        ):
            offset, make = pending[index]
            put_text(elem, text[pos:offset])
            make(elem)
            pos = offset
            index += 1
        put_text(elem, text[pos:end])

    def walk(elem: etree._Element, start: int, end: int, children: list[Span], last: bool) -> None:
        pos = start
        for child in children:
            emit(elem, pos, child.start, False)
            walk(open_span(elem, child), child.start, child.end, child.children, False)
            pos = child.end
        emit(elem, pos, end, last)

    walk(parent, 0, len(text), list(roots), True)

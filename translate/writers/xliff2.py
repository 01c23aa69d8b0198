"""XLIFF 2.0 (OASIS Standard, 2014) with the Glossary and Metadata modules.

Layout::

    <xliff version="2.0" srcLang="de-DE" trgLang="en-US">     (--source/--target-locale)
      <file id="{document}" original="{path}">
        <mda:metadata>  provenance, one <mda:meta> per field
        <notes>         the provenance line
        <unit id="p{paragraph}">            one per paragraph
          <gls:glossary>                    one <gls:glossEntry> per glossary entry matched
          <mda:metadata>                    per match: segment, entry, span, status, target;
                                            per flagged segment: its quality flags
          <notes>                           enforced / missing terms, corrected / flagged
                                            values (category "values") and flags, readable;
                                            the reviewer's comment on a segment as
                                            <note category="comment" id="comment-{segment id}">
          <segment id="{segment id}" state="translated|initial|reviewed|final"
                   subState="dejour:human|dejour:approved">     one per sentence
            <source>… <mrk id="{seg}-m{k}" type="term" ref="#gls={seg}-g{k}">…</mrk> …</source>
            <target>… <mrk id="{seg}-m{k}" …>…</mrk> …</target>

An entry matched several times in a paragraph is described once (its candidates, definition and
origin do not change between matches), so the file grows with the matches' reports only, not
with copies of the glossary; its id is that of its first match.

Links between glossary and text go both ways, with XLIFF 2.0 fragment identifiers relative to
the unit: ``glossEntry/@ref="#{mrk id}"`` points at the first marked source span,
``gls:translation/@ref="#t={mrk id}"`` at the marked target span, and ``mrk/@ref="#gls={entry
id}"`` back at the entry. A target ``<mrk>`` carries the id of its source ``<mrk>``, as the core
specification wants for corresponding annotations. Matches that overlap another match without
nesting in it are marked with ``<sm/>``/``<em/>`` instead of ``<mrk>``.

A segment is ``state="translated"`` when its pair has no quality flag and ``initial`` (to be
looked at) when it has one; a reviewed pair keeps its ``reviewed``/``final`` state. ``subState``
says who wrote the target when a person was involved: ``dejour:human`` (edited, or a human
translation from the memory) or ``dejour:approved`` (the model's, approved as is). A merged pair
is one segment with the id of its first sentence whose ``<source>`` holds all its sentences
joined by one space. Characters XML cannot hold are written as ``<cp hex="…"/>``, so
source and target text round-trip exactly; module and note text uses U+FFFD instead (those
elements cannot hold ``<cp>``). A document without pairs gets one empty ``<group>``, as a
``<file>`` must not be empty.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import partial

from lxml import etree

from translate.document import AlignedPair, Provenance, TermResult, TranslatedDocument
from translate.writers.base import (
    SUBSTATE,
    ByteSink,
    ParsedPair,
    PartByPart,
    Span,
    append_text,
    build_marked,
    describe_term,
    describe_value,
    is_reviewed,
    is_xml_forbidden,
    nest_spans,
    nmtoken,
    provenance_fields,
    provenance_line,
    source_text,
    span_ok,
    split_xml_forbidden,
    xml_text,
)
from translate.writers.xmlstream import slot, stream_document

XLF_NS = "urn:oasis:names:tc:xliff:document:2.0"
GLS_NS = "urn:oasis:names:tc:xliff:glossary:2.0"
MDA_NS = "urn:oasis:names:tc:xliff:metadata:2.0"
NSMAP = {None: XLF_NS, "gls": GLS_NS, "mda": MDA_NS}
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def _x(tag: str) -> str:
    return f"{{{XLF_NS}}}{tag}"


def _gls(tag: str) -> str:
    return f"{{{GLS_NS}}}{tag}"


def _mda(tag: str) -> str:
    return f"{{{MDA_NS}}}{tag}"


class Xliff2Writer(PartByPart):
    """XLIFF 2.0: one unit per paragraph, one segment per sentence, glossary per unit."""

    name = "xliff"
    extension = ".xlf"

    def write(self, doc: TranslatedDocument, stream: ByteSink) -> None:
        """Write the file to ``stream`` one ``<unit>`` at a time (see :mod:`.xmlstream`)."""
        stream_document(stream, skeleton(doc), parts(doc), _serialize, keep=KEEP)


KEEP = frozenset({_x("source"), _x("target")})
"""Elements whose content is text: never indented."""


def _serialize(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"


def skeleton(doc: TranslatedDocument) -> etree._Element:
    """The document without its units: root, ``<file>`` with the provenance, and a slot."""
    prov = doc.provenance
    root = etree.Element(
        _x("xliff"),
        nsmap=NSMAP,  # type: ignore[arg-type]
        version="2.0",
        srcLang=prov.source_locale,
        trgLang=prov.target_locale,
    )
    file = etree.SubElement(
        root,
        _x("file"),
        id=nmtoken(doc.name),
        original=xml_text(doc.source.path or doc.name),
    )
    _provenance(file, prov)
    if not doc.pairs:  # a <file> must not be empty
        etree.SubElement(file, _x("group"), id="empty", name="no translated segments")
    slot(file)
    return root


def parts(doc: TranslatedDocument) -> Iterator[etree._Element]:
    """One detached ``<unit>`` per paragraph, made as they are asked for."""
    for index, pairs in doc.paragraphs():
        yield _unit(index, pairs)


def _provenance(file: etree._Element, prov: Provenance) -> None:
    metadata = etree.SubElement(file, _mda("metadata"), id="provenance")
    group = etree.SubElement(metadata, _mda("metaGroup"), category="provenance")
    for key, value in provenance_fields(prov):
        etree.SubElement(group, _mda("meta"), type=key).text = xml_text(value)
    notes = etree.SubElement(file, _x("notes"))
    etree.SubElement(notes, _x("note"), category="provenance").text = xml_text(
        provenance_line(prov)
    )


class _Term:
    """One glossary match of a unit, with the ids it is written under."""

    def __init__(self, pair: AlignedPair, k: int, term: TermResult) -> None:
        self.pair = pair
        self.term = term
        seg = nmtoken(pair.id)
        self.match_id = f"{seg}-g{k}"
        self.entry_id = self.match_id
        """The id of the glossEntry describing this match's entry (the first match's id)."""
        self.mark_id = f"{seg}-m{k}"
        match = term.match
        text = source_text(pair)
        self.in_source = (
            span_ok(text, match.start, match.end) and text[match.start : match.end] == match.surface
        )
        target_text = pair.target
        self.in_target = (
            self.in_source
            and term.target is not None
            and span_ok(target_text, term.target_start, term.target_end)
            and target_text[term.target_start : term.target_end] == term.target
        )


def _unit(index: int, pairs: list[AlignedPair]) -> etree._Element:
    unit = etree.Element(
        _x("unit"),
        nsmap=NSMAP,  # type: ignore[arg-type]
        id=f"p{index}",
        name=f"paragraph {index}",
    )
    terms = [_Term(pair, k, term) for pair in pairs for k, term in enumerate(pair.terms)]
    if terms:
        _glossary(unit, _share_entries(terms))
    _unit_metadata(unit, pairs, terms)
    _unit_notes(unit, pairs)
    by_pair: dict[int, list[_Term]] = {}
    for item in terms:
        by_pair.setdefault(id(item.pair), []).append(item)
    for pair in pairs:
        own = by_pair.get(id(pair), [])
        segment = etree.SubElement(
            unit,
            _x("segment"),
            id=nmtoken(pair.id),
            state=_state(pair),
        )
        if pair.origin in SUBSTATE:
            segment.set("subState", SUBSTATE[pair.origin])
        source = etree.SubElement(segment, _x("source"))
        source.set(XML_SPACE, "preserve")
        _marked_text(
            source,
            source_text(pair),
            [Span(t.term.match.start, t.term.match.end, t) for t in own if t.in_source],
        )
        target = etree.SubElement(segment, _x("target"))
        target.set(XML_SPACE, "preserve")
        _marked_text(
            target,
            pair.target,
            [Span(t.term.target_start or 0, t.term.target_end or 0, t) for t in own if t.in_target],
        )
    return unit


def _share_entries(terms: list[_Term]) -> list[list[_Term]]:
    """The unit's matches grouped by glossary entry, in first-match order; every match then
    points at its group's first id."""
    groups: dict[tuple[object, ...], list[_Term]] = {}
    for item in terms:
        entry = item.term.match.entry
        key = (entry.source, entry.origin, tuple(entry.targets), entry.note)
        group = groups.setdefault(key, [])
        if group:
            item.entry_id = group[0].entry_id
        group.append(item)
    return list(groups.values())


def _glossary(unit: etree._Element, groups: list[list[_Term]]) -> None:
    glossary = etree.SubElement(unit, _gls("glossary"))
    for group in groups:
        first = group[0]
        entry = first.term.match.entry
        gloss = etree.SubElement(glossary, _gls("glossEntry"), id=first.entry_id)
        marked = next((item for item in group if item.in_source), None)
        if marked is not None:
            gloss.set("ref", f"#{marked.mark_id}")
        term = etree.SubElement(gloss, _gls("term"))
        term.text = xml_text(entry.source)
        if entry.origin:
            term.set("source", xml_text(entry.origin))
        candidates = list(entry.targets)
        for item in group:
            produced = item.term.target
            if produced is not None and produced not in candidates:
                candidates.append(produced)
        for candidate in candidates:
            translation = etree.SubElement(gloss, _gls("translation"))
            translation.text = xml_text(candidate)
            shown = next((i for i in group if i.in_target and i.term.target == candidate), None)
            if shown is not None:
                translation.set("ref", f"#t={shown.mark_id}")
        if entry.note:
            etree.SubElement(gloss, _gls("definition")).text = xml_text(entry.note)


def _unit_metadata(unit: etree._Element, pairs: list[AlignedPair], terms: list[_Term]) -> None:
    flagged = [pair for pair in pairs if pair.flags]
    if not terms and not flagged:
        return
    metadata = etree.SubElement(unit, _mda("metadata"))
    for item in terms:
        group = etree.SubElement(
            metadata,
            _mda("metaGroup"),
            id=f"{item.match_id}-report",
            category="glossary",
            appliesTo="target",
        )
        match = item.term.match
        fields = [  # the entry's origin is on its glossEntry, once
            ("segment", item.pair.id),
            ("glossEntry", item.entry_id),
            ("entry", match.entry.source),
            ("surface", match.surface),
            ("start", str(match.start)),
            ("end", str(match.end)),
            ("status", item.term.status),
            ("target", item.term.target),
        ]
        for key, value in fields:
            if value:
                etree.SubElement(group, _mda("meta"), type=key).text = xml_text(value)
    for pair in flagged:
        group = etree.SubElement(
            metadata,
            _mda("metaGroup"),
            id=f"{nmtoken(pair.id)}-flags",
            category="quality-flags",
            appliesTo="target",
        )
        etree.SubElement(group, _mda("meta"), type="segment").text = xml_text(pair.id)
        for flag in pair.flags:
            etree.SubElement(group, _mda("meta"), type="flag").text = xml_text(flag)


def _unit_notes(unit: etree._Element, pairs: list[AlignedPair]) -> None:
    lines: list[tuple[str, str]] = []
    for pair in pairs:
        for term in pair.terms:
            if term.status != "model":
                lines.append(("terminology", f"{pair.id}: {describe_term(term)}"))
        for value in pair.values:
            if value.status != "model":
                lines.append(("values", f"{pair.id}: {describe_value(value)}"))
        if pair.flags:
            lines.append(("quality", f"{pair.id}: flagged {', '.join(pair.flags)}"))
    comments = [pair for pair in pairs if pair.comment]
    if not lines and not comments:
        return
    notes = etree.SubElement(unit, _x("notes"))
    for category, text in lines:
        note = etree.SubElement(notes, _x("note"), category=category, appliesTo="target")
        note.text = xml_text(text)
    for pair in comments:
        note = etree.SubElement(
            notes,
            _x("note"),
            id=f"comment-{nmtoken(pair.id)}",
            category="comment",
            appliesTo="target",
        )
        note.text = xml_text(pair.comment)


def _state(pair: AlignedPair) -> str:
    if is_reviewed(pair):
        return pair.state
    return "initial" if pair.flags else "translated"


def _put_text(elem: etree._Element, text: str) -> None:
    for piece in split_xml_forbidden(text):
        if is_xml_forbidden(piece):
            etree.SubElement(elem, _x("cp"), hex=f"{ord(piece):04X}")
        else:
            append_text(elem, piece)


def _marked_text(elem: etree._Element, text: str, spans: list[Span]) -> None:
    roots, crossing = nest_spans(spans)

    def open_mark(parent: etree._Element, span: Span) -> etree._Element:
        item = span.payload
        assert isinstance(item, _Term)
        return etree.SubElement(
            parent, _x("mrk"), id=item.mark_id, type="term", ref=f"#gls={item.entry_id}"
        )

    def start_marker(item: _Term, parent: etree._Element) -> None:
        etree.SubElement(
            parent, _x("sm"), id=item.mark_id, type="term", ref=f"#gls={item.entry_id}"
        )

    def end_marker(item: _Term, parent: etree._Element) -> None:
        etree.SubElement(parent, _x("em"), startRef=item.mark_id)

    points: list[tuple[int, int, Callable[[etree._Element], None]]] = []
    for span in crossing:
        item = span.payload
        assert isinstance(item, _Term)
        points.append((span.start, 1, partial(start_marker, item)))
        points.append((span.end, 0, partial(end_marker, item)))
    points.sort(key=lambda p: (p[0], p[1]))
    build_marked(
        elem, text, roots, _put_text, open_mark, [(offset, make) for offset, _, make in points]
    )


# --- reading back -----------------------------------------------------------------------------

_UNIT_ID = re.compile(r"p(\d+)")
_TEXT_CONTAINERS = {_x("mrk"), _x("pc")}


def _plain(elem: etree._Element | None) -> str:
    """The text of ``<source>``/``<target>``: mixed content flattened, ``<cp>`` decoded."""
    if elem is None:
        return ""
    parts = [elem.text or ""]
    for child in elem:
        if child.tag == _x("cp"):
            parts.append(chr(int(child.get("hex", "FFFD"), 16)))
        elif child.tag in _TEXT_CONTAINERS:
            parts.append(_plain(child))
        parts.append(child.tail or "")
    return "".join(parts)


def parse(data: bytes) -> list[ParsedPair]:
    """The sentence pairs of an XLIFF 2.0 file, in document order."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    root = etree.fromstring(data, parser)
    pairs: list[ParsedPair] = []
    for unit in root.iter(_x("unit")):
        found = _UNIT_ID.fullmatch(unit.get("id", ""))
        paragraph = int(found.group(1)) if found else None
        for segment in unit.iter(_x("segment")):
            pairs.append(
                ParsedPair(
                    id=segment.get("id", ""),
                    source=_plain(segment.find(_x("source"))),
                    target=_plain(segment.find(_x("target"))),
                    paragraph=paragraph,
                )
            )
    return pairs

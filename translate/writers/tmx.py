"""TMX 1.4b: a translation memory with one ``<tu>`` per sentence pair.

Layout::

    <!DOCTYPE tmx SYSTEM "tmx14.dtd">
    <tmx version="1.4">
      <header creationtool="dejour-translate" creationtoolversion="…" segtype="sentence"
              o-tmf="dejour-translate" adminlang="en-US" srclang="de-DE" datatype="plaintext"
              creationdate="YYYYMMDDThhmmssZ">
        <prop type="x-model_id">…</prop> …            one prop per provenance field
        <note>{provenance line}</note>
      </header>
      <body>
        <tu tuid="{segment id}" creationdate="…">
          <prop type="x-paragraph">0</prop>  <prop type="x-sentence">1</prop>
          <prop type="x-term">{status}: {surface} [start:end] -> {target} (entry …)</prop> …
          <prop type="x-flag">length-ratio</prop> …
          <prop type="x-origin">mt|mt-approved|human</prop>
          <prop type="x-state">translated|reviewed|final</prop>
          <prop type="x-comment">…</prop>  <prop type="x-joined">{merged segment id}</prop> …
          <note>…</note>                                enforced / missing terms, flags
          <tuv xml:lang="de-DE"><seg>…</seg></tuv>
          <tuv xml:lang="en-US"><seg>…</seg></tuv>

A merged pair's source ``<seg>`` is the text of all its segments joined by one space.
Segments are plain text (no inline markup). TMX cannot hold the characters XML 1.0 forbids;
they are written as U+FFFD (see :func:`translate.writers.base.xml_text`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from lxml import etree

from translate import __version__
from translate.document import AlignedPair, TranslatedDocument
from translate.writers.base import (
    TOOL_ID,
    ByteSink,
    ParsedPair,
    PartByPart,
    describe_term,
    indent,
    provenance_fields,
    provenance_line,
    source_text,
    tmx_date,
    xml_text,
)
from translate.writers.xmlstream import slot, stream_document

if TYPE_CHECKING:
    from translate.memory_human import HumanTranslation

DOCTYPE = '<!DOCTYPE tmx SYSTEM "tmx14.dtd">'
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


class TmxWriter(PartByPart):
    """TMX 1.4b, valid against the LISA DTD."""

    name = "tmx"
    extension = ".tmx"

    def write(self, doc: TranslatedDocument, stream: ByteSink) -> None:
        """Write the file to ``stream`` one ``<tu>`` at a time (see :mod:`.xmlstream`)."""
        stream_document(stream, skeleton(doc), parts(doc), _serialize, keep=KEEP)


KEEP = frozenset({"seg"})
"""Elements whose content is text: never indented."""


def _serialize(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", doctype=DOCTYPE) + b"\n"


def skeleton(doc: TranslatedDocument) -> etree._Element:
    """The document without its ``<tu>``s: header, provenance and a slot in ``<body>``."""
    prov = doc.provenance
    root = etree.Element("tmx", version="1.4")
    header = etree.SubElement(
        root,
        "header",
        creationtool=TOOL_ID,
        creationtoolversion=xml_text(prov.toolkit_version),
        segtype="sentence",
        adminlang=prov.target_locale,
        srclang=prov.source_locale,
        datatype="plaintext",
        creationdate=tmx_date(prov.created),
    )
    header.set("o-tmf", TOOL_ID)
    header.set("o-encoding", "UTF-8")
    for key, value in provenance_fields(prov):
        etree.SubElement(header, "prop", type=f"x-{key}").text = xml_text(value)
    etree.SubElement(header, "prop", type="x-document").text = xml_text(doc.name)
    etree.SubElement(header, "note").text = xml_text(provenance_line(prov))
    slot(etree.SubElement(root, "body"))
    return root


def parts(doc: TranslatedDocument) -> Iterator[etree._Element]:
    """One detached ``<tu>`` per sentence pair, made as they are asked for."""
    prov = doc.provenance
    created = tmx_date(prov.created)
    for pair in doc.pairs:
        yield _tu(pair, created, prov.source_locale, prov.target_locale)


def _tu(pair: AlignedPair, created: str, src: str, trg: str) -> etree._Element:
    tu = etree.Element("tu", tuid=xml_text(pair.id), creationdate=created, srclang=src)
    etree.SubElement(tu, "prop", type="x-paragraph").text = str(pair.segment.paragraph)
    etree.SubElement(tu, "prop", type="x-sentence").text = str(pair.segment.index)
    for term in pair.terms:
        etree.SubElement(tu, "prop", type="x-term").text = xml_text(describe_term(term))
    for flag in pair.flags:
        etree.SubElement(tu, "prop", type="x-flag").text = xml_text(flag)
    etree.SubElement(tu, "prop", type="x-origin").text = pair.origin
    etree.SubElement(tu, "prop", type="x-state").text = pair.state
    if pair.comment:
        etree.SubElement(tu, "prop", type="x-comment").text = xml_text(pair.comment)
    for joined in pair.joined:
        etree.SubElement(tu, "prop", type="x-joined").text = xml_text(joined.id)
    note = attention_note(pair)
    if note:
        etree.SubElement(tu, "note").text = xml_text(note)
    for lang, text in ((src, source_text(pair)), (trg, pair.target)):
        tuv = etree.SubElement(tu, "tuv")
        tuv.set(XML_LANG, lang)
        etree.SubElement(tuv, "seg").text = xml_text(text)
    return tu


def attention_note(pair: AlignedPair) -> str:
    """The ``<note>`` written for a pair: terms enforced or missing and flags ("" if none).

    A reader of a CAT tool's TMX uses it to tell the translator's own notes from ours.
    """
    attention = [describe_term(t) for t in pair.terms if t.status != "model"]
    if pair.flags:
        attention.append(f"flagged: {', '.join(pair.flags)}")
    return "; ".join(attention)


def parse(data: bytes) -> list[ParsedPair]:
    """The sentence pairs of a TMX file (first two variants of each ``<tu>``), in order."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    root = etree.fromstring(data, parser)
    srclang = root.find("header").get("srclang", "") if root.find("header") is not None else ""
    pairs: list[ParsedPair] = []
    for tu in root.iter("tu"):
        source = target = ""
        for tuv in tu.findall("tuv"):
            seg = tuv.find("seg")
            text = "".join(seg.itertext()) if seg is not None else ""
            if tuv.get(XML_LANG, "").lower() == srclang.lower():
                source = text
            else:
                target = text
        paragraph = None
        for prop in tu.findall("prop"):
            if prop.get("type") == "x-paragraph" and (prop.text or "").isdigit():
                paragraph = int(prop.text or "")
        pairs.append(ParsedPair(tu.get("tuid", ""), source, target, paragraph))
    return pairs


def render_human_tmx(pairs: Sequence[HumanTranslation], created: datetime | None = None) -> bytes:
    """The memory's human translations as TMX 1.4b (``translate memory export``).

    One ``<tu>`` per pair with its locales as stored, ``x-origin``/``x-state``/``x-document``
    props and the time it was stored as ``creationdate``; the header's ``srclang`` is the
    pairs' source locale (``*all*`` when they differ), as CAT tools expect.
    """
    moment = created or datetime.now(timezone.utc)
    sources = {p.source_locale for p in pairs}
    root = etree.Element("tmx", version="1.4")
    header = etree.SubElement(
        root,
        "header",
        creationtool=TOOL_ID,
        creationtoolversion=xml_text(__version__),
        segtype="sentence",
        adminlang="en-US",
        srclang=sources.pop() if len(sources) == 1 else "*all*",
        datatype="plaintext",
        creationdate=tmx_date(moment),
    )
    header.set("o-tmf", TOOL_ID)
    header.set("o-encoding", "UTF-8")
    etree.SubElement(header, "note").text = "human translations from dejour-translate reviews"
    body = etree.SubElement(root, "body")
    for pair in pairs:
        stamp = tmx_date(datetime.fromtimestamp(pair.created or moment.timestamp(), timezone.utc))
        tu = etree.SubElement(body, "tu", creationdate=stamp, srclang=pair.source_locale)
        for key, value in (
            ("x-origin", pair.origin),
            ("x-state", pair.state),
            ("x-document", pair.document),
        ):
            etree.SubElement(tu, "prop", type=key).text = xml_text(value)
        for lang, text in ((pair.source_locale, pair.source), (pair.target_locale, pair.target)):
            tuv = etree.SubElement(tu, "tuv")
            tuv.set(XML_LANG, lang)
            etree.SubElement(tuv, "seg").text = xml_text(text)
    indent(root, keep=KEEP)
    return _serialize(root)

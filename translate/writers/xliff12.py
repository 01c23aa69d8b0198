"""XLIFF 1.2 (strict schema), for CAT tools that do not read XLIFF 2.0 yet.

Layout::

    <xliff version="1.2">
      <file original="{path}" source-language="de-DE" target-language="en-US"
            datatype="plaintext" tool-id="dejour-translate" date="{ISO 8601}">
        <header>
          <tool tool-id="dejour-translate" tool-name="dejour-translate" tool-version="…"/>
          <note from="dejour-translate">{key}: {value}</note> …    one per provenance field
        </header>
        <body>
          <group id="p{paragraph}" resname="paragraph-{paragraph}">     one per paragraph
            <trans-unit id="{segment id}" xml:space="preserve">        one per sentence
              <source xml:lang="de-DE">…</source>
              <target xml:lang="en-US" state="translated" state-qualifier="mt-suggestion">…</target>
              <note annotates="source" from="glossary">{term report}</note> …  one per match
              <note annotates="target" from="values">{value report}</note> …  one per value
              <note annotates="target" from="quality" priority="2">flagged: …</note>
              <note annotates="target" from="reviewer">{the reviewer's comment}</note>

A pair with quality flags gets ``state="needs-review-translation"``, one a reviewer sent back
(flag ``needs-translation``) ``state="needs-translation"``. A reviewed pair gets
``approved="yes"`` on its ``<trans-unit>`` and ``state="signed-off"`` (``final`` when final);
``state-qualifier="mt-suggestion"`` stays only on targets the model wrote (``mt``,
``mt-approved``), never on a person's. A merged pair's ``<source>`` is the text of all its
segments joined by one space. Text is plain (no inline
markup); characters XML 1.0 forbids are written as U+FFFD (see
:func:`translate.writers.base.xml_text`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import etree

from translate.document import AlignedPair, TranslatedDocument
from translate.writers.base import (
    TOOL_ID,
    ByteSink,
    ParsedPair,
    PartByPart,
    describe_term,
    describe_value,
    is_reviewed,
    iso8601,
    provenance_fields,
    source_text,
    xml_text,
)
from translate.writers.xmlstream import slot, stream_document

XLF_NS = "urn:oasis:names:tc:xliff:document:1.2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def _x(tag: str) -> str:
    return f"{{{XLF_NS}}}{tag}"


class Xliff12Writer(PartByPart):
    """XLIFF 1.2, valid against ``xliff-core-1.2-strict.xsd``."""

    name = "xliff12"
    extension = ".xliff12.xlf"

    def write(self, doc: TranslatedDocument, stream: ByteSink) -> None:
        """Write the file to ``stream`` one paragraph ``<group>`` at a time (:mod:`.xmlstream`)."""
        stream_document(stream, skeleton(doc), parts(doc), _serialize, keep=KEEP)


KEEP = frozenset({_x("trans-unit"), _x("note")})
"""Elements never indented (a trans-unit preserves its whitespace)."""


def _serialize(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"


def skeleton(doc: TranslatedDocument) -> etree._Element:
    """The document without its groups: ``<file>``, ``<header>`` and a slot in ``<body>``."""
    prov = doc.provenance
    root = etree.Element(_x("xliff"), nsmap={None: XLF_NS}, version="1.2")
    file = etree.SubElement(
        root,
        _x("file"),
        {
            "original": xml_text(doc.source.path or doc.name),
            "source-language": prov.source_locale,
            "target-language": prov.target_locale,
            "datatype": "plaintext",
            "tool-id": TOOL_ID,
            "date": iso8601(prov.created),
        },
    )
    header = etree.SubElement(file, _x("header"))
    etree.SubElement(
        header,
        _x("tool"),
        {
            "tool-id": TOOL_ID,
            "tool-name": TOOL_ID,
            "tool-version": xml_text(prov.toolkit_version),
        },
    )
    for key, value in provenance_fields(prov):
        note = etree.SubElement(header, _x("note"), {"from": TOOL_ID})
        note.text = xml_text(f"{key}: {value}")
    slot(etree.SubElement(file, _x("body")))
    return root


def parts(doc: TranslatedDocument) -> Iterator[etree._Element]:
    """One detached paragraph ``<group>`` at a time, made as they are asked for."""
    prov = doc.provenance
    for index, pairs in doc.paragraphs():
        group = etree.Element(
            _x("group"), nsmap={None: XLF_NS}, id=f"p{index}", resname=f"paragraph-{index}"
        )
        for pair in pairs:
            _trans_unit(group, pair, prov.source_locale, prov.target_locale)
        yield group


def _trans_unit(group: etree._Element, pair: AlignedPair, src: str, trg: str) -> None:
    unit = etree.SubElement(group, _x("trans-unit"), id=xml_text(pair.id))
    if is_reviewed(pair):
        unit.set("approved", "yes")
    unit.set(XML_SPACE, "preserve")
    source = etree.SubElement(unit, _x("source"))
    source.set(XML_LANG, src)
    source.text = xml_text(source_text(pair))
    target = etree.SubElement(unit, _x("target"), state=_state(pair))
    if pair.origin != "human":
        target.set("state-qualifier", "mt-suggestion")
    target.set(XML_LANG, trg)
    target.text = xml_text(pair.target)
    for term in pair.terms:
        note = etree.SubElement(unit, _x("note"), {"from": "glossary", "annotates": "source"})
        if term.status != "model":
            note.set("priority", "2")
        note.text = xml_text(describe_term(term))
    for value in pair.values:
        note = etree.SubElement(unit, _x("note"), {"from": "values", "annotates": "target"})
        if value.status in ("missing", "german-format"):
            note.set("priority", "2")
        note.text = xml_text(describe_value(value))
    if pair.flags:
        note = etree.SubElement(
            unit, _x("note"), {"from": "quality", "annotates": "target", "priority": "2"}
        )
        note.text = xml_text(f"flagged: {', '.join(pair.flags)}")
    if pair.comment:
        note = etree.SubElement(unit, _x("note"), {"from": "reviewer", "annotates": "target"})
        note.text = xml_text(pair.comment)


def _state(pair: AlignedPair) -> str:
    if pair.state == "final":
        return "final"
    if pair.state == "reviewed":
        return "signed-off"
    if "needs-translation" in pair.flags:  # a reviewer sent it back (translate apply)
        return "needs-translation"
    return "needs-review-translation" if pair.flags else "translated"


_GROUP_ID = re.compile(r"p(\d+)")


def parse(data: bytes) -> list[ParsedPair]:
    """The sentence pairs of an XLIFF 1.2 file, in document order."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    root = etree.fromstring(data, parser)
    pairs: list[ParsedPair] = []
    for unit in root.iter(_x("trans-unit")):
        parent = unit.getparent()
        found = None
        if parent is not None and parent.tag == _x("group"):
            found = _GROUP_ID.fullmatch(parent.get("id", ""))
        source = unit.find(_x("source"))
        target = unit.find(_x("target"))
        pairs.append(
            ParsedPair(
                id=unit.get("id", ""),
                source="".join(source.itertext()) if source is not None else "",
                target="".join(target.itertext()) if target is not None else "",
                paragraph=int(found.group(1)) if found else None,
            )
        )
    return pairs

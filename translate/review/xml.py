"""Reading reviewed XML files safely: parse errors and foreign files become one-line errors.

CAT tools write XLIFF and TMX in many dialects; what they share is XML. The parser never
fetches anything (no network, no external DTD) and expands only entities the file declares
itself, so a TMX with ``<!ENTITY nbsp "&#160;">`` reads as the tool meant it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from lxml import etree

from translate.errors import ReviewError

INLINE_CODE = frozenset({"bpt", "ept", "ph", "it", "ut", "bx", "ex", "x", "sc", "ec", "sm", "em"})
"""Inline elements that hold (or stand for) native codes, not text: their content is skipped."""


_ENTITY = re.compile(r"Entity '([^']+)' not defined")


def parse_xml(path: str, data: bytes) -> etree._Element:
    """The root element of ``data``; ReviewError naming the line for anything not well-formed."""
    if not data.strip():
        raise ReviewError(f"{path}: the file is empty: export the reviewed file again")
    parser = etree.XMLParser(
        resolve_entities="internal", no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        line = exc.lineno or 1
        reason = str(exc.msg).split(",")[0].strip() or "not well-formed"
        entity = _ENTITY.match(reason)
        if entity is not None:
            raise ReviewError(
                f"{path}: line {line}: the entity &{entity.group(1)}; is not defined in XML "
                "(an HTML name?): write the character itself or its number (&#160; for a "
                "no-break space) and apply again"
            ) from None
        raise ReviewError(
            f"{path}: line {line}: not well-formed XML ({reason}); the file may be truncated: "
            "export it again"
        ) from None


def local(elem: etree._Element) -> str:
    """An element's tag without its namespace ('' for comments and processing instructions)."""
    tag = elem.tag
    if not isinstance(tag, str):
        return ""
    return etree.QName(tag).localname


def children(elem: etree._Element, name: str) -> list[etree._Element]:
    """The child elements called ``name`` (any namespace)."""
    return [child for child in elem if local(child) == name]


def child(elem: etree._Element, name: str) -> etree._Element | None:
    found = children(elem, name)
    return found[0] if found else None


def descendants(elem: etree._Element, name: str) -> Iterable[etree._Element]:
    return (e for e in elem.iter() if local(e) == name)


def inline_text(elem: etree._Element | None) -> str:
    """The text of a segment: mixed content flattened, native codes left out, ``<cp>`` decoded.

    ``<g>``, ``<mrk>``, ``<pc>``, ``<hi>`` and the like keep their text; ``<bpt>``, ``<ph>``,
    ``<x/>`` … are codes, not text (the tail after them is text).
    """
    if elem is None:
        return ""
    parts = [elem.text or ""]
    for item in elem:
        name = local(item)
        if name == "cp":
            try:
                parts.append(chr(int(item.get("hex", "FFFD"), 16)))
            except ValueError:
                parts.append("\ufffd")
        elif name and name not in INLINE_CODE:
            parts.append(inline_text(item))
        parts.append(item.tail or "")
    return "".join(parts)


def where(elem: etree._Element, what: str) -> str:
    """``line N (what)``: how messages name an element of a reviewed file."""
    line = elem.sourceline
    return f"line {line} ({what})" if line else what

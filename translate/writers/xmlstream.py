"""Write an XML document part by part, so that its whole tree is never in memory at once.

The XML writers and the review page build a small *skeleton* (root, header, provenance) with a
placeholder where the repeated elements go (``<tu>``, ``<unit>``, ``<group>``, ``<tbody>``), then
write one repeated element at a time; each
is pretty-printed and serialized by lxml, written, and dropped. The bytes are exactly those of the
whole tree indented by :func:`translate.writers.base.indent` and serialized at once (tested), so
peak memory is the skeleton plus the largest paragraph, not the document.

lxml's own incremental writer (``etree.xmlfile``) re-declares the namespaces of the enclosing
elements on every element written with ``write()``, which would change the output; here each part
is serialized as a root that carries the document's namespace map itself, and exactly those
declarations — checked to be there — are dropped from its start tag, since the document's root
declares them already.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import chain

from lxml import etree

from translate.writers.base import ByteSink, indent

SLOT = "dejour-parts-go-here"
"""The local name of the placeholder element in a skeleton."""

_MARKERS = (f"<{SLOT}/>".encode("ascii"), f"<{SLOT}></{SLOT}>".encode("ascii"))
"""The slot as XML and as HTML serialize it (markup never occurs in escaped text)."""


def slot(parent: etree._Element) -> etree._Element:
    """Add the placeholder for the repeated parts as the last child of ``parent``."""
    namespace = etree.QName(parent).namespace
    return etree.SubElement(parent, f"{{{namespace}}}{SLOT}" if namespace else SLOT)


def stream_document(
    stream: ByteSink,
    skeleton: etree._Element,
    parts: Iterable[etree._Element],
    serialize: Callable[[etree._Element], bytes],
    keep: frozenset[str] = frozenset(),
    *,
    serialize_part: Callable[[etree._Element], bytes] | None = None,
    finish: Callable[[bytes], None] | None = None,
) -> None:
    """Write ``skeleton`` with ``parts`` in place of its :func:`slot`, indented as one tree.

    ``serialize`` turns the indented skeleton into the document's bytes (declaration, doctype and
    the final newline included); ``parts`` are detached elements that carry the root's namespace
    map (``nsmap=``), made one at a time as the iterator is consumed. ``serialize_part`` turns an
    indented part into bytes (default: XML without the root's namespace declarations);
    ``finish`` writes what follows the parts (default: as it is; the HTML page streams its data
    block into it).
    """
    to_bytes = serialize_part or _without_root_namespaces
    tail = finish or stream.write
    holder = next(skeleton.iter(f"{{*}}{SLOT}", SLOT))
    parent = holder.getparent()
    if parent is None or holder is not parent[-1]:
        raise RuntimeError("a skeleton's slot must be the last child of its parent")
    level = sum(1 for _ in holder.iterancestors())
    pending: Iterator[etree._Element] = iter(parts)
    first = next(pending, None)
    if first is None:  # no part: the document is the skeleton alone (an empty parent stays <x/>)
        parent.remove(holder)
        indent(skeleton, keep)
        tail(serialize(skeleton))
        return
    indent(skeleton, keep)
    data = serialize(skeleton)
    for marker in _MARKERS:  # the slot is in its parent's unprefixed namespace
        head, found, foot = data.partition(marker)
        if found:
            break
    if not found:
        raise RuntimeError("the slot is missing from the serialized skeleton")
    del data
    stream.write(head)
    between = ("\n" + "  " * level).encode("ascii")
    for number, part in enumerate(chain([first], pending)):
        if number:
            stream.write(between)
        indent(part, keep, level)
        stream.write(to_bytes(part))
    tail(foot)


def _without_root_namespaces(part: etree._Element) -> bytes:
    """``part`` serialized without the namespace declarations the document's root already has."""
    data = etree.tostring(part, encoding="UTF-8", xml_declaration=False, with_tail=False)
    if not part.nsmap:
        return data
    bare = etree.tostring(etree.Element(part.tag, nsmap=part.nsmap))  # <name xmlns…/>
    name = bare[: bare.index(b" ")]
    declarations = bare[len(name) : -2]
    if not data.startswith(name + declarations):
        raise RuntimeError(f"{name.decode()}: the namespace declarations are not where expected")
    return name + data[len(name) + len(declarations) :]

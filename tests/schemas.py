"""Validate TMX, XLIFF 1.2 and XLIFF 2.0 against the official schemas shipped with the tests.

The schemas live in ``tests/data/schemas/`` (see its README for their source and notices), so
validation needs nothing beside a plain clone and never the network. Any test can use them::

    from schemas import assert_valid_tmx, assert_valid_xliff12, assert_valid_xliff20

    assert_valid_tmx(path_or_bytes)            # TMX 1.4b DTD
    assert_valid_xliff12(data)                 # XLIFF 1.2 strict (transitional=True for the other)
    modules = assert_valid_xliff20(data)       # XLIFF 2.0 core + every module it uses
    assert "gls" in modules                    # which module schemas were applied

A document is a path, bytes, an XML string, or an lxml element/tree. Each function raises
``AssertionError`` carrying the validator's error log (line numbers included) when the document
is invalid, so a failing test shows why.

Why XLIFF 2.0 needs more than the core schema: the core schema admits module elements (``gls:``,
``mda:``, ``mtc:`` …) only through laxly processed wildcards. So a document is validated three
ways: against the core schema; against a schema that imports the core and *all* module schemas
(lax processing then checks every module element where it stands); and each outermost module
element alone against its own module schema.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from lxml import etree

SCHEMAS = Path(__file__).resolve().parent / "data" / "schemas"
TMX_DTD = SCHEMAS / "tmx" / "tmx14.dtd"
XLIFF12_STRICT = SCHEMAS / "xliff12" / "xliff-core-1.2-strict.xsd"
XLIFF12_TRANSITIONAL = SCHEMAS / "xliff12" / "xliff-core-1.2-transitional.xsd"
XLIFF20_CORE = SCHEMAS / "xliff20" / "xliff_core_2.0.xsd"

XLIFF20_NS = "urn:oasis:names:tc:xliff:document:2.0"
# module prefix (as the specification writes it) -> (namespace, schema file in xliff20/modules/)
XLIFF20_MODULES: dict[str, tuple[str, str]] = {
    "ctr": ("urn:oasis:names:tc:xliff:changetracking:2.0", "change_tracking.xsd"),
    "fs": ("urn:oasis:names:tc:xliff:fs:2.0", "fs.xsd"),
    "gls": ("urn:oasis:names:tc:xliff:glossary:2.0", "glossary.xsd"),
    "mtc": ("urn:oasis:names:tc:xliff:matches:2.0", "matches.xsd"),
    "mda": ("urn:oasis:names:tc:xliff:metadata:2.0", "metadata.xsd"),
    "res": ("urn:oasis:names:tc:xliff:resourcedata:2.0", "resource_data.xsd"),
    "slr": ("urn:oasis:names:tc:xliff:sizerestriction:2.0", "size_restriction.xsd"),
    "val": ("urn:oasis:names:tc:xliff:validation:2.0", "validation.xsd"),
}

Document = Path | bytes | str | etree._Element | etree._ElementTree

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)


def load(doc: Document) -> etree._Element:
    """The root element of ``doc`` (a path, bytes, an XML string, an element or a tree)."""
    if isinstance(doc, etree._ElementTree):
        return doc.getroot()
    if isinstance(doc, etree._Element):
        return doc
    if isinstance(doc, Path):
        return etree.parse(str(doc), _PARSER).getroot()
    data = doc.encode("utf-8") if isinstance(doc, str) else doc
    return etree.fromstring(data, _PARSER)


@cache
def tmx_dtd() -> etree.DTD:
    return etree.DTD(str(TMX_DTD))


@cache
def xliff12_schema(transitional: bool = False) -> etree.XMLSchema:
    path = XLIFF12_TRANSITIONAL if transitional else XLIFF12_STRICT
    return etree.XMLSchema(etree.parse(str(path), _PARSER))


@cache
def xliff20_core_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(XLIFF20_CORE), _PARSER))


@cache
def xliff20_module_schema(prefix: str) -> etree.XMLSchema:
    _, filename = XLIFF20_MODULES[prefix]
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "xliff20" / "modules" / filename), _PARSER))


@cache
def xliff20_full_schema() -> etree.XMLSchema:
    """The core schema together with every module schema (module elements checked in place)."""
    imports = [(XLIFF20_NS, XLIFF20_CORE)] + [
        (ns, SCHEMAS / "xliff20" / "modules" / filename)
        for ns, filename in XLIFF20_MODULES.values()
    ]
    xs = "http://www.w3.org/2001/XMLSchema"
    driver = etree.Element(f"{{{xs}}}schema", nsmap={"xs": xs})
    for ns, path in imports:
        etree.SubElement(driver, f"{{{xs}}}import", namespace=ns, schemaLocation=path.as_uri())
    return etree.XMLSchema(driver)


def _check(validator: etree.DTD | etree.XMLSchema, root: etree._Element, what: str) -> None:
    if not validator.validate(root):
        errors = "\n".join(str(e) for e in validator.error_log.filter_from_errors())
        raise AssertionError(f"not valid {what}:\n{errors}")


def assert_valid_tmx(doc: Document) -> None:
    """``doc`` is valid TMX 1.4b (the LISA DTD)."""
    root = load(doc)
    assert root.tag == "tmx", f"not a TMX document: root element <{root.tag}>"
    _check(tmx_dtd(), root, "TMX 1.4b")


def assert_valid_xliff12(doc: Document, *, transitional: bool = False) -> None:
    """``doc`` is valid XLIFF 1.2 (the strict schema by default, as the writer promises)."""
    kind = "transitional" if transitional else "strict"
    _check(xliff12_schema(transitional), load(doc), f"XLIFF 1.2 ({kind})")


def assert_valid_xliff20(doc: Document) -> set[str]:
    """``doc`` is valid XLIFF 2.0 core and every module element in it is valid for its module.

    Returns the prefixes (``gls``, ``mda`` …) of the modules whose elements were found and checked.
    """
    root = load(doc)
    _check(xliff20_core_schema(), root, "XLIFF 2.0 (core schema)")
    _check(xliff20_full_schema(), root, "XLIFF 2.0 (core and module schemas)")
    prefix_of = {ns: prefix for prefix, (ns, _) in XLIFF20_MODULES.items()}
    seen: set[str] = set()
    for elem in root.iter(etree.Element):
        ns = etree.QName(elem).namespace
        parent = elem.getparent()
        if ns not in prefix_of or (parent is not None and etree.QName(parent).namespace == ns):
            continue  # not a module element, or inside one already checked with its outermost
        prefix = prefix_of[ns]
        alone = etree.fromstring(etree.tostring(elem))
        _check(xliff20_module_schema(prefix), alone, f"XLIFF 2.0 module {prefix} (<{elem.tag}>)")
        seen.add(prefix)
    return seen

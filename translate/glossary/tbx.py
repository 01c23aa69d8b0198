"""Reader for TBX termbases, both TBX-Basic generations.

* v2 (ISO 30042:2008, root ``<martif>``): ``termEntry`` / ``langSet`` / ``tig`` (or
  ``ntig/termGrp``) / ``term``;
* v3 (TBX 2019, root ``<tbx>``, usually in the ``urn:iso:std:iso:30042:ed-2`` namespace):
  ``conceptEntry`` / ``langSec`` / ``termSec`` / ``term``.

Elements are matched by local name, so namespaced and plain files read alike. Each German term
(``xml:lang`` ``de`` or ``de-*``) of a concept becomes one row; the concept's English terms
of the ``en-US`` and ``en`` sections (``en-US`` first, each in document order) become its ``|``
alternatives; other regional sections (``en-GB``) count for the plain target only when the
concept has no ``en``/``en-US`` section, so that an en-US edition never accepts British forms.

Regional English sections also give locale targets (the ``target@<locale>`` column of the
delimited formats): the terms of an ``en-GB`` section become the row's ``target@en-GB``. An
``en-US`` section does so only when the concept also has a plain ``en`` section; otherwise it
already leads the plain target. A tag Babel does not know as English (``en-XY``) gives a
warning and counts for the plain target only. Deprecated, superseded or forbidden terms are
dropped everywhere, locale targets included.

Our columns come from ``<note>`` (note) and from ``descrip``/``termNote``/``admin`` elements
whose ``type`` is ``type``, ``case`` or ``match`` (an ``x-`` prefix is allowed); a value on the
German term wins over one on its language section, which wins over one on the concept. Any
other typed element (``subjectField``, ``termType`` …) is kept as an extra column. The row's
line is the line of the German ``<term>``.
"""

from __future__ import annotations

from lxml import etree

from translate.errors import LocaleError
from translate.glossary.rows import LOCALE_PREFIX, Problem, RawRow, RowsRead, clean, locale_tag

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_ENTRY = {"termEntry", "conceptEntry"}
_LANG_SECTION = {"langSet", "langSec"}
_TERM_CONTAINER = {"tig", "ntig", "termGrp", "termSec"}
_FIELD_ELEMENTS = {"descrip", "termNote", "admin"}
_OUR_FIELDS = {"type", "case", "match"}


def _local(element: etree._Element) -> str:
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return etree.QName(tag).localname


def _children(element: etree._Element) -> list[etree._Element]:
    return [c for c in element if isinstance(c.tag, str)]


def _text(element: etree._Element) -> str:
    return clean("".join(element.itertext()))


def _lang(element: etree._Element) -> str:
    node: etree._Element | None = element
    while node is not None:
        value = node.get(XML_LANG) or node.get("lang")
        if value:
            return value.lower()
        node = node.getparent()
    return ""


def _fields(element: etree._Element) -> dict[str, str]:
    """The typed data categories and notes directly inside ``element`` (and its descripGrps)."""
    found: dict[str, str] = {}
    for child in _children(element):
        name = _local(child)
        if name == "descripGrp":
            for key, value in _fields(child).items():
                found.setdefault(key, value)
        elif name == "note":
            found.setdefault("note", _text(child))
        elif name in _FIELD_ELEMENTS and child.get("type"):
            kind = child.get("type", "")
            key = kind.lower().removeprefix("x-")
            found.setdefault(key if key in _OUR_FIELDS else kind, _text(child))
    return found


_DISCOURAGED = ("deprecated", "superseded", "forbidden", "rejected", "obsolete")


def _discouraged(fields: dict[str, str]) -> bool:
    """A term the termbase marks deprecated, superseded or forbidden (administrativeStatus,
    normativeAuthorization) is no acceptable target: it is what the glossary exists to avoid."""
    for key, value in fields.items():
        if key.lower() in {"administrativestatus", "normativeauthorization"}:
            if any(word in value.lower() for word in _DISCOURAGED):
                return True
    return False


def _english_rank(lang: str) -> int:
    return 0 if lang == "en-us" else 1 if lang == "en" else 2


def _section_tag(lang: str, line: int, result: RowsRead) -> str | None:
    """The BCP 47 tag of an English section, or None (with a warning) when Babel has no such
    English locale: its terms then still count for the plain target, as they always did."""
    try:
        return locale_tag(f"{LOCALE_PREFIX}{lang}")
    except LocaleError:
        message = (
            f'xml:lang="{lang}" is not a known English locale, so its terms count for every '
            "locale; write a tag such as en-GB to make them locale-specific"
        )
        if Problem(line, message, "warning") not in result.problems:
            result.problems.append(Problem(line, message, "warning"))
        return None


def _locale_columns(english: list[tuple[str, int, str]], result: RowsRead) -> list[tuple[str, str]]:
    """``target@<tag>`` columns from the regional English terms ``(lang, line, text)``.

    ``en`` is the plain target; ``en-US`` is a locale of its own only next to a plain ``en``
    (without one, it leads the plain target already).
    """
    has_plain = any(lang == "en" for lang, _, _ in english)
    by_tag: dict[str, list[str]] = {}
    for lang, line, text in english:
        if lang == "en":
            continue
        tag = _section_tag(lang, line, result)
        if tag is None or tag == "en" or (tag == "en-US" and not has_plain):
            continue
        by_tag.setdefault(tag, []).append(text)
    return [(f"{LOCALE_PREFIX}{tag}", " | ".join(texts)) for tag, texts in by_tag.items()]


def _read_entry(entry: etree._Element, result: RowsRead) -> None:
    entry_fields = _fields(entry)
    german: list[tuple[etree._Element, dict[str, str]]] = []
    english: list[tuple[str, int, str]] = []
    for section in _children(entry):
        if _local(section) not in _LANG_SECTION:
            continue
        lang = _lang(section)
        section_fields = _fields(section)
        for term in section.iter():
            if _local(term) != "term":
                continue
            term_fields: dict[str, str] = {}
            parent = term.getparent()
            while parent is not None and parent is not section:
                if _local(parent) in _TERM_CONTAINER:
                    term_fields = {**_fields(parent), **term_fields}
                parent = parent.getparent()
            if lang == "de" or lang.startswith("de-"):
                merged = {**entry_fields, **section_fields, **term_fields}
                german.append((term, merged))
            elif (lang == "en" or lang.startswith("en-")) and not _discouraged(term_fields):
                english.append((lang, section.sourceline or 0, _text(term)))
    ranked = sorted(range(len(english)), key=lambda i: (_english_rank(english[i][0]), i))
    # the plain target is the en-US / en terms (and those of tags Babel does not know); other
    # regional sections are locale targets only — unless the concept has nothing else
    general = [
        i
        for i in ranked
        if _english_rank(english[i][0]) < 2
        or _section_tag(english[i][0], english[i][1], result) is None
    ]
    targets = " | ".join(english[i][2] for i in (general or ranked))
    if not german:
        ident = entry.get("id")
        label = f"concept entry {ident!r}" if ident else "concept entry"
        result.problems.append(
            Problem(
                entry.sourceline or 0,
                f'{label} has no German term; add a language section with xml:lang="de" '
                "or delete the entry",
            )
        )
        return
    locale_columns = _locale_columns(english, result) if general else []
    for term, merged in german:
        row: list[tuple[str, str]] = [
            ("source", _text(term)),
            ("target", targets),
            *locale_columns,
            ("type", merged.pop("type", "")),
            ("case", merged.pop("case", "")),
            ("match", merged.pop("match", "")),
            ("note", merged.pop("note", "")),
        ]
        row.extend(sorted(merged.items()))
        result.rows.append(RawRow(term.sourceline or entry.sourceline or 0, tuple(row)))


def read_tbx(data: bytes) -> RowsRead:
    """Read a TBX v2 (``martif``) or v3 (``tbx``) file; external entities are never loaded."""
    result = RowsRead(data=data)
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as err:
        message = (err.msg or str(err)).splitlines()[0]
        if "encoding" in message.lower() or "utf-8" in message.lower():
            hint = "save the file as UTF-8"
        else:
            hint = "fix the XML"
        result.problems.append(Problem(err.lineno or 1, f"not well-formed XML ({message}); {hint}"))
        return result
    if _local(root) not in {"martif", "tbx"}:
        result.problems.append(
            Problem(
                root.sourceline or 1,
                f"root element <{_local(root)}> is neither TBX v2 <martif> nor TBX v3 <tbx>; "
                "export the termbase as TBX-Basic",
            )
        )
        return result
    for element in root.iter():
        if _local(element) in _ENTRY:
            _read_entry(element, result)
    return result

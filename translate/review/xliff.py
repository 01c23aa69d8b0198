"""Readers for reviewed XLIFF 2.0 and 1.2: ours, and as CAT tools save them.

XLIFF 2.0 (our review page; OmegaT, Okapi Rainbow, Matecat, Weblate): a segment's ``state``
``reviewed``/``final`` is the reviewer's verdict (``initial``/``translated`` are not);
``subState="dejour:human"``/``"dejour:approved"`` is our page's claim of edited vs. approved,
other tools' ``subState`` values are ignored (the text decides). A comment is the unit-level
``<note id="comment-{segment id}">`` we write, a ``<mrk type="comment">`` in the target (its
``value``, or the note its ``ref="#n=…"`` names), or any other note a tool added to the unit
(given to the unit's first segment). Our own report notes (terminology, values, quality,
provenance) are not comments.

XLIFF 1.2 (Okapi, Matecat, Weblate, memoQ exports): ``approved="yes"`` on the
``<trans-unit>`` or a target ``state`` of ``signed-off`` means reviewed, ``final`` means final,
``needs-translation`` means sent back (see :mod:`translate.review.match`; it outranks a stale
``approved="yes"``), any other state without ``approved="yes"`` means not reviewed (tools such
as Weblate approve without touching the state we wrote); every ``<note>`` whose ``from`` is
not one of ours is a comment; ``<alt-trans>`` is ignored. A target a tool segmented
(``<seg-source>`` and ``<mrk mtype="seg">`` in the target, as Okapi and Trados write) is its
segments' texts joined by one space; a segment left empty there leaves the whole target empty
(sent back).

Both versions: inline codes (``<x/>``, ``<bx/>``, ``<ex/>``, ``<ph>``, ``<bpt>``…, 2.0
``<sc/>``/``<ec/>``/``<sm/>``/``<em/>``) are not text; ``<g>``, ``<pc>`` and ``<mrk>`` keep
theirs; other tools' namespaces and ``xml:space`` are ignored (whitespace runs are compared and
applied as one space). A CAT tool's own bilingual file (Trados Studio SDLXLIFF, memoQ MQXLIFF,
Phrase MXLIFF) is XLIFF 1.2 with the tool's segment ids, not ours: it is read, and if its ids do
not match, the error says how to get our file back from that tool.
"""

from __future__ import annotations

from pathlib import PurePath, PureWindowsPath

from lxml import etree

from translate.errors import ReviewError
from translate.review.records import Review, ReviewedSegment, Verdict
from translate.review.xml import child, children, descendants, inline_text, local, where

FOREIGN = {
    "http://sdl.com/FileTypes/SdlXliff/1.0": (
        "the file is a Trados Studio SDLXLIFF, whose segment ids are Studio's: in Studio save "
        "the target file (File > Save Target As) and apply that, or apply the project's TMX export"
    ),
    "MQXliff": (
        "the file is a memoQ MQXLIFF, whose segment ids are memoQ's: export the document from "
        "memoQ (Export, not Export bilingual) and apply that, or apply a TMX export of the memory"
    ),
    "http://www.memsource.com/mxlf/2.0": (
        "the file is a Phrase (Memsource) MXLIFF, whose segment ids are Phrase's: download the "
        "completed target file and apply that, or apply a TMX export of the memory"
    ),
}
"""Namespaces of CAT tools' own bilingual XLIFF 1.2 dialects, and what to apply instead."""

OUR_NOTE_CATEGORIES = frozenset({"terminology", "values", "quality", "provenance"})
OUR_NOTE_SOURCES = frozenset({"glossary", "values", "quality", "dejour-translate"})
EDITED_SUBSTATES = {"dejour:human": True, "dejour:approved": False}


def read_xliff(path: str, root: etree._Element) -> Review:
    """A reviewed XLIFF file of either version (``root`` is its ``<xliff>`` element)."""
    version = root.get("version", "")
    if not version and etree.QName(root).namespace == "urn:oasis:names:tc:xliff:document:2.0":
        version = "2.0"
    if version.startswith("2"):
        return _read_2(path, root)
    if version.startswith("1"):
        return _read_12(path, root)
    raise ReviewError(
        f"{path}: XLIFF version {version or '(none)'} is not supported: export XLIFF 2.0 or 1.2"
    )


def _one_file(path: str, root: etree._Element) -> etree._Element:
    files = children(root, "file")
    if not files:
        raise ReviewError(f"{path}: the XLIFF holds no <file>: export the reviewed file again")
    if len(files) > 1:
        raise ReviewError(
            f"{path}: {where(files[1], 'a second <file>')}: the XLIFF holds {len(files)} files: "
            "export one article's file alone and apply each one separately"
        )
    return files[0]


def _foreign(root: etree._Element) -> str:
    """What to do instead, if ``root`` is a CAT tool's own bilingual dialect (else '')."""
    spaces = set(root.nsmap.values())
    for elem in root.iter():
        if len(spaces & FOREIGN.keys()):
            break
        if isinstance(elem.tag, str):
            spaces.add(etree.QName(elem).namespace or "")
            spaces.update(etree.QName(a).namespace or "" for a in elem.attrib)
    found = [FOREIGN[ns] for ns in FOREIGN if ns in spaces]
    return found[0] if found else ""


# --- XLIFF 2.0 ----------------------------------------------------------------------------------


def _read_2(path: str, root: etree._Element) -> Review:
    file = _one_file(path, root)
    segments: list[ReviewedSegment] = []
    for unit in descendants(file, "unit"):
        segments.extend(_unit_2(unit))
    return Review(
        path=path,
        format="xliff",
        document=file.get("id"),
        segments=tuple(segments),
        source_language=root.get("srcLang", ""),
    )


def _unit_2(unit: etree._Element) -> list[ReviewedSegment]:
    unit_id = unit.get("id", "")
    notes = [n for notes in children(unit, "notes") for n in children(notes, "note")]
    by_note_id = {n.get("id"): _note_text(n) for n in notes if n.get("id")}
    segments = children(unit, "segment")
    ids = {s.get("id") for s in segments}
    comments: dict[str | None, list[str]] = {}
    loose: list[str] = []
    for note in notes:
        note_id = note.get("id") or ""
        if note.get("category") in OUR_NOTE_CATEGORIES:
            continue
        text = _note_text(note)
        if not text:
            continue
        owner = note_id.removeprefix("comment-") if note_id.startswith("comment-") else None
        if owner in ids:
            comments.setdefault(owner, []).append(text)
        elif not _referenced(unit, note_id):
            loose.append(text)
    found = []
    for k, segment in enumerate(segments):
        seg_id = segment.get("id")
        target_elem = child(segment, "target")
        own = comments.get(seg_id, []) + _comment_marks(target_elem, by_note_id)
        if k == 0:
            own += loose
        # the standard puts state on <segment>; some tools write it on <target>
        state = segment.get("state") or (
            target_elem.get("state", "initial") if target_elem is not None else "initial"
        )
        found.append(
            ReviewedSegment(
                id=seg_id,
                source=inline_text(child(segment, "source")),
                target=inline_text(target_elem) if target_elem is not None else None,
                verdict=_verdict_2(state),
                where=where(segment, f"unit {unit_id}, segment {seg_id or '#' + str(k + 1)}"),
                comment="\n".join(dict.fromkeys(own)),
                edited=EDITED_SUBSTATES.get(segment.get("subState", "")),
                unit=unit_id,
            )
        )
    return found


def _verdict_2(state: str) -> Verdict:
    return "final" if state == "final" else "reviewed" if state == "reviewed" else "pending"


def _note_text(note: etree._Element) -> str:
    return "".join(note.itertext()).strip()


def _referenced(unit: etree._Element, note_id: str) -> bool:
    """Whether a comment annotation in the unit points at the note ``note_id``."""
    return bool(note_id) and any(m.get("ref") == f"#n={note_id}" for m in descendants(unit, "mrk"))


def _comment_marks(target: etree._Element | None, notes: dict[str | None, str]) -> list[str]:
    if target is None:
        return []
    found = []
    for mark in descendants(target, "mrk"):
        if mark.get("type") != "comment":
            continue
        ref = mark.get("ref", "")
        text = mark.get("value") or (notes.get(ref[3:], "") if ref.startswith("#n=") else "")
        if text.strip():
            found.append(text.strip())
    return found


# --- XLIFF 1.2 ----------------------------------------------------------------------------------


def _read_12(path: str, root: etree._Element) -> Review:
    file = _one_file(path, root)
    segments = []
    for unit in descendants(file, "trans-unit"):
        unit_id = unit.get("id")
        target = child(unit, "target")
        group = unit.getparent()
        comments = [
            _note_text(n)
            for n in children(unit, "note")
            if n.get("from") not in OUR_NOTE_SOURCES and _note_text(n)
        ]
        segments.append(
            ReviewedSegment(
                id=unit_id,
                source=inline_text(child(unit, "source")),
                target=_target_12(unit, target),
                verdict=_verdict_12(unit, target),
                where=where(unit, f"trans-unit {unit_id}"),
                comment="\n".join(dict.fromkeys(comments)),
                unit=group.get("id") if group is not None and local(group) == "group" else None,
            )
        )
    return Review(
        path=path,
        format="xliff12",
        document=_stem(file.get("original", "")) or None,
        segments=tuple(segments),
        source_language=file.get("source-language", ""),
        foreign=_foreign(root),
    )


def _target_12(unit: etree._Element, target: etree._Element | None) -> str | None:
    """The target's text; a segmented target (``<mrk mtype="seg">``) its segments' texts joined
    by one space, or '' when a segment the source has is left empty (a partial translation)."""
    if target is None:
        return None
    marks = [m for m in descendants(target, "mrk") if m.get("mtype") == "seg"]
    if not marks:
        return inline_text(target)
    seg_source = child(unit, "seg-source")
    wanted = {
        m.get("mid"): inline_text(m).strip()
        for m in (descendants(seg_source, "mrk") if seg_source is not None else ())
        if m.get("mtype") == "seg"
    }
    texts = [inline_text(m).strip() for m in marks]
    have = {m.get("mid") for m, text in zip(marks, texts, strict=True) if text}
    if any(text and mid not in have for mid, text in wanted.items()) or not all(texts):
        return ""
    return " ".join(texts)


def _verdict_12(unit: etree._Element, target: etree._Element | None) -> Verdict:
    state = target.get("state", "") if target is not None else ""
    if state == "final":
        return "final"
    if state == "needs-translation":
        return "rejected"
    if unit.get("approved") == "yes" or state == "signed-off":
        return "reviewed"
    return "pending"


def _stem(original: str) -> str:
    """The article stem of an XLIFF 1.2 ``original`` (a path as ``translate article`` got it)."""
    name = PureWindowsPath(original).name if "\\" in original else PurePath(original).name
    for suffix in (".txt", ".text"):
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
            break
    return name.removesuffix(".de") or name

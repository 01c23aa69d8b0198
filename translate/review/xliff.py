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
``<trans-unit>`` or a target ``state`` of ``signed-off`` means reviewed, ``final`` means final;
every ``<note>`` whose ``from`` is not one of ours is a comment; ``<alt-trans>`` is ignored.
"""

from __future__ import annotations

from pathlib import PurePath, PureWindowsPath

from lxml import etree

from translate.errors import ReviewError
from translate.review.records import Review, ReviewedSegment, Verdict
from translate.review.xml import child, children, descendants, inline_text, local, where

OUR_NOTE_CATEGORIES = frozenset({"terminology", "values", "quality", "provenance"})
OUR_NOTE_SOURCES = frozenset({"glossary", "values", "quality", "dejour-translate"})
EDITED_SUBSTATES = {"dejour:human": True, "dejour:approved": False}


def read_xliff(path: str, root: etree._Element) -> Review:
    """A reviewed XLIFF file of either version (``root`` is its ``<xliff>`` element)."""
    version = root.get("version", "")
    if version.startswith("2"):
        return _read_2(path, root)
    if version.startswith("1"):
        return _read_12(path, root)
    raise ReviewError(
        f"{path}: XLIFF version {version or '(none)'} is not supported: export XLIFF 2.0 or 1.2"
    )


def _one_file(path: str, root: etree._Element) -> etree._Element:
    files = children(root, "file")
    if len(files) != 1:
        raise ReviewError(
            f"{path}: the XLIFF holds {len(files)} <file> elements: give one article's file"
        )
    return files[0]


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
        state = segment.get("state", "initial")
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
                target=inline_text(target) if target is not None else None,
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
    )


def _verdict_12(unit: etree._Element, target: etree._Element | None) -> Verdict:
    state = target.get("state", "") if target is not None else ""
    if state == "final":
        return "final"
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

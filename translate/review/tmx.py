"""Reader for a TMX exported by a CAT tool after a translator worked with our TMX as memory.

A CAT tool keeps no segment ids, so units are matched to the article by source sentence later
(:mod:`translate.review.match`). Any header is accepted (another tool, ``srclang="*all*"``,
other props); the source variant is the one in the header's ``srclang``, or else the German one,
and the target the first other variant (English first). A unit is a translator's confirmed
work: ``reviewed``, unless it carries our own ``x-state`` prop (our TMX fed back as it was).
Props we write (``x-comment``) and the tool's ``<note>``s are the comments.
"""

from __future__ import annotations

from collections.abc import Callable

from lxml import etree

from translate.errors import ReviewError
from translate.review.records import Review, ReviewedSegment, Verdict
from translate.review.xml import child, children, descendants, inline_text, where

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_STATES: dict[str, Verdict] = {"translated": "pending", "reviewed": "reviewed", "final": "final"}


def _lang(tuv: etree._Element) -> str:
    return (tuv.get(XML_LANG) or tuv.get("lang") or "").strip()


def _primary(tag: str) -> str:
    return tag.replace("_", "-").split("-")[0].casefold()


def read_tmx(path: str, root: etree._Element) -> Review:
    header = child(root, "header")
    srclang = header.get("srclang", "") if header is not None else ""
    body = child(root, "body")
    if body is None:
        raise ReviewError(f"{path}: the TMX has no <body>: export the translation memory again")
    segments = []
    skipped = []
    for k, tu in enumerate(descendants(body, "tu")):
        found = _variants(tu, srclang)
        label = f"tu {tu.get('tuid') or '#' + str(k + 1)}"
        if found is None:  # without a German and another variant it cannot be one of ours
            skipped.append(f"{where(tu, label)}: no German source and translation")
            continue
        source, target = found
        props: dict[str, str] = {}
        comments = []
        for prop in children(tu, "prop"):
            kind = prop.get("type", "")
            text = "".join(prop.itertext()).strip()
            if kind == "x-comment" and text:
                comments.append(text)
            props.setdefault(kind, text)
        state = props.get("x-state", "")
        verdict = _STATES.get(state, "reviewed")
        segments.append(
            ReviewedSegment(
                id=None,
                source=inline_text(child(source, "seg")),
                target=inline_text(child(target, "seg")),
                verdict=verdict,
                where=where(tu, label),
                comment="\n".join(comments),
                notes=tuple(
                    t for n in children(tu, "note") if (t := "".join(n.itertext()).strip())
                ),
            )
        )
    return Review(
        path=path,
        format="tmx",
        document=None,
        segments=tuple(segments),
        source_language=srclang,
        skipped=tuple(skipped),
    )


def _variants(tu: etree._Element, srclang: str) -> tuple[etree._Element, etree._Element] | None:
    tuvs = children(tu, "tuv")
    own = tu.get("srclang") or srclang
    wanted: list[Callable[[str], bool]] = [lambda lang: _primary(lang) == "de"]
    if own and own != "*all*":
        wanted[:0] = [
            lambda lang: lang.casefold() == own.casefold(),
            lambda lang: _primary(lang) == _primary(own),
        ]
    source = _first(tuvs, wanted)
    if source is None:
        return None
    others = [t for t in tuvs if t is not source]
    target = _first(others, [lambda lang: _primary(lang) == "en", lambda lang: True])
    if target is None:
        return None
    return source, target


def _first(tuvs: list[etree._Element], tests: list[Callable[[str], bool]]) -> etree._Element | None:
    """The first variant passing the first test any variant passes."""
    for test in tests:
        for tuv in tuvs:
            if test(_lang(tuv)):
                return tuv
    return None

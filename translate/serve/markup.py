"""Cut a request text into the sentences to translate and the parts kept as they are.

Plain text is segmented with the toolkit's German segmenter; the text between sentences
(spaces, line breaks, blank lines) is kept byte for byte. With ``tag_handling`` (DeepL
``xml``/``html``, LibreTranslate ``format=html``) the markup is cut at every tag first: each
run of text between two tags is segmented on its own and translated, and the tags come back
exactly where they were, unchanged. Entities are decoded for the model and the translation is
escaped again (so a ``&`` or ``<`` the model writes cannot break the markup). The content of
ignored elements (DeepL ``ignore_tags``, Weblate's ``<x>``
placeholders, and ``script``/``style`` in HTML) is kept untranslated.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from translate.segment import segment_text

_TAG = re.compile(
    r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>|<![A-Za-z][^>]*>|</?[A-Za-z][^<>]*>",
    re.DOTALL,
)
_NAME = re.compile(r"</?\s*([A-Za-z][\w:.-]*)")
_HTML_RAW = frozenset({"script", "style"})


@dataclass(frozen=True)
class Piece:
    """A part of a request text: a sentence to translate, or text/markup kept as it is.

    ``escape``: the piece came from decoded markup text, so it (or its translation) is escaped
    again when the text is put back together.
    """

    text: str
    translate: bool
    escape: bool = False


def _plain_pieces(text: str, split: bool, escape: bool) -> list[Piece]:
    if not text.strip():
        return [Piece(text, False, escape)]
    if not split:
        stripped = text.strip()
        start = text.index(stripped)
        end = start + len(stripped)
        return [
            Piece(text[:start], False, escape),
            Piece(stripped, True, escape),
            Piece(text[end:], False, escape),
        ]
    pieces: list[Piece] = []
    at = 0
    for paragraph in segment_text(text):
        for segment in paragraph.segments:
            pieces.append(Piece(text[at : segment.start], False, escape))
            pieces.append(Piece(segment.text, True, escape))
            at = segment.end
    pieces.append(Piece(text[at:], False, escape))
    return [p for p in pieces if p.text]


def split_text(
    text: str,
    *,
    markup: str | None = None,
    split_sentences: bool = True,
    ignore_tags: Iterable[str] = (),
) -> list[Piece]:
    """The pieces of ``text``; ``"".join`` of their texts (escaped where marked) is ``text``.

    ``markup`` is ``None`` (plain text), ``"xml"`` or ``"html"``.
    """
    if markup is None:
        return _plain_pieces(text, split_sentences, escape=False)
    ignored = {t.lower() for t in ignore_tags}
    if markup == "html":
        ignored |= _HTML_RAW
    pieces: list[Piece] = []
    at = 0
    inside: list[str] = []  # open ignored elements
    for match in _TAG.finditer(text):
        run = text[at : match.start()]
        if run:
            pieces.extend(_run_pieces(run, bool(inside), split_sentences))
        tag = match.group(0)
        pieces.append(Piece(tag, False))
        name_match = _NAME.match(tag)
        if name_match is not None:
            name = name_match.group(1).lower()
            if name in ignored and not tag.endswith("/>"):
                if tag.startswith("</"):
                    if name in inside:
                        del inside[len(inside) - 1 - inside[::-1].index(name) :]
                else:
                    inside.append(name)
        at = match.end()
    if at < len(text):
        pieces.extend(_run_pieces(text[at:], bool(inside), split_sentences))
    return pieces


def _run_pieces(run: str, ignored: bool, split: bool) -> list[Piece]:
    """The pieces of a text run between tags: translations are always escaped again; the text
    kept between sentences only when it was decoded (so a run without entities stays as is)."""
    if ignored:
        return [Piece(run, False)]
    decoded = "&" in run
    pieces = _plain_pieces(html.unescape(run) if decoded else run, split, escape=decoded)
    return [Piece(p.text, True, True) if p.translate else p for p in pieces]


def sources(pieces: Sequence[Piece]) -> list[str]:
    """The texts to translate, in order."""
    return [p.text for p in pieces if p.translate]


def join(pieces: Sequence[Piece], translations: Sequence[str]) -> str:
    """Put a text back together with ``translations`` (one per piece to translate, in order)."""
    it = iter(translations)
    out: list[str] = []
    for piece in pieces:
        text = next(it) if piece.translate else piece.text
        out.append(html.escape(text, quote=False) if piece.escape else text)
    return "".join(out)

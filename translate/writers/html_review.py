"""A self-contained side-by-side HTML page for reviewing a translation.

One table row per sentence pair (``<tr class="pair" data-id="{segment id}">``) with the source
and target aligned, one ``<tbody>`` per paragraph opened by a visible paragraph heading row;
glossary terms highlighted on both sides (``<mark class="term term-{status}">``; a missing term
is marked, in red, on the source side and listed in the notes column); dates, times, numbers
and amounts underlined on both sides (``<mark class="value value-{status}">``); flagged rows
shaded and
their flags listed. A header carries the provenance (folded away in a ``<details>``); a legend
explains the colours. The target cell carries ``data-role="target"``.

The page is read-only without scripts and becomes a review tool with them (progressive
enhancement): the script and stylesheet of :mod:`translate.review` are inlined, and every fact
the script needs is embedded as JSON in ``<script type="application/json" id="review-data">``
(:func:`translate.review.page.page_data`). No external asset, nothing loaded from anywhere: the
page works opened from disk. Everything is built with lxml, so all text is
escaped; the text itself goes through :func:`translate.writers.base.html_text` (line ends as LF,
characters HTML forbids as U+FFFD). Cells use ``unicode-bidi: isolate`` so that bidi controls
in a sentence cannot reorder the page around it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import etree
from lxml import html as lxml_html

from translate.document import AlignedPair, TermResult, TranslatedDocument, ValueResult
from translate.review.page import (
    asset,
    clean_with_offsets,
    write_page_data,
)
from translate.writers.base import (
    TOOL_ID,
    ByteSink,
    ParsedPair,
    PartByPart,
    Span,
    append_text,
    build_marked,
    describe_term,
    describe_value,
    html_text,
    human_datetime,
    iso8601,
    nest_spans,
    nmtoken,
    provenance_fields,
    source_text,
    span_ok,
)
from translate.writers.xmlstream import slot, stream_document

DOCTYPE = "<!DOCTYPE html>"

CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 1.5rem;
       color: #1a1a1a; background: #fff; line-height: 1.45; }
header h1 { margin: 0 0 .25rem; font-size: 1.4rem; }
dl.provenance { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem;
                font-size: .85rem; }
dl.provenance dt { font-weight: 600; }
dl.provenance dd { margin: 0; font-family: ui-monospace, monospace; word-break: break-all; }
section.legend ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 1.5rem; }
table.pairs { border-collapse: collapse; width: 100%; }
table.pairs th, table.pairs td { border: 1px solid #ccc; padding: .35rem .5rem;
                                 vertical-align: top; text-align: left; }
td.source, td.target { width: 38%; white-space: pre-wrap; unicode-bidi: isolate; }
td.id { font-family: ui-monospace, monospace; font-size: .8rem; color: #555; }
td.notes { font-size: .85rem; }
td.notes ul { margin: 0; padding-left: 1rem; }
tbody.paragraph { border-top: 3px solid #444; }
tr.paragraph-break th { background: #eef0f7; font-weight: 600; padding-top: .8rem; }
tr.flagged td { background: #fff4e0; }
mark.term { border-radius: 2px; padding: 0 .1em; color: inherit; }
mark.term-model { background: #d6f0d6; }
mark.term-enforced { background: #cfe2ff; border-bottom: 2px solid #3a6fd8; }
mark.term-missing { background: #ffd9d9; border-bottom: 2px dashed #c00000; }
mark.value { background: none; color: inherit; border-bottom: 2px dotted #6b6b6b; }
mark.value-corrected { border-bottom: 2px solid #3a6fd8; }
mark.value-missing, mark.value-german-format { border-bottom: 2px dashed #c00000; }
li.value-missing, li.value-german-format { color: #9b1c1c; }
li.term-missing, li.flag { color: #9b1c1c; }
span.flag { background: #fff4e0; border: 1px solid #e0a040; padding: 0 .3em; }
.status { font-weight: 600; }
"""

LEGEND = [
    ("term term-model", "term", "glossary term, translated by the model unaided"),
    ("term term-enforced", "term", "glossary term, enforced after translation"),
    ("term term-missing", "term", "glossary term missing from the translation"),
    ("value value-model", "12 July", "date, time, number or amount, in the locale's form"),
    ("value value-corrected", "1,000", "value rewritten from German form (1.000, 3,5, 12. Juli)"),
    ("value value-missing", "3.5", "value missing or left in German form: please review"),
    ("flag", "flagged", "row with a quality flag: please review"),
]

_ORIGIN_WORDS = {
    "mt": "machine translation",
    "mt-approved": "machine translation, approved",
    "human": "written by a person",
}

_TEXT_TAGS = frozenset(
    {"title", "style", "script", "summary", "noscript"}
    | {"h1", "h2", "p", "dt", "dd", "li", "th", "td", "mark", "span", "time"}
)


def _el(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    """A child element; ``class_`` becomes ``class`` and ``data_x`` becomes ``data-x``."""
    names = {key.rstrip("_").replace("_", "-"): value for key, value in attrs.items()}
    elem = etree.SubElement(parent, tag, names)
    if text:
        elem.text = text
    return elem


class HtmlWriter(PartByPart):
    """A side-by-side review page (HTML5, self-contained)."""

    name = "html"
    extension = ".html"

    def write(self, doc: TranslatedDocument, stream: ByteSink) -> None:
        """Write the page to ``stream`` one paragraph's ``<tbody>`` at a time, then its data.

        The bytes are those of the whole page built as one tree (see :mod:`.xmlstream`); the
        data block is streamed pair by pair into the placeholder text of its ``<script>``.
        """

        def finish(rest: bytes) -> None:
            before, found, after = rest.rpartition(_DATA_SLOT.encode("ascii"))
            if not found:
                raise RuntimeError("the data placeholder is missing from the page")
            stream.write(before)
            write_page_data(doc, lambda text: stream.write(text.encode("utf-8")))
            stream.write(after)

        stream_document(
            stream,
            self.skeleton(doc),
            self.parts(doc),
            _serialize,
            _TEXT_TAGS,
            serialize_part=_serialize_part,
            finish=finish,
        )

    def skeleton(self, doc: TranslatedDocument) -> etree._Element:
        """The page without its paragraphs: head, header, legend, a slot in the table, and a
        placeholder for the data block."""
        prov = doc.provenance
        root = etree.Element("html", lang=prov.target_locale)
        head = _el(root, "head")
        _el(head, "meta", charset="utf-8")
        _el(head, "meta", name="viewport", content="width=device-width, initial-scale=1")
        _el(head, "meta", name="generator", content=html_text(f"{TOOL_ID} {prov.toolkit_version}"))
        title = f"{doc.name}: {prov.source_locale} \u2192 {prov.target_locale} review"
        _el(head, "title", html_text(title))
        _el(head, "style", CSS + asset("review.css"))
        body = _el(root, "body")
        self._header(body, doc)
        _el(
            body,
            "noscript",
            "Scripts are off: this page is read-only. Allow scripts to edit, approve, "
            "merge and export the review.",
        )
        self._legend(body)
        main = _el(body, "main")
        table = _el(main, "table", class_="pairs")
        row = _el(_el(table, "thead"), "tr")
        for label in (
            "Id",
            f"Source ({prov.source_locale})",
            f"Target ({prov.target_locale})",
            "Glossary and flags",
        ):
            _el(row, "th", label, scope="col")
        slot(table)
        if not doc.pairs:
            _el(main, "p", "No translated sentences.", class_="empty")
        _el(body, "script", _DATA_SLOT, type="application/json", id="review-data")
        _el(body, "script", asset("review.js"))
        return root

    def parts(self, doc: TranslatedDocument) -> Iterator[etree._Element]:
        """One detached ``<tbody>`` per paragraph, made as they are asked for."""
        prov = doc.provenance
        for index, pairs in doc.paragraphs():
            yield self._paragraph(index, pairs, prov.source_locale, prov.target_locale)

    def _header(self, body: etree._Element, doc: TranslatedDocument) -> None:
        prov = doc.provenance
        header = _el(body, "header")
        _el(header, "h1", html_text(f"Translation review: {doc.name}"))
        summary = _el(header, "p", class_="summary")
        paragraphs = len(doc.paragraphs())
        summary.text = html_text(
            f"{prov.source_locale} \u2192 {prov.target_locale} \u00b7 {len(doc.pairs)} sentence "
            f"pairs in {paragraphs} paragraphs \u00b7 translated "
        )
        _el(summary, "time", html_text(human_datetime(prov)), datetime=iso8601(prov.created))
        folded = _el(header, "details", class_="provenance")
        _el(folded, "summary", "Provenance: model, settings, glossary")
        details = _el(folded, "dl", class_="provenance")
        for key, value in provenance_fields(prov):
            _el(details, "dt", key.replace("_", " "))
            _el(details, "dd", html_text(value) or "\u2014")
        for stat, number in sorted(doc.stats.items()):
            if stat in {"seconds", "segments_per_s"}:
                continue  # timings differ between runs; the page stays reproducible without them
            _el(details, "dt", html_text(stat.replace("_", " ")))
            _el(details, "dd", html_text(f"{number:g}"))

    def _legend(self, body: etree._Element) -> None:
        legend = _el(body, "section", class_="legend")
        _el(legend, "h2", "Legend")
        items = _el(legend, "ul")
        for css_class, sample, meaning in LEGEND:
            item = _el(items, "li")
            tag = "span" if css_class == "flag" else "mark"
            _el(item, tag, sample, class_=css_class)
            append_text(item, f" {meaning}")

    def _paragraph(
        self, index: int, pairs: list[AlignedPair], src: str, trg: str
    ) -> etree._Element:
        tbody = etree.Element(
            "tbody",
            {"class": "paragraph", "id": f"paragraph-{index}", "data-paragraph": str(index)},
        )
        label = f"Paragraph {index}" + (" (title)" if index == 0 else "")
        _el(_el(tbody, "tr", class_="paragraph-break"), "th", label, colspan="4", scope="rowgroup")
        for pair in pairs:
            classes = "pair flagged" if pair.flags else "pair"
            row = _el(
                tbody,
                "tr",
                class_=classes,
                id=f"pair-{nmtoken(pair.id)}",
                data_id=html_text(pair.id),
                data_paragraph=str(pair.segment.paragraph),
                data_state=pair.state,
                data_origin=pair.origin,
            )
            _el(row, "td", html_text(pair.id), class_="id")
            source = _el(row, "td", class_="source", lang=src)
            _marked(source, source_text(pair), _source_spans(pair))
            target = _el(row, "td", class_="target", lang=trg, data_role="target")
            _marked(target, pair.target, _target_spans(pair))
            notes = _el(row, "td", class_="notes")
            reviewed = pair.state != "translated" or pair.origin != "mt" or pair.comment
            if pair.terms or pair.flags or pair.values or reviewed:
                items = _el(notes, "ul")
                if pair.state != "translated" or pair.origin != "mt":
                    item = _el(items, "li", class_="review-note")
                    _el(item, "span", pair.state, class_="status")
                    append_text(item, f" ({_ORIGIN_WORDS[pair.origin]})")
                if pair.comment:
                    _el(items, "li", html_text(f"comment: {pair.comment}"), class_="comment-note")
                if pair.joined:
                    joined = ", ".join(s.id for s in pair.joined)
                    _el(items, "li", html_text(f"merged with {joined}"), class_="joined-note")
                for term in pair.terms:
                    item = _el(items, "li", class_=f"term-note term-{term.status}")
                    _el(item, "span", term.status, class_="status")
                    append_text(item, html_text(" " + describe_term(term).split(": ", 1)[1]))
                for value in pair.values:
                    item = _el(items, "li", class_=f"value-note value-{value.status}")
                    _el(item, "span", value.status, class_="status")
                    append_text(item, html_text(" " + describe_value(value).split(": ", 1)[1]))
                for flag in pair.flags:
                    _el(items, "li", html_text(f"flag: {flag}"), class_="flag")
        return tbody


_DATA_SLOT = "dejour-review-data-goes-here"
"""The text of the data ``<script>`` in the skeleton, replaced by the streamed page data."""


def _serialize(root: etree._Element) -> bytes:
    return etree.tostring(root, method="html", encoding="utf-8", doctype=DOCTYPE) + b"\n"


def _serialize_part(part: etree._Element) -> bytes:
    return etree.tostring(part, method="html", encoding="utf-8", with_tail=False)


def _source_spans(pair: AlignedPair) -> list[Span]:
    text = source_text(pair)
    terms = [
        Span(t.match.start, t.match.end, t)
        for t in pair.terms
        if span_ok(text, t.match.start, t.match.end)
    ]
    values = [
        Span(v.source_start, v.source_end, v)
        for v in pair.values
        if span_ok(text, v.source_start, v.source_end)
    ]
    return terms + values


def _target_spans(pair: AlignedPair) -> list[Span]:
    terms = [
        Span(t.target_start or 0, t.target_end or 0, t)
        for t in pair.terms
        if t.target is not None and span_ok(pair.target, t.target_start, t.target_end)
    ]
    values = [
        Span(v.target_start or 0, v.target_end or 0, v)
        for v in pair.values
        if span_ok(pair.target, v.target_start, v.target_end)
    ]
    return terms + values


def _marked(cell: etree._Element, text: str, spans: list[Span]) -> None:
    """Write ``text`` into a cell, cleaned by :func:`html_text`, with nested term spans marked.

    The text is cleaned first and the span offsets moved along with it (CR LF becomes one
    character), so a span boundary between CR and LF cannot double a line break.
    """
    clean, moved = clean_with_offsets(text)
    spans = [Span(moved[s.start], moved[s.end], s.payload) for s in spans]
    roots, _crossing = nest_spans(s for s in spans if s.start < s.end)

    def open_mark(parent: etree._Element, span: Span) -> etree._Element:
        if isinstance(span.payload, ValueResult):
            value = span.payload
            return _el(
                parent,
                "mark",
                class_=f"value value-{value.status}",
                title=html_text(describe_value(value)),
            )
        term = span.payload
        assert isinstance(term, TermResult)
        return _el(
            parent,
            "mark",
            class_=f"term term-{term.status}",
            title=html_text(describe_term(term)),
            data_entry=html_text(term.match.entry.source),
        )

    build_marked(cell, clean, roots, append_text, open_mark)


_CLASS_PAIR = "contains(concat(' ', normalize-space(@class), ' '), ' pair ')"
_DIGITS = re.compile(r"\d+")


def parse(data: bytes) -> list[ParsedPair]:
    """The sentence pairs shown on a review page, in order."""
    root = lxml_html.document_fromstring(data)
    pairs: list[ParsedPair] = []
    for row in root.xpath(f"//tr[{_CLASS_PAIR}]"):
        source = row.find("td[@class='source']")
        target = row.find("td[@class='target']")
        paragraph = row.get("data-paragraph", "")
        pairs.append(
            ParsedPair(
                id=row.get("data-id", ""),
                source=source.text_content() if source is not None else "",
                target=target.text_content() if target is not None else "",
                paragraph=int(paragraph) if _DIGITS.fullmatch(paragraph) else None,
            )
        )
    return pairs

"""Writers: registry, one shared round-trip test for every format, official-schema validation.

Every format is rendered from hand-built documents (hostile text, glossary terms of every
status, nested and crossing matches, quality flags, an empty document), parsed back and
compared with the pairs that went in; the XML formats are validated against the official
schemas shipped in ``tests/data/schemas`` (through ``tests/schemas.py``).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree
from lxml import html as lxml_html
from schemas import assert_valid_tmx, assert_valid_xliff12, assert_valid_xliff20
from writers_fixtures import (
    HOSTILE,
    Sentence,
    build,
    documents,
    empty_document,
    hostile_document,
    simple_document,
)

from translate.document import TranslatedDocument
from translate.writers import (
    ALL_FORMATS,
    DEFAULT_FORMATS,
    WRITERS,
    ParsedPair,
    Writer,
    get_writer,
    parse_format_list,
    writer_module,
)
from translate.writers.base import html_text, nmtoken, xml_text

XLF2 = "urn:oasis:names:tc:xliff:document:2.0"
GLS = "urn:oasis:names:tc:xliff:glossary:2.0"
MDA = "urn:oasis:names:tc:xliff:metadata:2.0"
XLF12 = "urn:oasis:names:tc:xliff:document:1.2"
NS = {"x": XLF2, "gls": GLS, "mda": MDA, "x12": XLF12}

DOCS = documents()
BILINGUAL = [name for name in ALL_FORMATS if name != "md"]


def identity(text: str) -> str:
    return text


CLEAN: dict[str, Callable[[str], str]] = {
    # how each format documents what it does to characters it cannot carry
    "jsonl": identity,
    "xliff": identity,  # <cp hex=".."/>
    "tmx": xml_text,
    "xliff12": xml_text,
    "html": html_text,
}
ID_OF: dict[str, Callable[[str], str]] = {"xliff": nmtoken}


def render(name: str, doc: TranslatedDocument) -> bytes:
    return get_writer(name).render(doc)


def expected_pairs(name: str, doc: TranslatedDocument) -> list[ParsedPair]:
    clean = CLEAN[name]
    make_id = ID_OF.get(name, identity)
    return [
        ParsedPair(make_id(p.id), clean(p.segment.text), clean(p.target), p.segment.paragraph)
        for p in doc.pairs
    ]


def expected_paragraphs(doc: TranslatedDocument) -> list[str]:
    return [" ".join(p.target for p in pairs) for _, pairs in doc.paragraphs()]


def xml_root(data: bytes) -> etree._Element:
    return etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))


# --- registry -------------------------------------------------------------------------------


def test_registry_lists_every_format() -> None:
    assert set(WRITERS) == set(ALL_FORMATS) == {"md", "tmx", "xliff", "xliff12", "html", "jsonl"}
    assert DEFAULT_FORMATS == ("md", "tmx", "xliff", "html", "jsonl")
    assert ALL_FORMATS[-1] == "xliff12"


@pytest.mark.parametrize(
    ("name", "extension"),
    [
        ("md", ".en.md"),
        ("tmx", ".tmx"),
        ("xliff", ".xlf"),
        ("xliff12", ".xliff12.xlf"),
        ("html", ".html"),
        ("jsonl", ".jsonl"),
    ],
)
def test_get_writer(name: str, extension: str) -> None:
    writer = get_writer(name)
    assert isinstance(writer, Writer)
    assert writer.name == name
    assert writer.extension == extension
    module = writer_module(name)
    assert hasattr(module, "parse_paragraphs" if name == "md" else "parse")


def test_unknown_writer_names_the_valid_ones() -> None:
    with pytest.raises(ValueError, match="unknown output format 'docx'") as err:
        get_writer("docx")
    for name in ALL_FORMATS:
        assert name in str(err.value)


def test_parse_format_list() -> None:
    assert parse_format_list("md,tmx") == ("md", "tmx")
    assert parse_format_list(" XLIFF , jsonl,xliff ") == ("xliff", "jsonl")
    assert parse_format_list("all") == ALL_FORMATS
    assert parse_format_list("default,xliff12") == (*DEFAULT_FORMATS, "xliff12")
    with pytest.raises(ValueError, match="unknown output format 'pdf'.*html, jsonl, md, tmx"):
        parse_format_list("md,pdf")
    with pytest.raises(ValueError, match="empty output format"):
        parse_format_list("md,,tmx")
    with pytest.raises(ValueError, match="valid formats"):
        parse_format_list("")


def test_writers_import_no_torch() -> None:
    code = (
        "import sys, translate.writers as w\n"
        "for n in w.ALL_FORMATS: w.get_writer(n)\n"
        "assert 'torch' not in sys.modules and 'transformers' not in sys.modules\n"
    )
    root = Path(__file__).resolve().parents[1]
    subprocess.run([sys.executable, "-c", code], check=True, cwd=root)


# --- the shared round trip ---------------------------------------------------------------------


@pytest.mark.parametrize("doc_name", sorted(DOCS))
@pytest.mark.parametrize("name", ALL_FORMATS)
def test_round_trip(name: str, doc_name: str) -> None:
    """Every format: render → parse gives back ids, source and target (and paragraphs)."""
    doc = DOCS[doc_name]
    data = render(name, doc)
    assert isinstance(data, bytes)
    data.decode("utf-8")
    assert render(name, doc) == data, "rendering must be deterministic"
    module = writer_module(name)
    if name == "md":
        assert module.parse_paragraphs(data) == expected_paragraphs(doc)
    else:
        assert module.parse(data) == expected_pairs(name, doc)


@pytest.mark.parametrize("name", ALL_FORMATS)
def test_hostile_strings_survive(name: str) -> None:
    doc = hostile_document()
    module = writer_module(name)
    data = render(name, doc)
    if name == "md":
        texts = module.parse_paragraphs(data)
    else:
        texts = [t for p in module.parse(data) for t in (p.source, p.target)]
    joined = "\n".join(texts)
    for needle in HOSTILE:
        assert needle in joined, f"{needle!r} lost in {name}"


@pytest.mark.parametrize("name", BILINGUAL)
def test_paragraph_structure_is_kept(name: str) -> None:
    doc = hostile_document()
    parsed = writer_module(name).parse(render(name, doc))
    assert [p.paragraph for p in parsed] == [p.segment.paragraph for p in doc.pairs]
    assert sorted({p.paragraph for p in parsed}) == [0, 1, 3]


def test_markdown_keeps_paragraph_count() -> None:
    doc = hostile_document()
    paragraphs = writer_module("md").parse_paragraphs(render("md", doc))
    assert len(paragraphs) == len(doc.paragraphs()) == 3


@pytest.mark.parametrize("name", ALL_FORMATS)
def test_provenance_stamp(name: str) -> None:
    doc = simple_document()
    text = render(name, doc).decode("utf-8")
    for needle in ("0.1.0", "Helsinki-NLP/opus-mt-de-en", "6a0b8ab", "9f9f9f9f9f9f", "beam"):
        assert needle in text, f"{needle} missing from the {name} stamp"
    date = "20240501T123005Z" if name == "tmx" else "2024-05-01T12:30:05Z"
    assert date in text


@pytest.mark.parametrize("name", [n for n in ALL_FORMATS if n != "jsonl"])
def test_empty_document_still_carries_provenance(name: str) -> None:
    assert "Helsinki-NLP/opus-mt-de-en" in render(name, empty_document()).decode("utf-8")


def test_naive_time_is_taken_as_utc() -> None:
    from datetime import datetime

    doc = build("naive", [[Sentence("a", "b")]], created=datetime(2024, 1, 2, 3, 4, 5))
    assert b'creationdate="20240102T030405Z"' in render("tmx", doc)
    assert b"2024-01-02T03:04:05Z" in render("xliff", doc)


# --- TMX ------------------------------------------------------------------------------------


@pytest.mark.parametrize("doc_name", sorted(DOCS))
def test_tmx_is_valid(doc_name: str) -> None:
    data = render("tmx", DOCS[doc_name])
    assert_valid_tmx(data)
    assert b'<!DOCTYPE tmx SYSTEM "tmx14.dtd">' in data


def test_tmx_content() -> None:
    doc = hostile_document()
    root = xml_root(render("tmx", doc))
    header = root.find("header")
    assert header is not None
    assert header.get("creationdate") == "20240501T123005Z"
    assert (header.get("srclang"), header.get("adminlang")) == ("de-DE", "en-US")
    assert header.get("segtype") == "sentence" and header.get("datatype") == "plaintext"
    props = {p.get("type"): p.text for p in header.findall("prop")}
    assert props["x-model_id"] == "Helsinki-NLP/opus-mt-de-en"
    assert props["x-glossary_sha256"] == "9f" * 32
    tus = root.findall("body/tu")
    assert [tu.get("tuid") for tu in tus] == [p.id for p in doc.pairs]
    langs = [tuv.get("{http://www.w3.org/XML/1998/namespace}lang") for tuv in tus[0]]
    assert langs[-2:] == ["de-DE", "en-US"]
    flagged = tus[2]
    types = [p.get("type") for p in flagged.findall("prop")]
    assert types.count("x-term") == 2 and types.count("x-flag") == 2
    assert "missing" in (flagged.findtext("note") or "")


# --- XLIFF 2.0 --------------------------------------------------------------------------------


@pytest.mark.parametrize("doc_name", sorted(DOCS))
def test_xliff2_is_valid(doc_name: str) -> None:
    modules = assert_valid_xliff20(render("xliff", DOCS[doc_name]))
    expected = {"mda"} if doc_name != "hostile" else {"gls", "mda"}
    assert modules >= expected


def test_xliff2_structure() -> None:
    doc = hostile_document()
    root = xml_root(render("xliff", doc))
    assert (root.get("version"), root.get("srcLang"), root.get("trgLang")) == (
        "2.0",
        "de-DE",
        "en-US",
    )
    files = root.findall("x:file", NS)
    assert len(files) == 1 and files[0].get("id") == "2024-05-01_kanzlerin"
    meta = {m.get("type"): m.text for m in files[0].iterfind("mda:metadata//mda:meta", NS)}
    assert meta["model_id"] == "Helsinki-NLP/opus-mt-de-en"
    assert meta["created"] == "2024-05-01T12:30:05Z"
    units = root.findall(".//x:unit", NS)
    assert [u.get("id") for u in units] == ["p0", "p1", "p3"]
    segments = {s.get("id"): s for s in root.iterfind(".//x:segment", NS)}
    assert list(segments) == [p.id for p in doc.pairs]
    assert segments["p0s0"].get("state") == "translated"
    assert segments["p1s1"].get("state") == "initial"
    notes = " ".join(n.text or "" for n in units[1].iterfind("x:notes/x:note", NS))
    assert "term-missing" in notes and "missing: Auswärtiges Amt" in notes
    # control characters kept exactly as <cp>
    hexes = [cp.get("hex") for cp in segments["p1s2"].iterfind(".//x:cp", NS)]
    assert hexes == ["0001", "000B", "FFFE", "0001", "000B", "FFFE"]


def test_xliff2_glossary_module_links() -> None:
    doc = hostile_document()
    root = xml_root(render("xliff", doc))
    statuses = {}
    for unit in root.iterfind(".//x:unit", NS):
        entries = {e.get("id"): e for e in unit.iterfind("gls:glossary/gls:glossEntry", NS)}
        for scope in ("source", "target"):
            ids = [m.get("id") for m in unit.iterfind(f".//x:{scope}//*[@id]", NS) if m.get("id")]
            assert len(ids) == len(set(ids)), f"duplicate inline ids in {scope}"
        source_marks = {
            m.get("id"): m for m in unit.iterfind(".//x:source//*", NS) if m.get("type") == "term"
        }
        target_marks = {
            m.get("id"): m for m in unit.iterfind(".//x:target//*", NS) if m.get("type") == "term"
        }
        for mark in [*source_marks.values(), *target_marks.values()]:
            assert mark.get("ref", "").removeprefix("#gls=") in entries
        for entry in entries.values():
            ref = entry.get("ref")
            if ref is not None:
                assert ref.removeprefix("#") in source_marks
            for translation in entry.iterfind("gls:translation", NS):
                if translation.get("ref"):
                    assert translation.get("ref", "").removeprefix("#t=") in target_marks
        for group in unit.iterfind("mda:metadata/mda:metaGroup[@category='glossary']", NS):
            fields = {m.get("type"): m.text for m in group}
            assert fields["glossEntry"] in entries
            statuses[(fields["segment"], fields["entry"])] = fields["status"]
    assert statuses == {
        ("p0s0", "Bundeskanzler"): "model",
        ("p1s0", "Bundestag"): "enforced",
        ("p1s1", "Auswärtiges Amt"): "missing",
        ("p1s1", "Amt"): "missing",
        ("p3s1", "Auswärtiges Amt"): "enforced",
        ("p3s1", "Amt Berlin"): "model",
    }


def test_xliff2_marks_spans_exactly() -> None:
    root = xml_root(render("xliff", hostile_document()))
    by_id = {s.get("id"): s for s in root.iterfind(".//x:segment", NS)}
    title_mark = by_id["p0s0"].find("x:source/x:mrk", NS)
    assert title_mark is not None and title_mark.text == "Bundeskanzlerin"
    target_mark = by_id["p0s0"].find("x:target/x:mrk", NS)
    assert target_mark is not None and target_mark.text == "Chancellor"
    assert target_mark.get("id") == title_mark.get("id")
    nested = by_id["p1s1"].find("x:source/x:mrk/x:mrk", NS)
    assert nested is not None and nested.text == "Amt"
    # crossing matches: one <mrk>, the other as <sm/> … <em/>
    source = by_id["p3s1"].find("x:source", NS)
    assert source is not None
    assert source.find("x:mrk", NS) is not None
    start = source.find(".//x:sm", NS)
    end = source.find(".//x:em", NS)
    assert start is not None and end is not None and end.get("startRef") == start.get("id")


# --- XLIFF 1.2 --------------------------------------------------------------------------------


@pytest.mark.parametrize("doc_name", sorted(DOCS))
def test_xliff12_is_valid_strict(doc_name: str) -> None:
    assert_valid_xliff12(render("xliff12", DOCS[doc_name]))


def test_xliff12_content() -> None:
    root = xml_root(render("xliff12", hostile_document()))
    file = root.find("x12:file", NS)
    assert file is not None
    assert file.get("source-language") == "de-DE" and file.get("target-language") == "en-US"
    assert file.get("datatype") == "plaintext" and file.get("date") == "2024-05-01T12:30:05Z"
    tool = file.find("x12:header/x12:tool", NS)
    assert tool is not None and tool.get("tool-version") == "0.1.0"
    groups = file.findall("x12:body/x12:group", NS)
    assert [g.get("id") for g in groups] == ["p0", "p1", "p3"]
    units = {u.get("id"): u for u in root.iterfind(".//x12:trans-unit", NS)}
    assert units["p1s1"].find("x12:target", NS).get("state") == "needs-review-translation"
    assert units["p0s0"].find("x12:target", NS).get("state") == "translated"
    notes = [n.text or "" for n in units["p1s1"].iterfind("x12:note", NS)]
    assert any("missing: Auswärtiges Amt" in n for n in notes)
    assert any("term-missing" in n for n in notes)
    assert units["p0s0"].get("{http://www.w3.org/XML/1998/namespace}space") == "preserve"


# --- HTML -------------------------------------------------------------------------------------


@pytest.mark.parametrize("doc_name", sorted(DOCS))
def test_html_parses_without_errors(doc_name: str) -> None:
    data = render("html", DOCS[doc_name])
    assert data.startswith(b"<!DOCTYPE html>")
    parser = etree.HTMLParser(recover=False)
    etree.fromstring(data, parser)
    assert len(parser.error_log) == 0, parser.error_log
    lxml_html.document_fromstring(data)


@pytest.mark.parametrize("doc_name", sorted(DOCS))
def test_html_is_valid_html5(doc_name: str) -> None:
    import html5lib  # a dev dependency: a strict HTML5 parser

    html5lib.HTMLParser(strict=True).parse(render("html", DOCS[doc_name]))


def test_html_page() -> None:
    doc = hostile_document()
    data = render("html", doc)
    root = lxml_html.document_fromstring(data)
    assert root.get("lang") == "en-US"
    assert root.xpath("//meta[@charset='utf-8']")
    # self-contained: inline scripts only (the review tools and their JSON data), no links,
    # nothing loaded from anywhere
    assert not root.xpath("//link | //img | //iframe | //*[@src] | //*[@href]")
    scripts = root.xpath("//script")
    assert [s.get("type") for s in scripts] == ["application/json", None]
    assert all(s.text and s.text.strip() for s in scripts)
    assert root.xpath("//td[@class='target'][@data-role='target']")
    assert b"http" not in data.lower().replace(b"http-equiv", b"")
    assert root.xpath("//section[contains(@class, 'legend')]")
    assert "Helsinki-NLP/opus-mt-de-en" in root.xpath("string(//dl[@class='provenance'])")
    rows = root.xpath("//tr[contains(@class, 'pair')]")
    assert [r.get("data-id") for r in rows] == [p.id for p in doc.pairs]
    for row in rows:
        assert row.xpath("td[@class='source']/@lang") == ["de-DE"]
        assert row.xpath("td[@class='target']/@lang") == ["en-US"]
    breaks = root.xpath("//tbody[@class='paragraph']")
    assert [b.get("data-paragraph") for b in breaks] == ["0", "1", "3"]
    assert all(b.xpath("tr[@class='paragraph-break']") for b in breaks)
    flagged = [r.get("data-id") for r in rows if "flagged" in r.get("class").split()]
    assert flagged == [p.id for p in doc.pairs if p.flags]
    marks = {
        (m.xpath("ancestor::td/@class")[0], m.get("class"), m.text_content())
        for m in root.xpath("//td//mark")
    }
    assert ("source", "term term-model", "Bundeskanzlerin") in marks
    assert ("target", "term term-model", "Chancellor") in marks
    assert ("target", "term term-enforced", "Bundestag") in marks
    assert ("source", "term term-missing", "Auswärtiges Amt") in marks
    assert ("source", "term term-missing", "Amt") in marks
    notes = root.xpath("string(//tr[@data-id='p1s1']/td[@class='notes'])")
    assert "missing" in notes and "length-ratio" in notes


def test_html_escapes_markup() -> None:
    data = render("html", hostile_document())
    assert b"<b>" not in data and b"&lt;b&gt;" in data
    assert b"<!-- no comment -->" not in data


# --- JSONL ------------------------------------------------------------------------------------


def test_jsonl_records() -> None:
    doc = hostile_document()
    data = render("jsonl", doc)
    lines = data.decode("utf-8").split("\n")
    assert lines[-1] == "" and len(lines) - 1 == len(doc.pairs)
    assert "\u2028" not in data.decode("utf-8") and "\x85" not in data.decode("utf-8")
    records = [json.loads(line) for line in lines[:-1]]
    assert len({r["id"] for r in records}) == len(records)
    for record, pair in zip(records, doc.pairs, strict=True):
        assert record["id"] == pair.id and isinstance(record["id"], str)
        assert record["source"] == pair.segment.text
        assert record["target"] == pair.target
        assert (record["paragraph"], record["sentence"]) == (
            pair.segment.paragraph,
            pair.segment.index,
        )
        assert record["flags"] == list(pair.flags)
        assert record["provenance"]["model_id"] == "Helsinki-NLP/opus-mt-de-en"
        assert record["provenance"]["created"] == "2024-05-01T12:30:05Z"
        for term in record["terms"]:
            assert set(term) >= {"source", "start", "end", "entry", "target", "status"}
            assert record["source"][term["start"] : term["end"]] == term["source"]
            assert term["status"] in {"model", "enforced", "missing"}
            assert (term["target"] is None) == (term["status"] == "missing")
    by_id = {r["id"]: r for r in records}
    assert [r["sentence"] for r in records] == [0, 0, 1, 2, 1, 2]
    assert by_id["p1s2"]["source"] == "Steuer\x01zeichen\x0b und\ttab\x7f\x85 \u2028Ende\ufffe"
    assert by_id["p1s0"]["terms"][0] == {
        "source": "Bundestag",
        "start": 4,
        "end": 13,
        "entry": "Bundestag",
        "origin": "news.tsv:7",
        "type": "organisation",
        "target": "Bundestag",
        "target_start": 4,
        "target_end": 13,
        "status": "enforced",
    }
    assert by_id["p0s0"]["flags"] == []


def test_jsonl_ids_are_stable() -> None:
    assert render("jsonl", hostile_document()) == render("jsonl", hostile_document())


def test_jsonl_lone_surrogate_is_escaped() -> None:
    doc = build("surrogate", [[Sentence("a\ud800b", "c")]])
    data = render("jsonl", doc)
    assert b"\\ud800" in data
    assert writer_module("jsonl").parse(data)[0].source == "a\ud800b"


# --- Markdown ---------------------------------------------------------------------------------

TRICKY_LINES = [
    "# h",
    "## h",
    "- item",
    "+ item",
    "* item",
    "1. one",
    "2024) year",
    "12\\. x",
    "> quote",
    "   > indented quote",
    "<div>",
    "<!-- c -->",
    "===",
    "---",
    "___",
    "```",
    "~~~",
    "| a | b |",
    "[ref]: /url",
    "\\",
    "\\#",
    "",
    "   ",
    "\t",
    "plain",
    "ends with #",
    "#",
    "C #",
    "trailing # ",
]


@pytest.mark.parametrize("line", TRICKY_LINES)
@pytest.mark.parametrize("where", ["title", "body", "second line"])
def test_markdown_escapes_round_trip(line: str, where: str) -> None:
    if where == "title":
        paragraphs = [[Sentence("t", line)], [Sentence("x", "body")]]
    elif where == "body":
        paragraphs = [[Sentence("t", "Title")], [Sentence("x", line)]]
    else:
        paragraphs = [[Sentence("t", "Title")], [Sentence("x", f"first\n{line}\r\n{line}")]]
    doc = build("md", paragraphs)
    data = render("md", doc)
    assert writer_module("md").parse_paragraphs(data) == expected_paragraphs(doc)


def test_markdown_block_structure() -> None:
    doc = hostile_document()
    text = render("md", doc).decode("utf-8")
    lines = text.split("\n")
    assert lines[0] == "# Chancellor meets <b>president</b> & “partners”"
    footer = lines[-2]
    assert footer.startswith("<!-- translated by dejour-translate 0.1.0") and footer.endswith("-->")
    assert text.endswith("-->\n")
    body = [line for line in lines[1:-2] if line]
    unsafe = re.compile(r"[ \t]*([#>+*=_`~<|\[-]|\d+[.)])")
    for line in body:
        assert not unsafe.match(line), f"line would change the block structure: {line!r}"


def test_markdown_footer_cannot_be_broken() -> None:
    doc = build("x", [[Sentence("a", "b")]], model_id="evil-->model<!--x", model_revision="--")
    text = render("md", doc).decode("utf-8")
    footer = text.rstrip("\n").rsplit("\n", 1)[-1]
    inner = footer[len("<!--") : -len("-->")]
    assert "--" not in inner
    assert "evil- ->model<!- -x" in inner


def test_markdown_without_title_paragraph() -> None:
    doc = build("nt", [[Sentence("Kopf", "", boilerplate=True)], [Sentence("a", "# b")]])
    data = render("md", doc)
    module = writer_module("md")
    assert not data.startswith(b"# ")
    assert module.parse_title(data) is None
    assert module.parse_paragraphs(data) == ["# b"]


# --- ids and offsets the writers cannot trust ---------------------------------------------------


def _odd_document() -> TranslatedDocument:
    """Segment ids that are no XML NMTOKEN and term offsets that do not fit the text."""
    from dataclasses import replace

    doc = hostile_document()
    odd_ids = ["seg 1", "seg/1", "ü:1", "", "p3 s1", "p3s2"]
    pairs = []
    for pair, new_id in zip(doc.pairs, odd_ids, strict=True):
        terms = tuple(
            replace(t, match=replace(t.match, start=t.match.start + 1000), target_end=10_000)
            for t in pair.terms
        )
        pairs.append(replace(pair, segment=replace(pair.segment, id=new_id), terms=terms))
    return replace(doc, pairs=tuple(pairs))


@pytest.mark.parametrize("name", BILINGUAL)
def test_odd_ids_and_bad_offsets_round_trip(name: str) -> None:
    doc = _odd_document()
    assert writer_module(name).parse(render(name, doc)) == expected_pairs(name, doc)


def test_odd_ids_give_distinct_valid_xliff2_ids() -> None:
    root = xml_root(render("xliff", _odd_document()))
    assert_valid_xliff20(root)
    ids = [s.get("id") for s in root.iterfind(".//x:segment", NS)]
    assert len(set(ids)) == len(ids) == 6
    # offsets outside the text: the match is still reported, but nothing is marked
    assert not list(root.iterfind(".//x:mrk", NS))
    assert len(list(root.iterfind(".//gls:glossEntry", NS))) == 6
    assert all(e.get("ref") is None for e in root.iterfind(".//gls:glossEntry", NS))


def test_odd_ids_in_html_are_unique_element_ids() -> None:
    root = lxml_html.document_fromstring(render("html", _odd_document()))
    ids = root.xpath("//tr/@id")
    assert len(ids) == len(set(ids)) == 6
    assert not root.xpath("//td//mark")

"""Loading glossaries (TSV, CSV, TBX v2, TBX v3), their errors, and merging."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from translate.errors import GlossaryError, TranslateError
from translate.glossary import Glossary, load_glossary, merge_glossaries

DATA = Path(__file__).parent / "data" / "glossaries"


def summary(glossary: Glossary) -> list[tuple[str, tuple[str, ...], str, bool, str]]:
    return [(e.source, e.targets, e.type, e.case_sensitive, e.match) for e in glossary.entries]


DELIMITED_EXPECTED = [
    ("Kiew", ("Kyiv",), "place", True, "word"),
    ("Verteidigungsminister", ("defense minister", "defense ministers"), "rank", True, "compound"),
    ("Nato", ("NATO",), "organisation", False, "word"),
    ("Lloyd Austin", ("Lloyd Austin",), "person", True, "word"),
]


@pytest.mark.parametrize("name", ["sample.tsv", "sample.csv"])
def test_delimited_formats_read_the_same(name: str) -> None:
    glossary = load_glossary(DATA / name)
    assert summary(glossary) == DELIMITED_EXPECTED
    kiew = glossary.entries[0]
    assert kiew.extra == (("domain", "geo"),)
    assert kiew.preferred == "Kyiv"


def test_tsv_origin_notes_and_comments() -> None:
    glossary = load_glossary(DATA / "sample.tsv")
    assert [e.origin for e in glossary.entries] == [
        f"{DATA / 'sample.tsv'}:{n}" for n in (5, 6, 8, 9)
    ]
    assert glossary.entries[0].note == "AP/Reuters spelling"


def test_csv_quoted_fields_and_semicolons() -> None:
    glossary = load_glossary(DATA / "sample.csv")
    assert glossary.entries[0].note == "AP, Reuters"
    assert glossary.entries[3].note == "US defense secretary, 2021-2025"
    assert glossary.entries[3].origin.endswith(":7")
    assert summary(load_glossary(DATA / "sample-semicolon.csv")) == [
        ("Kiew", ("Kyiv",), "place", True, "word")
    ]


def test_bom_and_crlf() -> None:
    glossary = load_glossary(DATA / "bom-crlf.tsv")
    assert summary(glossary) == [
        ("Kiew", ("Kyiv",), "term", True, "word"),
        ("Charkiw", ("Kharkiv",), "term", True, "word"),
    ]


def test_tbx_v2() -> None:
    glossary = load_glossary(DATA / "sample-v2.tbx")
    assert summary(glossary) == [
        ("Kiew", ("Kyiv",), "place", True, "word"),
        ("Kyjiw", ("Kyiv",), "term", True, "word"),
        (
            "Verteidigungsminister",
            ("defense minister", "defense ministers"),  # en-GB is a locale target
            "term",
            True,
            "compound",
        ),
    ]
    kiew, _, minister = glossary.entries
    assert kiew.extra == (("subjectField", "geography"),)
    assert kiew.origin.endswith("sample-v2.tbx:13")
    assert minister.note == "compound heads count"


def test_tbx_v3() -> None:
    glossary = load_glossary(DATA / "sample-v3.tbx")
    assert summary(glossary) == [
        ("Kiew", ("Kyiv",), "place", True, "word"),
        ("Nato", ("NATO",), "term", False, "word"),
    ]
    assert glossary.entries[0].extra == (("partOfSpeech", "noun"),)


def test_sha256_files_and_empty() -> None:
    path = DATA / "sample.tsv"
    glossary = load_glossary(path)
    assert glossary.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert glossary.files == (str(path),)
    assert len(glossary) == 4
    empty = Glossary.empty()
    assert (empty.entries, empty.files, empty.sha256) == ((), (), "")


def test_merge_later_file_wins(tmp_path: Path) -> None:
    base = DATA / "sample.tsv"
    override = tmp_path / "override.tsv"
    override.write_text(
        "source\ttarget\tcase\nKiew\tKiev\t\nNATO\tNATO alliance\tinsensitive\nOdessa\tOdesa\n",
        encoding="utf-8",
    )
    merged = merge_glossaries([load_glossary(base), load_glossary(override)])
    got = {e.source: e.targets for e in merged.entries}
    assert got == {
        "Kiew": ("Kiev",),
        "Verteidigungsminister": ("defense minister", "defense ministers"),
        "NATO": ("NATO alliance",),
        "Lloyd Austin": ("Lloyd Austin",),
        "Odessa": ("Odesa",),
    }
    assert merged.files == (str(base), str(override))
    assert merged.sha256 == hashlib.sha256(base.read_bytes() + override.read_bytes()).hexdigest()
    assert merge_glossaries([]) == Glossary.empty()


def test_case_sensitive_sources_that_differ_in_case_both_stay(tmp_path: Path) -> None:
    path = tmp_path / "g.tsv"
    path.write_text("source\ttarget\nAmt\toffice\nAMT\tAMT\nKiew\tKiev\nKiew\tKyiv\n", "utf-8")
    glossary = load_glossary(path)
    assert [(e.source, e.preferred) for e in glossary.entries] == [
        ("Amt", "office"),
        ("AMT", "AMT"),
        ("Kiew", "Kyiv"),
    ]


ERROR_CASES = [
    ("Kiew\tKyiv\n", "x.tsv:1: header has no 'source' or 'target' column"),
    ("# only a comment\n\n", "x.tsv:1: no header line"),
    ("quelle\tziel\nKiew\tKyiv\n", "x.tsv:1: header has no 'source' or 'target' column"),
    ("source\tsource\ttarget\n", "x.tsv:1: header names column 'source' twice"),
    ("source\nKiew\n", "x.tsv:1: header has no 'target' column"),
    ("source\ttarget\n\tKyiv\n", "x.tsv:2: empty source"),
    ("source\ttarget\n# c\nKiew\t\n", "x.tsv:3: empty target for source 'Kiew'"),
    ("source\ttarget\nKiew\tKyiv||Kiev\n", "x.tsv:2: target 'Kyiv||Kiev' has an empty alternative"),
    ("source\ttarget\nKiew    Kyiv\n", "x.tsv:2: no TAB in 'Kiew    Kyiv'"),
    ("source\ttarget\nKiew\tKyiv\tplace\n", "x.tsv:2: 3 fields but the header names 2 columns"),
    ("source\ttarget\ttype\nKiew\tKyiv\tcity\n", "x.tsv:2: unknown type 'city'"),
    ("source\ttarget\tcase\nKiew\tKyiv\tlower\n", "x.tsv:2: unknown case 'lower'"),
    ("source\ttarget\tmatch\nKiew\tKyiv\tprefix\n", "x.tsv:2: unknown match 'prefix'"),
    ("source\ttarget\nA|B\tx\n", "x.tsv:2: source 'A|B' contains '|'"),
]


@pytest.mark.parametrize(("content", "expected"), ERROR_CASES)
def test_errors_name_file_and_line(tmp_path: Path, content: str, expected: str) -> None:
    path = tmp_path / "x.tsv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(GlossaryError) as info:
        load_glossary(path)
    message = str(info.value)
    assert message.startswith(str(tmp_path / expected.split(":")[0]) + ":")
    assert expected.split(" ", 1)[0].split(":", 1)[1] in message
    assert expected.split(" ", 1)[1] in message
    assert "\n" not in message
    assert ";" in message  # every message says what to do after the semicolon


def test_not_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.tsv"
    path.write_bytes("source\ttarget\nKiew\tKyiv\nMünchen\tMunich\n".encode("latin-1"))
    with pytest.raises(GlossaryError, match=r"latin1\.tsv:3: not valid UTF-8 .*save the file"):
        load_glossary(path)
    csv_path = tmp_path / "latin1.csv"
    csv_path.write_bytes("source,target\nMünchen,Munich\n".encode("latin-1"))
    with pytest.raises(GlossaryError, match=r"latin1\.csv:2: not valid UTF-8"):
        load_glossary(csv_path)
    utf16 = tmp_path / "utf16.tsv"
    utf16.write_bytes("source\ttarget\n".encode("utf-16"))
    with pytest.raises(GlossaryError, match=r"utf16\.tsv:1: file is UTF-16"):
        load_glossary(utf16)


def test_file_level_errors(tmp_path: Path) -> None:
    with pytest.raises(GlossaryError, match="not found; check the path"):
        load_glossary(tmp_path / "missing.tsv")
    folder = tmp_path / "folder.tsv"
    folder.mkdir()
    with pytest.raises(GlossaryError, match="is a directory"):
        load_glossary(folder)
    odd = tmp_path / "terms.xlsx"
    odd.write_bytes(b"")
    with pytest.raises(GlossaryError, match=r"unknown glossary format '\.xlsx'"):
        load_glossary(odd)
    assert issubclass(GlossaryError, TranslateError)


def test_csv_errors(tmp_path: Path) -> None:
    path = tmp_path / "g.csv"
    path.write_text('source,target\nKiew,Kyiv\n"Charkiw,Kharkiv\n', encoding="utf-8")
    with pytest.raises(GlossaryError, match=r"g\.csv:3: malformed CSV"):
        load_glossary(path)
    path.write_text("source,target\nKiew,\n", encoding="utf-8")
    with pytest.raises(GlossaryError, match=r"g\.csv:2: empty target"):
        load_glossary(path)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("<martif><text><body><termEntry>", r"g\.tbx:1: not well-formed XML"),
        ("<root/>", r"g\.tbx:1: root element <root> is neither"),
        (
            '<tbx>\n<text><body>\n<conceptEntry id="c9">\n<langSec xml:lang="en">'
            "<termSec><term>Kyiv</term></termSec></langSec></conceptEntry></body></text></tbx>",
            r"g\.tbx:3: concept entry 'c9' has no German term",
        ),
        (
            '<martif>\n<text><body><termEntry>\n<langSet xml:lang="de">\n<tig><term>Kiew</term>'
            "</tig></langSet></termEntry></body></text></martif>",
            r"g\.tbx:4: empty target for source 'Kiew'",
        ),
    ],
)
def test_tbx_errors(tmp_path: Path, content: str, expected: str) -> None:
    path = tmp_path / "g.tbx"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(GlossaryError, match=expected):
        load_glossary(path)


def test_tbx_does_not_expand_external_entities(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET", encoding="utf-8")
    path = tmp_path / "g.xml"
    path.write_text(
        f'<?xml version="1.0"?><!DOCTYPE martif [<!ENTITY x SYSTEM "file://{secret}">]>'
        '<martif><text><body><termEntry><langSet xml:lang="de"><tig><term>Kiew</term></tig>'
        '</langSet><langSet xml:lang="en"><tig><term>Kyiv&x;</term></tig></langSet>'
        "</termEntry></body></text></martif>",
        encoding="utf-8",
    )
    glossary = load_glossary(path)
    assert "SECRET" not in glossary.entries[0].preferred


def test_tbx_deprecated_english_terms_are_not_targets(tmp_path: Path) -> None:
    path = tmp_path / "status.tbx"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<martif type="TBX-Basic" xml:lang="en"><text><body>'
        '<termEntry id="c1">'
        '<langSet xml:lang="de"><tig><term>Kiew</term></tig></langSet>'
        '<langSet xml:lang="en"><tig><term>Kyiv</term></tig>'
        "<tig><term>Kiev</term>"
        '<termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>'
        "</langSet></termEntry></body></text></martif>\n",
        encoding="utf-8",
    )
    (entry,) = load_glossary(path).entries
    assert entry.targets == ("Kyiv",)

"""`translate apply`: reviewed XLIFF 2.0/1.2, CAT-tool TMX and reviewed JSONL back into the outputs.

A module fixture translates a small article (tiny checkpoint, shipped glossary, every format);
each test works on a copy of its output folder, edits a reviewed file the way a CAT tool or the
review page would, runs ``translate apply`` and reads the rewritten outputs back.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT
from lxml import etree
from schemas import assert_valid_tmx, assert_valid_xliff12, assert_valid_xliff20
from typer.testing import CliRunner

from translate.cli import app
from translate.writers.md import parse_paragraphs

GLOSSARY = ROOT / "glossaries" / "news-de-en.tsv"
XLF2 = "urn:oasis:names:tc:xliff:document:2.0"
XLF12 = "urn:oasis:names:tc:xliff:document:1.2"
NS = {"x": XLF2, "x12": XLF12}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

ARTICLE = (
    "Beloussow trifft Austin in Kiew\n\n"
    "Der Verteidigungsminister Beloussow sprach am 12. Juli mit Austin. "
    "Das Gespräch dauerte lange. Danach reiste er ab.\n\n"
    "Die Ukraine erhielt 45.000 Euro. Kiew bestätigte das.\n"
)
IDS = ["p0s0", "p1s0", "p1s1", "p1s2", "p2s0", "p2s1"]
runner = CliRunner()


def _translate(article: Path, model: Path, out: Path, *extra: str) -> None:
    result = runner.invoke(
        app,
        ["article", str(article), "-m", str(model), "-o", str(out), "--format", "all", "-q"]
        + list(extra),
    )
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def translated(tiny_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("apply-source")
    article = folder / "art.de.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    out = folder / "out"
    _translate(article, tiny_model, out, "-g", str(GLOSSARY), "--no-cache")
    assert [r["id"] for r in _records(out)] == IDS
    return out


@pytest.fixture()
def out(translated: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "out"
    shutil.copytree(translated, copy)
    return copy


def _records(out: Path, name: str = "art") -> list[dict[str, Any]]:
    lines = (out / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _by_id(out: Path, name: str = "art") -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in _records(out, name)}


def _apply(reviewed: Path, out: Path, *extra: str) -> Any:
    return runner.invoke(app, ["apply", str(reviewed), "--out", str(out), *extra])


def _snapshot(out: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(out.iterdir())}


def _one_line_error(result: Any, *needles: str) -> None:
    assert result.exit_code != 0, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    assert lines[0].startswith("error: "), lines[0]
    for needle in needles:
        assert needle in lines[0], lines[0]


def _parse(path: Path) -> etree._ElementTree:
    return etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))


def _set_text(elem: etree._Element, text: str) -> None:
    for child in list(elem):
        elem.remove(child)
    elem.text = text


def _segment(tree: etree._ElementTree, seg_id: str) -> etree._Element:
    found = tree.findall(f".//x:segment[@id='{seg_id}']", NS)
    assert len(found) == 1
    return found[0]


def _trans_unit(tree: etree._ElementTree, unit_id: str) -> etree._Element:
    found = tree.findall(f".//x12:trans-unit[@id='{unit_id}']", NS)
    assert len(found) == 1
    return found[0]


def _source(records: dict[str, dict[str, Any]], *ids: str) -> str:
    return " ".join(records[i]["source"] for i in ids)


# --- XLIFF 2.0 edited in a CAT tool --------------------------------------------------------------


def _cat_tool_xliff2(out: Path) -> tuple[Path, dict[str, dict[str, Any]]]:
    """art.xlf as a CAT tool saves it after review: edits, states, notes, a merge, whitespace."""
    before = _by_id(out)
    tree = _parse(out / "art.xlf")
    # an edit saved as merely translated (OmegaT), with the tool's line breaks inside
    seg = _segment(tree, "p0s0")
    seg.set("state", "translated")
    _set_text(seg.find("x:target", NS), "  Belousov meets\n      Austin in   Kyiv ")
    # approved as is; the tool reflowed the target's whitespace
    seg = _segment(tree, "p1s0")
    seg.set("state", "reviewed")
    _set_text(seg.find("x:target", NS), "\n " + "  ".join(before["p1s0"]["target"].split(" ")))
    # a wrong split merged: one segment keeping the first id, the second removed
    seg = _segment(tree, "p1s1")
    seg.set("state", "final")
    seg.set("subState", "okp:edited")  # another tool's subState: the text decides
    _set_text(seg.find("x:source", NS), _source(before, "p1s1", "p1s2"))
    _set_text(seg.find("x:target", NS), "The talk lasted long, then he left.")
    absorbed = _segment(tree, "p1s2")
    absorbed.getparent().remove(absorbed)
    # edits that break the glossary and leave a value in German form: flagged, never corrected
    seg = _segment(tree, "p2s0")
    seg.set("state", "reviewed")
    seg.set("subState", "dejour:human")
    _set_text(seg.find("x:target", NS), "Ukraine received 45.000 euros.")
    seg = _segment(tree, "p2s1")
    seg.set("state", "reviewed")
    _set_text(seg.find("x:target", NS), "Kiev confirmed that.")
    # a note the tool added to the first unit, and one in our own comment convention
    for unit_id, note_id, text in (
        ("p0", None, "Headline: check the style"),
        ("p2", "comment-p2s0", "Amount as in the wire"),
    ):
        unit = tree.find(f".//x:unit[@id='{unit_id}']", NS)
        notes = unit.find("x:notes", NS)
        if notes is None:
            notes = etree.Element(f"{{{XLF2}}}notes")
            unit.insert(unit.index(unit.find("x:segment", NS)), notes)
        note = etree.SubElement(notes, f"{{{XLF2}}}note")
        if note_id:
            note.set("id", note_id)
            note.set("category", "comment")
        note.text = text
    reviewed = out.parent / "art.reviewed.xlf"
    tree.write(str(reviewed), xml_declaration=True, encoding="UTF-8")
    return reviewed, before


def test_xliff2_from_a_cat_tool_round_trip(out: Path) -> None:
    reviewed, before = _cat_tool_xliff2(out)
    result = _apply(reviewed, out)
    assert result.exit_code == 0, result.output
    assert "4 sentence(s) edited" in result.output and "1 merged" in result.output

    after = _by_id(out)
    assert list(after) == ["p0s0", "p1s0", "p1s1", "p2s0", "p2s1"]
    title = after["p0s0"]
    assert title["target"] == "Belousov meets Austin in Kyiv"  # whitespace runs collapsed
    assert (title["origin"], title["status"]) == ("human", "translated")
    assert title["comment"] == "Headline: check the style"
    assert [t["status"] for t in title["terms"]] == ["model"] * 3 and title["flags"] == []
    approved = after["p1s0"]
    assert approved["target"] == before["p1s0"]["target"]  # whitespace-only change: no edit
    assert (approved["origin"], approved["status"]) == ("mt-approved", "reviewed")
    assert approved["terms"] == before["p1s0"]["terms"]
    merged = after["p1s1"]
    assert merged["source"] == _source(before, "p1s1", "p1s2")
    assert merged["joined"] == ["p1s2"]
    assert [s["id"] for s in merged["segments"]] == ["p1s1", "p1s2"]
    assert (merged["origin"], merged["status"]) == ("human", "final")
    money = after["p2s0"]
    assert money["target"] == "Ukraine received 45.000 euros."  # not "corrected"
    assert {"value-missing", "value-format"} & set(money["flags"])
    assert money["comment"] == "Amount as in the wire"
    kyiv = after["p2s1"]
    assert kyiv["target"] == "Kiev confirmed that."
    assert "term-missing" in kyiv["flags"]
    assert [t["status"] for t in kyiv["terms"]] == ["missing"]
    assert "p2s0" in result.output and "p2s1" in result.output  # flagged in the summary

    # the English edition: every paragraph kept, the merged sentence once
    paragraphs = parse_paragraphs((out / "art.en.md").read_bytes())
    assert paragraphs == [
        "Belousov meets Austin in Kyiv",
        f"{before['p1s0']['target']} The talk lasted long, then he left.",
        "Ukraine received 45.000 euros. Kiev confirmed that.",
    ]

    xlf = _parse(out / "art.xlf")
    states = {
        s.get("id"): (s.get("state"), s.get("subState")) for s in xlf.iterfind(".//x:segment", NS)
    }
    assert states == {
        "p0s0": ("translated", "dejour:human"),
        "p1s0": ("reviewed", "dejour:approved"),
        "p1s1": ("final", "dejour:human"),
        "p2s0": ("reviewed", "dejour:human"),
        "p2s1": ("reviewed", "dejour:human"),
    }
    comment = xlf.find(".//x:note[@id='comment-p0s0']", NS)
    assert comment is not None and comment.get("category") == "comment"
    assert comment.text == "Headline: check the style"
    merged_source = _segment(xlf, "p1s1").find("x:source", NS)
    assert "".join(merged_source.itertext()) == _source(before, "p1s1", "p1s2")

    x12 = _parse(out / "art.xliff12.xlf")
    unit = _trans_unit(x12, "p1s0")
    assert unit.get("approved") == "yes"
    assert unit.find("x12:target", NS).get("state") == "signed-off"
    assert unit.find("x12:target", NS).get("state-qualifier") == "mt-suggestion"
    unit = _trans_unit(x12, "p1s1")
    assert unit.find("x12:target", NS).get("state") == "final"
    assert unit.find("x12:target", NS).get("state-qualifier") is None
    assert x12.find(".//x12:trans-unit[@id='p1s2']", NS) is None

    tmx = _parse(out / "art.tmx")
    tu = tmx.find(".//tu[@tuid='p1s1']")
    props = {p.get("type"): p.text for p in tu.findall("prop")}
    assert (props["x-origin"], props["x-state"], props["x-joined"]) == ("human", "final", "p1s2")
    tu = tmx.find(".//tu[@tuid='p2s0']")
    assert {p.get("type"): p.text for p in tu.findall("prop")}["x-comment"] == (
        "Amount as in the wire"
    )
    assert "The talk lasted long, then he left." in (out / "art.html").read_text(encoding="utf-8")


def test_our_rewritten_xliff_applies_again_unchanged(out: Path, tmp_path: Path) -> None:
    reviewed, _ = _cat_tool_xliff2(out)
    assert _apply(reviewed, out).exit_code == 0
    first = _records(out)
    again = tmp_path / "again.xlf"
    shutil.copy(out / "art.xlf", again)
    result = _apply(again, out)
    assert result.exit_code == 0, result.output
    assert "0 sentence(s) edited" in result.output
    assert _records(out) == first


def test_split_a_merged_sentence_back(out: Path, tmp_path: Path) -> None:
    reviewed, before = _cat_tool_xliff2(out)
    assert _apply(reviewed, out).exit_code == 0
    tree = _parse(out / "art.xlf")
    seg = _segment(tree, "p1s1")
    _set_text(seg.find("x:source", NS), before["p1s1"]["source"])
    _set_text(seg.find("x:target", NS), "The talk lasted long.")
    second = etree.fromstring(etree.tostring(seg))
    second.set("id", "p1s2")
    _set_text(second.find("x:source", NS), before["p1s2"]["source"])
    _set_text(second.find("x:target", NS), "Then he left.")
    seg.addnext(second)
    split = tmp_path / "split.xlf"
    tree.write(str(split), xml_declaration=True, encoding="UTF-8")
    result = _apply(split, out)
    assert result.exit_code == 0, result.output
    after = _by_id(out)
    assert [after[i]["target"] for i in ("p1s1", "p1s2")] == [
        "The talk lasted long.",
        "Then he left.",
    ]
    assert after["p1s1"]["joined"] == [] and "segments" not in after["p1s1"]
    paragraphs = parse_paragraphs((out / "art.en.md").read_bytes())
    assert paragraphs[1].endswith("The talk lasted long. Then he left.")


# --- XLIFF 1.2 --------------------------------------------------------------------------------


def test_xliff12_from_a_cat_tool_round_trip(out: Path) -> None:
    before = _by_id(out)
    tree = _parse(out / "art.xliff12.xlf")
    unit = _trans_unit(tree, "p0s0")  # Weblate: approved, edited
    unit.set("approved", "yes")
    _set_text(unit.find("x12:target", NS), "Belousov meets Austin in Kyiv")
    unit = _trans_unit(tree, "p1s0")  # approved as is
    unit.set("approved", "yes")
    unit = _trans_unit(tree, "p1s1")  # edited, not approved yet (Okapi: state translated)
    _set_text(unit.find("x12:target", NS), "The talk\n   lasted long.")
    note = etree.SubElement(unit, f"{{{XLF12}}}note", {"from": "translator"})
    note.text = "Tone it down?"
    merged = _trans_unit(tree, "p2s0")  # Matecat: signed off, merged with the next
    _set_text(merged.find("x12:source", NS), _source(before, "p2s0", "p2s1"))
    _set_text(merged.find("x12:target", NS), "Ukraine received 45,000 euros, Kyiv confirmed.")
    merged.find("x12:target", NS).set("state", "signed-off")
    absorbed = _trans_unit(tree, "p2s1")
    absorbed.getparent().remove(absorbed)
    # the tool names its own file in ``original``: a hint only, the ids and sources decide
    tree.find("x12:file", NS).set("original", "C:\\Projects\\news\\art-final.xlf")
    reviewed = out.parent / "art.reviewed.xliff12.xlf"
    tree.write(str(reviewed), xml_declaration=True, encoding="UTF-8")

    result = _apply(reviewed, out)
    assert result.exit_code == 0, result.output
    after = _by_id(out)
    assert list(after) == ["p0s0", "p1s0", "p1s1", "p1s2", "p2s0"]
    assert (after["p0s0"]["origin"], after["p0s0"]["status"]) == ("human", "reviewed")
    assert (after["p1s0"]["origin"], after["p1s0"]["status"]) == ("mt-approved", "reviewed")
    assert after["p1s1"]["target"] == "The talk lasted long."
    assert (after["p1s1"]["origin"], after["p1s1"]["status"]) == ("human", "translated")
    assert after["p1s1"]["comment"] == "Tone it down?"
    assert after["p1s2"] == before["p1s2"]  # untouched in the review: kept as it was
    assert after["p2s0"]["joined"] == ["p2s1"]
    assert after["p2s0"]["flags"] == []  # 45,000 euros and Kyiv: the checks pass
    assert {t["status"] for t in after["p2s0"]["terms"]} == {"model"}
    paragraphs = parse_paragraphs((out / "art.en.md").read_bytes())
    assert paragraphs[2] == "Ukraine received 45,000 euros, Kyiv confirmed."
    assert len(paragraphs) == 3


# --- TMX exported by a CAT tool -----------------------------------------------------------------

OMEGAT_TMX = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx11.dtd" [
  <!ENTITY nbsp "&#160;">
]>
<tmx version="1.1">
  <header creationtool="OmegaT" o-tmf="OmegaT TMX" adminlang="EN-US" datatype="plaintext"
          creationtoolversion="6.0.0" segtype="sentence" srclang="DE-DE">
    <prop type="x-project">newsroom</prop>
  </header>
  <body>
    <tu changeid="anna" changedate="20261130T101010Z">
      <prop type="file">art.de.txt</prop>
      <note>Kyiv per the style guide</note>
      <tuv lang="DE-DE"><seg>Kiew bestätigte das.</seg></tuv>
      <tuv lang="EN-US"><seg>Kyiv confirmed it &amp; more&nbsp;today.</seg></tuv>
    </tu>
    <tu>
      <tuv xml:lang="de-DE"><seg>Das Gespräch   dauerte lange. Danach reiste er ab.</seg></tuv>
      <tuv xml:lang="en-US"
        ><seg>The call was long<ph x="1">&lt;br/&gt;</ph> and then he left.</seg></tuv>
    </tu>
    <tu>
      <tuv lang="FR-FR"><seg>Une autre langue.</seg></tuv>
      <tuv lang="EN-US"><seg>Another language.</seg></tuv>
    </tu>
    <tu>
      <prop type="file">other.de.txt</prop>
      <tuv lang="DE-DE"><seg>Ein ganz anderer Satz aus einem anderen Text.</seg></tuv>
      <tuv lang="EN-US"><seg>A different sentence from another text.</seg></tuv>
    </tu>
  </body>
</tmx>
"""


def test_tmx_from_a_cat_tool(out: Path, tmp_path: Path) -> None:
    before = _by_id(out)
    tmx = tmp_path / "project_save.tmx"
    tmx.write_text(OMEGAT_TMX, encoding="utf-8")
    result = _apply(tmx, out)
    assert result.exit_code == 0, result.output
    assert "2 unit(s) match no sentence" in result.output
    assert "Ein ganz anderer Satz" in result.output
    assert "no German source" in result.output
    after = _by_id(out)
    assert after["p2s1"]["target"] == "Kyiv confirmed it & more\u00a0today."
    assert (after["p2s1"]["origin"], after["p2s1"]["status"]) == ("human", "reviewed")
    assert after["p2s1"]["comment"] == "Kyiv per the style guide"
    assert after["p1s1"]["joined"] == ["p1s2"]
    assert after["p1s1"]["target"] == "The call was long and then he left."  # code left out
    for kept in ("p0s0", "p1s0", "p2s0"):
        assert after[kept] == before[kept]


def test_tmx_needs_article_where_the_folder_holds_several(
    out: Path, tmp_path: Path, tiny_model: Path
) -> None:
    other = tmp_path / "zweiter.de.txt"
    other.write_text("Moskau schweigt\n\nKiew bestätigte das.\n", encoding="utf-8")
    _translate(other, tiny_model, out, "--no-glossary", "--no-cache")
    tmx = tmp_path / "project_save.tmx"
    tmx.write_text(OMEGAT_TMX, encoding="utf-8")
    result = _apply(tmx, out)
    _one_line_error(result, "--article", "art", "zweiter")
    result = _apply(tmx, out, "--article", "zweiter")
    assert result.exit_code == 0, result.output
    assert _by_id(out, "zweiter")["p1s0"]["target"] == "Kyiv confirmed it & more\u00a0today."
    assert _by_id(out)["p2s1"]["origin"] == "mt"  # the other article is left alone


# --- reviewed JSONL (the review page's export) ------------------------------------------------


def test_reviewed_jsonl(out: Path, tmp_path: Path) -> None:
    records = _records(out)
    by_id = {r["id"]: r for r in records}
    by_id["p0s0"].update(
        target="Belousov meets Austin in Kyiv", status="reviewed", origin="human", comment="ok"
    )
    by_id["p1s1"].update(
        source=_source(by_id, "p1s1", "p1s2"),
        target="The talk lasted long, then he left.",
        joined=["p1s2"],
        status="reviewed",
        origin="human",
    )
    by_id["p2s0"].update(status="final", origin="mt-approved")
    reviewed = tmp_path / "art.reviewed.jsonl"
    reviewed.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records if r["id"] != "p1s2"),
        encoding="utf-8",
    )
    result = _apply(reviewed, out)
    assert result.exit_code == 0, result.output
    after = _by_id(out)
    assert after["p0s0"]["comment"] == "ok" and after["p0s0"]["origin"] == "human"
    assert after["p1s1"]["joined"] == ["p1s2"] and "p1s2" not in after
    assert (after["p2s0"]["origin"], after["p2s0"]["status"]) == ("mt-approved", "final")


# --- bad reviewed files ---------------------------------------------------------------------------


def _edit_xlf(change: Callable[[etree._ElementTree], None]) -> Callable[[Path, Path], None]:
    def make(out: Path, path: Path) -> None:
        tree = _parse(out / "art.xlf")
        change(tree)
        tree.write(str(path), xml_declaration=True, encoding="UTF-8")

    return make


def _changed_source(tree: etree._ElementTree) -> None:
    _set_text(_segment(tree, "p1s1").find("x:source", NS), "Das Gespräch dauerte kurz.")


def _unknown_id(tree: etree._ElementTree) -> None:
    _segment(tree, "p1s1").set("id", "p1s9")


def _duplicate_id(tree: etree._ElementTree) -> None:
    seg = _segment(tree, "p2s1")
    seg.addnext(etree.fromstring(etree.tostring(seg)))


def _missing_id(tree: etree._ElementTree) -> None:
    seg = _segment(tree, "p2s1")
    seg.getparent().remove(seg)


def _other_article(tree: etree._ElementTree) -> None:
    tree.find("x:file", NS).set("id", "another-story")


def _truncated(out: Path, path: Path) -> None:
    data = (out / "art.xlf").read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _html(out: Path, path: Path) -> None:
    shutil.copy(out / "art.html", path)


def _truncated_jsonl(out: Path, path: Path) -> None:
    data = (out / "art.jsonl").read_bytes()
    path.write_bytes(data[: len(data) - 200])


def _hostile_jsonl(value: str) -> Callable[[Path, Path], None]:
    """The article's JSONL with line 2's target replaced by ``value`` (raw JSON text)."""

    def make(out: Path, path: Path) -> None:
        lines = (out / "art.jsonl").read_text(encoding="utf-8").splitlines()
        record = json.loads(lines[1])
        record["target"] = "@@VALUE@@"
        lines[1] = json.dumps(record).replace('"@@VALUE@@"', value)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    return make


DEEP_JSON = "[" * 200_000 + "]" * 200_000
LONG_INTEGER = "9" * 5_000


def _text(out: Path, path: Path) -> None:
    path.write_text("Belousov meets Austin in Kyiv\n", encoding="utf-8")


def _code_point(hex_value: str) -> Callable[[etree._ElementTree], None]:
    """A target holding ``<cp hex=…/>``: a lone surrogate or a control code, which no output
    (XML, JSON, the memory) can store."""

    def change(tree: etree._ElementTree) -> None:
        seg = _segment(tree, "p1s0")
        seg.set("state", "reviewed")
        target = seg.find("x:target", NS)
        _set_text(target, "Hello ")
        etree.SubElement(target, f"{{{XLF2}}}cp", hex=hex_value).tail = " there"

    return change


def _surrogate_jsonl(out: Path, path: Path) -> None:
    lines = (out / "art.jsonl").read_text(encoding="utf-8").splitlines()
    record = json.loads(lines[1])
    record["target"] = "Hello \ud800 there"
    record["origin"] = "human"
    lines[1] = json.dumps(record)  # ASCII-escaped: the surrogate stays valid JSON
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.parametrize(
    ("make", "needles"),
    [
        (_edit_xlf(_changed_source), ["p1s1", "source was changed"]),
        (_edit_xlf(_unknown_id), ["p1s9", "unknown segment id"]),
        (_edit_xlf(_duplicate_id), ["p2s1", "appears twice"]),
        (_edit_xlf(_missing_id), ["p2s1", "missing"]),
        (_edit_xlf(_other_article), ["another-story"]),
        (_truncated, ["line", "not well-formed", "truncated"]),
        (_truncated_jsonl, ["line 6", "not JSON", "truncated"]),
        (_html, ["not XLIFF"]),
        (_text, ["not a reviewed file"]),
        (_edit_xlf(_code_point("D800")), ["p1s0", "U+D800"]),
        (_edit_xlf(_code_point("0001")), ["p1s0", "U+0001"]),
        (_surrogate_jsonl, ["U+D800"]),
        (_hostile_jsonl(DEEP_JSON), ["line 2", "not JSON", "nested too deeply"]),
        (_hostile_jsonl(LONG_INTEGER), ["line 2", "not JSON", "too many digits"]),
    ],
    ids=[
        "changed-source",
        "unknown-id",
        "duplicate-id",
        "missing-id",
        "other-article",
        "truncated",
        "truncated-jsonl",
        "html",
        "plain-text",
        "surrogate-cp",
        "control-cp",
        "surrogate-jsonl",
        "200000-deep-jsonl",
        "5000-digit-jsonl",
    ],
)
def test_bad_reviewed_file_is_one_line_and_touches_nothing(
    out: Path, tmp_path: Path, make: Callable[[Path, Path], None], needles: list[str]
) -> None:
    reviewed = tmp_path / "bad.xlf"
    make(out, reviewed)
    before = _snapshot(out)
    result = _apply(reviewed, out, "--cache", str(tmp_path / "cache"))
    _one_line_error(result, "bad.xlf", *needles)
    assert _snapshot(out) == before
    assert (
        not (tmp_path / "cache").exists()
        or "human: 0"
        in runner.invoke(app, ["cache", "stats", "--cache", str(tmp_path / "cache")]).output
    )


@pytest.mark.parametrize("value", [DEEP_JSON, LONG_INTEGER], ids=["deep", "long-integer"])
def test_a_damaged_article_jsonl_is_one_line(out: Path, tmp_path: Path, value: str) -> None:
    """The run's own ``OUT/STEM.jsonl`` damaged (line 2 or line 1, the provenance record)."""
    reviewed = tmp_path / "review.xlf"
    shutil.copy(out / "art.xlf", reviewed)
    for line in (2, 1):
        damaged = out / "art.jsonl"
        lines = damaged.read_text(encoding="utf-8").splitlines()
        lines[line - 1] = '{"provenance": ' + value + "}" if line == 1 else value
        damaged.write_text("\n".join(lines) + "\n", encoding="utf-8")
        _one_line_error(_apply(reviewed, out, "--cache", str(tmp_path / "c")), "art.jsonl")


def test_tmx_of_another_article_is_an_error(out: Path, tmp_path: Path) -> None:
    tmx = tmp_path / "other.tmx"
    tmx.write_text(
        OMEGAT_TMX.replace("Kiew bestätigte das.", "Berlin schwieg.").replace(
            "Das Gespräch   dauerte lange. Danach reiste er ab.", "Nichts."
        ),
        encoding="utf-8",
    )
    before = _snapshot(out)
    _one_line_error(_apply(tmx, out), "other.tmx", "none of its 3 translation units")
    assert _snapshot(out) == before


# --- the translation memory --------------------------------------------------------------------


def test_memory_reuses_human_sentences_in_a_new_article(
    out: Path, tmp_path: Path, tiny_model: Path
) -> None:
    cache = tmp_path / "cache"
    reviewed, _ = _cat_tool_xliff2(out)
    result = _apply(reviewed, out, "--cache", str(cache))
    assert result.exit_code == 0, result.output
    assert "5 human sentence(s) stored" in result.output
    stats = runner.invoke(app, ["cache", "stats", "--cache", str(cache)])
    assert "human: 5" in stats.output

    # another article shares the title sentence; other decoding settings, another folder
    article = tmp_path / "neu.de.txt"
    article.write_text("Beloussow trifft Austin in Kiew\n\nMoskau schweigt dazu.\n", "utf-8")
    new_out = tmp_path / "new"
    _translate(
        article, tiny_model, new_out, "-g", str(GLOSSARY), "--beam", "1", "--cache", str(cache)
    )
    records = _by_id(new_out, "neu")
    assert records["p0s0"]["target"] == "Belousov meets Austin in Kyiv"
    assert (records["p0s0"]["origin"], records["p0s0"]["flags"]) == ("human", [])
    assert records["p1s0"]["origin"] == "mt"
    xlf = _parse(new_out / "neu.xlf")
    assert _segment(xlf, "p0s0").get("subState") == "dejour:human"
    assert _segment(xlf, "p1s0").get("subState") is None
    tu = _parse(new_out / "neu.tmx").find(".//tu[@tuid='p0s0']")
    assert {p.get("type"): p.text for p in tu.findall("prop")}["x-origin"] == "human"

    # a glossary under which the human sentence breaks a term: flagged, not rewritten
    glossary = tmp_path / "strict.tsv"
    glossary.write_text(
        "source\ttarget\ttype\nKiew\tKyiv\tplace\ntrifft\tencounters\tterm\n", "utf-8"
    )
    _translate(article, tiny_model, new_out, "-g", str(glossary), "--cache", str(cache))
    pair = _by_id(new_out, "neu")["p0s0"]
    assert pair["target"] == "Belousov meets Austin in Kyiv"
    assert pair["origin"] == "human" and "term-missing" in pair["flags"]
    assert pair["status"] == "translated"  # back to review
    missing = [t["entry"] for t in pair["terms"] if t["status"] == "missing"]
    assert missing == ["trifft"]


def test_memory_export_tmx(out: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    reviewed, _ = _cat_tool_xliff2(out)
    assert _apply(reviewed, out, "--cache", str(cache)).exit_code == 0
    exported = tmp_path / "human.tmx"
    result = runner.invoke(
        app, ["memory", "export", "--format", "tmx", "--cache", str(cache), "-o", str(exported)]
    )
    assert result.exit_code == 0, result.output
    root = _parse(exported).getroot()
    assert root.find("header").get("srclang") == "de-DE"
    pairs = {}
    for tu in root.iter("tu"):
        langs = {tuv.get(XML_LANG): tuv.findtext("seg") for tuv in tu.findall("tuv")}
        pairs[langs["de-DE"]] = (
            langs["en-US"],
            {p.get("type"): p.text for p in tu.findall("prop")},
        )
    assert pairs["Beloussow trifft Austin in Kiew"][0] == "Belousov meets Austin in Kyiv"
    assert pairs["Das Gespräch dauerte lange. Danach reiste er ab."][1]["x-origin"] == "human"
    assert len(pairs) == 5
    assert_valid_tmx(root)
    bad = runner.invoke(app, ["memory", "export", "--format", "csv", "--cache", str(cache)])
    assert bad.exit_code != 0 and "tmx" in bad.output


def test_memory_export_never_overwrites_the_memory(out: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    reviewed, _ = _cat_tool_xliff2(out)
    assert _apply(reviewed, out, "--cache", str(cache)).exit_code == 0
    (database,) = [p for p in cache.iterdir() if p.read_bytes()[:16] == b"SQLite format 3\x00"]
    copy = tmp_path / "elsewhere.sqlite3"
    shutil.copy(database, copy)
    for target in (database, cache / "export.tmx", copy):
        result = runner.invoke(app, ["memory", "export", "--cache", str(cache), "-o", str(target)])
        _one_line_error(result, str(target), "memory")
        assert database.read_bytes()[:6] == copy.read_bytes()[:6] == b"SQLite"
    assert not (cache / "export.tmx").exists()
    good = tmp_path / "human.tmx"
    result = runner.invoke(app, ["memory", "export", "--cache", str(cache), "-o", str(good)])
    assert result.exit_code == 0 and "wrote 5 human translation(s)" in result.output


# --- the rewritten outputs stay valid -------------------------------------------------------------


def test_applied_outputs_are_valid(out: Path) -> None:
    reviewed, _ = _cat_tool_xliff2(out)
    assert _apply(reviewed, out).exit_code == 0
    assert {"gls", "mda"} <= assert_valid_xliff20(_parse(out / "art.xlf"))
    assert_valid_xliff12(_parse(out / "art.xliff12.xlf"))
    assert_valid_tmx(_parse(out / "art.tmx"))


# --- reader conventions -------------------------------------------------------------------------


def test_xliff2_reader_comment_conventions(tmp_path: Path) -> None:
    from translate.review import read_review

    path = tmp_path / "r.xlf"
    path.write_text(
        f"""<?xml version="1.0"?>
<xliff xmlns="{XLF2}" version="2.0" srcLang="de" trgLang="en">
 <file id="art">
  <unit id="p1">
   <notes>
    <note category="terminology" appliesTo="target">p1s0: enforced: Kiew -> Kyiv</note>
    <note id="n1">Check the name</note>
    <note id="comment-p1s1" category="comment">Ours</note>
   </notes>
   <segment id="p1s0" state="reviewed" subState="dejour:approved">
    <source>Kiew <ph id="1"/>ruft.</source>
    <target><mrk id="m1" type="comment" ref="#n=n1">Kyiv</mrk> calls.</target>
   </segment>
   <segment id="p1s1" state="translated" subState="okp:x">
    <source>Ja.</source>
    <target><mrk id="m2" type="comment" value="Short">Yes</mrk>.</target>
   </segment>
  </unit>
 </file>
</xliff>""",
        encoding="utf-8",
    )
    review = read_review(path)
    first, second = review.segments
    assert review.document == "art" and review.format == "xliff"
    assert (first.source, first.target) == ("Kiew ruft.", "Kyiv calls.")
    assert (first.verdict, first.edited, first.comment) == ("reviewed", False, "Check the name")
    assert (second.verdict, second.edited) == ("pending", None)
    assert second.comment == "Ours\nShort"


def test_cache_clear_keeps_human_translations(out: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    reviewed, _ = _cat_tool_xliff2(out)
    assert _apply(reviewed, out, "--cache", str(cache)).exit_code == 0
    result = runner.invoke(app, ["cache", "clear", "--cache", str(cache)])
    assert "kept 5 human translation(s)" in result.output
    assert "human: 5" in runner.invoke(app, ["cache", "stats", "--cache", str(cache)]).output
    result = runner.invoke(app, ["cache", "clear", "--human", "--cache", str(cache)])
    assert "5 human translation(s)" in result.output
    assert "human: 0" in runner.invoke(app, ["cache", "stats", "--cache", str(cache)]).output


def test_batch_reuses_human_translations(out: Path, tmp_path: Path, tiny_model: Path) -> None:
    cache = tmp_path / "cache"
    reviewed, _ = _cat_tool_xliff2(out)
    assert _apply(reviewed, out, "--cache", str(cache)).exit_code == 0
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "eins.de.txt").write_text("Moskau schweigt\n\nKiew bestätigte das.\n", "utf-8")
    result = runner.invoke(
        app,
        [
            "batch",
            str(inputs),
            "-m",
            str(tiny_model),
            "--no-glossary",
            "--cache",
            str(cache),
            "-o",
            str(tmp_path / "batch"),
            "--format",
            "jsonl,xliff",
            "-q",
        ],
    )
    assert result.exit_code == 0, result.output
    records = {r["id"]: r for r in _records(tmp_path / "batch", "eins")}
    assert records["p1s0"]["target"] == "Kiev confirmed that."
    assert records["p1s0"]["origin"] == "human"
    assert records["p1s0"]["flags"] == []  # no glossary in this run: nothing to break
    assert records["p0s0"]["origin"] == "mt"


@pytest.mark.parametrize("kind", ["device", "fifo"])
def test_a_device_or_pipe_is_refused_without_reading_it(
    out: Path, tmp_path: Path, kind: str
) -> None:
    """``/dev/zero`` would be read until memory runs out (its size says 0); a FIFO would block
    with the folder locked. Neither is opened."""
    if kind == "device":
        reviewed = Path("/dev/zero")
    else:
        reviewed = tmp_path / "review.jsonl"
        os.mkfifo(reviewed)
    before = _snapshot(out)
    started = time.monotonic()
    _one_line_error(_apply(reviewed, out), str(reviewed), "not a regular file")
    assert time.monotonic() - started < 30
    assert _snapshot(out) == before

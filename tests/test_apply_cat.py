"""`translate apply` on files as real reviewers and CAT tools leave them.

Two concerns: a target the reviewer took away (emptied, removed, a copy of the German source,
XLIFF 1.2 ``state="needs-translation"``) is sent back for translation in every format, never
approved and never an empty sentence; and the shapes OmegaT, Okapi Rainbow, memoQ,
Trados Studio and Phrase write (inline codes, segmented ``<seg-source>``, states, namespaces,
BOM, CRLF, UTF-16, entities) are read, or refused in one line that says what to do.
Each test starts from a copy of a small article's outputs (see ``test_apply``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from lxml import etree
from schemas import assert_valid_xliff12, assert_valid_xliff20
from test_apply import (
    NS,
    XLF2,
    XLF12,
    _apply,
    _by_id,
    _one_line_error,
    _parse,
    _records,
    _segment,
    _set_text,
    _snapshot,
    _source,
    _trans_unit,
    out,
    runner,
    translated,
)

from translate.cli import app
from translate.writers.md import parse_paragraphs

__all__ = ["out", "translated"]  # the fixtures, shared with test_apply


def _warnings(result: Any) -> list[str]:
    return [line for line in result.output.splitlines() if line.startswith("warning: ")]


def _human_count(cache: Path) -> str:
    stats = runner.invoke(app, ["cache", "stats", "--cache", str(cache)])
    assert stats.exit_code == 0, stats.output
    return next(line.strip() for line in stats.output.splitlines() if "human:" in line)


def _write(tree: etree._ElementTree, path: Path) -> Path:
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")
    return path


# --- a target taken away: sent back for translation ----------------------------------------------


def test_emptied_targets_are_sent_back_never_kept_as_approved(out: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    before = _by_id(out)
    # first review: p0s0 edited and approved, p1s0 approved as the model wrote it
    tree = _parse(out / "art.xlf")
    seg = _segment(tree, "p0s0")
    seg.set("state", "reviewed")
    _set_text(seg.find("x:target", NS), "Belousov meets Austin in Kyiv")
    _segment(tree, "p1s0").set("state", "reviewed")
    result = _apply(_write(tree, tmp_path / "first.xlf"), out, "--cache", str(cache))
    assert result.exit_code == 0, result.output
    assert _human_count(cache) == "human: 2"

    # second review in a CAT tool: both cleared (p1s0 even keeps its reviewed state), and
    # p2s0 merged with p2s1 and cleared
    tree = _parse(out / "art.xlf")
    _set_text(_segment(tree, "p0s0").find("x:target", NS), "")
    _set_text(_segment(tree, "p1s0").find("x:target", NS), "  \n ")
    seg = _segment(tree, "p2s0")
    _set_text(seg.find("x:source", NS), _source(before, "p2s0", "p2s1"))
    _set_text(seg.find("x:target", NS), "")
    absorbed = _segment(tree, "p2s1")
    absorbed.getparent().remove(absorbed)
    result = _apply(_write(tree, tmp_path / "second.xlf"), out, "--cache", str(cache))
    assert result.exit_code == 0, result.output
    warnings = _warnings(result)
    assert len(warnings) == 3, result.output
    for warning, seg_id in zip(warnings, ("p0s0", "p1s0", "p2s0"), strict=True):
        assert "second.xlf" in warning and f"segment {seg_id}" in warning
        assert "needs-translation" in warning and "line " in warning
    assert "3 sent back for translation" in result.output
    assert "2 human sentence(s) sent back, removed" in result.output

    after = _by_id(out)
    title = after["p0s0"]
    assert title["target"] == "Belousov meets Austin in Kyiv"  # the text stays, never empty
    assert (title["origin"], title["status"]) == ("human", "translated")
    assert "needs-translation" in title["flags"]
    approved = after["p1s0"]
    assert approved["target"] == before["p1s0"]["target"]
    assert (approved["origin"], approved["status"]) == ("mt", "translated")  # approval gone
    merged = after["p2s0"]
    assert merged["joined"] == ["p2s1"]
    assert merged["target"] == f"{before['p2s0']['target']} {before['p2s1']['target']}"
    assert (merged["origin"], merged["status"]) == ("mt", "translated")
    assert "needs-translation" in merged["flags"]

    # no empty sentence in the edition, every paragraph kept
    paragraphs = parse_paragraphs((out / "art.en.md").read_bytes())
    assert paragraphs[0] == "Belousov meets Austin in Kyiv"
    assert paragraphs[2] == f"{before['p2s0']['target']} {before['p2s1']['target']}"
    assert all(p.strip() for p in paragraphs) and len(paragraphs) == 3
    # the bilingual files say "translate again": 2.0 initial, 1.2 needs-translation
    xlf = _parse(out / "art.xlf")
    assert_valid_xliff20(xlf.getroot())
    for seg_id in ("p0s0", "p1s0", "p2s0"):
        assert _segment(xlf, seg_id).get("state") == "initial"
    x12 = _parse(out / "art.xliff12.xlf")
    assert_valid_xliff12(x12.getroot())
    unit = _trans_unit(x12, "p1s0")
    assert unit.get("approved") is None
    assert unit.find("x12:target", NS).get("state") == "needs-translation"
    # the memory forgot the human sentences the reviewer sent back
    assert _human_count(cache) == "human: 0"

    # approving the kept text later takes the flag away again
    tree = _parse(out / "art.xlf")
    _segment(tree, "p1s0").set("state", "reviewed")
    result = _apply(_write(tree, tmp_path / "third.xlf"), out, "--cache", str(cache))
    assert result.exit_code == 0, result.output
    assert _warnings(result) == []
    p1s0 = _by_id(out)["p1s0"]
    assert (p1s0["origin"], p1s0["status"]) == ("mt-approved", "reviewed")
    assert "needs-translation" not in p1s0["flags"]


def test_xliff12_targets_taken_away_in_four_ways(out: Path, tmp_path: Path) -> None:
    before = _by_id(out)
    tree = _parse(out / "art.xliff12.xlf")
    unit = _trans_unit(tree, "p0s0")  # emptied, though still approved
    unit.set("approved", "yes")
    _set_text(unit.find("x12:target", NS), "")
    unit = _trans_unit(tree, "p1s0")  # the tool copied the source into the target
    _set_text(unit.find("x12:target", NS), before["p1s0"]["source"])
    unit = _trans_unit(tree, "p1s1")  # the reviewer rejected it: needs-translation
    unit.find("x12:target", NS).set("state", "needs-translation")
    unit = _trans_unit(tree, "p1s2")  # the tool dropped the target
    unit.remove(unit.find("x12:target", NS))
    unit = _trans_unit(tree, "p2s0")  # rejected but retranslated: a person's text
    unit.find("x12:target", NS).set("state", "needs-translation")
    _set_text(unit.find("x12:target", NS), "Ukraine received 45,000 euros.")
    result = _apply(_write(tree, tmp_path / "art.rev.xlf"), out)
    assert result.exit_code == 0, result.output
    warnings = _warnings(result)
    assert [w.split("trans-unit ")[1].split(")")[0] for w in warnings] == [
        "p0s0",
        "p1s0",
        "p1s1",
        "p1s2",
    ]
    assert "emptied" in warnings[0] and "copy of the German source" in warnings[1]
    assert 'state="needs-translation"' in warnings[2] and "removed" in warnings[3]
    after = _by_id(out)
    for seg_id in ("p0s0", "p1s0", "p1s1", "p1s2"):
        assert after[seg_id]["target"] == before[seg_id]["target"]
        assert after[seg_id]["status"] == "translated"
        assert "needs-translation" in after[seg_id]["flags"]
    assert (after["p2s0"]["origin"], after["p2s0"]["target"]) == (
        "human",
        "Ukraine received 45,000 euros.",
    )
    assert "needs-translation" not in after["p2s0"]["flags"]


def test_reviewed_jsonl_and_tmx_with_empty_targets(out: Path, tmp_path: Path) -> None:
    before = _by_id(out)
    records = _records(out)
    records[1].update(target="", status="reviewed", origin="human")
    reviewed = tmp_path / "art.reviewed.jsonl"
    reviewed.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    result = _apply(reviewed, out, "-q")
    assert result.exit_code == 0, result.output
    warnings = _warnings(result)
    assert len(warnings) == 1 and "segment p1s0" in warnings[0]
    assert result.output.strip() == warnings[0]  # --quiet keeps the warning, nothing else
    p1s0 = _by_id(out)["p1s0"]
    assert (p1s0["target"], p1s0["status"]) == (before["p1s0"]["target"], "translated")

    tmx = tmp_path / "project_save.tmx"
    tmx.write_text(
        '<?xml version="1.0"?>\n<tmx version="1.4"><header srclang="de-DE" segtype="sentence"'
        ' datatype="plaintext" adminlang="en" o-tmf="x" creationtool="t" creationtoolversion="1"/>'
        f'<body><tu><tuv xml:lang="de-DE"><seg>{before["p2s1"]["source"]}</seg></tuv>'
        '<tuv xml:lang="en-US"><seg/></tuv></tu></body></tmx>\n',
        encoding="utf-8",
    )
    result = _apply(tmx, out)
    assert result.exit_code == 0, result.output
    assert len(_warnings(result)) == 1 and "emptied" in _warnings(result)[0]
    assert _by_id(out)["p2s1"]["target"] == before["p2s1"]["target"]


# --- XLIFF 1.2 as CAT tools write it -------------------------------------------------------------

OKAPI_NS = "okapi-framework:xliff-extensions"


def _mrk(parent: etree._Element, mid: str, text: str, tail: str = "") -> etree._Element:
    mark = etree.SubElement(parent, f"{{{XLF12}}}mrk", mtype="seg", mid=mid)
    mark.text = text
    mark.tail = tail
    return mark


def test_xliff12_as_okapi_and_trados_write_it(out: Path, tmp_path: Path) -> None:
    """BOM, CRLF, another tool's namespace, xml:space, entities, inline codes, ``<alt-trans>``,
    segmented ``<seg-source>`` (one of our sentences split in two by the tool's rules)."""
    before = _by_id(out)
    tree = _parse(out / "art.xliff12.xlf")
    root = tree.getroot()
    # the title: inline codes around and inside the text, an entity, approved
    unit = _trans_unit(tree, "p0s0")
    unit.set("approved", "yes")
    target = unit.find("x12:target", NS)
    _set_text(target, "Belousov ")
    g = etree.SubElement(target, f"{{{XLF12}}}g", id="1", ctype="bold")
    g.text = "meets"
    g.tail = " Austin\u00a0in "
    etree.SubElement(target, f"{{{XLF12}}}x", id="2").tail = "Kyiv"
    bx = etree.SubElement(target, f"{{{XLF12}}}bx", id="3", rid="1")
    bx.tail = ""
    etree.SubElement(target, f"{{{XLF12}}}ex", id="4", rid="1")
    # Okapi's SRX split "… am 12. Juli …" after "12.": seg-source and target in two segments
    unit = _trans_unit(tree, "p1s0")
    first, rest = before["p1s0"]["source"].split("12. ", 1)
    seg_source = etree.Element(f"{{{XLF12}}}seg-source")
    _mrk(seg_source, "0", first + "12.", " ")
    _mrk(seg_source, "1", rest)
    unit.find("x12:source", NS).addnext(seg_source)
    target = unit.find("x12:target", NS)
    target.set("state", "translated")
    _set_text(target, "")
    _mrk(target, "0", "Defence Minister Belousov spoke on 12")
    _mrk(target, "1", "July with Austin.")  # no space between the segments in the target
    alt = etree.SubElement(unit, f"{{{XLF12}}}alt-trans", {"match-quality": "100"})
    etree.SubElement(alt, f"{{{XLF12}}}target").text = "An old suggestion."
    # memoQ-style: signed off, with the tool's own attribute in its namespace
    unit = _trans_unit(tree, "p1s1")
    unit.set(f"{{{OKAPI_NS}}}engine", "x")
    unit.find("x12:target", NS).set("state", "signed-off")
    # approved while the state we wrote stays (Weblate approves without touching state)
    unit = _trans_unit(tree, "p1s2")
    unit.set("approved", "yes")
    unit.find("x12:target", NS).set("state", "needs-review-translation")
    # a segmented target with one segment left empty: a partial translation, sent back
    unit = _trans_unit(tree, "p2s0")
    seg_source = etree.Element(f"{{{XLF12}}}seg-source")
    _mrk(seg_source, "0", before["p2s0"]["source"])
    unit.find("x12:source", NS).addnext(seg_source)
    target = unit.find("x12:target", NS)
    _set_text(target, "")
    _mrk(target, "0", "")
    etree.SubElement(root, f"{{{OKAPI_NS}}}extra")  # an element of another namespace
    data = etree.tostring(tree, xml_declaration=True, encoding="UTF-8").replace(b"\n", b"\r\n")
    data = data.replace(b"Austin\xc2\xa0in", b"Austin&#160;in")
    reviewed = tmp_path / "art.okapi.xlf"
    reviewed.write_bytes(b"\xef\xbb\xbf" + data)

    result = _apply(reviewed, out)
    assert result.exit_code == 0, result.output
    after = _by_id(out)
    title = after["p0s0"]
    assert title["target"] == "Belousov meets Austin\u00a0in Kyiv"  # codes out, text kept
    assert (title["origin"], title["status"]) == ("human", "reviewed")
    split = after["p1s0"]
    assert split["target"] == "Defence Minister Belousov spoke on 12 July with Austin."
    assert (split["origin"], split["status"]) == ("human", "translated")
    assert (after["p1s1"]["origin"], after["p1s1"]["status"]) == ("mt-approved", "reviewed")
    assert (after["p1s2"]["origin"], after["p1s2"]["status"]) == ("mt-approved", "reviewed")
    warnings = _warnings(result)
    assert len(warnings) == 1 and "trans-unit p2s0" in warnings[0]
    assert after["p2s0"]["target"] == before["p2s0"]["target"]


def test_xliff20_as_omegat_and_okapi_write_it(out: Path, tmp_path: Path) -> None:
    """UTF-16 with BOM, CRLF, ``<pc>``/``<ph/>``/``<sc/>``/``<ec/>``/``<mrk>`` in targets,
    ``<ignorable>``, a module's metadata, state misplaced on ``<target>``."""
    tree = _parse(out / "art.xlf")
    seg = _segment(tree, "p0s0")
    target = seg.find("x:target", NS)
    _set_text(target, "Belousov ")
    pc = etree.SubElement(target, f"{{{XLF2}}}pc", id="1")
    pc.text = "meets"
    pc.tail = " Austin "
    etree.SubElement(target, f"{{{XLF2}}}ph", id="2").tail = "in "
    etree.SubElement(target, f"{{{XLF2}}}sc", id="3").tail = ""
    mark = etree.SubElement(target, f"{{{XLF2}}}mrk", id="m1", translate="no")
    mark.text = "Kyiv"
    etree.SubElement(target, f"{{{XLF2}}}ec", startRef="3")
    seg.set("state", "reviewed")
    seg = _segment(tree, "p1s0")
    seg.attrib.pop("state", None)
    seg.find("x:target", NS).set("state", "final")  # where some tools put it
    unit = seg.getparent()
    ignorable = etree.Element(f"{{{XLF2}}}ignorable")
    etree.SubElement(ignorable, f"{{{XLF2}}}source").text = " "
    seg.addnext(ignorable)
    mda = "urn:oasis:names:tc:xliff:metadata:2.0"
    meta = etree.Element(f"{{{mda}}}metadata")
    group = etree.SubElement(meta, f"{{{mda}}}metaGroup", category="omegat")
    etree.SubElement(group, f"{{{mda}}}meta", type="changer").text = "anna"
    unit.insert(0, meta)
    text = etree.tostring(tree, encoding="unicode").replace("\n", "\r\n")
    reviewed = tmp_path / "art.omegat.xlf"
    reviewed.write_bytes(('<?xml version="1.0" encoding="UTF-16"?>\r\n' + text).encode("utf-16"))

    result = _apply(reviewed, out)
    assert result.exit_code == 0, result.output
    after = _by_id(out)
    assert after["p0s0"]["target"] == "Belousov meets Austin in Kyiv"
    assert (after["p0s0"]["origin"], after["p0s0"]["status"]) == ("human", "reviewed")
    assert (after["p1s0"]["origin"], after["p1s0"]["status"]) == ("mt-approved", "final")


# --- what cannot be applied: one line saying what to do ------------------------------------------

SDLXLIFF = """<?xml version="1.0" encoding="utf-8"?>
<xliff xmlns:sdl="http://sdl.com/FileTypes/SdlXliff/1.0"
       xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2" sdl:version="1.0">
  <file original="art.xliff12.xlf" datatype="x-sdlfilterframework2" source-language="de-DE"
        target-language="en-US">
    <body>
      <trans-unit translate="yes" id="6a3f2c1e-58a4-4e09-9d07-3d0c7e1b2f10">
        <source>{source}</source>
        <seg-source><mrk mtype="seg" mid="1">{source}</mrk></seg-source>
        <target><mrk mtype="seg" mid="1">Belousov meets Austin in Kyiv</mrk></target>
        <sdl:seg-defs>
          <sdl:seg id="1" conf="ApprovedTranslation" origin="interactive"/>
        </sdl:seg-defs>
      </trans-unit>
    </body>
  </file>
</xliff>
"""


def test_cat_tool_bilingual_dialect_says_what_to_apply(out: Path, tmp_path: Path) -> None:
    reviewed = tmp_path / "art.xliff12.xlf.sdlxliff"
    reviewed.write_text(SDLXLIFF.format(source=_by_id(out)["p0s0"]["source"]), encoding="utf-8")
    snapshot = _snapshot(out)
    result = _apply(reviewed, out)
    _one_line_error(result, "art.xliff12.xlf.sdlxliff", "line 7", "Trados Studio", "Save Target As")
    assert _snapshot(out) == snapshot


def test_html_entity_and_several_files_are_one_line_errors(out: Path, tmp_path: Path) -> None:
    snapshot = _snapshot(out)
    text = (out / "art.xliff12.xlf").read_text("utf-8")
    reviewed = tmp_path / "entity.xlf"
    reviewed.write_text(text.replace("</target>", "&nbsp;</target>", 1), encoding="utf-8")
    line = next(k for k, x in enumerate(text.splitlines(), 1) if "</target>" in x)
    _one_line_error(_apply(reviewed, out), "entity.xlf", f"line {line}", "&nbsp;", "&#160;")
    tree = _parse(out / "art.xliff12.xlf")
    file = tree.find("x12:file", NS)
    file.addnext(etree.fromstring(etree.tostring(file)))
    reviewed = _write(tree, tmp_path / "two.xlf")
    _one_line_error(_apply(reviewed, out), "two.xlf", "line ", "2 files", "separately")
    assert _snapshot(out) == snapshot

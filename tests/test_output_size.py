"""Outputs stay proportionate to the article, and writing them never holds every format at once.

A 5 MB article once gave a 141 MB XLIFF: every glossary match copied its whole entry (candidates,
definition, origin) into the unit. Now an entry is described once per paragraph and each match
adds only its own report.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from lxml import etree
from writers_fixtures import BUNDESTAG, CHANCELLOR, Sentence, build

from translate.errors import OutputError
from translate.writers import get_writer

SCHEMAS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "schemas" / "xliff20"
XLF2 = "urn:oasis:names:tc:xliff:document:2.0"
GLS = "urn:oasis:names:tc:xliff:glossary:2.0"
MDA = "urn:oasis:names:tc:xliff:metadata:2.0"
NS = {"x": XLF2, "gls": GLS, "mda": MDA}


def _repeated(sentences: int) -> object:
    """One paragraph whose sentences all match the same two entries."""
    sentence = Sentence(
        "Der Bundeskanzler sprach im Bundestag.",
        "The Chancellor spoke in the Bundestag.",
        terms=[
            ("Bundeskanzler", CHANCELLOR, "Chancellor", "enforced"),
            ("Bundestag", BUNDESTAG, "Bundestag", "model"),
        ],
    )
    return build("repeat", [[sentence] * sentences])


def test_an_entry_matched_many_times_is_described_once_per_unit() -> None:
    root = etree.fromstring(get_writer("xliff").render(_repeated(20)))  # type: ignore[arg-type]
    unit = root.find(".//x:unit", NS)
    assert unit is not None
    entries = {e.get("id"): e for e in unit.iterfind("gls:glossary/gls:glossEntry", NS)}
    assert len(entries) == 2
    reports = unit.findall("mda:metadata/mda:metaGroup[@category='glossary']", NS)
    assert len(reports) == 40  # every match keeps its own report
    in_target = set(unit.xpath(".//x:target//*", namespaces=NS))
    ids = [e.get("id") for e in unit.iter() if e.get("id") and e not in in_target]
    assert len(ids) == len(set(ids)), "ids must stay unique in the unit (targets repeat them)"
    for report in reports:
        fields = {m.get("type"): m.text for m in report}
        assert fields["glossEntry"] in entries and fields["status"] in {"enforced", "model"}
    for mark in unit.iterfind(".//x:mrk", NS):
        assert mark.get("ref", "").removeprefix("#gls=") in entries
    marks = {m.get("id") for m in unit.iterfind(".//x:source//x:mrk", NS)}
    for entry in entries.values():
        assert entry.get("ref", "").removeprefix("#") in marks
    if (SCHEMAS / "modules" / "glossary.xsd").is_file():
        schema = etree.XMLSchema(etree.parse(str(SCHEMAS / "modules" / "glossary.xsd")))
        glossary = etree.fromstring(etree.tostring(unit.find("gls:glossary", NS)))
        assert schema.validate(glossary), schema.error_log


@pytest.mark.parametrize("fmt", ["xliff", "xliff12", "tmx", "jsonl", "md"])
def test_output_size_grows_linearly_with_the_article(fmt: str) -> None:
    writer = get_writer(fmt)
    small = len(writer.render(_repeated(50)))  # type: ignore[arg-type]
    large = len(writer.render(_repeated(400)))  # type: ignore[arg-type]
    per_sentence = (large - small) / 350
    assert large < 8.5 * small  # 8× the sentences: no more than linear growth
    source_and_target = len(
        "Der Bundeskanzler sprach im Bundestag.The Chancellor spoke in the Bundestag."
    )
    assert per_sentence < 25 * source_and_target, f"{fmt}: {per_sentence:.0f} B per sentence"


def test_xliff_match_reports_are_compact() -> None:
    """Each further match of a known entry costs its report, not another copy of the entry."""
    writer = get_writer("xliff")
    one = len(writer.render(_repeated(100)))  # type: ignore[arg-type]
    two = len(writer.render(_repeated(200)))  # type: ignore[arg-type]
    per_match = (two - one) / 200
    # ≈850 B: the match's metadata report, note and marks; a copy of the entry would add ≈350
    assert per_match < 1000, f"{per_match:.0f} bytes per glossary match"


def test_a_failing_writer_leaves_no_output_and_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from translate import outputs
    from translate.writers import jsonl

    def broken(self: object, doc: object, stream: object) -> None:
        raise OutputError("jsonl: broken on purpose")

    monkeypatch.setattr(jsonl.JsonlWriter, "write", broken)
    doc = _repeated(3)
    with pytest.raises(OutputError, match="broken on purpose"):
        outputs.write_outputs(doc, ("md", "tmx", "jsonl"), tmp_path)  # type: ignore[arg-type]
    assert os.listdir(tmp_path) == []


def test_formats_are_staged_one_at_a_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """When a format renders, the one before is already on disk (not held in memory)."""
    from translate.writers import tmx

    seen: list[str] = []
    original = tmx.TmxWriter.write

    def spy(self: object, doc: object, stream: object) -> None:
        seen.extend(p.name for p in tmp_path.iterdir())
        original(self, doc, stream)  # type: ignore[arg-type]

    monkeypatch.setattr(tmx.TmxWriter, "write", spy)
    from translate.outputs import write_outputs

    paths = write_outputs(_repeated(3), ("md", "tmx"), tmp_path)  # type: ignore[arg-type]
    assert any(name.startswith(".repeat.en.md.") and name.endswith(".part") for name in seen)
    assert [p.name for p in paths] == ["repeat.en.md", "repeat.tmx"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["repeat.en.md", "repeat.tmx"]

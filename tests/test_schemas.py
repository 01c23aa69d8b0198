"""The schema helper (tests/schemas.py) accepts valid documents and rejects invalid ones.

Without these, a helper that validated nothing would let every writer test pass.
"""

from __future__ import annotations

import pytest
from schemas import SCHEMAS, assert_valid_tmx, assert_valid_xliff12, assert_valid_xliff20

TMX = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx14.dtd">
<tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence"
 o-tmf="t" adminlang="en" srclang="de-DE" datatype="plaintext"/>
<body><tu tuid="p0s0"><tuv xml:lang="de-DE"><seg>Kiew</seg></tuv>
<tuv xml:lang="en-US"><seg>Kyiv</seg></tuv></tu></body></tmx>"""

XLIFF12 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
<file original="a.txt" source-language="de-DE" target-language="en-US" datatype="plaintext">
<body><trans-unit id="p0s0"><source>Kiew</source><target>Kyiv</target></trans-unit></body>
</file></xliff>"""

XLIFF20 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="2.0" srcLang="de-DE" trgLang="en-US"
 xmlns="urn:oasis:names:tc:xliff:document:2.0"
 xmlns:gls="urn:oasis:names:tc:xliff:glossary:2.0"
 xmlns:mda="urn:oasis:names:tc:xliff:metadata:2.0">
<file id="a"><mda:metadata><mda:metaGroup><mda:meta type="model">m</mda:meta></mda:metaGroup>
</mda:metadata>
<unit id="p0"><gls:glossary><gls:glossEntry><gls:term>Kiew</gls:term>
<gls:translation>Kyiv</gls:translation></gls:glossEntry></gls:glossary>
<segment id="p0s0"><source>Kiew</source><target>Kyiv</target></segment></unit></file></xliff>"""


def test_the_schemas_and_their_notices_are_shipped() -> None:
    readme = (SCHEMAS / "README.md").read_text(encoding="utf-8")
    assert "OASIS" in readme and "LISA" in readme and "OpenXLIFF" in readme
    for path in (
        "tmx/tmx14.dtd",
        "xliff12/xliff-core-1.2-strict.xsd",
        "xliff12/xliff-core-1.2-transitional.xsd",
        "xliff12/xml.xsd",
        "xliff20/xliff_core_2.0.xsd",
        "xliff20/modules/glossary.xsd",
        "xliff20/modules/metadata.xsd",
        "xliff20/modules/matches.xsd",
    ):
        assert (SCHEMAS / path).is_file(), path
    assert "Copyright (c) OASIS Open 2014" in (
        SCHEMAS / "xliff20" / "xliff_core_2.0.xsd"
    ).read_text(encoding="utf-8")


def test_valid_documents_pass() -> None:
    assert_valid_tmx(TMX)
    assert_valid_xliff12(XLIFF12)
    assert_valid_xliff12(XLIFF12, transitional=True)
    assert assert_valid_xliff20(XLIFF20) == {"gls", "mda"}


def test_invalid_tmx_is_rejected_with_the_reason() -> None:
    with pytest.raises(AssertionError, match="TMX 1.4b"):
        assert_valid_tmx(TMX.replace("<seg>Kyiv</seg>", "<seg>Kyiv</seg><seg>again</seg>"))


def test_invalid_xliff12_is_rejected() -> None:
    with pytest.raises(AssertionError, match="XLIFF 1.2"):
        assert_valid_xliff12(XLIFF12.replace('datatype="plaintext"', ""))


def test_invalid_xliff20_core_is_rejected() -> None:
    with pytest.raises(AssertionError, match="core schema"):
        assert_valid_xliff20(XLIFF20.replace('<segment id="p0s0">', '<segment id="p0s0" bad="1">'))


def test_a_bad_module_element_is_rejected_although_the_core_admits_it() -> None:
    bad = XLIFF20.replace("<gls:term>Kiew</gls:term>", "")  # a glossEntry needs its term
    with pytest.raises(AssertionError, match="module"):
        assert_valid_xliff20(bad)

"""The XML writers and JSONL stream their files part by part, with the bytes of the whole tree.

A 5 MB article once needed 1.8 GB to write its outputs, the XML writers holding every paragraph's
tree at once. Now each writes a skeleton and then one ``<tu>``/``<unit>``/``<group>`` at a time;
these tests hold it to exactly the bytes the whole tree, indented and serialized at once, gives,
to the schemas, and to writing each part before the next one is made.
"""

from __future__ import annotations

import io
from importlib import import_module
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree
from schemas import assert_valid_tmx, assert_valid_xliff12, assert_valid_xliff20
from writers_fixtures import BUNDESTAG, CHANCELLOR, HOSTILE, Sentence, build, documents

from translate.document import TranslatedDocument
from translate.outputs import write_outputs
from translate.review.page import json_script_text, page_data
from translate.writers import get_writer
from translate.writers.base import indent
from translate.writers.xmlstream import SLOT

MODULES = {"tmx": "tmx", "xliff": "xliff2", "xliff12": "xliff12"}
VALIDATE = {"tmx": assert_valid_tmx, "xliff": assert_valid_xliff20, "xliff12": assert_valid_xliff12}


def _whole_tree(fmt: str, doc: TranslatedDocument) -> bytes:
    """The file as one tree: the skeleton with every part in place, indented and serialized."""
    module: Any = import_module(f"translate.writers.{MODULES[fmt]}")
    root = module.skeleton(doc)
    holder = next(root.iter(f"{{*}}{SLOT}", SLOT))
    parent = holder.getparent()
    parent.remove(holder)
    parent.extend(module.parts(doc))
    indent(root, module.KEEP)
    data: bytes = module._serialize(root)
    return data


def _big_document(paragraphs: int) -> TranslatedDocument:
    """Many paragraphs of varied sentences: terms, flags, hostile characters, a CR LF."""
    made = []
    for p in range(paragraphs):
        sentences = []
        for s in range(1 + p % 4):
            odd = HOSTILE[(p + s) % len(HOSTILE)]
            sentences.append(
                Sentence(
                    f"Der Bundeskanzler {odd} sprach {p}.{s} im Bundestag.\r\nNeu \x01.",
                    f"The Chancellor {odd} spoke {p}.{s} in the Bundestag.",
                    terms=[
                        ("Bundeskanzler", CHANCELLOR, "Chancellor", "enforced"),
                        ("Bundestag", BUNDESTAG, "Bundestag" if s % 2 else None, "model"),
                    ]
                    if (p + s) % 3
                    else [],
                    flags=("length-ratio",) if s == 2 else (),
                )
            )
        made.append(sentences)
    return build("big", made)


CASES = {**documents(), "big": _big_document(300)}


@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.parametrize("fmt", sorted(MODULES))
def test_streamed_bytes_equal_the_whole_tree_and_stay_valid(fmt: str, name: str) -> None:
    doc = CASES[name]
    streamed = get_writer(fmt).render(doc)
    assert streamed == _whole_tree(fmt, doc)
    VALIDATE[fmt](streamed)
    assert SLOT.encode() not in streamed


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_streamed_review_page_equals_the_page_built_at_once(name: str) -> None:
    """The page's paragraphs and its data block (pairs, the embedded XLIFF) are streamed."""
    from translate.writers import html_review

    doc = CASES[name]
    writer = html_review.HtmlWriter()
    root = writer.skeleton(doc)
    holder = next(root.iter(SLOT))
    table = holder.getparent()
    table.remove(holder)
    table.extend(writer.parts(doc))
    data = root.find(".//script[@id='review-data']")
    data.text = json_script_text(page_data(doc))
    indent(root, html_review._TEXT_TAGS)
    whole = html_review._serialize(root)
    assert writer.render(doc) == whole
    assert html_review._DATA_SLOT.encode() not in whole and SLOT.encode() not in whole


@pytest.mark.parametrize("fmt", [*sorted(MODULES), "jsonl", "html", "md"])
def test_write_gives_the_bytes_of_render(fmt: str, tmp_path: Path) -> None:
    doc = CASES["big"]
    writer: Any = get_writer(fmt)
    stream = io.BytesIO()
    writer.write(doc, stream)
    assert stream.getvalue() == writer.render(doc)
    (path,) = write_outputs(doc, (fmt,), tmp_path)
    assert path.read_bytes() == stream.getvalue()


@pytest.mark.parametrize("fmt", sorted(MODULES))
def test_each_part_is_written_before_the_next_is_made(
    fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The file grows while the parts are made: no tree of the whole document is held."""
    module: Any = import_module(f"translate.writers.{MODULES[fmt]}")
    original = module.parts
    stream = io.BytesIO()
    sizes: list[int] = []

    def watched(doc: TranslatedDocument) -> Any:
        for part in original(doc):
            sizes.append(len(stream.getvalue()))
            yield part

    monkeypatch.setattr(module, "parts", watched)
    get_writer(fmt).write(CASES["big"], stream)  # type: ignore[attr-defined]
    assert len(sizes) > 100
    assert all(later > earlier for earlier, later in zip(sizes, sizes[1:], strict=False))
    assert etree.fromstring(stream.getvalue()) is not None


def test_a_writer_failing_mid_stream_leaves_no_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from translate.writers import xliff2

    original = xliff2.parts

    def breaks(doc: TranslatedDocument) -> Any:
        for number, part in enumerate(original(doc)):
            if number == 50:
                raise RuntimeError("broken on purpose")
            yield part

    monkeypatch.setattr(xliff2, "parts", breaks)
    with pytest.raises(RuntimeError, match="on purpose"):
        write_outputs(CASES["big"], ("md", "xliff"), tmp_path)
    assert list(tmp_path.iterdir()) == []


def _clean_char_by_char(text: str) -> tuple[str, list[int]]:
    """The page's cleaning done the slow, obvious way: one character at a time."""
    from translate.writers.base import html_text

    clean: list[str] = []
    moved = [0] * (len(text) + 1)
    for i, char in enumerate(text):
        moved[i] = len(clean)
        if char == "\r" and text[i + 1 : i + 2] == "\n":
            continue
        clean.append(html_text(char))
    moved[len(text)] = len(clean)
    return "".join(clean), moved


@given(st.text(alphabet=st.sampled_from(list("ab \r\n\x01\x85\u2028\ufdd0😀\ud800")), max_size=40))
def test_page_offsets_move_as_the_cleaning_does(text: str) -> None:
    from translate.review.page import clean_with_offsets

    clean, moved = clean_with_offsets(text)
    expected_clean, expected_moved = _clean_char_by_char(text)
    assert clean == expected_clean
    assert list(moved) == expected_moved

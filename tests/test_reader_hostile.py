"""The reader is total: any bytes become text or one InputError, never another exception.

A property-based test (Hypothesis) feeds random and adversarial byte strings — control
characters, HTML fragments, stray tags, UTF-16 without a BOM, Windows-1252, NULs — to the reader
and the segmenter behind it (what ``article``, ``segment`` and ``batch`` all run).
"""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from translate.errors import InputError
from translate.pipeline import document_from_article
from translate.reader import decode_article, read_article

_PIECES = [
    b"<p>",
    b"</p>",
    b"<div class='x'>",
    b"</div>",
    b"<script>x</script>",
    b"<style>p{}</style>",
    b"<!DOCTYPE html>",
    b"<html><body>",
    b"</body></html>",
    b"<!-- Kommentar -->",
    b"<![CDATA[roh]]>",
    b"<br>",
    b"<b>",
    b"a<b>c",
    b"&amp;",
    b"&#0;",
    b"&#xD800;",
    b"\x00",
    b"\x01",
    b"\x02",
    b"\x0b",
    b"\x1c",
    b"\x7f",
    b"\xff\xfe",
    b"\xfe\xff",
    b"\xef\xbb\xbf",
    b"\xe4\xf6\xfc",
    b"\x81\x8d",
    b"\xed\xa0\x80",
    b"\xef\xbf\xbe",
    b"Der Minister sagte.",
    "Größere Änderungen.".encode(),
    "Über".encode("utf-16-le"),
    b"\n",
    b"\r\n",
    b"\n\n",
    b" ",
    b"\t",
    b"1.000 Euro am 12. Juli",
]

adversarial = st.lists(st.sampled_from(_PIECES) | st.binary(max_size=12), max_size=40).map(b"".join)


def _read_and_segment(data: bytes) -> None:
    try:
        article = decode_article(Path("fuzz.txt"), data)
    except InputError as exc:
        assert str(exc).startswith("fuzz.txt"), str(exc)
        assert "\n" not in str(exc)
        return
    assert isinstance(article.text, str) and article.text.strip()
    document_from_article(article)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=300))
def test_random_bytes_give_text_or_an_input_error(data: bytes) -> None:
    _read_and_segment(data)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(adversarial)
def test_adversarial_bytes_give_text_or_an_input_error(data: bytes) -> None:
    _read_and_segment(data)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_unicode_text_gives_text_or_an_input_error(text: str) -> None:
    _read_and_segment(text.encode("utf-8", "surrogatepass"))


def test_html_with_control_characters_is_read(tmp_path: Path) -> None:
    """The issue's case: lxml refuses control characters; the reader must not."""
    path = tmp_path / "odd.txt"
    path.write_bytes(b"<p>Der Minister \x01 sagte.</p><script>x</script>\x02tail\n")
    article = read_article(path)
    assert "Der Minister" in article.text and "sagte." in article.text
    assert "tail" in article.text and "x" not in article.text.split()
    assert any("HTML" in w for w in article.warnings)


@pytest.mark.parametrize(
    "text",
    [
        "Die Formel a<b>c gilt.\n",
        "Siehe <p> hier.\n",
        "Vorher <!-- kein Kommentar --> nachher.\n",
        "Roh <![CDATA[x < y]]> bleibt.\n",
        "Er schrieb <b>fett</b> und <i>kursiv</i>.\n",
        "Wenn x < y und y > z, dann <p gilt.\n",
    ],
)
def test_plain_text_with_stray_markup_is_kept_as_written(tmp_path: Path, text: str) -> None:
    path = tmp_path / "plain.txt"
    path.write_text(text, encoding="utf-8")
    article = read_article(path)
    assert article.text == text
    assert article.warnings == ()


@pytest.mark.parametrize(
    "markup",
    [
        "<!DOCTYPE html><html><body>Der Minister sagte.</body></html>",
        "<p>Erster Absatz.</p>\n<p>Zweiter Absatz.</p>",
        "<div><h1>Titel</h1>Text im Block.</div>",
    ],
)
def test_html_documents_are_reduced_to_their_text(tmp_path: Path, markup: str) -> None:
    path = tmp_path / "page.txt"
    path.write_text(markup, encoding="utf-8")
    article = read_article(path)
    assert "<" not in article.text
    assert any("HTML markup found" in w for w in article.warnings)


def test_html_without_text_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_text("<html><body><script>var x;</script></body></html>", encoding="utf-8")
    with pytest.raises(InputError, match="HTML without any text"):
        read_article(path)


@pytest.mark.parametrize(("codec", "name"), [("utf-16-le", "UTF-16LE"), ("utf-16-be", "UTF-16BE")])
def test_utf16_without_bom_is_named(tmp_path: Path, codec: str, name: str) -> None:
    path = tmp_path / "u16.txt"
    text = "Der Bundestag hat am Freitag beschlossen.\n"
    path.write_bytes(text.encode(codec))
    assert not path.read_bytes().startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    with pytest.raises(InputError, match=f"{name} without a byte-order mark.*iconv -f {name}"):
        read_article(path)


def test_dangling_symlink_is_named(tmp_path: Path) -> None:
    link = tmp_path / "gone.txt"
    link.symlink_to(tmp_path / "deleted.txt")
    with pytest.raises(InputError, match="dangling symbolic link.*deleted.txt"):
        read_article(link)

"""The article reader: encodings, line ends, and one-line refusals of what it cannot read."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from translate.errors import InputError
from translate.reader import read_article


def test_utf8_with_bom_and_crlf_keeps_line_ends(tmp_path: Path) -> None:
    path = tmp_path / "a.de.txt"
    path.write_bytes("\ufeffTitel\r\n\r\nErster Satz. Zweiter Satz.\r\n".encode())
    article = read_article(path)
    assert article.text == "Titel\r\n\r\nErster Satz. Zweiter Satz.\r\n"
    assert article.name == "a"
    assert article.warnings == ()


def test_windows_1252_german_is_decoded_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes("Größere Änderungen für „Bürger“.\n".encode("cp1252"))
    article = read_article(path)
    assert article.text == "Größere Änderungen für „Bürger“.\n"
    assert article.encoding == "cp1252"
    assert "Windows-1252" in article.warnings[0]


def test_undecodable_bytes_name_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(b"Zeile eins\nZeile zwei \x81\x8d\x8f\x90\n")
    with pytest.raises(InputError, match=r"bad\.txt:2: not valid UTF-8.*iconv"):
        read_article(path)


@pytest.mark.parametrize(
    ("content", "reason"),
    [(b"", "empty"), (b"   \n\t\n", "whitespace"), (b"\x00\x01\x02binary\x00", "binary")],
)
def test_empty_whitespace_and_binary_are_refused(
    tmp_path: Path, content: bytes, reason: str
) -> None:
    path = tmp_path / "x.txt"
    path.write_bytes(content)
    with pytest.raises(InputError, match=reason):
        read_article(path)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_article(tmp_path / "missing.txt")
    # tests run as root, so permission bits cannot make a file unreadable: a directory can
    (tmp_path / "dir.txt").mkdir()
    with pytest.raises(InputError, match="is a directory"):
        read_article(tmp_path / "dir.txt")


def test_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="not a regular file"):
        read_article(fifo)


def test_html_markup_is_reduced_to_text_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    path.write_text(
        "<html><body><h1>Titel</h1><p>Erster &amp; Satz.</p><script>x()</script>"
        "<p>Zweiter Satz.</p></body></html>",
        encoding="utf-8",
    )
    article = read_article(path)
    assert article.text == "Titel\n\nErster & Satz.\n\nZweiter Satz.\n"
    assert any("HTML" in w for w in article.warnings)


def test_utf16_with_bom_is_decoded_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "utf16.txt"
    path.write_bytes("Titel\n\nDie Lage in Kiew ist ernst.\n".encode("utf-16"))
    article = read_article(path)
    assert article.text == "Titel\n\nDie Lage in Kiew ist ernst.\n"
    assert article.encoding == "utf-16" and "UTF-16" in article.warnings[0]


def test_html_blocks_and_loose_text_each_once(tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    path.write_text(
        "<html><body><h1>Titel</h1><div>Erster Absatz.</div><blockquote><p>Ein Zitat.</p>"
        "</blockquote><ul><li><p>Punkt eins.</p></li></ul>Loser Text.</body></html>",
        encoding="utf-8",
    )
    article = read_article(path)
    assert article.text == ("Titel\n\nErster Absatz.\n\nEin Zitat.\n\nPunkt eins.\n\nLoser Text.\n")

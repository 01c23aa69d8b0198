"""Shortlist files are checked against the model's target vocabulary when loaded."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from translate.backends.shortlist import read_shortlist
from translate.backends.vocab import MarianVocab
from translate.cli import app
from translate.errors import BackendError


@pytest.fixture(scope="module")
def vocab(tiny_model: Path) -> MarianVocab:
    return MarianVocab(tiny_model)


def _known_pieces(vocab: MarianVocab, n: int) -> list[str]:
    return [p for p in vocab.piece_to_id if not p.startswith("<")][:n]


def test_a_shortlist_of_the_models_pieces_is_read(vocab: MarianVocab, tmp_path: Path) -> None:
    pieces = _known_pieces(vocab, 5) + ["</s>"]
    path = tmp_path / "ok.shortlist.txt"
    path.write_text("# built for the tiny model\n" + "\n".join(pieces) + "\n", encoding="utf-8")
    assert read_shortlist(path, vocab) == pieces


def test_a_piece_the_vocabulary_lacks_is_an_error_naming_its_line(
    vocab: MarianVocab, tmp_path: Path
) -> None:
    good = _known_pieces(vocab, 2)
    path = tmp_path / "other-model.shortlist.txt"
    lines = ["# built for another model", good[0], "▁Quetzalcoatl", good[1], "▁Xylophonist"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(BackendError) as err:
        read_shortlist(path, vocab)
    message = str(err.value)
    assert message.startswith(f"{path}:3: piece '▁Quetzalcoatl' is not in the model's target")
    assert "(and 1 more)" in message and "translate shortlist build" in message
    assert "\n" not in message
    assert read_shortlist(path) == lines[1:]  # without a vocabulary: no check


def test_the_cli_reports_a_foreign_shortlist_in_one_line(
    tiny_model: Path, vocab: MarianVocab, tmp_path: Path
) -> None:
    shortlist = tmp_path / "foreign.shortlist.txt"
    shortlist.write_text(_known_pieces(vocab, 1)[0] + "\n▁Quetzalcoatl\n", encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text("Titel\n\nDer Minister sprach in Kiew.\n", encoding="utf-8")
    result = CliRunner().invoke(
        app,
        ["article", str(article), "-m", str(tiny_model), "--shortlist", str(shortlist)]
        + ["-o", str(tmp_path / "out"), "--no-cache", "-q"],
    )
    assert result.exit_code != 0
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and errors[0].startswith(f"error: {shortlist}:2: piece '▁Quetzalcoatl'")
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())

"""The CLI end to end on tiny checkpoints, and its one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLE_ARTICLE, write_test_set
from schemas import assert_valid_tmx, assert_valid_xliff12, assert_valid_xliff20
from typer.testing import CliRunner

from translate.cli import app

GLOSSARY = ROOT / "glossaries" / "news-de-en.tsv"
runner = CliRunner()


def _one_line_error(result, *needles: str) -> None:
    assert result.exit_code != 0
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    assert lines[0].startswith("error: ")
    for needle in needles:
        assert needle in lines[0]


def test_help_lists_the_commands() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("article", "segment", "glossary"):
        assert command in result.output


def test_help_does_not_import_torch() -> None:
    code = (
        "import sys\n"
        "from translate.cli import app\n"
        "try:\n    app(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('torch', 'transformers', 'ctranslate2') if m in sys.modules]\n"
        "print('HEAVY', heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "HEAVY []" in out.stdout


def test_python_dash_m_runs_the_cli() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "translate", "--version"], capture_output=True, text=True
    )
    assert out.returncode == 0 and out.stdout.startswith("translate ")


def test_missing_article(tmp_path: Path, tiny_model: Path) -> None:
    result = runner.invoke(app, ["article", str(tmp_path / "nope.txt"), "--model", str(tiny_model)])
    _one_line_error(result, "nope.txt", "no such file")


def test_missing_model_directory(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        [
            "article",
            str(SAMPLE_ARTICLE),
            "--model",
            str(tmp_path / "no-model"),
            "-o",
            str(tmp_path),
        ],
    )
    _one_line_error(result, "no-model", "does not exist")


def test_default_model_offline_says_how_to_get_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hub"))
    result = runner.invoke(app, ["article", str(SAMPLE_ARTICLE), "-o", str(tmp_path / "out")])
    _one_line_error(result, "--model DIR", "network")
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_unreadable_glossary(tmp_path: Path, tiny_model: Path) -> None:
    # tests run as root, so permission bits cannot make a file unreadable: a directory can
    bad = tmp_path / "glossary.tsv"
    bad.mkdir()
    result = runner.invoke(
        app,
        [
            "article",
            str(SAMPLE_ARTICLE),
            "-m",
            str(tiny_model),
            "-g",
            str(bad),
            "-o",
            str(tmp_path),
        ],
    )
    _one_line_error(result, "glossary.tsv")


def test_glossary_and_no_glossary_conflict(tmp_path: Path, tiny_model: Path) -> None:
    result = runner.invoke(
        app,
        [
            "article",
            str(SAMPLE_ARTICLE),
            "-m",
            str(tiny_model),
            "-g",
            str(GLOSSARY),
            "--no-glossary",
        ],
    )
    assert result.exit_code != 0
    assert "--no-glossary" in result.output


def test_unknown_format(tmp_path: Path, tiny_model: Path) -> None:
    result = runner.invoke(
        app, ["article", str(SAMPLE_ARTICLE), "-m", str(tiny_model), "--format", "md,docx"]
    )
    assert result.exit_code != 0
    assert "docx" in result.output


def _segments_of_sample():
    from translate.segment import segment_text

    text = SAMPLE_ARTICLE.read_text(encoding="utf-8")
    return [
        s for p in segment_text(text) for s in p.segments if not (s.boilerplate or p.boilerplate)
    ]


@pytest.fixture(scope="module")
def sample_run(tiny_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out")
    result = runner.invoke(
        app,
        [
            "article",
            str(SAMPLE_ARTICLE),
            "-m",
            str(tiny_model),
            "-g",
            str(GLOSSARY),
            "-o",
            str(out),
            "--format",
            "md,tmx,xliff,xliff12,html,jsonl",
            "--beam",
            "2",
            "--no-cache",
        ],
    )
    assert result.exit_code == 0, result.output
    return out


def test_article_writes_every_format(sample_run: Path) -> None:
    names = sorted(p.name for p in sample_run.iterdir())
    assert names == sorted(
        [
            "article.en.md",
            "article.tmx",
            "article.xlf",
            "article.xliff12.xlf",
            "article.html",
            "article.jsonl",
        ]
    )
    assert not [p for p in sample_run.iterdir() if p.name.startswith(".")]


def test_jsonl_is_aligned_with_the_segmentation(sample_run: Path) -> None:
    segments = _segments_of_sample()
    records = [json.loads(line) for line in (sample_run / "article.jsonl").read_text().splitlines()]
    assert [r["id"] for r in records] == [s.id for s in segments]
    assert [r["source"] for r in records] == [s.text for s in segments]
    assert [(r["paragraph"], r["sentence"]) for r in records] == [
        (s.paragraph, s.index) for s in segments
    ]
    assert all(r["target"] for r in records)
    # boilerplate is left out by default
    assert not any("Mehr zum Thema" in r["source"] for r in records)


def test_every_glossary_term_is_in_the_translation(sample_run: Path) -> None:
    records = [json.loads(line) for line in (sample_run / "article.jsonl").read_text().splitlines()]
    terms = [t for r in records for t in r["terms"]]
    assert any(t["source"].startswith("Beloussow") for t in terms)
    for record in records:
        for term in record["terms"]:
            assert term["status"] in {"model", "enforced"}
            assert (
                term["target"] in record["target"]
                or term["target"][:1].upper() + term["target"][1:] in record["target"]
            )
            assert record["source"][term["start"] : term["end"]] == term["source"]


def test_markdown_keeps_paragraphs(sample_run: Path) -> None:
    md = (sample_run / "article.en.md").read_text(encoding="utf-8")
    blocks = [b for b in md.split("\n\n") if b.strip() and not b.lstrip().startswith("<!--")]
    assert blocks[0].startswith("# ")
    paragraphs = {s.paragraph for s in _segments_of_sample()}
    assert len(blocks) == len(paragraphs)


def test_outputs_validate_against_official_schemas(sample_run: Path) -> None:
    assert_valid_tmx(sample_run / "article.tmx")
    assert_valid_xliff12(sample_run / "article.xliff12.xlf")
    modules = assert_valid_xliff20(sample_run / "article.xlf")
    assert modules >= {"gls", "mda"}  # the sample article has glossary matches and metadata


def test_segment_command_plain_and_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "t.txt"
    path.write_text("Titel\n\nAm 12. Juli kam er. Dann ging er.\n", encoding="utf-8")
    result = runner.invoke(app, ["segment", str(path)])
    assert result.exit_code == 0
    assert result.output == "Titel\n\nAm 12. Juli kam er.\nDann ging er.\n"
    result = runner.invoke(app, ["segment", str(path), "--jsonl"])
    records = [json.loads(line) for line in result.output.splitlines()]
    text = path.read_text(encoding="utf-8")
    assert [(r["paragraph"], r["sentence"]) for r in records] == [(0, 0), (1, 0), (1, 1)]
    assert all(text[r["start"] : r["end"]] == r["text"] for r in records)


def test_segment_reads_stdin() -> None:
    result = runner.invoke(app, ["segment", "-"], input="Erster Satz. Zweiter Satz.\n")
    assert result.output == "Erster Satz.\nZweiter Satz.\n"


def test_glossary_check_reports_line_numbers_and_exit_code(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text(
        "source\ttarget\ttype\nKiew\tKyiv\tplace\nKiew\tKiev\tplace\nSchoigu\t\tperson\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["glossary", "check", str(bad)])
    assert result.exit_code == 1
    assert f"{bad}:3:" in result.output and f"{bad}:4:" in result.output
    result = runner.invoke(app, ["glossary", "check", str(GLOSSARY)])
    assert result.exit_code == 0, result.output


def test_glossary_check_reports_an_empty_alternative_once(tmp_path: Path) -> None:
    path = tmp_path / "g.tsv"
    path.write_text("source\ttarget\nKiew\t|\n", encoding="utf-8")
    result = runner.invoke(app, ["glossary", "check", str(path)])
    assert result.exit_code == 1
    findings = [line for line in result.output.splitlines() if line.startswith(f"{path}:")]
    message = "target '|' has an empty alternative; remove the extra '|'"
    assert findings == [f"{path}:2: error: {message}"]


def test_later_glossary_wins_on_the_same_term(tmp_path: Path, tiny_model: Path) -> None:
    override = tmp_path / "override.tsv"
    override.write_text("source\ttarget\ttype\nKiew\tKyjiw\tplace\n", encoding="utf-8")
    article = tmp_path / "kiew.txt"
    article.write_text("Kiew\n\nDie Regierung in Kiew schweigt.\n", encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(
        app,
        [
            "article",
            str(article),
            "-m",
            str(tiny_model),
            "-g",
            str(GLOSSARY),
            "-g",
            str(override),
            "-o",
            str(out),
            "-f",
            "jsonl",
            "--no-cache",
            "-q",
        ],
    )
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in (out / "kiew.jsonl").read_text().splitlines()]
    assert {t["target"] for r in records for t in r["terms"]} == {"Kyjiw"}
    assert all("Kyjiw" in r["target"] for r in records)


def test_cli_default_engine_is_the_library_default() -> None:
    from translate import cli, engines

    assert cli.DEFAULT_ENGINE == engines.DEFAULT_ENGINE


def test_shortlist_build_then_translate_with_it(tmp_path: Path, tiny_model: Path) -> None:
    corpus_file = tmp_path / "corpus.de.txt"
    corpus_file.write_text(
        "\n".join(["Die Lage ist ernst.", "Kiew schweigt.", "Der Minister sprach."]) + "\n",
        encoding="utf-8",
    )
    shortlist = tmp_path / "shortlist.txt"
    result = runner.invoke(
        app,
        [
            "shortlist",
            "build",
            str(corpus_file),
            "-o",
            str(shortlist),
            "-m",
            str(tiny_model),
            "--size",
            "100",
            "-q",
        ],
    )
    assert result.exit_code == 0, result.output
    assert shortlist.is_file()
    out = tmp_path / "out"
    result = runner.invoke(
        app,
        [
            "article",
            str(SAMPLE_ARTICLE),
            "-m",
            str(tiny_model),
            "-g",
            str(GLOSSARY),
            "--shortlist",
            str(shortlist),
            "-o",
            str(out),
            "-f",
            "jsonl",
            "--no-cache",
            "-q",
        ],
    )
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in (out / "article.jsonl").read_text().splitlines()]
    assert all(t["status"] != "missing" for r in records for t in r["terms"])


def test_shortlist_needs_the_ctranslate2_engine(tmp_path: Path, tiny_model: Path) -> None:
    result = runner.invoke(
        app,
        [
            "article",
            str(SAMPLE_ARTICLE),
            "-m",
            str(tiny_model),
            "--engine",
            "transformers",
            "--shortlist",
            str(tmp_path / "s.txt"),
            "-o",
            str(tmp_path),
        ],
    )
    assert result.exit_code != 0 and "ctranslate2" in result.output


def test_eval_prints_bleu_and_chrf_with_a_signature(tmp_path: Path, tiny_model: Path) -> None:
    data = write_test_set(tmp_path / "testset")
    result = runner.invoke(
        app,
        [
            "eval",
            "--data",
            str(data),
            "-m",
            str(tiny_model),
            "--limit",
            "4",
            "--beam",
            "1",
            "-q",
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.output.startswith("BLEU ") and "chrF" in result.output
    assert "(4 sentences)" in result.output
    assert "engine:ctranslate2" in result.output and "nrefs:2" in result.output


def test_eval_without_a_test_set_is_one_line(tmp_path: Path, tiny_model: Path) -> None:
    result = runner.invoke(app, ["eval", "--data", str(tmp_path), "-m", str(tiny_model), "-q"])
    _one_line_error(result, "newstest2021.de-en.de", "--data")


def test_eval_reference_too_short_is_one_line(tmp_path: Path, tiny_model: Path) -> None:
    data = write_test_set(tmp_path / "testset")
    short = data / "newstest2021.de-en.refB.en"
    short.write_text("Only one line.\n", encoding="utf-8")
    result = runner.invoke(app, ["eval", "--data", str(data), "-m", str(tiny_model), "-q"])
    _one_line_error(result, str(short), "one line per source line")


def test_html_article_is_never_overwritten_by_its_outputs(tmp_path: Path, tiny_model: Path) -> None:
    story = tmp_path / "story.html"
    markup = "<html><body><h1>Titel</h1><p>Der Minister sprach in Kiew.</p></body></html>\n"
    story.write_text(markup, encoding="utf-8")
    result = runner.invoke(
        app, ["article", str(story), "-m", str(tiny_model), "-o", str(tmp_path), "--no-cache"]
    )
    assert result.exit_code == 0, result.output
    assert story.read_text(encoding="utf-8") == markup
    assert (tmp_path / "story.html.html").is_file()


def test_article_with_only_boilerplate_is_an_error(tmp_path: Path, tiny_model: Path) -> None:
    path = tmp_path / "boiler.txt"
    path.write_text("Mehr zum Thema – Irgendwas\n\nSchreibe einen Kommentar\n", encoding="utf-8")
    result = runner.invoke(app, ["article", str(path), "-m", str(tiny_model), "-o", str(tmp_path)])
    _one_line_error(result, "boiler.txt", "--keep-boilerplate")


def test_segment_stdin_goes_through_the_same_reader() -> None:
    result = runner.invoke(
        app, ["segment", "-"], input="Größe zählt. Straße frei.\n".encode("cp1252")
    )
    assert result.exit_code == 0
    assert "Größe zählt.\nStraße frei." in result.output
    assert "Windows-1252" in result.output  # the warning, on stderr
    result = runner.invoke(app, ["segment", "-"], input=b"")
    assert result.exit_code != 0 and "empty" in result.output


def test_cache_stats_creates_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "no-memory-here"
    result = runner.invoke(app, ["cache", "stats", "--cache", str(folder)])
    assert result.exit_code == 0 and "sentences: 0" in result.output
    assert not folder.exists()

"""The sample article end to end for en-US and en-GB: glossary targets, values, quotes, tags."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLE_ARTICLE
from lxml import etree
from typer.testing import CliRunner

from translate.cli import app

GLOSSARY = ROOT / "glossaries" / "news-de-en.tsv"
FORMATS = "md,tmx,xliff,xliff12,html,jsonl"
runner = CliRunner()
#: the locale's own rendering of each form the article's values take
LOCALE_DATES = {"en-US": "July 12", "en-GB": "12 July"}
#: the quotation marks the English edition may contain per locale (outer, inner)
LOCALE_QUOTES = {"en-US": "\u201c\u201d\u2018\u2019", "en-GB": "\u2018\u2019\u201c\u201d"}


def _run(model: Path, out: Path, *extra: str) -> None:
    result = runner.invoke(
        app,
        [
            "article",
            str(SAMPLE_ARTICLE),
            "-m",
            str(model),
            "-g",
            str(GLOSSARY),
            "-o",
            str(out),
            "--format",
            FORMATS,
            "--no-cache",
            *extra,
        ],
    )
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module", params=["en-US", "en-GB"])
def locale_run(request, tiny_model: Path, tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp(f"out-{request.param}")
    _run(tiny_model, out, "--target-locale", request.param)
    records = [json.loads(line) for line in (out / "article.jsonl").read_text().splitlines()]
    return request.param, out, records


def test_language_tags_in_every_format(locale_run) -> None:
    tag, out, records = locale_run
    tmx = etree.parse(str(out / "article.tmx")).getroot()
    assert tmx.find("header").get("srclang") == "de-DE"
    langs = {tuv.get("{http://www.w3.org/XML/1998/namespace}lang") for tuv in tmx.iter("tuv")}
    assert langs == {"de-DE", tag}
    x2 = etree.parse(str(out / "article.xlf")).getroot()
    assert (x2.get("srcLang"), x2.get("trgLang")) == ("de-DE", tag)
    x12 = etree.parse(str(out / "article.xliff12.xlf")).getroot()
    file12 = x12[0]
    assert (file12.get("source-language"), file12.get("target-language")) == ("de-DE", tag)
    html = (out / "article.html").read_text(encoding="utf-8")
    assert f'<html lang="{tag}">' in html
    assert f'class="target" lang="{tag}"' in html
    assert {r["provenance"]["target_locale"] for r in records} == {tag}
    md = (out / "article.en.md").read_text(encoding="utf-8")
    assert f"locale:de-DE>{tag}" in md


def test_locale_glossary_targets_are_used(locale_run) -> None:
    tag, _out, records = locale_run
    ranks = [
        t for r in records for t in r["terms"] if t["entry"].startswith("Verteidigungsminister")
    ]
    assert ranks, "the sample article names the defence ministers"
    spelling = "defence" if tag == "en-GB" else "defense"
    other = "defense" if tag == "en-GB" else "defence"
    for record in records:
        for term in record["terms"]:
            if term["entry"].startswith("Verteidigungsminister"):
                assert term["status"] in {"model", "enforced"}
                assert spelling in term["target"].casefold()
                assert other not in term["target"].casefold()
                span = record["target"][term["target_start"] : term["target_end"]]
                assert span == term["target"]


def test_every_value_is_in_locale_form_or_flagged(locale_run) -> None:
    tag, _out, records = locale_run
    values = [(r, v) for r in records for v in r["values"]]
    dates = [v for _, v in values if v["source"] == "12. Juli"]
    assert len(dates) == 2, "the sample article dates the call twice"
    for record, value in values:
        assert value["expected"] == LOCALE_DATES[tag] if value["kind"] == "date" else True
        if value["status"] in {"model", "corrected"}:
            span = record["target"][value["target_start"] : value["target_end"]]
            assert span == value["target"]
            assert "Juli" not in span and not re.search(r"\d\.\s?\w", span)
        else:
            assert value["status"] in {"missing", "german-format"}
            assert value["target"] is None
            assert {"value-missing", "value-format"} & set(record["flags"])


def test_no_german_quotation_marks_survive(locale_run) -> None:
    tag, out, records = locale_run
    for record in records:
        assert not set("\u201e\u201a\u00bb\u00ab\u203a\u2039") & set(record["target"])
    md = (out / "article.en.md").read_text(encoding="utf-8")
    assert "\u201e" not in md


def test_reports_carry_values(locale_run) -> None:
    tag, out, records = locale_run
    html = (out / "article.html").read_text(encoding="utf-8")
    assert 'class="value-note value-' in html
    x12 = (out / "article.xliff12.xlf").read_text(encoding="utf-8")
    assert 'from="values"' in x12 and "12. Juli" in x12
    # the human-facing date on the review page follows the locale
    page = etree.HTML((out / "article.html").read_bytes())
    (when,) = page.xpath("//header//time")
    month_first = re.match(r"[A-Z][a-z]+ \d", when.text)
    assert bool(month_first) == (tag == "en-US"), when.text


@pytest.mark.parametrize(
    ("value", "needle"),
    [("fr-FR", "not a locale of language 'en'"), ("en-XX", "unknown locale"), ("", "empty")],
)
def test_bad_target_locale_is_a_one_line_error(
    value: str, needle: str, tiny_model: Path, tmp_path: Path
) -> None:
    result = runner.invoke(
        app,
        [
            "article",
            str(SAMPLE_ARTICLE),
            "-m",
            str(tiny_model),
            "-o",
            str(tmp_path),
            "--target-locale",
            value,
        ],
    )
    assert result.exit_code != 0
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: --target-locale")
    assert needle in lines[0] and "en-GB" in lines[0]
    assert not list(tmp_path.iterdir())


def test_bad_source_locale_is_a_one_line_error(tiny_model: Path, tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        [
            "batch",
            str(SAMPLE_ARTICLE),
            "-m",
            str(tiny_model),
            "-o",
            str(tmp_path / "o"),
            "--source-locale",
            "en-US",
        ],
    )
    assert result.exit_code != 0
    assert "error: --source-locale: 'en-US' is not a locale of language 'de'" in result.output


def test_batch_outputs_follow_the_target_locale(tiny_model: Path, tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        [
            "batch",
            str(SAMPLE_ARTICLE),
            "-m",
            str(tiny_model),
            "-g",
            str(GLOSSARY),
            "-o",
            str(tmp_path / "gb"),
            "--target-locale",
            "en_gb",
            "--format",
            "xliff,jsonl",
            "--no-cache",
            "-q",
        ],
    )
    assert result.exit_code == 0, result.output
    (xlf,) = (tmp_path / "gb").rglob("*.xlf")
    assert etree.parse(str(xlf)).getroot().get("trgLang") == "en-GB"
    (jsonl,) = (tmp_path / "gb").rglob("article*.jsonl")
    records = [json.loads(line) for line in jsonl.read_text().splitlines()]
    dates = [v for r in records for v in r["values"] if v["source"] == "12. Juli"]
    assert len(dates) == 2 and {v["expected"] for v in dates} == {"12 July"}
    report = [json.loads(line) for line in (tmp_path / "gb" / "batch-report.jsonl").open()]
    assert report[0]["values_corrected"] + report[0]["values_flagged"] <= 2


# -- a model that has learnt German habits: what localisation changes, per locale -------------

TRAINED_CASES = [
    # source, en-US, en-GB (the trained model's own output is in the training data)
    (
        "Das Gespräch fand am 12. Juli statt.",
        "The conversation took place on July 12.",
        "The conversation took place on 12 July.",
    ),
    (
        "Die Preise stiegen um 3,5 Prozent.",
        "Prices rose by 3.5 percent.",
        "Prices rose by 3.5 per cent.",
    ),
    (
        "Er sagte: \u201eWir kommen nicht.\u201c",
        "He said: \u201cWe are not coming.\u201d",
        "He said: \u2018We are not coming.\u2019",
    ),
    (
        "Der Verteidigungsminister sprach mit Austin.",
        "The defense minister spoke with Austin.",
        "The defence minister spoke with Austin.",
    ),
]


@pytest.fixture(scope="module")
def trained_backend(trained_model: Path):
    from translate.engines import load_backend

    return load_backend(str(trained_model))


@pytest.mark.parametrize(("source", "us", "gb"), TRAINED_CASES)
def test_trained_model_output_is_localised(trained_backend, source: str, us: str, gb: str) -> None:
    from translate.backends.base import DecodeSettings
    from translate.glossary import load_glossary
    from translate.localize.locales import parse_locale
    from translate.pipeline import Translator

    glossary = load_glossary(GLOSSARY)
    settings = DecodeSettings(beam=1)
    for tag, expected in (("en-US", us), ("en-GB", gb)):
        spec = parse_locale(tag, language="en")
        translator = Translator(trained_backend, glossary, settings, target_locale=spec)
        (rendering,) = translator.translate_texts([source])
        assert rendering.target == expected, tag
        for value in rendering.values:
            assert value.status in {"model", "corrected"}
            assert rendering.target[value.target_start : value.target_end] == value.rendering
        for term in rendering.terms:
            assert rendering.target[term.target_start : term.target_end] == term.target
        assert not {"value-missing", "value-format", "term-missing"} & set(rendering.flags)


@pytest.mark.parametrize(
    ("value", "needle"),
    [("en-US@x=y", "modifiers"), ("en-Dsrt", "Latin script"), ("en-GB-oxendict", "unknown")],
)
def test_odd_locale_tags_are_refused_in_one_line(value: str, needle: str) -> None:
    from translate.errors import LocaleError
    from translate.localize.locales import parse_locale

    with pytest.raises(LocaleError, match=needle):
        parse_locale(value, language="en")


def test_an_untranslated_sentence_stays_flagged_after_localisation(tiny_backend) -> None:
    """A model that copies German: terms, values and quotes put into it do not hide the copy."""
    from translate.backends.base import DecodeSettings
    from translate.glossary import load_glossary
    from translate.pipeline import Translator

    class Copying:
        def __getattr__(self, name):
            return getattr(tiny_backend, name)

        def translate(self, texts, settings):
            return list(texts)

    source = "Der Verteidigungsminister sagte am 12. Juli: \u201eDie Lage ist sehr ernst.\u201c"
    translator = Translator(Copying(), load_glossary(GLOSSARY), DecodeSettings(beam=1))
    (rendering,) = translator.translate_texts([source])
    assert rendering.target != source  # enforced, corrected, re-quoted …
    assert "copy-of-source" in rendering.flags  # … but still the model's copy

"""translate align: English segmentation, every link type, paragraphs, anchors, outputs, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from translate.align import AlignSettings, Weights, align, read_side, split_english_sentences
from translate.align.records import Side
from translate.cli import app
from translate.document import Segment
from translate.glossary import TermMatcher, load_glossary

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data" / "align"
GLOSSARY = ROOT / "glossaries" / "news-de-en.tsv"
runner = CliRunner()


def side(*lines: str) -> Side:
    """A presegmented side: one sentence per argument, "" starts a new paragraph."""
    segments: list[Segment] = []
    ids: list[int] = []
    paragraph = index = 0
    for number, line in enumerate(lines):
        if not line:
            paragraph, index = paragraph + 1, 0
            continue
        segments.append(Segment(f"p{paragraph}s{index}", paragraph, index, 0, len(line), line))
        ids.append(number)
        index += 1
    return Side("case", None, "\n".join(lines), tuple(segments), tuple(ids))


def links(alignment) -> list[tuple[str, tuple[int, ...], tuple[int, ...]]]:
    return [(link.type, link.source, link.target) for link in alignment.links]


def one_line_error(result, *needles: str) -> None:
    assert result.exit_code != 0
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    assert lines[0].startswith("error: ")
    for needle in needles:
        assert needle in lines[0], lines[0]


# --- English segmentation ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        (
            "Mr. Smith met Dr. Jones at 9 a.m. on Monday. They talked.",
            ["Mr. Smith met Dr. Jones at 9 a.m. on Monday.", "They talked."],
        ),
        (
            "The talks ended at 5 p.m. The minister left.",
            ["The talks ended at 5 p.m.", "The minister left."],
        ),
        (
            "John F. Kennedy visited Berlin on Sept. 26 in 1963. It was historic.",
            ["John F. Kennedy visited Berlin on Sept. 26 in 1963.", "It was historic."],
        ),
        (
            "The U.S. Army and Acme Inc. signed. The deal is worth $3.5 million.",
            ["The U.S. Army and Acme Inc. signed.", "The deal is worth $3.5 million."],
        ),
        (
            "He said: “We will win.” Then he left. Did he? Yes!",
            ["He said: “We will win.”", "Then he left.", "Did he?", "Yes!"],
        ),
        (
            "Fire in Passau\nThe fire brigade came at No. 4 Main St. in the night.",
            ["Fire in Passau", "The fire brigade came at No. 4 Main St. in the night."],
        ),
        (
            "Prices rose by 3.5 percent in 2023. Wages rose by 2.1 percent.",
            ["Prices rose by 3.5 percent in 2023.", "Wages rose by 2.1 percent."],
        ),
    ],
)
def test_english_sentences(text: str, sentences: list[str]) -> None:
    assert [text[s:e] for s, e in split_english_sentences(text)] == sentences


def test_english_hard_wrapped_prose_is_not_split_at_line_breaks() -> None:
    text = "The minister said on Monday that the\ntalks would go on. Nobody\nknew why."
    assert [text[s:e] for s, e in split_english_sentences(text)] == [
        "The minister said on Monday that the\ntalks would go on.",
        "Nobody\nknew why.",
    ]


# --- link types on hand-made article pairs ------------------------------------------------


def _aligned(stem: str) -> object:
    source = read_side(DATA / f"{stem}.de.txt", "de")
    target = read_side(DATA / f"{stem}.en.txt", "en")
    return align(source, target)


def test_merge_and_split_links() -> None:
    result = _aligned("talks")
    assert links(result) == [
        ("1-1", (0,), (0,)),
        ("1-1", (1,), (1,)),
        ("2-1", (2, 3), (2,)),  # "… am 12. Juli statt. Es war das zweite …" → one sentence
        ("1-1", (4,), (3,)),
        ("1-1", (5,), (4,)),
        ("1-2", (6,), (5, 6)),  # one long sentence → two
        ("1-1", (7,), (7,)),
        ("1-1", (8,), (8,)),
        ("1-1", (9,), (9,)),
    ]
    assert all(0.0 <= link.confidence <= 1.0 for link in result.links)


def test_omission_and_addition_links() -> None:
    result = _aligned("flood")
    assert links(result) == [
        ("1-1", (0,), (0,)),
        ("1-1", (1,), (1,)),
        ("1-1", (2,), (2,)),
        ("1-1", (3,), (3,)),
        ("1-1", (4,), (4,)),
        ("1-0", (5,), ()),  # "Mehrere Straßen … gesperrt": left out of the edition
        ("1-1", (6,), (5,)),
        ("1-1", (7,), (6,)),
        ("0-1", (), (7,)),  # the edition's own advice to residents
    ]


def test_links_cover_both_sides_in_order_without_crossing() -> None:
    for stem in ("talks", "flood"):
        result = _aligned(stem)
        sources = [i for link in result.links for i in link.source]
        targets = [j for link in result.links for j in link.target]
        assert sources == list(range(len(result.source.sentences)))
        assert targets == list(range(len(result.target.sentences)))


# --- paragraphs -------------------------------------------------------------------------------


def test_paragraphs_bound_links_when_the_structures_agree() -> None:
    result = _aligned("talks")
    assert result.stats["paragraph_mode"] == 1.0
    for link in result.links:
        paragraphs = {result.source.sentences[i].paragraph for i in link.source}
        paragraphs |= {result.target.sentences[j].paragraph for j in link.target}
        assert len(paragraphs) == 1, link


def test_a_link_never_joins_two_paragraphs_of_one_side() -> None:
    # three German paragraphs, two English ones: the structures disagree, so the whole text is
    # one block; lengths alone would merge the last German sentence of paragraph 1 with the
    # first of paragraph 2
    source = side(
        "Die Regierung beriet am Montag.",
        "",
        "Die Sitzung dauerte lange.",
        "",
        "Am Abend gab es eine Einigung.",
    )
    target = side(
        "The government met on Monday.",
        "",
        "The meeting lasted a long time and in the evening there was an agreement.",
    )
    result = align(source, target)
    assert result.stats["paragraph_mode"] == 0.0
    for link in result.links:
        assert len({result.source.sentences[i].paragraph for i in link.source}) <= 1
        assert len({result.target.sentences[j].paragraph for j in link.target}) <= 1


# --- anchors ----------------------------------------------------------------------------------

_ROAD = "Verletzt wurde niemand, die Straße blieb jedoch bis zum Abend gesperrt."
_ROAD_EN = (
    "Nobody was injured in the incident, but the road remained closed to all traffic until "
    "the evening."
)


def _partner(result, german: int) -> tuple[int, ...]:
    return next(link.target for link in result.links if german in link.source)


def test_numbers_rescue_a_link_that_length_gets_wrong() -> None:
    source = side(
        "Die Feuerwehr rückte am Morgen aus.",
        "Insgesamt waren 45 Kräfte mit 12 Fahrzeugen im Einsatz.",
        _ROAD,
    )
    target = side("Firefighters came with 45 people and 12 trucks.", _ROAD_EN)
    length_only = align(source, target, settings=AlignSettings(weights=Weights(use_anchors=False)))
    assert _partner(length_only, 1) == (1,)  # lengths pair the two long sentences
    anchored = align(source, target)
    assert _partner(anchored, 1) == (0,)  # 45 and 12 are in the first English sentence
    assert _partner(anchored, 2) == (1,)


def test_glossary_targets_rescue_a_link() -> None:
    source = side(
        "Der Minister kam am Morgen an.",
        "Beloussow traf in Kiew den Verteidigungsminister.",
        _ROAD,
    )
    target = side("Belousov met the defense minister in Kyiv.", _ROAD_EN)
    assert _partner(align(source, target), 1) == (1,)
    matcher = TermMatcher(load_glossary(GLOSSARY))
    with_glossary = align(source, target, matcher=matcher)
    assert links(with_glossary) == [("2-1", (0, 1), (0,)), ("1-1", (2,), (1,))]


# --- the command: outputs, records, errors ------------------------------------------------


def _run(tmp_path: Path, *args: str):
    return runner.invoke(app, ["align", *args, "--out", str(tmp_path), "--no-model", "-q"])


def test_jsonl_has_one_record_per_link(tmp_path: Path) -> None:
    result = _run(tmp_path, str(DATA / "flood.de.txt"), str(DATA / "flood.en.txt"), "-f", "jsonl")
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in (tmp_path / "flood.aligned.jsonl").open()]
    assert [r["type"] for r in records] == ["1-1"] * 5 + ["1-0", "1-1", "1-1", "0-1"]
    omitted, added = records[5], records[8]
    assert (omitted["source_ids"], omitted["target_ids"], omitted["target"]) == ([5], [], "")
    assert omitted["source"].startswith("Mehrere Straßen")
    assert (added["source_ids"], added["target_ids"], added["source"]) == ([], [7], "")
    assert [r["paragraph"] for r in records] == [0, 1, 1, 1, 2, 2, 2, 3, 3]
    for r in records:
        assert r["origin"] == "human" and 0.0 <= r["confidence"] <= 1.0
        assert r["document"] == "flood"


def test_presegmented_ids_are_line_numbers(tmp_path: Path) -> None:
    de = tmp_path / "a.de.txt"
    en = tmp_path / "a.en.txt"
    de.write_text("Die Lage ist ernst.\n\nDer Konflikt dauert an.\nDie Gefahr ist groß.\n")
    en.write_text("The situation is serious.\n\nThe conflict continues and the danger is great.\n")
    result = _run(tmp_path, str(de), str(en), "--presegmented", "-f", "jsonl")
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in (tmp_path / "a.aligned.jsonl").open()]
    assert [(r["source_ids"], r["target_ids"]) for r in records] == [([0], [0]), ([2, 3], [2])]
    assert records[1]["source"] == "Der Konflikt dauert an. Die Gefahr ist groß."


def test_outputs_mark_human_translations(tmp_path: Path) -> None:
    from lxml import etree

    result = _run(tmp_path, str(DATA / "talks.de.txt"), str(DATA / "talks.en.txt"))
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [f"talks.aligned.{ext}" for ext in ("html", "jsonl", "tmx", "xlf")]
    tmx = etree.parse(str(tmp_path / "talks.aligned.tmx")).getroot()
    tus = tmx.findall("body/tu")
    assert len(tus) == 9  # every link has both sides here
    merged = [tu for tu in tus if "Es war das zweite" in "".join(tu.itertext())]
    assert len(merged) == 1 and "Juli statt. Es war" in "".join(merged[0].itertext())
    xliff = etree.parse(str(tmp_path / "talks.aligned.xlf")).getroot()
    ns = {"x": "urn:oasis:names:tc:xliff:document:2.0"}
    segments = xliff.findall(".//x:segment", ns)
    assert segments and all(s.get("state") == "translated" for s in segments)
    html = (tmp_path / "talks.aligned.html").read_text(encoding="utf-8")
    assert "Belousov" in html and "Beloussow" in html


def test_outputs_are_schema_valid(tmp_path: Path) -> None:
    import html5lib
    from lxml import etree
    from schemas import assert_valid_tmx, assert_valid_xliff20

    result = _run(tmp_path, str(DATA / "flood.de.txt"), str(DATA / "flood.en.txt"))
    assert result.exit_code == 0, result.output
    assert_valid_tmx(tmp_path / "flood.aligned.tmx")
    tmx = etree.parse(str(tmp_path / "flood.aligned.tmx")).getroot()
    assert len(tmx.findall("body/tu")) == 7  # null links stay out of the memory format
    assert_valid_xliff20((tmp_path / "flood.aligned.xlf").read_bytes())
    html5lib.HTMLParser(strict=True).parse((tmp_path / "flood.aligned.html").read_bytes())


def test_pairs_list(tmp_path: Path) -> None:
    listing = tmp_path / "pairs.tsv"
    listing.write_text(
        "# German\tEnglish\n"
        f"{DATA / 'talks.de.txt'}\t{DATA / 'talks.en.txt'}\n\n"
        f"{DATA / 'flood.de.txt'}\t{DATA / 'flood.en.txt'}\n"
    )
    result = runner.invoke(
        app, ["align", "--pairs", str(listing), "--out", str(tmp_path / "out"), "--no-model", "-q"]
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "talks.aligned.jsonl").is_file()
    assert (tmp_path / "out" / "flood.aligned.jsonl").is_file()


def test_a_bad_pair_in_a_list_does_not_stop_the_others(tmp_path: Path) -> None:
    empty = tmp_path / "empty.en.txt"
    empty.write_text("")
    listing = tmp_path / "pairs.tsv"
    listing.write_text(
        f"{DATA / 'talks.de.txt'}\t{empty}\n{DATA / 'flood.de.txt'}\t{DATA / 'flood.en.txt'}\n"
    )
    result = runner.invoke(
        app, ["align", "--pairs", str(listing), "--out", str(tmp_path / "out"), "--no-model", "-q"]
    )
    assert result.exit_code == 1
    assert "empty.en.txt" in result.output and "1 of 2 article pairs" in result.output
    assert (tmp_path / "out" / "flood.aligned.jsonl").is_file()


def test_bad_inputs_are_one_line_errors(tmp_path: Path) -> None:
    de, en = str(DATA / "talks.de.txt"), str(DATA / "talks.en.txt")
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n")
    one_line_error(_run(tmp_path, de, str(empty)), "empty.txt")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(bytes(range(256)) * 4)
    one_line_error(_run(tmp_path, str(binary), en), "binary.txt")
    one_line_error(_run(tmp_path, de, de), "not English")
    one_line_error(_run(tmp_path, en, de), "not English", "swapped")
    short = tmp_path / "short.en.txt"
    short.write_text("The talks were secret.\n")
    one_line_error(_run(tmp_path, de, str(short)), "short.en.txt", "not translations")
    one_line_error(_run(tmp_path, de, str(tmp_path / "missing.txt")), "missing.txt")
    listing = tmp_path / "pairs.tsv"
    listing.write_text(f"{de}\n")
    one_line_error(
        runner.invoke(app, ["align", "--pairs", str(listing), "--no-model"]), "pairs.tsv:1"
    )


def test_usage_errors_name_the_option(tmp_path: Path) -> None:
    de, en = str(DATA / "talks.de.txt"), str(DATA / "talks.en.txt")
    result = runner.invoke(app, ["align", de, en, "-f", "md", "--no-model"])
    assert result.exit_code == 2 and "unknown format 'md'" in result.output
    result = runner.invoke(app, ["align", de, "--no-model"])
    assert result.exit_code == 2 and "ARTICLE and EDITION" in result.output
    result = runner.invoke(app, ["align", de, en, "--no-model", "--model", "x"])
    assert result.exit_code == 2 and "--no-model" in result.output


def test_to_memory_then_translate_article_reuses_the_edition(
    tmp_path: Path, tiny_model: Path
) -> None:
    cache = tmp_path / "cache"
    result = runner.invoke(
        app,
        [
            "align",
            str(DATA / "flood.de.txt"),
            str(DATA / "flood.en.txt"),
            "--no-model",
            "--to-memory",
            "--cache",
            str(cache),
            "--out",
            str(tmp_path / "aligned"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "stored 5 human translations" in result.output  # the 1-1 links of confidence ≥ .9
    out = tmp_path / "translated"
    translated = runner.invoke(
        app,
        ["article", str(DATA / "flood.de.txt"), "-m", str(tiny_model), "-o", str(out)]
        + ["--format", "jsonl", "--cache", str(cache), "--beam", "1", "-q"],
    )
    assert translated.exit_code == 0, translated.output
    records = {r["id"]: r for r in map(json.loads, (out / "flood.jsonl").open())}
    assert records["p1s1"]["target"] == "On Tuesday the water level reached 9.20 meters."
    assert records["p1s1"]["origin"] == "human"
    assert records["p2s1"]["origin"] == "mt"  # left out of the edition: nothing to reuse


def test_without_the_default_model_it_aligns_without_a_model(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))  # an empty hub cache: opus-mt is absent
    result = runner.invoke(
        app,
        ["align", str(DATA / "talks.de.txt"), str(DATA / "talks.en.txt"), "-o", str(tmp_path)]
        + ["-f", "jsonl"],
    )
    assert result.exit_code == 0, result.output
    assert "aligning without a model" in result.output
    assert (tmp_path / "talks.aligned.jsonl").is_file()


# --- the model ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def trained_backend(trained_model: Path):
    from translate.engines import load_backend

    return load_backend(str(trained_model), engine="transformers")


# sentences the trained checkpoints know (tests/data/tiny_parallel.tsv); the edition drops the
# second German sentence and adds one of its own at the end, all of similar length
OMISSION_DE = (
    "Die Lage ist ernst.",
    "Die Basen sind sicher.",
    "Die Gefahr ist groß.",
    "Der Konflikt dauert an.",
)
OMISSION_EN = (
    "The situation is serious.",
    "The danger is great.",
    "The conflict continues.",
    "The flight was unusual.",
)
OMISSION_LINKS = [
    ("1-1", (0,), (0,)),
    ("1-0", (1,), ()),
    ("1-1", (2,), (1,)),
    ("1-1", (3,), (2,)),
    ("0-1", (), (3,)),
]


def test_the_model_finds_an_omission_and_an_addition_that_length_cannot(trained_backend) -> None:
    source, target = side(*OMISSION_DE), side(*OMISSION_EN)
    assert links(align(source, target)) != OMISSION_LINKS  # length and anchors shift the pairs
    with_model = align(source, target, scorer=trained_backend)
    assert with_model.stats["model_used"] == 1.0
    assert with_model.stats["model_candidates"] > 0
    assert with_model.stats["model_pairs"] > with_model.stats["model_candidates"]
    assert links(with_model) == OMISSION_LINKS


@pytest.fixture(scope="module")
def reverse_backend(reverse_model: Path):
    from translate.engines import load_backend

    return load_backend(str(reverse_model), engine="transformers")


def test_the_reverse_model_alone_finds_what_length_cannot(tiny_backend, reverse_backend) -> None:
    # the German→English checkpoint is random (left out); the English→German one knows the pairs
    source, target = side(*OMISSION_DE), side(*OMISSION_EN)
    result = align(source, target, scorer=tiny_backend, reverse=reverse_backend)
    assert result.stats["model_forward_used"] == 0.0
    assert result.stats["model_reverse_used"] == 1.0
    assert links(result) == OMISSION_LINKS


def test_reverse_model_on_the_command_line(
    tmp_path: Path, trained_model: Path, reverse_model: Path
) -> None:
    de, en = tmp_path / "case.de.txt", tmp_path / "case.en.txt"
    de.write_text("\n".join(OMISSION_DE) + "\n", encoding="utf-8")
    en.write_text("\n".join(OMISSION_EN) + "\n", encoding="utf-8")
    args = [str(de), str(en), "--presegmented", "-f", "jsonl,tmx", "--out", str(tmp_path)]
    models = ["--model", str(trained_model), "--reverse-model", str(reverse_model)]
    result = runner.invoke(app, ["align", *args, *models])
    assert result.exit_code == 0, result.output
    assert "used: forward + reverse" in result.output
    records = [json.loads(line) for line in (tmp_path / "case.aligned.jsonl").open()]
    found = [(r["type"], tuple(r["source_ids"]), tuple(r["target_ids"])) for r in records]
    assert found == OMISSION_LINKS
    tmx = (tmp_path / "case.aligned.tmx").read_text(encoding="utf-8")
    assert reverse_model.name in tmx  # both models named in the provenance


def test_a_model_that_does_not_know_the_language_is_left_out(tiny_backend) -> None:
    result = _aligned("talks")
    source, target = result.source, result.target
    with_random = align(source, target, scorer=tiny_backend)
    assert with_random.stats["model_used"] == 0.0  # a random checkpoint gains nothing
    assert links(with_random) == links(result)

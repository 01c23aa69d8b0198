"""Locale-specific glossary targets: ``target@<locale>`` columns, TBX regional sections, lookup."""

from __future__ import annotations

from pathlib import Path

import pytest

from translate.document import GlossaryEntry
from translate.errors import GlossaryError
from translate.glossary import find_target, lint_glossary, load_glossary
from translate.localize.locales import parse_locale

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data" / "glossaries"
SHIPPED = ROOT / "glossaries" / "news-de-en.tsv"


def write(tmp_path: Path, name: str, content: str) -> Path:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


def findings(path: Path) -> list[tuple[int, str, str]]:
    return [(f.line, f.severity, f.message) for f in lint_glossary(path)]


# --- reading the columns -------------------------------------------------------------------

TSV = (
    "# comment\n"
    "source\ttarget\ttarget@en-GB\ttype\tdomain\n"
    "Verteidigungsminister\tdefense minister|defense ministers\t"
    "defence minister | defence ministers\trank\tmil\n"
    "Kiew\tKyiv\t\tplace\tgeo\n"
)
CSV = (
    "# comment\n"
    "source,target,target@en-GB,type,domain\n"
    'Verteidigungsminister,defense minister|defense ministers,"defence minister | defence '
    'ministers",rank,mil\n'
    "Kiew,Kyiv,,place,geo\n"
)


@pytest.mark.parametrize(("name", "content"), [("g.tsv", TSV), ("g.csv", CSV)])
def test_delimited_locale_columns(tmp_path: Path, name: str, content: str) -> None:
    minister, kiew = load_glossary(write(tmp_path, name, content)).entries
    assert minister.targets == ("defense minister", "defense ministers")
    assert minister.locale_targets == (("en-GB", ("defence minister", "defence ministers")),)
    assert minister.extra == (("domain", "mil"),)  # a locale column is no extra column
    assert kiew.locale_targets == ()  # an empty cell is no override
    assert kiew.extra == (("domain", "geo"),)


@pytest.mark.parametrize("column", ["target@en-GB", "target@en_GB", "target@en-gb", "TARGET@EN_gb"])
def test_column_tag_is_normalised(tmp_path: Path, column: str) -> None:
    path = write(tmp_path, "g.tsv", f"source\ttarget\t{column}\nKiew\tKyiv\tKyiv (UK)\n")
    (entry,) = load_glossary(path).entries
    assert entry.locale_targets == (("en-GB", ("Kyiv (UK)",)),)


def test_locale_columns_keep_column_order(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "g.tsv",
        "source\ttarget@en-AU\ttarget\ttarget@en\ttarget@en-GB\nA\tau\tplain\ten\tgb\n",
    )
    (entry,) = load_glossary(path).entries
    assert entry.locale_targets == (("en-AU", ("au",)), ("en", ("en",)), ("en-GB", ("gb",)))


# --- lookup order ----------------------------------------------------------------------------

LOOKUP = (
    "source\ttarget\ttarget@en\ttarget@en-GB\n"
    "A\ta-plain\ta-en\ta-gb\n"
    "B\tb-plain\tb-en\t\n"
    "C\tc-plain\t\tc-gb\n"
    "D\td-plain\t\t\n"
)


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("en-GB", {"A": "a-gb", "B": "b-en", "C": "c-gb", "D": "d-plain"}),
        ("en_gb", {"A": "a-gb", "B": "b-en", "C": "c-gb", "D": "d-plain"}),
        ("en-US", {"A": "a-en", "B": "b-en", "C": "c-plain", "D": "d-plain"}),
        ("en-AU", {"A": "a-en", "B": "b-en", "C": "c-plain", "D": "d-plain"}),
        ("en", {"A": "a-en", "B": "b-en", "C": "c-plain", "D": "d-plain"}),
    ],
)
def test_lookup_order_exact_then_language_then_plain(
    tmp_path: Path, locale: str, expected: dict[str, str]
) -> None:
    glossary = load_glossary(write(tmp_path, "g.tsv", LOOKUP))
    localised = glossary.for_locale(parse_locale(locale, language="en"))
    assert {e.source: e.preferred for e in localised.entries} == expected
    assert {e.source: e.preferred for e in glossary.entries} == {
        "A": "a-plain",
        "B": "b-plain",
        "C": "c-plain",
        "D": "d-plain",
    }


ENTRY = GlossaryEntry(
    "Verteidigungsminister",
    ("defense minister",),
    locale_targets=(("en-GB", ("defence minister", "Defence Minister")), ("en", ("minister",))),
)


@pytest.mark.parametrize(
    ("chain", "targets"),
    [
        (("en-GB", "en"), ("defence minister", "Defence Minister")),
        (("EN-gb",), ("defence minister", "Defence Minister")),
        (("en-US", "en"), ("minister",)),
        (("en-IE",), ("defense minister",)),
        ((), ("defense minister",)),
    ],
)
def test_entry_for_locale(chain: tuple[str, ...], targets: tuple[str, ...]) -> None:
    localised = ENTRY.for_locale(chain)
    assert localised.targets == targets
    assert (localised.source, localised.locale_targets) == (ENTRY.source, ENTRY.locale_targets)


def test_entry_without_override_is_returned_as_is() -> None:
    plain = GlossaryEntry("Kiew", ("Kyiv",))
    assert plain.locale_targets == ()
    assert plain.for_locale(("en-GB", "en")) is plain


def test_glossary_for_locale_keeps_files_and_hash(tmp_path: Path) -> None:
    glossary = load_glossary(write(tmp_path, "g.tsv", LOOKUP))
    british = glossary.for_locale(parse_locale("en-GB", language="en"))
    assert (british.files, british.sha256, british.raw) == (
        glossary.files,
        glossary.sha256,
        glossary.raw,
    )
    assert len(british) == len(glossary)
    assert british.entries[3] is glossary.entries[3]  # D has no override


# --- errors ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("column", "reason"),
    [
        ("target@en-ZZ", "unknown locale 'en-ZZ'"),
        ("target@xx", "unknown locale 'xx'"),
        ("target@de-DE", "'de-DE' is not a locale of language 'en'"),
        ("target@", "empty locale"),
    ],
)
def test_bad_locale_column_is_a_one_line_error(tmp_path: Path, column: str, reason: str) -> None:
    path = write(
        tmp_path, "x.tsv", f"# header on line 3\n\nsource\ttarget\t{column}\nKiew\tKyiv\tKyiv\n"
    )
    with pytest.raises(GlossaryError) as info:
        load_glossary(path)
    message = str(info.value)
    assert message.startswith(f"{path}:3: header column 3 {column!r}: {reason}; ")
    assert "target@en-GB" in message  # says what to write instead
    assert "\n" not in message


def test_bad_locale_column_in_csv_names_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, "x.csv", "# c\nsource,target,note,target@fr\nKiew,Kyiv,,\n")
    with pytest.raises(GlossaryError, match=r"x\.csv:2: header column 4 'target@fr': "):
        load_glossary(path)


@pytest.mark.parametrize(
    ("columns", "expected"),
    [
        (
            "target@en-GB\ttarget@en_gb",
            "header columns 'target@en-GB' and 'target@en_gb' (column 4) are both for locale "
            "en-GB; keep one of them",
        ),
        ("target@en-GB\ttarget@en-gb", "header names column 'target@en-gb' twice"),
    ],
)
def test_two_columns_for_one_locale(tmp_path: Path, columns: str, expected: str) -> None:
    path = write(tmp_path, "x.tsv", f"source\ttarget\t{columns}\nKiew\tKyiv\t\t\n")
    with pytest.raises(GlossaryError) as info:
        load_glossary(path)
    assert str(info.value).startswith(f"{path}:1: {expected}")
    assert [(line, severity) for line, severity, _ in findings(path)] == [(1, "error")]


def test_locale_cell_alternatives_are_checked_like_target(tmp_path: Path) -> None:
    path = write(tmp_path, "x.tsv", "source\ttarget\ttarget@en-GB\nKiew\tKyiv\tKyiv||Kiev\n")
    with pytest.raises(GlossaryError) as info:
        load_glossary(path)
    assert str(info.value) == (
        f"{path}:2: target@en-GB 'Kyiv||Kiev' has an empty alternative; remove the extra '|'"
    )


# --- lint ----------------------------------------------------------------------------------------

LINT = (
    "source\ttarget\ttarget@en-XX\ttarget@en_GB\n"  # 1
    "Kiew\tKyiv\t\tKyiv\n"  # 2: same as target
    "Odessa\tOdesa\t\tOdesa|Odesa|Odessa\n"  # 3: repeated alternative
    "Lwiw\tLviv\t\t|\n"  # 4: only an empty alternative
    "Verteidigungsminister\tdefense minister\t\tdefence minister\n"  # 5
    "Verteidigungsminister\tdefense minister\t\tdefense minister|defence minister\n"  # 6
)


def test_lint_reports_locale_problems_with_lines(tmp_path: Path) -> None:
    got = findings(write(tmp_path, "g.tsv", LINT))
    assert [(line, severity) for line, severity, _ in got] == [
        (1, "error"),
        (2, "warning"),
        (3, "warning"),
        (4, "error"),
        (6, "error"),
    ]
    messages = [message for _, _, message in got]
    assert messages[0].startswith("header column 3 'target@en-XX': unknown locale 'en-XX'; ")
    assert messages[1] == "target@en-GB 'Kyiv' is the same as target; leave the cell empty"
    assert messages[2] == "target@en-GB 'Odesa|Odesa|Odessa' lists 'Odesa' twice; remove the repeat"
    assert messages[3] == "target@en-GB '|' has an empty alternative; remove the extra '|'"
    assert messages[4] == (
        "'Verteidigungsminister' conflicts with line 5: 'defense minister' "
        "(target@en-GB 'defence minister') there, 'defense minister' "
        "(target@en-GB 'defense minister|defence minister') here; keep one line"
    )


@pytest.mark.parametrize("target", ["|", " | ", "||", "Kyiv||Kiev|"])
def test_empty_alternatives_are_reported_once(tmp_path: Path, target: str) -> None:
    path = write(tmp_path, "g.tsv", f"source\ttarget\nKiew\t{target}\n")
    got = findings(path)
    assert len(got) == 1
    line, severity, message = got[0]
    assert (line, severity) == (2, "error")
    assert message.endswith("has an empty alternative; remove the extra '|'")
    assert message.count("empty") == 1


def test_lint_check_accepts_a_clean_locale_glossary(tmp_path: Path) -> None:
    path = write(tmp_path, "g.tsv", LOOKUP)
    assert findings(path) == []


# --- TBX ---------------------------------------------------------------------------------------


def test_tbx_fixture_regional_section_is_a_locale_target() -> None:
    glossary = load_glossary(DATA / "sample-v2.tbx")
    minister = glossary.entries[2]
    # the plain target is the en-US section: an en-US edition never accepts British forms
    assert minister.targets == ("defense minister", "defense ministers")
    assert minister.locale_targets == (("en-GB", ("defence minister",)),)
    assert glossary.entries[0].locale_targets == ()
    british = glossary.for_locale(parse_locale("en-GB", language="en"))
    american = glossary.for_locale(parse_locale("en-US", language="en"))
    assert british.entries[2].targets == ("defence minister",)
    assert american.entries[2].targets == minister.targets
    australian = glossary.for_locale(parse_locale("en-AU", language="en"))
    assert "defence minister" not in australian.entries[2].targets


def tbx(*sections: str) -> str:
    body = "".join(sections)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<martif type="TBX-Basic"><text><body>\n'
        '<termEntry id="c1">\n<langSet xml:lang="de"><tig><term>Verteidigungsministerium</term>'
        f"</tig></langSet>\n{body}</termEntry>\n</body></text></martif>\n"
    )


def lang_set(lang: str, *terms: str, deprecated: str = "") -> str:
    tigs = "".join(f"<tig><term>{t}</term></tig>" for t in terms)
    if deprecated:
        tigs += (
            f'<tig><term>{deprecated}</term><termNote type="administrativeStatus">'
            "deprecatedTerm-admn-sts</termNote></tig>"
        )
    return f'<langSet xml:lang="{lang}">{tigs}</langSet>\n'


@pytest.mark.parametrize(
    ("sections", "targets", "locale_targets"),
    [
        (
            (
                lang_set("en-GB", "defence ministry", deprecated="MoD"),
                lang_set("en", "defense ministry"),
            ),
            ("defense ministry",),
            (("en-GB", ("defence ministry",)),),
        ),
        (  # en-US next to a plain en is a locale of its own
            (lang_set("en", "defence ministry"), lang_set("en-US", "Pentagon")),
            ("Pentagon", "defence ministry"),
            (("en-US", ("Pentagon",)),),
        ),
        (  # without a plain en, en-US leads the plain target and needs no override
            (lang_set("en-US", "defense ministry"), lang_set("en-gb", "defence ministry")),
            ("defense ministry",),
            (("en-GB", ("defence ministry",)),),
        ),
        (  # a regional section whose terms are all deprecated gives no override
            (lang_set("en", "defense ministry"), lang_set("en-AU", deprecated="war office")),
            ("defense ministry",),
            (),
        ),
        (  # two sections of one locale join, in document order
            (
                lang_set("en-GB", "defence ministry"),
                lang_set("en", "defense ministry"),
                lang_set("en-gb", "Ministry of Defence"),
            ),
            ("defense ministry",),
            (("en-GB", ("defence ministry", "Ministry of Defence")),),
        ),
        (  # only a regional section: it is the plain target, with no override to repeat it
            (lang_set("en-GB", "defence ministry"),),
            ("defence ministry",),
            (),
        ),
    ],
)
def test_tbx_regional_sections(
    tmp_path: Path,
    sections: tuple[str, ...],
    targets: tuple[str, ...],
    locale_targets: tuple[tuple[str, tuple[str, ...]], ...],
) -> None:
    path = write(tmp_path, "g.tbx", tbx(*sections))
    (entry,) = load_glossary(path).entries
    assert entry.targets == targets
    assert entry.locale_targets == locale_targets
    assert findings(path) == []


def test_tbx_unknown_regional_tag_is_a_warning_and_stays_plain(tmp_path: Path) -> None:
    path = write(
        tmp_path, "g.tbx", tbx(lang_set("en", "defense ministry"), lang_set("en-ZZ", "MoD", "MOD"))
    )
    (entry,) = load_glossary(path).entries
    assert entry.targets == ("defense ministry", "MoD", "MOD")
    assert entry.locale_targets == ()
    ((line, severity, message),) = findings(path)
    assert (line, severity) == (6, "warning")  # the en-ZZ section, reported once
    assert message.startswith('xml:lang="en-zz" is not a known English locale')


# --- the shipped glossary ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("locale", "source", "preferred"),
    [
        ("en-GB", "Verteidigungsminister", "defence minister"),
        ("en-US", "Verteidigungsminister", "defense minister"),
        ("en", "Verteidigungsminister", "defense minister"),
        ("en-GB", "Verteidigungsministerium", "defence ministry"),
        ("en-US", "Verteidigungsministerium", "defense ministry"),
        ("en-GB", "Nato", "Nato"),
        ("en-US", "Nato", "NATO"),
        ("en-GB", "Kiew", "Kyiv"),
    ],
)
def test_shipped_glossary_by_locale(locale: str, source: str, preferred: str) -> None:
    glossary = load_glossary(SHIPPED).for_locale(parse_locale(locale, language="en"))
    by_source = {e.source: e for e in glossary.entries}
    assert by_source[source].preferred == preferred


def test_shipped_glossary_checks_british_text_for_en_gb() -> None:
    glossary = load_glossary(SHIPPED)
    british = {
        e.source: e for e in glossary.for_locale(parse_locale("en-GB", language="en")).entries
    }
    american = {
        e.source: e for e in glossary.for_locale(parse_locale("en-US", language="en")).entries
    }
    text = "The Defence Minister said the Ministry of Defence would respond."
    assert find_target(text, british["Verteidigungsminister"]) is not None
    assert find_target(text, british["Verteidigungsministerium"]) is not None
    assert find_target(text, american["Verteidigungsminister"]) is None
    assert find_target(text, american["Verteidigungsministerium"]) is None

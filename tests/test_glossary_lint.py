"""``translate glossary check``: findings with line numbers and severities."""

from __future__ import annotations

from pathlib import Path

import pytest

from translate.errors import GlossaryError
from translate.glossary import LintFinding, format_finding, has_errors, lint_glossary

DATA = Path(__file__).parent / "data" / "glossaries"

EXPECTED = [
    (3, "warning", "'Kiew' duplicates line 2"),
    (5, "error", "'Charkiw' conflicts with line 4: 'Kharkiv' there, 'Kharkov' here"),
    (6, "error", "empty source"),
    (7, "error", "empty target for source 'Odessa'"),
    (8, "warning", "target 'Lviv|Lviv' lists 'Lviv' twice"),
    (9, "error", "unknown type 'city'"),
    (10, "error", "unknown case 'maybe'"),
    (11, "error", "unknown match 'exact'"),
    (
        12,
        "warning",
        "compound entry 'Minister' also matches inside 'Verteidigungsminister' (line 13)",
    ),
    (14, "warning", "'Kiews' is an inflected form of 'Kiew' (line 3)"),
    (15, "error", "target 'Bakhmut||Artemivsk' has an empty alternative"),
    (17, "warning", "'Weißen Haus' can never match: 'Weißes Haus' (line 16)"),
    (18, "error", "not valid UTF-8 (byte 0xff at column 18)"),
]


def test_lint_finds_every_problem_with_its_line() -> None:
    findings = lint_glossary(DATA / "lint-problems.tsv")
    assert [(f.line, f.severity) for f in findings] == [(n, s) for n, s, _ in EXPECTED]
    for finding, (_, _, text) in zip(findings, EXPECTED, strict=True):
        assert text in finding.message
        assert "\n" not in finding.message
    assert has_errors(findings)


@pytest.mark.parametrize(
    "name", ["sample.tsv", "sample.csv", "sample-v2.tbx", "sample-v3.tbx", "bom-crlf.tsv"]
)
def test_clean_fixtures_have_no_findings(name: str) -> None:
    assert lint_glossary(DATA / name) == []


def test_format_finding() -> None:
    finding = LintFinding(7, "error", "empty target for source 'Odessa'")
    assert format_finding("g.tsv", finding) == "g.tsv:7: error: empty target for source 'Odessa'"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("Kiew\tKyiv\n", [(1, "error", "header has no 'source' or 'target' column")]),
        ("source\ttarget\n", [(1, "warning", "the glossary has no entries")]),
        (
            "source\ttarget\tcase\nNato\tNATO\tinsensitive\nNATO\tNATO\n",
            [(3, "error", "'NATO' conflicts with line 2: same targets but different case")],
        ),
        (
            "source\ttarget\tmatch\nMinister\tminister\nMinister\tminister\tcompound\n",
            [(3, "error", "different case or match setting")],
        ),
        (
            "source\ttarget\ttype\nKiew\tKyiv\tplace\nKiew\tKyiv\tterm\n",
            [(3, "warning", "'Kiew' duplicates line 2")],
        ),
        (
            "source\ttarget\nSprecher\tspokesman\nPentagon-Sprecher\tPentagon spokesman\n",
            [],
        ),
        (
            "source\ttarget\tmatch\nChef\tchief\tcompound\nKremlchef\tKremlin chief\n",
            [(2, "warning", "compound entry 'Chef' also matches inside 'Kremlchef' (line 3)")],
        ),
        # an empty alternative is one finding, however many stray '|' the cell has
        ("source\ttarget\nKiew\t|\n", [(2, "error", "target '|' has an empty alternative")]),
        ("source\ttarget\nKiew\t | || \n", [(2, "error", "has an empty alternative")]),
        (
            "source\ttarget\ttype\nKiew\t|\tplace\nKiew\tKyiv\tplace\n",
            [(2, "error", "target '|' has an empty alternative")],
        ),
    ],
)
def test_lint_cases(tmp_path: Path, content: str, expected: list[tuple[int, str, str]]) -> None:
    path = tmp_path / "g.tsv"
    path.write_text(content, encoding="utf-8")
    findings = lint_glossary(path)
    assert [(f.line, f.severity) for f in findings] == [(n, s) for n, s, _ in expected]
    for finding, (_, _, text) in zip(findings, expected, strict=True):
        assert text in finding.message


def test_lint_raises_only_when_the_file_cannot_be_read(tmp_path: Path) -> None:
    with pytest.raises(GlossaryError, match="not found"):
        lint_glossary(tmp_path / "missing.tsv")


def test_lint_tbx_problems(tmp_path: Path) -> None:
    path = tmp_path / "g.tbx"
    path.write_text(
        "<tbx>\n<text><body>\n"
        '<conceptEntry><langSec xml:lang="en"><termSec><term>Kyiv</term></termSec></langSec>'
        "</conceptEntry>\n"
        '<conceptEntry><langSec xml:lang="de"><termSec>\n<term>Kiew</term>'
        '<termNote type="match">fuzzy</termNote></termSec></langSec>'
        '<langSec xml:lang="en"><termSec><term>Kyiv</term></termSec></langSec></conceptEntry>\n'
        "</body></text></tbx>\n",
        encoding="utf-8",
    )
    findings = lint_glossary(path)
    assert [(f.line, f.severity) for f in findings] == [(3, "error"), (5, "error")]
    assert "has no German term" in findings[0].message
    assert "unknown match 'fuzzy'" in findings[1].message

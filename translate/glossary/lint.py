"""``translate glossary check FILE``: every problem of a glossary file, with its line.

Errors make a file unusable or ambiguous (``load_glossary`` raises on the structural ones and
silently lets the later line win on conflicts); warnings point at lines that are redundant or
that match more than their author may expect:

=====================================================  ========
finding                                                severity
=====================================================  ========
not UTF-8, no header, no source/target column, a row
with more fields than the header                       error
a ``target@`` column for an unknown or non-English
locale, two columns for one locale (header line)       error
empty source or target, empty ``|`` alternative (in
``target`` or ``target@<locale>``, reported once)      error
unknown ``type``, ``case`` or ``match`` value          error
same source as an earlier line, different targets
(locale targets included) or ``case``/``match``        error
a source that cannot match even itself                 error
same source and targets as an earlier line             warning
an alternative listed twice in one target              warning
a ``target@<locale>`` cell equal to ``target``          warning
a source that is an inflected form of another entry's
source (both match it; one of them never wins there)   warning
a ``compound`` entry that also matches inside another
entry's source (the tail of a closed compound)         warning
a file without entries                                 warning
=====================================================  ========
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from translate.document import GlossaryEntry
from translate.glossary.inflect import compile_term
from translate.glossary.load import read_rows
from translate.glossary.model import later_wins, same_term
from translate.glossary.rows import parse_row


@dataclass(frozen=True)
class LintFinding:
    """One problem at a line of a glossary file."""

    line: int
    severity: Literal["error", "warning"]
    message: str


def format_finding(path: str | Path, finding: LintFinding) -> str:
    """``FILE:LINE: severity: message``, as compilers print it."""
    return f"{path}:{finding.line}: {finding.severity}: {finding.message}"


def has_errors(findings: list[LintFinding]) -> bool:
    return any(f.severity == "error" for f in findings)


def _show(entry: GlossaryEntry) -> str:
    """The targets as written in the file, locale columns after the plain one."""
    shown = repr("|".join(entry.targets))
    for tag, alternatives in entry.locale_targets:
        shown += f" (target@{tag} {'|'.join(alternatives)!r})"
    return shown


def _all_targets(
    entry: GlossaryEntry,
) -> tuple[tuple[str, ...], frozenset[tuple[str, tuple[str, ...]]]]:
    """What a translation may be checked against: plain and locale targets (column order aside)."""
    return entry.targets, frozenset(entry.locale_targets)


def _repeats(entries: list[tuple[int, GlossaryEntry]]) -> list[LintFinding]:
    findings: list[LintFinding] = []
    for i, (line, entry) in enumerate(entries):
        for earlier_line, earlier in entries[:i]:
            if not same_term(earlier, entry):
                continue
            if _all_targets(earlier) != _all_targets(entry):
                findings.append(
                    LintFinding(
                        line,
                        "error",
                        f"{entry.source!r} conflicts with line {earlier_line}: "
                        f"{_show(earlier)} there, {_show(entry)} here; keep one line",
                    )
                )
            elif (earlier.case_sensitive, earlier.match) != (entry.case_sensitive, entry.match):
                findings.append(
                    LintFinding(
                        line,
                        "error",
                        f"{entry.source!r} conflicts with line {earlier_line}: same targets but "
                        "different case or match setting; keep one line",
                    )
                )
            else:
                findings.append(
                    LintFinding(
                        line,
                        "warning",
                        f"{entry.source!r} duplicates line {earlier_line}; delete one of them",
                    )
                )
            break
    return findings


def _stem_key(entry: GlossaryEntry) -> str:
    last = entry.source.split()[-1].casefold()
    return last[: max(3, len(last) - 2)]


def _shadows(entries: list[tuple[int, GlossaryEntry]]) -> list[LintFinding]:
    findings: list[LintFinding] = []
    lines = {id(e): line for line, e in entries}
    survivors = later_wins(e for _, e in entries)
    compiled = [compile_term(e) for e in survivors]
    folded = [e.source.casefold() for e in survivors]
    keys = [_stem_key(e) for e in survivors]
    for a_index, a in enumerate(survivors):
        a_line = lines[id(a)]
        own = compiled[a_index].search(a.source)
        if own is None or own.span() != (0, len(a.source)):
            findings.append(
                LintFinding(
                    a_line,
                    "error",
                    f"source {a.source!r} cannot match even itself; remove stray punctuation",
                )
            )
        for b_index, b in enumerate(survivors):
            if b_index == a_index or keys[b_index] not in folded[a_index]:
                continue
            b_line = lines[id(b)]
            whole = compiled[b_index].search(a.source)
            if whole is not None and whole.span() == (0, len(a.source)):
                a_wins = (-len(a.source), a_line) < (-len(b.source), b_line)
                if a_wins:
                    mutual = compiled[a_index].search(b.source)
                    if mutual is not None and mutual.span() == (0, len(b.source)):
                        continue  # each matches the other: the losing line reports it
                    message = (
                        f"{a.source!r} is an inflected form of {b.source!r} (line {b_line}), "
                        "which matches it too; this line wins there — delete it unless "
                        "its targets must differ"
                    )
                else:
                    message = (
                        f"{a.source!r} can never match: {b.source!r} (line {b_line}) matches "
                        "the same words and wins (longer source, or earlier line); "
                        "delete this line or change its source"
                    )
                findings.append(LintFinding(a_line, "warning", message))
                continue
            if b.match != "compound":
                continue
            for m in compiled[b_index].finditer(a.source):
                if m.start() > 0 and a.source[m.start() - 1].isalnum():
                    findings.append(
                        LintFinding(
                            b_line,
                            "warning",
                            f"compound entry {b.source!r} also matches inside {a.source!r} "
                            f"(line {a_line}), where the longer entry wins; check that "
                            f"{_show(b)} fits other compounds too, or use match=word",
                        )
                    )
                    break
    return findings


def lint_glossary(path: str | Path) -> list[LintFinding]:
    """All findings for a glossary file, sorted by line.

    Raises ``GlossaryError`` only when the file cannot be read at all (missing, a directory,
    an unknown extension); everything inside the file is reported as a finding.
    """
    result = read_rows(path)
    findings = [LintFinding(p.line, p.severity, p.message) for p in result.problems]
    entries: list[tuple[int, GlossaryEntry]] = []
    for row in result.rows:
        entry, problems = parse_row(row, f"{path}:{row.line}")
        findings.extend(LintFinding(p.line, p.severity, p.message) for p in problems)
        if entry is not None:
            entries.append((row.line, entry))
    findings.extend(_repeats(entries))
    findings.extend(_shadows(entries))
    if not result.rows and not has_errors(findings):
        findings.append(LintFinding(1, "warning", "the glossary has no entries"))
    order = {"error": 0, "warning": 1}
    findings.sort(key=lambda f: (f.line, order[f.severity]))
    return findings

"""Terminology glossaries: load, lint, find terms in German text, check targets in English.

    load_glossary(path) ─► Glossary(entries, files, sha256) ─► TermMatcher(glossary).find(text)
                                                                   └─► [TermMatch(start, end, …)]
    find_target(translation, entry) ─► (alternative, start, end) | None
    lint_glossary(path) ─► [LintFinding(line, severity, message)]

Modules: ``rows`` (column semantics), ``delimited`` (TSV, CSV), ``tbx`` (TBX v2 and v3),
``load`` (format by extension), ``model`` (Glossary, merging), ``inflect`` (the German surface
pattern of a term), ``matcher`` (all terms at once), ``targets`` (the presence rule for
English targets), ``lint`` (``translate glossary check``).
"""

from __future__ import annotations

from translate.glossary.inflect import term_pattern
from translate.glossary.lint import LintFinding, format_finding, has_errors, lint_glossary
from translate.glossary.load import READERS, load_glossary
from translate.glossary.matcher import TermMatcher
from translate.glossary.model import Glossary, merge_glossaries, same_term
from translate.glossary.rows import CASE_VALUES, KNOWN_COLUMNS, MATCH_VALUES, TERM_TYPES
from translate.glossary.targets import (
    TargetHit,
    at_sentence_start,
    find_all_targets,
    find_target,
    locate_targets,
)

__all__ = [
    "CASE_VALUES",
    "KNOWN_COLUMNS",
    "MATCH_VALUES",
    "READERS",
    "TERM_TYPES",
    "Glossary",
    "LintFinding",
    "TargetHit",
    "TermMatcher",
    "at_sentence_start",
    "find_all_targets",
    "find_target",
    "format_finding",
    "has_errors",
    "lint_glossary",
    "locate_targets",
    "load_glossary",
    "merge_glossaries",
    "same_term",
    "term_pattern",
]

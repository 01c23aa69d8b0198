"""Glossary and value checks on a person's translation: report, never rewrite.

The pipeline repairs the model's output (enforcement, value corrections); a reviewer's sentence
is theirs: a glossary term not present or a value not rendered is flagged (``term-missing``,
``value-missing``, ``value-format``) and the text is left exactly as written.
"""

from __future__ import annotations

from dataclasses import dataclass

from translate.document import TermResult, ValueResult
from translate.glossary import TermMatcher, locate_targets
from translate.localize.locales import LocaleSpec
from translate.localize.values import check_values, value_flags


@dataclass(frozen=True)
class HumanCheck:
    """What the checks found in a human translation of one source text."""

    terms: tuple[TermResult, ...]
    values: tuple[ValueResult, ...]
    flags: tuple[str, ...]


def check_human(source: str, target: str, matcher: TermMatcher, locale: LocaleSpec) -> HumanCheck:
    """Check ``target`` (a person's translation of ``source``) against glossary and values.

    A term present in any accepted form has status ``model`` (present as written), otherwise
    ``missing``; values are checked with the whole target protected, so none is corrected.
    """
    matches = matcher.find(source)
    located = locate_targets(target, [m.entry for m in matches])
    terms = tuple(
        TermResult(m, found[0], "model", found[1], found[2])
        if found is not None
        else TermResult(m, None, "missing")
        for m, found in zip(matches, located, strict=True)
    )
    checked, values, _ = check_values(source, target, locale, protected=[(0, len(target))])
    assert checked == target  # the whole target is protected: nothing may be rewritten
    flags = (("term-missing",) if any(t.status == "missing" for t in terms) else ()) + value_flags(
        values
    )
    return HumanCheck(terms, values, flags)

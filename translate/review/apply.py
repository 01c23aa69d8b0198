"""``translate apply``: a reviewed file → every output of its article rewritten, memory taught.

    read_review ─► choose the article in DIR ─► load_article (STEM.jsonl) ─► match_review
                ─► write_outputs (each format that was there, atomically) ─► human pairs to memory

Every check happens before the first write, so a bad reviewed file leaves the outputs untouched.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from translate.document import TranslatedDocument
from translate.errors import GlossaryError, ReviewError
from translate.glossary import Glossary, TermMatcher, load_glossary, merge_glossaries
from translate.localize.locales import parse_locale
from translate.memory import TranslationMemory
from translate.memory_human import HumanTranslation, forget_human, put_human
from translate.review import safe_json
from translate.review.article import ArticleOutputs, find_articles, load_article
from translate.review.match import SENT_BACK, ApplyReport, match_review
from translate.review.read import read_review
from translate.review.records import Review
from translate.writers import ALL_FORMATS, get_writer
from translate.writers.base import is_reviewed, nmtoken, source_text


@dataclass(frozen=True)
class ApplyResult:
    """What ``apply`` did: the article, the rewritten files, the changes, the memory."""

    article: str
    document: TranslatedDocument
    paths: list[Path]
    report: ApplyReport
    remembered: int | None
    """Human pairs stored in the translation memory (None: no memory, ``--no-cache``)."""
    forgotten: int = 0
    """Human pairs the memory dropped because the reviewer sent their sentence back."""


def choose_article(
    articles: list[ArticleOutputs], review: Review, wanted: str | None
) -> ArticleOutputs:
    """The article of ``review``: ``--article``, else the one the file names, else the only one.

    XLIFF 2.0 and JSONL name their article for sure (``<file id>``, ``document``): another name
    is an error. XLIFF 1.2 names it only through ``original``, a path that CAT tools are free to
    rewrite, so there the name is a hint; the ids and sources decide.
    """
    names = ", ".join(a.name for a in articles)
    named = [a for a in articles if review.document in (a.name, nmtoken(a.name))]
    certain = review.format in ("xliff", "jsonl")
    if wanted is not None:
        picked = [a for a in articles if a.name == wanted]
        if not picked:
            raise ReviewError(
                f"--article {wanted}: no such article in the folder (it holds {names})"
            )
    elif named:
        picked = named
    elif review.document is not None and certain:
        raise ReviewError(
            f"{review.path}: the review of article {review.document!r}, which is not in the "
            f"folder (it holds {names}): give that article's folder"
        )
    elif len(articles) == 1:
        picked = articles
    else:
        raise ReviewError(
            f"{review.path}: the folder holds several articles ({names}): pick one with "
            "--article STEM"
        )
    if len(picked) > 1:
        raise ReviewError(
            f"{picked[0].name}: several articles of that name "
            f"({', '.join(str(a.folder) for a in picked)}): give the one folder as --out"
        )
    article = picked[0]
    if certain and review.document not in (None, article.name, nmtoken(article.name)):
        raise ReviewError(
            f"{review.path}: the review of article {review.document!r}, not of {article.name!r}"
        )
    return article


def recorded_glossary(article: ArticleOutputs) -> Glossary:
    """The glossary the article was translated with, if it is still there and unchanged."""
    try:
        with article.jsonl.open("rb") as stream:
            provenance = safe_json.loads(stream.readline().decode("utf-8"))["provenance"]
        files = [str(f) for f in provenance.get("glossary_files", [])]
        digest = str(provenance.get("glossary_sha256", ""))
    except (OSError, ValueError, KeyError, TypeError):  # BadJson and UnicodeError included
        raise ReviewError(
            f"{article.jsonl}: line 1: no provenance record: translate the article again"
        ) from None
    if not files:
        return Glossary.empty()
    hint = "pass --glossary FILE to check the reviewed text against (or --no-glossary)"
    try:
        glossary = merge_glossaries([load_glossary(f) for f in files])
    except GlossaryError as exc:
        raise ReviewError(f"the article's glossary cannot be read here ({exc}): {hint}") from None
    if glossary.sha256 != digest:
        raise ReviewError(f"the article's glossary {', '.join(files)} changed since: {hint}")
    return glossary


def apply_review(
    reviewed: Path,
    out_dir: Path,
    *,
    glossary: Glossary | None = None,
    article: str | None = None,
    memory: TranslationMemory | None = None,
) -> ApplyResult:
    """Apply ``reviewed`` to its article's outputs in ``out_dir``; see the module docstring.

    ``glossary`` None means the one recorded in the article's provenance.
    """
    from translate.outputs import write_outputs

    review = read_review(reviewed)
    chosen = choose_article(find_articles(out_dir), review, article)
    terms = glossary if glossary is not None else recorded_glossary(chosen)
    doc = load_article(chosen, terms)
    locale = parse_locale(doc.provenance.target_locale, language="en", option="--target-locale")
    matcher = TermMatcher(terms.for_locale(locale))
    result, report = match_review(doc, review, matcher, locale, str(chosen.jsonl))
    formats = [
        fmt
        for fmt in ALL_FORMATS
        if (chosen.folder / f"{chosen.name}{get_writer(fmt).extension}").is_file()
    ]
    paths = write_outputs(result, formats, chosen.folder)
    remembered = None
    forgotten = 0
    if memory is not None:
        sent_back = [source_text(p) for p in result.pairs if SENT_BACK in p.flags]
        forgotten = forget_human(memory, result.provenance.target_locale, sent_back)
        remembered = put_human(memory, human_pairs(result))
    return ApplyResult(chosen.name, result, paths, report, remembered, forgotten)


def human_pairs(doc: TranslatedDocument) -> list[HumanTranslation]:
    """The pairs of ``doc`` a person wrote or approved, as the memory keeps them (never one the
    reviewer sent back for translation)."""
    prov = doc.provenance
    return [
        HumanTranslation(
            source=source_text(pair),
            target=pair.target,
            source_locale=prov.source_locale,
            target_locale=prov.target_locale,
            origin=pair.origin,
            state=pair.state,
            document=doc.name,
        )
        for pair in doc.pairs
        if SENT_BACK not in pair.flags
        and (pair.origin == "human" or (pair.origin == "mt-approved" and is_reviewed(pair)))
    ]

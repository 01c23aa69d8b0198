"""Read the two texts of an article pair into sides, and refuse pairs that cannot be aligned.

Both files go through the toolkit's reader (encodings, BOM, HTML pasted into text, binary
data, empty files: one-line errors naming the file). The German text is segmented by the German
segmenter (site boilerplate left out), the English one by :mod:`translate.align.english`. With
``presegmented`` each non-blank line is one sentence, blank lines separate paragraphs, and the
sentence ids are the 0-based line numbers.
"""

from __future__ import annotations

import re
from pathlib import Path

from translate.align.english import segment_english
from translate.align.records import Side
from translate.document import Segment
from translate.errors import InputError
from translate.reader import ArticleText, read_article
from translate.segment import segment_text

_GERMAN = frozenset(
    "der die das und ist nicht mit den dem des ein eine einer sich auf für von zu im auch "
    "wurde werden hat sind wie bei nach aus noch oder aber".split()
)
_ENGLISH = frozenset(
    "the and is not with of a an to in on for from was were has have are as at by this that "
    "it be or but which".split()
)
_WORD_RE = re.compile(r"[^\W\d_]+")

MAX_LENGTH_RATIO = 4.0
"""Texts whose character counts differ by more than this factor are refused."""
WARN_LENGTH_RATIO = 2.0


def _stem(path: Path) -> str:
    name = path.name
    for suffix in (".txt", ".text"):
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
    for lang in (".de", ".en"):
        if name.lower().endswith(lang):
            name = name[: -len(lang)]
    return name or path.name


def _presegmented(text: str) -> tuple[tuple[Segment, ...], tuple[int, ...]]:
    sentences: list[Segment] = []
    ids: list[int] = []
    paragraph, index, offset, gap = 0, 0, 0, False
    for number, line in enumerate(text.splitlines(keepends=True)):
        body = line.rstrip("\r\n")
        stripped = body.strip()
        if not stripped:
            gap = bool(sentences)
        else:
            if gap:
                paragraph, index, gap = paragraph + 1, 0, False
            start = offset + body.index(stripped)
            sentences.append(
                Segment(
                    f"p{paragraph}s{index}",
                    paragraph,
                    index,
                    start,
                    start + len(stripped),
                    stripped,
                )
            )
            ids.append(number)
            index += 1
        offset += len(line)
    return tuple(sentences), tuple(ids)


def _segmented(article: ArticleText, language: str) -> tuple[Segment, ...]:
    if language == "de":
        return tuple(
            s
            for p in segment_text(article.text)
            for s in p.segments
            if not (s.boilerplate or p.boilerplate)
        )
    return tuple(s for p in segment_english(article.text) for s in p.segments)


def read_side(path: Path, language: str, *, presegmented: bool = False) -> Side:
    """Read and segment one text of a pair (``language`` is ``de`` or ``en``)."""
    article = read_article(path)
    if presegmented:
        sentences, ids = _presegmented(article.text)
    else:
        sentences = _segmented(article, language)
        ids = tuple(range(len(sentences)))
    if not sentences:
        raise InputError(f"{path}: no sentence to align: give a text with at least one sentence")
    return Side(_stem(path), str(path), article.text, sentences, ids, article.warnings)


def language_votes(text: str) -> tuple[int, int]:
    """How many common German and common English function words ``text`` has."""
    words = [w.lower() for w in _WORD_RE.findall(text[:20000])]
    return sum(w in _GERMAN for w in words), sum(w in _ENGLISH for w in words)


def check_pair(source: Side, target: Side) -> list[str]:
    """Refuse a pair that cannot be a German article and its English edition; return warnings."""
    warnings: list[str] = []
    de_src, en_src = language_votes(source.text)
    de_tgt, en_tgt = language_votes(target.text)
    if de_tgt + en_tgt >= 5 and de_tgt > 2 * en_tgt:
        hint = (
            " (the arguments look swapped: German first, English second)" if en_src > de_src else ""
        )
        raise InputError(
            f"{target.path}: this text is not English{hint}: give the English edition second"
        )
    if de_src + en_src >= 5 and en_src > 2 * de_src:
        raise InputError(f"{source.path}: this text is not German: give the German article first")
    ls = sum(len(s.text) for s in source.sentences)
    lt = sum(len(t.text) for t in target.sentences)
    ratio = max(ls, lt) / max(1, min(ls, lt))
    if ratio > MAX_LENGTH_RATIO:
        raise InputError(
            f"{target.path}: {lt} characters against {ls} in {source.path} (more than "
            f"{MAX_LENGTH_RATIO:g}x apart): these texts are not translations of each other; "
            "check the pair"
        )
    if ratio > WARN_LENGTH_RATIO:
        warnings.append(
            f"{target.path}: {lt} characters against {ls} in {source.path}: large parts may be "
            "missing on one side; check the 1-0/0-1 links"
        )
    return warnings


def read_pair_list(path: Path) -> list[tuple[Path, Path]]:
    """The ``German<TAB>English`` path pairs of a ``--pairs`` list, relative paths taken from
    the list's folder; ``#`` starts a comment line, blank lines are skipped."""
    article = read_article(path)
    pairs: list[tuple[Path, Path]] = []
    for number, line in enumerate(article.text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = [f.strip() for f in line.split("\t")]
        if len(fields) != 2 or not all(fields):
            raise InputError(
                f"{path}:{number}: expected a German path and an English path separated by one tab"
            )
        de, en = (Path(f) if Path(f).is_absolute() else path.parent / f for f in fields)
        for p in (de, en):
            if not p.is_file():
                raise InputError(f"{path}:{number}: {p}: no such file: fix the path")
        pairs.append((de, en))
    if not pairs:
        raise InputError(f"{path}: no article pair listed: one 'de<TAB>en' path pair per line")
    return pairs

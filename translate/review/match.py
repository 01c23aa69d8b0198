"""Match a review against its article and build the reviewed pairs.

    Review(ReviewedSegment…) + TranslatedDocument (from STEM.jsonl) ──► TranslatedDocument'

XLIFF and JSONL reviews are matched by segment id: every sentence of the article must be there
exactly once (alone, or merged into the segment before it in the same paragraph), with its
source unchanged (whitespace aside); anything else is a :class:`ReviewError` naming the
segment, raised before anything is written. A TMX from a CAT tool has no ids: a unit applies to
the sentences whose source it repeats (one sentence, or several consecutive sentences of a
paragraph merged); units matching nothing are reported, sentences not in the TMX are kept.

A target that differs from the article's (whitespace aside) is a person's translation
(``origin="human"``): its whitespace runs become single spaces, and glossary and values are
checked on it without rewriting it. An unchanged target with a ``reviewed``/``final`` verdict is
the model's, approved (``mt-approved``); without a verdict the pair is kept as it was.

A target the reviewer took away is *sent back*: emptied (or only whitespace and codes), removed,
replaced by a copy of the German source (what CAT tools export for an untranslated segment; a
source of three words or more, since a name may rightly stay as it is), or
left unchanged under XLIFF 1.2 ``state="needs-translation"``. In a CAT tool each means "this
needs translating again", never "approved", and the edition must never get an empty sentence. So
the pair keeps the text it had (the merged pairs' texts joined, for a merge), loses any approval
(``state`` translated, ``mt-approved`` back to ``mt``), is flagged ``needs-translation`` (XLIFF
2.0 ``initial``, 1.2 ``state="needs-translation"``) and leaves the memory's human sentences; the
report says so in one line per segment.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from translate.document import AlignedPair, Origin, ReviewState, Segment, TranslatedDocument
from translate.errors import ReviewError
from translate.glossary import TermMatcher
from translate.localize.locales import LocaleSpec
from translate.review.checks import check_human
from translate.review.records import Review, ReviewedSegment
from translate.writers.base import nmtoken
from translate.writers.tmx import attention_note

MAX_MERGED = 8
"""The most sentences one TMX unit may merge (a paragraph's worth)."""

_STATES: dict[str, ReviewState] = {"reviewed": "reviewed", "final": "final"}

MIN_COPY_WORDS = 3
"""A target equal to its German source of this many words or more is a CAT tool's copy of an
untranslated segment; a shorter one may be a real translation (a name, "Bundesliga")."""

SENT_BACK = "needs-translation"
"""The flag of a pair whose target the reviewer took away (see the module docstring)."""


@dataclass
class ApplyReport:
    """What applying a review changed (for the command's summary)."""

    edited: list[str] = field(default_factory=list)
    approved: list[str] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)
    commented: list[str] = field(default_factory=list)
    flagged: list[str] = field(default_factory=list)
    """Ids of human sentences the glossary or value checks flag."""
    unmatched: list[str] = field(default_factory=list)
    """TMX units that match no sentence of the article (``where: source``)."""
    sent_back: list[str] = field(default_factory=list)
    """One warning line per segment whose target the reviewer took away."""


_SPACE = re.compile(r"[ \t\r\n]+")


def normal(text: str) -> str:
    """``text`` with runs of spaces, tabs and line breaks as one space, none at either end.

    A no-break or thin space is the writer's choice (``45\u00a0000``) and is kept.
    """
    return _SPACE.sub(" ", text).strip(" ")


def _short(text: str, width: int = 60) -> str:
    text = normal(text)
    return text if len(text) <= width else text[: width - 1] + "…"


class _Article:
    """The article's sentences (atoms) and the pairs that currently hold them."""

    def __init__(self, doc: TranslatedDocument, label: str) -> None:
        self.doc = doc
        self.label = label
        self.atoms: list[Segment] = [s for p in doc.pairs for s in (p.segment, *p.joined)]
        self.position = {s.id: i for i, s in enumerate(self.atoms)}
        self.by_id = {s.id: s for s in self.atoms} | {nmtoken(s.id): s for s in self.atoms}
        self.holder = {s.id: p for p in doc.pairs for s in (p.segment, *p.joined)}

    def following(self, segment: Segment) -> list[Segment]:
        """``segment`` and the sentences after it in its paragraph."""
        start = self.position[segment.id]
        run = []
        for atom in self.atoms[start:]:
            if atom.paragraph != segment.paragraph:
                break
            run.append(atom)
        return run

    def current(self, run: Sequence[Segment]) -> AlignedPair | None:
        """The pair that holds exactly ``run`` now, if one does."""
        pair = self.holder[run[0].id]
        return pair if [pair.segment, *pair.joined] == list(run) else None


def match_review(
    doc: TranslatedDocument,
    review: Review,
    matcher: TermMatcher,
    locale: LocaleSpec,
    label: str,
) -> tuple[TranslatedDocument, ApplyReport]:
    """The article with the review applied, and what changed. ``label`` names the article's
    JSONL in messages."""
    article = _Article(doc, label)
    report = ApplyReport(unmatched=list(review.skipped))
    if review.format == "tmx":
        runs = _runs_by_source(article, review, report)
    else:
        runs = _runs_by_id(article, review)
    placed: dict[str, AlignedPair] = {}
    taken: set[str] = set()
    for segment, run in runs:
        pair = _reviewed_pair(article, review, segment, run, matcher, locale, report)
        placed[run[0].id] = pair
        taken.update(s.id for s in run)
    pairs: list[AlignedPair] = []
    for atom in article.atoms:
        if atom.id in placed:
            pairs.append(placed[atom.id])
        elif atom.id not in taken:
            holder = article.holder[atom.id]
            if holder.segment.id == atom.id:
                pairs.append(holder)
    return replace(doc, pairs=tuple(pairs)), report


# --- by id (XLIFF, JSONL) -------------------------------------------------------------------


def _runs_by_id(article: _Article, review: Review) -> list[tuple[ReviewedSegment, list[Segment]]]:
    path = review.path
    seen: dict[str, str] = {}
    covered: dict[str, str] = {}
    runs = []
    for seg in review.segments:
        if not seg.id:
            raise ReviewError(f"{path}: {seg.where}: a segment without an id: export it again")
        if seg.id in seen:
            raise ReviewError(
                f"{path}: {seg.where}: segment id {seg.id} appears twice (first at "
                f"{seen[seg.id]}): each sentence must be reviewed once"
            )
        seen[seg.id] = seg.where
        first = article.by_id.get(seg.id)
        if first is None and review.foreign:
            raise ReviewError(
                f"{path}: {seg.where}: segment id {seg.id} is not one of {article.label}: "
                f"{review.foreign}"
            )
        if first is None:
            raise ReviewError(
                f"{path}: {seg.where}: unknown segment id {seg.id}: it is not a sentence of "
                f"{article.label} (a review of another translation?)"
            )
        run = _run_for(article, review, seg, first)
        for atom in run:
            if atom.id in covered:
                raise ReviewError(
                    f"{path}: {seg.where}: sentence {atom.id} is reviewed twice (also at "
                    f"{covered[atom.id]}): merge a sentence or review it alone, not both"
                )
            covered[atom.id] = seg.where
        runs.append((seg, run))
    for atom in article.atoms:
        if atom.id not in covered:
            raise ReviewError(
                f"{path}: segment {atom.id} (unit p{atom.paragraph}) of {article.label} is "
                "missing from the reviewed file: export the whole article's review"
            )
    return runs


def _run_for(
    article: _Article, review: Review, seg: ReviewedSegment, first: Segment
) -> list[Segment]:
    following = article.following(first)
    wanted = normal(seg.source)
    if seg.joined is not None:
        ids = [first.id, *seg.joined]
        run = following[: len(ids)]
        if [a.id for a in run] != ids and [nmtoken(a.id) for a in run] != ids:
            raise ReviewError(
                f"{review.path}: {seg.where}: joined {', '.join(seg.joined)} are not the "
                f"sentences after {first.id} in its paragraph: only neighbours can be merged"
            )
        if wanted in (normal(" ".join(a.text for a in run)), normal(first.text)):
            return run
    else:
        text = ""
        for k, atom in enumerate(following):
            text = normal(f"{text} {atom.text}")
            if text == wanted:
                return following[: k + 1]
            if len(text) > len(wanted):
                break
    there = normal(" ".join(a.text for a in following))[: max(len(wanted), len(first.text))]
    raise ReviewError(
        f"{review.path}: {seg.where}: the source was changed (now {_short(seg.source)!r}, in "
        f"{article.label} {_short(there)!r}): a review may change targets only"
    )


# --- by source (TMX) ------------------------------------------------------------------------


def _runs_by_source(
    article: _Article, review: Review, report: ApplyReport
) -> list[tuple[ReviewedSegment, list[Segment]]]:
    """Each TMX unit applied to every run of whole pairs whose source it repeats."""
    runs_of: dict[str, list[list[Segment]]] = {}
    for _, pairs in article.doc.paragraphs():
        for i in range(len(pairs)):
            atoms: list[Segment] = []
            for pair in pairs[i : i + MAX_MERGED]:
                atoms = [*atoms, pair.segment, *pair.joined]
                key = normal(" ".join(a.text for a in atoms))
                runs_of.setdefault(key, []).append(atoms)
    chosen: dict[str, tuple[ReviewedSegment, list[Segment]]] = {}
    owner: dict[str, str] = {}
    for seg in review.segments:
        found = runs_of.get(normal(seg.source))
        if not found:
            report.unmatched.append(f"{seg.where}: {_short(seg.source)}")
            continue
        for run in found:
            if any(owner.get(a.id, run[0].id) != run[0].id for a in run):
                report.unmatched.append(
                    f"{seg.where}: overlaps another unit's sentences: {_short(seg.source)}"
                )
                continue
            chosen[run[0].id] = (seg, run)  # the last unit for a sentence wins
            owner.update((a.id, run[0].id) for a in run)
    if not chosen:
        raise ReviewError(
            f"{review.path}: none of its {len(review.segments)} translation units has the "
            f"source of a sentence of {article.label}: is it the memory of this article?"
        )
    return list(chosen.values())


# --- the reviewed pair ----------------------------------------------------------------------


def _reviewed_pair(
    article: _Article,
    review: Review,
    seg: ReviewedSegment,
    run: list[Segment],
    matcher: TermMatcher,
    locale: LocaleSpec,
    report: ApplyReport,
) -> AlignedPair:
    current = article.current(run)
    comment = _comment(review, seg, current)
    if current is not None and comment != current.comment and comment:
        report.commented.append(run[0].id)
    target = normal(seg.target or "")
    source = " ".join(a.text for a in run)
    unchanged = current is not None and target == normal(current.target)
    why = _taken_away(seg, target, source, unchanged)
    if why:
        return _sent_back(article, review, seg, run, current, comment, why, matcher, locale, report)
    if current is not None and unchanged:
        if seg.verdict == "pending":  # a rejected unchanged segment was sent back above
            return replace(current, comment=comment)
        if current.origin != "human":
            report.approved.append(current.id)
        origin: Origin = "human" if current.origin == "human" else "mt-approved"
        flags = tuple(f for f in current.flags if f != SENT_BACK)
        state = _STATES.get(seg.verdict, "translated")
        return replace(current, origin=origin, state=state, comment=comment, flags=flags)
    if current is None and len(run) > 1:
        report.merged.append(run[0].id)
    report.edited.append(run[0].id)
    if comment and current is None:
        report.commented.append(run[0].id)
    check = check_human(source, target, matcher, locale)
    if check.flags:
        report.flagged.append(run[0].id)
    return AlignedPair(
        segment=run[0],
        target=target,
        terms=check.terms,
        flags=check.flags,
        values=check.values,
        origin="human",
        state=_STATES.get(seg.verdict, "translated"),
        comment=comment,
        joined=tuple(run[1:]),
    )


def _taken_away(seg: ReviewedSegment, target: str, source: str, unchanged: bool) -> str:
    """Why the reviewer's file sends the segment back for translation ('' if it does not);
    ``unchanged``: the target is the current translation's."""
    if seg.target is None:
        return "the target was removed"
    if not target:
        return "the target was emptied"
    if target == normal(source) and not unchanged and len(source.split()) >= MIN_COPY_WORDS:
        return "the target is a copy of the German source (a CAT tool's untranslated segment)"
    if seg.verdict == "rejected" and unchanged:
        return 'the segment is marked state="needs-translation"'
    return ""


def _sent_back(
    article: _Article,
    review: Review,
    seg: ReviewedSegment,
    run: list[Segment],
    current: AlignedPair | None,
    comment: str,
    why: str,
    matcher: TermMatcher,
    locale: LocaleSpec,
    report: ApplyReport,
) -> AlignedPair:
    """The pair of a segment the reviewer took the target from: its text kept, not approved."""
    if current is not None:
        origin: Origin = "mt" if current.origin == "mt-approved" else current.origin
        flags = tuple(f for f in current.flags if f != SENT_BACK) + (SENT_BACK,)
        pair = replace(current, origin=origin, state="translated", flags=flags, comment=comment)
    else:
        holders = list({id(h): h for h in (article.holder[a.id] for a in run)}.values())
        inside = {a.id for a in run}
        if any(s.id not in inside for h in holders for s in (h.segment, *h.joined)):
            raise ReviewError(
                f"{review.path}: {seg.where}: {why}, but the sentence is split from a merged "
                "pair whose text cannot be divided: type its translation in the review"
            )
        target = " ".join(h.target for h in holders)
        check = check_human(" ".join(a.text for a in run), target, matcher, locale)
        if len(run) > 1:
            report.merged.append(run[0].id)
        if comment:
            report.commented.append(run[0].id)
        pair = AlignedPair(
            segment=run[0],
            target=target,
            terms=check.terms,
            flags=(*check.flags, SENT_BACK),
            values=check.values,
            origin="human" if any(h.origin == "human" for h in holders) else "mt",
            state="translated",
            comment=comment,
            joined=tuple(run[1:]),
        )
    kept = "its current translation" if current is not None else "its sentences' translations"
    report.sent_back.append(
        f"{review.path}: {seg.where}: {why}: {run[0].id} keeps {kept}, not approved, "
        f"flagged {SENT_BACK} (translate it again)"
    )
    return pair


def _comment(review: Review, seg: ReviewedSegment, current: AlignedPair | None) -> str:
    """The reviewer's comment: the file's (XLIFF, JSONL: the whole truth), or for a TMX its
    comments and notes that are not the note we wrote, else the comment the pair had."""
    if review.format != "tmx":
        return seg.comment
    ours = attention_note(current) if current is not None else ""
    parts = [seg.comment] if seg.comment else []
    parts += [n for n in seg.notes if n != ours]
    if parts:
        return "\n".join(dict.fromkeys(parts))
    return current.comment if current is not None else ""

"""The enforcement stage: every matched term's target in its sentence, written as the model
would write it, for many sentences at once.

Per sentence, for each entry whose target is missing (see the package docstring for why):

1. the model's own complete renderings of the term are replaced, text only (no model call);
2. rounds, one missing entry per sentence per round, every sentence of the batch together:
   candidates from partial renderings (spans around the seed) that pass the checks; where there
   are none, forced prefixes continued by the model (one ``translate_with_prefixes`` call for
   the batch); the survivors ranked by the model's score of the whole sentence (one ``score``
   call for the batch);
3. whatever is still missing is inserted as text and the sentence flagged ``term-placement``.

The work is bounded: at most :data:`MAX_ROUNDS` rounds, :data:`~translate.enforce.candidates.
MAX_PREFIXES` prefixes and a dozen widened spans per term and sentence; the text work is linear
in the sentence length (:class:`EnforcementWork` counts it, and a test holds it to that).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from translate.backends.base import DecodeSettings, TranslationBackend
from translate.document import GlossaryEntry, TermMatch, TermResult, TermStatus, WordLink
from translate.enforce.attention import attended_span, resolve_links
from translate.enforce.candidates import (
    Candidate,
    capitalise,
    prefixes,
    replace_spans,
)
from translate.enforce.checks import (
    content_counts,
    has_leftover,
    lost_words,
    word_range,
)
from translate.enforce.renderings import (
    OwnRendering,
    blocked_words,
    find_renderings,
    genitive_of,
    joined,
    modified_noun,
    widened_spans,
)
from translate.enforce.words import (
    FUNCTION_WORDS,
    NON_TARGET_ROLES,
    WORD,
    Anchors,
    words,
)
from translate.errors import BackendError
from translate.glossary import at_sentence_start, find_all_targets, find_target, locate_targets
from translate.wordalign import follow_rewrite

#: Rounds of model-ranked repair per batch (one missing entry per sentence per round).
MAX_ROUNDS = 4
#: The flag of a sentence where a term could only be inserted as text.
PLACEMENT_FLAG = "term-placement"
_ANCHOR_CACHE = 4096


@dataclass
class EnforcementWork:
    """What enforcement examined: the measure its cost is held to (see the tests)."""

    words: int = 0
    """Words tokenised."""
    judged: int = 0
    """Distinct (word, entry) pairs judged as possible renderings."""
    spans: int = 0
    """Candidate spans examined (renderings found and widened spans)."""
    prefixes: int = 0
    """Forced prefixes the model continued."""
    scored: int = 0
    """Candidate sentences the model scored."""
    attended: int = 0
    """Spans located by the alignment head's word links (no spelling cue)."""
    continued: int = 0
    """Terms for which no replacement passed, so the model continued forced prefixes."""


@dataclass(frozen=True)
class EnforceJob:
    """One sentence to enforce: its source, the model's translation, the matched terms.

    ``redecode=False`` for a sentence that had to be split to fit the model: it cannot be
    continued or scored whole, so only text repairs apply."""

    source: str
    translation: str
    matches: tuple[TermMatch, ...]
    redecode: bool = True
    links: tuple[WordLink, ...] = ()
    """The alignment head's word links between ``source`` and ``translation`` (empty where the
    engine gives none): where no word is spelled like the term, they locate its rendering."""


@dataclass(frozen=True)
class Enforced:
    """The repaired translation, one TermResult per match, and the enforcement flags."""

    text: str
    terms: tuple[TermResult, ...]
    flags: tuple[str, ...] = ()


@dataclass
class _State:
    job: EnforceJob
    text: str
    entries: tuple[GlossaryEntry, ...]
    """The matched entries, once each, in source order."""
    failed: set[GlossaryEntry] = field(default_factory=set)
    inserted: bool = False
    foreign: set[str] | None = None
    """Targets of unmatched entries in the model's own output (computed once)."""

    def present(self, text: str | None = None) -> dict[GlossaryEntry, tuple[str, int, int]]:
        located = locate_targets(self.text if text is None else text, self.entries)
        return {e: f for e, f in zip(self.entries, located, strict=True) if f is not None}

    def missing(self) -> list[GlossaryEntry]:
        present = self.present()
        return [e for e in self.entries if e not in present]

    def first_match(self, entry: GlossaryEntry) -> TermMatch:
        return next(m for m in self.job.matches if m.entry == entry)


@dataclass
class _Task:
    state: _State
    entry: GlossaryEntry
    anchors: Anchors
    candidates: list[Candidate] = field(default_factory=list)


class Enforcer:
    """Verify and repair glossary terms in translations from one backend."""

    def __init__(
        self,
        backend: TranslationBackend,
        settings: DecodeSettings,
        entries: Sequence[GlossaryEntry] = (),
    ) -> None:
        self.backend = backend
        self.settings = settings
        self.entries = tuple(entries)
        self.work = EnforcementWork()
        self._anchors: dict[tuple[GlossaryEntry, tuple[str, ...]], Anchors] = {}

    # -- public -----------------------------------------------------------------------------

    def apply(
        self,
        source: str,
        translation: str,
        matches: Sequence[TermMatch],
        *,
        redecode: bool = True,
    ) -> Enforced:
        """Enforce one sentence (see :meth:`apply_many`)."""
        return self.apply_many([EnforceJob(source, translation, tuple(matches), redecode)])[0]

    def apply_many(self, jobs: Sequence[EnforceJob]) -> list[Enforced]:
        """Enforce many sentences; model calls are batched over all of them."""
        states = [
            _State(job, job.translation, tuple(dict.fromkeys(m.entry for m in job.matches)))
            for job in jobs
        ]
        active = [s for s in states if s.entries and s.missing()]
        for state in active:
            self._replace_complete(state)
        for _ in range(MAX_ROUNDS):
            tasks = []
            for state in active:
                todo = [e for e in state.missing() if e not in state.failed]
                if todo:
                    entry = todo[0]
                    tasks.append(_Task(state, entry, self._anchors_for(state, entry)))
            if not tasks:
                break
            self._round(tasks)
        for state in active:
            for entry in state.missing():
                self._insert(state, entry)
        return [self._result(s) for s in states]

    # -- step 1: complete renderings, text only ----------------------------------------------

    def _replace_complete(self, state: _State) -> None:
        for entry in state.missing():
            anchors = self._anchors_for(state, entry)
            ws, blocked = self._words(state, state.text, entry)
            limit = sum(m.entry == entry for m in state.job.matches)
            chosen: list[OwnRendering] = []
            for rendering in find_renderings(state.text, ws, anchors, blocked):
                self.work.spans += 1
                if not rendering.complete or len(chosen) >= limit:
                    break
                if not has_leftover(ws, rendering.first, rendering.last, anchors, blocked):
                    chosen.append(rendering)
            if chosen:
                spans = [(ws[r.first].start, ws[r.last].end) for r in chosen]
                text, _ = replace_spans(state.text, spans, entry)
                if find_target(text, entry) is not None and self._clean(state, text):
                    state.text = text

    # -- step 2: ranked candidates, batched --------------------------------------------------

    def _round(self, tasks: list[_Task]) -> None:
        for task in tasks:
            task.candidates = [c for c in self._replacements(task) if self._acceptable(task, c)]
        decode = [t for t in tasks if not t.candidates and t.state.job.redecode]
        self.work.continued += len(decode)
        requests: list[tuple[_Task, str, int, int]] = []
        texts: list[str] = []
        forced: list[str] = []
        for task in decode:
            state = task.state
            ws, blocked = self._words(state, state.text, task.entry)
            match = state.first_match(task.entry)
            for prefix, start, end in prefixes(state.job.source, state.text, ws, match, blocked):
                requests.append((task, prefix, start, end))
                texts.append(state.job.source)
                forced.append(prefix)
        if forced:
            self.work.prefixes += len(forced)
            outputs = self.backend.translate_with_prefixes(texts, forced, self.settings)
            for (task, prefix, start, end), output in zip(requests, outputs, strict=True):
                # the model writes the rest itself: every content word it wrote before must be
                # there again (its rendering of the term aside, which the anchors exclude)
                candidate = Candidate(output, start, end, "continue", 0)
                # the continuation must keep the prefix as written (a target the vocabulary
                # cannot spell comes back otherwise)
                if output.startswith(prefix) and self._acceptable(task, candidate):
                    task.candidates.append(candidate)
        ranked = [t for t in tasks if len(t.candidates) > 1 and t.state.job.redecode]
        pairs = [(t, c) for t in ranked for c in t.candidates]
        scores: dict[int, float] = {}
        if pairs:
            self.work.scored += len(pairs)
            scores = self._scores(pairs)
            for task in ranked:  # a candidate the model cannot score is no candidate
                task.candidates = [c for c in task.candidates if id(c) in scores]
        for task in tasks:
            if not task.candidates:
                task.state.failed.add(task.entry)
                continue
            best = max(
                task.candidates,
                key=lambda c: (c.prior, scores.get(id(c), 0.0), -task.candidates.index(c)),
            )
            task.state.text = best.text

    def _scores(self, pairs: list[tuple[_Task, Candidate]]) -> dict[int, float]:
        """The model's mean log-probability per piece of each candidate, by ``id``; when the
        batch cannot be scored (a candidate past the model's length limit), one by one."""
        sources = [t.state.job.source for t, _ in pairs]
        try:
            results = self.backend.score(sources, [c.text for _, c in pairs])
        except BackendError:
            scores = {}
            for source, (_, candidate) in zip(sources, pairs, strict=True):
                try:
                    (result,) = self.backend.score([source], [candidate.text])
                except BackendError:
                    continue
                scores[id(candidate)] = result.mean
            return scores
        return {id(c): r.mean for (_, c), r in zip(pairs, results, strict=True)}

    def _replacements(self, task: _Task) -> list[Candidate]:
        """Spans around the term's partial renderings, each replaced by the target."""
        state, entry, anchors = task.state, task.entry, task.anchors
        ws, blocked = self._words(state, state.text, entry)
        renderings = find_renderings(state.text, ws, anchors, blocked)
        out = []
        targets = self._target_words(entry)
        for rendering in renderings[:2]:
            covered = len(rendering.roles - NON_TARGET_ROLES)
            # a complete rendering is replaced as it stands; a partial one is a seed whose
            # neighbourhood may hold the rest of the model's wording (head of the Pentagon)
            spans = (
                [(rendering.first, rendering.last)]
                if rendering.complete
                else widened_spans(state.text, ws, rendering, blocked)
            )
            for first, last in spans:
                span = (ws[first].start, ws[last].end)
                exact = (first, last) == (rendering.first, rendering.last)
                allowance = 0 if exact else max(1, targets - covered)
                prior = int(last == rendering.last and genitive_of(ws, first, rendering))
                # the seed alone: every alternative, for the model to choose (the adjective
                # "Green" of "the Green and SPD parties" is "the Greens", not "the Green Party")
                choices = (None, *entry.targets) if exact and not rendering.complete else (None,)
                for alternative in choices:
                    self.work.spans += 1
                    text, ((start, end),) = replace_spans(state.text, [span], entry, alternative)
                    out.append(Candidate(text, start, end, "replace", allowance, prior))
            noun = modified_noun(state.text, ws, rendering, blocked)
            if noun is not None:
                out.append(self._noun_of_target(state.text, ws, rendering.first, noun, entry))
        if not any(r.complete for r in renderings):
            out += self._attended(task, ws, blocked)
        unique = {c.text: c for c in reversed(out)}  # the first of equal texts
        return [c for c in out if unique[c.text] is c]

    def _noun_of_target(
        self, text: str, ws: list, adjective: int, noun: int, entry: GlossaryEntry
    ) -> Candidate:
        """*the Italian record* → *the record of Italy*: the adjective the model derived from
        the term becomes the target after the noun it modified. Ranked first, as the genitive
        reordering of a compound is, where that noun ends the phrase (punctuation, a function
        word or the end follow it); otherwise (*the Italian record holder*, *Italian champions
        became*: without parts of speech the two look alike) the model's score decides."""
        self.work.spans += 1
        after = noun + 1
        ends = (
            after >= len(ws)
            or ws[after].folded in FUNCTION_WORDS
            or not joined(text, ws[noun], ws[after])
        )
        head = text[: ws[adjective].start]
        word = text[ws[noun].start : ws[noun].end]
        if at_sentence_start(text, ws[adjective].start):
            word = capitalise(word)
        variant = entry.preferred
        lead = f"{head}{word} of "
        return Candidate(
            f"{lead}{variant}{text[ws[noun].end :]}",
            len(lead),
            len(lead) + len(variant),
            "replace",
            0,
            int(ends),
        )

    def _attended(self, task: _Task, ws: list, blocked: list[bool]) -> list[Candidate]:
        """The spans the alignment head links to the term's source words, each replaced by the
        target (see :mod:`translate.enforce.attention`)."""
        state, entry = task.state, task.entry
        if not state.job.links:
            return []
        links = resolve_links(
            ws, follow_rewrite(state.job.links, state.job.translation, state.text)
        )
        out = []
        targets = self._target_words(entry)
        for match in state.job.matches:
            if match.entry != entry:
                continue
            span = attended_span(state.text, ws, links, (match.start, match.end), blocked, targets)
            if span is None:
                continue
            first, last = span
            self.work.spans += 1
            self.work.attended += 1
            replaced = (ws[first].start, ws[last].end)
            text, ((start, end),) = replace_spans(state.text, [replaced], entry)
            allowance = sum(w.folded not in FUNCTION_WORDS for w in ws[first : last + 1])
            out.append(Candidate(text, start, end, "attend", allowance))
        return out

    def _acceptable(self, task: _Task, candidate: Candidate) -> bool:
        """The checks every candidate must pass (see :mod:`translate.enforce.checks`)."""
        state, entry, anchors = task.state, task.entry, task.anchors
        text = candidate.text
        if len(text) > 2 * len(state.text) + len(entry.preferred) + 20:
            return False  # a continuation that ran away
        if find_target(text, entry) is None or not self._clean(state, text):
            return False
        before = set(state.present())
        if not before | {entry} <= set(state.present(text)):
            return False  # a target already in place was lost
        ws, blocked = self._words(state, text, entry)
        where = word_range(ws, candidate.start, candidate.end)
        if where is None or has_leftover(ws, where[0], where[1], anchors, blocked):
            return False
        model = content_counts(words(state.text), anchors)
        return lost_words(model, ws) <= candidate.allowance

    def _clean(self, state: _State, text: str) -> bool:
        """No target of an entry that did not match appears because of enforcement."""
        matched = set(state.entries)
        if state.foreign is None:
            state.foreign = foreign_targets(state.job.translation, self.entries, matched)
        new = foreign_targets(text, self.entries, matched) - state.foreign
        # "US president" → "US President" for a matched "Präsident": the model wrote those
        # words; only their case changed, so the other entry's target is no insertion
        model = state.job.translation.casefold()
        return not any(
            re.search(rf"(?<!\w){re.escape(t.casefold())}(?!\w)", model) is None for t in new
        )

    # -- step 3: last resort ----------------------------------------------------------------

    def _insert(self, state: _State, entry: GlossaryEntry) -> None:
        """Insert the preferred target as text where the term sits in the source; flag it."""
        ws, blocked = self._words(state, state.text, entry)
        match = state.first_match(entry)
        variant = entry.preferred
        text = state.text
        if not ws:
            point = 0
        else:
            index = round(match.start / max(1, len(state.job.source)) * len(ws))
            while 0 < index < len(ws) and blocked[index] and blocked[index - 1]:
                index += 1
            point = ws[index].start if index < len(ws) else len(text)
        head, tail = text[:point].rstrip(), text[point:].lstrip()
        if not head:
            state.text = f"{capitalise(variant)} {tail}".rstrip()
        else:
            state.text = f"{head} {variant} {tail}".rstrip()
        state.inserted = True

    # -- helpers ----------------------------------------------------------------------------

    def _anchors_for(self, state: _State, entry: GlossaryEntry) -> Anchors:
        surfaces = tuple(dict.fromkeys(m.surface for m in state.job.matches if m.entry == entry))
        key = (entry, surfaces)
        anchors = self._anchors.get(key)
        if anchors is None:
            if len(self._anchors) >= _ANCHOR_CACHE:
                self._anchors.clear()
            anchors = self._anchors[key] = Anchors(entry, surfaces, tally=self._tally)
        return anchors

    def _tally(self) -> None:
        self.work.judged += 1

    def _words(self, state: _State, text: str, entry: GlossaryEntry) -> tuple[list, list[bool]]:
        """The words of ``text`` and which of them belong to other entries' targets in place."""
        ws = words(text)
        self.work.words += len(ws)
        protected = [(s, e) for other, (_, s, e) in state.present(text).items() if other != entry]
        return ws, blocked_words(ws, protected)

    @staticmethod
    def _target_words(entry: GlossaryEntry) -> int:
        return max(1, sum(w.folded not in FUNCTION_WORDS for w in words(entry.preferred)))

    def _result(self, state: _State) -> Enforced:
        if not state.job.matches:
            return Enforced(state.text, ())
        unaided = set(_State(state.job, state.job.translation, state.entries).present())
        present = state.present()
        terms = []
        for match in state.job.matches:
            found = present.get(match.entry)
            if found is None:
                terms.append(TermResult(match, None, "missing"))
                continue
            variant, start, end = found
            status: TermStatus = "model" if match.entry in unaided else "enforced"
            terms.append(TermResult(match, variant, status, start, end))
        flags = (PLACEMENT_FLAG,) if state.inserted else ()
        return Enforced(state.text, tuple(terms), flags)


def _may_occur(entry: GlossaryEntry, folded: set[str]) -> bool:
    for alternative in entry.targets:
        first = WORD.search(alternative)
        if first is None or first.start() > 0 or first.group(0).casefold() in folded:
            return True
    return False


def foreign_targets(
    text: str, entries: Sequence[GlossaryEntry], matched: set[GlossaryEntry]
) -> set[str]:
    """Targets in ``text`` of ``entries`` not in ``matched``, ignoring those that lie inside an
    occurrence of a matched entry's target."""
    folded = {m.group(0).casefold() for m in WORD.finditer(text)}
    # only entries whose targets can be there: one set lookup each instead of a regex scan
    hits = find_all_targets(text, [e for e in entries if _may_occur(e, folded)])
    covered = [(h.start, h.end) for h in hits if h.entry in matched]
    return {
        h.target
        for h in hits
        if h.entry not in matched and not any(a <= h.start and h.end <= b for a, b in covered)
    }

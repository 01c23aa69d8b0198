"""One request queue shared by every client and both APIs, drained by one batching worker.

A request handler cuts its texts into sentences and :meth:`TranslationQueue.submit`\\ s them as
one job; the call never blocks: when ``max_queue`` jobs are already waiting it raises
:class:`QueueFull` at once (the APIs answer 429 with ``Retry-After``), so under overload a client
learns it in milliseconds instead of timing out. The worker thread takes the first waiting job,
waits a short, load-adaptive collection window for more (see :meth:`TranslationQueue._take`),
groups the jobs by :class:`Profile` and hands each group's sentences to one
:meth:`Translator.translate_texts` call — the same length-sorted, token-budgeted batching,
translation memory, glossary enforcement, value checks and quotation marks as
``translate article``. Sentences from many clients thus share model batches, which is what
brings served throughput close to ``translate batch``.

The model, the translators and the translation memory are only touched from the worker thread
(SQLite connections belong to the thread that opened them); handlers wait on a future.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field

from translate.pipeline import Rendering, Translator


class QueueFull(Exception):
    """The queue holds ``max_queue`` waiting jobs already."""


class QueueClosed(Exception):
    """The service is shutting down and takes no new work."""


@dataclass(frozen=True)
class Profile:
    """Everything besides the text that decides a translation: target locale and glossary."""

    target_locale: str
    glossary_id: str | None = None


@dataclass
class Job:
    texts: list[str]
    profile: Profile
    future: Future[list[Rendering]] = field(default_factory=Future)
    queued: float = field(default_factory=time.monotonic)


TranslatorFactory = Callable[[Profile], Translator]


class TranslationQueue:
    """A bounded queue of jobs and the worker thread that translates them in shared batches."""

    def __init__(
        self,
        make_translator: TranslatorFactory,
        *,
        max_queue: int = 64,
        window_s: float = 0.01,
        max_window_s: float = 0.25,
        max_batch_texts: int = 512,
        cached_translators: int = 16,
    ) -> None:
        self._make = make_translator
        self.max_queue = max_queue
        self.window_s = window_s
        self.max_window_s = max_window_s
        self._last_jobs = 0
        self._last_cycle_s = 0.0
        self.max_batch_texts = max_batch_texts
        self._cached = cached_translators
        self._translators: OrderedDict[Profile, Translator] = OrderedDict()
        self._jobs: deque[Job] = deque()
        self._lock = threading.Condition()
        self._closed = False
        self._thread = threading.Thread(
            target=self._run, name="translate-serve-worker", daemon=True
        )
        self.sentences_done = 0
        self.batches_done = 0

    # -- the handlers' side -------------------------------------------------------------------

    def start(self) -> None:
        self._thread.start()

    @property
    def waiting(self) -> int:
        with self._lock:
            return len(self._jobs)

    def submit(self, texts: Sequence[str], profile: Profile) -> Future[list[Rendering]]:
        """Queue ``texts`` for translation; raises :class:`QueueFull` or :class:`QueueClosed`."""
        job = Job(list(texts), profile)
        if not job.texts:
            job.future.set_result([])
            return job.future
        with self._lock:
            if self._closed:
                raise QueueClosed()
            if len(self._jobs) >= self.max_queue:
                raise QueueFull()
            self._jobs.append(job)
            self._lock.notify()
        return job.future

    def close(self, timeout: float = 60.0) -> None:
        """Take no new jobs, finish the waiting ones, stop the worker."""
        with self._lock:
            self._closed = True
            self._lock.notify_all()
        if self._thread.is_alive():
            self._thread.join(timeout)

    # -- the worker ---------------------------------------------------------------------------

    def _take(self) -> list[Job] | None:
        """The next jobs to translate together; None once closed and drained.

        The collection window adapts to the load: the clients answered by the last cycle
        usually come straight back, and those that queued during it are waiting already, so
        the worker waits until that many jobs are there (one client: no wait at all) — for at
        most a quarter of the last cycle's translation time (≤ ``max_window_s``), at least
        ``window_s`` — long enough that a burst of returning clients lands in one batch,
        short against the time the batch itself takes.
        """
        with self._lock:
            expected = max(1, len(self._jobs) + self._last_jobs)
            while not self._jobs:
                if self._closed:
                    return None
                self._lock.wait()
            patience = max(self.window_s, min(0.25 * self._last_cycle_s, self.max_window_s))
            deadline = time.monotonic() + patience
            while (
                not self._closed
                and len(self._jobs) < expected
                and self._count() < self.max_batch_texts
            ):
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._lock.wait(left)
            taken: list[Job] = []
            count = 0
            while self._jobs and (
                not taken or count + len(self._jobs[0].texts) <= self.max_batch_texts
            ):
                job = self._jobs.popleft()
                taken.append(job)
                count += len(job.texts)
            return taken

    def _count(self) -> int:
        return sum(len(j.texts) for j in self._jobs)

    def _run(self) -> None:
        while (jobs := self._take()) is not None:
            started = time.monotonic()
            groups: dict[Profile, list[Job]] = {}
            for job in jobs:
                if job.future.set_running_or_notify_cancel():
                    groups.setdefault(job.profile, []).append(job)
            for profile, group in groups.items():
                self._translate(profile, group)
            self._last_jobs = len(jobs)
            self._last_cycle_s = time.monotonic() - started

    def _translator(self, profile: Profile) -> Translator:
        translator = self._translators.get(profile)
        if translator is None:
            translator = self._make(profile)
            self._translators[profile] = translator
            while len(self._translators) > self._cached:
                self._translators.popitem(last=False)
        self._translators.move_to_end(profile)
        return translator

    def forget(self, glossary_id: str) -> None:
        """Drop cached translators of a deleted glossary (called from any thread)."""
        with self._lock:
            for profile in [p for p in self._translators if p.glossary_id == glossary_id]:
                self._translators.pop(profile, None)

    def _translate(self, profile: Profile, jobs: list[Job]) -> None:
        try:
            with self._lock:
                translator = self._translator(profile)
            texts = [t for job in jobs for t in job.texts]
            renderings = translator.translate_texts(texts)
        except BaseException as exc:  # noqa: BLE001 - every waiting client must get an answer
            for job in jobs:
                job.future.set_exception(exc)
            if not isinstance(exc, Exception):
                raise
            return
        self.sentences_done += len(texts)
        self.batches_done += 1
        at = 0
        for job in jobs:
            job.future.set_result(renderings[at : at + len(job.texts)])
            at += len(job.texts)

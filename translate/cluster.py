"""``translate batch --cluster``: the batch's waves decoded by a pool of Ray actors.

Why Ray core actors (and not Ray Data, Dask or Spark): the batch already has a deterministic
plan — waves, the memory look-ups, the length-sorted batches inside a wave — and its guarantees
rest on that plan. The driver keeps it: it plans the waves, consults and updates the
translation memory, writes every output and commits the run state (SQLite), wave by wave, in
wave order. Workers are pure functions of their input: an actor per worker loads the model
once from the same :class:`~translate.recipe.TranslatorRecipe` as the driver and turns a wave's
new sentences into renderings with exactly the batches a single-machine run would use. An
:class:`ray.util.ActorPool` keeps every worker busy and hands results back in order; actors are
restarted and their call retried when a worker process or node dies (at-least-once execution),
and since outputs are deterministic and written atomically by the driver, a retried wave changes
nothing (exactly-once results). Ray Data would re-batch and re-order rows to its own plan; Dask
redid far more work after a killed worker in our test; Spark needs a JVM.

What makes cluster outputs byte-identical to a single-machine run: the same waves (planned
here), the same sentences per wave (a sentence is sent to a worker exactly when the
single-machine run would translate it: not in the memory, not translated by an earlier wave
when a memory is used), the same batches inside a wave (``Translator.translate_fresh``), and
the same engine build and CPU instruction set on every node (CTranslate2 picks its kernels by
CPU; pin them with ``CT2_FORCE_CPU_ISA`` on heterogeneous clusters).
"""

from __future__ import annotations

import os
import platform
import signal
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from translate.batch import ProgressHook, WaveOutcome
from translate.errors import TranslateError
from translate.pipeline import Rendering, Translator
from translate.recipe import TranslatorRecipe

#: Set on the driver to make one worker kill itself (SIGKILL) once, at its second wave, the first
#: time the marker file does not exist yet: the fault tests' way to kill a worker mid-run.
FAULT_ENV = "TRANSLATE_CLUSTER_KILL_ONCE"
#: Set on the driver to make every worker kill itself (SIGKILL) whenever it is handed this wave
#: (0-based): the fault tests' way to make a wave that can never be decoded.
POISON_ENV = "TRANSLATE_CLUSTER_KILL_WAVE"
#: Seconds to wait for the workers to load the model before giving up with one line.
READY_TIMEOUT_S = 300.0
#: Times a wave may start on a worker. Ray retries a call whose worker died (SIGKILL, lost node)
#: without limit — a limit there would also count the failed calls while a lost node's workers
#: are being re-created — so the workers count real starts in a small actor of their own: a wave
#: that kills every worker it reaches (a crash in the engine, out of memory) then fails the run
#: with one line instead of restarting workers forever.
WAVE_STARTS = 4
#: Waves handed out ahead of the oldest one not yet written, per worker: enough to keep every
#: worker busy while the driver writes, few enough that a slow or retried wave does not make the
#: driver hold the results of the whole run in memory (and lose them all if it is killed).
WAVES_AHEAD_PER_WORKER = 2
#: Seconds the run waits while no node of the cluster has room for a single worker (every node
#: that had one lost) before it stops with one line; a node that comes back in time lets the
#: restarted workers pick up the waves where they were. Committed waves are kept: a rerun resumes.
LOST_TIMEOUT_S = 300.0
#: Attempts to open a Ray Client session whose server fails to start (see RayWaves._connect).
CLIENT_ATTEMPTS = 3
CLIENT_START_FAILED = "Starting Ray client server failed"
#: How often a wait for a wave's result looks at the cluster's capacity.
CAPACITY_POLL_S = 5.0


class ClusterError(TranslateError):
    """The cluster cannot be reached, has no room for the workers, or a worker failed."""


@dataclass(frozen=True)
class ClusterOptions:
    """Where to run and how big: ``address`` is ``auto`` (a local Ray instance) or a Ray address
    (``ray://HEAD:10001`` for Ray Client, ``HEAD:6379`` for a node of the cluster)."""

    address: str = "auto"
    workers: int | None = None
    threads_per_worker: int = 1
    ready_timeout_s: float = READY_TIMEOUT_S
    lost_timeout_s: float = LOST_TIMEOUT_S


class WaveKilledWorkers(TranslateError):
    """A wave's worker died every time the wave started."""


class _Starts:
    """How many times each wave has started on some worker (an actor apart from the workers)."""

    def __init__(self) -> None:
        self.counts: dict[int, int] = {}

    def start(self, wave: int) -> int:
        self.counts[wave] = self.counts.get(wave, 0) + 1
        return self.counts[wave]


class _WaveWorker:
    """One model per actor; a wave's new sentences in, their renderings out (no memory)."""

    def __init__(
        self,
        recipe: TranslatorRecipe,
        kill_marker: str | None = None,
        poison: int | None = None,
        starts: Any = None,
    ) -> None:
        self.translator = recipe.build(memory=None)
        self.node = platform.node()
        self.engine = engine_fingerprint(self.translator.backend.engine)
        self.kill_marker = kill_marker
        self.poison = poison
        self.starts = starts
        self.calls = 0

    def ready(self) -> tuple[int, str, str]:
        """This worker's process id, node and engine fingerprint."""
        return os.getpid(), self.node, self.engine

    def translate(self, wave: int, texts: list[str]) -> tuple[int, list[Rendering], str, str]:
        """The wave's renderings, with the node and engine that made them (a worker restarted
        on a new node must still match the others)."""
        self.calls += 1
        if self.starts is not None:
            import ray

            started = ray.get(self.starts.start.remote(wave))
            if started > WAVE_STARTS:
                raise WaveKilledWorkers(
                    f"wave {wave + 1} killed its worker {started - 1} times (an engine crash or "
                    "not enough memory on the node?)"
                )
        if self.kill_marker and self.calls == 2 and not Path(self.kill_marker).exists():
            Path(self.kill_marker).write_text(str(os.getpid()))
            os.kill(os.getpid(), signal.SIGKILL)
        if self.poison == wave:
            os.kill(os.getpid(), signal.SIGKILL)
        return wave, self.translator.translate_fresh(texts), self.node, self.engine


def engine_fingerprint(engine: str) -> str:
    """What decides a decode's exact output besides the recipe: this toolkit's version, the
    engine library's version and the CPU instruction set it picks kernels for.

    CTranslate2 picks the best ISA the CPU has unless ``CT2_FORCE_CPU_ISA`` names one; nodes
    with different fingerprints could round differently, so the driver refuses to mix them.
    """
    from importlib.metadata import PackageNotFoundError, version

    from translate import __version__

    library = "ctranslate2" if engine == "ctranslate2" else "torch"
    try:
        library_version = version(library)
    except PackageNotFoundError:
        library_version = "?"
    isa = os.environ.get("CT2_FORCE_CPU_ISA") or _cpu_isa()
    return f"dejour-translate {__version__}, {library} {library_version}, {isa}"


def _cpu_isa() -> str:
    """The widest vector instruction set CTranslate2 would use on this CPU."""
    machine = platform.machine().lower()
    if machine in ("aarch64", "arm64"):
        return "NEON"
    try:
        text = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return machine or "unknown"
    flags = set()
    for line in text.splitlines():
        if line.startswith("flags"):
            flags = set(line.partition(":")[2].split())
            break
    if {"avx512f", "avx512bw", "avx512dq", "avx512vl"} <= flags:
        return "AVX512"
    if "avx2" in flags:
        return "AVX2"
    if "avx" in flags:
        return "AVX"
    return machine or "unknown"


def portable(recipe: TranslatorRecipe) -> TranslatorRecipe:
    """The recipe with local paths made absolute: a worker does not start in the driver's
    working directory, so ``-m models/x`` must reach it as the absolute path (which every node
    must be able to read)."""
    model = Path(recipe.model).expanduser()
    absolute_model = str(model.resolve()) if model.exists() else recipe.model  # or a hub id
    shortlist = recipe.shortlist.expanduser().resolve() if recipe.shortlist else None
    return replace(recipe, model=absolute_model, shortlist=shortlist)


def _isolated_environment() -> None:
    """No usage reporting; an explicit auth mode, so a token left by an earlier run does not
    switch authentication on for some nodes only."""
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    os.environ.setdefault("RAY_AUTH_MODE", "disabled")


class RayWaves:
    """A :class:`translate.batch.WaveRunner` on a Ray cluster; use as a context manager."""

    def __init__(
        self, translator: Translator, recipe: TranslatorRecipe, options: ClusterOptions
    ) -> None:
        self.translator = translator
        self.recipe = portable(recipe.with_threads(options.threads_per_worker))
        self.options = options
        self._started_ray = False
        self._actors: list[Any] = []
        self.worker_pids: list[int] = []
        #: Set when the workers' engine fingerprint differs from this machine's (a warning).
        self.notice: str | None = None
        self.engine: str | None = None

    # -- life cycle ------------------------------------------------------------------------

    def __enter__(self) -> RayWaves:
        try:
            import ray
        except ImportError:
            raise ClusterError("--cluster needs Ray: pip install 'dejour-translate[ray]'") from None
        _isolated_environment()
        threads = self.options.threads_per_worker
        try:
            if self.options.address == "auto":
                cpus = os.cpu_count() or 1
                workers = self.options.workers or max(1, cpus // threads)
                ray.init(  # "local": never joins a cluster an earlier `ray start` left behind
                    address="local",
                    num_cpus=max(cpus, workers * threads),
                    include_dashboard=False,
                    log_to_driver=False,
                    configure_logging=False,
                    _node_ip_address="127.0.0.1",
                )
            else:
                self._connect(ray)
                cluster_cpus = int(ray.cluster_resources().get("CPU", 1))
                workers = self.options.workers or max(1, cluster_cpus // threads)
        except ClusterError:
            raise
        except Exception as exc:  # noqa: BLE001 - Ray raises many kinds; the user needs one line
            raise ClusterError(
                f"cannot start or reach the Ray cluster '{self.options.address}': {_cause(exc)}"
            ) from None
        self._started_ray = True
        self._start_workers(ray, workers)
        return self

    def _connect(self, ray: Any) -> None:
        """Join the cluster at ``options.address``. Through Ray Client, a session whose server
        process dies while starting (a race in Ray's client proxy, seen with Ray 2.60 under
        load) is retried: each attempt gets a fresh server, and the error stays one line."""
        through_client = self.options.address.startswith("ray://")
        _check_reachable(self.options.address)
        attempts = CLIENT_ATTEMPTS if through_client else 1
        for attempt in range(1, attempts + 1):
            try:
                ray.init(address=self.options.address, log_to_driver=False, configure_logging=False)
                return
            except Exception as exc:
                if attempt == attempts or CLIENT_START_FAILED not in str(exc):
                    raise
                try:
                    ray.shutdown()
                except Exception:  # noqa: BLE001,S110 - nothing was connected
                    pass
                time.sleep(2.0 * attempt)

    def _start_workers(self, ray: Any, workers: int) -> None:
        actor_class = ray.remote(_WaveWorker).options(
            num_cpus=self.options.threads_per_worker,
            max_restarts=-1,  # a lost worker is always replaced and its call sent again …
            max_task_retries=-1,  # … but a wave starts at most WAVE_STARTS times (_Starts)
        )
        marker = os.environ.get(FAULT_ENV)
        poison = int(os.environ[POISON_ENV]) if os.environ.get(POISON_ENV) else None
        try:
            starts = (
                ray.remote(_Starts).options(num_cpus=0, max_restarts=-1, max_task_retries=-1)
            ).remote()
            self._actors = [starts] + [
                actor_class.remote(self.recipe, marker, poison, starts) for _ in range(workers)
            ]
            workers_only = self._actors[1:]
            ready = ray.get(
                [a.ready.remote() for a in workers_only], timeout=self.options.ready_timeout_s
            )
        except ray.exceptions.GetTimeoutError:
            self.close()
            raise ClusterError(
                f"{workers} worker(s) with {self.options.threads_per_worker} CPU(s) each did not "
                f"start within {self.options.ready_timeout_s:.0f} s: the cluster lacks free CPUs "
                "or cannot load the model; use fewer --workers or check the nodes"
            ) from None
        except Exception as exc:  # noqa: BLE001 - an actor's __init__ failed (model missing …)
            self.close()
            raise ClusterError(f"a worker cannot load the model: {_cause(exc)}") from None
        self.worker_pids = [pid for pid, _node, _print in ready]
        self._check_engines(ready)

    def _check_engines(self, ready: Sequence[tuple[int, str, str]]) -> None:
        """Refuse workers whose engines differ from one another; note one differing from ours."""
        prints = {fingerprint: node for _pid, node, fingerprint in ready}
        self.engine = next(iter(prints))
        if len(prints) > 1:  # outputs would depend on which worker got which wave
            self.close()
            (first, node_a), (second, node_b) = list(prints.items())[:2]
            raise ClusterError(
                f"workers differ: node {node_a} runs {first}, node {node_b} runs {second}; "
                "install the same versions on every node and set the same CT2_FORCE_CPU_ISA "
                "in the environment of every 'ray start'"
            )
        ours = engine_fingerprint(self.translator.backend.engine)
        theirs = next(iter(prints))
        if theirs != ours:  # e.g. a laptop driving an x86 cluster through Ray Client
            self.notice = (
                f"the workers run {theirs}, this machine {ours}: the outputs equal a "
                "single-machine run on a worker node, not necessarily one on this machine"
            )

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        if not self._started_ray:
            return
        import ray

        for actor in self._actors:
            try:
                ray.kill(actor)
            except Exception:  # noqa: BLE001,S110 - already gone
                pass
        self._actors = []
        ray.shutdown()
        self._started_ray = False

    # -- the runner ------------------------------------------------------------------------

    def plan(self, waves: Sequence[list[str]]) -> list[list[str]]:
        """The sentences each wave sends to a worker: exactly those a single-machine run
        would decode in that wave (new to the memory and, with a memory, to earlier waves)."""
        uses_memory = self.translator.memory is not None
        everything = [t for texts in waves for t in texts]
        in_memory = set(self.translator.recall(everything, count=False)) if uses_memory else set()
        sent: set[str] = set()
        plan: list[list[str]] = []
        for texts in waves:
            todo = [t for t in dict.fromkeys(texts) if t not in in_memory and t not in sent]
            if uses_memory:
                sent.update(todo)
            plan.append(todo)
        return plan

    def run(self, waves: Sequence[list[str]], progress: ProgressHook) -> Iterator[WaveOutcome]:
        from ray.util import ActorPool

        plan = self.plan(waves)
        pool = ActorPool(self._actors[1:])  # the first is the _Starts counter
        jobs = [(k, todo) for k, todo in enumerate(plan) if todo]
        ahead = WAVES_AHEAD_PER_WORKER * len(self._actors[1:])
        submitted = 0
        # every worker stays busy: results come back as they finish and wait here, at most
        # `ahead` waves of them, until the waves before them are written (the run state is
        # committed in wave order)
        finished: dict[int, list[Rendering]] = {}
        started = time.perf_counter()
        for k, (texts, todo) in enumerate(zip(waves, plan, strict=True)):
            while submitted < len(jobs) and jobs[submitted][0] < k + ahead:
                pool.submit(lambda actor, job: actor.translate.remote(*job), jobs[submitted])
                submitted += 1
            progress("sentences", 0, len(texts))
            while todo and k not in finished:
                index, renderings, node, engine = self._next(pool, self._capacity_watch())
                if engine != self.engine:  # a worker re-created on a node added since
                    raise ClusterError(
                        f"a worker on node {node} runs {engine}, the others {self.engine}; "
                        "install the same versions on every node and set the same "
                        "CT2_FORCE_CPU_ISA in the environment of every 'ray start'"
                    )
                finished[index] = renderings
            fresh = finished.pop(k, [])
            self.translator.remember(todo, fresh)
            known = dict(zip(todo, fresh, strict=True))
            known.update(self.translator.recall([t for t in texts if t not in known]))
            progress("sentences", len(texts), 0)
            now = time.perf_counter()
            yield [known[t] for t in texts], now - started
            started = now

    def _capacity_watch(self) -> _CapacityWatch:
        return _CapacityWatch(self.options.threads_per_worker, self.options.lost_timeout_s)

    @staticmethod
    def _next(pool: Any, watch: _CapacityWatch) -> tuple[int, list[Rendering], str, str]:
        """The next finished wave; waits as long as the cluster can run a worker, and stops
        with one line once it has had no room for any for ``lost_timeout_s``."""
        while True:
            try:
                result: tuple[int, list[Rendering], str, str] = pool.get_next_unordered(
                    timeout=CAPACITY_POLL_S
                )
                return result
            except TimeoutError:
                watch.check()
            except Exception as exc:  # noqa: BLE001 - a worker raised: one line, not a traceback
                raise ClusterError(f"a worker failed: {_cause(exc)}") from None


class _CapacityWatch:
    """Notices a cluster that has lost every node able to run a worker: Ray would restart the
    workers and retry their waves for ever, waiting for a node that may never come back."""

    def __init__(self, cpus_per_worker: int, timeout_s: float) -> None:
        self.cpus_per_worker = cpus_per_worker
        self.timeout_s = timeout_s
        self.lost_since: float | None = None

    def check(self) -> None:
        import ray

        try:
            nodes = [n for n in ray.nodes() if n.get("Alive")]
        except Exception:  # noqa: BLE001 - the head itself unreachable: Ray reports that
            return
        room = any(n.get("Resources", {}).get("CPU", 0) >= self.cpus_per_worker for n in nodes)
        now = time.monotonic()
        if room:
            self.lost_since = None
        elif self.lost_since is None:
            self.lost_since = now
        elif now - self.lost_since >= self.timeout_s:
            raise ClusterError(
                f"no node of the cluster has had room for a worker "
                f"({self.cpus_per_worker} CPU) for {self.timeout_s:.0f} s: every worker node "
                "was lost; committed waves are kept, rerun the same command when nodes are back "
                "and it resumes"
            )


def _cause(exc: BaseException) -> str:
    """The innermost readable line of a Ray error (the worker's own exception message)."""
    cause = getattr(exc, "cause", None) or exc.__cause__
    message = str(cause or exc).strip().splitlines()
    line = next(
        (m for m in reversed(message) if m.strip() and not m.startswith(" ")),
        type(exc).__name__,
    )
    return line.strip()


#: Seconds to wait for a TCP connection to the cluster's address before giving up.
CONNECT_TIMEOUT_S = 10.0


def _check_reachable(address: str) -> None:
    """Refuse at once, in one line, an address where nothing listens.

    Given ``HOST:PORT`` with nothing listening (a wrong port), ``ray.init`` keeps retrying the
    connection for minutes with a warning every few seconds; one TCP connection attempt tells
    the same in milliseconds. Addresses without a port are left to Ray."""
    import socket

    host, _, port = address.removeprefix("ray://").rpartition(":")
    if not host or not port.isdigit():
        return
    try:
        with socket.create_connection((host.strip("[]"), int(port)), timeout=CONNECT_TIMEOUT_S):
            return
    except OSError as exc:
        raise ClusterError(
            f"cannot reach the Ray cluster at {address}: {exc.strerror or exc}: check the address "
            "and port (ray status on the head node prints them) and that the head is running"
        ) from None

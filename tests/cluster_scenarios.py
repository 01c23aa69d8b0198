"""Cluster scenarios that need Ray's Python API; run by tests/test_cluster.py inside a network
namespace that has only loopback (never imported by pytest itself).

    python tests/cluster_scenarios.py swap-node MODEL INPUTS OUT GLOSSARY
    python tests/cluster_scenarios.py lose-nodes MODEL INPUTS OUT GLOSSARY
    python tests/cluster_scenarios.py broken-worker MODEL INPUTS OUT GLOSSARY

``swap-node``: a head without CPUs and two one-CPU worker nodes; after the first wave is
committed one worker node is removed and a fresh one added (``cluster_utils`` adds and removes
nodes only from the main thread, so the batch runs in a second thread).
``lose-nodes``: both worker nodes removed mid-run; the run must stop with one line, then resume.
``broken-worker``: the driver loads the model, the workers get a recipe whose model is missing;
prints the one-line error.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
os.environ.setdefault("RAY_AUTH_MODE", "disabled")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from translate.batch import run_batch  # noqa: E402
from translate.cluster import ClusterError, ClusterOptions, RayWaves  # noqa: E402
from translate.glossary import load_glossary  # noqa: E402
from translate.pipeline import Translator  # noqa: E402
from translate.recipe import TranslatorRecipe  # noqa: E402
from translate.writers import DEFAULT_FORMATS  # noqa: E402

FORMATS = DEFAULT_FORMATS


def _done(out: Path) -> int:
    db = out / ".translate-batch" / "state.sqlite3"
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            return int(conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
    except sqlite3.Error:
        return 0


def _two_worker_cluster(
    model: str, glossary: str
) -> tuple[TranslatorRecipe, Translator, Any, list[Any]]:
    """A greedy one-thread recipe and its translator, and a local cluster: a head without CPUs
    and two one-CPU worker nodes (returned, so that a scenario can remove them)."""
    from ray.cluster_utils import Cluster

    recipe = TranslatorRecipe(
        model=model, engine="ctranslate2", beam=1, glossary=load_glossary(Path(glossary)), threads=1
    )
    translator = recipe.build(memory=None)
    cluster = Cluster(
        initialize_head=True,
        head_node_args={"num_cpus": 0, "node_ip_address": "127.0.0.1", "include_dashboard": False},
    )
    nodes = [cluster.add_node(num_cpus=1, node_ip_address="127.0.0.1") for _ in range(2)]
    cluster.wait_for_nodes()
    return recipe, translator, cluster, nodes


def _start_until_first_commit(work: Callable[[], None], out: Path) -> threading.Thread:
    """Run ``work`` in a second thread (cluster_utils changes nodes from the main thread only)
    and return once it has committed an article, ended, or 240 s have passed."""
    thread = threading.Thread(target=work)
    thread.start()
    deadline = time.monotonic() + 240
    while _done(out) < 1 and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.05)
    return thread


def swap_node(model: str, inputs: str, out: str, glossary: str) -> int:
    recipe, translator, cluster, nodes = _two_worker_cluster(model, glossary)
    outcome: dict[str, object] = {}

    def work() -> None:
        try:
            options = ClusterOptions(cluster.address, workers=2, threads_per_worker=1)
            with RayWaves(translator, recipe, options) as runner:
                outcome["result"] = run_batch(
                    [inputs], Path(out), translator, FORMATS, wave_sentences=8, runner=runner
                )
        except Exception as exc:  # noqa: BLE001 - reported to the test through stdout
            outcome["error"] = f"{type(exc).__name__}: {exc}"

    thread = _start_until_first_commit(work, Path(out))
    swapped = thread.is_alive()
    if swapped:
        cluster.remove_node(nodes[0], allow_graceful=False)
        cluster.add_node(num_cpus=1, node_ip_address="127.0.0.1")
    thread.join(timeout=300)
    cluster.shutdown()
    if "error" in outcome or thread.is_alive():
        print(f"FAILED {outcome.get('error', 'timeout')}")
        return 1
    result = outcome["result"]
    print(f"swapped={swapped} failed={result.failed}")  # type: ignore[attr-defined]
    return 0


def lose_nodes(model: str, inputs: str, out: str, glossary: str) -> int:
    """Every worker node lost mid-run: the run stops with one line instead of waiting for ever;
    with a node back, the same run resumes and finishes."""
    recipe, translator, cluster, nodes = _two_worker_cluster(model, glossary)
    options = ClusterOptions(cluster.address, workers=2, threads_per_worker=1, lost_timeout_s=10)
    outcome: dict[str, object] = {}

    def work() -> None:
        try:
            with RayWaves(translator, recipe, options) as runner:
                outcome["result"] = run_batch(
                    [inputs], Path(out), translator, FORMATS, wave_sentences=8, runner=runner
                )
        except ClusterError as exc:
            outcome["error"] = str(exc)

    thread = _start_until_first_commit(work, Path(out))
    lost_at = time.monotonic()
    for node in nodes:
        cluster.remove_node(node, allow_graceful=False)
    thread.join(timeout=180)
    stopped_after = time.monotonic() - lost_at
    if thread.is_alive() or "error" not in outcome:
        print(f"FAILED still running={thread.is_alive()} outcome={outcome}")
        cluster.shutdown()
        return 1
    print(f"ERROR {outcome['error']}")
    print(f"stopped after {stopped_after:.0f} s with {_done(Path(out))} articles committed")
    cluster.add_node(num_cpus=1, node_ip_address="127.0.0.1")
    cluster.wait_for_nodes()
    with RayWaves(translator, recipe, replace(options, workers=1)) as runner:
        result = run_batch(
            [inputs], Path(out), translator, FORMATS, wave_sentences=8, runner=runner
        )
    cluster.shutdown()
    print(f"resumed failed={result.failed} done={_done(Path(out))}")
    return 0


def broken_worker(model: str, inputs: str, out: str, glossary: str) -> int:
    recipe = TranslatorRecipe(
        model=model, engine="ctranslate2", beam=1, glossary=load_glossary(Path(glossary))
    )
    translator = recipe.build(memory=None)
    broken = replace(recipe, model=str(Path(out) / "no-such-model"))
    try:
        with RayWaves(translator, broken, ClusterOptions("auto", workers=1)) as runner:
            run_batch([inputs], Path(out), translator, FORMATS, runner=runner)
    except ClusterError as exc:
        print(f"ERROR {exc}")
        return 3
    return 0


if __name__ == "__main__":
    scenario, *args = sys.argv[1:]
    sys.exit(
        {"swap-node": swap_node, "lose-nodes": lose_nodes, "broken-worker": broken_worker}[
            scenario
        ](*args)
    )

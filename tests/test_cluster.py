"""translate batch --cluster on Ray: identical outputs, faults, resume — on loopback only.

Every Ray process runs inside a fresh network namespace that has nothing but loopback
(``unshare -n``; ``unshare -rn`` for a user without root), because Ray probes a public address to
find its own: no test can reach past this machine. Everything left in the namespace is killed
when a test ends.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT, parallel_pairs

pytestmark = pytest.mark.cluster

GLOSSARY = ROOT / "glossaries" / "news-de-en.tsv"
BIN = Path(sys.executable).parent
_STAMP = re.compile(
    r"\d{4}-?\d{2}-?\d{2}T\d{2}:?\d{2}:?\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?"
    r"|\b[A-Z][a-z]+ \d{1,2}, \d{4},? \d{1,2}:\d{2}(?::\d{2})?\s?[AP]M(?: [A-Z]{2,4})?"
)


def _namespace_command() -> list[str]:
    """A network namespace and a UTS namespace: Ray falls back to resolving the host name when it
    cannot reach a public address, and on many machines that name resolves to an interface the
    loopback-only namespace lacks; inside, the host name is ``localhost``."""
    return ["unshare", "-nu"] if os.geteuid() == 0 else ["unshare", "-rnu"]


_LOOPBACK_ONLY = "ip link set lo up && echo localhost > /proc/sys/kernel/hostname"


def _netns_available() -> bool:
    if shutil.which("unshare") is None or shutil.which("ip") is None:
        return False
    probe = subprocess.run(
        [*_namespace_command(), "sh", "-c", f"{_LOOPBACK_ONLY} && true"],
        capture_output=True,
        timeout=30,
    )
    return probe.returncode == 0


if not _netns_available():
    if os.geteuid() == 0:  # root can always make one: a failure, not a reason to skip
        raise RuntimeError("unshare -n failed as root: the cluster tests cannot isolate Ray")
    pytest.skip(
        "cannot create a loopback-only network namespace (needs root or user namespaces)",
        allow_module_level=True,
    )


class Namespace:
    """Commands run inside one loopback-only network namespace; all of it killed at the end."""

    def __init__(self) -> None:
        self.inodes: set[str] = set()
        self.env = {
            **os.environ,
            "HF_HUB_OFFLINE": "1",
            "RAY_USAGE_STATS_ENABLED": "0",
            "RAY_AUTH_MODE": "disabled",
            "PATH": f"{BIN}:{os.environ.get('PATH', '')}",
        }

    def start(self, script: str, **env: str) -> subprocess.Popen[str]:
        proc = subprocess.Popen(
            [*_namespace_command(), "sh", "-c", f"{_LOOPBACK_ONLY} && {script}"],
            env={**self.env, **env},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        ours = os.readlink("/proc/self/ns/net")
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                inode = os.readlink(f"/proc/{proc.pid}/ns/net")
            except OSError:
                break
            if inode != ours:
                self.inodes.add(inode)
                break
            time.sleep(0.01)
        return proc

    def run(self, script: str, timeout: float = 400, **env: str) -> tuple[int, str]:
        proc = self.start(script, **env)
        try:
            output, _ = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill_all()
            output, _ = proc.communicate()
            pytest.fail(f"timed out after {timeout} s:\n{output[-3000:]}")
        return proc.returncode, output

    def kill_all(self) -> None:
        for _ in range(3):
            for pid_dir in Path("/proc").iterdir():
                if not pid_dir.name.isdigit():
                    continue
                try:
                    if os.readlink(pid_dir / "ns" / "net") in self.inodes:
                        os.kill(int(pid_dir.name), signal.SIGKILL)
                except OSError:
                    continue
            time.sleep(0.2)


@pytest.fixture
def netns() -> Iterator[Namespace]:
    namespace = Namespace()
    yield namespace
    namespace.kill_all()


@pytest.fixture(scope="module")
def articles(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """24 small articles; sentences repeat across articles (the memory and dedup matter)."""
    folder = tmp_path_factory.mktemp("cluster-in")
    sentences = [s for s, _ in parallel_pairs()]
    for i in range(24):
        body = " ".join(sentences[(i * 3 + k) % len(sentences)] for k in range(3))
        (folder / f"artikel-{i:02d}.txt").write_text(f"Meldung {i}\n\n{body}\n", encoding="utf-8")
    return folder


def _batch(model: Path, inputs: Path, out: Path, *extra: str) -> str:
    args = [
        str(BIN / "translate"), "batch", str(inputs), "--out", str(out), "-m", str(model),
        "-g", str(GLOSSARY), "--beam", "1", "-q", "--wave-sentences", "8", "--threads", "1",
        *extra,
    ]  # fmt: skip
    return shlex.join(args)


def _outputs(out: Path) -> dict[str, str]:
    return {
        str(p.relative_to(out)): _STAMP.sub("<time>", p.read_text(encoding="utf-8"))
        for p in sorted(out.rglob("*"))
        if p.is_file() and ".translate-batch" not in p.parts and p.name != "batch-report.jsonl"
    }


def _states(out: Path) -> dict[str, str]:
    import json

    lines = (out / "batch-report.jsonl").read_text(encoding="utf-8").splitlines()
    return {r["article"]: r["status"] for r in map(json.loads, lines)}


def _committed(out: Path) -> int:
    db = out / ".translate-batch" / "state.sqlite3"
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            return int(conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
    except sqlite3.Error:
        return 0


@pytest.fixture(scope="module")
def reference(tiny_model: Path, articles: Path, tmp_path_factory: pytest.TempPathFactory):
    """The single-machine run the cluster runs must equal (with a translation memory)."""
    base = tmp_path_factory.mktemp("cluster-ref")
    done = subprocess.run(
        shlex.split(_batch(tiny_model, articles, base / "out", "--cache", str(base / "tm"))),
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    outputs = _outputs(base / "out")
    assert len(outputs) == 24 * 5  # md, tmx, xliff, html, jsonl
    return outputs


def test_cluster_auto_gives_the_single_machine_outputs_with_and_without_memory(
    tmp_path: Path, tiny_model: Path, articles: Path, reference: dict[str, str], netns: Namespace
) -> None:
    out, cache = tmp_path / "out", tmp_path / "tm"
    code, log = netns.run(
        _batch(tiny_model, articles, out, "--cache", str(cache), "--cluster", "auto",
               "--workers", "2")
    )  # fmt: skip
    assert code == 0, log[-3000:]
    assert _outputs(out) == reference
    assert set(_states(out).values()) == {"done"}
    assert _committed(out) == 24

    # no memory: repeated sentences are decoded again in later waves, exactly as on one machine;
    # and the address file of a cluster that is gone (an earlier `ray start`) is not joined
    plain, ray_tmp = tmp_path / "plain", Path(tempfile.mkdtemp(prefix="ray-", dir="/tmp"))
    (ray_tmp / "ray").mkdir()
    (ray_tmp / "ray" / "ray_current_cluster").write_text("127.0.0.1:6999\n")
    try:
        code, log = netns.run(
            _batch(tiny_model, articles, plain, "--no-cache", "--cluster", "auto",
                   "--workers", "2"),
            RAY_TMPDIR=str(ray_tmp),
        )  # fmt: skip
    finally:
        netns.kill_all()
        shutil.rmtree(ray_tmp, ignore_errors=True)
    assert code == 0, log[-3000:]
    assert _outputs(plain) == reference


def test_a_killed_worker_is_replaced_and_every_article_written_once(
    tmp_path: Path, tiny_model: Path, articles: Path, reference: dict[str, str], netns: Namespace
) -> None:
    marker = tmp_path / "killed-worker"
    out = tmp_path / "out"
    code, log = netns.run(
        _batch(tiny_model, articles, out, "--cache", str(tmp_path / "tm"), "--cluster", "auto",
               "--workers", "2"),
        TRANSLATE_CLUSTER_KILL_ONCE=str(marker),
    )  # fmt: skip
    assert code == 0, log[-3000:]
    assert marker.is_file()  # a worker process really was SIGKILLed mid-run
    killed = int(marker.read_text())
    assert not Path(f"/proc/{killed}").exists()
    assert _outputs(out) == reference
    assert list(_states(out).values()).count("done") == 24 and _committed(out) == 24


def test_a_killed_driver_resumes_without_redoing_committed_waves(
    tmp_path: Path, tiny_model: Path, articles: Path, reference: dict[str, str], netns: Namespace
) -> None:
    out, cache = tmp_path / "out", tmp_path / "tm"
    command = _batch(
        tiny_model, articles, out, "--cache", str(cache), "--cluster", "auto", "--workers", "2"
    )
    proc = netns.start(command)
    deadline = time.monotonic() + 300
    while proc.poll() is None and _committed(out) < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert proc.poll() is None, "the run ended before it could be killed"
    netns.kill_all()  # the driver and every Ray process with it
    proc.wait(timeout=30)
    committed = _committed(out)
    assert 3 <= committed < 24
    code, log = netns.run(command)
    assert code == 0, log[-3000:]
    states = _states(out)
    assert list(states.values()).count("skipped-unchanged") == committed
    assert _outputs(out) == reference
    assert not list(out.rglob("*.part"))


def test_two_node_loopback_cluster_and_a_node_swapped_mid_run(
    tmp_path: Path, tiny_model: Path, articles: Path, reference: dict[str, str], netns: Namespace
) -> None:
    port = 6400 + os.getpid() % 500
    out, client = tmp_path / "two-nodes", tmp_path / "ray-client"
    ray = shlex.quote(str(BIN / "ray"))
    script = (
        f"{ray} start --head --port={port} --node-ip-address=127.0.0.1 --num-cpus=1 "
        f"--ray-client-server-port=10001 "  # a port of this namespace's own loopback
        f"--include-dashboard=false --disable-usage-stats >/dev/null && "
        f"{ray} start --address=127.0.0.1:{port} --node-ip-address=127.0.0.1 --num-cpus=1 "
        f"--disable-usage-stats >/dev/null && "
        # through Ray Client first, as from a machine outside the cluster (Ray 2.60's client
        # proxier cannot start a session once another driver has run: psutil.ZombieProcess)
        + _batch(tiny_model, articles, client, "--no-cache", "--cluster",
                 "ray://127.0.0.1:10001", "--workers", "2")
        + " && "  # the same cluster joined from its head node
        + _batch(tiny_model, articles, out, "--no-cache", "--cluster", f"127.0.0.1:{port}",
                 "--workers", "2")
        # no `ray stop`: it would stop every Ray process on the machine; the namespace's
        # processes are killed when the test ends
    )  # fmt: skip
    code, log = netns.run(script)
    assert code == 0, log[-3000:]
    assert _outputs(out) == reference
    assert _outputs(client) == reference

    swapped = tmp_path / "swapped"
    scenario = shlex.join(
        [sys.executable, str(ROOT / "tests" / "cluster_scenarios.py"), "swap-node",
         str(tiny_model), str(articles), str(swapped), str(GLOSSARY)]
    )  # fmt: skip
    code, log = netns.run(scenario)
    assert code == 0 and "swapped=True failed=0" in log, log[-3000:]
    assert _outputs(swapped) == reference


def test_a_wave_that_kills_every_worker_fails_the_run_in_one_line_not_a_loop(
    tmp_path: Path, tiny_model: Path, articles: Path, netns: Namespace
) -> None:
    out = tmp_path / "out"
    started = time.monotonic()
    code, log = netns.run(
        _batch(tiny_model, articles, out, "--no-cache", "--cluster", "auto", "--workers", "2"),
        timeout=300,
        TRANSLATE_CLUSTER_KILL_WAVE="3",
    )
    assert code == 1, log[-3000:]
    errors = [x for x in log.splitlines() if "a worker failed" in x]
    assert len(errors) == 1 and "wave 4 killed its worker 4 times" in errors[0], log[-3000:]
    assert "Traceback" not in log
    # the waves before the poisoned one were written and committed; the run can be resumed
    assert 1 <= _committed(out) < 24
    assert time.monotonic() - started < 240


def test_losing_every_worker_node_stops_the_run_in_one_line_and_a_rerun_resumes(
    tmp_path: Path, tiny_model: Path, articles: Path, reference: dict[str, str], netns: Namespace
) -> None:
    out = tmp_path / "out"
    scenario = shlex.join(
        [sys.executable, str(ROOT / "tests" / "cluster_scenarios.py"), "lose-nodes",
         str(tiny_model), str(articles), str(out), str(GLOSSARY)]
    )  # fmt: skip
    code, log = netns.run(scenario, timeout=400)
    assert code == 0, log[-3000:]
    errors = [x for x in log.splitlines() if x.startswith("ERROR ")]
    assert len(errors) == 1 and "no node of the cluster has had room for a worker" in errors[0]
    stopped = re.search(r"stopped after (\d+) s with (\d+) articles committed", log)
    assert stopped, log[-3000:]
    # the 10 s bound plus a few capacity polls, not an endless wait; committed work was kept
    assert int(stopped.group(1)) < 120 and 1 <= int(stopped.group(2)) < 24
    assert "resumed failed=0 done=24" in log, log[-3000:]
    assert _outputs(out) == reference


def test_a_worker_that_cannot_load_the_model_fails_the_run_in_one_line(
    tmp_path: Path, tiny_model: Path, articles: Path, netns: Namespace
) -> None:
    scenario = shlex.join(
        [sys.executable, str(ROOT / "tests" / "cluster_scenarios.py"), "broken-worker",
         str(tiny_model), str(articles), str(tmp_path / "out"), str(GLOSSARY)]
    )  # fmt: skip
    started = time.monotonic()
    code, log = netns.run(scenario, timeout=300)
    assert code == 3, log[-3000:]
    line = next(x for x in log.splitlines() if x.startswith("ERROR "))
    assert "worker cannot load the model" in line and "no-such-model" in line
    assert time.monotonic() - started < 240


def test_cluster_options_without_ray_address_are_refused(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from translate.cli import app

    result = CliRunner().invoke(
        app, ["batch", str(tmp_path), "--out", str(tmp_path / "o"), "--workers", "2"]
    )
    assert result.exit_code == 2 and "--cluster" in result.output

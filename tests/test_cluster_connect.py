"""Joining a cluster through Ray Client: a client server that dies while starting is retried,
any other failure is not; an address where nothing listens is refused at once (no Ray process
is started here)."""

from __future__ import annotations

import socket
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from translate import cluster
from translate.cluster import ClusterOptions, RayWaves


class FakeRay:
    """``ray.init`` failing with the given errors, then succeeding."""

    def __init__(self, errors: list[Exception]) -> None:
        self.errors = errors
        self.inits = 0
        self.shutdowns = 0

    def init(self, **kwargs: object) -> None:
        self.inits += 1
        if self.errors:
            raise self.errors.pop(0)

    def shutdown(self) -> None:
        self.shutdowns += 1


def _waves(address: str) -> RayWaves:
    waves = object.__new__(RayWaves)
    waves.options = ClusterOptions(address)
    return waves


CHECK_REACHABLE = cluster._check_reachable


@pytest.fixture(autouse=True)
def no_pause(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cluster.time, "sleep", lambda seconds: None)
    # the fake clusters below listen nowhere; the address check has tests of its own
    monkeypatch.setattr(cluster, "_check_reachable", lambda address: None)


def test_a_client_server_that_fails_to_start_is_retried() -> None:
    failed = RuntimeError("Starting Ray client server failed. See ray_client_server_23000.err")
    ray = FakeRay([failed, failed])
    _waves("ray://127.0.0.1:10001")._connect(ray)
    assert ray.inits == 3 and ray.shutdowns == 2


def test_the_retries_are_bounded_and_the_error_kept() -> None:
    failed = RuntimeError("Starting Ray client server failed. See ray_client_server_23000.err")
    ray = FakeRay([failed] * 5)
    with pytest.raises(RuntimeError, match="Starting Ray client server failed"):
        _waves("ray://127.0.0.1:10001")._connect(ray)
    assert ray.inits == cluster.CLIENT_ATTEMPTS


@pytest.mark.parametrize(
    ("address", "error"),
    [
        ("ray://127.0.0.1:10001", ConnectionError("cannot reach 127.0.0.1:10001")),
        ("127.0.0.1:6379", RuntimeError("Starting Ray client server failed.")),
    ],
)
def test_other_failures_are_not_retried(address: str, error: Exception) -> None:
    ray = FakeRay([error])
    with pytest.raises(type(error)):
        _waves(address)._connect(ray)
    assert ray.inits == 1


def _closed_port() -> int:
    """A loopback port where nothing listens (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize("scheme", ["", "ray://"])
def test_an_address_where_nothing_listens_is_one_line_at_once(scheme: str) -> None:
    address = f"{scheme}127.0.0.1:{_closed_port()}"
    started = time.monotonic()
    with pytest.raises(cluster.ClusterError, match="cannot reach the Ray cluster at"):
        CHECK_REACHABLE(address)
    assert time.monotonic() - started < 5


def test_a_listening_address_and_one_without_port_pass() -> None:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        CHECK_REACHABLE(f"127.0.0.1:{server.getsockname()[1]}")
    CHECK_REACHABLE("auto")


def test_batch_with_a_wrong_port_stops_in_one_line(
    tmp_path: Path, tiny_model: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``translate batch --cluster 127.0.0.1:PORT`` with nothing there: it used to retry for
    minutes (still running after 580 s); now one error line and exit 1 within seconds."""
    from translate.cli import app

    monkeypatch.setattr(cluster, "_check_reachable", CHECK_REACHABLE)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("Kiew schweigt.\n", encoding="utf-8")
    args = ["batch", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "-m", str(tiny_model)]
    started = time.monotonic()
    result = CliRunner().invoke(
        app, [*args, "--no-glossary", "-q", "--cluster", f"127.0.0.1:{_closed_port()}"]
    )
    assert result.exit_code == 1, result.output
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "cannot reach the Ray cluster" in errors[0], result.output
    assert result.output.rstrip().endswith(errors[0])
    assert time.monotonic() - started < 60

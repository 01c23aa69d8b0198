"""Joining a cluster through Ray Client: a client server that dies while starting is retried,
any other failure is not (no Ray process is started here)."""

from __future__ import annotations

import pytest

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


@pytest.fixture(autouse=True)
def no_pause(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cluster.time, "sleep", lambda seconds: None)


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

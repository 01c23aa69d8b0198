"""Helpers for the ``translate serve`` tests: an in-process server on 127.0.0.1 and a free port."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

GLOSSARY_TSV = (
    "source\ttarget\ttarget@en-GB\nVerteidigungsminister\tdefense minister\tdefence minister\n"
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def running(service: object) -> Iterator[str]:
    """Serve ``service`` on 127.0.0.1 in a thread; yields its base URL; stops it afterwards."""
    import uvicorn

    from translate.serve.app import create_app

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(
        create_app(service),  # type: ignore[arg-type]
        log_level="warning",
        access_log=False,
        timeout_graceful_shutdown=10,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start within 30 s")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(30)
        sock.close()


def make_service(backend: object, state: Path, **options: object) -> object:
    from translate.glossary import load_glossary
    from translate.serve.service import Limits, Service
    from translate.serve.store import StateStore

    state.mkdir(parents=True, exist_ok=True)
    glossary_file = state / "house.tsv"
    glossary_file.write_text(GLOSSARY_TSV, encoding="utf-8")
    limits = options.pop("limits", Limits())
    return Service(
        backend=backend,  # type: ignore[arg-type]
        store=StateStore(state),
        glossary=load_glossary(glossary_file),
        use_memory=False,
        limits=limits,  # type: ignore[arg-type]
        **options,  # type: ignore[arg-type]
    )

"""Run the application with uvicorn: loopback by default, clean shutdown on SIGINT/SIGTERM.

uvicorn stops accepting connections on a signal, lets in-flight requests finish, then runs the
application's lifespan shutdown, which drains the queue (every accepted request is answered)
and closes the state. The translation memory writes each batch in one transaction, so nothing
is half-written whenever the process stops.
"""

from __future__ import annotations

import ipaddress
import signal
import socket
from collections.abc import Callable

from translate.errors import TranslateError


class ServeConfigError(TranslateError):
    """The service cannot start with these options (names the option and the fix)."""


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_exposure(host: str, has_keys: bool, allow_open: bool) -> None:
    """Refuse to listen open (without API keys) on a non-loopback address unless allowed."""
    if not has_keys and not is_loopback(host) and not allow_open:
        raise ServeConfigError(
            f"--host {host} is not a loopback address and no --api-keys file was given: anyone "
            "on the network could use the service; pass --api-keys FILE, or --allow-open to "
            "serve without keys on purpose"
        )


def check_port(host: str, port: int) -> None:
    """Fail with one line when the address cannot be bound (in use, no permission)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise ServeConfigError(
                f"cannot listen on {host}:{port}: {exc.strerror}; choose another --port"
            ) from None


def run(app: object, host: str, port: int, on_ready: Callable[[str], None] | None = None) -> None:
    """Serve ``app`` until SIGINT/SIGTERM."""
    import uvicorn

    config = uvicorn.Config(
        app,  # type: ignore[arg-type]
        host=host,
        port=port,
        log_level="warning",
        timeout_graceful_shutdown=60,
        access_log=False,
    )
    server = uvicorn.Server(config)
    if on_ready is not None:
        shown = f"[{host}]" if ":" in host else host
        original = server.startup

        async def startup(sockets: object = None) -> None:
            await original(sockets)  # type: ignore[arg-type]
            if server.started:
                on_ready(f"http://{shown}:{port}")

        server.startup = startup  # type: ignore[method-assign]
    # uvicorn handles SIGINT/SIGTERM itself (graceful shutdown), then re-raises the signal to
    # the handler that was there before; these handlers make that a normal return, so the
    # command can report the clean stop and exit 0.
    stops: list[int] = []
    previous = {
        sig: signal.signal(sig, lambda number, _frame: stops.append(number))
        for sig in (signal.SIGINT, signal.SIGTERM)
    }
    try:
        server.run()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)

"""Who may call the service and how much: API keys, per-key character quotas and rate limits.

``--api-keys FILE`` lists one key per line, optionally followed by its character quota and its
requests per minute (``0`` or ``-`` = unlimited); ``#`` starts a comment::

    # key              characters   requests/minute
    weblate-3f9a2c     500000       120
    mastodon-77c1      -            60

Without the file the service is open (it refuses to start open on a non-loopback address unless
told to); ``--rate-limit`` then limits each client address. A rate limit is a token bucket that
refills continuously, so a refused client is told in ``Retry-After`` when to come back.
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from translate.errors import InputError


@dataclass(frozen=True)
class KeyPolicy:
    """The limits of one API key; ``None`` is unlimited."""

    key: str
    character_limit: int | None = None
    requests_per_minute: int | None = None


def _limit(value: str, path: Path, line: int, what: str) -> int | None:
    if value == "-":
        return None
    if not value.isdigit():
        raise InputError(
            f"{path}:{line}: {what} {value!r} is not a whole number; write a number, or - for "
            "unlimited"
        )
    return int(value) or None


def load_api_keys(path: Path) -> dict[str, KeyPolicy]:
    """Read an API keys file; a bad line is an :class:`InputError` naming file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read the API keys file: {exc}") from None
    keys: dict[str, KeyPolicy] = {}
    for line_no, line in enumerate(text.splitlines(), 1):
        fields = line.split("#", 1)[0].split()
        if not fields:
            continue
        if len(fields) > 3:
            raise InputError(
                f"{path}:{line_no}: expected 'KEY [CHARACTERS] [REQUESTS_PER_MINUTE]', got "
                f"{len(fields)} fields"
            )
        key = fields[0]
        if key in keys:
            raise InputError(f"{path}:{line_no}: the key {key!r} is listed twice; keep one line")
        chars = _limit(fields[1], path, line_no, "character limit") if len(fields) > 1 else None
        rate = _limit(fields[2], path, line_no, "requests per minute") if len(fields) > 2 else None
        keys[key] = KeyPolicy(key, chars, rate)
    if not keys:
        raise InputError(f"{path}: no API key in the file; add one key per line")
    return keys


class RateLimiter:
    """Token buckets per client: ``per_minute`` requests, refilled continuously."""

    def __init__(self) -> None:
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, client: str, per_minute: int | None) -> int | None:
        """None when the request may go ahead, else the seconds to wait (≥ 1)."""
        if not per_minute:
            return None
        rate = per_minute / 60.0
        now = time.monotonic()
        with self._lock:
            tokens, last = self._buckets.get(client, (float(per_minute), now))
            tokens = min(float(per_minute), tokens + (now - last) * rate)
            if tokens >= 1.0:
                self._buckets[client] = (tokens - 1.0, now)
                return None
            self._buckets[client] = (tokens, now)
            return max(1, math.ceil((1.0 - tokens) / rate))

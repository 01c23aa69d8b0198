"""The one error type the API modules raise; each API renders it in its own error format.

DeepL answers ``{"message": ...}``, LibreTranslate ``{"error": ...}``; the status codes are the
APIs' own (400, 403, 404, 413, 429, 456, 503 …). ``retry_after`` becomes a ``Retry-After``
header (rate limits and a full queue).
"""

from __future__ import annotations


class ApiError(Exception):
    """A request the service refuses, with the HTTP status and the message the client sees."""

    def __init__(self, status: int, message: str, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.retry_after = retry_after

    def headers(self) -> dict[str, str]:
        return {"Retry-After": str(self.retry_after)} if self.retry_after is not None else {}

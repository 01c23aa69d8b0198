"""Request parameters as real clients send them: JSON, form data, query strings, a body on GET.

DeepL and LibreTranslate clients disagree on how to send the same fields: the official DeepL
SDKs post JSON (and a form body even on ``GET /v2/languages``), Mastodon posts a form for DeepL
and JSON for LibreTranslate, Discourse and ``libretranslatepy`` post forms, Weblate posts JSON,
older scripts put everything in the query string. :func:`read_params` folds all of these into
one :class:`Params` multi-dict, so the API modules read a field without caring how it came.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from starlette.requests import Request

from translate.serve.errors import ApiError

#: Characters a text may not contain: C0 controls other than TAB/LF/CR, and DEL.
_CONTROL = frozenset(chr(c) for c in range(32) if chr(c) not in "\t\n\r") | {"\x7f"}
TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off", ""})


@dataclass
class Params:
    """Every value of every field, in arrival order (query string first, then the body)."""

    values: dict[str, list[Any]] = field(default_factory=dict)

    def add(self, name: str, value: Any) -> None:
        self.values.setdefault(name, []).append(value)

    def has(self, name: str) -> bool:
        return name in self.values

    def text(self, name: str, default: str | None = None) -> str | None:
        """One string field; the last value wins (a form's repeated key overrides)."""
        values = self.values.get(name)
        if not values:
            return default
        value = values[-1]
        if value is None:  # JSON null: as if absent (Mastodon sends "api_key": null)
            return default
        if not isinstance(value, str):
            raise ApiError(400, f"Value for '{name}' not supported: expected a string.")
        return value

    def last(self, name: str) -> Any:
        """The last value as it arrived (a JSON number stays a number); None when absent."""
        values = self.values.get(name)
        return values[-1] if values else None

    def texts(self, name: str) -> list[str]:
        """A list field: repeated keys, a JSON list, or one string."""
        found: list[str] = []
        for value in self.values.get(name, []):
            items = value if isinstance(value, list) else [value]
            for item in items:
                if not isinstance(item, str):
                    raise ApiError(400, f"Value for '{name}' not supported: expected text.")
                found.append(item)
        return found

    def flag(self, name: str, default: bool = False) -> bool:
        """A boolean: JSON true/false, ``1``/``0``, ``true``/``false`` in any case."""
        value = self.values.get(name)
        if not value:
            return default
        raw = value[-1]
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, int) and raw in (0, 1):
            return bool(raw)
        word = str(raw).strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise ApiError(400, f"Value for '{name}' not supported: expected a boolean.")


def check_text(name: str, value: str) -> None:
    """Refuse control characters (other than TAB, LF, CR) in a text to translate."""
    bad = next((c for c in value if c in _CONTROL), None)
    if bad is not None:
        raise ApiError(400, f"Value for '{name}' contains the control character U+{ord(bad):04X}.")


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _check_unicode(data: Any) -> None:
    """Refuse lone surrogates (``"\\ud800"``): valid JSON, but no text, and nothing downstream
    (tokenizer, SQLite, the JSON response) can encode them. Iterative: the depth is the client's."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                raise ApiError(
                    400, "Invalid request: the JSON body has a lone surrogate (\\uD800–\\uDFFF)."
                ) from None
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def _add_mapping(params: Params, data: Mapping[str, Any]) -> None:
    for name, value in data.items():
        params.add(str(name), value)


async def read_params(request: Request, max_body: int) -> Params:
    """Every parameter of ``request``: query string, then a JSON or form body (on any method)."""
    params = Params()
    for name, value in request.query_params.multi_items():
        params.add(name, value)
    body = await read_body(request, max_body)
    if not body:  # no body at all (a JSON content type on a bodiless GET is common)
        return params
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == "application/json" or (not kind and body.lstrip()[:1] in (b"{", b"[")):
        try:
            # strict JSON: NaN/Infinity are not JSON, and a body nested past the interpreter's
            # recursion limit is a bad request, not a crash
            data = json.loads(body, parse_constant=_no_constant)
        except (ValueError, UnicodeDecodeError, RecursionError):
            raise ApiError(400, "Invalid request: the body is not valid JSON.") from None
        if not isinstance(data, dict):
            raise ApiError(400, "Invalid request: the JSON body must be an object.")
        _check_unicode(data)
        _add_mapping(params, data)
    elif kind == "multipart/form-data":
        try:
            form = await request.form()
        except Exception:  # noqa: BLE001 - any parse failure of a client's body is a 400
            raise ApiError(400, "Invalid request: the multipart body cannot be read.") from None
        for name, item in form.multi_items():
            if isinstance(item, str):  # uploaded files are not parameters
                params.add(name, item)
    else:  # form-encoded, or a client that did not say (urllib's default)
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise ApiError(400, "Invalid request: the body is not UTF-8.") from None
        for name, value in parse_qsl(text, keep_blank_values=True):
            params.add(name, value)
    return params


async def read_body(request: Request, max_body: int) -> bytes:
    """The request body, refused with 413 as soon as it grows past ``max_body`` bytes."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_body:
        raise ApiError(413, f"Request Entity Too Large: the body exceeds {max_body} bytes.")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > max_body:
            raise ApiError(413, f"Request Entity Too Large: the body exceeds {max_body} bytes.")
        chunks.append(chunk)
    body = b"".join(chunks)
    request._body = body  # so that request.form() can parse what was read here
    return body

"""OpenAPI fragments: the parameters each operation reads, and the answers it can give.

The handlers read their parameters from any encoding (see :mod:`translate.serve.params`), so
FastAPI cannot infer them; these helpers describe them for ``/openapi.json`` (what API clients,
generators and ``schemathesis`` read): a JSON and a form body for POST, query parameters for
GET, and every status code an operation can answer with its error shape.
"""

from __future__ import annotations

from typing import Any

Schema = dict[str, Any]

STRING: Schema = {"type": "string"}
#: A key field: clients send ``null`` for "no key" (Mastodon), taken as absent.
KEY: Schema = {"anyOf": [{"type": "string"}, {"type": "null"}]}
#: A text to translate: no control characters other than TAB, LF and CR.
TEXT: Schema = {
    "type": "string",
    "maxLength": 1000,
    "pattern": "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f]*$",
}
TEXTS: Schema = {"anyOf": [TEXT, {"type": "array", "items": TEXT, "minItems": 1, "maxItems": 50}]}
BOOL_ISH: Schema = {"anyOf": [{"type": "boolean"}, {"type": "string", "enum": ["0", "1"]}]}
STRING_LIST: Schema = {"anyOf": [{"type": "string"}, {"type": "array", "items": STRING}]}


def error_schema(field: str) -> Schema:
    return {
        "type": "object",
        "properties": {field: {"type": "string"}},
        "required": [field],
    }


def body(properties: dict[str, Schema], required: list[str]) -> dict[str, Any]:
    """``openapi_extra`` for a POST operation taking a JSON or a form body."""
    schema = {"type": "object", "properties": properties, "required": required}
    form = {
        "type": "object",
        "properties": {
            k: (TEXT if v is TEXTS else STRING if v is STRING_LIST or v is KEY else v)
            for k, v in properties.items()
        },
        "required": required,
    }
    return {
        "requestBody": {
            "required": bool(required),
            "content": {
                "application/json": {"schema": schema},
                "application/x-www-form-urlencoded": {"schema": form},
            },
        }
    }


def query(properties: dict[str, Schema], required: tuple[str, ...] = ()) -> dict[str, Any]:
    """``openapi_extra`` for an operation taking query parameters."""
    return {
        "parameters": [
            {"name": name, "in": "query", "required": name in required, "schema": schema}
            for name, schema in properties.items()
        ]
    }


def responses(
    ok: Schema | None,
    codes: dict[int, str],
    error_field: str,
    ok_status: int = 200,
    ok_media: str = "application/json",
) -> dict[int | str, dict[str, Any]]:
    """The ``responses`` of an operation: its success shape and each documented error."""
    out: dict[int | str, dict[str, Any]] = {}
    if ok is None:
        out[ok_status] = {"description": "Success, no content."}
    else:
        out[ok_status] = {"description": "Success.", "content": {ok_media: {"schema": ok}}}
    for code, text in codes.items():
        out[code] = {
            "description": text,
            "content": {"application/json": {"schema": error_schema(error_field)}},
        }
    return out

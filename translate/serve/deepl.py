"""DeepL API v2 under ``/v2``: translate, languages, usage, glossaries — as DeepL defines them.

Field by field after DeepL's public API documentation, so the official SDKs (``server_url=``),
Weblate's DeepL backend, Mastodon and others work unchanged. Only German → English is offered:
``source_lang`` must be ``DE`` or absent, ``target_lang`` ``EN-US``, ``EN-GB`` or the deprecated
``EN`` (→ the service's ``--target-locale``). Errors are DeepL's: ``{"message": ...}`` with 400,
403, 404, 413, 415, 429 (+ ``Retry-After``), 456 (quota) and 503.

Accepted and honoured: ``text`` (1–50), ``glossary_id`` (enforced), ``tag_handling``
(``xml``/``html``, tags kept in place), ``ignore_tags``, ``split_sentences`` (``0`` keeps each
text as one unit), ``formality`` ``default``/``prefer_*`` (English has no formality).
Accepted and ignored: ``context``, ``preserve_formatting``, ``outline_detection``,
``splitting_tags``, ``non_splitting_tags``, ``show_billed_characters`` (always shown),
``model_type``.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from translate.serve import docs
from translate.serve.errors import ApiError
from translate.serve.params import Params, check_text, read_params
from translate.serve.service import Client, Service
from translate.serve.store import parse_entries

TARGETS = {"EN-US": "en-US", "EN-GB": "en-GB"}
TARGET_NAMES = {"EN-GB": "English (British)", "EN-US": "English (American)"}
FORMALITY_OK = {"default", "prefer_more", "prefer_less"}
TAG_NAME = re.compile(r"[A-Za-z0-9_.:-]+")
SPLIT_VALUES = {"0": False, "1": True, "nonewlines": True}

Handler = Callable[[Request, Params, Client], Awaitable[Response]]

ERRORS = {
    400: "Bad request: a parameter is missing or not supported.",
    403: "Authorization failed: missing or unknown key.",
    413: "Request too large.",
    429: "Too many requests (rate limit or full queue); see Retry-After.",
    456: "Quota exceeded.",
    503: "Service unavailable (shutting down or translation failed).",
}
GLOSSARY_ERRORS = {**ERRORS, 404: "Glossary not found."}

TRANSLATION = {
    "type": "object",
    "properties": {
        "translations": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "detected_source_language": {"type": "string"},
                    "text": {"type": "string"},
                    "billed_characters": {"type": "integer"},
                },
                "required": ["detected_source_language", "text"],
            },
        }
    },
    "required": ["translations"],
}
LANGUAGES = {
    "type": "array",
    "items": {
        "type": "object",
        "properties": {
            "language": {"type": "string"},
            "name": {"type": "string"},
            "supports_formality": {"type": "boolean"},
        },
        "required": ["language", "name"],
    },
}
USAGE = {
    "type": "object",
    "properties": {
        "character_count": {"type": "integer"},
        "character_limit": {"type": "integer"},
    },
    "required": ["character_count", "character_limit"],
}
GLOSSARY = {
    "type": "object",
    "properties": {
        "glossary_id": {"type": "string"},
        "name": {"type": "string"},
        "ready": {"type": "boolean"},
        "source_lang": {"type": "string"},
        "target_lang": {"type": "string"},
        "creation_time": {"type": "string"},
        "entry_count": {"type": "integer"},
    },
    "required": [
        "glossary_id",
        "name",
        "ready",
        "source_lang",
        "target_lang",
        "creation_time",
        "entry_count",
    ],
}
PAIRS = {
    "type": "object",
    "properties": {
        "supported_languages": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "source_lang": {"type": "string"},
                    "target_lang": {"type": "string"},
                },
            },
        }
    },
    "required": ["supported_languages"],
}
TRANSLATE_FIELDS = {
    "text": docs.TEXTS,
    "target_lang": {"type": "string", "enum": ["EN-US", "EN-GB", "EN", "en-us", "en-gb", "en"]},
    # an empty source_lang is taken as absent (form clients send the field even when empty)
    "source_lang": {"type": "string", "enum": ["DE", "de", ""]},
    "glossary_id": docs.STRING,
    "tag_handling": {"type": "string", "enum": ["xml", "html"]},
    "split_sentences": {"type": "string", "enum": ["0", "1", "nonewlines"]},
    "preserve_formatting": docs.BOOL_ISH,
    "formality": {"type": "string", "enum": sorted(FORMALITY_OK)},
    "context": docs.STRING,
    "ignore_tags": {
        "anyOf": [
            {"type": "string", "pattern": "^[A-Za-z0-9_.,:-]*$"},
            {"type": "array", "items": {"type": "string", "pattern": "^[A-Za-z0-9_.,:-]*$"}},
        ]
    },
    "auth_key": docs.KEY,
}


def error_response(error: ApiError) -> Response:
    return JSONResponse({"message": error.message}, error.status, headers=error.headers())


def auth_key(request: Request, params: Params) -> str | None:
    """``Authorization: DeepL-Auth-Key KEY`` (or the legacy ``auth_key`` parameter)."""
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "deepl-auth-key" and value.strip():
        return value.strip()
    return params.text("auth_key")


def target_locale(value: str | None, service: Service) -> str:
    if not value:
        raise ApiError(400, "Parameter 'target_lang' not specified.")
    code = value.strip().upper().replace("_", "-")
    if code == "EN":
        assert service.target_locale is not None
        return service.target_locale.tag
    if code not in TARGETS:
        raise ApiError(
            400,
            "Value for 'target_lang' not supported: only EN-US and EN-GB "
            "(from German) are offered.",
        )
    return TARGETS[code]


def check_source(value: str | None) -> None:
    if value and value.strip().upper() != "DE":
        raise ApiError(400, "Value for 'source_lang' not supported: only DE is offered.")


def router(service: Service) -> APIRouter:
    """The ``/v2`` routes over ``service``."""
    api = APIRouter(prefix="/v2", tags=["DeepL API v2"])

    def endpoint(handler: Handler) -> Callable[[Request], Awaitable[Response]]:
        async def run(request: Request) -> Response:
            try:
                params = await read_params(request, service.limits.max_body)
                host = request.client.host if request.client else ""
                client = service.authorize(auth_key(request, params), host)
                return await handler(request, params, client)
            except ApiError as error:
                return error_response(error)

        run.__name__ = handler.__name__
        run.__doc__ = handler.__doc__
        return run

    async def translate(request: Request, params: Params, client: Client) -> Response:
        """Translate texts from German to English (DeepL ``/v2/translate``)."""
        texts = params.texts("text")
        if not texts:
            raise ApiError(400, "Parameter 'text' not specified.")
        if len(texts) > service.limits.max_texts:
            raise ApiError(413, f"Too many texts: at most {service.limits.max_texts} per request.")
        for text in texts:
            check_text("text", text)
        locale = target_locale(params.text("target_lang"), service)
        check_source(params.text("source_lang"))
        # DeepL wants source_lang with a glossary; German is the only source here, so a
        # glossary without it is taken as German too
        glossary_id = params.text("glossary_id") or None
        formality = (params.text("formality") or "default").lower()
        if formality not in FORMALITY_OK:
            raise ApiError(400, "'formality' is not supported for given 'target_lang'.")
        tags = params.text("tag_handling")
        if tags is not None and tags.lower() not in ("xml", "html"):
            raise ApiError(400, "Value for 'tag_handling' not supported: use xml or html.")
        split = (params.text("split_sentences") or ("nonewlines" if tags else "1")).lower()
        if split not in SPLIT_VALUES:
            raise ApiError(
                400, "Value for 'split_sentences' not supported: use 0, 1 or nonewlines."
            )
        params.flag("preserve_formatting")  # validated, the toolkit keeps formatting anyway
        ignore = [t.strip() for v in params.texts("ignore_tags") for t in v.split(",") if t.strip()]
        if not all(TAG_NAME.fullmatch(t) for t in ignore):
            raise ApiError(400, "Value for 'ignore_tags' not supported: tag names only.")
        out = await service.translate(
            client,
            texts,
            target_locale=locale,
            glossary_id=glossary_id,
            markup_kind=tags.lower() if tags else None,
            split_sentences=SPLIT_VALUES[split],
            ignore_tags=ignore,
        )
        return JSONResponse(
            {
                "translations": [
                    {"detected_source_language": "DE", "text": t, "billed_characters": len(s)}
                    for s, t in zip(texts, out, strict=True)
                ]
            }
        )

    async def languages(request: Request, params: Params, client: Client) -> Response:
        """The source (``type=source``, default) or target (``type=target``) languages."""
        kind = params.text("type", "source")
        if kind == "source":
            return JSONResponse([{"language": "DE", "name": "German"}])
        if kind == "target":
            return JSONResponse(
                [
                    {"language": code, "name": name, "supports_formality": False}
                    for code, name in TARGET_NAMES.items()
                ]
            )
        raise ApiError(400, "Value for 'type' not supported: use source or target.")

    async def usage(request: Request, params: Params, client: Client) -> Response:
        """Characters billed to this key and its limit."""
        count, limit = service.usage(client)
        return JSONResponse({"character_count": count, "character_limit": limit})

    async def language_pairs(request: Request, params: Params, client: Client) -> Response:
        """The language pairs glossaries can be created for."""
        return JSONResponse({"supported_languages": [{"source_lang": "de", "target_lang": "en"}]})

    async def create_glossary(request: Request, params: Params, client: Client) -> Response:
        """Create a glossary from TSV or CSV entries; it is stored under ``--state``."""
        name = params.text("name")
        if not name or not name.strip():
            raise ApiError(400, "Parameter 'name' not specified.")
        source, target = params.text("source_lang"), params.text("target_lang")
        if not source or not target:
            raise ApiError(400, "Parameters 'source_lang' and 'target_lang' are required.")
        if source.strip().lower() != "de" or target.strip().lower().split("-")[0] != "en":
            raise ApiError(400, "Unsupported glossary source and target language pair.")
        entries = params.text("entries")
        if entries is None:
            raise ApiError(400, "Parameter 'entries' not specified.")
        fmt = (params.text("entries_format") or "tsv").lower()
        info = service.store.create_glossary(name.strip(), parse_entries(entries, fmt))
        return JSONResponse(info.as_json(), status_code=201)

    async def list_glossaries(request: Request, params: Params, client: Client) -> Response:
        """Every stored glossary."""
        return JSONResponse({"glossaries": [g.as_json() for g in service.store.list_glossaries()]})

    def glossary_id(request: Request) -> str:
        return str(request.path_params["glossary_id"])

    async def get_glossary(request: Request, params: Params, client: Client) -> Response:
        """One glossary's description."""
        return JSONResponse(service.store.glossary_info(glossary_id(request)).as_json())

    async def glossary_entries(request: Request, params: Params, client: Client) -> Response:
        """A glossary's entries as ``text/tab-separated-values``."""
        accept = request.headers.get("accept", "*/*").lower()
        if not any(
            kind.split(";")[0].strip() in ("*/*", "text/*", "text/tab-separated-values")
            for kind in accept.split(",")
        ):
            raise ApiError(415, "Unsupported Media Type: entries are text/tab-separated-values.")
        entries = service.store.glossary_entries(glossary_id(request))
        return Response(entries, media_type="text/tab-separated-values; charset=utf-8")

    async def delete_glossary(request: Request, params: Params, client: Client) -> Response:
        """Delete a glossary."""
        gid = glossary_id(request)
        service.store.delete_glossary(gid)
        service.queue.forget(gid)
        return Response(status_code=204)

    def add(
        path: str,
        handler: Handler,
        methods: list[str],
        ok: dict[str, Any] | None,
        extra: dict[str, Any] | None = None,
        errors: dict[int, str] = ERRORS,
        status: int = 200,
        media: str = "application/json",
    ) -> None:
        if "{glossary_id}" in path:
            extra = {
                **(extra or {}),
                "parameters": [
                    {
                        "name": "glossary_id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string"},
                    }
                ],
            }
        api.add_api_route(
            path,
            endpoint(handler),
            methods=methods,
            summary=(handler.__doc__ or "").split("\n")[0],
            responses=docs.responses(ok, errors, "message", status, media),
            openapi_extra=extra,
            operation_id=f"deepl_{handler.__name__}_{methods[0].lower()}",
            response_class=JSONResponse,
        )

    add(
        "/translate",
        translate,
        ["POST"],
        TRANSLATION,
        docs.body(TRANSLATE_FIELDS, ["text", "target_lang"]),
        errors=GLOSSARY_ERRORS,
    )
    # DeepL answers GET /v2/translate too (query string): older scripts and curl one-liners
    add(
        "/translate",
        translate,
        ["GET"],
        TRANSLATION,
        docs.query(
            {
                "text": {"type": "array", "items": docs.TEXT, "minItems": 1},
                **{
                    k: v
                    for k, v in TRANSLATE_FIELDS.items()
                    if k not in ("text", "ignore_tags", "preserve_formatting")
                },
            },
            ("text", "target_lang"),
        ),
        errors=GLOSSARY_ERRORS,
    )
    add(
        "/languages",
        languages,
        ["GET"],
        LANGUAGES,
        docs.query({"type": {"type": "string", "enum": ["source", "target"]}}),
    )
    add(
        "/languages",
        languages,
        ["POST"],
        LANGUAGES,
        docs.body({"type": {"type": "string", "enum": ["source", "target"]}}, []),
    )
    add("/usage", usage, ["GET"], USAGE)
    add("/usage", usage, ["POST"], USAGE)
    add("/glossary-language-pairs", language_pairs, ["GET"], PAIRS)
    add(
        "/glossaries",
        create_glossary,
        ["POST"],
        GLOSSARY,
        docs.body(
            {
                "name": docs.STRING,
                "source_lang": docs.STRING,
                "target_lang": docs.STRING,
                "entries": docs.STRING,
                "entries_format": {"type": "string", "enum": ["tsv", "csv"]},
            },
            ["name", "source_lang", "target_lang", "entries"],
        ),
        status=201,
    )
    add(
        "/glossaries",
        list_glossaries,
        ["GET"],
        {
            "type": "object",
            "properties": {"glossaries": {"type": "array", "items": GLOSSARY}},
            "required": ["glossaries"],
        },
    )
    add("/glossaries/{glossary_id}", get_glossary, ["GET"], GLOSSARY, errors=GLOSSARY_ERRORS)
    add(
        "/glossaries/{glossary_id}/entries",
        glossary_entries,
        ["GET"],
        {"type": "string"},
        errors={**GLOSSARY_ERRORS, 415: "Unsupported Accept type."},
        media="text/tab-separated-values",
    )
    add(
        "/glossaries/{glossary_id}",
        delete_glossary,
        ["DELETE"],
        None,
        errors=GLOSSARY_ERRORS,
        status=204,
    )
    return api

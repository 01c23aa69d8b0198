"""The LibreTranslate API at the root: translate, detect, languages, settings, health.

After LibreTranslate's public API, so ``libretranslatepy``, Weblate, Mastodon, Discourse and
browser add-ons work unchanged. Only ``de`` (or ``auto``) → ``en`` is offered; another language
is LibreTranslate's own ``"xx is not supported"`` 400. ``format=html`` keeps tags in place.
Errors are ``{"error": ...}``: 400 (bad request, or past the character limit), 403 (bad key,
or quota used up), 429 (rate limit or full queue, ``Retry-After``), 503. File translation and
suggestions answer 403 as LibreTranslate does when they are disabled.
"""

from __future__ import annotations

import math
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from translate.serve import docs
from translate.serve.detect import detect
from translate.serve.errors import ApiError
from translate.serve.params import Params, check_text, read_params
from translate.serve.service import Client, Service

MAX_ALTERNATIVES = 3
#: DeepL status → LibreTranslate status for the few answers that differ.
STATUS = {413: 400, 456: 403, 404: 400}
ERRORS = {
    400: "Invalid request.",
    403: "Invalid API key, quota used up, or feature disabled.",
    429: "Too many requests (rate limit or full queue); see Retry-After.",
    503: "Service unavailable.",
}
Handler = Callable[[Request, Params, Client], Awaitable[Response]]

LANGUAGE_LIST = {
    "type": "array",
    "items": {
        "type": "object",
        "properties": {
            "code": {"type": "string"},
            "name": {"type": "string"},
            "targets": {"type": "array", "items": {"type": "string"}},
        },
        "required": ["code", "name", "targets"],
    },
}
DETECTION = {
    "type": "object",
    "properties": {"confidence": {"type": "number"}, "language": {"type": "string"}},
    "required": ["confidence", "language"],
}
TRANSLATION = {
    "type": "object",
    "properties": {
        "translatedText": docs.STRING_LIST,
        "detectedLanguage": {"anyOf": [DETECTION, {"type": "array", "items": DETECTION}]},
        "alternatives": {"type": "array"},
    },
    "required": ["translatedText"],
}


def error_response(error: ApiError) -> Response:
    status = STATUS.get(error.status, error.status)
    return JSONResponse({"error": error.message}, status, headers=error.headers())


def _language(value: str | None, name: str, allowed: tuple[str, ...]) -> str:
    if not value:
        raise ApiError(400, f"Invalid request: missing {name} parameter")
    code = value.strip().lower().replace("_", "-")
    base = code.split("-")[0]
    if base not in allowed:
        raise ApiError(400, f"{value} is not supported")
    return base


def _count(value: Any) -> int:
    """A non-negative whole number: ``2``, ``"2"``, or ``2.0`` as a JSON number may arrive."""
    if value is None:
        return 0
    number = -1.0
    # a JSON number may be huge (10**400) or, from a lax client, inf/NaN: out of range, not a crash
    if isinstance(value, int) and not isinstance(value, bool):
        number = float(value) if abs(value) <= MAX_ALTERNATIVES else -1.0
    elif isinstance(value, float) and math.isfinite(value):
        number = value
    elif isinstance(value, str) and value.strip().isdigit() and len(value.strip()) < 4:
        number = float(value)
    if number < 0 or number != int(number) or number > MAX_ALTERNATIVES:
        raise ApiError(
            400, f"Invalid request: alternatives must be a whole number 0–{MAX_ALTERNATIVES}"
        )
    return int(number)


def router(service: Service) -> APIRouter:
    """The LibreTranslate routes over ``service``."""
    api = APIRouter(tags=["LibreTranslate"])

    def endpoint(handler: Handler, auth: bool = True) -> Callable[[Request], Awaitable[Response]]:
        async def run(request: Request) -> Response:
            try:
                params = await read_params(request, service.limits.max_body)
                host = request.client.host if request.client else ""
                if auth:
                    key = params.text("api_key") or None
                    client = service.authorize(key, host)
                else:
                    client = Client(None)
                return await handler(request, params, client)
            except ApiError as error:
                return error_response(error)

        run.__name__ = handler.__name__
        run.__doc__ = handler.__doc__
        return run

    async def translate(request: Request, params: Params, client: Client) -> Response:
        """Translate ``q`` (a string or a list) from German to English."""
        if params.last("q") is None:
            raise ApiError(400, "Invalid request: missing q parameter")
        values = params.values["q"]
        # a JSON list, or a form with repeated q keys, asks for a list back
        many = len(values) > 1 or isinstance(values[-1], list)
        texts = params.texts("q") if many else [params.text("q") or ""]
        for text in texts:
            check_text("q", text)
        if len(texts) > service.limits.max_texts:
            raise ApiError(400, f"Invalid request: at most {service.limits.max_texts} texts")
        source = _language(params.text("source"), "source", ("de", "auto"))
        _language(params.text("target"), "target", ("en",))
        fmt = params.text("format", "text") or ""
        if fmt not in ("text", "html"):
            raise ApiError(400, f"Invalid request: format {fmt!r} is not supported (text, html)")
        alternatives = _count(params.last("alternatives"))
        out = await service.translate(client, texts, markup_kind="html" if fmt == "html" else None)
        body: dict[str, Any] = {"translatedText": out if many else out[0]}
        if alternatives > 0:
            body["alternatives"] = [[] for _ in out] if many else []
        if source == "auto":
            found = [{"confidence": detect(t)[0][1], "language": "de"} for t in texts]
            body["detectedLanguage"] = found if many else found[0]
        return JSONResponse(body)

    async def detect_language(request: Request, params: Params, client: Client) -> Response:
        """Detect the language of ``q`` (German or English)."""
        text = params.text("q")
        if text is None:
            raise ApiError(400, "Invalid request: missing q parameter")
        check_text("q", text)
        return JSONResponse(
            [{"confidence": score, "language": lang} for lang, score in detect(text)]
        )

    async def languages(request: Request, params: Params, client: Client) -> Response:
        """The languages offered: German, into English."""
        return JSONResponse(
            [
                {"code": "de", "name": "German", "targets": ["en"]},
                {"code": "en", "name": "English", "targets": []},
            ]
        )

    async def settings(request: Request, params: Params, client: Client) -> Response:
        """What a LibreTranslate front end needs to know about this server."""
        return JSONResponse(
            {
                "charLimit": service.limits.char_limit,
                "frontendTimeout": 500,
                "apiKeys": not service.open,
                "keyRequired": not service.open,
                "suggestions": False,
                "filesTranslation": False,
                "supportedFilesFormat": [],
                "language": {
                    "source": {"code": "de", "name": "German"},
                    "target": {"code": "en", "name": "English"},
                },
            }
        )

    async def health(request: Request, params: Params, client: Client) -> Response:
        """Liveness: ok while the service takes requests."""
        return JSONResponse({"status": "ok"})

    async def translate_file(request: Request, params: Params, client: Client) -> Response:
        """Disabled here, as on a LibreTranslate server started without file translation."""
        raise ApiError(403, "Files translation are disabled on this server.")

    async def suggest(request: Request, params: Params, client: Client) -> Response:
        """Disabled here, as on a LibreTranslate server started without suggestions."""
        raise ApiError(403, "Suggestions are disabled on this server.")

    def add(
        path: str,
        handler: Handler,
        methods: list[str],
        ok: dict[str, Any] | None,
        extra: dict[str, Any] | None = None,
        auth: bool = True,
    ) -> None:
        api.add_api_route(
            path,
            endpoint(handler, auth),
            methods=methods,
            summary=(handler.__doc__ or "").split("\n")[0],
            responses=docs.responses(ok, ERRORS, "error"),
            openapi_extra=extra,
            operation_id=f"libre_{handler.__name__}_{methods[0].lower()}",
            response_class=JSONResponse,
        )

    text_fields = {"q": docs.TEXTS, "api_key": docs.KEY}
    add(
        "/translate",
        translate,
        ["POST"],
        TRANSLATION,
        docs.body(
            {
                **text_fields,
                "source": {"type": "string", "enum": ["de", "auto"]},
                "target": {"type": "string", "enum": ["en"]},
                "format": {"type": "string", "enum": ["text", "html"]},
                "alternatives": {"type": "integer", "minimum": 0, "maximum": 3},
            },
            ["q", "source", "target"],
        ),
    )
    add(
        "/detect",
        detect_language,
        ["POST"],
        {"type": "array", "items": DETECTION},
        docs.body({"q": docs.TEXT, "api_key": docs.KEY}, ["q"]),
    )
    add("/languages", languages, ["GET"], LANGUAGE_LIST, auth=False)
    add("/languages", languages, ["POST"], LANGUAGE_LIST, auth=False)
    add("/frontend/settings", settings, ["GET"], {"type": "object"}, auth=False)
    add("/health", health, ["GET"], {"type": "object"}, auth=False)
    add("/translate_file", translate_file, ["POST"], {"type": "object"}, auth=False)
    add("/suggest", suggest, ["POST"], {"type": "object"}, auth=False)
    return api

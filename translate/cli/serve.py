"""`translate serve`: the toolkit as an HTTP service speaking DeepL API v2 and LibreTranslate."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from translate.cli.app import app, cli_errors, fail
from translate.cli.common import load_terms, make_translator, parse_locales
from translate.cli.options import (
    DEFAULT_ENGINE,
    DEFAULT_MODEL,
    BeamOpt,
    CacheOpt,
    DeviceOpt,
    EngineOpt,
    GlossaryOpt,
    ModelOpt,
    NoCacheOpt,
    NoGlossaryOpt,
    PrecisionOpt,
    SourceLocaleOpt,
    TargetLocaleOpt,
    ThreadsOpt,
)

HELP = (
    "Serve German→English translation over HTTP as DeepL API v2 (under /v2) and LibreTranslate "
    "(at the root), so existing clients work unchanged — with the glossary enforced, the "
    "translation memory, value checks and quotation style exactly as in `translate article`. "
    "It loads the model once, listens on 127.0.0.1:5000 by default, prints the URL and stops "
    "cleanly on Ctrl-C or SIGTERM (accepted requests are answered first). OpenAPI: "
    "URL/openapi.json.\n\n"
    "\b\n"
    "Point clients at it (with --api-keys use a key from the file; without, any key works):\n"
    '- DeepL SDKs: Python deepl.Translator(KEY, server_url="http://127.0.0.1:5000");\n'
    '  Node.js new deepl.Translator(KEY, {serverUrl: "http://127.0.0.1:5000"})\n'
    "- Weblate: Machine translation → DeepL, API URL http://HOST:5000/v2/ and a key;\n"
    "  or → LibreTranslate, API URL http://HOST:5000/ and a key\n"
    '- libretranslatepy: LibreTranslateAPI("http://127.0.0.1:5000/", api_key=KEY)\n'
    "- Mastodon: LIBRE_TRANSLATE_ENDPOINT=http://HOST:5000 (+ LIBRE_TRANSLATE_API_KEY)\n"
    "- Discourse: translator provider LibreTranslate, endpoint http://HOST:5000\n"
    "- curl -d text=Guten+Morgen -d target_lang=EN-GB http://127.0.0.1:5000/v2/translate\n\n"
    "Only German → English is offered (DeepL: source DE, targets EN-US/EN-GB; LibreTranslate: "
    "de or auto → en). Another pair gets the API's own 'not supported' error, so a client that "
    "first probes another pair (e.g. en→de) cannot use this service.\n\n"
    "\b\n"
    "--api-keys FILE: one key per line, then optional character quota and requests/minute:\n"
    "  weblate-3f9a2c   500000   120\n"
    "  mastodon-77c1    -        60      (- = unlimited)\n"
    "Without keys the service listens on loopback only (unless --allow-open)."
)


@app.command(help=HELP)
def serve(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="TCP port.")] = 5000,
    model: ModelOpt = DEFAULT_MODEL,
    glossary: GlossaryOpt = None,
    no_glossary: NoGlossaryOpt = False,
    engine: EngineOpt = DEFAULT_ENGINE,
    precision: PrecisionOpt = None,
    beam: BeamOpt = None,
    device: DeviceOpt = "cpu",
    threads: ThreadsOpt = None,
    cache: CacheOpt = None,
    no_cache: NoCacheOpt = False,
    target_locale: TargetLocaleOpt = "en-US",
    source_locale: SourceLocaleOpt = "de-DE",
    api_keys: Annotated[
        Path | None,
        typer.Option("--api-keys", help="API keys file (KEY [CHARACTERS] [REQUESTS/MIN] a line)."),
    ] = None,
    allow_open: Annotated[
        bool,
        typer.Option("--allow-open", help="Serve without API keys on a non-loopback address."),
    ] = False,
    char_limit: Annotated[
        int, typer.Option("--char-limit", min=1, help="Characters per request, all texts together.")
    ] = 50_000,
    max_queue: Annotated[
        int,
        typer.Option("--max-queue", min=1, help="Requests waiting at most; beyond: 429 at once."),
    ] = 64,
    rate_limit: Annotated[
        int,
        typer.Option(
            "--rate-limit", min=0, help="Requests/minute per address without keys (0: off)."
        ),
    ] = 0,
    window_ms: Annotated[
        float,
        typer.Option(
            "--batch-window", min=0, help="Milliseconds to collect requests into a batch."
        ),
    ] = 10.0,
    state: Annotated[
        Path | None,
        typer.Option("--state", help="Folder for DeepL glossaries and usage (SQLite)."),
    ] = None,
) -> None:
    with cli_errors():
        try:
            from translate.serve.access import load_api_keys
            from translate.serve.app import create_app
            from translate.serve.server import check_exposure, check_port, run
            from translate.serve.service import Limits, Service
            from translate.serve.store import StateStore
        except ImportError as exc:
            fail(
                f"translate serve needs its extra ({exc.name} is missing): "
                "pip install 'dejour-translate[serve]'"
            )
        keys = load_api_keys(api_keys) if api_keys is not None else None
        check_exposure(host, keys is not None, allow_open)
        check_port(host, port)
        locales = parse_locales(source_locale, target_locale)
        terms = load_terms(glossary, no_glossary)
        store = StateStore(state or default_state_dir())
        translator = make_translator(
            model, engine, device, precision, threads, beam, terms, None, None, locales
        )
        service = Service(
            backend=translator.backend,
            store=store,
            glossary=terms,
            settings=translator.settings,
            source_locale=locales[0],
            target_locale=locales[1],
            memory_dir=cache,
            use_memory=not no_cache,
            api_keys=keys,
            limits=Limits(
                char_limit=char_limit,
                max_queue=max_queue,
                rate_limit=rate_limit or None,
                window_s=window_ms / 1000.0,
                max_body=max(1 << 20, 8 * char_limit),
            ),
        )

        def ready(url: str) -> None:
            typer.echo(
                f"serving {translator.backend.model_id} at {url} "
                f"(DeepL: {url}/v2, LibreTranslate: {url}/, OpenAPI: {url}/openapi.json)",
                err=True,
            )

        run(create_app(service), host, port, on_ready=ready)
        typer.echo("stopped: every accepted request was answered", err=True)


def default_state_dir() -> Path:
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "dejour-translate" / "serve"

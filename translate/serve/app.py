"""The ASGI application: both APIs over one :class:`~translate.serve.service.Service`."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from translate import __version__
from translate.serve import deepl, libre
from translate.serve.service import Service

DESCRIPTION = """German→English news translation (MarianMT, enforced glossaries, translation
memory, locale-aware values and quotes) behind two APIs that existing clients already speak:
**DeepL API v2** under `/v2` and **LibreTranslate** at the root. Requests from all clients
share one queue and are translated together in length-sorted batches."""


def create_app(service: Service) -> FastAPI:
    """The application; the service's worker starts and stops with it (lifespan)."""

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        service.start()
        try:
            yield
        finally:
            service.close()

    app = FastAPI(
        title="dejour-translate serve",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url="/docs",
        redoc_url=None,
    )
    app.include_router(deepl.router(service))
    app.include_router(libre.router(service))
    return app

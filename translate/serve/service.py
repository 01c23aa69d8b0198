"""What both APIs share: the loaded model, the queue, the state, keys and limits.

An API module parses its own request shape, then calls :meth:`Service.authorize` and
:meth:`Service.translate` with plain values; the service answers with plain strings or raises
:class:`~translate.serve.errors.ApiError` with DeepL's status codes (the LibreTranslate module
maps the few that differ). Texts are cut into sentences here (:mod:`translate.serve.markup`),
the sentences go through the shared :class:`~translate.serve.queue.TranslationQueue`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from translate.backends.base import DecodeSettings, TranslationBackend
from translate.glossary import Glossary, merge_glossaries
from translate.localize.locales import LocaleSpec, parse_locale
from translate.pipeline import Translator
from translate.serve import markup
from translate.serve.access import KeyPolicy, RateLimiter
from translate.serve.errors import ApiError
from translate.serve.queue import Profile, QueueClosed, QueueFull, TranslationQueue
from translate.serve.store import StateStore

#: ``character_limit`` reported by ``/v2/usage`` for a key without a quota.
UNLIMITED = 1_000_000_000_000


@dataclass
class Limits:
    """Per-request and service-wide limits (the CLI's ``--char-limit``, ``--max-queue`` …)."""

    char_limit: int = 50_000
    max_texts: int = 50
    max_body: int = 1 << 20
    max_queue: int = 64
    window_s: float = 0.01
    max_batch_texts: int = 512
    rate_limit: int | None = None
    """Requests per minute per client address when the service runs without API keys."""


@dataclass
class Client:
    """The caller of one request: its key (None on an open service) and that key's limits."""

    key: str | None
    policy: KeyPolicy | None = None

    @property
    def usage_key(self) -> str:
        return self.key or ""


@dataclass
class Service:
    """The toolkit behind both APIs."""

    backend: TranslationBackend
    store: StateStore
    glossary: Glossary = field(default_factory=Glossary.empty)
    settings: DecodeSettings | None = None
    target_locale: LocaleSpec | None = None
    source_locale: LocaleSpec | None = None
    memory_dir: Path | None = None
    use_memory: bool = True
    api_keys: dict[str, KeyPolicy] | None = None
    limits: Limits = field(default_factory=Limits)

    def __post_init__(self) -> None:
        self.target_locale = self.target_locale or parse_locale("en-US", language="en")
        self.rates = RateLimiter()
        self._memory: Any = None
        self.queue = TranslationQueue(
            self._make_translator,
            max_queue=self.limits.max_queue,
            window_s=self.limits.window_s,
            max_batch_texts=self.limits.max_batch_texts,
        )

    # -- lifecycle ----------------------------------------------------------------------------

    def start(self) -> None:
        self.queue.start()

    def close(self) -> None:
        """Finish every accepted request, then release the state (used on SIGTERM/SIGINT)."""
        self.queue.close()
        self.store.close()

    # -- the worker's side --------------------------------------------------------------------

    def _make_translator(self, profile: Profile) -> Translator:
        """Called on the worker thread only (the memory's SQLite connection lives there)."""
        if self.use_memory and self._memory is None:
            import sys

            from translate.memory_store import open_for_run

            # a damaged memory is moved aside (or left out) with a warning: the service runs on
            self._memory = open_for_run(
                self.memory_dir, lambda message: print(f"warning: {message}", file=sys.stderr)
            )
            self.use_memory = self._memory is not None
        glossary = self.glossary
        if profile.glossary_id is not None:
            glossary = merge_glossaries([glossary, self.store.glossary(profile.glossary_id)])
        return Translator(
            self.backend,
            glossary,
            self.settings,
            memory=self._memory,
            target_locale=parse_locale(profile.target_locale, language="en"),
            source_locale=self.source_locale,
        )

    # -- the handlers' side -------------------------------------------------------------------

    @property
    def open(self) -> bool:
        return self.api_keys is None

    def authorize(self, key: str | None, address: str) -> Client:
        """Check the key and its rate limit; 403 for a missing or unknown key, 429 past the rate."""
        if self.api_keys is None:
            wait = self.rates.take(f"addr:{address}", self.limits.rate_limit)
            client = Client(key)
        else:
            policy = self.api_keys.get(key or "")
            if policy is None:
                raise ApiError(403, "Authorization failed: a valid API key is required.")
            wait = self.rates.take(f"key:{policy.key}", policy.requests_per_minute)
            client = Client(key, policy)
        if wait is not None:
            raise ApiError(429, "Too many requests: rate limit reached.", retry_after=wait)
        return client

    def usage(self, client: Client) -> tuple[int, int]:
        """(characters billed so far, the key's limit)."""
        limit = client.policy.character_limit if client.policy else None
        return self.store.usage(client.usage_key), limit or UNLIMITED

    def check_quota(self, client: Client, characters: int) -> None:
        limit = client.policy.character_limit if client.policy else None
        if limit is not None and self.store.usage(client.usage_key) + characters > limit:
            raise ApiError(456, "Quota exceeded: the character limit has been reached.")

    def check_size(self, texts: Sequence[str]) -> int:
        """The characters billed for ``texts``; 413 past ``--char-limit``."""
        characters = sum(len(t) for t in texts)
        if characters > self.limits.char_limit:
            raise ApiError(
                413,
                f"Request too large: {characters} characters exceed the limit of "
                f"{self.limits.char_limit} per request.",
            )
        return characters

    async def translate(
        self,
        client: Client,
        texts: Sequence[str],
        *,
        target_locale: str | None = None,
        glossary_id: str | None = None,
        markup_kind: str | None = None,
        split_sentences: bool = True,
        ignore_tags: Sequence[str] = (),
    ) -> list[str]:
        """Translate ``texts`` (plain or markup) through the shared queue; bills the client."""
        characters = self.check_size(texts)
        self.check_quota(client, characters)
        if glossary_id is not None:
            self.store.glossary_info(glossary_id)  # 404 before queueing
        assert self.target_locale is not None
        profile = Profile(target_locale or self.target_locale.tag, glossary_id)
        pieces = [
            markup.split_text(
                t, markup=markup_kind, split_sentences=split_sentences, ignore_tags=ignore_tags
            )
            for t in texts
        ]
        sources = [s for p in pieces for s in markup.sources(p)]
        try:
            future = self.queue.submit(sources, profile)
        except QueueFull:
            raise ApiError(
                429,
                "Too many requests: the translation queue is full, retry shortly.",
                retry_after=1,
            ) from None
        except QueueClosed:
            raise ApiError(503, "Service unavailable: shutting down.", retry_after=5) from None
        try:
            renderings = await asyncio.wrap_future(future)
        except ApiError:
            raise
        except Exception as exc:  # noqa: BLE001 - the engine failed: the client learns it, the
            # service goes on
            raise ApiError(503, f"Service unavailable: translation failed ({exc}).") from None
        targets = iter(r.target for r in renderings)
        out = [markup.join(p, [next(targets) for _ in markup.sources(p)]) for p in pieces]
        self.store.add_usage(client.usage_key, characters)
        return out

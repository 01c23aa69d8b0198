"""A picklable recipe for a :class:`~translate.pipeline.Translator`.

A loaded backend cannot cross a process boundary; the options that built it can. The CLI builds
every translator from a recipe, and a cluster worker (``translate.cluster``) builds its own from
the very same recipe, so a worker's translator is the driver's translator, minus the memory.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from translate.glossary import Glossary

if TYPE_CHECKING:
    from translate.memory import TranslationMemory
    from translate.pipeline import Translator


@dataclass(frozen=True)
class TranslatorRecipe:
    """Model, engine, decoding, glossary and locales: everything but the translation memory."""

    model: str
    engine: str
    device: str = "cpu"
    precision: str | None = None
    threads: int | None = None
    beam: int | None = None
    shortlist: Path | None = None
    glossary: Glossary = field(default_factory=Glossary.empty)
    source_locale: str = "de-DE"
    target_locale: str = "en-US"

    def with_threads(self, threads: int | None) -> TranslatorRecipe:
        """The same recipe with another CPU thread count (outputs do not depend on it)."""
        from dataclasses import replace

        return replace(self, threads=threads)

    def build(self, memory: TranslationMemory | None = None) -> Translator:
        """Load the model and return a ready translator (slow: loads weights)."""
        from translate.backends.base import DecodeSettings
        from translate.engines import load_backend
        from translate.localize.locales import parse_locale
        from translate.pipeline import Translator

        source = parse_locale(self.source_locale, language="de", option="--source-locale")
        target = parse_locale(self.target_locale, language="en", option="--target-locale")
        terms = self.glossary.for_locale(target)
        options: dict[str, Any] = {}
        if self.shortlist is not None:
            options["shortlist"] = self.shortlist
            # the shortlist always keeps the locale's glossary target pieces
            options["keep_targets"] = [t for e in terms.entries for t in e.targets]
        backend = load_backend(
            self.model,
            engine=self.engine,
            device=self.device,
            precision=self.precision,
            threads=self.threads,
            **options,
        )
        settings = DecodeSettings(beam=self.beam or backend.default_beam)
        return Translator(
            backend, terms, settings, memory=memory, source_locale=source, target_locale=target
        )

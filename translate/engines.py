"""Engine registry: maps ``--engine`` names to backends, imported only when chosen."""

from __future__ import annotations

import importlib

from translate.backends.base import TranslationBackend
from translate.errors import BackendError
from translate.model_files import resolve_model

#: name → "module:class"; the module is imported only when the engine is used.
ENGINES: dict[str, str] = {
    "transformers": "translate.backends.marian:TransformersBackend",
    "ctranslate2": "translate.backends.ctranslate2_backend:CTranslate2Backend",
}
DEFAULT_ENGINE = "ctranslate2"


def engine_names() -> tuple[str, ...]:
    return tuple(ENGINES)


def load_backend(
    model: str,
    *,
    engine: str = DEFAULT_ENGINE,
    device: str = "cpu",
    precision: str | None = None,
    threads: int | None = None,
    **engine_options: object,
) -> TranslationBackend:
    """Resolve ``model`` (directory or hub id) and load it into the named engine, once.

    ``engine_options`` go to engines that take them (ctranslate2: ``shortlist`` = a shortlist
    file, ``keep_targets`` = glossary target terms the shortlist must contain, ``cache_dir``,
    ``status``); None values are dropped, so callers can pass CLI options through unchanged.
    """
    if engine not in ENGINES:
        raise BackendError(f"unknown engine '{engine}': use one of {', '.join(ENGINES)}")
    files = resolve_model(model)
    module_name, class_name = ENGINES[engine].split(":")
    backend_class = getattr(importlib.import_module(module_name), class_name)
    kwargs: dict[str, object] = {"device": device, "threads": threads}
    if precision:
        kwargs["precision"] = precision
    kwargs.update({k: v for k, v in engine_options.items() if v is not None})
    backend: TranslationBackend = backend_class(files, **kwargs)
    return backend

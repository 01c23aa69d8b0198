"""Convert a Hugging Face Marian checkpoint for CTranslate2 once, and cache the result.

The converted model is keyed by the checkpoint's revision (the hub commit, or
``local:<fingerprint>`` for a local directory) and the weight quantization, so a changed checkpoint
is converted again and an unchanged one never is. It is stored next to the model
(``<model>/ctranslate2/<revision>-<quantization>/``) when that folder is writable, otherwise under
the user cache (``$DEJOUR_TRANSLATE_CACHE`` or ``$XDG_CACHE_HOME/dejour-translate`` or
``~/.cache/dejour-translate``, in ``ct2/<model>/<revision>-<quantization>/``).

Conversion needs torch and transformers (≈3 s to import, a few seconds to convert the full-size
model); it runs in a temporary directory beside the target that is renamed into place when
complete, so an interrupted or concurrent conversion never leaves a half-written model behind; a
broken entry already in place (from a killed older run, a full disk or a hand-made folder) is
replaced by that rename, and temp folders of killed conversions are removed after six hours.
Loading a cached model imports neither.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import tempfile
import threading
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

from translate.errors import BackendError
from translate.model_files import ModelFiles

#: CTranslate2 weight quantization per toolkit precision name.
QUANTIZATIONS = {"int8": "int8", "fp32": "float32"}
#: Files of a converted model that CTranslate2 reads.
CONVERTED_FILES = ("model.bin", "config.json", "shared_vocabulary.json")
#: Our note on how the model was converted; written last, so it marks a complete entry.
MARKER = "dejour-conversion.json"
_LOADER_LOCK = threading.Lock()

StatusCallback = Callable[[str], None]


def _stderr_status(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _safe(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-") or "model"


def user_cache_dir() -> Path:
    """Where converted models go when the model folder is read-only."""
    override = os.environ.get("DEJOUR_TRANSLATE_CACHE")
    if override:
        return Path(override).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base).expanduser() / "dejour-translate"


def _writable(directory: Path) -> bool:
    return directory.is_dir() and os.access(directory, os.W_OK | os.X_OK)


def cache_candidates(
    files: ModelFiles, precision: str, cache_dir: Path | None = None
) -> list[Path]:
    """Possible locations of the converted model, in the order they are tried."""
    entry = f"{_safe(files.revision)}-{QUANTIZATIONS[precision]}"
    if cache_dir is not None:
        return [cache_dir / _safe(files.model_id) / entry]
    return [
        files.path / "ctranslate2" / entry,
        user_cache_dir() / "ct2" / _safe(files.model_id) / entry,
    ]


def is_converted(directory: Path) -> bool:
    return all((directory / name).is_file() for name in (*CONVERTED_FILES, MARKER))


def conversion_info(directory: Path) -> dict[str, Any]:
    """What :func:`converted_model` recorded: ``decoder_start`` is ``zero`` or ``<pad>``."""
    info: dict[str, Any] = json.loads((directory / MARKER).read_text(encoding="utf-8"))
    return info


def _marian_loader() -> Any:
    """CTranslate2's Marian loader, made exact for checkpoints whose ``<pad>`` row is not zero.

    CTranslate2 drops ``<pad>`` (the decoder start) and starts the decoder from a zero
    embedding, which is what the original Marian models do: their ``<pad>`` row is zero. A
    checkpoint fine-tuned or trained with transformers may have learned a ``<pad>`` row; then
    we keep ``<pad>`` in the vocabulary and start the decoder from it, exactly as transformers
    does (the engine then suppresses ``<pad>`` in the output, like ``bad_words_ids``).
    """
    from ctranslate2.converters import transformers as ct2_transformers

    base = ct2_transformers.MarianMTLoader
    bart = ct2_transformers.BartLoader

    class MarianLoader(base):  # type: ignore[misc, valid-type]
        zero_start = True

        def get_model_spec(self, model: Any) -> Any:
            pad = model.config.pad_token_id
            row = model.get_decoder().embed_tokens.weight[pad]
            self.zero_start = bool((row == 0).all())
            if self.zero_start:
                return super().get_model_spec(model)
            model.config.normalize_before = False
            model.config.normalize_embedding = False
            return bart.get_model_spec(self, model)

        def set_config(self, config: Any, model: Any, tokenizer: Any) -> None:
            super().set_config(config, model, tokenizer)
            if not self.zero_start:
                config.decoder_start_token = tokenizer.pad_token

        def set_decoder(self, spec: Any, decoder: Any) -> None:
            if self.zero_start:
                super().set_decoder(spec, decoder)
            else:
                bart.set_decoder(self, spec, decoder)

        def get_vocabulary(self, model: Any, tokenizer: Any) -> Any:
            if self.zero_start:
                return super().get_vocabulary(model, tokenizer)
            return bart.get_vocabulary(self, model, tokenizer)

    return MarianLoader()


def converted_model(
    files: ModelFiles,
    precision: str = "int8",
    *,
    cache_dir: Path | None = None,
    status: StatusCallback | None = _stderr_status,
) -> Path:
    """The CTranslate2 model directory for ``files`` at ``precision``; converts it on first use.

    ``status`` receives one line when a conversion starts and one when it ends (default: printed
    on stderr; None for silence). Raises :class:`BackendError` when conversion fails.
    """
    if precision not in QUANTIZATIONS:
        raise BackendError(
            f"unknown precision '{precision}' for the ctranslate2 engine: "
            f"use one of {', '.join(QUANTIZATIONS)}"
        )
    candidates = cache_candidates(files, precision, cache_dir)
    for candidate in candidates:
        if is_converted(candidate):
            return candidate
    for target in candidates:
        parent = target.parent
        try:
            parent.mkdir(parents=True, exist_ok=True)
        except OSError:
            continue
        if _writable(parent):
            return _convert(files, precision, target, status)
    raise BackendError(
        f"cannot store the converted model: none of {', '.join(map(str, candidates))} is "
        f"writable; set DEJOUR_TRANSLATE_CACHE to a writable folder"
    )


def _convert(
    files: ModelFiles, precision: str, target: Path, status: StatusCallback | None
) -> Path:
    started = time.perf_counter()
    if status:
        status(
            f"converting {files.model_id} ({files.revision}) for CTranslate2 "
            f"({QUANTIZATIONS[precision]}), once; cached in {target}"
        )
    _remove_stale_work(target.parent)
    work = Path(tempfile.mkdtemp(prefix=".converting-", dir=target.parent))
    try:
        try:
            from ctranslate2.converters import TransformersConverter
            from transformers.utils import logging as hf_logging

            hf_logging.set_verbosity_error()
            hf_logging.disable_progress_bar()
            from ctranslate2.converters import transformers as ct2_transformers

            loader = _marian_loader()
            registry = ct2_transformers._MODEL_LOADERS
            with _LOADER_LOCK, warnings.catch_warnings():
                # MarianTokenizer's "Recommended: pip install sacremoses" is for its Moses
                # pre-tokenization, which conversion never uses: not a message for the user
                warnings.filterwarnings("ignore", message=".*sacremoses")
                original = registry.get("MarianConfig")
                registry["MarianConfig"] = loader
                try:
                    TransformersConverter(str(files.path)).convert(
                        str(work / "model"), quantization=QUANTIZATIONS[precision], force=True
                    )
                finally:
                    registry["MarianConfig"] = original
            info = {
                "revision": files.revision,
                "model_id": files.model_id,
                "quantization": QUANTIZATIONS[precision],
                "decoder_start": "zero" if loader.zero_start else "<pad>",
            }
            (work / "model" / MARKER).write_text(json.dumps(info, indent=2) + "\n")
        except Exception as exc:  # noqa: BLE001 - any converter failure is a backend error
            raise BackendError(
                f"{files.path}: cannot convert the checkpoint for CTranslate2: {exc}"
            ) from exc
        _install(work / "model", target, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if status:
        status(f"converted in {time.perf_counter() - started:.1f} s")
    return target


def _install(converted: Path, target: Path, work: Path) -> None:
    """Rename a finished conversion into place; a broken entry there is replaced atomically.

    A leftover at ``target`` (a conversion killed before this step by an older version, a disk
    that filled up, a hand-made folder) is first renamed into ``work`` — one rename, so that
    readers see the old entry or nothing, never a mix — and deleted with it. A complete entry
    there is a concurrent conversion that won the race: it is kept.
    """
    for _attempt in range(3):
        try:
            os.replace(converted, target)
            return
        except OSError:
            if is_converted(target):
                return
        try:
            os.replace(target, work / f"broken-{_attempt}")
        except FileNotFoundError:
            continue  # someone else removed it meanwhile: try the rename again
        except OSError as exc:
            raise BackendError(
                f"{target}: a broken converted model is in the way and cannot be moved "
                f"({exc.strerror or exc}): delete that folder and run again"
            ) from None
    raise BackendError(f"{target}: cannot install the converted model: delete it and run again")


#: A ``.converting-*`` folder older than this is a conversion killed mid-way, not one running.
STALE_WORK_SECONDS = 6 * 3600


def _remove_stale_work(parent: Path) -> None:
    """Remove temp folders of conversions that were killed (they can hold hundreds of MB)."""
    now = time.time()
    for stale in parent.glob(".converting-*"):
        try:
            if now - stale.stat().st_mtime > STALE_WORK_SECONDS:
                shutil.rmtree(stale, ignore_errors=True)
        except OSError:
            continue

"""Find a Marian checkpoint on disk, or download it once, without ever hanging or guessing.

``--model`` is either a local directory or a Hugging Face model id. We check that every file the
engine needs is present *before* constructing anything: with ``HF_HUB_OFFLINE=1`` transformers 5
fails on a missing model with unrelated errors (the Marian tokenizer raises ``TypeError``), and
without network huggingface_hub may retry for a long time. A missing model is always a
:class:`~translate.errors.ModelNotAvailableError` with a one-line fix; it is never replaced by a
random model.
"""

from __future__ import annotations

import hashlib
import os
import socket
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from translate.errors import ModelNotAvailableError

DEFAULT_MODEL = "Helsinki-NLP/opus-mt-de-en"
REQUIRED_FILES = ("config.json", "source.spm", "target.spm", "vocab.json")
WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin")
OPTIONAL_FILES = ("generation_config.json", "tokenizer_config.json", "special_tokens_map.json")
NETWORK_PROBE_TIMEOUT_S = 5.0


@dataclass(frozen=True)
class ModelFiles:
    """A complete checkpoint directory and how to name it in provenance stamps."""

    path: Path
    model_id: str
    revision: str
    """The hub commit for downloaded models; ``local:<fingerprint>`` for a local directory."""

    @property
    def weights(self) -> Path:
        for name in WEIGHT_FILES:
            if (self.path / name).is_file():
                return self.path / name
        raise ModelNotAvailableError(f"{self.path}: no weights file ({' or '.join(WEIGHT_FILES)})")


def _missing_files(directory: Path) -> list[str]:
    missing = [name for name in REQUIRED_FILES if not (directory / name).is_file()]
    if not any((directory / name).is_file() for name in WEIGHT_FILES):
        missing.append(" or ".join(WEIGHT_FILES))
    return missing


def fingerprint(directory: Path) -> str:
    """A content hash of a checkpoint that is cheap to compute on every run.

    Small files are hashed whole; the weights by size plus their first and last MiB, which
    changes whenever the weights are re-saved.
    """
    digest = hashlib.sha256()
    for name in REQUIRED_FILES:
        digest.update((directory / name).read_bytes())
    for name in WEIGHT_FILES:
        weights = directory / name
        if weights.is_file():
            size = weights.stat().st_size
            digest.update(str(size).encode())
            with weights.open("rb") as handle:
                digest.update(handle.read(1 << 20))
                handle.seek(max(0, size - (1 << 20)))
                digest.update(handle.read(1 << 20))
            break
    return digest.hexdigest()[:16]


def _looks_like_path(model: str) -> bool:
    """Hub ids are ``name`` or ``owner/name``; anything else can only be a directory."""
    return model.startswith((".", "/", "~")) or model.count("/") > 1 or "\\" in model


def _hub_reachable() -> bool:
    endpoint = os.environ.get("HF_ENDPOINT", "https://huggingface.co")
    parsed = urlparse(endpoint)
    host = parsed.hostname or "huggingface.co"
    port = parsed.port or (443 if parsed.scheme != "http" else 80)
    try:
        with socket.create_connection((host, port), timeout=NETWORK_PROBE_TIMEOUT_S):
            return True
    except OSError:
        return False


def _offline() -> bool:
    return os.environ.get("HF_HUB_OFFLINE", "").strip().lower() in {"1", "true", "yes", "on"}


def _how_to_get(model: str) -> str:
    return (
        f"model '{model}' is not available offline: run once with network to download it, "
        f"or pass --model DIR with a local copy (config.json, source.spm, target.spm, "
        f"vocab.json, weights)"
    )


def resolve_model(model: str = DEFAULT_MODEL) -> ModelFiles:
    """Return a complete local checkpoint for ``model`` (a directory or a hub id).

    Order: an existing directory; the local hub cache; a download (only when not
    ``HF_HUB_OFFLINE`` and the hub answers within a few seconds).
    """
    directory = Path(model).expanduser()
    if directory.is_dir():
        missing = _missing_files(directory)
        if missing:
            raise ModelNotAvailableError(
                f"{directory}: not a complete Marian checkpoint, missing {', '.join(missing)}"
            )
        return ModelFiles(directory.resolve(), str(directory), f"local:{fingerprint(directory)}")
    if _looks_like_path(model):
        raise ModelNotAvailableError(
            f"model directory '{model}' does not exist: pass --model with a checkpoint directory "
            f"or a Hugging Face id such as {DEFAULT_MODEL}"
        )
    return _from_hub(model)


def _from_hub(model: str) -> ModelFiles:
    try:
        from huggingface_hub import snapshot_download
    except ImportError as exc:  # pragma: no cover - huggingface_hub comes with transformers
        raise ModelNotAvailableError(_how_to_get(model)) from exc

    patterns = [*REQUIRED_FILES, *OPTIONAL_FILES, "model.safetensors"]
    try:
        local = Path(snapshot_download(model, allow_patterns=patterns, local_files_only=True))
        if not _missing_files(local):
            return ModelFiles(local, model, local.name)
    except Exception:  # noqa: BLE001 - any cache miss means: try to download
        pass
    if _offline() or not _hub_reachable():
        raise ModelNotAvailableError(_how_to_get(model))
    try:
        local = Path(snapshot_download(model, allow_patterns=patterns))
        if _missing_files(local):  # an old repo with only pytorch_model.bin
            local = Path(snapshot_download(model, allow_patterns=[*patterns, "pytorch_model.bin"]))
    except Exception as exc:  # noqa: BLE001 - repository missing, network dropped, ...
        raise ModelNotAvailableError(
            f"could not download model '{model}': {exc}".splitlines()[0]
        ) from exc
    missing = _missing_files(local)
    if missing:
        raise ModelNotAvailableError(f"model '{model}' lacks {', '.join(missing)} on the hub")
    return ModelFiles(local, model, local.name)

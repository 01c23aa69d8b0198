"""Model resolution: a local directory or a hub id; a missing model fails fast, never replaced."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from translate.errors import ModelNotAvailableError
from translate.model_files import REQUIRED_FILES, resolve_model


def test_local_checkpoint_resolves_with_content_fingerprint(tiny_model: Path) -> None:
    files = resolve_model(str(tiny_model))
    assert files.path == tiny_model.resolve()
    assert files.revision.startswith("local:")
    assert files.weights.name == "model.safetensors"
    assert resolve_model(str(tiny_model)).revision == files.revision


@pytest.mark.parametrize("missing", [*REQUIRED_FILES, "model.safetensors"])
def test_incomplete_directory_names_the_missing_file(
    tiny_model: Path, tmp_path: Path, missing: str
) -> None:
    copy = tmp_path / "ckpt"
    shutil.copytree(tiny_model, copy)
    (copy / missing).unlink()
    with pytest.raises(ModelNotAvailableError, match=missing.split(".")[0]):
        resolve_model(str(copy))


def test_missing_directory_is_reported_as_such(tmp_path: Path) -> None:
    with pytest.raises(ModelNotAvailableError, match="does not exist"):
        resolve_model(str(tmp_path / "nope" / "model"))


def test_uncached_hub_model_offline_fails_fast_with_the_fix(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hf" / "hub"))
    started = time.monotonic()
    with pytest.raises(ModelNotAvailableError) as err:
        resolve_model("Helsinki-NLP/opus-mt-de-en")
    assert time.monotonic() - started < 15
    message = str(err.value)
    assert "\n" not in message
    assert "--model DIR" in message and "network" in message


def test_unreachable_hub_fails_fast_without_offline_flag(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hub"))
    # a closed local port: the connection is refused at once, as it is on a machine without network
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")
    started = time.monotonic()
    with pytest.raises(ModelNotAvailableError, match="not available offline"):
        resolve_model("Helsinki-NLP/opus-mt-de-en")
    assert time.monotonic() - started < 15

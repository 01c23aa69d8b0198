"""Translation engines behind one small Protocol (see :mod:`translate.backends.base`).

Engines are looked up by name and imported lazily, so that importing this package never loads
torch, transformers or ctranslate2.
"""

from __future__ import annotations

from translate.backends.base import DecodeSettings, TranslationBackend

__all__ = ["DecodeSettings", "TranslationBackend"]

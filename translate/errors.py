"""The toolkit's exceptions: one root, one subclass per stage.

    TranslateError                  root; the CLI prints ``str(err)`` as one line and exits non-zero
    ├── InputError                  an article cannot be read or decoded (names file and line)
    ├── GlossaryError               a glossary cannot be read or parsed (names file and line)
    ├── ModelNotAvailableError      the model is neither local nor downloadable (says how to get it)
    ├── BackendError                the engine failed while translating
    ├── OutputError                 an output cannot be written (names the path)
    │   └── MemoryCorruptError      the translation memory file is not a (sound) SQLite database
    ├── LocaleError                 a --source-locale/--target-locale value is not usable
    ├── BatchLockedError            another run holds the output folder
    └── ReviewError                 a reviewed file cannot be read or does not fit its article

The library raises these with messages that name the bad value and the fix; only the CLI formats
them.
"""

from __future__ import annotations


class TranslateError(Exception):
    """Root of all errors the toolkit raises on purpose."""


class InputError(TranslateError):
    """An input article cannot be read, decoded or segmented."""


class GlossaryError(TranslateError):
    """A glossary file is unreadable or malformed."""


class ModelNotAvailableError(TranslateError):
    """The requested model is not on disk and cannot be downloaded."""


class BackendError(TranslateError):
    """A translation engine failed."""


class OutputError(TranslateError):
    """An output file or folder cannot be written."""


class MemoryCorruptError(OutputError):
    """The translation memory file is damaged; ``translate cache clear`` resets it."""


class LocaleError(TranslateError):
    """A locale tag is malformed, unknown to Babel, or of the wrong language."""


class BatchLockedError(TranslateError):
    """Another batch run is using the same output folder."""


class ReviewError(TranslateError):
    """A reviewed file (XLIFF, TMX, JSONL) is unreadable or does not match the article's outputs."""

"""The ``translate`` command line: typer only — parse options, call the library, map errors.

One module per command or command group; the shared options live in ``options``, the builders
they feed in ``common``. Nothing heavy is imported at module level (no torch, no transformers),
so ``translate --help`` answers instantly; each command imports what it needs.
To add a command: write ``translate/cli/<name>.py`` registering on ``app`` (or a group) and
import it below.
"""

from __future__ import annotations

from translate.cli import (  # noqa: F401  (importing registers the commands)
    align,
    apply,
    article,
    batch,
    cache,
    evaluate,
    glossary,
    memory,
    segment,
    serve,
    shortlist,
)
from translate.cli.app import app
from translate.cli.options import DEFAULT_ENGINE, DEFAULT_MODEL

__all__ = ["DEFAULT_ENGINE", "DEFAULT_MODEL", "app", "main"]


def main() -> None:
    """Entry point of the ``translate`` command."""
    app()

"""`translate cache stats|clear`: the translation memory."""

from __future__ import annotations

import typer

from translate.cli.app import cache_app, cli_errors
from translate.cli.common import open_memory
from translate.cli.options import CacheOpt


@cache_app.command("stats")
def cache_stats(cache: CacheOpt = None) -> None:
    """Show where the translation memory is and how much it holds."""
    with cli_errors():
        from translate.memory import MEMORY_FILE, default_cache_dir

        folder = cache or default_cache_dir()
        if not (folder / MEMORY_FILE).is_file():  # looking must not create anything
            typer.echo(f"path: {folder / MEMORY_FILE}\nsentences: 0 (no translation memory yet)")
            return
        stats = open_memory(cache, False).stats()
    for key, value in stats.items():
        typer.echo(f"{key}: {value}")


@cache_app.command("clear")
def cache_clear(cache: CacheOpt = None) -> None:
    """Remove every sentence from the translation memory."""
    with cli_errors():
        removed = open_memory(cache, False).clear()
    typer.echo(f"removed {removed} sentence(s)")

"""`translate cache stats|clear`: the translation memory."""

from __future__ import annotations

from typing import Annotated

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
        from translate.memory_human import human_count

        memory = open_memory(cache, False)
        stats = memory.stats()
        stats["human"] = human_count(memory)
    for key, value in stats.items():
        typer.echo(f"{key}: {value}")


@cache_app.command("clear")
def cache_clear(
    cache: CacheOpt = None,
    human: Annotated[
        bool, typer.Option("--human", help="Also remove the human translations (translate apply).")
    ] = False,
) -> None:
    """Remove every machine-translated sentence (and with --human the reviewed ones) from the
    translation memory."""
    with cli_errors():
        from translate.memory_human import clear_human, human_count

        memory = open_memory(cache, False)
        removed = memory.clear()
        if human:
            removed_human = clear_human(memory)
            typer.echo(f"removed {removed} sentence(s) and {removed_human} human translation(s)")
            return
        kept = human_count(memory)
    note = f"; kept {kept} human translation(s) (--human removes them)" if kept else ""
    typer.echo(f"removed {removed} sentence(s){note}")

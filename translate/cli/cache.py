"""`translate cache stats|clear`: the translation memory (looking or clearing creates nothing)."""

from __future__ import annotations

import typer

from translate.cli.app import cache_app, cli_errors
from translate.cli.options import CacheOpt


@cache_app.command("stats")
def cache_stats(cache: CacheOpt = None) -> None:
    """Show where the translation memory is and how much it holds."""
    with cli_errors():
        from translate.memory_store import memory_report

        report = memory_report(cache)
    if not report.exists:
        typer.echo(f"path: {report.path}\nsentences: 0 (no translation memory yet)")
    elif report.damaged:
        typer.echo(f"path: {report.path}\nstatus: damaged: {report.damaged}")
    else:
        for key, value in (report.stats or {}).items():
            typer.echo(f"{key}: {value}")


@cache_app.command("clear")
def cache_clear(cache: CacheOpt = None) -> None:
    """Remove every sentence from the translation memory (a damaged memory file is deleted)."""
    with cli_errors():
        from translate.memory_store import clear_memory

        result = clear_memory(cache)
    if result.damaged:
        typer.echo(f"removed the damaged translation memory {result.path}")
    elif result.removed is None:
        typer.echo(f"no translation memory at {result.path}: nothing to clear")
    else:
        typer.echo(f"removed {result.removed} sentence(s)")

"""`translate cache stats|clear`: the translation memory (looking or clearing creates nothing)."""

from __future__ import annotations

from typing import Annotated

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
def cache_clear(
    cache: CacheOpt = None,
    human: Annotated[
        bool, typer.Option("--human", help="Also remove the human translations (translate apply).")
    ] = False,
) -> None:
    """Remove every machine-translated sentence (and with --human the reviewed ones) from the
    translation memory; a damaged memory is moved aside and a new one starts."""
    with cli_errors():
        from translate.memory_store import clear_memory

        result = clear_memory(cache, human=human)
    if result.damaged_to is not None:
        typer.echo(
            f"the translation memory {result.path} was damaged: moved it to "
            f"{result.damaged_to.name} (delete it once nothing in it is needed); the next run "
            "starts a new one"
        )
    elif result.removed is None:
        typer.echo(f"no translation memory at {result.path}: nothing to clear")
    elif human:
        typer.echo(
            f"removed {result.removed} sentence(s) and {result.removed_human} human translation(s)"
        )
    else:
        kept = result.kept_human
        note = f"; kept {kept} human translation(s) (--human removes them)" if kept else ""
        typer.echo(f"removed {result.removed} sentence(s){note}")

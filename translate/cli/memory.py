"""`translate memory export`: the human translations of the memory for CAT tools."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from translate.cli.app import app, cli_errors, fail
from translate.cli.options import CacheOpt

memory_app = typer.Typer(
    help="Human translations in the translation memory (from translate apply).",
    no_args_is_help=True,
)
app.add_typer(memory_app, name="memory")


@memory_app.command("export")
def memory_export(
    fmt: Annotated[str, typer.Option("--format", "-f", help="Export format: tmx.")] = "tmx",
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="File to write (default: standard output).")
    ] = None,
    cache: CacheOpt = None,
) -> None:
    """Write the reviewed (human) sentence pairs as a TMX 1.4b file a CAT tool can load."""
    if fmt.strip().lower() != "tmx":
        fail(f"--format {fmt}: unknown export format; valid formats: tmx", 2)
    with cli_errors():
        from translate.memory import MEMORY_FILE, TranslationMemory, default_cache_dir
        from translate.memory_human import human_translations as load_pairs
        from translate.outputs import atomic_write
        from translate.writers.tmx import render_human_tmx

        folder = cache or default_cache_dir()
        if out is not None and _clobbers_memory(out, folder):
            fail(
                f"{out}: that is the translation memory's own folder or database: write the "
                "export elsewhere (for example -o reviewed.tmx)",
                2,
            )
        pairs = []
        if (folder / MEMORY_FILE).is_file():  # exporting must not create a memory
            pairs = load_pairs(TranslationMemory(folder))
        data = render_human_tmx(pairs)
        if out is None:
            typer.echo(data.decode("utf-8"), nl=False)
        else:
            atomic_write(out, data)
            typer.echo(f"wrote {len(pairs)} human translation(s) to {out}", err=True)


def _clobbers_memory(out: Path, folder: Path) -> bool:
    """Whether writing ``out`` would replace a file of the memory (the database, its journal)
    or any SQLite database: the export is TMX and must never overwrite one."""
    target = out.resolve()
    if target.is_relative_to(folder.resolve()):
        return True
    if not target.is_file():
        return False
    try:
        with target.open("rb") as existing:
            return existing.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False

"""`translate shortlist build`: target-vocabulary shortlists."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from translate.cli.app import cli_errors, shortlist_app
from translate.cli.common import make_backend, progress_bar
from translate.cli.options import DEFAULT_MODEL, BeamOpt, ModelOpt, QuietOpt, ThreadsOpt


@shortlist_app.command("build")
def shortlist_build(
    corpus: Annotated[Path, typer.Argument(help="German text, one sentence per line.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Shortlist file to write.")],
    size: Annotated[int, typer.Option("--size", min=100, help="Number of target pieces.")] = 2000,
    model: ModelOpt = DEFAULT_MODEL,
    beam: BeamOpt = None,
    threads: ThreadsOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Build a shortlist from the model's own translations of a German corpus you supply."""
    with cli_errors():
        from translate.backends.base import DecodeSettings
        from translate.backends.shortlist import build_shortlist, write_shortlist
        from translate.reader import read_article

        lines = [line for line in read_article(corpus).text.splitlines() if line.strip()]
        backend = make_backend(model, "ctranslate2", "cpu", None, threads)
        settings = DecodeSettings(beam=beam or backend.default_beam)
        with progress_bar(quiet, "translating corpus") as advance:
            total = {"seen": False}

            def step(done: int) -> None:
                if not total["seen"]:
                    advance(0, len(lines))
                    total["seen"] = True
                advance(done, len(lines))

            pieces = build_shortlist(
                backend, backend.vocab, lines, size=size, settings=settings, progress=step
            )
        path = write_shortlist(
            out,
            pieces,
            comment=f"built from {corpus.name} ({len(lines)} lines) with "
            f"{backend.model_id}@{backend.model_revision}, size {size}",
        )
    if not quiet:
        typer.echo(f"wrote {path} ({len(pieces)} pieces)", err=True)

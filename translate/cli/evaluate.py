"""`translate eval`: BLEU and chrF on newstest2021."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from translate.cli.app import app, cli_errors
from translate.cli.common import make_backend, progress_bar
from translate.cli.options import (
    DEFAULT_ENGINE,
    DEFAULT_MODEL,
    BeamOpt,
    DeviceOpt,
    EngineOpt,
    ModelOpt,
    PrecisionOpt,
    QuietOpt,
    ShortlistOpt,
    ThreadsOpt,
)


@app.command("eval")
def evaluate_command(
    data: Annotated[
        Path,
        typer.Option("--data", help="Folder with newstest2021.de-en.{de,en,refB.en}."),
    ] = Path("../shared/data/parallel"),
    model: ModelOpt = DEFAULT_MODEL,
    engine: EngineOpt = DEFAULT_ENGINE,
    precision: PrecisionOpt = None,
    beam: BeamOpt = None,
    device: DeviceOpt = "cpu",
    threads: ThreadsOpt = None,
    shortlist: ShortlistOpt = None,
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="First N lines only.")] = None,
    quiet: QuietOpt = False,
) -> None:
    """BLEU and chrF (sacrebleu) on newstest2021 de→en, for anyone with the real weights."""
    with cli_errors():
        from translate.backends.base import DecodeSettings
        from translate.evaluate import evaluate, newstest2021_paths

        source, references = newstest2021_paths(data)
        backend = make_backend(model, engine, device, precision, threads, shortlist)
        settings = DecodeSettings(beam=beam or backend.default_beam)
        with progress_bar(quiet, "translating") as advance:
            result = evaluate(
                backend, source, references, settings=settings, limit=limit, progress=advance
            )
    typer.echo(f"BLEU {result.bleu:.2f}  chrF {result.chrf:.2f}  ({result.sentences} sentences)")
    typer.echo(result.signature)

"""`translate batch`: many articles in waves, resumable."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from translate.cli.app import app, cli_errors
from translate.cli.common import (
    default_formats,
    load_terms,
    make_recipe,
    open_memory,
    parse_formats,
    parse_locales,
)
from translate.cli.options import (
    DEFAULT_ENGINE,
    DEFAULT_MODEL,
    BeamOpt,
    CacheOpt,
    DeviceOpt,
    EngineOpt,
    FormatOpt,
    GlossaryOpt,
    KeepBoilerplateOpt,
    ModelOpt,
    NoCacheOpt,
    NoGlossaryOpt,
    PrecisionOpt,
    QuietOpt,
    ShortlistOpt,
    SourceLocaleOpt,
    TargetLocaleOpt,
    ThreadsOpt,
)


@app.command()
def batch(
    inputs: Annotated[
        list[str], typer.Argument(help="Article files, folders (searched recursively) or globs.")
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder (required).")],
    pattern: Annotated[
        str, typer.Option("--pattern", help="File pattern inside folders.")
    ] = "*.txt",
    glossary: GlossaryOpt = None,
    no_glossary: NoGlossaryOpt = False,
    model: ModelOpt = DEFAULT_MODEL,
    engine: EngineOpt = DEFAULT_ENGINE,
    precision: PrecisionOpt = None,
    beam: BeamOpt = None,
    device: DeviceOpt = "cpu",
    threads: ThreadsOpt = None,
    fmt: FormatOpt = None,
    keep_boilerplate: KeepBoilerplateOpt = False,
    quiet: QuietOpt = False,
    cache: CacheOpt = None,
    no_cache: NoCacheOpt = False,
    shortlist: ShortlistOpt = None,
    target_locale: TargetLocaleOpt = "en-US",
    source_locale: SourceLocaleOpt = "de-DE",
    wave_sentences: Annotated[
        int, typer.Option("--wave-sentences", min=1, hidden=True, help="Sentences per wave.")
    ] = 512,
    cluster: Annotated[
        str | None,
        typer.Option(
            "--cluster",
            help="Decode the waves on Ray: 'auto' (a local Ray instance on this machine), "
            "'ray://HEAD:10001' or 'HEAD:6379' (an existing cluster). Needs the [ray] extra.",
        ),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers", min=1, help="Cluster workers, one model each (default: CPUs ÷ threads)."
        ),
    ] = None,
    threads_per_worker: Annotated[
        int, typer.Option("--threads-per-worker", min=1, help="CPU threads of each worker.")
    ] = 1,
) -> None:
    """Translate many articles with one model load; resumable; bad files never stop the run.

    With --cluster the waves are decoded by Ray workers while this process plans, consults the
    translation memory, writes every output and keeps the run state: outputs are identical to a
    run without --cluster, and a killed worker or driver loses nothing.
    """
    formats = parse_formats(default_formats() if fmt is None else fmt)  # "" is an error
    if cluster is None and (workers is not None or threads_per_worker != 1):
        raise typer.BadParameter("--workers and --threads-per-worker need --cluster")
    with cli_errors():
        from contextlib import nullcontext

        from translate.batch import run_batch

        locales = parse_locales(source_locale, target_locale)
        terms = load_terms(glossary, no_glossary)
        recipe = make_recipe(
            model, engine, device, precision, threads, beam, terms, shortlist, locales
        )
        translator = recipe.build(open_memory(cache, no_cache))
        runner: Any = nullcontext(None)
        if cluster is not None:
            from translate.cluster import ClusterOptions, RayWaves

            runner = RayWaves(
                translator, recipe, ClusterOptions(cluster, workers, threads_per_worker)
            )
        with runner as waves, _batch_progress(quiet) as hook:
            if getattr(runner, "notice", None):
                typer.echo(f"warning: {runner.notice}", err=True)
            result = run_batch(
                inputs,
                out,
                translator,
                formats,
                pattern=pattern,
                keep_boilerplate=keep_boilerplate,
                progress=hook,
                wave_sentences=wave_sentences,
                runner=waves,
            )
    for warning in result.warnings:
        typer.echo(f"warning: {warning}", err=True)
    if not quiet:
        _batch_summary(result, out, locales[1])
    if result.failed:
        for report in result.reports:
            if report.status == "failed":
                typer.echo(f"failed: {report.reason}", err=True)
        raise typer.Exit(1)


@contextmanager
def _batch_progress(quiet: bool) -> Iterator[Callable[[str, int, int], None]]:
    """Two bars on stderr: articles and sentences, with throughput and ETA."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        TaskProgressColumn,
        TextColumn,
        TimeRemainingColumn,
    )
    from rich.text import Text

    class _RateColumn(ProgressColumn):
        """Items per second."""

        def render(self, task: Any) -> Text:
            return Text(f"{task.speed:.1f}/s" if task.speed else "", style="cyan")

    console = Console(stderr=True)
    if quiet or not console.is_terminal:
        yield lambda _kind, _advance, _total: None
        return
    with Progress(
        TextColumn("[bold]{task.description:>9}"),
        BarColumn(),
        MofNCompleteColumn(),
        TaskProgressColumn(),
        _RateColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    ) as bar:
        tasks = {
            "articles": bar.add_task("articles", total=None),
            "sentences": bar.add_task("sentences", total=0),
        }
        sentence_totals = {"done": 0}

        def hook(kind: str, advance: int, total: int) -> None:
            task = tasks[kind]
            if kind == "articles":
                if total:
                    bar.update(task, total=total)
                bar.advance(task, advance)
            else:
                if advance == 0 and total:  # a new wave: grow the sentence total
                    sentence_totals["done"] += total
                    bar.update(task, total=sentence_totals["done"])
                bar.advance(task, advance)

        yield hook


def _batch_summary(result: Any, out: Path, locale: Any) -> None:
    from datetime import datetime, timezone

    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"batch → {out}", show_lines=False)
    columns = ("article", "status", "sentences", "enforced", "values fixed/flagged", "flagged")
    for column in (*columns, "seconds", "reason"):
        table.add_column(column, overflow="fold")
    for r in sorted(result.reports, key=lambda r: r.article):
        table.add_row(
            r.article,
            r.status,
            str(r.sentences),
            str(r.terms_enforced),
            f"{r.values_corrected}/{r.values_flagged}",
            str(r.flags),
            f"{r.seconds:.1f}",
            r.reason,
        )
    console = Console(stderr=True, highlight=False)
    console.print(table)
    rate = result.sentences_translated / result.seconds if result.seconds else 0.0
    console.print(
        f"{result.sentences_translated} sentences translated in {result.seconds:.1f} s "
        f"({rate:.1f}/s), {result.memory_hits} from the translation memory; "
        f"{result.failed} failed; report: {out / 'batch-report.jsonl'}"
    )
    now = datetime.now(timezone.utc)
    console.print(f"{locale.tag} editions, {locale.format_datetime(now)}")

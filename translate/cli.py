"""The ``translate`` command line: typer only — parse options, call the library, map errors.

Nothing heavy is imported at module level (no torch, no transformers), so ``translate --help``
answers instantly; each command imports what it needs.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from translate import __version__
from translate.errors import TranslateError

app = typer.Typer(
    help="German→English news translation with MarianMT, terminology glossaries and aligned "
    "bilingual outputs (Markdown, TMX, XLIFF, HTML, JSONL).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
glossary_app = typer.Typer(help="Work with terminology glossaries.", no_args_is_help=True)
app.add_typer(glossary_app, name="glossary")
cache_app = typer.Typer(help="Manage the translation memory.", no_args_is_help=True)
app.add_typer(cache_app, name="cache")

DEFAULT_MODEL = "Helsinki-NLP/opus-mt-de-en"
DEFAULT_ENGINE = "ctranslate2"  # kept equal to translate.engines.DEFAULT_ENGINE (tested)


def _fail(message: str, code: int = 1) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


@contextmanager
def _errors() -> Iterator[None]:
    """Turn the library's typed errors into one line on stderr and a non-zero exit code."""
    try:
        yield
    except TranslateError as exc:
        _fail(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
    except KeyboardInterrupt:
        _fail("interrupted; finished outputs were kept, nothing half-written", 130)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"translate {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """German→English news translation toolkit."""


# -- shared options ------------------------------------------------------------------------

ModelOpt = Annotated[
    str,
    typer.Option("--model", "-m", help="Hugging Face model id or local checkpoint directory."),
]
GlossaryOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--glossary",
        "-g",
        help="Glossary file (TSV, CSV or TBX); repeat to combine, later files win.",
    ),
]
NoGlossaryOpt = Annotated[
    bool, typer.Option("--no-glossary", help="Apply no glossary (cannot be combined with -g).")
]
BeamOpt = Annotated[
    int | None,
    typer.Option(
        "--beam", min=1, max=16, help="Beam size (default: the model's own, 4 for opus-mt)."
    ),
]
DeviceOpt = Annotated[str, typer.Option("--device", help="cpu, or cuda when present.")]
EngineOpt = Annotated[
    str, typer.Option("--engine", help="ctranslate2 (fast, default) or transformers (reference).")
]
PrecisionOpt = Annotated[
    str | None,
    typer.Option(
        "--precision",
        help="Weights: int8 (ctranslate2 default) or fp32; "
        "transformers: fp32 (default), bf16, int8.",
    ),
]
ShortlistOpt = Annotated[
    Path | None,
    typer.Option(
        "--shortlist",
        help="Target-vocabulary shortlist file (ctranslate2; see 'translate shortlist build').",
    ),
]
FormatOpt = Annotated[
    str,
    typer.Option(
        "--format",
        "-f",
        help="Comma-separated output formats: md,tmx,xliff,xliff12,html,jsonl.",
    ),
]
OutOpt = Annotated[Path, typer.Option("--out", "-o", help="Output folder.")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar, no summary.")]
KeepBoilerplateOpt = Annotated[
    bool, typer.Option("--keep-boilerplate", help="Translate site boilerplate lines too.")
]
ThreadsOpt = Annotated[int | None, typer.Option("--threads", min=1, help="CPU threads.")]
CacheOpt = Annotated[
    Path | None,
    typer.Option("--cache", help="Translation memory folder (default: the user cache folder)."),
]
NoCacheOpt = Annotated[bool, typer.Option("--no-cache", help="Do not use the translation memory.")]
TargetLocaleOpt = Annotated[
    str,
    typer.Option(
        "--target-locale",
        help="English edition's locale: en-US, en-GB or any English locale Babel knows. "
        "Picks glossary target@LOCALE columns, date/number forms and quotation marks.",
    ),
]
SourceLocaleOpt = Annotated[
    str, typer.Option("--source-locale", help="Locale of the German input (de-DE, de-AT, de-CH).")
]


def _memory(cache: Path | None, no_cache: bool) -> Any:
    from translate.memory import TranslationMemory

    if no_cache:
        return None
    return TranslationMemory(cache)


def _backend(
    model: str,
    engine: str,
    device: str,
    precision: str | None,
    threads: int | None,
    shortlist: Path | None = None,
    terms: Any = None,
) -> Any:
    from translate.engines import load_backend

    options: dict[str, Any] = {}
    if shortlist is not None:
        if engine != "ctranslate2":
            raise typer.BadParameter(
                "a shortlist needs --engine ctranslate2", param_hint="--shortlist"
            )
        options["shortlist"] = shortlist
        if terms is not None:  # the shortlist always keeps the glossary's target pieces
            options["keep_targets"] = [t for e in terms.entries for t in e.targets]
    return load_backend(
        model, engine=engine, device=device, precision=precision, threads=threads, **options
    )


def _translator(
    model: str,
    engine: str,
    device: str,
    precision: str | None,
    threads: int | None,
    beam: int | None,
    terms: Any,
    memory: Any,
    shortlist: Path | None = None,
    locales: tuple[Any, Any] | None = None,
) -> Any:
    from translate.backends.base import DecodeSettings
    from translate.pipeline import Translator

    source_locale, target_locale = locales or (None, None)
    if target_locale is not None:  # the shortlist keeps the locale's glossary targets
        terms = terms.for_locale(target_locale)
    backend = _backend(model, engine, device, precision, threads, shortlist, terms)
    settings = DecodeSettings(beam=beam or backend.default_beam)
    return Translator(
        backend,
        terms,
        settings,
        memory=memory,
        source_locale=source_locale,
        target_locale=target_locale,
    )


def _locales(source: str, target: str) -> tuple[Any, Any]:
    """Validate both locale options before anything slow happens."""
    from translate.localize.locales import parse_locale

    return (
        parse_locale(source, language="de", option="--source-locale"),
        parse_locale(target, language="en", option="--target-locale"),
    )


def _load_glossary(paths: list[Path] | None, no_glossary: bool) -> Any:
    from translate.glossary import Glossary, load_glossary, merge_glossaries

    if paths and no_glossary:
        raise typer.BadParameter("--no-glossary cannot be combined with --glossary")
    if not paths:
        return Glossary.empty()
    return merge_glossaries([load_glossary(p) for p in paths])


def _formats(value: str) -> tuple[str, ...]:
    from translate.writers import parse_format_list

    try:
        return parse_format_list(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--format") from None


def _default_formats() -> str:
    from translate.writers import DEFAULT_FORMATS

    return ",".join(DEFAULT_FORMATS)


@contextmanager
def _progress(quiet: bool, label: str) -> Iterator[Callable[[int, int], None]]:
    """A rich progress bar on stderr; silent with --quiet or when stderr is not a terminal."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    console = Console(stderr=True)
    if quiet or not console.is_terminal:
        yield lambda _advance, _total: None
        return
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task(label, total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, total=total, advance=done)

        yield advance


# -- commands --------------------------------------------------------------------------------


@app.command()
def article(
    path: Annotated[
        Path,
        typer.Argument(help="German article: UTF-8 text, paragraphs separated by blank lines."),
    ],
    glossary: GlossaryOpt = None,
    no_glossary: NoGlossaryOpt = False,
    model: ModelOpt = DEFAULT_MODEL,
    engine: EngineOpt = DEFAULT_ENGINE,
    precision: PrecisionOpt = None,
    beam: BeamOpt = None,
    device: DeviceOpt = "cpu",
    threads: ThreadsOpt = None,
    fmt: FormatOpt = "",
    out: OutOpt = Path("outputs"),
    keep_boilerplate: KeepBoilerplateOpt = False,
    quiet: QuietOpt = False,
    cache: CacheOpt = None,
    no_cache: NoCacheOpt = False,
    shortlist: ShortlistOpt = None,
    target_locale: TargetLocaleOpt = "en-US",
    source_locale: SourceLocaleOpt = "de-DE",
) -> None:
    """Translate one article into an English edition and aligned bilingual documents."""
    formats = _formats(fmt or _default_formats())
    with _errors():
        from translate.outputs import write_outputs
        from translate.pipeline import document_from_article, translate_document
        from translate.reader import read_article

        locales = _locales(source_locale, target_locale)
        terms = _load_glossary(glossary, no_glossary)
        text = read_article(path)
        for warning in text.warnings:
            typer.echo(f"warning: {warning}", err=True)
        document = document_from_article(text)
        left_out = _check_translatable(document, keep_boilerplate)
        translator = _translator(
            model,
            engine,
            device,
            precision,
            threads,
            beam,
            terms,
            _memory(cache, no_cache),
            shortlist,
            locales,
        )
        with _progress(quiet, "translating") as advance:
            result = translate_document(
                document, translator, keep_boilerplate=keep_boilerplate, progress=advance
            )
        paths = write_outputs(result, formats, out)
    if not quiet:
        _summary(result.stats, paths, locales[1], result.provenance.created)
        if left_out:
            typer.echo(
                f"note: {left_out} boilerplate line(s) left out (--keep-boilerplate keeps them)",
                err=True,
            )


def _check_translatable(document: Any, keep_boilerplate: bool) -> int:
    """Refuse an article with nothing to translate; return how many lines are left out."""
    from translate.errors import InputError
    from translate.pipeline import translatable_segments

    kept = translatable_segments(document, keep_boilerplate)
    if not kept:
        raise InputError(
            f"{document.path}: no sentence to translate (only site boilerplate): "
            "use --keep-boilerplate to translate it anyway"
        )
    return len(document.segments) - len(kept)


def _summary(stats: dict[str, float], paths: list[Path], locale: Any, finished: Any) -> None:
    from rich.console import Console

    console = Console(stderr=True, highlight=False)
    console.print(
        f"[bold]{int(stats['segments'])}[/] segments in {stats['seconds']:.1f} s "
        f"({stats['segments_per_s']:.1f}/s); "
        f"glossary terms: {int(stats['terms_matched'])} matched, "
        f"{int(stats['terms_enforced'])} enforced, {int(stats['terms_missing'])} missing; "
        f"values (dates, numbers, …): {int(stats['values_matched'])} in the source, "
        f"{int(stats['values_corrected'])} corrected, {int(stats['values_flagged'])} flagged; "
        f"{int(stats['flagged'])} sentences flagged"
    )
    console.print(f"{locale.tag} edition, {locale.format_datetime(finished)}")
    for path in paths:
        console.print(f"  wrote {path}")


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
    fmt: FormatOpt = "",
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
) -> None:
    """Translate many articles with one model load; resumable; bad files never stop the run."""
    formats = _formats(fmt or _default_formats())
    with _errors():
        from translate.batch import run_batch

        locales = _locales(source_locale, target_locale)
        terms = _load_glossary(glossary, no_glossary)
        translator = _translator(
            model,
            engine,
            device,
            precision,
            threads,
            beam,
            terms,
            _memory(cache, no_cache),
            shortlist,
            locales,
        )
        with _batch_progress(quiet) as hook:
            result = run_batch(
                inputs,
                out,
                translator,
                formats,
                pattern=pattern,
                keep_boilerplate=keep_boilerplate,
                progress=hook,
            )
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


@cache_app.command("stats")
def cache_stats(cache: CacheOpt = None) -> None:
    """Show where the translation memory is and how much it holds."""
    with _errors():
        from translate.memory import MEMORY_FILE, default_cache_dir

        folder = cache or default_cache_dir()
        if not (folder / MEMORY_FILE).is_file():  # looking must not create anything
            typer.echo(f"path: {folder / MEMORY_FILE}\nsentences: 0 (no translation memory yet)")
            return
        stats = _memory(cache, False).stats()
    for key, value in stats.items():
        typer.echo(f"{key}: {value}")


@cache_app.command("clear")
def cache_clear(cache: CacheOpt = None) -> None:
    """Remove every sentence from the translation memory."""
    with _errors():
        removed = _memory(cache, False).clear()
    typer.echo(f"removed {removed} sentence(s)")


shortlist_app = typer.Typer(
    help="Target-vocabulary shortlists (faster decoding).", no_args_is_help=True
)
app.add_typer(shortlist_app, name="shortlist")


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
    with _errors():
        from translate.backends.base import DecodeSettings
        from translate.backends.shortlist import build_shortlist, write_shortlist
        from translate.reader import read_article

        lines = [line for line in read_article(corpus).text.splitlines() if line.strip()]
        backend = _backend(model, "ctranslate2", "cpu", None, threads)
        settings = DecodeSettings(beam=beam or backend.default_beam)
        with _progress(quiet, "translating corpus") as advance:
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
    with _errors():
        from translate.backends.base import DecodeSettings
        from translate.backends.evaluate import evaluate, newstest2021_paths

        source, references = newstest2021_paths(data)
        backend = _backend(model, engine, device, precision, threads, shortlist)
        settings = DecodeSettings(beam=beam or backend.default_beam)
        with _progress(quiet, "translating") as advance:
            result = evaluate(
                backend, source, references, settings=settings, limit=limit, progress=advance
            )
    typer.echo(f"BLEU {result.bleu:.2f}  chrF {result.chrf:.2f}  ({result.sentences} sentences)")
    typer.echo(result.signature)


@app.command()
def segment(
    path: Annotated[str, typer.Argument(help="German text file, or - for standard input.")],
    jsonl: Annotated[bool, typer.Option("--jsonl", help="One JSON object per sentence.")] = False,
) -> None:
    """Split a German text into paragraphs and sentences (one sentence per line)."""
    with _errors():
        from translate.reader import decode_article, read_article
        from translate.segment import segment_text

        if path == "-":
            article = decode_article(Path("<stdin>"), sys.stdin.buffer.read())
        else:
            article = read_article(Path(path))
        for warning in article.warnings:
            typer.echo(f"warning: {warning}", err=True)
        text = article.text
        paragraphs = segment_text(text)
    lines: list[str] = []
    for paragraph in paragraphs:
        if not jsonl and lines:
            lines.append("")
        for seg in paragraph.segments:
            if jsonl:
                record = {
                    "paragraph": seg.paragraph,
                    "sentence": seg.index,
                    "start": seg.start,
                    "end": seg.end,
                    "text": seg.text,
                    "boilerplate": seg.boilerplate or paragraph.boilerplate,
                }
                lines.append(json.dumps(record, ensure_ascii=False))
            else:
                lines.append(" ".join(seg.text.split()))
    if lines:
        typer.echo("\n".join(lines))


@glossary_app.command("check")
def glossary_check(
    path: Annotated[Path, typer.Argument(help="Glossary file (TSV, CSV or TBX).")],
) -> None:
    """Lint a glossary: duplicates, conflicts, empty fields, encoding, shadowed entries."""
    with _errors():
        from translate.glossary import format_finding, lint_glossary

        findings = lint_glossary(path)
    for finding in findings:
        typer.echo(format_finding(path, finding))
    errors = sum(f.severity == "error" for f in findings)
    if errors:
        typer.echo(f"{errors} error(s), {len(findings) - errors} warning(s)", err=True)
        raise typer.Exit(1)
    typer.echo(f"{path}: ok ({len(findings)} warning(s))", err=True)


def main() -> None:
    """Entry point of the ``translate`` command."""
    app()

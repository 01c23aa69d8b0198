"""`translate article`: one article into an English edition and its bilingual files."""

from __future__ import annotations

import sys
from contextlib import ExitStack
from pathlib import Path
from typing import Annotated, Any

import typer

from translate.cli.app import app, cli_errors
from translate.cli.common import (
    default_formats,
    load_terms,
    make_translator,
    open_memory,
    parse_formats,
    parse_locales,
    progress_bar,
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
    OutOpt,
    PrecisionOpt,
    QuietOpt,
    ShortlistOpt,
    SourceLocaleOpt,
    TargetLocaleOpt,
    ThreadsOpt,
)


@app.command()
def article(
    path: Annotated[
        Path,
        typer.Argument(
            help="German article: UTF-8 text, paragraphs separated by blank lines; - reads "
            "standard input (outputs named stdin.*)."
        ),
    ],
    glossary: GlossaryOpt = None,
    no_glossary: NoGlossaryOpt = False,
    model: ModelOpt = DEFAULT_MODEL,
    engine: EngineOpt = DEFAULT_ENGINE,
    precision: PrecisionOpt = None,
    beam: BeamOpt = None,
    device: DeviceOpt = "cpu",
    threads: ThreadsOpt = None,
    fmt: FormatOpt = None,
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
    formats = parse_formats(default_formats() if fmt is None else fmt)  # "" is an error
    with cli_errors(), ExitStack() as held:
        from translate.folder_lock import lock_folder
        from translate.outputs import write_outputs
        from translate.pipeline import document_from_article, translate_document

        locales = parse_locales(source_locale, target_locale)
        terms = load_terms(glossary, no_glossary)
        text = _read(path)
        for warning in text.warnings:
            typer.echo(f"warning: {warning}", err=True)
        document = document_from_article(text)
        left_out = _check_translatable(document, keep_boilerplate)
        translator = make_translator(
            model,
            engine,
            device,
            precision,
            threads,
            beam,
            terms,
            open_memory(cache, no_cache),
            shortlist,
            locales,
        )
        # taken once the model is loaded (a failed start leaves --out untouched), held until
        # the outputs are written: no other run writes into --out meanwhile
        held.enter_context(lock_folder(out, "article"))
        with progress_bar(quiet, "translating") as advance:
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


def _read(path: Path) -> Any:
    """The article at ``path``, or standard input for ``-`` (named ``stdin``)."""
    from translate.reader import decode_article, read_article

    if str(path) == "-":
        return decode_article(Path("stdin"), sys.stdin.buffer.read())
    return read_article(path)


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

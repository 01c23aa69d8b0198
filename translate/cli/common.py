"""Builders shared by the commands: glossary, locales, memory, backend, translator, progress.

Each imports what it needs when called, so ``translate --help`` never loads torch.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import typer


def open_memory(cache: Path | None, no_cache: bool) -> Any:
    """The run's translation memory; a damaged or unusable one is a warning, never the end of the
    run (an impossible ``--cache`` path is still a one-line error)."""
    from translate.memory_store import open_for_run

    if no_cache:
        return None
    return open_for_run(cache, lambda message: typer.echo(f"warning: {message}", err=True))


def make_backend(
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


def make_recipe(
    model: str,
    engine: str,
    device: str,
    precision: str | None,
    threads: int | None,
    beam: int | None,
    terms: Any,
    shortlist: Path | None = None,
    locales: tuple[Any, Any] | None = None,
) -> Any:
    """The options of a translating command as a picklable ``TranslatorRecipe``."""
    from translate.recipe import TranslatorRecipe

    if shortlist is not None and engine != "ctranslate2":
        raise typer.BadParameter("a shortlist needs --engine ctranslate2", param_hint="--shortlist")
    source_locale, target_locale = locales or (None, None)
    return TranslatorRecipe(
        model=model,
        engine=engine,
        device=device,
        precision=precision,
        threads=threads,
        beam=beam,
        shortlist=shortlist,
        glossary=terms,
        source_locale=source_locale.tag if source_locale is not None else "de-DE",
        target_locale=target_locale.tag if target_locale is not None else "en-US",
    )


def make_translator(
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
    """Load the model and build the translator the options describe."""
    recipe = make_recipe(model, engine, device, precision, threads, beam, terms, shortlist, locales)
    return recipe.build(memory)


def parse_locales(source: str, target: str) -> tuple[Any, Any]:
    """Validate both locale options before anything slow happens."""
    from translate.localize.locales import parse_locale

    return (
        parse_locale(source, language="de", option="--source-locale"),
        parse_locale(target, language="en", option="--target-locale"),
    )


def load_terms(paths: list[Path] | None, no_glossary: bool) -> Any:
    from translate.glossary import Glossary, load_glossary, merge_glossaries

    if paths and no_glossary:
        raise typer.BadParameter("--no-glossary cannot be combined with --glossary")
    if not paths:
        return Glossary.empty()
    return merge_glossaries([load_glossary(p) for p in paths])


def parse_formats(value: str) -> tuple[str, ...]:
    from translate.writers import parse_format_list

    try:
        return parse_format_list(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--format") from None


def default_formats() -> str:
    from translate.writers import DEFAULT_FORMATS

    return ",".join(DEFAULT_FORMATS)


@contextmanager
def progress_bar(quiet: bool, label: str) -> Iterator[Callable[[int, int], None]]:
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

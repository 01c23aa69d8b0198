"""The typer application, its command groups, and how library errors become one line."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, NoReturn

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


def fail(message: str, code: int = 1) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


@contextmanager
def cli_errors() -> Iterator[None]:
    """Turn the library's typed errors into one line on stderr and a non-zero exit code."""
    try:
        yield
    except TranslateError as exc:
        fail(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
    except KeyboardInterrupt:
        fail("interrupted; finished outputs were kept, nothing half-written", 130)


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


shortlist_app = typer.Typer(
    help="Target-vocabulary shortlists (faster decoding).", no_args_is_help=True
)
app.add_typer(shortlist_app, name="shortlist")

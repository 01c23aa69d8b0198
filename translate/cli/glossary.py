"""`translate glossary check`: lint a glossary."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from translate.cli.app import cli_errors, glossary_app


@glossary_app.command("check")
def glossary_check(
    path: Annotated[Path, typer.Argument(help="Glossary file (TSV, CSV or TBX).")],
) -> None:
    """Lint a glossary: duplicates, conflicts, empty fields, encoding, shadowed entries."""
    with cli_errors():
        from translate.glossary import format_finding, lint_glossary

        findings = lint_glossary(path)
    for finding in findings:
        typer.echo(format_finding(path, finding))
    errors = sum(f.severity == "error" for f in findings)
    if errors:
        typer.echo(f"{errors} error(s), {len(findings) - errors} warning(s)", err=True)
        raise typer.Exit(1)
    typer.echo(f"{path}: ok ({len(findings)} warning(s))", err=True)

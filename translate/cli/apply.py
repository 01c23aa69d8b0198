"""`translate apply`: a reviewed XLIFF/TMX/JSONL back into the article's outputs and the memory."""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path
from typing import Annotated, Any

import typer

from translate.cli.app import app, cli_errors
from translate.cli.common import load_terms, open_memory
from translate.cli.options import CacheOpt, GlossaryOpt, NoCacheOpt, NoGlossaryOpt, QuietOpt


@app.command(
    help="Apply a review: rewrite every output of the article and remember the human "
    "sentences.\n\nWithout --glossary the reviewed text is checked against the glossary "
    "recorded in the article's provenance (it must still be there, unchanged)."
)
def apply(
    reviewed: Annotated[
        Path,
        typer.Argument(
            help="Reviewed file: XLIFF 2.0 (review page or CAT tool), XLIFF 1.2, a CAT tool's "
            "TMX export, or the reviewed JSONL."
        ),
    ],
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            "-o",
            help="The folder holding the article's outputs (translate article/batch).",
        ),
    ],
    article: Annotated[
        str | None,
        typer.Option(
            "--article", help="Article stem, where the folder holds several (needed for a TMX)."
        ),
    ] = None,
    glossary: GlossaryOpt = None,
    no_glossary: NoGlossaryOpt = False,
    cache: CacheOpt = None,
    no_cache: NoCacheOpt = False,
    quiet: QuietOpt = False,
) -> None:
    """Apply a review: rewrite every output of the article and remember the human sentences."""
    with cli_errors(), ExitStack() as held:
        from translate.folder_lock import lock_folder
        from translate.review import apply_review

        terms = load_terms(glossary, no_glossary) if glossary or no_glossary else None
        if out.is_dir():  # the same lock as article and batch: one writer per folder
            held.enter_context(lock_folder(out, "apply"))
        result = apply_review(
            reviewed,
            out,
            glossary=terms,
            article=article,
            memory=open_memory(cache, no_cache),
        )
    for line in result.report.sent_back:  # warnings: shown even with --quiet
        typer.echo(f"warning: {line}", err=True)
    if not quiet:
        _summary(result)


def _summary(result: Any) -> None:
    report = result.report
    lines = [
        f"{result.article}: {len(report.edited)} sentence(s) edited, "
        f"{len(report.approved)} approved as machine-translated, {len(report.merged)} merged, "
        f"{len(report.commented)} with a new comment, {len(report.sent_back)} sent back for "
        "translation",
    ]
    if report.flagged:
        lines.append(
            f"  flagged by the glossary/value checks (kept as written): {', '.join(report.flagged)}"
        )
    if report.unmatched:
        lines.append(f"  {len(report.unmatched)} unit(s) match no sentence of the article:")
        lines += [f"    {item}" for item in report.unmatched[:10]]
        if len(report.unmatched) > 10:
            lines.append(f"    … and {len(report.unmatched) - 10} more")
    lines += [f"  wrote {path}" for path in result.paths]
    if result.remembered is None:
        lines.append("  translation memory: not used (--no-cache)")
    else:
        lines.append(f"  translation memory: {result.remembered} human sentence(s) stored")
        if result.forgotten:
            lines.append(
                f"  translation memory: {result.forgotten} human sentence(s) sent back, removed"
            )
    for line in lines:
        typer.echo(line, err=True)

"""`translate segment`: paragraphs and sentences of a German text."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from translate.cli.app import app, cli_errors


@app.command()
def segment(
    path: Annotated[str, typer.Argument(help="German text file, or - for standard input.")],
    jsonl: Annotated[bool, typer.Option("--jsonl", help="One JSON object per sentence.")] = False,
) -> None:
    """Split a German text into paragraphs and sentences (one sentence per line)."""
    with cli_errors():
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

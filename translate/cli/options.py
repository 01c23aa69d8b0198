"""The options shared by several commands, defined once as ``Annotated`` aliases."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

DEFAULT_MODEL = "Helsinki-NLP/opus-mt-de-en"
DEFAULT_ENGINE = "ctranslate2"  # kept equal to translate.engines.DEFAULT_ENGINE (tested)

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
    str | None,
    typer.Option(
        "--format",
        "-f",
        help="Comma-separated output formats: md,tmx,xliff,xliff12,html,jsonl "
        "(default: md,tmx,xliff,html,jsonl; all).",
    ),
]
OutOpt = Annotated[Path, typer.Option("--out", "-o", help="Output folder.")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar, no summary.")]
KeepBoilerplateOpt = Annotated[
    bool, typer.Option("--keep-boilerplate", help="Translate site boilerplate lines too.")
]
ThreadsOpt = Annotated[
    int | None,
    typer.Option(
        "--threads",
        min=1,
        help="CPU threads in all (default: up to 4). CTranslate2 runs a single-thread worker "
        "per thread up to 2 threads, two-thread workers beyond.",
    ),
]
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

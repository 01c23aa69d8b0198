"""`translate align`: align a German article with its human English edition, sentence by
sentence; one pair or a ``--pairs`` list."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import typer

from translate.cli.app import app, cli_errors, fail
from translate.cli.options import (
    DEFAULT_ENGINE,
    CacheOpt,
    DeviceOpt,
    EngineOpt,
    GlossaryOpt,
    NoGlossaryOpt,
    OutOpt,
    PrecisionOpt,
    QuietOpt,
    SourceLocaleOpt,
    TargetLocaleOpt,
    ThreadsOpt,
)

_FORMATS = "tmx,xliff,html,jsonl"


@app.command()
def align(
    article: Annotated[
        Path | None, typer.Argument(help="German article (as for 'translate article').")
    ] = None,
    edition: Annotated[Path | None, typer.Argument(help="Its English edition.")] = None,
    pairs: Annotated[
        Path | None,
        typer.Option(
            "--pairs", help="A list of article pairs: one 'de<TAB>en' path pair per line."
        ),
    ] = None,
    out: OutOpt = Path("outputs"),
    model: Annotated[
        str | None,
        typer.Option(
            "--model",
            "-m",
            help="German→English Marian model that scores candidate links "
            "(default: opus-mt-de-en when available, else no model).",
        ),
    ] = None,
    no_model: Annotated[
        bool, typer.Option("--no-model", help="Align by length and anchors only.")
    ] = False,
    reverse_model: Annotated[
        str | None,
        typer.Option("--reverse-model", help="English→German Marian model (e.g. opus-mt-en-de)."),
    ] = None,
    engine: EngineOpt = DEFAULT_ENGINE,
    precision: PrecisionOpt = None,
    device: DeviceOpt = "cpu",
    threads: ThreadsOpt = None,
    glossary: GlossaryOpt = None,
    no_glossary: NoGlossaryOpt = False,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="Comma-separated subset of tmx,xliff,html,jsonl.")
    ] = _FORMATS,
    presegmented: Annotated[
        bool,
        typer.Option(
            "--presegmented",
            help="One sentence per line (blank lines separate paragraphs); ids are line numbers.",
        ),
    ] = False,
    to_memory: Annotated[
        bool,
        typer.Option("--to-memory", help="Store confident links as human translations."),
    ] = False,
    memory_confidence: Annotated[
        float,
        typer.Option(
            "--memory-confidence", min=0.0, max=1.0, help="Least confidence stored by --to-memory."
        ),
    ] = 0.9,
    low_confidence: Annotated[
        float,
        typer.Option(
            "--low-confidence", min=0.0, max=1.0, help="Flag links below this confidence."
        ),
    ] = 0.5,
    band: Annotated[
        int,
        typer.Option("--band", min=1, help="Search band: sentences either side of the diagonal."),
    ] = 6,
    extended_links: Annotated[
        bool, typer.Option("--extended-links", help="Also consider 2-2, 1-3 and 3-1 links.")
    ] = False,
    cache: CacheOpt = None,
    target_locale: TargetLocaleOpt = "en-US",
    source_locale: SourceLocaleOpt = "de-DE",
    quiet: QuietOpt = False,
) -> None:
    """Align existing human translations sentence by sentence (TMX, XLIFF, HTML, JSONL)."""
    formats = _formats(fmt)
    if pairs is not None and (article is not None or edition is not None):
        raise typer.BadParameter("give either ARTICLE EDITION or --pairs LIST, not both")
    if pairs is None and (article is None or edition is None):
        raise typer.BadParameter("give ARTICLE and EDITION, or --pairs LIST")
    if no_model and (model or reverse_model):
        raise typer.BadParameter("--no-model cannot be combined with --model/--reverse-model")
    with cli_errors():
        from translate.align.aligner import AlignSettings
        from translate.align.costs import PRIORS, Weights
        from translate.align.inputs import read_pair_list
        from translate.cli.common import load_terms, parse_locales

        locales = parse_locales(source_locale, target_locale)
        terms = load_terms(glossary, no_glossary).for_locale(locales[1])
        from translate.errors import TranslateError

        jobs = (
            read_pair_list(pairs)
            if pairs is not None
            else [(Path(article or ""), Path(edition or ""))]
        )
        weights = Weights(types=tuple(PRIORS)) if extended_links else Weights()
        run = _Run(
            settings=AlignSettings(weights=weights, band=band),
            terms=terms,
            locales=locales,
            scorers=_scorers(model, reverse_model, no_model, engine, precision, device, threads),
            presegmented=presegmented,
            memory=_memory(cache) if to_memory else None,
            memory_confidence=memory_confidence,
            low_confidence=low_confidence,
            formats=formats,
            out=out,
            quiet=quiet,
        )
        failed = 0
        for de, en in jobs:
            try:
                run.one(de, en)
            except TranslateError as exc:
                if pairs is None:
                    raise
                failed += 1  # a list goes on past a bad pair, as translate batch does
                typer.echo(f"error: {str(exc).splitlines()[0]}", err=True)
    if failed:
        fail(f"{failed} of {len(jobs)} article pairs could not be aligned (see above)")


def _formats(spec: str) -> tuple[str, ...]:
    from translate.align.outputs import ALIGN_FORMATS

    names = tuple(dict.fromkeys(n.strip().lower() for n in spec.split(",")))
    bad = [n for n in names if n not in ALIGN_FORMATS]
    if bad or not names:
        raise typer.BadParameter(
            f"unknown format {bad[0] if bad else spec!r}; valid: {', '.join(ALIGN_FORMATS)}",
            param_hint="--format",
        )
    return names


def _memory(cache: Path | None) -> Any:
    from translate.memory import TranslationMemory

    return TranslationMemory(cache)


def _scorers(
    model: str | None,
    reverse_model: str | None,
    no_model: bool,
    engine: str,
    precision: str | None,
    device: str,
    threads: int | None,
) -> tuple[Any, Any, dict[str, str]]:
    """(forward backend, reverse backend, provenance fields); no backend with --no-model, or when
    the default model is not available (a warning says so)."""
    from translate.cli.common import make_backend
    from translate.cli.options import DEFAULT_MODEL
    from translate.errors import ModelNotAvailableError

    if no_model:
        return None, None, {}
    try:
        forward = make_backend(model or DEFAULT_MODEL, engine, device, precision, threads)
    except ModelNotAvailableError as exc:
        if model is not None:
            raise
        typer.echo(f"warning: {exc}; aligning without a model (--no-model)", err=True)
        return None, None, {}
    reverse = (
        make_backend(reverse_model, engine, device, precision, threads) if reverse_model else None
    )
    info = {
        "model_id": forward.model_id + (f" + {reverse.model_id}" if reverse else ""),
        "model_revision": forward.model_revision,
        "engine": forward.engine,
        "precision": forward.precision,
    }
    return forward, reverse, info


def _unique(name: str, names: set[str]) -> str:
    candidate, k = name, 2
    while candidate in names:
        candidate, k = f"{name}-{k}", k + 1
    names.add(candidate)
    return candidate


@dataclass
class _Run:
    """The settings of one ``translate align`` run, applied to each article pair."""

    settings: Any
    terms: Any
    locales: tuple[Any, Any]
    scorers: tuple[Any, Any, dict[str, str]]
    presegmented: bool
    memory: Any
    memory_confidence: float
    low_confidence: float
    formats: tuple[str, ...]
    out: Path
    quiet: bool
    names: set[str] = field(default_factory=set)

    def one(self, de: Path, en: Path) -> None:
        """Align one pair and write its outputs (and its confident links to the memory)."""
        from dataclasses import replace

        from translate.align.aligner import align as run_align
        from translate.align.inputs import check_pair, read_side
        from translate.align.memory import confident_pairs, store_pairs
        from translate.align.outputs import AlignProvenance, render_outputs
        from translate.glossary import TermMatcher
        from translate.outputs import atomic_write

        source = read_side(de, "de", presegmented=self.presegmented)
        target = read_side(en, "en", presegmented=self.presegmented)
        source = replace(source, name=_unique(source.name, self.names))
        for warning in (*source.warnings, *target.warnings, *check_pair(source, target)):
            typer.echo(f"warning: {warning}", err=True)
        forward, reverse, model_info = self.scorers
        source_locale, target_locale = self.locales
        result = run_align(
            source,
            target,
            settings=self.settings,
            locale=target_locale,
            matcher=TermMatcher(self.terms) if len(self.terms) else None,
            scorer=forward,
            reverse=reverse,
        )
        info = AlignProvenance(
            glossary_files=self.terms.files,
            glossary_sha256=self.terms.sha256,
            source_locale=source_locale.tag,
            target_locale=target_locale.tag,
            **model_info,
        )
        rendered = render_outputs(result, info, self.formats, self.low_confidence)
        written = []
        for name, data in rendered.items():
            atomic_write(self.out / name, data)
            written.append(self.out / name)
        stored = None
        if self.memory is not None:
            stored = store_pairs(
                self.memory,
                confident_pairs(result, self.memory_confidence),
                document=source.name,
                source_locale=source_locale.tag,
                target_locale=target_locale.tag,
            )
        if not self.quiet:
            _summary(result, written, stored, self.low_confidence)


def _summary(result: Any, written: list[Path], stored: int | None, threshold: float) -> None:
    from collections import Counter

    types = Counter(link.type for link in result.links)
    low = sum(1 for link in result.links if link.confidence < threshold)
    model = ""
    if "model_pairs" in result.stats:
        stats = result.stats
        directions = [d for d in ("forward", "reverse") if stats.get(f"model_{d}_used")]
        used = f"used: {' + '.join(directions)}" if directions else "not separating, left out"
        model = (
            f"; model scored {int(stats.get('model_candidates', 0))} candidate pairs "
            f"({int(stats['model_pairs'])} forced decodings; {used})"
        )
    typer.echo(
        f"{result.source.name}: {len(result.source.sentences)} German and "
        f"{len(result.target.sentences)} English sentences, {len(result.links)} links "
        f"({', '.join(f'{k} {v}' for k, v in sorted(types.items()))}), {low} below {threshold:g}"
        f"{model}",
        err=True,
    )
    if stored is not None:
        typer.echo(f"  stored {stored} human translations in the memory", err=True)
    for path in written:
        typer.echo(f"  wrote {path}", err=True)

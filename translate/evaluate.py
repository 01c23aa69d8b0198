"""BLEU and chrF of an engine on a test set (newstest2021 de→en by default), with sacrebleu.

An application of the toolkit, not part of an engine: it drives the pipeline
(:class:`translate.pipeline.Translator`) over a backend, so it sits beside :mod:`translate.batch`
and the engines in :mod:`translate.backends` never import it.

For anyone who has the real weights: compare engines, precisions and a shortlist on the same
test set, e.g. ``evaluate(load_backend(model, engine="ctranslate2"))`` against
``evaluate(load_backend(model, engine="transformers", precision="fp32"))``. Sentences are
translated through :class:`translate.pipeline.Translator` without a glossary (length-sorted
batches, over-long lines split), exactly as the CLI translates.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from translate.backends.base import DecodeSettings, TranslationBackend
from translate.errors import InputError
from translate.pipeline import Translator

#: newstest2021 de→en in the shared data folder, relative to the project root.
NEWSTEST2021 = ("newstest2021.de-en.de", ("newstest2021.de-en.en", "newstest2021.de-en.refB.en"))


@dataclass(frozen=True)
class EvalResult:
    bleu: float
    chrf: float
    sentences: int
    signature: str
    """sacrebleu's signatures plus engine, precision, beam and model revision."""


def newstest2021_paths(data_dir: Path) -> tuple[Path, list[Path]]:
    """Source and reference files of newstest2021 de→en in ``data_dir``."""
    source, refs = NEWSTEST2021
    paths = (data_dir / source, [data_dir / r for r in refs])
    missing = [str(p) for p in [paths[0], *paths[1]] if not p.is_file()]
    if missing:
        raise InputError(
            f"test set files missing: {', '.join(missing)} (pass --data with the folder that "
            f"holds {source} and its references)"
        )
    return paths


def _lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as err:
        raise InputError(f"{path}: not UTF-8 text (byte {err.start}); a test set is UTF-8") from err
    except OSError as err:
        raise InputError(f"{path}: cannot read the test set file ({err.strerror})") from err


def evaluate(
    backend: TranslationBackend,
    source: Path,
    references: Sequence[Path],
    *,
    settings: DecodeSettings | None = None,
    limit: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> EvalResult:
    """Translate ``source`` (one segment per line) and score it against ``references``."""
    import sacrebleu

    lines = _lines(source)[:limit]
    refs = []
    for path in references:
        ref = _lines(path)[: len(lines)]
        if len(ref) != len(lines):
            raise InputError(
                f"{path}: {len(ref)} lines for {len(lines)} source lines of {source}; "
                "a reference needs one line per source line"
            )
        refs.append(ref)
    settings = settings or DecodeSettings(beam=backend.default_beam)
    renderings = Translator(backend, None, settings).translate_texts(lines, progress)
    hypotheses = [r.target for r in renderings]
    bleu = sacrebleu.metrics.BLEU()
    chrf = sacrebleu.metrics.CHRF()
    bleu_score = bleu.corpus_score(hypotheses, refs)
    chrf_score = chrf.corpus_score(hypotheses, refs)
    signature = (
        f"{bleu.get_signature()}|{chrf.get_signature()}|engine:{backend.engine}|"
        f"precision:{backend.precision}|beam:{settings.beam}|"
        f"shortlist:{getattr(backend, 'shortlist_size', None) or 'no'}|"
        f"model:{backend.model_id}@{backend.model_revision}"
    )
    return EvalResult(bleu_score.score, chrf_score.score, len(lines), signature)

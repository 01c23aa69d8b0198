"""BLEU and chrF of an engine on a test set (newstest2021 de→en by default), with sacrebleu.

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
from translate.errors import BackendError

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
        raise BackendError(f"test set files missing: {', '.join(missing)}")
    return paths


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

    from translate.pipeline import Translator

    lines = source.read_text(encoding="utf-8").splitlines()[:limit]
    refs = [r.read_text(encoding="utf-8").splitlines()[: len(lines)] for r in references]
    if any(len(r) != len(lines) for r in refs):
        raise BackendError("the reference files do not have one line per source line")
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

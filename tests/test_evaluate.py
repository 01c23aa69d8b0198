"""`translate.evaluate`: BLEU and chrF of an engine on a test set, through the pipeline."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from conftest import write_test_set

from translate.backends.base import DecodeSettings
from translate.engines import load_backend
from translate.errors import InputError
from translate.evaluate import evaluate, newstest2021_paths


@pytest.fixture(scope="module")
def test_set(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    return newstest2021_paths(write_test_set(tmp_path_factory.mktemp("testset")))


def test_a_model_that_writes_the_references_scores_full_marks(
    trained_model: Path, test_set: tuple[Path, list[Path]]
) -> None:
    source, references = test_set
    backend = load_backend(str(trained_model))
    result = evaluate(backend, source, references, settings=DecodeSettings(beam=4))
    assert result.sentences == 6
    assert result.bleu == pytest.approx(100.0) and result.chrf == pytest.approx(100.0)
    assert "nrefs:2" in result.signature and "beam:4" in result.signature
    assert f"engine:{backend.engine}" in result.signature


def test_a_random_model_scores_low_and_limit_counts_lines(
    tiny_model: Path, test_set: tuple[Path, list[Path]]
) -> None:
    source, references = test_set
    result = evaluate(
        load_backend(str(tiny_model)), source, references, settings=DecodeSettings(beam=1), limit=3
    )
    assert result.sentences == 3
    assert result.bleu < 20.0 and result.chrf < 50.0


def test_missing_test_set_names_the_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="newstest2021.de-en.de"):
        newstest2021_paths(tmp_path)


def test_a_reference_with_too_few_lines_is_named(tiny_model: Path, tmp_path: Path) -> None:
    source, references = newstest2021_paths(write_test_set(tmp_path))
    references[1].write_text("one\n", encoding="utf-8")
    with pytest.raises(InputError, match="refB.en: 1 lines for 6 source lines"):
        evaluate(load_backend(str(tiny_model)), source, references)


def test_engines_import_neither_the_pipeline_nor_the_evaluation() -> None:
    """Data flows one way: the engines sit below the pipeline and the applications that use it."""
    backends = Path(__file__).resolve().parents[1] / "translate" / "backends"
    for module in backends.glob("*.py"):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                assert not name.startswith(("translate.pipeline", "translate.evaluate")), module

"""The CTranslate2 thread layout: two workers with batches in flight give exactly the outputs of
one worker with every thread, and the pipeline hands a multi-worker engine enough to do."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import corpus

from translate.backends.base import DecodeSettings
from translate.backends.ctranslate2_backend import thread_layout
from translate.engines import load_backend
from translate.errors import BackendError
from translate.pipeline import Translator


def test_layout_shares_the_threads_between_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DEJOUR_CT2_WORKERS", raising=False)
    assert thread_layout(2) == (2, 1)  # the measured default: two single-thread workers
    assert thread_layout(1) == (1, 1)
    assert thread_layout(4) == (2, 2)
    assert thread_layout(8) == (4, 2)
    assert thread_layout(4, 2) == (2, 2)
    assert thread_layout(1, 2) == (1, 1)
    monkeypatch.setenv("DEJOUR_CT2_WORKERS", "1")
    assert thread_layout(2) == (1, 2)
    monkeypatch.setenv("DEJOUR_CT2_WORKERS", "two")
    with pytest.raises(BackendError, match="DEJOUR_CT2_WORKERS"):
        thread_layout(2)


def _texts() -> list[str]:
    german, _ = corpus()
    return german[:40]


@pytest.mark.parametrize("precision", ["int8", "fp32"])
@pytest.mark.parametrize("beam", [1, 4])
def test_outputs_are_those_of_the_single_pool_layout(
    tiny_model: Path, precision: str, beam: int
) -> None:
    single = load_backend(str(tiny_model), precision=precision, threads=2, layout=(1, 2))
    double = load_backend(str(tiny_model), precision=precision, threads=2, layout=(2, 1))
    assert (double.inter_threads, double.intra_threads) == (2, 1)
    settings = DecodeSettings(beam=beam, max_length_ratio=1.0, max_length_offset=2)
    texts = _texts()
    # several sub-batches, so that the two workers really decode at once
    assert len(double._chunks([double.source_tokens(t) for t in texts], beam)) >= 2
    assert double.translate(texts, settings) == single.translate(texts, settings)
    a = double.translate_attended(texts, settings)
    b = single.translate_attended(texts, settings)
    assert [x.target for x in a] == [x.target for x in b]
    for x, y in zip(a, b, strict=True):
        for row_x, row_y in zip(x.attention, y.attention, strict=True):
            assert row_x == pytest.approx(row_y, abs=1e-5)


def test_pipeline_hands_a_multi_worker_engine_batches_in_flight(tiny_model: Path) -> None:
    calls: dict[int, list[int]] = {}
    for workers in (1, 2):
        backend = load_backend(str(tiny_model), threads=2, layout=(workers, 3 - workers))
        sizes = calls.setdefault(workers, [])
        original = backend.translate_attended

        def spy(texts, settings, original=original, sizes=sizes):
            sizes.append(len(texts))
            return original(texts, settings)

        backend.translate_attended = spy  # type: ignore[method-assign]
        texts = [f"Kiew schweigt am {day}. Tag." for day in range(1, 101)]
        Translator(backend, None, DecodeSettings(beam=1), max_batch_sentences=64).translate_texts(
            texts
        )
    assert max(calls[1]) <= 64 < max(calls[2]) <= 128


def test_a_short_article_keeps_both_workers_busy(tiny_model: Path) -> None:
    texts = [f"Kiew schweigt am {day}. Tag des Monats." for day in (3, 5, 7)]
    for workers, expected in ((1, 1), (2, 2)):
        backend = load_backend(str(tiny_model), threads=2, layout=(workers, 3 - workers))
        chunks = backend._chunks([backend.source_tokens(t) for t in texts], 1)
        assert len(chunks) == expected
        assert sorted(i for chunk in chunks for i in chunk) == [0, 1, 2]
    settings = DecodeSettings(beam=1)
    single = load_backend(str(tiny_model), threads=2, layout=(1, 2))
    assert backend.translate(texts, settings) == single.translate(texts, settings)

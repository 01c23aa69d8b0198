"""The backend scoring API and batched forced prefixes, on both engines.

``score`` is what sentence alignment and enforcement rank candidates by, so it must prefer a
model's own translation, agree between engines on the same weights and not depend on how the
pairs are batched; ``translate_with_prefixes`` must be the single-pair call, many at once.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from conftest import parallel_pairs

from translate.backends.base import DecodeSettings, PairScore
from translate.engines import load_backend
from translate.errors import BackendError

ENGINES = ("transformers", "ctranslate2")


@pytest.fixture(scope="module")
def random_engines(tiny_model: Path) -> dict[str, object]:
    return {name: load_backend(str(tiny_model), engine=name, precision="fp32") for name in ENGINES}


@pytest.fixture(scope="module")
def trained_engines(trained_model: Path) -> dict[str, object]:
    return {
        name: load_backend(str(trained_model), engine=name, precision="fp32") for name in ENGINES
    }


def _pairs(n: int = 12) -> tuple[list[str], list[str]]:
    pairs = parallel_pairs()[:n]
    return [s for s, _ in pairs], [t for _, t in pairs]


def test_pair_score_mean_counts_every_piece() -> None:
    assert PairScore(-6.0, 3).mean == -2.0
    assert PairScore(0.0, 0).mean == 0.0


@pytest.mark.parametrize("engine", ENGINES)
def test_scores_are_finite_log_probabilities(random_engines: dict, engine: str) -> None:
    backend = random_engines[engine]
    sources, targets = _pairs()
    scores = backend.score(sources, [*targets[:-1], ""])
    assert len(scores) == len(sources)
    for score, target in zip(scores, [*targets[:-1], ""], strict=True):
        assert math.isfinite(score.log_prob) and score.log_prob < 0
        # every target piece plus </s>
        assert score.tokens == len(backend.vocab.target_pieces(target)) + 1
    assert scores[-1].tokens == 1  # an empty target is just </s>
    assert backend.score([], []) == []


@pytest.mark.parametrize("engine", ENGINES)
def test_own_translation_outscores_unrelated_targets(trained_engines: dict, engine: str) -> None:
    backend = trained_engines[engine]
    sources, _ = _pairs(16)
    own = backend.translate(sources, DecodeSettings(beam=1))
    shuffled = own[5:] + own[:5]  # each source paired with another sentence's translation
    mine = backend.score(sources, own)
    others = backend.score(sources, shuffled)
    for source, a, b in zip(sources, mine, others, strict=True):
        assert a.mean > b.mean, source
    # the greedy output is near-certain for a model that memorised these pairs
    assert sum(s.mean for s in mine) / len(mine) > -0.5


@pytest.mark.parametrize("fixture", ["random_engines", "trained_engines"])
def test_engines_agree_on_the_same_weights(fixture: str, request: pytest.FixtureRequest) -> None:
    engines = request.getfixturevalue(fixture)
    sources, targets = _pairs()
    targets = targets[3:] + targets[:3]
    reference = engines["transformers"].score(sources, targets)
    fast = engines["ctranslate2"].score(sources, targets)
    for a, b in zip(reference, fast, strict=True):
        assert a.tokens == b.tokens
        assert a.log_prob == pytest.approx(b.log_prob, rel=1e-3, abs=1e-3)


@pytest.mark.parametrize("engine", ENGINES)
def test_batching_does_not_change_scores(trained_engines: dict, engine: str) -> None:
    backend = trained_engines[engine]
    sources, targets = _pairs(40)
    together = backend.score(sources, targets)
    alone = [backend.score([s], [t])[0] for s, t in zip(sources[:8], targets[:8], strict=True)]
    for a, b in zip(together[:8], alone, strict=True):
        assert a.tokens == b.tokens
        assert a.log_prob == pytest.approx(b.log_prob, abs=1e-4)


@pytest.mark.parametrize("engine", ENGINES)
def test_mismatched_lengths_are_a_backend_error(random_engines: dict, engine: str) -> None:
    backend = random_engines[engine]
    with pytest.raises(BackendError):
        backend.score(["a"], [])
    with pytest.raises(BackendError):
        backend.translate_with_prefixes(["a"], [], DecodeSettings(beam=1))


PREFIXES = ["The defense minister", "Kyiv", "", "In Kyiv, Shoigu said", "The"]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("beam", [1, 4])
def test_prefixes_are_honoured_and_batching_changes_nothing(
    random_engines: dict, engine: str, beam: int
) -> None:
    backend = random_engines[engine]
    settings = DecodeSettings(beam=beam)
    sources = _pairs(len(PREFIXES))[0]
    batched = backend.translate_with_prefixes(sources, PREFIXES, settings)
    assert len(batched) == len(sources)
    for source, prefix, result in zip(sources, PREFIXES, batched, strict=True):
        assert result.startswith(prefix)
        if prefix:  # the next piece starts a new word
            assert not result[len(prefix) :][:1].isalnum(), (prefix, result)
        assert result == backend.translate_with_prefix(source, prefix, settings)
    assert backend.translate_with_prefixes([], [], settings) == []


def test_batched_prefixes_agree_between_engines_greedy(random_engines: dict) -> None:
    settings = DecodeSettings(beam=1)
    sources = _pairs(len(PREFIXES))[0]
    outputs = {
        name: backend.translate_with_prefixes(sources, PREFIXES, settings)
        for name, backend in random_engines.items()
    }
    assert outputs["transformers"] == outputs["ctranslate2"]


@pytest.mark.parametrize("engine", ENGINES)
def test_trained_model_continues_a_prefix_with_its_reference(
    trained_engines: dict, engine: str
) -> None:
    """A model that memorised its pairs, forced to start with the reference's first words,
    finishes with the rest of the reference."""
    backend = trained_engines[engine]
    sources, targets = _pairs(6)
    prefixes = [" ".join(t.split()[:2]) for t in targets]
    results = backend.translate_with_prefixes(sources, prefixes, DecodeSettings(beam=1))
    own = backend.translate(sources, DecodeSettings(beam=1))
    assert results == own

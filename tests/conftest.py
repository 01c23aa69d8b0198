"""Session-wide fixtures: tiny Marian checkpoints with the real opus-mt-de-en file layout.

Nothing is downloaded: the checkpoints are built here from the project's own small corpus
(``tests/data/tiny_parallel.tsv``) and the sample article.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
SAMPLE_ARTICLE = ROOT / "examples" / "article.de.txt"

# never touch the network from tests, nor the user's translation memory
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="translate-tests-cache-")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def parallel_pairs() -> list[tuple[str, str]]:
    """The (German, English) pairs of the test corpus."""
    pairs = []
    for line in (DATA / "tiny_parallel.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        if line and not line.startswith("#") and line != "source\ttarget":
            source, target = line.split("\t")
            pairs.append((source, target))
    return pairs


def corpus() -> tuple[list[str], list[str]]:
    pairs = parallel_pairs()
    article = SAMPLE_ARTICLE.read_text(encoding="utf-8").splitlines()
    german = [s for s, _ in pairs] + article
    english = [t for _, t in pairs] + [
        "Kyiv, Shoigu, Belousov, Zelensky and the defense minister of Russia met the "
        "Pentagon chief.",
        "The New York Times reported on secret talks between Washington and Moscow.",
    ]
    return german, english


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A randomly initialised tiny Marian checkpoint (greedy/beam generation, never emits </s>)."""
    from translate.devtools.tiny_marian import build_tiny_marian

    german, english = corpus()
    return build_tiny_marian(tmp_path_factory.mktemp("tiny-marian"), german, english)


@pytest.fixture(scope="session")
def tiny_model_b(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A second random checkpoint (other seed, other sizes) for 'any checkpoint' tests."""
    from translate.devtools.tiny_marian import TinyMarianSpec, build_tiny_marian

    german, english = corpus()
    spec = TinyMarianSpec(
        architecture={
            "d_model": 48,
            "encoder_layers": 2,
            "decoder_layers": 1,
            "encoder_attention_heads": 4,
            "decoder_attention_heads": 4,
            "encoder_ffn_dim": 96,
            "decoder_ffn_dim": 96,
        },
        spm_vocab_size=300,
        seed=7,
        num_beams=2,
    )
    return build_tiny_marian(tmp_path_factory.mktemp("tiny-marian-b"), german, english, spec)


@pytest.fixture(scope="session")
def tiny_backend(tiny_model: Path):
    from translate.engines import load_backend

    return load_backend(str(tiny_model))


@pytest.fixture(scope="session")
def trained_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A very small Marian model trained in the session to reproduce ``tiny_parallel.tsv``."""
    from translate.devtools.train_tiny import train_tiny_marian

    german, english = corpus()
    return train_tiny_marian(
        tmp_path_factory.mktemp("trained-marian"),
        parallel_pairs(),
        extra_source=german,
        extra_target=english,
    )


@pytest.fixture(scope="session")
def reverse_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An English→German checkpoint (the layout of opus-mt-en-de) trained on the test corpus
    the other way round: the reverse direction of ``translate align --reverse-model``."""
    from translate.devtools.tiny_marian import TinyMarianSpec
    from translate.devtools.train_tiny import TRAINABLE_ARCHITECTURE, train_tiny_marian

    return train_tiny_marian(
        tmp_path_factory.mktemp("reverse-marian"),
        [(target, source) for source, target in parallel_pairs()],
        spec=TinyMarianSpec(
            architecture=TRAINABLE_ARCHITECTURE,
            spm_vocab_size=300,
            source_lang="en",
            target_lang="de",
        ),
    )


def reordered_pairs() -> list[tuple[str, str]]:
    """Pairs whose English words a glossary term the model's own way (``reordered_pairs.tsv``)."""
    pairs = []
    for line in (DATA / "reordered_pairs.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#") and line != "source\ttarget":
            source, target = line.split("\t")
            pairs.append((source, target))
    return pairs


@pytest.fixture(scope="session")
def reordering_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The trained model of ``trained_model`` that also learnt ``reordered_pairs()``: it writes
    *Minister of Defense*, *the head of the Pentagon*, *Selensky* (enforcement tests)."""
    from translate.devtools.train_tiny import train_tiny_marian

    german, english = corpus()
    return train_tiny_marian(
        tmp_path_factory.mktemp("reordering-marian"),
        parallel_pairs() + reordered_pairs(),
        extra_source=german,
        extra_target=english,
        max_steps=1200,
    )


def write_test_set(folder: Path, lines: int = 6) -> Path:
    """A small self-made test set in newstest2021's file layout (``translate eval --data``).

    German sources and their English translations come from the project's own corpus; the second
    reference is the first with its final period removed, so the two differ as human references do.
    """
    from translate.evaluate import NEWSTEST2021

    pairs = parallel_pairs()[:lines]
    source, (ref_a, ref_b) = NEWSTEST2021
    folder.mkdir(parents=True, exist_ok=True)
    (folder / source).write_text("".join(f"{de}\n" for de, _ in pairs), encoding="utf-8")
    (folder / ref_a).write_text("".join(f"{en}\n" for _, en in pairs), encoding="utf-8")
    (folder / ref_b).write_text("".join(f"{en.rstrip('.')}\n" for _, en in pairs), encoding="utf-8")
    return folder

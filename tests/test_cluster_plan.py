"""The cluster driver's side that needs no Ray process: which sentences each wave sends to the
workers, the recipe the workers get, and the fingerprint that keeps mismatched nodes out."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import parallel_pairs

from translate.cluster import ClusterOptions, RayWaves, engine_fingerprint, portable
from translate.memory import TranslationMemory
from translate.memory_human import HumanTranslation, put_human
from translate.pipeline import Translator
from translate.recipe import TranslatorRecipe


def _seeded(recipe: TranslatorRecipe, folder: Path, human: str, known: str) -> Translator:
    """A translator whose memory holds a human translation of ``human`` and the model's of
    ``known``."""
    memory = TranslationMemory(folder)
    put_human(memory, [HumanTranslation(human, "A person wrote this.", "de-DE", "en-US",
                                        "human", "reviewed", "artikel")])  # fmt: skip
    translator = recipe.build(memory)
    translator.translate_texts([known])
    return translator


def _decoded_per_wave(translator: Translator, waves: list[list[str]]) -> list[list[str]]:
    """What a single-machine run decodes in each wave (texts reaching the model)."""
    seen: list[list[str]] = []
    decode = translator._translate_fresh

    def recording(texts, progress):  # type: ignore[no-untyped-def]
        seen[-1].extend(texts)
        return decode(texts, progress)

    translator._translate_fresh = recording  # type: ignore[method-assign]
    for texts in waves:
        seen.append([])
        translator.translate_texts(texts)
    return seen


@pytest.mark.parametrize("with_memory", [True, False])
def test_each_wave_sends_exactly_what_a_single_machine_run_decodes(
    tmp_path: Path, tiny_model: Path, with_memory: bool
) -> None:
    a, b, c, d, e = (s for s, _ in parallel_pairs()[:5])
    waves = [[a, b, c, c], [c, d], [d, e, a]]
    recipe = TranslatorRecipe(model=str(tiny_model), engine="ctranslate2", beam=1, threads=1)
    if with_memory:
        driver = _seeded(recipe, tmp_path / "driver", human=a, known=b)
        single = _seeded(recipe, tmp_path / "single", human=a, known=b)
        expected = [[c], [d], [e]]  # human and model memory skipped; nothing decoded twice
    else:
        driver, single = recipe.build(None), recipe.build(None)
        expected = [[a, b, c], [c, d], [d, e, a]]  # no memory: each wave decodes its own
    plan = RayWaves(driver, recipe, ClusterOptions()).plan(waves)
    assert plan == expected
    assert plan == _decoded_per_wave(single, waves)
    assert driver.memory_hits == 0 and driver.human_hits == 0  # planning only looks


def test_workers_get_absolute_paths_and_hub_ids_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "models" / "de-en").mkdir(parents=True)
    (tmp_path / "short.tsv").write_text("", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    local = portable(
        TranslatorRecipe(model="models/de-en", engine="ctranslate2", shortlist=Path("short.tsv"))
    )
    assert local.model == str(tmp_path / "models" / "de-en")
    assert local.shortlist == tmp_path / "short.tsv"
    hub = portable(TranslatorRecipe(model="Helsinki-NLP/opus-mt-de-en", engine="ctranslate2"))
    assert hub.model == "Helsinki-NLP/opus-mt-de-en"


def test_the_engine_fingerprint_follows_the_forced_cpu_isa(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CT2_FORCE_CPU_ISA", "AVX2")
    avx2 = engine_fingerprint("ctranslate2")
    monkeypatch.setenv("CT2_FORCE_CPU_ISA", "GENERIC")
    generic = engine_fingerprint("ctranslate2")
    assert avx2 != generic and avx2.endswith("AVX2") and "ctranslate2" in avx2


def test_workers_with_different_engines_are_refused_and_a_different_driver_noted(
    tiny_model: Path,
) -> None:
    from translate.cluster import ClusterError

    recipe = TranslatorRecipe(model=str(tiny_model), engine="ctranslate2", beam=1, threads=1)
    driver = recipe.build(None)
    runner = RayWaves(driver, recipe, ClusterOptions())
    ours = engine_fingerprint("ctranslate2")
    other = ours.rsplit(",", 1)[0] + ", GENERIC"
    assert other != ours
    runner._check_engines([(1, "node-a", ours), (2, "node-a", ours)])
    assert runner.notice is None
    with pytest.raises(ClusterError, match="node-a.*node-b.*CT2_FORCE_CPU_ISA"):
        runner._check_engines([(1, "node-a", ours), (2, "node-b", other)])
    runner._check_engines([(1, "node-b", other), (2, "node-c", other)])
    assert runner.notice is not None and "GENERIC" in runner.notice

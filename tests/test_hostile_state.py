"""Broken state and odd settings never stop, stall or silently damage a run.

One test per class of trouble: a broken conversion cache, a damaged translation memory, odd
``--cache`` paths, output permissions under the umask, one writer per output folder, and the
smaller CLI cases (stdin, ``-f ""``, dangling links).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import warnings
from pathlib import Path

import pytest
from conftest import ROOT
from typer.testing import CliRunner

from translate.cli import app

GLOSSARY = ROOT / "glossaries" / "news-de-en.tsv"
ARTICLE_TEXT = "Meldung\n\nDer Minister sagte am Freitag in Berlin, die Lage sei ernst.\n"
runner = CliRunner()


def _lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.strip()]


def _article_args(model: Path, path: str, out: Path, cache: Path, *extra: str) -> list[str]:
    return [
        "article",
        path,
        "-m",
        str(model),
        "--engine",
        "transformers",
        "--beam",
        "1",
        "--out",
        str(out),
        "--cache",
        str(cache),
        "-f",
        "md,jsonl",
        "-q",
        *extra,
    ]


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "meldung.de.txt"
    path.write_text(ARTICLE_TEXT, encoding="utf-8")
    return path


# --- the conversion cache -------------------------------------------------------------------


def test_broken_conversion_cache_is_replaced(tmp_path: Path, tiny_model: Path) -> None:
    """A half-written ``ctranslate2/<rev>-int8/`` (a killed run, a full disk) is replaced."""
    from translate.backends.convert import cache_candidates, converted_model, is_converted
    from translate.model_files import resolve_model

    model = tmp_path / "model"
    shutil.copytree(tiny_model, model, ignore=shutil.ignore_patterns("ctranslate2"))
    files = resolve_model(str(model))
    target = cache_candidates(files, "int8")[0]
    target.mkdir(parents=True)
    (target / "model.bin").write_bytes(b"half a model")  # no marker: not a finished conversion
    (target / "junk").mkdir()
    (target / "junk" / "x").write_text("x")
    (target.parent / ".converting-old").mkdir()  # a killed conversion's temp folder, fresh
    lines: list[str] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert converted_model(files, "int8", status=lines.append) == target
    assert not [w for w in caught if "sacremoses" in str(w.message)]  # silenced (issue 17 §9)
    assert is_converted(target) and not (target / "junk").exists()
    assert not [
        p
        for p in target.parent.iterdir()
        if p.name.startswith(".converting-") and p.name != ".converting-old"
    ]
    # and the engine loads it
    from translate.engines import load_backend

    backend = load_backend(str(model), engine="ctranslate2")
    assert backend.translate(["Der Minister sagte."], _settings())[0]


def _settings():  # noqa: ANN202 - small helper
    from translate.backends.base import DecodeSettings

    return DecodeSettings(beam=1)


def test_stale_conversion_temp_folders_are_removed(tmp_path: Path) -> None:
    from translate.backends import convert

    old = tmp_path / ".converting-old"
    old.mkdir()
    (old / "model.bin").write_bytes(b"x")
    fresh = tmp_path / ".converting-fresh"
    fresh.mkdir()
    past = os.stat(old).st_mtime - convert.STALE_WORK_SECONDS - 60
    os.utime(old, (past, past))
    convert._remove_stale_work(tmp_path)
    assert not old.exists() and fresh.exists()


# --- a damaged translation memory -----------------------------------------------------------


def _damage(cache: Path) -> Path:
    cache.mkdir(parents=True, exist_ok=True)
    path = cache / "memory.sqlite3"
    path.write_bytes(b"this is not a database at all " * 200)
    return path


def test_damaged_memory_warns_once_and_the_run_goes_on(
    tmp_path: Path, tiny_model: Path, article: Path
) -> None:
    cache = tmp_path / "cache"
    damaged = _damage(cache)
    out = tmp_path / "out"
    result = runner.invoke(app, _article_args(tiny_model, str(article), out, cache))
    assert result.exit_code == 0, result.output
    assert (out / "meldung.en.md").is_file()
    warnings = [line for line in _lines(result.output) if line.startswith("warning:")]
    assert len(warnings) == 1 and "damaged" in warnings[0] and str(damaged) in warnings[0]
    assert [p.name for p in cache.glob("memory.sqlite3.damaged-*")]  # kept for inspection
    # the new memory works: a second run is served from it and warns no more
    again = runner.invoke(app, _article_args(tiny_model, str(article), tmp_path / "o2", cache))
    assert again.exit_code == 0 and "warning" not in again.output
    stats = runner.invoke(app, ["cache", "stats", "--cache", str(cache)])
    assert "sentences: 2" in stats.output and "status: damaged" not in stats.output


def test_memory_damaged_during_a_run_costs_the_memory_not_the_run(tmp_path: Path) -> None:
    from translate.memory import StoredRendering, TranslationMemory

    told: list[str] = []
    memory = TranslationMemory(tmp_path, warn=told.append)
    memory.put_many("ctx", {"Satz.": StoredRendering("Sentence.", (), ())})
    memory._db.execute("DROP TABLE memory")  # any database error from here on
    assert memory.get_many("ctx", ["Satz."]) == {}
    memory.put_many("ctx", {"Satz.": StoredRendering("Sentence.", (), ())})
    assert memory.get_many("ctx", ["Satz."]) == {}
    assert len(told) == 1 and "goes on without it" in told[0]


def test_cache_stats_reports_and_clear_resets_a_damaged_memory(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    damaged = _damage(cache)
    (cache / "memory.sqlite3-wal").write_bytes(b"junk")
    stats = runner.invoke(app, ["cache", "stats", "--cache", str(cache)])
    assert stats.exit_code == 0 and "damaged" in stats.output and "cache clear" in stats.output
    cleared = runner.invoke(app, ["cache", "clear", "--cache", str(cache)])
    assert cleared.exit_code == 0 and "was damaged: moved it to" in cleared.output
    assert not damaged.exists() and not (cache / "memory.sqlite3-wal").exists()
    kept = list(cache.glob("memory.sqlite3.damaged-*"))  # it may hold human translations
    assert len(kept) == 1 and kept[0].read_bytes().startswith(b"this is not a database")
    after = runner.invoke(app, ["cache", "stats", "--cache", str(cache)])
    assert "no translation memory yet" in after.output


def test_cache_clear_empties_a_sound_memory(tmp_path: Path) -> None:
    from translate.memory import StoredRendering, TranslationMemory

    memory = TranslationMemory(tmp_path)
    memory.put_many(
        "ctx", {"A.": StoredRendering("A.", (), ()), "B.": StoredRendering("B.", (), ())}
    )
    memory.close()
    cleared = runner.invoke(app, ["cache", "clear", "--cache", str(tmp_path)])
    assert cleared.exit_code == 0 and "removed 2 sentence(s)" in cleared.output
    with sqlite3.connect(tmp_path / "memory.sqlite3") as db:
        assert db.execute("SELECT COUNT(*) FROM memory").fetchone()[0] == 0


# --- odd --cache paths ----------------------------------------------------------------------


def test_cache_clear_never_creates_a_memory(tmp_path: Path) -> None:
    for folder in (tmp_path / "empty", tmp_path / "not" / "there"):
        if folder.name == "empty":
            folder.mkdir()
        result = runner.invoke(app, ["cache", "clear", "--cache", str(folder)])
        assert result.exit_code == 0 and "nothing to clear" in result.output
        assert not (folder / "memory.sqlite3").exists()
    assert not (tmp_path / "not").exists()


@pytest.mark.parametrize("command", ["stats", "clear"])
def test_a_file_as_cache_folder_is_a_one_line_error(tmp_path: Path, command: str) -> None:
    plain = tmp_path / "plain.txt"
    plain.write_text("not a folder")
    for folder, needle in ((plain, "is a file"), (plain / "sub", "inside the file")):
        result = runner.invoke(app, ["cache", command, "--cache", str(folder)])
        assert result.exit_code != 0
        lines = _lines(result.output)
        assert len(lines) == 1 and lines[0].startswith("error: ") and needle in lines[0]
    assert plain.read_text() == "not a folder"


@pytest.mark.skipif(not Path("/proc/self/mounts").is_file(), reason="needs Linux /proc")
@pytest.mark.parametrize("folder", ["/proc", "/proc/self", "/proc/no-such-folder/cache"])
def test_a_virtual_filesystem_is_no_cache_folder(folder: str) -> None:
    for command in ("stats", "clear"):
        result = runner.invoke(app, ["cache", command, "--cache", folder])
        assert result.exit_code != 0
        lines = _lines(result.output)
        assert len(lines) == 1 and "virtual 'proc' filesystem" in lines[0]


def test_a_run_with_a_file_as_cache_is_a_one_line_error(
    tmp_path: Path, tiny_model: Path, article: Path
) -> None:
    plain = tmp_path / "plain"
    plain.write_text("x")
    result = runner.invoke(app, _article_args(tiny_model, str(article), tmp_path / "o", plain))
    assert result.exit_code != 0
    lines = _lines(result.output)
    assert len(lines) == 1 and "is a file" in lines[0]


# --- permissions ----------------------------------------------------------------------------


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o027, 0o640), (0o002, 0o664)])
def test_outputs_respect_the_umask(tmp_path: Path, umask: int, mode: int) -> None:
    from translate.outputs import atomic_write

    old = os.umask(umask)
    try:
        atomic_write(tmp_path / "a.md", b"text")
        atomic_write(tmp_path / "a.md", b"replaced")  # a replaced file too
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "a.md").stat().st_mode) == mode


def test_article_outputs_and_report_are_world_readable_under_022(
    tmp_path: Path, tiny_model: Path, article: Path
) -> None:
    old = os.umask(0o022)
    try:
        out = tmp_path / "out"
        result = runner.invoke(app, _article_args(tiny_model, str(article), out, tmp_path / "c"))
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.output
    written = sorted(out.glob("meldung.*"))
    assert written and all(stat.S_IMODE(p.stat().st_mode) == 0o644 for p in written)


# --- one writer per output folder -----------------------------------------------------------


def test_article_refuses_a_folder_a_batch_is_writing_into(
    tmp_path: Path, tiny_model: Path, article: Path
) -> None:
    from translate.folder_lock import lock_folder

    out = tmp_path / "out"
    with lock_folder(out, "batch"):
        result = runner.invoke(app, _article_args(tiny_model, str(article), out, tmp_path / "c"))
    assert result.exit_code != 0
    lines = _lines(result.output)
    assert len(lines) == 1 and "another run" in lines[0] and "translate batch" in lines[0]
    assert not list(out.glob("meldung.*"))
    # once the lock is released the same command works, and leaves the lock free again
    result = runner.invoke(app, _article_args(tiny_model, str(article), out, tmp_path / "c"))
    assert result.exit_code == 0, result.output
    assert not (out / ".translate-batch").exists()  # only the outputs are left behind
    with lock_folder(out, "batch"):
        pass


def test_a_lock_file_deleted_by_its_last_holder_is_not_shared(tmp_path: Path) -> None:
    """Release deletes the file; a new holder locks the new file and excludes a third run."""
    from translate.errors import BatchLockedError
    from translate.folder_lock import FolderLock

    first = FolderLock(tmp_path, "article")
    first.release()
    second = FolderLock(tmp_path, "batch")
    try:
        with pytest.raises(BatchLockedError, match="translate batch"):
            FolderLock(tmp_path, "article")
    finally:
        second.release()


def test_batch_refuses_a_folder_an_article_run_is_writing_into(tmp_path: Path) -> None:
    from translate.batch import BatchState
    from translate.errors import BatchLockedError
    from translate.folder_lock import lock_folder

    with (
        lock_folder(tmp_path, "article"),
        pytest.raises(BatchLockedError, match="translate article"),
    ):
        BatchState(tmp_path)


# --- smaller cases --------------------------------------------------------------------------


def test_article_reads_standard_input(tmp_path: Path, tiny_model: Path) -> None:
    out = tmp_path / "out"
    args = _article_args(tiny_model, "-", out, tmp_path / "c")
    result = runner.invoke(app, args, input=ARTICLE_TEXT.encode())
    assert result.exit_code == 0, result.output
    assert (out / "stdin.en.md").is_file() and (out / "stdin.jsonl").is_file()


@pytest.mark.parametrize("value", ["", " ", ","])
def test_an_empty_format_list_is_refused(
    tmp_path: Path, tiny_model: Path, article: Path, value: str
) -> None:
    args = _article_args(tiny_model, str(article), tmp_path / "o", tmp_path / "c")
    args[args.index("md,jsonl")] = value
    result = runner.invoke(app, args)
    assert result.exit_code != 0 and "format" in result.output
    assert not (tmp_path / "o").exists()


def test_batch_reports_a_dangling_symlink(tmp_path: Path, tiny_model: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "gut.txt").write_text(ARTICLE_TEXT, encoding="utf-8")
    (inputs / "weg.txt").symlink_to(tmp_path / "deleted.txt")
    out = tmp_path / "out"
    args = ["batch", str(inputs), "--out", str(out), "-m", str(tiny_model), "--engine"]
    args += ["transformers", "--beam", "1", "--cache", str(tmp_path / "c"), "-q", "-f", "md"]
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert "weg.txt: a dangling symbolic link" in result.output
    assert (out / "gut.en.md").is_file()


def test_batch_goes_on_after_the_issues_html_with_control_characters(
    tmp_path: Path, tiny_model: Path
) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a-gut.txt").write_text(ARTICLE_TEXT, encoding="utf-8")
    (inputs / "b-odd.txt").write_bytes(
        b"<p>Der Minister \x01 sagte.</p><script>x</script>\x02tail\n"
    )
    out = tmp_path / "out"
    args = ["batch", str(inputs), "--out", str(out), "-m", str(tiny_model), "--engine"]
    args += ["transformers", "--beam", "1", "--cache", str(tmp_path / "c"), "-q", "-f", "md"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert (out / "a-gut.en.md").is_file() and (out / "b-odd.en.md").is_file()


@pytest.mark.parametrize("first_line", ["Minister\tminister", "Kiew\tKyiv\tOrt", "quelle\tziel"])
def test_no_header_is_said_the_same_way_by_article_and_glossary_check(
    tmp_path: Path, article: Path, first_line: str
) -> None:
    glossary = tmp_path / "g.tsv"
    glossary.write_text(f"{first_line}\nBundestag\tBundestag\n", encoding="utf-8")
    check = runner.invoke(app, ["glossary", "check", str(glossary)])
    run = runner.invoke(app, ["article", str(article), "-g", str(glossary), "-m", "/nonexistent"])
    assert check.exit_code != 0 and run.exit_code != 0
    checked = [line for line in _lines(check.output) if ": error: " in line]
    assert len(checked) == 1
    message = checked[0].split(": error: ", 1)[1]
    assert _lines(run.output) == [f"error: {glossary}:1: {message}"]


def test_a_damaged_batch_state_is_moved_aside_and_the_batch_runs(
    tmp_path: Path, tiny_model: Path
) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "gut.txt").write_text(ARTICLE_TEXT, encoding="utf-8")
    out = tmp_path / "out"
    (out / ".translate-batch").mkdir(parents=True)
    (out / ".translate-batch" / "state.sqlite3").write_bytes(b"garbage, not sqlite " * 100)
    args = ["batch", str(inputs), "--out", str(out), "-m", str(tiny_model), "--engine"]
    args += ["transformers", "--beam", "1", "--cache", str(tmp_path / "c"), "-q", "-f", "md"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    warnings = [line for line in _lines(result.output) if line.startswith("warning:")]
    assert len(warnings) == 1 and "run state was damaged" in warnings[0]
    assert (out / "gut.en.md").is_file()
    again = runner.invoke(app, args)  # the new state works: the article is now unchanged
    assert again.exit_code == 0 and "warning" not in again.output


def test_human_translations_lookup_failing_mid_run_costs_the_memory_only(tmp_path: Path) -> None:
    from translate.memory import TranslationMemory
    from translate.memory_human import get_human

    told: list[str] = []
    memory = TranslationMemory(tmp_path, warn=told.append)
    memory._db.close()  # the connection breaks under the run
    assert get_human(memory, "en-US", ["Satz."]) == {}
    assert memory.get_many("ctx", ["Satz."]) == {}
    assert len(told) == 1 and "goes on without it" in told[0]


def test_apply_refuses_a_folder_another_run_is_writing_into(tmp_path: Path) -> None:
    from translate.folder_lock import lock_folder

    out = tmp_path / "out"
    out.mkdir()
    with lock_folder(out, "batch"):
        result = runner.invoke(app, ["apply", str(tmp_path / "review.xlf"), "--out", str(out)])
    assert result.exit_code != 0
    lines = _lines(result.output)
    assert len(lines) == 1 and "another run" in lines[0] and "translate batch" in lines[0]

"""translate batch: packing many articles, bad files reported, resume after kill -9, memory."""

from __future__ import annotations

import errno
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, parallel_pairs
from typer.testing import CliRunner

from translate.cli import app

GLOSSARY = ROOT / "glossaries" / "news-de-en.tsv"
runner = CliRunner()


def _make_articles(folder: Path, count: int, per_article: int = 3) -> list[Path]:
    """Small articles built from the test corpus: a title and one paragraph each."""
    sentences = [s for s, _ in parallel_pairs()]
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        body = " ".join(
            sentences[(i * per_article + k) % len(sentences)] for k in range(per_article)
        )
        path = folder / f"artikel-{i:02d}.txt"
        path.write_text(f"Meldung {i}\n\n{body}\n", encoding="utf-8")
        paths.append(path)
    return paths


def _batch_args(model: Path, inputs: list[str], out: Path, *extra: str) -> list[str]:
    return [
        "batch",
        *inputs,
        "--out",
        str(out),
        "-m",
        str(model),
        "-g",
        str(GLOSSARY),
        "--beam",
        "1",
        "-q",
        *extra,
    ]


def _report(out: Path) -> dict[str, dict]:
    lines = (out / "batch-report.jsonl").read_text(encoding="utf-8").splitlines()
    return {r["article"]: r for r in map(json.loads, lines)}


_STAMP = re.compile(
    r"\d{4}-?\d{2}-?\d{2}T\d{2}:?\d{2}:?\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?"  # ISO / TMX
    r"|\b[A-Z][a-z]+ \d{1,2}, \d{4},? \d{1,2}:\d{2}(?::\d{2})?\s?[AP]M(?: [A-Z]{2,4})?"  # babel
)


def _outputs(out: Path) -> dict[str, str]:
    """Every output file's text with run timestamps masked (they are allowed to differ)."""
    return {
        str(p.relative_to(out)): _STAMP.sub("<time>", p.read_text(encoding="utf-8"))
        for p in sorted(out.rglob("*"))
        if p.is_file() and ".translate-batch" not in p.parts and p.name != "batch-report.jsonl"
    }


def test_mixed_folder_translates_good_and_reports_bad(tmp_path: Path, tiny_model: Path) -> None:
    inputs = tmp_path / "in"
    _make_articles(inputs, 2)
    (inputs / "sub").mkdir()
    (inputs / "sub" / "crlf-bom.txt").write_bytes("\ufeffTitel\r\n\r\nKiew schweigt.\r\n".encode())
    (inputs / "latin1.txt").write_bytes(
        "Überschrift\n\nDie Lage in Kiew ist ernst.\n".encode("cp1252")
    )
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "blank.txt").write_bytes(b" \n\n \t\n")
    (inputs / "binary.txt").write_bytes(b"\x00\x01\x02\x03PK\x05")
    (inputs / "bad-encoding.txt").write_bytes(b"Text \x81\x8d\x90 mehr\n")
    (inputs / "html.txt").write_text("<p>Titel</p><p>Kiew &amp; Moskau.</p>", encoding="utf-8")
    (inputs / "folder.txt").mkdir()  # a folder where a file is expected: unreadable as an article
    os.mkfifo(inputs / "pipe.txt")  # tests run as root; a FIFO is another unreadable input
    out = tmp_path / "out"
    result = runner.invoke(app, _batch_args(tiny_model, [str(inputs)], out, "--no-cache"))
    assert result.exit_code == 1
    report = _report(out)
    assert {k for k, r in report.items() if r["status"] == "done"} == {
        "artikel-00.txt",
        "artikel-01.txt",
        "sub/crlf-bom.txt",
        "latin1.txt",
        "html.txt",
    }
    reasons = {k: r["reason"] for k, r in report.items() if r["status"] == "failed"}
    assert set(reasons) == {"empty.txt", "blank.txt", "binary.txt", "bad-encoding.txt", "pipe.txt"}
    assert "empty" in reasons["empty.txt"] and "whitespace" in reasons["blank.txt"]
    assert "binary" in reasons["binary.txt"] and "UTF-8" in reasons["bad-encoding.txt"]
    assert all("\n" not in r for r in reasons.values())
    assert report["latin1.txt"]["warnings"] and report["html.txt"]["warnings"]
    assert (out / "sub" / "crlf-bom.jsonl").is_file()
    assert (out / "artikel-00.en.md").is_file()


def test_rerun_skips_unchanged_and_redoes_changed(tmp_path: Path, tiny_model: Path) -> None:
    inputs = tmp_path / "in"
    paths = _make_articles(inputs, 3)
    out = tmp_path / "out"
    args = _batch_args(tiny_model, [str(inputs)], out, "--no-cache")
    assert runner.invoke(app, args).exit_code == 0
    mtimes = {p: p.stat().st_mtime_ns for p in out.glob("*.jsonl")}
    paths[1].write_text("Neu\n\nDie Gefahr ist groß.\n", encoding="utf-8")
    assert runner.invoke(app, args).exit_code == 0
    statuses = {k: r["status"] for k, r in _report(out).items()}
    assert statuses == {
        "artikel-00.txt": "skipped-unchanged",
        "artikel-01.txt": "done",
        "artikel-02.txt": "skipped-unchanged",
    }
    assert out.joinpath("artikel-00.jsonl").stat().st_mtime_ns == mtimes[out / "artikel-00.jsonl"]


def test_several_input_folders_get_their_own_subfolders(tmp_path: Path, tiny_model: Path) -> None:
    _make_articles(tmp_path / "one", 1)
    _make_articles(tmp_path / "two", 1)
    out = tmp_path / "out"
    args = _batch_args(
        tiny_model, [str(tmp_path / "one"), str(tmp_path / "two")], out, "--no-cache"
    )
    assert runner.invoke(app, args).exit_code == 0
    assert (out / "one" / "artikel-00.jsonl").is_file()
    assert (out / "two" / "artikel-00.jsonl").is_file()


def test_second_run_on_the_same_folder_refuses(tmp_path: Path, tiny_model: Path) -> None:
    from translate.batch import BatchState

    _make_articles(tmp_path / "in", 1)
    out = tmp_path / "out"
    holder = BatchState(out)  # a run in progress holds the lock
    try:
        result = runner.invoke(app, _batch_args(tiny_model, [str(tmp_path / "in")], out))
        assert result.exit_code != 0
        assert "another run (pid" in result.output and str(out) in result.output
    finally:
        holder.close()


def test_output_folder_that_cannot_be_written(tmp_path: Path, tiny_model: Path) -> None:
    _make_articles(tmp_path / "in", 1)
    blocker = tmp_path / "out"
    blocker.write_text("a file where the output folder should be", encoding="utf-8")
    result = runner.invoke(app, _batch_args(tiny_model, [str(tmp_path / "in")], blocker))
    assert result.exit_code != 0
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: ") and "out" in lines[0]


def test_full_disk_fails_that_article_and_the_batch_goes_on(
    tmp_path: Path, tiny_model: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a patched writer stands in for a full disk: os.replace of one article's HTML fails ENOSPC
    import translate.outputs as outputs

    real_replace = os.replace

    def replace(src, dst):
        if str(dst).endswith("artikel-01.html"):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_replace(src, dst)

    monkeypatch.setattr(outputs.os, "replace", replace)
    _make_articles(tmp_path / "in", 3)
    out = tmp_path / "out"
    result = runner.invoke(app, _batch_args(tiny_model, [str(tmp_path / "in")], out, "--no-cache"))
    assert result.exit_code == 1
    report = _report(out)
    assert report["artikel-01.txt"]["status"] == "failed"
    assert "No space left" in report["artikel-01.txt"]["reason"]
    assert report["artikel-00.txt"]["status"] == report["artikel-02.txt"]["status"] == "done"
    assert not [p for p in out.iterdir() if p.name.endswith(".part")]


def test_warm_memory_makes_a_new_output_folder_free(tmp_path: Path, tiny_model: Path) -> None:
    _make_articles(tmp_path / "in", 3)
    cache = tmp_path / "cache"
    first, second = tmp_path / "first", tmp_path / "second"
    assert (
        runner.invoke(
            app, _batch_args(tiny_model, [str(tmp_path / "in")], first, "--cache", str(cache))
        ).exit_code
        == 0
    )
    from translate.memory import TranslationMemory

    stored = TranslationMemory(cache).stats()["sentences"]
    assert stored > 0
    assert (
        runner.invoke(
            app, _batch_args(tiny_model, [str(tmp_path / "in")], second, "--cache", str(cache))
        ).exit_code
        == 0
    )
    assert _outputs(first) == _outputs(second)
    assert TranslationMemory(cache).stats()["sentences"] == stored
    result = runner.invoke(app, ["cache", "clear", "--cache", str(cache)])
    assert result.exit_code == 0 and f"removed {stored}" in result.output


def _run_cli(args: list[str]) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "translate", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )


def _done_count(out: Path) -> int:
    db = out / ".translate-batch" / "state.sqlite3"
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            return conn.execute("SELECT COUNT(*) FROM articles WHERE status='done'").fetchone()[0]
    except sqlite3.Error:
        return 0


def test_sigkill_at_any_moment_then_resume_gives_the_uninterrupted_outputs(
    tmp_path: Path, tiny_model: Path
) -> None:
    inputs = tmp_path / "in"
    _make_articles(inputs, 10, per_article=3)
    common = ["--no-cache", "--wave-sentences", "8"]
    reference = tmp_path / "reference"
    assert _run_cli(_batch_args(tiny_model, [str(inputs)], reference, *common)).wait() == 0
    expected = _outputs(reference)
    assert len(expected) == 10 * 5

    # kill before anything was committed, after one wave, and after several waves
    for kill_after_done in (0, 1, 6):
        out = tmp_path / f"killed-{kill_after_done}"
        proc = _run_cli(_batch_args(tiny_model, [str(inputs)], out, *common))
        deadline = time.monotonic() + 120
        while proc.poll() is None and time.monotonic() < deadline:
            if kill_after_done == 0 and (out / ".translate-batch").exists():
                break
            if kill_after_done and _done_count(out) >= kill_after_done:
                break
            time.sleep(0.05)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
        proc.wait()
        done_before = _done_count(out)
        assert _run_cli(_batch_args(tiny_model, [str(inputs)], out, *common)).wait() == 0
        report = _report(out)
        skipped = sum(r["status"] == "skipped-unchanged" for r in report.values())
        assert skipped == done_before  # nothing complete was redone
        assert _outputs(out) == expected
        assert not [p for p in out.rglob("*.part")]


def test_globs_and_same_named_folders_mirror_without_collisions(tmp_path: Path) -> None:
    from translate.batch import discover_inputs

    for folder in ("b/a", "b/c", "b2/a"):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "art.txt").write_text("Titel\n\nText.\n", encoding="utf-8")
    items, problems = discover_inputs([f"{tmp_path}/b/**/*.txt"])
    assert not problems
    assert sorted(i.key for i in items) == ["a/art.txt", "c/art.txt"]
    items, _ = discover_inputs([str(tmp_path / "b" / "a"), str(tmp_path / "b2" / "a")])
    assert sorted(i.key for i in items) == ["a-2/art.txt", "a/art.txt"]


def test_a_file_name_that_is_not_utf8_fails_alone(tmp_path: Path, tiny_model: Path) -> None:
    """``café.txt`` named in Latin-1 bytes: that article fails with one line; the rest of the
    batch is translated (it used to stop the whole run in the run state)."""
    inputs = tmp_path / "in"
    _make_articles(inputs, 1)
    latin1 = os.fsdecode(bytes(inputs) + b"/caf\xe9.txt")
    Path(latin1).write_text("Die Lage in Kiew ist ernst.\n", encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, _batch_args(tiny_model, [str(inputs)], out, "--no-cache"))
    assert result.exit_code == 1
    report = _report(out)
    assert report["artikel-00.txt"]["status"] == "done"
    failed = report["caf\\xe9.txt"]
    assert failed["status"] == "failed" and "not UTF-8" in failed["reason"]
    assert "rename" in failed["reason"] and "\n" not in failed["reason"]
    assert (out / "artikel-00.en.md").is_file()


def test_outputs_inside_the_input_folder_are_never_inputs(tmp_path: Path, tiny_model: Path) -> None:
    """``batch IN --out IN/out --pattern '*'``: the second run sees only the articles, not the
    outputs, report, state database and lock file of the first."""
    inputs = tmp_path / "in"
    _make_articles(inputs, 2)
    out = inputs / "out"
    args = _batch_args(tiny_model, [str(inputs)], out, "--no-cache", "--pattern", "*")
    for _ in range(2):
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
        assert set(_report(out)) == {"artikel-00.txt", "artikel-01.txt"}
    assert not (out / "out").exists()

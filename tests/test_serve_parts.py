"""The parts of ``translate serve`` that need no server: markup cutting, DeepL glossary entries,
the API keys file, rate limits, and the queue's bound."""

from __future__ import annotations

import html
import re
import time
from pathlib import Path

import fastapi  # noqa: F401 - the serve extra is in the dev install: missing is a broken install
import pytest

from translate.errors import InputError  # noqa: E402
from translate.serve.access import RateLimiter, load_api_keys  # noqa: E402
from translate.serve.errors import ApiError  # noqa: E402
from translate.serve.markup import join, sources, split_text  # noqa: E402
from translate.serve.queue import Profile, QueueFull, TranslationQueue  # noqa: E402
from translate.serve.store import parse_entries  # noqa: E402

TAG = re.compile(r"<[A-Za-z/!?][^<>]*>")
TEXTS = [
    " Der Minister sprach. Er sagte: „Gut.“\n\nZweiter Absatz ",
    "<p>Der <b>Minister</b> sprach.</p>\n<p>Lage &amp; Krieg &lt;heute&gt;.</p>",
    '<?xml version="1.0"?><doc><x id="1"/>Ein Satz.<!-- Notiz --><![CDATA[a<b]]></doc>',
    "<script>if (a < b) { x(); }</script><p>Text 3 < 4</p>",
    "",
    "   ",
]


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("kind", [None, "xml", "html"])
def test_markup_pieces_rebuild_the_text(text: str, kind: str | None) -> None:
    pieces = split_text(text, markup=kind)
    rebuilt = join(pieces, sources(pieces))
    if kind is None:
        assert rebuilt == text
    else:  # the same tags in the same places, the same text up to escaping
        assert TAG.findall(rebuilt) == TAG.findall(text)
        assert html.unescape(rebuilt) == html.unescape(text)
    assert all(s.strip() for s in sources(pieces))


def test_markup_translates_between_tags_only() -> None:
    text = '<p title="Der Titel">Der Minister.</p><x id="3">Nicht hier</x> Ende.'
    pieces = split_text(text, markup="xml", ignore_tags=["x"])
    assert sources(pieces) == ["Der Minister.", "Ende."]
    out = join(pieces, ["The minister & co.", "End."])
    assert out == '<p title="Der Titel">The minister &amp; co.</p><x id="3">Nicht hier</x> End.'
    script = split_text("<script>var a = 'Hallo';</script>Hallo.", markup="html")
    assert sources(script) == ["Hallo."]


def test_unsplit_text_is_one_unit() -> None:
    pieces = split_text("  Eins. Zwei.  ", split_sentences=False)
    assert sources(pieces) == ["Eins. Zwei."]


def test_deepl_entries_tsv_and_csv() -> None:
    assert parse_entries("Kiew\tKyiv\n\nSchoigu\tShoigu\n", "tsv") == [
        ("Kiew", "Kyiv"),
        ("Schoigu", "Shoigu"),
    ]
    csv_text = '"Sergej, Schoigu",Shoigu,de,en\nKiew,Kyiv\n'
    assert parse_entries(csv_text, "csv") == [("Sergej, Schoigu", "Shoigu"), ("Kiew", "Kyiv")]
    for bad, fmt in [
        ("Kiew\tKyiv\nKiew\tKiev", "tsv"),  # duplicate source
        ("Kiew Kyiv", "tsv"),  # no TAB
        ("Kiew\t Kyiv", "tsv"),  # surrounding whitespace
        ("", "tsv"),
        ("Kiew,Kyiv,fr,en", "csv"),
        ("Kiew\tKyiv", "xlsx"),
    ]:
        with pytest.raises(ApiError) as err:
            parse_entries(bad, fmt)
        assert err.value.status == 400


def test_api_keys_file(tmp_path: Path) -> None:
    path = tmp_path / "keys.txt"
    path.write_text("# comment\nalpha\nbeta 1000 60  # note\ngamma - 5\n", encoding="utf-8")
    keys = load_api_keys(path)
    assert keys["alpha"].character_limit is None
    assert (keys["beta"].character_limit, keys["beta"].requests_per_minute) == (1000, 60)
    assert (keys["gamma"].character_limit, keys["gamma"].requests_per_minute) == (None, 5)
    path.write_text("alpha\nalpha 5\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"keys.txt:2: .*twice"):
        load_api_keys(path)
    path.write_text("alpha many\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"keys.txt:1: "):
        load_api_keys(path)


def test_rate_limiter_refills() -> None:
    limiter = RateLimiter()
    assert limiter.take("k", 120) is None and limiter.take("k", None) is None
    for _ in range(119):
        limiter.take("k", 120)
    wait = limiter.take("k", 120)
    assert wait is not None and wait >= 1
    time.sleep(0.6)  # 120/min refills one request per 0.5 s
    assert limiter.take("k", 120) is None


def test_queue_refuses_at_once_when_full(tiny_backend) -> None:
    from translate.pipeline import Translator

    queue = TranslationQueue(lambda profile: Translator(tiny_backend), max_queue=2)
    profile = Profile("en-US")
    # the worker is not started: jobs stay queued
    queue.submit(["Eins."], profile)
    queue.submit(["Zwei."], profile)
    started = time.monotonic()
    with pytest.raises(QueueFull):
        queue.submit(["Drei."], profile)
    assert time.monotonic() - started < 0.1
    queue.start()
    done = queue.submit([], profile)
    assert done.result(timeout=1) == []
    queue.close(timeout=60)
    assert queue.sentences_done == 2

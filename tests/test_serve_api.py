"""``translate serve`` with the real clients: the official ``deepl`` library, ``libretranslatepy``,
and the request shapes of Weblate, Mastodon and Discourse, against a server on 127.0.0.1."""

from __future__ import annotations

import re
import time
import urllib.error
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import deepl
import pytest
import requests
from libretranslatepy import LibreTranslateAPI
from serve_fixtures import make_service, running

from translate.serve.access import KeyPolicy
from translate.serve.service import Limits

TIMEOUT = 30
TAGS = re.compile(r"<[^>]+>")


@pytest.fixture(scope="module")
def url(tiny_backend, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    service = make_service(tiny_backend, tmp_path_factory.mktemp("serve-open"))
    with running(service) as base:
        yield base


@pytest.fixture(scope="module")
def keyed_url(tiny_backend, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    keys = {
        "good-key": KeyPolicy("good-key"),
        "small-key": KeyPolicy("small-key", character_limit=40),
        "slow-key": KeyPolicy("slow-key", requests_per_minute=2),
    }
    service = make_service(tiny_backend, tmp_path_factory.mktemp("serve-keys"), api_keys=keys)
    with running(service) as base:
        yield base


# -- the official DeepL library ---------------------------------------------------------------


def test_deepl_translate_list_to_both_english_variants(url: str) -> None:
    translator = deepl.Translator("any-key", server_url=url)
    texts = ["Der Verteidigungsminister sprach.", "Guten Morgen."]
    us = translator.translate_text(texts, target_lang="EN-US")
    gb = translator.translate_text(texts, source_lang="DE", target_lang="EN-GB")
    assert [r.detected_source_lang for r in us] == ["DE", "DE"]
    assert [r.billed_characters for r in us] == [len(t) for t in texts]
    # the house glossary's locale columns follow target_lang
    assert "defense minister" in us[0].text and "defence minister" not in us[0].text
    assert "defence minister" in gb[0].text
    single = translator.translate_text("Guten Morgen.", target_lang="EN-US")
    assert single.text == us[1].text


def test_deepl_tag_handling_keeps_tags_in_place(url: str) -> None:
    translator = deepl.Translator("any-key", server_url=url)
    html = "<p>Der <b>Minister</b> sprach.</p>\n<p>Die Lage &amp; der Krieg.</p>"
    result = translator.translate_text(html, target_lang="EN-US", tag_handling="html")
    assert TAGS.findall(result.text) == TAGS.findall(html)
    assert result.text.startswith("<p>") and result.text.endswith("</p>")
    assert "Minister</b>" not in result.text or result.text != html
    xml = 'Ein <x id="3"></x> Satz mit <x id="7"></x> Platzhaltern.'
    out = translator.translate_text(xml, target_lang="EN-GB", tag_handling="xml", ignore_tags="x")
    assert TAGS.findall(out.text) == ['<x id="3">', "</x>", '<x id="7">', "</x>"]


def test_deepl_languages_and_usage(url: str) -> None:
    translator = deepl.Translator("any-key", server_url=url)
    assert [lang.code for lang in translator.get_source_languages()] == ["DE"]
    assert {lang.code for lang in translator.get_target_languages()} == {"EN-US", "EN-GB"}
    pairs = translator.get_glossary_languages()
    assert [(p.source_lang, p.target_lang) for p in pairs] == [("de", "en")]
    before = translator.get_usage().character.count
    translator.translate_text("Hallo Welt.", target_lang="EN-US")
    usage = translator.get_usage()
    assert usage.character.count == before + len("Hallo Welt.")
    assert not usage.any_limit_reached


def test_deepl_glossary_lifecycle_and_enforcement(url: str) -> None:
    translator = deepl.Translator("any-key", server_url=url)
    sentence = "Kiew meldet neue Angriffe."
    plain = translator.translate_text(sentence, source_lang="DE", target_lang="EN-US")
    assert "Kyiv" not in plain.text
    glossary = translator.create_glossary("news", "DE", "EN", {"Kiew": "Kyiv", "Angriff": "attack"})
    assert glossary.ready and glossary.entry_count == 2 and glossary.source_lang == "DE"
    used = translator.translate_text(
        sentence, source_lang="DE", target_lang="EN-US", glossary=glossary
    )
    assert "Kyiv" in used.text  # the glossary is enforced, not just suggested
    assert translator.get_glossary(glossary.glossary_id).name == "news"
    assert glossary.glossary_id in {g.glossary_id for g in translator.list_glossaries()}
    assert translator.get_glossary_entries(glossary) == {"Kiew": "Kyiv", "Angriff": "attack"}
    from_csv = translator.create_glossary_from_csv(
        "csv", "DE", "EN", 'Kiew,Kyiv,de,en\n"Schoigu, Sergej",Shoigu,de,en\n'
    )
    assert from_csv.entry_count == 2
    translator.delete_glossary(glossary)
    translator.delete_glossary(from_csv)
    with pytest.raises(deepl.GlossaryNotFoundException):
        translator.get_glossary(glossary.glossary_id)
    with pytest.raises(deepl.DeepLException):
        translator.translate_text(
            sentence, source_lang="DE", target_lang="EN-US", glossary=glossary.glossary_id
        )


def test_deepl_glossaries_persist_in_state(tiny_backend, tmp_path: Path) -> None:
    state = tmp_path / "state"
    with running(make_service(tiny_backend, state)) as base:
        created = deepl.Translator("k", server_url=base).create_glossary(
            "kept", "DE", "EN", {"Kiew": "Kyiv"}
        )
    with running(make_service(tiny_backend, state)) as base:
        again = deepl.Translator("k", server_url=base).get_glossary(created.glossary_id)
    assert again.name == "kept" and again.entry_count == 1


def test_deepl_keys_and_quota(keyed_url: str) -> None:
    with pytest.raises(deepl.AuthorizationException):
        deepl.Translator("wrong-key", server_url=keyed_url).translate_text(
            "Hallo.", target_lang="EN-US"
        )
    small = deepl.Translator("small-key", server_url=keyed_url)
    small.translate_text("Der Minister sprach heute.", target_lang="EN-US")  # 26 of 40
    assert small.get_usage().character.count == 26
    assert small.get_usage().character.limit == 40
    with pytest.raises(deepl.QuotaExceededException):
        small.translate_text("Noch ein langer Satz hier.", target_lang="EN-US")


def test_deepl_bad_requests_get_deepl_errors(url: str) -> None:
    api = f"{url}/v2/translate"
    cases = [
        ({"text": "Hallo", "target_lang": "FR"}, 400),
        ({"text": "Hallo", "target_lang": "EN-US", "source_lang": "FR"}, 400),
        ({"target_lang": "EN-US"}, 400),
        ({"text": "Hallo", "target_lang": "EN-US", "tag_handling": "pdf"}, 400),
        ({"text": "Hal\x01lo", "target_lang": "EN-US"}, 400),
        ({"text": ["x"] * 51, "target_lang": "EN-US"}, 413),
        ({"text": "Hallo", "target_lang": "EN-US", "glossary_id": "nope"}, 404),
        (
            {"text": "Hallo", "target_lang": "EN-US", "source_lang": "DE", "glossary_id": "nope"},
            404,
        ),
    ]
    for body, status in cases:
        response = requests.post(api, json=body, timeout=TIMEOUT)
        assert response.status_code == status, body
        assert isinstance(response.json()["message"], str)
    broken = requests.post(
        api, data=b"{not json", headers={"Content-Type": "application/json"}, timeout=TIMEOUT
    )
    assert broken.status_code == 400 and "JSON" in broken.json()["message"]
    huge = requests.post(
        api, data={"text": "x" * (2 << 20), "target_lang": "EN-US"}, timeout=TIMEOUT
    )
    assert huge.status_code == 413
    # the service still answers after all of that
    ok = requests.post(api, data={"text": "Hallo.", "target_lang": "en-us"}, timeout=TIMEOUT)
    assert ok.status_code == 200


def test_hostile_json_bodies_get_the_apis_400_never_a_500(url: str) -> None:
    """Valid-looking JSON that used to crash a handler: NaN/huge numbers, lone surrogates
    (which nothing downstream can encode), nesting past the recursion limit."""
    json_type = {"Content-Type": "application/json"}
    deepl_cases = [
        ("/v2/translate", b'{"text": "\\ud800 Hallo", "target_lang": "EN-US"}'),
        ("/v2/translate", b"[" * 100_000 + b"]" * 100_000),
        ("/v2/translate", b'{"text": "Hallo", "target_lang": "EN-US", "context": NaN}'),
        (
            "/v2/glossaries",
            b'{"name": "\\udfff", "source_lang": "de", "target_lang": "en", '
            b'"entries": "a\\tb", "entries_format": "tsv"}',
        ),
        (
            "/v2/glossaries",
            b'{"name": "n", "source_lang": "de", "target_lang": "en", '
            b'"entries": "\\ud800\\tb", "entries_format": "tsv"}',
        ),
    ]
    for path, body in deepl_cases:
        r = requests.post(f"{url}{path}", data=body, headers=json_type, timeout=TIMEOUT)
        assert r.status_code == 400, (path, body[:60], r.text[:200])
        assert isinstance(r.json()["message"], str)
    libre = b'{"q": "Hallo", "source": "de", "target": "en", "alternatives": %s}'
    for number in (b"NaN", b"1e400", b"-Infinity", b"1" + b"0" * 400):
        r = requests.post(f"{url}/translate", data=libre % number, headers=json_type, timeout=30)
        assert r.status_code == 400, (number, r.text[:200])
        assert isinstance(r.json()["error"], str)
    r = requests.post(
        f"{url}/translate",
        data={"q": "Hallo", "source": "de", "target": "en", "alternatives": "9" * 5000},
        timeout=TIMEOUT,
    )
    assert r.status_code == 400 and isinstance(r.json()["error"], str)


# -- libretranslatepy -------------------------------------------------------------------------


def test_libretranslatepy_translate_detect_languages(url: str) -> None:
    lt = LibreTranslateAPI(url)
    out = lt.translate("Der Verteidigungsminister sprach.", "de", "en")
    assert isinstance(out, str) and "defense minister" in out
    assert lt.translate("Der Verteidigungsminister sprach.", "auto", "en") == out
    detected = lt.detect("Das ist ein Satz und er ist auf Deutsch.")
    assert detected[0]["language"] == "de" and detected[0]["confidence"] > 50
    assert lt.detect("This is a sentence and it is in English.")[0]["language"] == "en"
    codes = {lang["code"]: lang["targets"] for lang in lt.languages()}
    assert codes["de"] == ["en"]
    with pytest.raises(urllib.error.HTTPError) as err:
        lt.translate("Hallo.", "en", "de")
    assert err.value.code == 400


def test_libretranslatepy_with_keys(keyed_url: str) -> None:
    assert "translatedText" not in LibreTranslateAPI(keyed_url, api_key="good-key").translate(
        "Hallo.", "de", "en"
    )
    with pytest.raises(urllib.error.HTTPError) as err:
        LibreTranslateAPI(keyed_url, api_key="bad").translate("Hallo.", "de", "en")
    assert err.value.code == 403
    with pytest.raises(urllib.error.HTTPError) as err:
        LibreTranslateAPI(keyed_url).translate("Hallo.", "de", "en")
    assert err.value.code == 403
    assert LibreTranslateAPI(keyed_url).languages()  # languages need no key


def test_rate_limit_answers_429_with_retry_after(keyed_url: str) -> None:
    statuses = []
    for _ in range(3):
        r = requests.post(
            f"{keyed_url}/translate",
            data={"q": "Hallo.", "source": "de", "target": "en", "api_key": "slow-key"},
            timeout=TIMEOUT,
        )
        statuses.append(r.status_code)
    assert statuses[:2] == [200, 200] and statuses[2] == 429
    assert int(r.headers["Retry-After"]) >= 1 and "error" in r.json()


# -- the request shapes of real integrations ---------------------------------------------------


def test_weblate_deepl_shape(url: str) -> None:
    """Weblate's DeepL backend: JSON, text list, formality, xml tags with <x/> placeholders."""
    headers = {"Authorization": "DeepL-Auth-Key weblate"}
    langs = requests.get(
        f"{url}/v2/languages", params={"type": "target"}, headers=headers, timeout=TIMEOUT
    )
    assert {x["language"] for x in langs.json()} == {"EN-US", "EN-GB"}
    body = {
        "text": ['Hallo <x id="0"></x> Welt', "Der Minister."],
        "source_lang": "DE",
        "target_lang": "EN-GB",
        "formality": "default",
        "tag_handling": "xml",
        "ignore_tags": ["x"],
        "context": "UI strings",
    }
    r = requests.post(f"{url}/v2/translate", json=body, headers=headers, timeout=TIMEOUT)
    assert r.status_code == 200
    texts = [t["text"] for t in r.json()["translations"]]
    assert len(texts) == 2 and '<x id="0"></x>' in texts[0]
    pairs = requests.get(f"{url}/v2/glossary-language-pairs", headers=headers, timeout=TIMEOUT)
    assert {"source_lang": "de", "target_lang": "en"} in pairs.json()["supported_languages"]
    created = requests.post(
        f"{url}/v2/glossaries",
        json={
            "name": "weblate:1",
            "source_lang": "de",
            "target_lang": "en",
            "entries": "Kiew\tKyiv",
            "entries_format": "tsv",
        },
        headers=headers,
        timeout=TIMEOUT,
    )
    assert created.status_code == 201
    listed = requests.get(f"{url}/v2/glossaries", headers=headers, timeout=TIMEOUT).json()
    assert "weblate:1" in {g["name"] for g in listed["glossaries"]}
    gone = requests.delete(
        f"{url}/v2/glossaries/{created.json()['glossary_id']}", headers=headers, timeout=TIMEOUT
    )
    assert gone.status_code == 204


def test_weblate_libretranslate_shape(url: str) -> None:
    body = {"api_key": "", "q": ["Guten Morgen.", "Der Minister."], "source": "de", "target": "en"}
    r = requests.post(f"{url}/translate", json=body, timeout=TIMEOUT)
    assert r.status_code == 200 and len(r.json()["translatedText"]) == 2
    scalar = requests.post(f"{url}/translate", json={**body, "q": "Guten Morgen."}, timeout=TIMEOUT)
    assert scalar.json()["translatedText"] == r.json()["translatedText"][0]


def test_mastodon_shapes(url: str) -> None:
    """Mastodon: LibreTranslate JSON with a q list, html, source auto; DeepL as a form."""
    body = {
        "q": ['<p>Guten Morgen, <a href="https://x">Welt</a>!</p>'],
        "source": "auto",
        "target": "en",
        "format": "html",
        "api_key": None,
    }
    r = requests.post(f"{url}/translate", json=body, timeout=TIMEOUT)
    assert r.status_code == 200, r.text
    data = r.json()
    assert TAGS.findall(data["translatedText"][0]) == [
        "<p>",
        '<a href="https://x">',
        "</a>",
        "</p>",
    ]
    assert data["detectedLanguage"][0]["language"] == "de"
    langs = requests.get(
        f"{url}/languages", headers={"Content-Type": "application/json"}, timeout=TIMEOUT
    )
    assert {x["code"] for x in langs.json()} >= {"de", "en"}
    form = requests.post(
        f"{url}/v2/translate",
        data={
            "text": "<p>Guten Morgen</p>",
            "source_lang": "DE",
            "target_lang": "en",
            "tag_handling": "html",
        },
        headers={"Authorization": "DeepL-Auth-Key mastodon"},
        timeout=TIMEOUT,
    )
    assert form.status_code == 200
    assert form.json()["translations"][0]["text"].startswith("<p>")
    for kind in ("source", "target"):
        assert requests.get(f"{url}/v2/languages?type={kind}", timeout=TIMEOUT).ok


def test_discourse_shapes(url: str) -> None:
    """Discourse: form-encoded /detect then /translate with format=html and an empty api_key."""
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    detected = requests.post(
        f"{url}/detect", data="q=Das+ist+gut&api_key=", headers=form, timeout=TIMEOUT
    )
    assert detected.json()[0]["language"] == "de"
    r = requests.post(
        f"{url}/translate",
        data="q=%3Cp%3EDas+ist+gut%3C%2Fp%3E&source=de&target=en&format=html&api_key=",
        headers=form,
        timeout=TIMEOUT,
    )
    assert r.status_code == 200 and r.json()["translatedText"].startswith("<p>")
    assert requests.get(f"{url}/languages", timeout=TIMEOUT).status_code == 200


def test_libretranslate_disabled_endpoints_and_misc(url: str) -> None:
    assert requests.post(f"{url}/suggest", data={"q": "a"}, timeout=TIMEOUT).status_code == 403
    assert requests.post(f"{url}/translate_file", timeout=TIMEOUT).status_code == 403
    assert requests.get(f"{url}/health", timeout=TIMEOUT).json() == {"status": "ok"}
    settings = requests.get(f"{url}/frontend/settings", timeout=TIMEOUT).json()
    assert settings["language"]["source"]["code"] == "de" and settings["charLimit"] > 0
    bad = requests.post(
        f"{url}/translate", data={"q": "x", "source": "fr", "target": "en"}, timeout=TIMEOUT
    )
    assert bad.status_code == 400 and bad.json()["error"] == "fr is not supported"
    # repeated keys, query string, booleans in any spelling
    r = requests.post(
        f"{url}/v2/translate?target_lang=EN-US",
        data=[("text", "Eins."), ("text", "Zwei."), ("preserve_formatting", "1")],
        timeout=TIMEOUT,
    )
    assert len(r.json()["translations"]) == 2
    # DeepL also answers GET /v2/translate, everything in the query string
    got = requests.get(
        f"{url}/v2/translate",
        params=[("text", "Eins."), ("text", "Zwei."), ("target_lang", "EN-GB")],
        timeout=TIMEOUT,
    )
    assert got.status_code == 200, got.text
    assert len(got.json()["translations"]) == 2
    multipart = requests.post(
        f"{url}/v2/translate",
        files={"text": (None, "Eins."), "target_lang": (None, "EN-GB")},
        timeout=TIMEOUT,
    )
    assert multipart.status_code == 200, multipart.text
    assert len(multipart.json()["translations"]) == 1


# -- overload -------------------------------------------------------------------------------


def test_overload_answers_429_promptly_and_the_rest_correctly(tiny_backend, tmp_path: Path) -> None:
    service = make_service(
        tiny_backend, tmp_path / "state", limits=Limits(max_queue=2, window_s=0.05)
    )
    article = " ".join(f"Der Minister sprach am {d}. Tag über die Lage." for d in range(1, 9))

    def call(n: int, base: str) -> tuple[int, float, str, int]:
        text = f'<x id="{n}"></x> {article}'
        started = time.monotonic()
        r = requests.post(
            f"{base}/v2/translate",
            json={"text": [text], "target_lang": "EN-US", "tag_handling": "xml"},
            timeout=TIMEOUT,
        )
        elapsed = time.monotonic() - started
        body = r.json()["translations"][0]["text"] if r.status_code == 200 else ""
        return r.status_code, elapsed, body, n

    with running(service) as base:
        with ThreadPoolExecutor(max_workers=16) as pool:
            results = list(pool.map(lambda n: call(n, base), range(16)))
        alone = requests.post(
            f"{base}/v2/translate",
            json={
                "text": [f'<x id="99"></x> {article}'],
                "target_lang": "EN-US",
                "tag_handling": "xml",
            },
            timeout=TIMEOUT,
        ).json()["translations"][0]["text"]
    refused = [r for r in results if r[0] == 429]
    accepted = [r for r in results if r[0] == 200]
    assert refused and accepted and len(refused) + len(accepted) == 16
    assert max(r[1] for r in refused) < 2.0  # refused at once, not after a wait
    for _status, _elapsed, text, n in accepted:  # each client gets its own text back
        assert text.startswith(f'<x id="{n}"></x>')
        assert text.split("</x>", 1)[1] == alone.split("</x>", 1)[1]

"""The interactive review page, driven in a real browser (Playwright + Debian's Chromium).

Every browser test opens the page straight from disk (``file://``), fails on any console error
or uncaught exception, and leaves a screenshot in a temporary folder (printed with ``-s``).
The browser tests skip, saying why, only where no Chromium executable can be found; CI installs
the ``chromium`` package (see ``.ci/run``).
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from lxml import html as lxml_html
from schemas import assert_valid_xliff20
from writers_fixtures import (
    BUNDESTAG,
    CHANCELLOR,
    Sentence,
    build,
    hostile_document,
)

from translate.document import TranslatedDocument, ValueResult
from translate.review.page import json_script_text, page_data
from translate.writers import get_writer
from translate.writers.base import html_text

ROOT = Path(__file__).resolve().parents[1]
XLF = "urn:oasis:names:tc:xliff:document:2.0"
GLS = "urn:oasis:names:tc:xliff:glossary:2.0"
NS = {"x": XLF}
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


# --- the document under review -----------------------------------------------------------------


def _span(text: str, word: str) -> tuple[int, int]:
    start = text.index(word)
    return start, start + len(word)


def review_document(**prov: Any) -> TranslatedDocument:
    """Five pairs in three paragraphs: terms, values (model and corrected) and word alignment."""
    doc = build(
        "bericht",
        [
            [Sentence("Merz trifft Macron.", "Merz meets Macron.")],
            [
                Sentence(
                    "Der Bundeskanzler sprach am 12. Juli im Bundestag.",
                    "The Chancellor spoke in the Bundestag on July 12.",
                    [
                        ("Bundeskanzler", CHANCELLOR, "Chancellor", "model"),
                        ("Bundestag", BUNDESTAG, "Bundestag", "enforced"),
                    ],
                ),
                Sentence("Es kamen 1.000 Gäste.", "1,000 guests came."),
                Sentence("Das war gut.", "That was good."),
            ],
            [Sentence("Ende.", "The end.")],
        ],
        **prov,
    )
    pairs = list(doc.pairs)
    s1, t1 = pairs[1].segment.text, pairs[1].target
    date = ValueResult(
        "date",
        "12. Juli",
        *_span(s1, "12. Juli"),
        "July 12",
        "model",
        "July 12",
        *_span(t1, "July 12"),
    )
    s2, t2 = pairs[2].segment.text, pairs[2].target
    number = ValueResult(
        "number", "1.000", *_span(s2, "1.000"), "1,000", "corrected", "1,000", *_span(t2, "1,000")
    )
    links = tuple(
        (*_span(s2, a), *_span(t2, b))
        for a, b in (("kamen", "came"), ("1.000", "1,000"), ("Gäste", "guests"))
    )
    pairs[1] = replace(pairs[1], values=(date,))
    pairs[2] = replace(pairs[2], values=(number,), alignment=links)
    return replace(doc, pairs=tuple(pairs))


def write_page(path: Path, doc: TranslatedDocument) -> Path:
    path.write_bytes(get_writer("html").render(doc))
    return path


# --- without a browser -----------------------------------------------------------------------


def test_embedded_data_cannot_close_its_script() -> None:
    doc = build(
        "hostile-script",
        [
            [
                Sentence(
                    "Er schrieb </script><script>alert(1)</script> & <!-- x", "He wrote </SCRIPT> &"
                )
            ]
        ],
    )
    data = get_writer("html").render(doc)
    assert data.count(b"</script>") == 2  # the data block and the review script, nothing else
    root = lxml_html.document_fromstring(data)
    block = root.xpath("//script[@id='review-data']")[0]
    embedded = json.loads(block.text)
    assert (
        embedded["pairs"][0]["source"] == "Er schrieb </script><script>alert(1)</script> & <!-- x"
    )
    assert embedded["pairs"][0]["record"]["target"] == "He wrote </SCRIPT> &"
    hostile = "<>&\x7f\x85\u2028\ud800\ufdd0\U0001fffe ä 😀"
    text = json_script_text({"a": hostile})
    assert not re.search("[<>&\x7f-\x9f\u2028\ud800-\udfff\ufdd0\U0001fffe]", text)
    assert "ä 😀" in text  # ordinary text stays readable
    assert json.loads(text) == {"a": hostile}


def test_page_data_carries_checks_alignment_and_signature() -> None:
    doc = review_document()
    data = page_data(doc)
    assert [p["id"] for p in data["pairs"]] == [p.id for p in doc.pairs]
    first = data["pairs"][1]
    assert {t["entry"]: t["accepted"] for t in first["terms"]} == {
        "Bundeskanzler": ["Chancellor", "Federal Chancellor"],
        "Bundestag": ["Bundestag"],
    }
    assert first["values"][0]["expected"] == ["July 12"]
    assert data["pairs"][2]["links"] and data["alignment_available"] is True
    assert data["xliff"] == get_writer("xliff").render(doc).decode("utf-8")
    # a newer translation of the same article has another signature
    changed = replace(
        doc, pairs=(replace(doc.pairs[0], target="Merz sees Macron."), *doc.pairs[1:])
    )
    assert page_data(changed)["signature"] != data["signature"]
    assert page_data(review_document())["signature"] == data["signature"]
    # the same translation run again later fits the saved review
    later = review_document(created=datetime(2025, 1, 2, tzinfo=timezone.utc))
    assert page_data(later)["signature"] == data["signature"]


# --- browser fixtures --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    executable = chromium_path()
    if executable is None:
        reason = (
            "no Chromium executable on PATH (install Debian's package: apt-get install -y chromium)"
        )
        if os.environ.get("TRANSLATE_REQUIRE_BROWSER"):
            pytest.fail(reason + "; TRANSLATE_REQUIRE_BROWSER is set (CI), so this is a failure")
        pytest.skip(reason)
    from playwright import sync_api  # a dev dependency: missing means a broken install

    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("review-screenshots")
    print(f"\nreview page screenshots in {folder}")
    return folder


class Review:
    """One browser context (its own localStorage) with a console-error trap."""

    def __init__(self, browser: Any, downloads: Path) -> None:
        self.context = browser.new_context(accept_downloads=True)
        self.context.set_default_timeout(10_000)
        self.errors: list[str] = []
        self.downloads = downloads
        self.page = self.new_page()

    def new_page(self) -> Any:
        page = self.context.new_page()
        page.on(
            "console",
            lambda msg: (
                self.errors.append(f"console {msg.type}: {msg.text}")
                if msg.type in ("error", "warning")
                else None
            ),
        )
        page.on("pageerror", lambda exc: self.errors.append(f"page error: {exc}"))
        return page

    def open(self, path: Path) -> Any:
        self.page.goto(path.as_uri())
        self.page.wait_for_selector("html[data-review='ready']", timeout=10_000)
        return self.page

    def row(self, pair_id: str) -> Any:
        return self.page.locator(f"tr.pair[data-id='{pair_id}']")

    def target(self, pair_id: str) -> Any:
        return self.row(pair_id).locator("[data-role='target']")

    def click(self, pair_id: str, action: str) -> None:
        self.row(pair_id).locator(f"[data-action='{action}']").click()

    def progress(self) -> str:
        return self.page.locator("#review-progress").inner_text()

    def download(self, action: str) -> Path:
        with self.page.expect_download(timeout=10_000) as info:
            self.page.locator(f".review-bar [data-action='{action}']").click()
        download = info.value
        path = self.downloads / download.suggested_filename
        download.save_as(path)
        return path


@pytest.fixture
def review(
    browser: Any, screenshots: Path, tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[Review]:
    session = Review(browser, tmp_path)
    yield session
    try:
        session.page.screenshot(path=str(screenshots / f"{request.node.name}.png"), full_page=True)
    finally:
        session.context.close()
    assert session.errors == [], session.errors


# --- in the browser ----------------------------------------------------------------------------


def test_edit_approve_comment_and_reload(review: Review, tmp_path: Path) -> None:
    page = review.open(write_page(tmp_path / "bericht.html", review_document()))
    assert review.progress() == "0 of 5 reviewed"
    checks = review.row("p1s0").locator("ul.checks")
    assert "present" in checks.inner_text()
    review.target("p1s0").fill("The head of government spoke in the Bundestag on July 12.")
    # the live check names the glossary term that is gone, at once
    assert re.search("Bundeskanzler.*Chancellor", checks.inner_text())
    review.target("p1s0").fill("The Chancellor spoke in the Bundestag on 12 July.")
    assert "12. Juli" in checks.inner_text() and "Bundeskanzler" not in checks.inner_text()
    review.target("p1s0").fill("Chancellor Merz spoke in the Bundestag on July 12.")
    assert "present" in checks.inner_text()
    review.click("p1s0", "approve")
    review.click("p0s0", "approve")
    review.row("p1s0").locator("textarea").fill("Name added from the photo caption.")
    assert review.progress() == "2 of 5 reviewed"
    # every change is in the browser's storage before the page goes away
    page.wait_for_function(
        "() => Object.keys(localStorage).some(k => { const v = localStorage.getItem(k) || '';"
        " return v.includes('Chancellor Merz spoke') && v.includes('photo caption'); })",
        timeout=10_000,
    )
    page.reload()
    page.wait_for_selector("html[data-review='ready']")
    assert (
        review.target("p1s0").inner_text() == "Chancellor Merz spoke in the Bundestag on July 12."
    )
    assert (
        review.row("p1s0").locator("textarea").input_value() == "Name added from the photo caption."
    )
    assert (
        review.row("p0s0").locator("[data-action='approve']").get_attribute("aria-pressed")
        == "true"
    )
    assert review.progress() == "2 of 5 reviewed"
    # undo walks back one change at a time
    page.locator(".review-bar [data-action='undo']").click()  # nothing to undo after a reload
    assert review.progress() == "2 of 5 reviewed"
    review.click("p1s1", "approve")
    assert review.progress() == "3 of 5 reviewed"
    page.locator(".review-bar [data-action='undo']").click()
    assert review.progress() == "2 of 5 reviewed"
    page.locator("[data-action='approve-paragraph'][data-paragraph='1']").click()
    assert review.progress() == "4 of 5 reviewed"
    approved = review.row("p1s2").locator("[data-action='approve']")
    assert approved.get_attribute("aria-pressed") == "true"


def test_merge_and_split(review: Review, tmp_path: Path) -> None:
    page = review.open(write_page(tmp_path / "bericht.html", review_document()))
    assert review.row("p1s1").locator("[data-action='merge']").is_enabled()
    assert review.row("p1s2").locator("[data-action='merge']").is_disabled()  # last of paragraph
    assert review.row("p1s1").locator("[data-action='split']").is_disabled()
    review.click("p1s1", "merge")
    assert review.row("p1s2").is_hidden()
    assert review.target("p1s1").inner_text() == "1,000 guests came. That was good."
    assert (
        review.row("p1s1").locator("td.source").inner_text() == "Es kamen 1.000 Gäste. Das war gut."
    )
    assert review.progress() == "0 of 4 reviewed"
    review.click("p1s0", "merge")  # takes p1s1 with what it had merged
    assert review.row("p1s1").is_hidden() and review.row("p1s2").is_hidden()
    assert review.target("p1s0").inner_text().endswith("July 12. 1,000 guests came. That was good.")
    assert review.progress() == "0 of 3 reviewed"
    review.click("p1s0", "split")
    assert review.row("p1s1").is_visible() and review.row("p1s2").is_hidden()
    assert review.target("p1s0").inner_text() == "The Chancellor spoke in the Bundestag on July 12."
    page.reload()
    page.wait_for_selector("html[data-review='ready']")
    assert review.row("p1s2").is_hidden()
    assert review.target("p1s1").inner_text() == "1,000 guests came. That was good."
    review.click("p1s1", "split")
    assert review.row("p1s2").is_visible()
    assert review.target("p1s1").inner_text() == "1,000 guests came."
    assert review.target("p1s2").inner_text() == "That was good."
    assert review.progress() == "0 of 5 reviewed"


def test_export_xliff(review: Review, tmp_path: Path) -> None:
    doc = review_document()
    review.open(write_page(tmp_path / "bericht.html", doc))
    review.click("p0s0", "approve")  # approved as is
    review.target("p1s0").fill("Chancellor Merz spoke in the Bundestag on 12 July.")
    review.click("p1s0", "approve")  # edited and approved, though the date check fails
    review.click("p1s1", "merge")  # p1s2 absorbed
    review.row("p1s1").locator("textarea").fill("Two sentences <read> better as one & so on.")
    review.target("p2s0").fill("The end \x01.")  # edited, not approved
    path = review.download("export-xliff")
    assert path.name == "bericht.reviewed.xlf"
    root = etree.fromstring(path.read_bytes())
    assert_valid_xliff20(root)
    original = etree.fromstring(get_writer("xliff").render(doc))
    assert root.find("x:file", NS).get("id") == original.find("x:file", NS).get("id") == "bericht"
    units = [u.get("id") for u in root.iterfind(".//x:unit", NS)]
    assert units == [u.get("id") for u in original.iterfind(".//x:unit", NS)] == ["p0", "p1", "p2"]
    segments = {s.get("id"): s for s in root.iterfind(".//x:segment", NS)}
    assert list(segments) == ["p0s0", "p1s0", "p1s1", "p2s0"]

    def text(segment: etree._Element, part: str) -> str:
        elem = segment.find(f"x:{part}", NS)
        out = [elem.text or ""]
        for child in elem:
            if child.tag == f"{{{XLF}}}cp":
                out.append(chr(int(child.get("hex"), 16)))
            else:
                out.append(child.xpath("string()"))
            out.append(child.tail or "")
        return "".join(out)

    originals = {s.get("id"): s for s in original.iterfind(".//x:segment", NS)}
    for seg_id in ("p0s0", "p1s0", "p2s0"):
        assert text(segments[seg_id], "source") == text(originals[seg_id], "source")
    assert (segments["p0s0"].get("state"), segments["p0s0"].get("subState")) == (
        "reviewed",
        "dejour:approved",
    )
    assert text(segments["p0s0"], "target") == "Merz meets Macron."
    assert (segments["p1s0"].get("state"), segments["p1s0"].get("subState")) == (
        "reviewed",
        "dejour:human",
    )
    assert text(segments["p1s0"], "target") == "Chancellor Merz spoke in the Bundestag on 12 July."
    assert text(segments["p1s1"], "source") == "Es kamen 1.000 Gäste. Das war gut."
    assert text(segments["p1s1"], "target") == "1,000 guests came. That was good."
    assert (
        segments["p1s1"].get("state") == "translated" and segments["p1s1"].get("subState") is None
    )
    assert (segments["p2s0"].get("state"), segments["p2s0"].get("subState")) == (
        "translated",
        "dejour:human",
    )
    assert [cp.get("hex") for cp in segments["p2s0"].iterfind("x:target/x:cp", NS)] == ["0001"]
    assert text(segments["p2s0"], "target") == "The end \x01."
    unit = root.find(".//x:unit[@id='p1']", NS)
    comment = unit.find("x:notes/x:note[@category='comment']", NS)
    assert comment.get("id") == "comment-p1s1"
    assert comment.text == "Two sentences <read> better as one & so on."
    # the failed live check is recorded, not corrected
    checks = [
        n.text for n in unit.iterfind("x:notes/x:note[@category='quality']", NS) if n.get("id")
    ]
    assert len(checks) == 1 and checks[0].startswith("p1s0: review check value-missing:")
    assert "12. Juli" in checks[0]
    # the glossary, metadata and unchanged term marks of the writer's XLIFF are kept
    assert root.find(f".//{{{GLS}}}glossary") is not None
    assert unit.find("x:segment[@id='p1s0']/x:source/x:mrk", NS) is not None


def test_export_jsonl(review: Review, tmp_path: Path) -> None:
    doc = review_document()
    review.open(write_page(tmp_path / "bericht.html", doc))
    review.click("p1s1", "merge")
    review.click("p1s1", "approve")
    review.row("p1s1").locator("textarea").fill("merged")
    review.target("p1s0").fill("Merz spoke in the Bundestag on July 12.")  # term now missing
    path = review.download("export-jsonl")
    assert path.name == "bericht.reviewed.jsonl"
    records = {r["id"]: r for r in map(json.loads, path.read_text("utf-8").splitlines())}
    assert list(records) == ["p0s0", "p1s0", "p1s1", "p2s0"]
    assert (records["p0s0"]["status"], records["p0s0"]["origin"]) == ("translated", "mt")
    merged = records["p1s1"]
    assert (merged["status"], merged["origin"]) == ("reviewed", "mt-approved")
    assert merged["joined"] == ["p1s2"] and merged["comment"] == "merged"
    assert merged["source"] == "Es kamen 1.000 Gäste. Das war gut."
    assert merged["target"] == "1,000 guests came. That was good."
    assert merged["segments"] == [
        {"id": "p1s1", "sentence": 1, "source": "Es kamen 1.000 Gäste."},
        {"id": "p1s2", "sentence": 2, "source": "Das war gut."},
    ]
    assert "segments" not in records["p1s0"]
    # unedited: the engine's word alignment is kept (offsets into the merged text)
    assert merged["alignment"] == [list(link) for link in doc.pairs[2].alignment]
    value = merged["values"][0]
    assert merged["target"][value["target_start"] : value["target_end"]] == "1,000"
    edited = records["p1s0"]
    assert (edited["status"], edited["origin"]) == ("translated", "human")
    assert edited["target"] == "Merz spoke in the Bundestag on July 12."
    assert edited["flags"] == ["term-missing"] and edited["alignment"] == []
    by_entry = {t["entry"]: t for t in edited["terms"]}
    assert by_entry["Bundeskanzler"]["status"] == "missing"
    assert by_entry["Bundeskanzler"]["target"] is None
    start = by_entry["Bundestag"]["target_start"]
    assert edited["target"][start : by_entry["Bundestag"]["target_end"]] == "Bundestag"
    for record in records.values():
        assert record["provenance"]["model_id"] == "Helsinki-NLP/opus-mt-de-en"
        assert record["document"] == "bericht"


def test_keyboard_only_review(review: Review, tmp_path: Path) -> None:
    page = review.open(write_page(tmp_path / "bericht.html", review_document()))
    keys = page.keyboard

    def focused_row() -> str | None:
        return page.evaluate(
            "() => { const r = document.activeElement.closest('tr.pair');"
            " return r ? r.dataset.id : null; }"
        )

    keys.press("j")
    assert focused_row() == "p0s0"
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none")  # focus is visible
    keys.press("a")
    keys.press("j")
    assert focused_row() == "p1s0"
    keys.press("Enter")  # edit
    assert page.evaluate("() => document.activeElement.dataset.role") == "target"
    keys.press("Control+a")
    keys.type("Chancellor Merz spoke in the Bundestag on July 12.")
    keys.press("Escape")
    assert page.evaluate("() => document.activeElement.matches('tr.pair')")
    keys.press("a")
    assert review.progress() == "2 of 5 reviewed"
    keys.press("j")
    keys.press("m")  # merge p1s1 with p1s2
    assert review.row("p1s2").is_hidden() and focused_row() == "p1s1"
    keys.press("c")
    keys.type("checked against the wire copy")
    keys.press("Escape")
    keys.press("s")  # split again
    assert review.row("p1s2").is_visible()
    keys.press("e")
    keys.press("End")
    keys.type(" Really.")
    keys.press("Control+Enter")  # leave, approve and move on
    assert review.target("p1s1").inner_text() == "1,000 guests came. Really."
    assert review.progress() == "3 of 5 reviewed" and focused_row() == "p1s2"
    keys.press("u")  # undo the approval
    assert review.progress() == "2 of 5 reviewed"
    keys.press("u")  # and the edit
    assert review.target("p1s1").inner_text() == "1,000 guests came."
    keys.press("k")
    keys.press("w")  # word alignment by keyboard: focus lights the linked target word
    assert page.evaluate("() => document.activeElement.classList.contains('w')")
    lit = review.row("p1s1").locator("td.target .w.lit")
    assert lit.count() >= 1
    keys.press("Escape")
    keys.press("/")
    keys.type("guests")
    assert review.row("p1s1").is_visible() and review.row("p0s0").is_hidden()
    assert review.row("p1s1").locator("textarea").input_value() == "checked against the wire copy"


def test_enter_on_the_provenance_summary_unfolds_it(review: Review, tmp_path: Path) -> None:
    """A keyboard user on the folded provenance presses Enter: it unfolds, no row opens."""
    page = review.open(write_page(tmp_path / "bericht.html", review_document()))
    page.keyboard.press("j")  # a current row exists: Enter must still go to the summary
    page.locator("details.provenance > summary").focus()
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.querySelector('details.provenance').open")
    assert page.evaluate("() => document.activeElement.tagName") == "SUMMARY"


def test_keyboard_review_under_the_open_filter(review: Review, tmp_path: Path) -> None:
    """Approving under "not yet reviewed" hides the row: the focus moves on to the next open
    sentence, so a second ``a`` approves that one instead of un-approving the hidden one."""
    page = review.open(write_page(tmp_path / "bericht.html", review_document()))
    keys = page.keyboard
    page.select_option("#review-filter", "open")
    page.evaluate("() => document.activeElement.blur()")

    def focused_row() -> str | None:
        return page.evaluate(
            "() => { const r = document.activeElement.closest('tr.pair');"
            " return r ? r.dataset.id : null; }"
        )

    keys.press("j")
    assert focused_row() == "p0s0"
    keys.press("a")
    assert review.row("p0s0").is_hidden() and focused_row() == "p1s0"
    keys.press("a")
    assert review.progress() == "2 of 5 reviewed" and focused_row() == "p1s1"
    keys.press("e")
    keys.press("End")
    keys.type(" Indeed.")
    keys.press("Control+Enter")  # leave, approve, on to the next open sentence (not past it)
    assert review.progress() == "3 of 5 reviewed" and focused_row() == "p1s2"


def test_alignment_hover_filters_and_search(review: Review, tmp_path: Path) -> None:
    page = review.open(write_page(tmp_path / "bericht.html", review_document()))
    assert "Hover or focus a word" in page.locator("#alignment-status").inner_text()
    row = review.row("p1s1")
    row.locator("td.source .w", has_text="Gäste").hover()
    assert [w.inner_text() for w in row.locator("td.target .w.lit").all()] == ["guests"]
    row.locator("td.target .w", has_text="came").hover()
    assert [w.inner_text() for w in row.locator("td.source .w.lit").all()] == ["kamen"]
    # values and terms keep their own marks beside the alignment
    assert row.locator("td.target mark.value", has_text="1,000").count() == 1
    filter_box = page.locator("#review-filter")

    def shown() -> list[str]:
        return page.eval_on_selector_all(
            "tr.pair:not([hidden])", "rows => rows.map(r => r.dataset.id)"
        )

    filter_box.select_option("values")
    assert shown() == ["p1s0", "p1s1"]
    filter_box.select_option("terms")
    assert shown() == ["p1s0"]
    filter_box.select_option("all")
    review.target("p2s0").fill("The end!")
    filter_box.select_option("edited")
    assert shown() == ["p2s0"]
    filter_box.select_option("flagged")
    assert shown() == []
    filter_box.select_option("all")
    review.target("p1s1").fill("Many guests came.")  # the number is gone: flagged at once
    filter_box.select_option("flagged")
    assert shown() == ["p1s1"]
    filter_box.select_option("open")
    review.click("p0s0", "approve")
    assert "p0s0" not in shown()
    filter_box.select_option("all")
    page.locator("#review-search").fill("bundestag")
    assert shown() == ["p1s0"]


def test_stale_review_is_not_applied_silently(review: Review, tmp_path: Path) -> None:
    path = write_page(tmp_path / "bericht.html", review_document())
    page = review.open(path)
    review.target("p2s0").fill("The End.")
    review.click("p2s0", "approve")
    newer = review_document()
    newer = replace(
        newer, pairs=(replace(newer.pairs[0], target="Merz sees Macron."), *newer.pairs[1:])
    )
    write_page(path, newer)
    page.reload()
    page.wait_for_selector("html[data-review='ready']")
    banner = page.locator(".banner")
    assert "another translation" in banner.inner_text()
    assert review.target("p2s0").inner_text() == "The end."
    assert review.progress() == "0 of 5 reviewed"
    banner.locator("button", has_text="Apply").click()
    assert review.target("p2s0").inner_text() == "The End."
    assert review.progress() == "1 of 5 reviewed"


def test_hostile_text_is_shown_exactly(review: Review, tmp_path: Path) -> None:
    doc = hostile_document()
    page = review.open(write_page(tmp_path / "hostile.html", doc))
    for pair in doc.pairs:
        assert review.target(pair.id).text_content() == html_text(pair.target)
    assert "unavailable" in page.locator("#alignment-status").inner_text()


def test_page_from_a_real_article_run(review: Review, tmp_path: Path, tiny_model: Path) -> None:
    from typer.testing import CliRunner

    from translate.cli import app

    out = tmp_path / "out"
    article = ROOT / "examples" / "article.de.txt"
    result = CliRunner().invoke(
        app,
        [
            "article",
            str(article),
            "-m",
            str(tiny_model),
            "-o",
            str(out),
            "--format",
            "html,jsonl",
            "--no-cache",
            "--glossary",
            str(ROOT / "glossaries" / "news-de-en.tsv"),
        ],
    )
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in (out / "article.jsonl").read_text("utf-8").splitlines()]
    page = review.open(out / "article.html")
    ids = page.eval_on_selector_all("tr.pair", "rows => rows.map(r => r.dataset.id)")
    assert ids == [r["id"] for r in records]
    assert review.progress() == f"0 of {len(records)} reviewed"
    status = page.locator("#alignment-status").inner_text()
    if any(r.get("alignment") for r in records):
        assert "Hover or focus" in status
    else:
        assert "unavailable" in status
    first = records[0]["id"]
    review.click(first, "approve")
    exported = etree.fromstring(review.download("export-xliff").read_bytes())
    segment = exported.find(f".//x:segment[@id='{first}']", NS)
    assert segment.get("state") == "reviewed" and segment.get("subState") == "dejour:approved"
    assert_valid_xliff20(exported)


CONTRAST_JS = """
() => {
  const parse = (c) => {
    const p = c.match(/rgba?\\(([^)]+)\\)/)[1].split(",").map(Number.parseFloat);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const lum = (rgb) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(rgb[0]) + 0.7152 * f(rgb[1]) + 0.0722 * f(rgb[2]);
  };
  const background = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c[3] > 0.5) { return c; }
    }
    return [255, 255, 255, 1];
  };
  const low = [];
  const selector = "td, th, li, .badge, .align-note, button, label, .note, .keys, kbd, mark, "
    + ".progress, summary, dt, dd, h1, h2, p, .w";
  document.querySelectorAll(selector).forEach((el) => {
    if (!el.getClientRects().length || !el.textContent.trim() || el.disabled) { return; }
    const a = lum(parse(getComputedStyle(el).color));
    const b = lum(background(el));
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    if (ratio < 4.5) { low.push(`${el.tagName}.${el.className}: ${ratio.toFixed(2)}`); }
  });
  return low;
}
"""


def test_text_contrast_meets_wcag_aa(review: Review, tmp_path: Path) -> None:
    page = review.open(write_page(tmp_path / "bericht.html", review_document()))
    page.locator("details.provenance summary").click()
    review.click("p0s0", "approve")
    review.target("p1s0").fill("Merz spoke.")  # failed checks are listed
    review.row("p1s1").locator("td.source .w", has_text="Gäste").hover()  # lit words
    assert page.evaluate(CONTRAST_JS) == []
    review.open(write_page(tmp_path / "hostile.html", hostile_document()))
    assert page.evaluate(CONTRAST_JS) == []


def test_page_of_a_reviewed_document_and_repeated_export(review: Review, tmp_path: Path) -> None:
    doc = review_document()
    done = replace(doc.pairs[0], state="reviewed", origin="human", comment="from the desk")
    doc = replace(doc, pairs=(done, *doc.pairs[1:]))
    page = review.open(write_page(tmp_path / "bericht.html", doc))
    assert review.progress() == "1 of 5 reviewed"
    assert review.row("p0s0").locator("textarea").input_value() == "from the desk"
    review.row("p1s0").locator("textarea").fill("first")
    for _ in range(2):  # each export starts from the embedded XLIFF: one note per comment
        root = etree.fromstring(review.download("export-xliff").read_bytes())
        first = root.find(".//x:segment[@id='p0s0']", NS)
        assert (first.get("state"), first.get("subState")) == ("reviewed", "dejour:human")
        notes = root.findall(".//x:note[@category='comment']", NS)
        assert sorted((n.get("id"), n.text) for n in notes) == [
            ("comment-p0s0", "from the desk"),
            ("comment-p1s0", "first"),
        ]
    review.click("p0s0", "approve")  # withdrawn: translated again, still a human sentence
    records = [
        json.loads(x) for x in review.download("export-jsonl").read_text("utf-8").split("\n") if x
    ]
    assert (records[0]["status"], records[0]["origin"]) == ("translated", "human")
    assert page.locator("#review-progress").inner_text() == "0 of 5 reviewed"


@pytest.mark.parametrize("export", ["xliff", "jsonl"])
def test_review_round_trip_through_apply(
    review: Review, tmp_path: Path, tiny_model: Path, export: str
) -> None:
    """Page → export XLIFF or JSONL → ``translate apply`` → corrected Markdown, XLIFF, JSONL."""
    from typer.testing import CliRunner

    from translate.cli import app

    out = tmp_path / "out"
    article = ROOT / "examples" / "article.de.txt"
    runner = CliRunner()
    result = runner.invoke(
        app,
        ["article", str(article), "-m", str(tiny_model), "-o", str(out), "--no-cache"]
        + ["--format", "md,xliff,html,jsonl"],
    )
    assert result.exit_code == 0, result.output
    records = [json.loads(x) for x in (out / "article.jsonl").read_text("utf-8").splitlines()]
    by_paragraph: dict[int, list[str]] = {}
    for record in records:
        by_paragraph.setdefault(record["paragraph"], []).append(record["id"])
    edited = records[0]["id"]
    first, second = next(
        ids[:2] for ids in by_paragraph.values() if len(ids) >= 2 and edited not in ids
    )
    review.open(out / "article.html")
    review.target(edited).fill("A sentence the reviewer wrote.")
    review.click(edited, "approve")
    review.click(first, "merge")
    review.target(first).fill("Two sentences, now one.")
    review.row(first).locator("textarea").fill("two sentences, one thought")
    review.click(first, "approve")
    reviewed = review.download(f"export-{export}")
    result = runner.invoke(app, ["apply", str(reviewed), "--out", str(out)])
    assert result.exit_code == 0, result.output
    edition = (out / "article.en.md").read_text("utf-8")
    assert edition.count("A sentence the reviewer wrote.") == 1
    assert edition.count("Two sentences, now one.") == 1
    after = {
        r["id"]: r
        for r in map(json.loads, (out / "article.jsonl").read_text("utf-8").split("\n")[:-1])
    }
    assert second not in after
    assert (after[edited]["status"], after[edited]["origin"]) == ("reviewed", "human")
    assert after[first]["joined"] == [second]
    assert after[first]["comment"] == "two sentences, one thought"
    xliff = etree.fromstring((out / "article.xlf").read_bytes())
    assert_valid_xliff20(xliff)
    segment = xliff.find(f".//x:segment[@id='{edited}']", NS)
    assert (segment.get("state"), segment.get("subState")) == ("reviewed", "dejour:human")
    assert xliff.find(f".//x:segment[@id='{second}']", NS) is None
    # the page apply wrote shows the review as done, and the browser's saved copy of it is
    # recognised as applied (no stale-review warning)
    page = review.open(out / "article.html")
    assert page.locator(".banner").count() == 0
    assert review.progress() == f"2 of {len(after)} reviewed"
    assert review.target(edited).inner_text() == "A sentence the reviewer wrote."
    sources = {r["id"]: r["source"] for r in records}
    merged_source = f"{sources[first]} {sources[second]}"
    assert review.row(first).locator("td.source").inner_text() == merged_source
    assert review.row(second).count() == 0


def test_cleared_target_is_sent_back_through_apply(
    review: Review, tmp_path: Path, tiny_model: Path
) -> None:
    """A reviewer empties a target: the page says it goes back for translation and will not
    approve it; both exports carry the empty target; ``apply`` keeps the current text, not
    approved, flagged ``needs-translation``, with one warning line."""
    from typer.testing import CliRunner

    from translate.cli import app

    out = tmp_path / "out"
    runner = CliRunner()
    result = runner.invoke(
        app,
        ["article", str(ROOT / "examples" / "article.de.txt"), "-m", str(tiny_model)]
        + ["-o", str(out), "--no-cache", "--format", "md,xliff,html,jsonl"],
    )
    assert result.exit_code == 0, result.output
    records = [json.loads(x) for x in (out / "article.jsonl").read_text("utf-8").splitlines()]
    cleared = records[1]["id"]
    review.open(out / "article.html")
    review.target(cleared).fill("")
    checks = review.row(cleared).locator("ul.checks li[data-flag='needs-translation']")
    assert checks.count() == 1 and "sent back" in checks.inner_text()
    review.click(cleared, "approve")  # refused: nothing to approve
    assert "no translation to approve" in review.page.locator("p[role='status']").inner_text()
    assert not review.row(cleared).evaluate("row => row.classList.contains('reviewed')")
    exported = [
        json.loads(line) for line in review.download("export-jsonl").read_text("utf-8").splitlines()
    ]
    record = next(r for r in exported if r["id"] == cleared)
    assert (record["target"], record["status"]) == ("", "translated")
    assert "needs-translation" in record["flags"]
    reviewed = review.download("export-xliff")
    segment = etree.fromstring(reviewed.read_bytes()).find(f".//x:segment[@id='{cleared}']", NS)
    assert "".join(segment.find("x:target", NS).itertext()) == ""
    assert segment.get("state") == "translated"

    result = runner.invoke(app, ["apply", str(reviewed), "--out", str(out)])
    assert result.exit_code == 0, result.output
    warnings = [x for x in result.output.splitlines() if x.startswith("warning: ")]
    assert len(warnings) == 1 and f"segment {cleared}" in warnings[0]
    after = {
        r["id"]: r
        for r in map(json.loads, (out / "article.jsonl").read_text("utf-8").split("\n")[:-1])
    }
    assert after[cleared]["target"] == records[1]["target"]  # never an empty sentence
    assert after[cleared]["status"] == "translated"
    assert "needs-translation" in after[cleared]["flags"]
    assert records[1]["target"] in (out / "article.en.md").read_text("utf-8")


def test_review_state_is_readable_without_scripts() -> None:
    doc = review_document()
    pairs = list(doc.pairs)
    pairs[0] = replace(pairs[0], state="reviewed", origin="human", comment="checked <twice>")
    pairs[1] = replace(pairs[1], state="final", origin="mt-approved")
    root = lxml_html.document_fromstring(
        get_writer("html").render(replace(doc, pairs=tuple(pairs)))
    )
    rows = {r.get("data-id"): r for r in root.xpath("//tr[contains(@class, 'pair')]")}
    assert (rows["p0s0"].get("data-state"), rows["p0s0"].get("data-origin")) == (
        "reviewed",
        "human",
    )
    notes = rows["p0s0"].xpath("string(td[@class='notes'])")
    assert "reviewed (written by a person)" in notes and "comment: checked <twice>" in notes
    assert "final (machine translation, approved)" in rows["p1s0"].xpath(
        "string(td[@class='notes'])"
    )
    assert rows["p1s1"].xpath("string(td[@class='notes'])").count("reviewed") == 0
    # folded provenance, and a note for readers without scripts
    assert root.xpath("//details[@class='provenance']/summary")
    assert "read-only" in root.xpath("string(//noscript)")


def test_page_reads_with_scripts_off(browser: Any, tmp_path: Path, screenshots: Path) -> None:
    doc = review_document()
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(write_page(tmp_path / "bericht.html", doc).as_uri())
        assert "read-only" in page.locator("noscript").inner_text()
        targets = page.locator("tr.pair [data-role='target']")
        assert targets.all_inner_texts() == [p.target for p in doc.pairs]
        assert page.locator("[data-action]").count() == 0  # no dead buttons
        assert page.locator("details.provenance").is_visible()
        page.screenshot(path=str(screenshots / "test_page_reads_with_scripts_off.png"))
    finally:
        context.close()

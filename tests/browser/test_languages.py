"""The map in Dari and Pashto, as a reader meets it: right to left, in their script.

The pages are the shipped scenarios rendered with ``afmap render --lang fa|ps``,
opened offline at phone and desktop sizes. What a scenario writes (era names,
claim labels, notes, sources, event names) stays as written; everything afmap
writes must be in the page's language, which the visible-strings test checks.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from afmap.cli import cli
from afmap.pageformat import decode
from browser.conftest import opener
from browser.mappage import MapPage, page_data
from browser.test_maps_in_browser import DETAILS, assert_clean
from browser.test_readers import SIZES, axe_violations, inside

pytestmark = pytest.mark.browser

#: The lang attribute and the province/faction names' language of each page.
TAGS = {"en": "en", "fa": "fa-AF", "ps": "ps"}
ARABIC = re.compile(r"[\u0600-\u06FF]")
LATIN = re.compile(r"[A-Za-z]")
#: Latin text that may stay on a Dari or Pashto page: Leaflet's credit, a province's
#: ISO code, and the switch's "English", which carries lang="en" (checked below).
ALLOWED = (re.compile(r"\bLeaflet\b"), re.compile(r"\bAF-[A-Z]{3}\b"))


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, Path]:
    """The shipped timeline in each language, as ``afmap render --lang`` writes it."""
    folder = tmp_path_factory.mktemp("languages")
    out = {}
    for code in TAGS:
        path = folder / f"timeline-{code}.html"
        result = CliRunner().invoke(cli, ["render", "--lang", code, "--out", str(path)])
        assert result.exit_code == 0, result.output
        assert result.output == f"wrote {path}\n"
        out[code] = path
    return out


@pytest.fixture
def open_lang(browser, pages):
    """Open the page of ``code`` (or of ``page_code``) at a size, with a ?query and #hash."""
    with opener(browser, pages) as open_:
        def open_code(code: str, size: str = "desktop", query: str = "",
                      hash_: str = "#1998-09-01", page_code: str | None = None) -> MapPage:
            return open_(page_code or code, query + hash_, SIZES[size])
        yield open_code


def visible_strings(m: MapPage) -> list[str]:
    """Every string the page shows or says now: visible text nodes, and the
    accessible names and titles of its elements. Text inside an element with
    a ``lang`` of its own (the language switch) is left out: it is in that language."""
    return m.page.evaluate("""() => {
        const out = [], page = document.documentElement.lang;
        const foreign = el => { const l = el.closest('[lang]'); return l && l.lang !== page; };
        const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        for (let n = walk.nextNode(); n; n = walk.nextNode()) {
            const el = n.parentElement, text = n.textContent.trim();
            if (!text || !el || foreign(el) || el.closest('script, style')) continue;
            if (el.getClientRects().length === 0 || el.closest('[hidden]')) continue;
            if (el.closest('.afmap-sr-only') || getComputedStyle(el).visibility !== 'hidden') out.push(text);
        }
        for (const el of document.querySelectorAll('[aria-label], [title], [aria-valuetext]')) {
            if (foreign(el)) continue;
            for (const a of ['aria-label', 'title', 'aria-valuetext'])
                if (el.getAttribute(a)) out.push(el.getAttribute(a));
        }
        out.push(document.title);
        return out;
    }""")


def scenario_texts(path: Path) -> list[str]:
    """What the scenario itself writes into the page, longest first."""
    data = page_data(path)
    texts = [*data["notes"], *decode(data)["sources"], *(e["name"] for e in data["events"]),
             *(e[0] for e in data["eras"]), *(p[0] for p in data["periods"] if p[0])]
    return sorted({t for t in texts if t}, key=len, reverse=True)


def latin_left(strings: list[str], own: list[str]) -> list[str]:
    """The strings that still hold Latin letters once the scenario's text is taken out."""
    left = []
    for s in strings:
        s = s.replace("\u2068", "").replace("\u2069", "")
        for t in own:
            s = s.replace(t, "")
        for allowed in ALLOWED:
            s = allowed.sub("", s)
        if LATIN.search(s):
            left.append(s)
    return left


def open_details(m: MapPage, code: str) -> None:
    m.page.locator(f'path.afmap-province[data-code="{code}"]').focus()
    m.page.keyboard.press("Enter")
    m.page.wait_for_selector(DETAILS)


@pytest.mark.parametrize("code", ["fa", "ps"])
def test_the_page_is_right_to_left_in_its_language(open_lang, pages, code):
    assert f'<html lang="{TAGS[code]}" dir="rtl">' in pages[code].read_text(encoding="utf-8")
    m = open_lang(code)
    assert m.page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == \
        [TAGS[code], "rtl"]
    title = m.page.locator(".afmap-title").bounding_box()
    assert title["x"] + title["width"] > 1280 - 20  # the title box starts at the right
    assert_clean(m)


@pytest.mark.parametrize("code", ["fa", "ps"])
def test_every_label_and_legend_entry_is_in_arabic_script(open_lang, code):
    m = open_lang(code)
    labels = m.page.eval_on_selector_all(".afmap-label-text", "els => els.map(e => e.textContent)")
    assert len(labels) == 34
    assert [x for x in labels if not ARABIC.search(x) or LATIN.search(x)] == []
    legend = m.page.eval_on_selector_all(".afmap-legend li:not([hidden])",
                                         "els => els.map(e => e.textContent)")
    assert legend and [x for x in legend if not ARABIC.search(x) or LATIN.search(x)] == []
    layers = m.page.eval_on_selector_all(".leaflet-control-layers-overlays label",
                                         "els => els.map(e => e.textContent)")
    assert layers and [x for x in layers if LATIN.search(x)] == []
    assert_clean(m)


@pytest.mark.parametrize("size", ["phone", "desktop"])
@pytest.mark.parametrize("code", ["fa", "ps"])
def test_no_latin_interface_string_is_left(open_lang, pages, code, size):
    m = open_lang(code, size)
    own = scenario_texts(pages[code])
    strings = visible_strings(m)
    assert any(ARABIC.search(s) for s in strings)
    assert latin_left(strings, own) == []
    open_details(m, "AF-BAM")  # a panel with labels, dates, a note and sources
    m.page.keyboard.press("ArrowRight")  # and the slider moved under it
    strings = visible_strings(m)
    assert latin_left(strings, own) == []
    written_as = m.page.locator(".afmap-written-as").inner_text()
    assert ARABIC.search(written_as)
    assert_clean(m)


def test_the_check_finds_english_left_on_a_page(open_lang, pages):
    """The visible-strings check is not blind: on the English page it finds English."""
    m = open_lang("en")
    left = latin_left(visible_strings(m), scenario_texts(pages["en"]))
    assert "Who held each province" in left and "Skip to the provinces" in left


@pytest.mark.parametrize("code", ["fa", "ps"])
def test_arrow_keys_step_in_the_reading_direction(open_lang, code):
    m = open_lang(code)
    page = m.page
    page.locator(".afmap-title h1").click()  # focus on the page, not in a field
    start = m.current()["index"]
    page.keyboard.press("ArrowLeft")  # in Dari and Pashto, later lies to the left
    assert m.current()["index"] == start + 1
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert m.current()["index"] == start - 1
    page.locator("#afmap-slider").focus()
    page.keyboard.press("ArrowLeft")  # the slider itself runs right to left
    assert m.current()["index"] == start
    slider = page.locator("#afmap-slider").bounding_box()
    page.keyboard.press("Home")
    thumb_first = page.evaluate("getComputedStyle(document.querySelector('#afmap-slider')).direction")
    assert thumb_first == "rtl"
    assert slider["width"] > 200
    next_box = page.locator("#afmap-next").bounding_box()
    prev_box = page.locator("#afmap-prev").bounding_box()
    assert next_box["x"] < prev_box["x"]  # "next" is on the left
    page.locator("#afmap-next").click()
    assert m.current()["index"] == 1
    assert_clean(m)


@pytest.mark.parametrize("size", ["phone", "desktop"])
@pytest.mark.parametrize("code", ["fa", "ps"])
def test_details_open_and_fit_the_screen(open_lang, code, size):
    m = open_lang(code, size)
    viewport = SIZES[size]
    for province in ("AF-BAM", "AF-KAB", "AF-HEL", "AF-BDS"):
        open_details(m, province)
        box = m.page.locator(".afmap-details").bounding_box()
        assert inside({"left": box["x"], "top": box["y"], "right": box["x"] + box["width"],
                       "bottom": box["y"] + box["height"]}, viewport)
        assert m.page.locator(".afmap-details-close").is_visible()
        heading = m.page.locator(f"{DETAILS} h3").inner_text()
        assert ARABIC.search(heading)
        dts = m.page.eval_on_selector_all(f"{DETAILS} dt", "els => els.map(e => e.textContent)")
        assert dts and all(ARABIC.search(d) for d in dts)
        m.page.keyboard.press("Escape")
        m.page.wait_for_selector(".afmap-details", state="hidden")
    assert_clean(m)


@pytest.mark.parametrize("size", ["phone", "desktop"])
@pytest.mark.parametrize("code", ["fa", "ps"])
def test_axe_finds_no_serious_violation(open_lang, code, size):
    m = open_lang(code, size)
    assert axe_violations(m) == []
    open_details(m, "AF-KAN")
    assert axe_violations(m) == []
    assert_clean(m)


def test_the_language_switch_keeps_the_date_and_is_remembered_in_the_url(open_lang):
    m = open_lang("en", hash_="#2001-11-13")
    switch = m.page.locator(".afmap-langs button")
    assert switch.evaluate_all("bs => bs.map(b => [b.textContent, b.lang])") == \
        [["English", "en"], ["دری", "fa-AF"], ["پښتو", "ps"]]
    assert m.page.locator('.afmap-langs [aria-current="true"]').inner_text() == "English"
    with m.page.expect_navigation():
        m.page.locator(".afmap-langs button", has_text="پښتو").click()
    m.page.wait_for_function("window.afmap !== undefined")
    assert m.page.url.endswith("?lang=ps#2001-11-13")
    assert m.page.evaluate("document.documentElement.lang") == "ps"
    assert m.current()["day"] == "2001-11-13"
    assert m.text("#afmap-slider-date") == "۲۰۰۱ نومبر ۱۳"
    assert m.page.locator('.afmap-langs [aria-current="true"]').inner_text() == "پښتو"
    assert_clean(m)


def test_a_url_asking_for_a_language_opens_in_it(open_lang):
    m = open_lang("fa", query="?lang=en", page_code="fa")
    assert m.page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == \
        ["en", "ltr"]
    assert m.text(".afmap-title h1") == "Territorial control in Afghanistan"
    m = open_lang("fa", query="?lang=xx", page_code="fa")  # unknown: the page's own language
    assert m.page.evaluate("document.documentElement.lang") == "fa-AF"
    assert_clean(m)

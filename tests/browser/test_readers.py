"""Every reader: phones, short screens, keyboards, screen readers, printing.

axe-core (npm, ``make axe``) is injected by the test into the page it
opens; it is never part of a map. Sizes: a phone (375x667), a tablet
(768x1024), a short laptop (1366x600) and a desktop (1280x800).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from browser.mappage import MapPage, page_data, state_at
from browser.test_maps_in_browser import DETAILS, assert_clean, popup_text

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
SIZES = {
    "phone": {"width": 375, "height": 667},
    "tablet": {"width": 768, "height": 1024},
    "laptop": {"width": 1366, "height": 600},
    "desktop": {"width": 1280, "height": 800},
}
#: The overlays of a map page: none may cover another.
OVERLAYS = (".afmap-title", ".leaflet-control-zoom", ".leaflet-control-layers", ".afmap-legend",
            ".afmap-timeline", ".leaflet-control-attribution")


def axe_violations(m: MapPage) -> list[dict]:
    """axe-core's violations on the page as it is now, serious and critical ones."""
    if not AXE.exists():
        pytest.fail(f"axe-core is missing at {AXE}: run `make axe` (npm ci)", pytrace=False)
    m.page.add_script_tag(path=str(AXE))
    result = m.page.evaluate("async () => (await axe.run(document)).violations.map("
                             "v => ({id: v.id, impact: v.impact, nodes: v.nodes.length, "
                             "target: v.nodes[0].target.join(' ')}))")
    return [v for v in result if v["impact"] in ("serious", "critical")]


def boxes(m: MapPage, selectors: tuple[str, ...]) -> dict[str, dict]:
    """The viewport boxes of the visible elements ``selectors`` match, by selector."""
    return m.page.evaluate("""sels => Object.fromEntries(sels.flatMap(sel =>
        [...document.querySelectorAll(sel)].filter(e => e.offsetParent !== null)
          .map(e => { const r = e.getBoundingClientRect();
                      return [sel, {left: r.left, top: r.top, right: r.right, bottom: r.bottom}]; })))""",
                           list(selectors))


def overlap(a: dict, b: dict) -> bool:
    return a["left"] < b["right"] and b["left"] < a["right"] and \
        a["top"] < b["bottom"] and b["top"] < a["bottom"]


def inside(box: dict, viewport: dict) -> bool:
    return box["left"] >= 0 and box["top"] >= 0 and \
        box["right"] <= viewport["width"] and box["bottom"] <= viewport["height"]


def open_by_keyboard(m: MapPage, code: str) -> None:
    """Focus a province and press Enter, as a keyboard user does."""
    m.page.locator(f'path.afmap-province[data-code="{code}"]').focus()
    m.page.keyboard.press("Enter")
    m.page.wait_for_selector(DETAILS)


# ---- axe-core -------------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("name", ["single", "claims", "hostile-timeline"])
def test_axe_finds_no_serious_violation(open_map, name, size):
    m = open_map(name, "", SIZES[size])
    assert axe_violations(m) == []
    assert_clean(m)


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_axe_finds_no_serious_violation_with_details_open(open_map, size):
    m = open_map("claims", "#1998-06-01", SIZES[size])
    open_by_keyboard(m, "AF-HER")
    assert axe_violations(m) == []
    assert_clean(m)


def test_the_page_says_its_language_allows_pinch_zoom_and_has_one_main(open_map):
    m = open_map("claims")
    assert m.page.evaluate("document.documentElement.lang") == "en"
    viewport = m.page.get_attribute('meta[name="viewport"]', "content")
    assert viewport == "width=device-width, initial-scale=1"
    assert m.page.locator('[role="main"]').count() == 1


# ---- layout -----------------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("name", ["single", "claims"])
def test_no_overlay_covers_another(open_map, name, size):
    m = open_map(name, "", SIZES[size])
    found = boxes(m, OVERLAYS)
    expected = {".afmap-title", ".leaflet-control-layers", ".afmap-legend"}
    if name == "claims":
        expected.add(".afmap-timeline")
    assert expected <= set(found)
    for a in found:
        assert inside(found[a], SIZES[size]), a
        for b in found:
            assert a == b or not overlap(found[a], found[b]), (a, b)
    assert_clean(m)


@pytest.mark.parametrize("size", ["phone", "laptop"])
def test_the_legend_and_layers_start_closed_on_small_screens(open_map, size):
    m = open_map("claims", "", SIZES[size])
    assert m.page.locator(".afmap-legend-body").is_hidden()
    assert m.page.get_attribute(".afmap-legend-toggle", "aria-expanded") == "false"
    m.page.click(".afmap-legend-toggle")
    assert m.page.locator(".afmap-legend-body").is_visible()
    assert "Who held each province" in m.text(".afmap-legend")
    assert m.page.locator(".leaflet-control-layers-list").is_hidden()
    m.page.focus(".leaflet-control-layers-toggle")
    m.page.keyboard.press("Enter")
    assert m.page.locator(".leaflet-control-layers-list").is_visible()


def test_the_legend_and_layers_stay_open_on_a_desktop(open_map):
    m = open_map("claims", "", SIZES["desktop"])
    assert m.page.locator(".afmap-legend-body").is_visible()
    assert m.page.locator(".leaflet-control-layers-list").is_visible()


@pytest.mark.parametrize("size", ["phone", "laptop"])
def test_every_province_details_fit_the_screen_with_the_close_button_visible(open_map, maps,
                                                                              size):
    viewport = SIZES[size]
    m = open_map("claims", "#1998-06-01", viewport)
    for p in page_data(maps["claims"])["provinces"]:
        code = p["code"]
        open_by_keyboard(m, code)
        panel = boxes(m, (".afmap-details",))[".afmap-details"]
        assert inside(panel, viewport), code
        title = boxes(m, (".afmap-title",))[".afmap-title"]
        assert panel["top"] >= title["bottom"] or not overlap(panel, title) or \
            m.page.evaluate("""() => { const h = document.querySelector('.afmap-details h3');
                const r = h.getBoundingClientRect();
                return document.elementFromPoint(r.left + 5, r.top + r.height / 2)
                  .closest('.afmap-details') !== null; }"""), code
        close = boxes(m, (".afmap-details-close",))[".afmap-details-close"]
        assert inside(close, viewport), code
        assert m.page.evaluate("""() => { const b = document.querySelector('.afmap-details-close');
            const r = b.getBoundingClientRect();
            return document.elementFromPoint((r.left + r.right) / 2, (r.top + r.bottom) / 2)
              .closest('button') === b; }"""), code
        body = m.page.evaluate("""() => { const d = document.querySelector('.afmap-details');
            return [d.scrollHeight > d.clientHeight, getComputedStyle(d).overflowY]; }""")
        assert body[1] == "auto"  # a long claim scrolls inside
        m.page.keyboard.press("Escape")
        m.page.wait_for_selector(".afmap-details", state="hidden")
    assert_clean(m)


def test_on_a_phone_the_details_are_a_bottom_sheet_above_the_slider(open_map):
    m = open_map("claims", "#1998-06-01", SIZES["phone"])
    open_by_keyboard(m, "AF-KAB")
    panel = boxes(m, (".afmap-details",))[".afmap-details"]
    assert panel["left"] == 0 and panel["right"] == 375 and panel["bottom"] == 667
    slider = m.page.locator("#afmap-slider").bounding_box()
    hit = m.page.evaluate(f"document.elementFromPoint({slider['x'] + 5}, "
                          f"{slider['y'] + slider['height'] / 2}).closest('.afmap-details') !== null")
    assert hit  # drawn above the slider, not under it


# ---- keyboard and screen reader ------------------------------------------------------------


def test_keyboard_only_reaches_the_slider_moves_it_and_opens_and_closes_a_province(open_map):
    m = open_map("claims", "", SIZES["desktop"])
    page = m.page
    presses = 0
    while page.evaluate("document.activeElement.id") != "afmap-slider":
        page.keyboard.press("Tab")
        presses += 1
        assert presses <= 3, page.evaluate("document.activeElement.outerHTML.slice(0, 80)")
    before = m.current()["index"]
    page.keyboard.press("ArrowRight")
    assert m.current()["index"] == before + 1
    assert page.get_attribute("#afmap-slider", "aria-valuetext") == m.text("#afmap-slider-date")
    for _ in range(40):  # on to the first province
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('afmap-province')"):
            break
    else:
        pytest.fail("no province is reachable with Tab")
    code = page.evaluate("document.activeElement.getAttribute('data-code')")
    page.keyboard.press("Enter")
    page.wait_for_selector(DETAILS)
    assert page.evaluate("document.activeElement.closest('.afmap-details') !== null")
    assert page.evaluate("document.activeElement.tagName") == "H3"
    page.keyboard.press("Escape")
    page.wait_for_selector(".afmap-details", state="hidden")
    assert page.evaluate("document.activeElement.getAttribute('data-code')") == code
    assert_clean(m)


def test_the_skip_link_comes_first_and_leads_to_the_provinces(open_map):
    m = open_map("claims")
    m.page.keyboard.press("Tab")
    assert m.page.evaluate("document.activeElement.textContent") == "Skip to the provinces"
    assert m.page.locator(".afmap-skip").is_visible()
    m.page.keyboard.press("Enter")
    assert m.page.evaluate("document.activeElement.classList.contains('afmap-province')")


def test_provinces_have_an_accessible_name_that_follows_the_slider(open_map, maps):
    data = page_data(maps["simple-timeline"])
    m = open_map("simple-timeline")
    label = m.page.get_attribute('path.afmap-province[data-code="AF-BAM"]', "aria-label")
    assert label == ("Bamyan: United Front (Northern Alliance), contested by Taliban "
                     "(Islamic Emirate), since 27 September 1996")
    assert m.page.get_attribute('path.afmap-province[data-code="AF-BAM"]', "role") == "button"
    m.page.keyboard.press("End")
    last = state_at(data, len(data["dates"]) - 1)
    k = next(i for i, p in enumerate(data["provinces"]) if p["code"] == "AF-BAM")
    holder = data["factions"][last[k]["faction"]]["name"]
    m.page.wait_for_function("""start => document.querySelector(
        'path.afmap-province[data-code="AF-BAM"]').getAttribute('aria-label')
        .startsWith(start)""", arg=f"Bamyan: {holder}")  # named once the slider pauses
    names = m.page.evaluate("[...document.querySelectorAll('path.afmap-province')]"
                            ".map(p => p.getAttribute('aria-label'))")
    assert len(names) == 34 and all(n and ": " in n for n in names)


def test_the_date_is_announced_politely_once_it_settles(open_map, maps):
    dates = page_data(maps["timeline"])["dates"]
    m = open_map("timeline")
    status = m.page.locator('.afmap-timeline [role="status"]')
    assert status.get_attribute("aria-live") == "polite"
    m.page.locator("#afmap-slider").focus()
    m.page.keyboard.press("ArrowRight")
    m.page.wait_for_function("document.querySelector('.afmap-timeline [role=status]')"
                             ".textContent.length > 0")
    assert status.text_content() == "Map of " + m.text("#afmap-slider-date")
    assert m.current()["day"] == dates[1]


def test_escape_closes_an_events_details(open_map):
    m = open_map("timeline")
    m.page.locator("path.afmap-event").first.focus()
    m.page.keyboard.press("Enter")
    assert "Test event" in popup_text(m)
    m.page.keyboard.press("Escape")
    m.page.wait_for_selector(".afmap-details", state="hidden")
    assert m.page.evaluate("document.activeElement.classList.contains('afmap-event')")


# ---- printing ---------------------------------------------------------------------------------


def test_printing_gives_one_page_of_map_legend_and_the_sources_shown(open_map, tmp_path):
    m = open_map("claims", "#1998-06-01")
    m.page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    m.page.emulate_media(media="print")
    for hidden in (".afmap-timeline", ".leaflet-control-zoom", ".leaflet-control-layers",
                   ".afmap-skip"):
        assert m.page.locator(hidden).is_hidden(), hidden
    assert m.page.locator(".afmap-legend-body").is_visible()
    sources = m.text(".afmap-print-sources")
    assert sources.startswith("Sources of the map of 1 June 1998")
    assert "A source on Herat \u2014 Herat" in sources
    assert "era's own source" not in sources
    pdf = m.page.pdf(path=str(tmp_path / "map.pdf"))
    assert pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages") == 1  # one page

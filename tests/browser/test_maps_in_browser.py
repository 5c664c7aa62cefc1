"""The HTML maps as a reader sees them: headless Chromium, no network."""

from __future__ import annotations

import bisect
import datetime as dt

import pytest

from afmap.dates import in_words as date_in_words
from browser.mapcases import HOSTILE_COMMENT, HOSTILE_IMG, HOSTILE_SCRIPT, SEED
from browser.mappage import MapPage, look, page_data, page_rows, state_at

pytestmark = pytest.mark.browser


def words(iso: str) -> str:
    return date_in_words(dt.date.fromisoformat(iso))


def assert_clean(m: MapPage) -> None:
    assert m.requests == [], "the page asked the network for something"
    assert m.errors == []
    assert m.dialogs == []


def click_province(m: MapPage, code: str) -> None:
    """Click inside a province: at its label point (labels let clicks through) when the
    province is what lies there, else at the first point of a grid over it that is (and at
    the label point when none is: a province switched off takes no clicks)."""
    point = m.page.evaluate("""code => {
        const hits = (x, y) => { const e = document.elementFromPoint(x, y);
                                 return e && e.getAttribute('data-code') === code &&
                                        e.classList.contains('afmap-province'); };
        const l = document.querySelector(`.afmap-label-text[data-code="${code}"]`)
                          .getBoundingClientRect();
        const x = l.left + l.width / 2, y = l.top + l.height / 2;
        if (hits(x, y)) { return [x, y]; }
        const b = document.querySelector(`path.afmap-province[data-code="${code}"]`)
                          .getBoundingClientRect();
        for (let i = 1; i < 12; i++) { for (let j = 1; j < 12; j++) {
            const px = b.left + b.width * i / 12, py = b.top + b.height * j / 12;
            if (hits(px, py)) { return [px, py]; } } }
        return [x, y]; }""", code)
    m.page.mouse.click(*point)


#: The open details panel (a province's or an event's "popup").
DETAILS = ".afmap-details:not([hidden]) .afmap-details-body"


def popup_text(m: MapPage) -> str:
    """The text of the open details panel."""
    m.page.wait_for_selector(DETAILS)
    return m.text(DETAILS)


# ---- the single-date map -------------------------------------------------------


def test_single_date_map_draws_all_provinces_offline(open_map):
    m = open_map("single")
    assert m.drawn() == 34
    assert len(set(m.fills())) == 34
    assert m.page.locator(".afmap-label-text").count() == 34
    assert m.text("#afmap-title-date") == "1 January 1997"
    assert m.page.title() == "Control \u2014 1 January 1997"
    assert m.page.locator("#afmap-slider").count() == 0
    legend = m.text("#afmap-legend")
    assert "Taliban (Islamic Emirate)" in legend and "United Front" in legend
    assert "No data" in legend and "Contested" in legend
    assert_clean(m)


def test_contested_province_is_hatched_in_both_colours(open_map):
    m = open_map("single")
    fill = m.fills()["AF-BAM"]
    assert fill.startswith("url(#afmap-hatch-")
    colours = m.page.evaluate(
        "id => [...document.getElementById(id).children]"
        ".map(r => r.getAttribute(r.tagName === 'rect' ? 'fill' : 'stroke'))", fill[5:-1])
    assert colours == ["#2b6cb0", "#3a3a3a"]  # holder United Front, challenger Taliban
    assert m.fills()["AF-BAL"] == "#2b6cb0"
    assert m.fills()["AF-BDG"] == "#3a3a3a"


def test_click_opens_popup_with_the_claim_its_dates_note_and_sources(open_map):
    m = open_map("single")
    click_province(m, "AF-BAM")
    popup = popup_text(m)
    assert "Bamyan" in popup
    assert "United Front (Northern Alliance)" in popup
    assert "Contested by Taliban (Islamic Emirate)" in popup
    assert "Taliban hold Kabul; United Front in the north-east" in popup
    assert "Since\n27 September 1996\nUntil\n8 August 1998" in popup
    assert "Shomali front line" in popup
    assert SEED in popup
    assert_clean(m)


def test_layer_control_hides_and_shows_a_faction(open_map):
    m = open_map("single")
    fills = m.fills()
    united = sum(1 for f in fills.values() if f == "#2b6cb0") + 1  # plus hatched Bamyan
    box = m.page.locator(".leaflet-control-layers-overlays label",
                         has_text="United Front (Northern Alliance)").locator("input")
    box.uncheck()
    assert m.drawn() == 34 - united
    box.check()
    assert m.drawn() == 34
    assert_clean(m)


def test_switching_a_faction_off_closes_its_popup_and_stops_clicks(open_map):
    m = open_map("single")
    assert m.fills()["AF-BAL"] == "#2b6cb0"
    click_province(m, "AF-BAL")
    assert "Balkh" in popup_text(m)
    m.page.locator(".leaflet-control-layers-overlays label",
                   has_text="United Front (Northern Alliance)").locator("input").uncheck()
    m.page.wait_for_selector(".afmap-details", state="hidden")
    assert "AF-BAL" not in m.fills()
    assert m.page.evaluate("""getComputedStyle(
        document.querySelector('path.afmap-province[data-code="AF-BAL"]')).fill""") == \
        "rgb(239, 236, 228)"  # the base colour
    click_province(m, "AF-BAL")
    m.page.wait_for_timeout(300)
    assert m.page.locator(DETAILS).count() == 0
    assert_clean(m)


def test_page_decodes_the_geometry_to_the_province_coordinates(open_map, maps, provinces):
    from shapely.geometry import mapping

    data = page_data(maps["timeline"])
    m = open_map("timeline")
    decoded = m.page.evaluate(
        "AfmapState.decodeTopology(JSON.parse(document.getElementById('afmap-data').textContent)"
        ".geometry).shapes")
    by_code = dict(zip(provinces["code"], provinces.geometry))
    assert len(decoded) == 34
    for info, polys in zip(data["provinces"], decoded):
        geom = by_code[info["code"]]
        coords = mapping(geom)["coordinates"]
        source = coords if geom.geom_type == "MultiPolygon" else [coords]
        assert len(polys) == len(source)
        for poly, src_poly in zip(polys, source):
            assert len(poly) == len(src_poly)
            for ring, src in zip(poly, src_poly):
                lonlat = [(lon, lat) for lat, lon in ring]
                expected = [(round(x, 6), round(y, 6)) for x, y in src]
                k = lonlat.index(expected[0])
                assert lonlat[0] == lonlat[-1]
                assert lonlat[k:-1] + lonlat[:k + 1] == expected  # exact, from any start
    assert_clean(m)


def test_borders_are_drawn_once_above_the_fills(open_map, maps):
    m = open_map("single")
    order = m.page.evaluate("""() => [...document.querySelectorAll(
        '.leaflet-overlay-pane path')].map(p => [p.getAttribute('class').split(' ')[0],
                                                 p.getAttribute('stroke')])""")
    arcs = len(page_data(maps["single"])["geometry"]["arcs"])
    kinds = [k for k, _ in order]
    outline = kinds.count("afmap-outline")
    # the outline under the fills, one path per border arc above them
    assert 0 < outline < arcs
    assert kinds == ["afmap-outline"] * outline + ["afmap-province"] * 34 + \
        ["afmap-border"] * arcs
    assert {s for k, s in order if k == "afmap-province"} == {"none"}  # a step repaints fills
    assert {s for k, s in order if k == "afmap-border"} == {"#ffffff"}
    assert_clean(m)


def test_many_borders_are_one_path_in_a_layer_of_their_own(open_map, maps):
    m = open_map("grid")
    arcs = len(page_data(maps["grid"])["geometry"]["arcs"])
    assert arcs > 300  # more than afmap.js draws arc by arc
    assert m.page.locator(".leaflet-overlay-pane path.afmap-border").count() == 0
    assert m.page.locator(".leaflet-afmapBorders-pane path.afmap-border").count() == 1
    assert m.drawn() == 400
    assert len(set(m.fills().values())) == 2
    assert_clean(m)


def test_page_decodes_the_change_rows(open_map, maps):
    data = page_data(maps["timeline"])
    m = open_map("timeline")
    rows = m.page.evaluate("""() => {
        const d = JSON.parse(document.getElementById('afmap-data').textContent);
        return AfmapState.decode(d).provinces.map(p => p.changes);
    }""")
    assert rows == page_rows(data)
    assert sum(len(r) for r in rows) == 34 + 3 * 99
    assert_clean(m)


# ---- the timeline map -----------------------------------------------------------


def test_timeline_map_draws_all_provinces_offline(open_map, maps):
    data = page_data(maps["timeline"])
    m = open_map("timeline")
    assert m.drawn() == 34
    assert m.page.get_attribute("#afmap-slider", "max") == "99"
    assert m.text("#afmap-slider-date") == words(data["dates"][0])
    assert m.text("#afmap-title-date") == words(data["dates"][0])
    assert_clean(m)


def test_slider_recolours_provinces_and_changes_the_date(open_map, maps):
    data = page_data(maps["timeline"])
    m = open_map("timeline")
    before = m.fills()
    m.page.locator("#afmap-slider").fill("60")
    after = m.fills()
    changed = {c for c in before if before[c] != after[c]}
    first, later = state_at(data, 0), state_at(data, 60)
    expected = {p["code"] for p, a, b in zip(data["provinces"], first, later)
                if look(a) != look(b)}
    assert changed == expected and changed
    for p, state in zip(data["provinces"], later):
        if state and not state["contested"]:
            assert after[p["code"]] == data["factions"][state["faction"]]["color"]
    assert m.text("#afmap-slider-date") == words(data["dates"][60])
    assert m.page.evaluate("location.hash") == "#" + data["dates"][60]
    assert_clean(m)


def test_arrow_keys_and_buttons_step_through_the_changes(open_map, maps):
    dates = page_data(maps["timeline"])["dates"]
    m = open_map("timeline")
    m.page.keyboard.press("ArrowRight")
    m.page.keyboard.press("ArrowRight")
    assert m.current() == {"index": 2, "day": dates[2]}
    assert m.text("#afmap-slider-date") == words(dates[2])
    m.page.keyboard.press("ArrowLeft")
    assert m.current()["index"] == 1
    m.page.keyboard.press("End")
    assert m.current()["index"] == 99
    m.page.click("#afmap-prev")
    assert m.current()["index"] == 98
    m.page.click("#afmap-next")
    assert m.current()["index"] == 99
    assert m.page.evaluate("document.getElementById('afmap-slider').value") == "99"
    assert_clean(m)


def test_play_advances_and_pause_stops(open_map):
    m = open_map("timeline")
    m.page.click("#afmap-play")
    m.page.wait_for_function("window.afmap.current().index >= 2")
    m.page.click("#afmap-play")
    stopped = m.current()["index"]
    assert m.text("#afmap-play") == "\u25b6 Play"
    m.page.wait_for_timeout(1000)
    assert m.current()["index"] == stopped


def test_hash_is_written_once_the_steps_settle(open_map, maps):
    dates = page_data(maps["timeline"])["dates"]
    m = open_map("timeline")
    m.page.evaluate("""() => {
        window.hashWrites = 0;
        const replace = history.replaceState.bind(history);
        history.replaceState = (...args) => { window.hashWrites += 1; return replace(...args); };
        for (let i = 1; i <= 20; i++) { window.afmap.setIndex(i); }
    }""")
    assert m.page.evaluate("window.hashWrites") == 0
    m.page.wait_for_function(f"location.hash === '#{dates[20]}'")
    assert m.page.evaluate("window.hashWrites") == 1
    m.page.keyboard.press("ArrowRight")
    m.page.wait_for_function(f"location.hash === '#{dates[21]}'")
    assert_clean(m)


def test_hash_opens_a_change_date(open_map, maps):
    dates = page_data(maps["timeline"])["dates"]
    m = open_map("timeline", "#" + dates[40])
    assert m.current() == {"index": 40, "day": dates[40]}
    assert m.text("#afmap-title-date") == words(dates[40])
    assert m.page.evaluate("document.getElementById('afmap-slider').value") == "40"
    assert_clean(m)


def test_hash_between_change_dates_shows_the_state_on_that_day(open_map, maps):
    data = page_data(maps["timeline"])
    dates = data["dates"]
    day = (dt.date.fromisoformat(dates[40]) + dt.timedelta(days=1)).isoformat()
    assert day not in dates
    m = open_map("timeline", "#" + day)
    assert m.current() == {"index": bisect.bisect_right(dates, day) - 1, "day": day}
    assert m.text("#afmap-title-date") == words(day)
    reference = open_map("timeline", "#" + dates[40])
    assert m.fills() == reference.fills()
    m.page.evaluate(f"location.hash = '#{dates[10]}'")
    m.page.wait_for_function(f"window.afmap.current().day === '{dates[10]}'")
    assert m.fills() == open_map("timeline", "#" + dates[10]).fills()


def test_a_faction_switched_off_stays_off_as_the_slider_moves(open_map, maps):
    data = page_data(maps["simple-timeline"])
    m = open_map("simple-timeline")
    m.page.locator(".leaflet-control-layers-overlays label",
                   has_text="Taliban (Islamic Emirate)").locator("input").uncheck()
    taliban = next(k for k, f in enumerate(data["factions"]) if f["id"] == "taliban")
    for i in range(len(data["dates"])):
        m.page.locator("#afmap-slider").fill(str(i))
        drawn = set(m.fills())
        held = {p["code"] for p, state in zip(data["provinces"], state_at(data, i))
                if state and state["faction"] == taliban}
        assert not drawn & held
        assert len(drawn) == sum(1 for row in state_at(data, i) if row) - len(held) + \
            sum(1 for row in state_at(data, i) if not row)
    assert_clean(m)


def test_popup_follows_the_slider(open_map):
    m = open_map("simple-timeline")
    click_province(m, "AF-BAM")
    assert "Contested by" in popup_text(m)
    m.page.keyboard.press("ArrowRight")
    popup = popup_text(m)
    assert "8 August 1998" in popup and "Taliban take the north" in popup
    assert "Second test source" in popup
    assert_clean(m)


def test_events_show_with_their_state(open_map, maps):
    data = page_data(maps["timeline"])
    m = open_map("timeline")
    for i in (0, 1, 10):
        m.page.locator("#afmap-slider").fill(str(i))
        lo, hi = data["dates"][i], data["dates"][i + 1]
        expected = [e for e in data["events"] if lo <= e["date"] < hi]
        assert m.page.locator("path.afmap-event").count() == len(expected)
    m.page.locator("path.afmap-event").first.click()
    popup = popup_text(m)
    assert "Test event 10" in popup and SEED in popup
    assert_clean(m)


# ---- hostile text -----------------------------------------------------------------


@pytest.mark.parametrize("name", ["hostile-single", "hostile-timeline"])
def test_hostile_text_is_shown_literally_and_runs_nothing(open_map, name):
    m = open_map(name)
    assert m.drawn() == 34
    assert m.page.locator("img").count() == 0
    control = m.text(".leaflet-control-layers-overlays")
    assert f"Evil {HOSTILE_SCRIPT}" in control
    assert f"Worse {HOSTILE_IMG}" in control
    assert m.page.locator(".afmap-label-text").first.text_content().endswith(HOSTILE_IMG)
    click_province(m, "AF-BDG")
    popup = popup_text(m)
    assert f"Note {HOSTILE_IMG} {HOSTILE_COMMENT}" in popup
    assert f"Source {HOSTILE_SCRIPT}" in popup
    assert f"Period {HOSTILE_SCRIPT}" in popup
    m.page.locator("path.afmap-event").first.click()
    assert f"Event source {HOSTILE_SCRIPT}" in popup_text(m)
    if name == "hostile-single":
        assert m.text(".afmap-title h1") == "Hostile </script><script>alert(1)</script>"
    assert m.page.evaluate("document.querySelectorAll('script').length") == 4
    assert_clean(m)


def test_layer_control_lists_the_factions_of_the_date_shown(open_map, maps):
    data = page_data(maps["timeline"])
    m = open_map("timeline")
    labels = m.page.locator(".leaflet-control-layers-overlays label")
    for i in (0, 50):
        m.page.locator("#afmap-slider").fill(str(i))
        present = set()
        for state in state_at(data, i):
            if state:
                present.add(state["faction"])
                present.update(state["contestedBy"])
        shown = [labels.nth(k).inner_text().strip() for k in range(labels.count())
                 if labels.nth(k).is_visible()]
        expected = [f["name"] for k, f in enumerate(data["factions"]) if k in present]
        assert shown == expected + ["Events", "Province names"]


def test_hash_before_the_first_change_shows_no_data(open_map):
    m = open_map("simple-timeline", "#1990-01-01")
    assert m.current() == {"index": -1, "day": "1990-01-01"}
    assert set(m.fills().values()) == {"url(#afmap-nodata)"}
    assert m.text("#afmap-title-date") == "1 January 1990"
    m.page.keyboard.press("ArrowRight")
    assert m.current() == {"index": 0, "day": "1996-09-27"}
    assert_clean(m)


# ---- the claim form: the era apart, dates as exact as the source ---------------------

def test_the_era_shows_under_the_title_and_follows_the_slider(open_map):
    m = open_map("claims", "#1997-01-01")
    era = m.page.locator("#afmap-era")
    assert era.locator("summary").inner_text() == \
        "Era: The Taliban in Kabul (27 September 1996 \u2013 June 1998)"
    era.locator("summary").click()
    assert "The first era's own source" in era.inner_text()
    m.page.keyboard.press("End")
    m.page.wait_for_function("document.querySelector('#afmap-era summary').textContent"
                             ".indexOf('advance north') > 0")
    assert "The second era's own source" in era.inner_text()
    assert_clean(m)


def test_a_popup_shows_the_claims_dates_and_sources_not_the_eras(open_map):
    m = open_map("claims", "#1998-06-01")
    click_province(m, "AF-HER")
    popup = popup_text(m)
    assert "Change\nFighting near Herat" in popup
    assert "Since\nsummer 1998, approximate\nUntil\nno later claim" in popup
    assert "A source on Herat" in popup
    assert "era's own source" not in popup
    click_province(m, "AF-KAB")
    popup = popup_text(m)
    assert ("Ahmed Rashid, 'Taliban: Militant Islam, Oil and Fundamentalism in Central Asia', "
            "Yale University Press, 2000, p. 48") in popup
    assert_clean(m)

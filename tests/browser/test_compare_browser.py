"""The compare page in headless Chromium: two maps that pan and zoom together, offline."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from afmap import api
from browser.mappage import open_offline

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
GEODATA = ROOT / "geodata" / "provinces.geojson"
BEYOND = ROOT / "tests" / "data" / "beyond"


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("compare")
    day = dt.date(1992, 6, 1)
    return {
        "rival": api.compare(folder / "rival.html", BEYOND / "two-sides.yaml", BEYOND / "rival",
                             day=day, geodata=GEODATA),
        "hostile": api.compare(folder / "hostile.html", BEYOND / "hostile",
                               BEYOND / "two-sides.yaml", day=day, geodata=GEODATA),
        "shipped": api.compare(folder / "shipped.html", ROOT / "scenarios", BEYOND / "rival",
                               day=day, geodata=GEODATA),
    }


class Opened:
    def __init__(self, page: Any) -> None:
        self.page = page
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []

    def view(self, i: int) -> dict:
        return self.views()[i]

    def views(self) -> list[dict]:
        """Both views read in one go (a drag's inertia may still be moving them)."""
        return self.page.evaluate("""() => window.afmapCompare.maps.map(m => {
            const c = m.getCenter();
            return {lat: c.lat, lng: c.lng, zoom: m.getZoom()};
        })""")

    def assert_in_step(self) -> None:
        """Whether both maps show the same view once a drag's inertia has settled."""
        self.page.wait_for_function("""() => {
            const [a, b] = window.afmapCompare.maps;
            return !a._panAnim?._inProgress && !b._panAnim?._inProgress;
        }""")
        left, right = self.views()
        assert left == pytest.approx(right), (left, right)


@pytest.fixture
def open_page(browser, pages):
    contexts = []

    def open_(name: str, hash_: str = "", viewport: dict | None = None) -> Opened:
        context, seen = open_offline(browser, pages[name].as_uri() + hash_, Opened,
                                     viewport or {"width": 1400, "height": 800})
        contexts.append(context)
        seen.page.wait_for_function("window.afmapCompare !== undefined")
        return seen

    yield open_
    for context in contexts:
        context.close()


def test_two_maps_drawn_offline_with_disagreements_outlined(open_page):
    seen = open_page("rival")
    page = seen.page
    assert page.locator(".leaflet-container").count() == 2
    assert page.locator("#cmp-map-0 path.afmap-province").count() == 34
    assert page.locator("#cmp-map-1 path.afmap-province").count() == 34
    assert page.evaluate("[0, 1].map(i => window.afmapCompare.outlined(i))") == [3, 3]
    assert page.locator("#cmp-count").inner_text() == "3 provinces where the accounts disagree"
    assert page.locator("#cmp-list li").all_inner_texts() == [
        "Balkh\nTwo sides: Red side\nRival account: Blue side",
        "Badakhshan\nTwo sides: Blue side\nRival account: Blue side (Contested by Red side)",
        "Kabul\nTwo sides: Blue side\nRival account: Red side"]
    assert page.locator("#cmp-title-1").inner_text() == "Rival account"
    # the main map's visual language: hatching for contested, the same legend
    fill = page.get_attribute('#cmp-map-1 path.afmap-province[data-code="AF-BDS"]', "fill")
    assert fill.startswith("url(#afmap-hatch-")
    assert "Contested: stripes" in page.locator("#cmp-legend-1").text_content()
    assert seen.requests == [] and seen.errors == []


def control_rows(invoke, scenario: Path, day: str) -> dict[str, tuple]:
    """``afmap control --date DAY`` of a scenario: code -> (faction, status)."""
    result = invoke("control", "--scenario", scenario, "--geodata", GEODATA, "--date", day,
                    "--format", "json")
    assert result.exit_code == 0, result.output
    return {r["code"]: (r["faction"], r["status"]) for r in json.loads(result.stdout)}


@pytest.mark.parametrize("name,a,b", [("rival", BEYOND / "two-sides.yaml", BEYOND / "rival"),
                                      ("shipped", ROOT / "scenarios", BEYOND / "rival")])
def test_the_slider_outlines_where_the_control_rows_differ(open_page, invoke, name, a, b):
    seen = open_page(name)
    page = seen.page
    dates = page.evaluate("window.afmapCompare.clock.dates")
    assert len(dates) >= 3
    picks = [dates[0], dates[len(dates) // 2], dates[-1]]
    for day in picks:
        page.evaluate(f"window.afmapCompare.clock.showDay('{day}')")
        rows_a, rows_b = control_rows(invoke, a, day), control_rows(invoke, b, day)
        differ = sorted(c for c in rows_a if rows_a[c] != rows_b[c])
        assert page.evaluate("window.afmapCompare.disagree()") == differ, day
        outlined = page.evaluate("[0, 1].map(i => window.afmapCompare.outlined(i))")
        assert outlined == [len(differ), len(differ)], day
        count = page.locator("#cmp-count").inner_text()
        assert count.startswith(f"{len(differ)} province"), day
        assert page.locator("#cmp-list li").count() == len(differ)
    # the slider itself steps both maps
    page.locator("#afmap-slider").fill("1")
    assert page.evaluate("window.afmapCompare.current().day") == dates[1]
    assert seen.errors == [] and seen.requests == []


def test_a_listed_disagreement_opens_its_claims(open_page):
    seen = open_page("rival")
    seen.page.locator("#cmp-list button", has_text="Kabul").click()
    details = seen.page.locator("#cmp-map-0 .afmap-details:not([hidden])")
    assert "Kabul" in details.inner_text() and "Blue side" in details.inner_text()
    seen.page.keyboard.press("Escape")
    assert seen.page.evaluate("document.activeElement.textContent").startswith("Kabul")


def test_panning_one_map_moves_the_other(open_page):
    seen = open_page("rival")
    before = seen.view(1)
    seen.page.evaluate("() => window.afmapCompare.maps[0].panBy([220, -140], {animate: false})")
    left, right = seen.views()
    assert (left["lat"], left["lng"]) != (before["lat"], before["lng"])
    assert right == pytest.approx(left)


def test_dragging_and_zooming_the_right_map_moves_the_left(open_page):
    seen = open_page("rival")
    page = seen.page
    box = page.locator("#cmp-map-1").bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    start = seen.view(1)
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x - 150, y + 60, steps=8)
    page.mouse.up()
    assert seen.view(1)["lng"] > start["lng"]      # dragged left: the view moved east
    seen.assert_in_step()
    zoom = seen.view(1)["zoom"]
    page.evaluate("() => window.afmapCompare.maps[1].setZoom("
                  "window.afmapCompare.maps[1].getZoom() + 1, {animate: false})")
    assert seen.view(1)["zoom"] == zoom + 1
    seen.assert_in_step()


def test_hostile_text_shows_as_text_and_runs_nothing(open_page):
    seen = open_page("hostile")
    page = seen.page
    assert seen.dialogs == [] and seen.errors == []
    legend = page.locator("#cmp-legend-0").text_content()
    assert "</script><script>alert('faction')</script>" in legend
    page.locator('#cmp-map-0 path.afmap-province[data-code="AF-KAB"]').focus()
    page.keyboard.press("Enter")
    popup = page.locator("#cmp-map-0 .afmap-details:not([hidden])").inner_text()
    assert "<img src=x onerror=alert('note')>" in popup
    assert seen.dialogs == []


def test_views_match_exactly_not_to_the_nearest_pixel(open_page):
    seen = open_page("rival")
    seen.page.evaluate("""() => {
        const m = window.afmapCompare.maps[0];
        m.setView([34.123456, 66.654321], m.getZoom(), {animate: false, reset: true});
    }""")
    left, right = seen.views()
    assert left == pytest.approx({"lat": 34.123456, "lng": 66.654321, "zoom": left["zoom"]})
    assert right == pytest.approx(left, rel=1e-9)


@pytest.mark.parametrize("size", [(375, 667), (768, 1024), (1366, 600), (1280, 800)])
def test_axe_finds_no_serious_violation_on_the_compare_page(open_page, size):
    from browser.test_readers import axe_violations

    seen = open_page("shipped", "", {"width": size[0], "height": size[1]})
    assert axe_violations(seen) == []
    assert seen.errors == []

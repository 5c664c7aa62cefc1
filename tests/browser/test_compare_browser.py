"""The compare page in headless Chromium: two maps that pan and zoom together, offline."""

from __future__ import annotations

import datetime as dt
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

    def open_(name: str) -> Opened:
        context, seen = open_offline(browser, pages[name].as_uri(), Opened,
                                     {"width": 1400, "height": 800})
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
    assert page.locator("#cmp-map-0 path.leaflet-interactive").count() == 34
    assert page.locator("#cmp-map-1 path.leaflet-interactive").count() == 34
    outlined = page.evaluate("""() => [0, 1].map(i => [...document.querySelectorAll(
        '#cmp-map-' + i + ' path.leaflet-interactive')]
        .filter(p => p.getAttribute('stroke') === '#e6007e').length)""")
    assert outlined == [3, 3]
    assert page.locator("#cmp-count").inner_text() == "3 provinces where the accounts disagree"
    assert page.locator("#cmp-title-1").inner_text() == "Rival account"
    assert seen.requests == [] and seen.errors == []


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
    legend = page.locator("#cmp-legend-0").inner_text()
    assert "</script><script>alert('faction')</script>" in legend
    page.locator("#cmp-map-0 path.leaflet-interactive").first.wait_for()
    page.evaluate("""() => { const m = window.afmapCompare.maps[0];
        m.eachLayer(l => {
            if (l.feature && l.feature.properties.code === 'AF-KAB') l.openPopup(); }); }""")
    popup = page.locator("#cmp-map-0 .leaflet-popup-content").inner_text()
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

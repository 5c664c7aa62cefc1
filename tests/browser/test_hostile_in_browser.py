"""The hostile corpus as a reader meets it: pages made by the CLI, opened offline in Chromium.

Template syntax, payloads and markup in every text of the scenario and the
geodata show as the literal text they are; no dialog opens, no script runs,
nothing is fetched. A huge text opens at once, shortened, with "Show all".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from hostile import HOSTILE_SCENARIO, NAME_SUFFIX, hostile_geodata, scenario_texts

from afmap.cli import cli
from afmap.htmlmap import render_map_html
from afmap.timeline import FactionInfo, Segment, Timeline
from browser.mappage import MapPage, open_offline
from browser.test_maps_in_browser import assert_clean, click_province, popup_text

pytestmark = pytest.mark.browser

TEXTS = scenario_texts()
TITLE, EVIL = TEXTS[0], TEXTS[2]
NOTE = next(t for t in TEXTS if t.startswith("Note {{7*7}}"))
SOURCES = [t for t in TEXTS if t.startswith("Source ")]
PERIOD = next(t for t in TEXTS if t.startswith("Period {{"))


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("hostile-pages")
    geo = hostile_geodata(folder)
    runs = {
        "single": ["render", "--year", "1992"],
        "timeline": ["render"],
        "compare": ["compare", str(HOSTILE_SCENARIO), str(HOSTILE_SCENARIO), "--year", "1992"],
    }
    out = {}
    for name, args in runs.items():
        path = folder / f"{name}.html"
        scenario = [] if name == "compare" else ["--scenario", str(HOSTILE_SCENARIO)]
        result = CliRunner().invoke(cli, [*args, *scenario, "--geodata", str(geo),
                                          "--out", str(path)])
        assert result.exit_code == 0, result.stderr
        out[name] = path
    return out


@pytest.fixture
def open_page(browser) -> Iterator[Callable[..., MapPage]]:
    contexts = []

    def open_(path: Path, hash_: str = "", ready: str = "window.afmap !== undefined") -> MapPage:
        context, seen = open_offline(browser, path.as_uri() + hash_, MapPage,
                                     {"width": 1280, "height": 860})
        contexts.append(context)
        seen.page.wait_for_function(ready)
        return seen

    yield open_
    for context in contexts:
        context.close()


@pytest.mark.parametrize("name,hash_", [("single", ""), ("timeline", "#1992-07-01")])
def test_every_text_shows_literally_and_nothing_runs(open_page, pages, name, hash_):
    m = open_page(pages[name], hash_)
    assert m.drawn() == 34
    assert m.text(".afmap-title h1") == TITLE
    assert m.page.title().startswith(TITLE)
    assert EVIL in m.text(".leaflet-control-layers-overlays")
    assert m.page.locator('.afmap-label-text[data-code="AF-KAB"]').text_content() == \
        "Kabul" + NAME_SUFFIX
    click_province(m, "AF-KAB")
    popup = popup_text(m)
    for text in (NOTE, PERIOD, *SOURCES, "Kabul" + NAME_SUFFIX.rstrip()):
        assert text in popup
    assert "49" not in popup
    assert m.page.locator("img, b").count() == 0
    assert m.page.evaluate("document.querySelectorAll('script').length") == 4
    assert_clean(m)


def test_compare_page_shows_both_accounts_literally(open_page, pages):
    m = open_page(pages["compare"], ready="document.querySelectorAll('path').length >= 68")
    legends = [m.page.locator(f"#cmp-legend-{i}").text_content() for i in (0, 1)]
    assert all(EVIL in text for text in legends)  # behind its button, but there
    assert m.page.locator("img, b").count() == 0
    assert_clean(m)


def _one_province_map(tmp_path: Path, note: str, source: str) -> Path:
    from browser.mapcases import load_provinces

    provinces = load_provinces()
    day = dt.date(2000, 1, 1)
    timeline = Timeline(
        dict(zip(provinces["code"], provinces["name"])),
        {"x": FactionInfo("x", "X", "#336699")},
        [Segment(c, day, None, "x", "controlled", (), "p", note, (source, "short source"))
         for c in provinces["code"]])
    path = tmp_path / "long.html"
    path.write_text(render_map_html(timeline, provinces, day=day, title="Long"), encoding="utf-8")
    return path


def _more_buttons(m: MapPage):
    return m.page.locator(".afmap-details-body button.afmap-more")


def test_a_huge_text_opens_shortened_and_pages_on_request(open_page, tmp_path):
    huge = "متن " * 500_000   # two million characters of Arabic script
    m = open_page(_one_province_map(tmp_path, huge, huge))
    click_province(m, "AF-KAB")
    popup = popup_text(m)
    assert len(popup) < 3_000
    assert "short source" in popup
    buttons = _more_buttons(m)
    assert buttons.count() == 2
    shown = len(huge.rsplit(" ", 1)[0][:600].rsplit(" ", 1)[0])  # cut at the last space
    assert buttons.first.text_content() == \
        f"Show more ({len(huge) - shown:,} more characters)"
    buttons.first.press("Enter")   # a real button: the keyboard reaches it
    assert buttons.first.text_content() == \
        f"Show more ({len(huge) - shown - 10_000:,} more characters)"
    assert_clean(m)


def test_a_long_text_shows_all_in_one_step(open_page, tmp_path):
    long = "A long note about Kabul. " * 120   # 3,000 characters
    m = open_page(_one_province_map(tmp_path, long, "short"))
    click_province(m, "AF-KAB")
    popup_text(m)
    buttons = _more_buttons(m)
    assert buttons.count() == 1
    assert buttons.first.text_content().startswith("Show all (")
    buttons.first.press("Enter")
    assert _more_buttons(m).count() == 0
    assert m.page.locator(".afmap-details-body dd").last.text_content() == long
    assert_clean(m)

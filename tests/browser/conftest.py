"""Headless Chromium for the map tests: one browser per session, no network.

Every page opens from a file:// URL; any request that is not for a file is
refused and recorded, so a test can assert the page asked for nothing.
Chromium is required: without it these tests fail (CI installs it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from afmap.htmlmap import render_map_html
from browser.mapcases import (
    grid,
    hostile_timeline,
    load_provinces,
    sample_timeline,
    simple_timeline,
)
from browser.mappage import CHROMIUM, CHROMIUM_ARGS, MapPage, open_offline

SINGLE_DAY = dt.date(1997, 1, 1)
CLAIMS = Path(__file__).resolve().parents[1] / "data" / "claims" / "claims.yaml"
GEODATA = Path(__file__).resolve().parents[2] / "geodata" / "provinces.geojson"


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One Chromium for the whole session."""
    if not CHROMIUM.exists():
        pytest.fail(f"the browser tests need Chromium at {CHROMIUM} "
                    "(Debian: apt-get install chromium)", pytrace=False)
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("the browser tests need Playwright (pip install playwright)", pytrace=False)
    with sync_playwright() as pw:
        try:
            chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        except PlaywrightError as exc:
            pytest.fail(f"cannot start Chromium at {CHROMIUM}: {exc}", pytrace=False)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def provinces():
    return load_provinces()


@pytest.fixture(scope="session")
def maps(tmp_path_factory: pytest.TempPathFactory, provinces) -> dict[str, Path]:
    """The rendered pages, written once: name -> file."""
    folder = tmp_path_factory.mktemp("maps")
    simple = simple_timeline(provinces)
    sample = sample_timeline(provinces, n_dates=100)
    hostile = hostile_timeline(provinces)
    cells, cell_timeline = grid(20)
    from afmap import api

    claims = api.load(CLAIMS, GEODATA).timeline
    pages = {
        "single": render_map_html(simple, provinces, day=SINGLE_DAY, title="Control",
                                  subtitle="Test data"),
        "timeline": render_map_html(sample, provinces, day=None, title="Control over time"),
        "simple-timeline": render_map_html(simple, provinces, day=None, title="Simple"),
        "hostile-single": render_map_html(hostile, provinces, day=SINGLE_DAY,
                                          title="Hostile </script><script>alert(1)</script>"),
        "hostile-timeline": render_map_html(hostile, provinces, day=None, title="Hostile"),
        "grid": render_map_html(cell_timeline, cells, day=None, title="Grid"),
        "claims": render_map_html(claims, provinces, day=None, title="Claims"),
    }
    out = {}
    for name, text in pages.items():
        path = folder / f"{name}.html"
        path.write_text(text, encoding="utf-8")
        out[name] = path
    return out


@contextmanager
def opener(browser, pages: dict[str, Path]) -> Iterator[Callable[..., MapPage]]:
    """``open_(name, suffix, viewport)``: ``pages[name]`` (its URL plus ``suffix``: a
    ``?query``, a ``#hash``) opened offline in a fresh context, closed at the end."""
    contexts = []

    def open_(name: str, hash_: str = "", viewport: dict[str, int] | None = None) -> MapPage:
        context, seen = open_offline(browser, pages[name].as_uri() + hash_, MapPage,
                                     viewport or {"width": 1280, "height": 860})
        contexts.append(context)
        seen.page.wait_for_function("window.afmap !== undefined")
        return seen

    try:
        yield open_
    finally:
        for context in contexts:
            context.close()


@pytest.fixture
def open_map(browser, maps) -> Iterator[Callable[..., MapPage]]:
    """Open ``maps[name]`` (plus an optional ``#hash``) in a fresh context."""
    with opener(browser, maps) as open_:
        yield open_

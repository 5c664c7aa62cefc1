"""What the tests share besides fixtures: the repository's paths and a small faction table.

Tests import these from here (``from helpers import GEODATA``); ``conftest.py`` holds the
fixtures only.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
MINI = DATA / "mini"
GEODATA = ROOT / "geodata" / "provinces.geojson"

FACTIONS = """\
factions:
  taliban: {name: "Taliban (Islamic Emirate)", color: "#3a3a3a"}
  united-front: {name: "United Front (Northern Alliance)", color: "#2b6cb0"}
"""


T = TypeVar("T")


def off_the_loop(work: Callable[[], T]) -> T:
    """``work()`` run in a thread of its own, for Playwright's sync API.

    In a worker that also ran the browser tests, their session keeps
    Playwright's event loop running in the main thread, and the sync API
    refuses to start inside a running loop.
    """
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(work).result()

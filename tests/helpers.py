"""What the tests share besides fixtures: the repository's paths and a small faction table.

Tests import these from here (``from helpers import GEODATA``); ``conftest.py`` holds the
fixtures only.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
MINI = DATA / "mini"
GEODATA = ROOT / "geodata" / "provinces.geojson"

FACTIONS = """\
factions:
  taliban: {name: "Taliban (Islamic Emirate)", color: "#3a3a3a"}
  united-front: {name: "United Front (Northern Alliance)", color: "#2b6cb0"}
"""

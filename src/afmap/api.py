"""The library functions the command line calls, one per command.

Each takes paths and plain values, does the whole job, and raises
:class:`~afmap.errors.AfmapError` for anything the user can fix.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from afmap.dates import in_words, reference_date
from afmap.errors import Problem
from afmap.geodata import default_geodata_path, load_provinces, read_province_info
from afmap.output import write_atomic
from afmap.timeline import Assignment
from afmap.validate import Scenario, check_scenario, load_scenario

#: The default scenario folder.
DEFAULT_SCENARIO = Path("scenarios")

MAP_TITLE = "Territorial control in Afghanistan"


def load(scenario: Path | None = None, geodata: Path | None = None) -> Scenario:
    """Load and check a scenario against the province list of ``geodata``."""
    infos = read_province_info(geodata or default_geodata_path())
    return load_scenario(scenario or DEFAULT_SCENARIO, infos)


def input_paths(scenario: Path | None = None, geodata: Path | None = None) -> list[Path]:
    """The files and folders a map is made from (what ``--watch`` watches)."""
    return [Path(scenario or DEFAULT_SCENARIO), Path(geodata or default_geodata_path())]


def check(scenario: Path | None = None, geodata: Path | None = None) -> list[Problem]:
    """Every problem in a scenario (empty when it is valid)."""
    infos = read_province_info(geodata or default_geodata_path())
    return check_scenario(scenario or DEFAULT_SCENARIO, infos)


def control(day: dt.date, scenario: Path | None = None,
            geodata: Path | None = None) -> list[Assignment]:
    """Who held each province on ``day``: one row per province."""
    return load(scenario, geodata).timeline.at(day)


def default_map_path(day: dt.date | None, year: int | None, fmt: str = "html") -> Path:
    """``output/afmap-1998.html``, ``output/afmap-1996-09-27.html`` or ``output/afmap-timeline.html``."""
    stem = str(year) if year is not None else (day.isoformat() if day else "timeline")
    return Path("output") / f"afmap-{stem}.{fmt}"


def map_subtitle(day: dt.date | None, year: int | None) -> str:
    """The line under the map title that states the date shown."""
    if day is None:
        return "Every change of control from 1978 to today"
    if year is not None:
        return f"State on {in_words(day)} (reference date for {year})"
    return f"State on {in_words(day)}"


def render(out: Path, *, day: dt.date | None, year: int | None = None,
           scenario: Path | None = None, geodata: Path | None = None,
           cdn: bool = False, tiles: str | None = None) -> Path:
    """Render the HTML map of ``day`` (or the timeline when None) to ``out``, atomically."""
    from afmap.htmlmap import render_map_html

    geodata = geodata or default_geodata_path()
    loaded = load(scenario, geodata)
    provinces = load_provinces(geodata)
    html = render_map_html(loaded.timeline, provinces, day=day,
                           title=loaded.title or MAP_TITLE,
                           subtitle=map_subtitle(day, year), cdn=cdn, tiles=tiles)
    return write_atomic(out, html)

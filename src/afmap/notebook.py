"""afmap in Python: control as tables and GeoDataFrames, maps that show in Jupyter.

Everything here is re-exported from :mod:`afmap` itself (``afmap.control_frame``,
``afmap.claims``, ``afmap.map``); ``docs/python.md`` shows them in use. Dates
are ``datetime.date`` or ``YYYY-MM-DD`` text; without ``scenario`` and
``geodata`` the shipped history (or a ``scenarios/`` folder here) is used.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from afmap.dates import parse_date, reference_date

if TYPE_CHECKING:
    import geopandas
    import pandas

    from afmap.validate import Scenario

Day = dt.date | str

#: The columns of :func:`control_frame` and :func:`claims`, in order.
COLUMNS = ("code", "province", "faction", "faction_name", "status", "contested_by", "period",
           "start", "end", "start_precision", "end_precision", "held_since", "note", "sources")


def _day(day: Day) -> dt.date:
    return parse_date(day) if isinstance(day, str) else day


def load(scenario: Path | str | None = None, geodata: Path | str | None = None) -> Scenario:
    """A checked scenario (raises :class:`~afmap.errors.ScenarioError` listing every problem)."""
    from afmap import api

    return api.load(Path(scenario) if scenario else None, Path(geodata) if geodata else None)


def control_frame(day: Day, scenario: Path | str | None = None,
                  geodata: Path | str | None = None) -> geopandas.GeoDataFrame:
    """Who held each province on ``day``: one row per province, with its geometry (EPSG:4326).

    Columns: see :data:`COLUMNS`, plus ``geometry``; ``faction`` is the
    holder's id (None: no data), ``sources`` a list of the claim's sources.
    """
    import geopandas

    from afmap import api
    from afmap.geodata import load_provinces

    when = _day(day)
    geodata_path = Path(geodata) if geodata else api.default_geodata_path()
    rows = {a.code: a.as_dict() for a in api.control(when, Path(scenario) if scenario else None,
                                                     geodata_path)}
    frame = load_provinces(geodata_path)
    records = [{k: rows[code].get(k) for k in COLUMNS} for code in frame["code"]]
    return geopandas.GeoDataFrame(records, geometry=list(frame.geometry), crs=frame.crs)


def claims(scenario: Path | str | None = None,
           geodata: Path | str | None = None) -> pandas.DataFrame:
    """The whole timeline as a table: one row per claim of each province, in time order."""
    import pandas

    timeline = load(scenario, geodata).timeline
    rows = []
    for code in timeline.provinces:
        for seg in timeline.segments_of(code):
            row = timeline.row(code, seg.start).as_dict()
            rows.append({k: row.get(k) for k in COLUMNS})
    return pandas.DataFrame(rows, columns=list(COLUMNS))


@dataclass
class Map:
    """An afmap HTML map: shows inline in Jupyter, saves to a file.

    ``html`` is the whole self-contained page (Leaflet inlined, no network).
    """

    html: str = field(repr=False)
    title: str
    day: dt.date | None

    def __repr__(self) -> str:
        when = self.day.isoformat() if self.day else "timeline"
        return f"<afmap.Map {self.title!r}, {when}, {len(self.html):,} characters>"

    def _repr_html_(self) -> str:
        # In an iframe of its own: the page's script and styles stay out of the notebook's.
        page = html.escape(self.html, quote=True)
        return (f'<iframe srcdoc="{page}" style="width:100%;height:600px;border:0" '
                f'title="{html.escape(self.title)}"></iframe>')

    def save(self, path: Path | str) -> Path:
        """Write the page to ``path`` atomically; return the path."""
        from afmap.output import write_atomic

        return write_atomic(Path(path), self.html, inputs=())


def map(day: Day | None = None, *, year: int | None = None,
        scenario: Path | str | None = None, geodata: Path | str | None = None,
        title: str | None = None, lang: str = "en") -> Map:
    """The map of ``day`` (or of ``year``'s reference date), or the timeline map when neither,
    in ``lang`` (``en``, ``fa`` for Dari, ``ps`` for Pashto)."""
    from afmap import api
    from afmap.geodata import load_provinces
    from afmap.htmlmap import render_map_html

    when = reference_date(year) if year is not None else (_day(day) if day else None)
    geodata_path = Path(geodata) if geodata else api.default_geodata_path()
    loaded = load(scenario, geodata_path)
    name = api.map_title(title or loaded.title, lang)
    page = render_map_html(loaded.timeline, load_provinces(geodata_path), day=when,
                           title=title or loaded.title, lang=lang, year=year)
    return Map(page, name, when)


def describe(scenario: Scenario) -> str:
    """A short summary of a loaded scenario (its ``repr``)."""
    files = [m for _, m in scenario.files]
    days = scenario.timeline.change_dates()
    span = f", {days[0]} to {days[-1]}" if days else ""
    return (f"<afmap.Scenario: {len(files)} files, {sum(len(m.changes) for m in files)} changes, "
            f"{sum(len(m.eras) for m in files)} eras, {len(days)} change dates{span}>")

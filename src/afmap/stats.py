"""Territory over time: each faction's area and share of the country on every change date.

Areas are computed once per province in an equal-area projection
(EPSG:6933, WGS 84 / NSIDC EASE-Grid 2.0 Global). A contested province counts
wholly for its holder, and that part is also given on its own
(``contested_km2``, ``contested_share``); a province no period covers counts as
``no-data``, so the shares of one date sum to 1.

No population share: no per-province population figure with a source and a
year ships with afmap yet.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

from afmap.tables import align
from afmap.timeline import NO_DATA, Timeline

if TYPE_CHECKING:
    import geopandas

#: The equal-area projection used for every area.
EQUAL_AREA_CRS = "EPSG:6933"
NO_DATA_NAME = "No data"
COLUMNS = ("date", "faction", "faction_name", "area_km2", "area_share", "contested_km2",
           "contested_share")

Track = Callable[[Sequence[dt.date]], Iterable[dt.date]]
ParentsOn = Callable[[dt.date], Mapping[str, str]]


@dataclass(frozen=True)
class AreaRow:
    """One faction's territory on one date (``faction`` is ``no-data`` for gaps)."""

    date: dt.date
    faction: str
    faction_name: str
    area_km2: float
    area_share: float
    contested_km2: float = 0.0
    contested_share: float = 0.0

    def as_dict(self) -> dict[str, object]:
        """JSON-ready, with the date as ``YYYY-MM-DD``."""
        d = asdict(self)
        d["date"] = self.date.isoformat()
        return d


def province_areas(frame: geopandas.GeoDataFrame) -> dict[str, float]:
    """Area of each province in km², in the equal-area projection."""
    areas = frame.to_crs(EQUAL_AREA_CRS).geometry.area / 1e6
    return {str(code): float(a) for code, a in zip(frame["code"], areas)}


def area_rows(timeline: Timeline, areas: Mapping[str, float], days: Sequence[dt.date],
              parents_on: ParentsOn | None = None, track: Track | None = None) -> list[AreaRow]:
    """Area and share per faction on each of ``days``.

    Rows per date: every faction holding some land (in the scenario's faction
    order), then ``no-data`` (always present, possibly 0).

    Parameters
    ----------
    parents_on
        With historical boundaries: day -> (modern code -> code of the
        province it belonged to); the holder of that province holds the land.
    track
        Wraps the day sequence, e.g. in a progress bar.
    """
    total = sum(areas.values())
    rows: list[AreaRow] = []
    for day in (track(days) if track else days):
        parents = parents_on(day) if parents_on else {}
        held: dict[str, float] = {}
        contested: dict[str, float] = {}
        for code, area in areas.items():
            seg = timeline.segment_at(parents.get(code, code), day)
            key = seg.faction if seg else NO_DATA
            held[key] = held.get(key, 0.0) + area
            if seg is not None and seg.status == "contested":
                contested[key] = contested.get(key, 0.0) + area
        for fid, info in timeline.factions.items():
            if held.get(fid):
                rows.append(_row(day, fid, info.name, held[fid], contested.get(fid, 0.0), total))
        rows.append(_row(day, NO_DATA, NO_DATA_NAME, held.get(NO_DATA, 0.0), 0.0, total))
    return rows


def _row(day: dt.date, fid: str, name: str, area: float, contested: float,
         total: float) -> AreaRow:
    def share(x: float) -> float:
        return round(x / total, 6) if total else 0.0

    return AreaRow(day, fid, name, round(area, 1), share(area), round(contested, 1),
                   share(contested))


def to_json(rows: Sequence[AreaRow]) -> str:
    """A JSON list of row objects."""
    return json.dumps([r.as_dict() for r in rows], ensure_ascii=False, indent=2) + "\n"


def to_csv(rows: Sequence[AreaRow]) -> str:
    """CSV with a header row."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(COLUMNS)
    for r in rows:
        writer.writerow([r.date.isoformat(), r.faction, r.faction_name, f"{r.area_km2:.1f}",
                         f"{r.area_share:.6f}", f"{r.contested_km2:.1f}",
                         f"{r.contested_share:.6f}"])
    return buf.getvalue()


def to_table(rows: Sequence[AreaRow]) -> str:
    """An aligned text table, one block per date."""
    head = ("DATE", "FACTION", "AREA_KM2", "SHARE", "CONTESTED")
    body = [(r.date.isoformat(), r.faction, f"{r.area_km2:,.0f}", f"{r.area_share:.1%}",
             f"{r.contested_share:.1%}") for r in rows]
    return "\n".join(align(head, body, right={2, 3, 4})) + "\n"


FORMATS: dict[str, Callable[[Sequence[AreaRow]], str]] = {
    "table": to_table, "csv": to_csv, "json": to_json}

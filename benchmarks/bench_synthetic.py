"""The synthetic scale case: provinces cut into districts, hundreds of change dates.

Everything here is seeded, so two runs build the same districts and the same
timeline. The contents are benchmark data, not history: every segment's
source says so.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping
from typing import TYPE_CHECKING

from afmap.timeline import FactionInfo, Segment, Timeline

if TYPE_CHECKING:
    import geopandas

SOURCE = "Synthetic benchmark data (seeded random), not history"


def _allocate(areas: list[float], total: int) -> list[int]:
    """``total`` districts shared out by area (largest remainder), at least one each."""
    whole = sum(areas)
    raw = [max(1.0, total * a / whole) for a in areas]
    counts = [int(r) for r in raw]
    order = sorted(range(len(areas)), key=lambda k: (counts[k] - raw[k], k))
    for k in order[: max(0, total - sum(counts))]:
        counts[k] += 1
    return counts


def _points_inside(geom, count: int, rng: random.Random) -> list[tuple[float, float]]:
    import shapely

    minx, miny, maxx, maxy = geom.bounds
    shapely.prepare(geom)
    points: list[tuple[float, float]] = []
    while len(points) < count:
        x, y = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
        if shapely.contains_xy(geom, x, y):
            points.append((x, y))
    return points


def make_districts(provinces: geopandas.GeoDataFrame, count: int = 400,
                   seed: int = 1978) -> geopandas.GeoDataFrame:
    """Cut each province into Voronoi cells of random points inside it.

    Parameters
    ----------
    provinces
        Columns ``code``, ``name``, ``geometry`` (EPSG:4326).
    count
        About how many districts in all (each province gets at least one).
    seed
        Seed of the point placement.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``code`` (``AF-BAL-03``), ``name``, ``geometry``; coordinates
        on a 1e-4 degree grid like the shipped province file.
    """
    import geopandas
    import shapely
    from shapely.geometry import MultiPoint

    rng = random.Random(seed)
    geoms = list(provinces.geometry)
    counts = _allocate([g.area for g in geoms], count)
    rows: list[tuple[str, str, object]] = []
    for code, name, geom, n in zip(provinces["code"], provinces["name"], geoms, counts):
        if n == 1:
            rows.append((f"{code}-01", f"{name} 1", geom))
            continue
        cells = shapely.voronoi_polygons(MultiPoint(_points_inside(geom, n, rng)),
                                         extend_to=geom.envelope.buffer(1.0), ordered=True)
        pieces = [shapely.set_precision(cell.intersection(geom), 1e-4) for cell in cells.geoms]
        for j, piece in enumerate((p for p in pieces if not p.is_empty), start=1):
            rows.append((f"{code}-{j:02d}", f"{name} {j}", piece))
    return geopandas.GeoDataFrame({"code": [r[0] for r in rows], "name": [r[1] for r in rows]},
                                  geometry=[r[2] for r in rows], crs="EPSG:4326")


def _random_timeline(districts: geopandas.GeoDataFrame, factions: Mapping[str, FactionInfo],
                     days: list[dt.date], per_date: int, rng: random.Random) -> Timeline:
    """Random holders on ``days[0]``, then ``per_date`` random areas changing hands on each later day.

    A change always gives the area another holder than it had, so its look
    changes; a fifth of the assignments are contested by another faction.
    """
    codes = list(districts["code"])
    fids = list(factions)
    state: dict[str, tuple[str, str, tuple[str, ...], dt.date, int]] = {}
    segments: list[Segment] = []

    def close(code: str, end: dt.date | None) -> None:
        fac, status, by, since, k = state[code]
        segments.append(Segment(code, since, end, fac, status, by, f"Synthetic change {k}",
                                None, (SOURCE,)))

    def assign(code: str, day: dt.date, k: int) -> None:
        old = state[code][0] if code in state else None
        fac = rng.choice([f for f in fids if f != old] if old else fids)
        if rng.random() < 0.2:
            other = rng.choice([f for f in fids if f != fac])
            state[code] = (fac, "contested", (other,), day, k)
        else:
            state[code] = (fac, "controlled", (), day, k)

    for code in codes:
        assign(code, days[0], 0)
    for k, day in enumerate(days[1:], start=1):
        for code in rng.sample(codes, min(per_date, len(codes))):
            close(code, day)
            assign(code, day, k)
    for code in codes:
        close(code, None)
    return Timeline(provinces=dict(zip(codes, districts["name"])), factions=dict(factions),
                    segments=segments)


def monthly_days(count: int, first: dt.date = dt.date(1980, 1, 1)) -> list[dt.date]:
    """``count`` first-of-month days from ``first``: steps every page's slider can hit."""
    return [dt.date(first.year + (first.month - 1 + k) // 12, (first.month - 1 + k) % 12 + 1, 1)
            for k in range(count)]


def make_churn_timeline(districts: geopandas.GeoDataFrame, factions: Mapping[str, FactionInfo],
                        dates: int = 500, churn: float = 0.025, seed: int = 2001) -> Timeline:
    """A timeline whose every change date restyles ``churn`` of the areas.

    Change dates are the first of ``dates`` consecutive months (from January
    1980), so the folium and Plotly pages can step through exactly the same
    days as afmap's. On each date ``max(1, round(churn * areas))`` random areas
    change look: a new holder, a fifth of them contested by another faction.
    """
    days = monthly_days(dates)
    per_date = max(1, round(churn * len(districts)))
    return _random_timeline(districts, factions, days, per_date, random.Random(seed))

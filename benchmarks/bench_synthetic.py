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
FIRST_DAY = dt.date(1978, 4, 27)


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


def make_timeline(districts: geopandas.GeoDataFrame, factions: Mapping[str, FactionInfo],
                  dates: int = 500, changes_per_date: int = 10, seed: int = 2001,
                  last_day: dt.date | None = None) -> Timeline:
    """A timeline over ``districts`` with ``dates`` change dates and random holders.

    On the first date every district gets a random holder; on each later date
    ``changes_per_date`` random districts change hands, a fifth of them
    contested by another faction.
    """
    rng = random.Random(seed)
    codes = list(districts["code"])
    fids = list(factions)
    last_day = last_day or dt.date.today()
    span = (last_day - FIRST_DAY).days
    offsets = sorted(rng.sample(range(1, span), dates - 1))
    days = [FIRST_DAY] + [FIRST_DAY + dt.timedelta(days=o) for o in offsets]
    state: dict[str, tuple[str, str, tuple[str, ...], dt.date, int]] = {}
    segments: list[Segment] = []

    def close(code: str, end: dt.date | None) -> None:
        fac, status, by, since, k = state[code]
        segments.append(Segment(code, since, end, fac, status, by, f"Synthetic change {k}",
                                f"Synthetic note {k}" if k % 7 == 0 else None, (SOURCE,)))

    def assign(code: str, day: dt.date, k: int) -> None:
        fac = rng.choice(fids)
        if rng.random() < 0.2:
            other = rng.choice([f for f in fids if f != fac])
            state[code] = (fac, "contested", (other,), day, k)
        else:
            state[code] = (fac, "controlled", (), day, k)

    for code in codes:
        assign(code, days[0], 0)
    for k, day in enumerate(days[1:], start=1):
        for code in rng.sample(codes, min(changes_per_date, len(codes))):
            close(code, day)
            assign(code, day, k)
    for code in codes:
        close(code, None)
    return Timeline(provinces=dict(zip(codes, districts["name"])), factions=dict(factions),
                    segments=segments)

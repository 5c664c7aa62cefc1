"""Historical province boundaries: the provinces that existed on a date.

The geodata holds today's 34 provinces; five were created later than 1964
(``established``) out of older ones (``split_from``):

- Khost from Paktia (1985), Sar-e Pol from Jowzjan (1988),
- Nuristan from Laghman and Kunar (1989),
- Panjshir from Parwan and Daykundi from Uruzgan (2004).

Before its ``established`` year (``day.year < established``) a province is
drawn as part of its parent, and the parent's holder in the scenario holds
the whole merged area.

Where a province was carved from two parents (Nuristan), the geodata has no
district lines to split it back, so the whole of it joins the parent it
shares the longest border with (Kunar for Nuristan: about 1.34 degrees of
shared border against 0.81 with Laghman in the shipped geometries). The
choice is made from the geometries, so it follows any edited geodata.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from afmap.geodata import ProvinceInfo
from afmap.timeline import Assignment, Timeline

if TYPE_CHECKING:
    import geopandas

def chosen_parents(infos: Sequence[ProvinceInfo],
                   frame: geopandas.GeoDataFrame) -> dict[str, str]:
    """The one parent of each later-created province (code -> parent code).

    With several ``split_from`` parents, the one sharing the longest border
    wins; ties go to the first listed. A parent the geodata does not hold
    is passed over (a file of a few provinces may name parents outside it),
    and a province left with none is drawn as itself on every date, so what
    ``check`` accepts every command draws.
    """
    geoms = dict(zip(frame["code"], frame.geometry))
    chosen: dict[str, str] = {}
    for info in infos:
        if info.established is None or not info.split_from:
            continue
        parents = [p for p in info.split_from if p in geoms and p != info.code]
        if len(parents) <= 1:
            chosen.update({info.code: parents[0]} if parents else {})
            continue
        own = geoms[info.code]
        border = {p: own.intersection(geoms[p]).length for p in parents}
        chosen[info.code] = max(parents, key=lambda p: (border[p], -parents.index(p)))
    return chosen


def parents_on(day: dt.date, infos: Sequence[ProvinceInfo],
               chosen: Mapping[str, str]) -> dict[str, str]:
    """Every modern province code -> the code of the province it was part of on ``day``.

    A province that existed on ``day`` maps to itself. Chains (a parent that
    itself did not exist yet) are followed.
    """
    established = {p.code: p.established for p in infos}
    parents: dict[str, str] = {}
    for info in infos:
        code, seen = info.code, set()
        while code in chosen and code not in seen:
            year = established.get(code)
            if year is None or day.year >= year:
                break
            seen.add(code)
            code = chosen[code]
        parents[info.code] = code
    return parents


def members(parents: Mapping[str, str]) -> dict[str, list[str]]:
    """Existing province code -> the modern provinces it covers (itself first)."""
    out: dict[str, list[str]] = {}
    for code in sorted(parents):
        out.setdefault(parents[code], [])
    for code in sorted(parents):
        group = out[parents[code]]
        group.insert(0, code) if code == parents[code] else group.append(code)
    return out


def assignments_on(timeline: Timeline, day: dt.date,
                   parents: Mapping[str, str]) -> list[Assignment]:
    """One row per province that existed on ``day``, its holder from the scenario."""
    return [a for a in timeline.at(day) if parents.get(a.code, a.code) == a.code]


def merge_frame(frame: geopandas.GeoDataFrame,
                parents: Mapping[str, str]) -> geopandas.GeoDataFrame:
    """Province polygons of one date: merged provinces dissolved into their parent.

    Columns: code, name, includes (the modern codes covered, ' | '-joined), geometry.
    """
    import geopandas
    import shapely

    groups = members(parents)
    names = dict(zip(frame["code"], frame["name"]))
    geoms = dict(zip(frame["code"], frame.geometry))
    rows = []
    for code in sorted(groups):
        parts = [geoms[c] for c in groups[code] if c in geoms]
        geom = parts[0] if len(parts) == 1 else shapely.union_all(parts)
        rows.append({"code": code, "name": names.get(code, code),
                     "includes": " | ".join(groups[code]), "geometry": geom})
    return geopandas.GeoDataFrame(rows, geometry="geometry", crs=frame.crs)


def restrict_timeline(timeline: Timeline, parents: Mapping[str, str]) -> Timeline:
    """The timeline of only the provinces that exist under ``parents``.

    Anything that reads a :class:`Timeline` (tables, HTML and static maps)
    then draws the historical provinces, each with its own holder.
    """
    keep = {code: name for code, name in timeline.provinces.items()
            if parents.get(code, code) == code}
    return Timeline(provinces=keep, factions=timeline.factions,
                    segments=[s for s in timeline.segments if s.code in keep],
                    events=timeline.events)


def historical_view(timeline: Timeline, infos: Sequence[ProvinceInfo],
                    frame: geopandas.GeoDataFrame,
                    day: dt.date) -> tuple[Timeline, geopandas.GeoDataFrame]:
    """The timeline and polygons of the provinces that existed on ``day``."""
    parents = parents_on(day, infos, chosen_parents(infos, frame))
    return restrict_timeline(timeline, parents), merge_frame(frame, parents)

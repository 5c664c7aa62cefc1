"""Two scenarios side by side on one date: one offline HTML page, two synchronised maps.

Provinces where the two accounts disagree (another holder or another
status) are outlined on both maps. Leaflet is inlined from the
``xstatic-leaflet`` package (:mod:`afmap.assets`); the page's own script is
``templates/compare.js``. Scenario text travels only as JSON data and is put
on the page as text nodes, never as HTML.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import TYPE_CHECKING, Any

from afmap.timeline import Assignment, Timeline

if TYPE_CHECKING:
    import geopandas

#: Outline colour of provinces where the scenarios disagree.
DISAGREE_COLOR = "#e6007e"


def disagreements(rows_a: list[Assignment], rows_b: list[Assignment]) -> list[str]:
    """Codes of provinces with another holder or another status in the two scenarios."""
    b = {r.code: r for r in rows_b}
    out = []
    for r in rows_a:
        other = b.get(r.code)
        if other is None or (r.faction, r.status) != (other.faction, other.status):
            out.append(r.code)
    return out


def _side(title: str, timeline: Timeline, rows: list[Assignment]) -> dict[str, Any]:
    from afmap.htmldata import safe_color

    used = {f for r in rows for f in ([r.faction] if r.faction else []) + list(r.contested_by)}
    factions = {fid: {"name": f.name, "color": safe_color(fid, f.color)}
                for fid, f in timeline.factions.items() if fid in used}
    return {
        "title": title,
        "factions": factions,
        "order": [fid for fid in timeline.factions if fid in used],
        "rows": {r.code: {k: v for k, v in r.as_dict().items()
                          if k in ("faction", "faction_name", "status", "contested_by",
                                   "period", "note", "sources")} for r in rows},
    }


def compare_data(a: Timeline, b: Timeline, provinces: geopandas.GeoDataFrame, *,
                 day: dt.date, names: tuple[str, str], subtitle: str) -> dict[str, Any]:
    """The JSON object the compare page carries."""
    from shapely.geometry import mapping

    from afmap.htmldata import round_coords

    rows_a, rows_b = a.at(day), b.at(day)
    features = [{"type": "Feature", "properties": {"code": code, "name": name},
                 "geometry": {"type": geom.geom_type,
                              "coordinates": round_coords(mapping(geom)["coordinates"])}}
                for code, name, geom in zip(provinces["code"], provinces["name"],
                                            provinces.geometry)]
    minx, miny, maxx, maxy = (round(float(v), 4) for v in provinces.total_bounds)
    return {
        "day": day.isoformat(),
        "subtitle": subtitle,
        "bounds": [[miny, minx], [maxy, maxx]],
        "geometry": {"type": "FeatureCollection", "features": features},
        "sides": [_side(names[0], a, rows_a), _side(names[1], b, rows_b)],
        "disagree": disagreements(rows_a, rows_b),
        "disagreeColor": DISAGREE_COLOR,
    }


def compare_html(a: Timeline, b: Timeline, provinces: geopandas.GeoDataFrame, *,
                 day: dt.date, names: tuple[str, str], subtitle: str) -> str:
    """The whole page; identical inputs give identical text."""
    from afmap.assets import leaflet_inline_head, script_safe, template_text
    from afmap.htmldata import script_json

    data = compare_data(a, b, provinces, day=day, names=names, subtitle=subtitle)
    parts = {
        "title": html.escape(f"{names[0]} / {names[1]}: {day.isoformat()}"),
        "leaflet": leaflet_inline_head(),
        "css": template_text("compare.css"),
        "data": script_json(data),
        "script": script_safe(template_text("compare.js")),
    }
    # one pass, so text inside a substituted part is never substituted again
    return re.sub(r"\{\{(\w+)\}\}", lambda m: parts[m.group(1)], template_text("compare.html"))

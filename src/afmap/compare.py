"""Two accounts side by side over time: one offline HTML page, two synchronised maps.

Each account is the main map's data block (:mod:`afmap.htmldata`, read by
``templates/afmap-state.js``), the geometry once for both. One slider moves
both through every change date of either; on each date the page outlines
the provinces where the accounts disagree (another holder or another
status, as :func:`disagreements` decides), counts them and lists them beside
the maps. The page is drawn by the main map's own modules (``afmap.js``)
plus ``templates/compare.js``. Scenario text travels only as JSON data and
reaches the page as text nodes, never as HTML.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import TYPE_CHECKING, Any

from afmap.timeline import Assignment, Timeline

if TYPE_CHECKING:
    import geopandas

#: Outline colour of provinces where the accounts disagree.
DISAGREE_COLOR = "#c4006b"


def disagreements(rows_a: list[Assignment], rows_b: list[Assignment]) -> list[str]:
    """Codes of provinces with another holder or another status in the two accounts."""
    b = {r.code: r for r in rows_b}
    out = []
    for r in rows_a:
        other = b.get(r.code)
        if other is None or (r.faction, r.status) != (other.faction, other.status):
            out.append(r.code)
    return out


def compare_data(a: Timeline, b: Timeline, provinces: geopandas.GeoDataFrame, *,
                 day: dt.date, names: tuple[str, str], subtitle: str) -> dict[str, Any]:
    """The JSON object the compare page carries: both accounts' data blocks, one geometry."""
    from afmap.htmldata import build_map_data

    sides = [build_map_data(t, provinces, day=None, title=name, subtitle=None, tiles=False)
             for t, name in ((a, names[0]), (b, names[1]))]
    if [p["code"] for p in sides[0]["provinces"]] != [p["code"] for p in sides[1]["provinces"]]:
        from afmap.errors import RenderError

        raise RenderError("the two scenarios name different provinces; compare needs the same")
    geometry, bounds = sides[0]["geometry"], sides[0]["bounds"]
    for side in sides:
        side["geometry"] = None  # once, below
    return {
        "day": day.isoformat(),
        "subtitle": subtitle,
        "bounds": bounds,
        "geometry": geometry,
        "dates": sorted(set(sides[0]["dates"]) | set(sides[1]["dates"])),
        "sides": sides,
        "disagree": disagreements(a.at(day), b.at(day)),
        "disagreeColor": DISAGREE_COLOR,
    }


def compare_html(a: Timeline, b: Timeline, provinces: geopandas.GeoDataFrame, *,
                 day: dt.date, names: tuple[str, str], subtitle: str) -> str:
    """The whole page; identical inputs give identical text."""
    from afmap.assets import leaflet_inline_head, page_code, script_safe, template_text
    from afmap.htmldata import script_json

    data = compare_data(a, b, provinces, day=day, names=names, subtitle=subtitle)
    parts = {
        "title": html.escape(f"{names[0]} / {names[1]}: {day.isoformat()}"),
        "leaflet": leaflet_inline_head(),
        "css": page_code("afmap.css", "compare.css"),
        "data": script_json(data),
        "script": script_safe(page_code("afmap-state.js", "afmap.js", "compare.js")),
    }
    # one pass, so text inside a substituted part is never substituted again
    return re.sub(r"\{\{(\w+)\}\}", lambda m: parts[m.group(1)], template_text("compare.html"))

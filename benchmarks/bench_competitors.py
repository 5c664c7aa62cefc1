"""The same timeline map made the usual ways, each as a competent user would make it.

Each builder takes the shapes (a GeoJSON dict whose features carry ``code``
and ``name``) and the states to step through (:func:`states_at`), and returns
the HTML text. Every page steps through exactly the given days, in order, and
shows each shape once:

- folium ``TimestampedGeoJson``: one copy of a shape per step (a polygon's
  ``times`` must match its rings, so a copy cannot span several steps), ISO
  day strings as ``times``, ``period`` the spacing of the days and a
  ``duration`` shorter than it, so only the current copy is drawn (with
  ``duration`` equal to ``period`` the previous step's copy stays too, and
  without it every past copy accumulates). leaflet-timedimension 1.1.1 sorts
  the times as strings, so times on both sides of 2001-09-09 (12 and 13
  digits of milliseconds) collapse the slider; the page carries the numeric
  sort that fixed it upstream (socib/Leaflet.TimeDimension#228).
- folium ``TimeSliderChoropleth``: the shapes once, a colour per shape per
  timestamp (the plugin has no sparse form: a shape missing at a timestamp
  is left as it was).
- Plotly: one ``go.Choropleth`` trace holding the geometry and locations
  once; each frame carries only the values (``z``) of that trace; a slider
  with one ``animate`` step per frame. plotly.js inlined, or from its CDN.
- the floor: a bare Leaflet page (Leaflet inlined from xstatic-leaflet, as
  afmap does) drawing the shapes once and recolouring them on each step with
  the same SVG pattern hatching afmap uses for contested areas.

folium and Plotly draw a contested area in its holder's colour: neither has
pattern fills. The folium maps have no tile layer, like afmap's default.
"""

from __future__ import annotations

import datetime as dt
import html
import importlib.util
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from afmap.timeline import Timeline

if TYPE_CHECKING:
    import geopandas

NO_DATA_COLOR = "#cccccc"
NO_DATA_NAME = "No data"
WHITE = "#ffffff"


class Look(NamedTuple):
    """How one shape is drawn on one day."""

    name: str  # faction name, or "No data"
    color: str  # the holder's colour
    challenger: str | None = None  # colour of the hatching when contested


@dataclass(frozen=True)
class State:
    """Who held every shape on one day: code -> look."""

    day: dt.date
    holders: dict[str, Look]


def states_at(timeline: Timeline, days: Sequence[dt.date]) -> list[State]:
    """The state of every shape on each of ``days``."""
    states = []
    for day in days:
        holders = {}
        for code in timeline.provinces:
            seg = timeline.segment_at(code, day)
            if seg is None:
                holders[code] = Look(NO_DATA_NAME, NO_DATA_COLOR)
                continue
            fac = timeline.factions[seg.faction]
            challenger = None
            if seg.status == "contested":
                by = seg.contested_by[0] if seg.contested_by else None
                challenger = timeline.factions[by].color if by else WHITE
            holders[code] = Look(fac.name, fac.color, challenger)
        states.append(State(day, holders))
    return states


def yearly_days(first_year: int = 1978, today: dt.date | None = None) -> list[dt.date]:
    """1 July of every year from ``first_year`` that has reached it."""
    today = today or dt.date.today()
    return [dt.date(y, 7, 1) for y in range(first_year, today.year + 1) if dt.date(y, 7, 1) <= today]


def yearly_states(timeline: Timeline, first_year: int = 1978) -> list[State]:
    """The state on 1 July of every year: how one steps irregular history in these tools."""
    return states_at(timeline, yearly_days(first_year))


def period_of(states: Sequence[State]) -> str:
    """The ISO 8601 spacing of the days: ``P1M`` for first-of-month days, else ``P1Y``."""
    days = [s.day for s in states]
    if len(days) > 1 and all(d.day == 1 for d in days) and days[1].month != days[0].month:
        return "P1M"
    return "P1Y"


def changed_share(states: Sequence[State]) -> float:
    """Mean share of the shapes whose look changes from one state to the next."""
    if len(states) < 2:
        return 0.0
    n = len(states[0].holders)
    changes = [sum(a.holders[c] != b.holders[c] for c in a.holders)
               for a, b in zip(states, states[1:])]
    return sum(changes) / len(changes) / n


def shapes_geojson(provinces: geopandas.GeoDataFrame) -> dict[str, Any]:
    """The shapes as a GeoJSON dict: ``id`` and properties ``code``, ``name``."""
    from shapely.geometry import mapping

    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": code, "properties": {"code": code, "name": name},
         "geometry": mapping(geom)}
        for code, name, geom in zip(provinces["code"], provinces["name"], provinces.geometry)
    ]}


def _bounds(shapes: dict[str, Any]) -> list[list[float]]:
    import shapely
    from shapely.geometry import shape

    minx, miny, maxx, maxy = shapely.total_bounds([shape(f["geometry"]) for f in shapes["features"]])
    return [[miny, minx], [maxy, maxx]]


def _folium_map(shapes: dict[str, Any]) -> Any:
    import folium

    fmap = folium.Map(tiles=None, zoom_control=True)
    fmap.fit_bounds(_bounds(shapes))
    return fmap


#: The fix of socib/Leaflet.TimeDimension#228 (in its source, never released):
#: sort the times as numbers, not as strings.
NUMERIC_SORT = """<script>
L.TimeDimension.Util.sort_and_deduplicate = function (arr) {
  arr = arr.slice(0).sort(function (a, b) { return a - b; });
  var result = [], last = null;
  for (var i = 0, l = arr.length; i < l; i++) {
    if (arr[i] !== last) { result.push(arr[i]); last = arr[i]; }
  }
  return result;
};
</script>"""


def timestamped_geojson(shapes: dict[str, Any], states: Sequence[State]) -> str:
    """folium ``TimestampedGeoJson``: one copy of each shape per step, only the current one shown."""
    import folium
    from folium import plugins

    features = []
    for state in states:
        day = state.day.isoformat()
        for feat in shapes["features"]:
            code = feat["properties"]["code"]
            look = state.holders[code]
            features.append({
                "type": "Feature", "geometry": feat["geometry"],
                "properties": {
                    "times": [day],
                    "style": {"color": WHITE, "weight": 1, "fillColor": look.color,
                              "fillOpacity": 1, "className": f"tgj-shape shape-{code}"},
                    "popup": html.escape(f"{feat['properties']['name']}: {look.name}"),
                },
            })
    fmap = _folium_map(shapes)
    fmap.get_root().html.add_child(folium.Element(NUMERIC_SORT))
    period = period_of(states)
    plugins.TimestampedGeoJson({"type": "FeatureCollection", "features": features},
                               period=period, duration="P1D", add_last_point=False,
                               auto_play=False, loop=False, transition_time=0,
                               date_options="YYYY-MM-DD" if period == "P1M" else "YYYY",
                               ).add_to(fmap)
    return fmap.get_root().render()


def time_slider_choropleth(shapes: dict[str, Any], states: Sequence[State]) -> str:
    """folium ``TimeSliderChoropleth``: shapes once, a colour per shape per timestamp."""
    from folium import plugins

    stamps = [str(int(dt.datetime(s.day.year, s.day.month, s.day.day,
                                  tzinfo=dt.timezone.utc).timestamp())) for s in states]
    styledict = {
        feat["id"]: {stamp: {"color": state.holders[feat["id"]].color, "opacity": 1}
                     for stamp, state in zip(stamps, states)}
        for feat in shapes["features"]
    }
    fmap = _folium_map(shapes)
    plugins.TimeSliderChoropleth(json.dumps(shapes), styledict=styledict, name="Control",
                                 date_options="YYYY-MM-DD", stroke_width=1).add_to(fmap)
    return fmap.get_root().render()


def plotly_available() -> bool:
    """Whether plotly (the ``bench`` extra) is installed."""
    return importlib.util.find_spec("plotly") is not None


def plotly_choropleth(shapes: dict[str, Any], states: Sequence[State], *, cdn: bool = False) -> str:
    """The lean Plotly figure's page, plotly.js inlined or (``cdn``) from its CDN."""
    return plotly_figure(shapes, states).to_html(
        include_plotlyjs="cdn" if cdn else True, full_html=True, default_width="100%",
        default_height="100vh")


def plotly_figure(shapes: dict[str, Any], states: Sequence[State]) -> Any:
    """A lean Plotly figure: geometry once, frames that carry only the values."""
    import plotly.graph_objects as go
    import shapely
    from shapely.geometry import mapping, shape

    # d3-geo, which plotly.js draws with, wants exterior rings clockwise (the
    # reverse of RFC 7946): a counter-clockwise ring fills the whole globe.
    shapes = {"type": "FeatureCollection", "features": [
        dict(f, geometry=mapping(shapely.orient_polygons(shape(f["geometry"]), exterior_cw=True)))
        for f in shapes["features"]]}
    codes = [f["properties"]["code"] for f in shapes["features"]]
    colors = sorted({look.color for s in states for look in s.holders.values()})
    index = {c: k for k, c in enumerate(colors)}
    n = len(colors)
    # A discrete colour scale: value k is drawn in colours[k].
    scale = [pair for k, c in enumerate(colors) for pair in ((k / n, c), ((k + 1) / n, c))]

    def values(state: State) -> list[int]:
        return [index[state.holders[c].color] for c in codes]

    names = [f["properties"]["name"] for f in shapes["features"]]
    trace = go.Choropleth(geojson=shapes, locations=codes, featureidkey="properties.code",
                          z=values(states[0]), zmin=-0.5, zmax=n - 0.5, colorscale=scale,
                          showscale=False, text=names, hoverinfo="text",
                          marker={"line": {"color": WHITE, "width": 1}})
    frames = [go.Frame(name=str(k), data=[go.Choropleth(z=values(s))], traces=[0])
              for k, s in enumerate(states)]
    step_args = {"mode": "immediate", "frame": {"duration": 0, "redraw": True},
                 "transition": {"duration": 0}}
    slider = {"active": 0, "steps": [
        {"method": "animate", "label": s.day.isoformat(), "args": [[str(k)], step_args]}
        for k, s in enumerate(states)]}
    fig = go.Figure(data=[trace], frames=frames,
                    layout=go.Layout(sliders=[slider], margin={"l": 0, "r": 0, "t": 0, "b": 0}))
    fig.update_geos(fitbounds="locations", visible=False)
    return fig


# ---- the floor: a bare Leaflet page doing the same recolouring ---------------

_FLOOR_HTML = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Leaflet floor</title>
{leaflet}
<style>html, body, #map {{ height: 100%; margin: 0; }}
#floor-date {{ position: absolute; top: 8px; left: 60px; z-index: 1000; font: 16px sans-serif; }}
#floor-slider {{ position: absolute; bottom: 12px; left: 12px; right: 12px; z-index: 1000; }}</style>
</head><body>
<div id="map"></div><div id="floor-date"></div><input id="floor-slider" type="range" min="0" step="1">
<svg width="0" height="0" style="position:absolute" aria-hidden="true"><defs id="floor-defs"></defs></svg>
<script>var FLOOR = {data};</script>
<script>
(function () {{
  var NS = "http://www.w3.org/2000/svg", defs = document.getElementById("floor-defs");
  function svgEl(name, attrs) {{
    var e = document.createElementNS(NS, name);
    for (var k in attrs) {{ e.setAttribute(k, attrs[k]); }}
    return e;
  }}
  // afmap's hatching: diagonal stripes in an upright 14 px tile.
  FLOOR.patterns.forEach(function (p) {{
    var pat = svgEl("pattern", {{id: p[0], patternUnits: "userSpaceOnUse", width: 14, height: 14}});
    pat.appendChild(svgEl("rect", {{width: 14, height: 14, fill: p[1]}}));
    pat.appendChild(svgEl("path", {{d: "M-1,15L15,-1M-1,1L1,-1M13,15L15,13", stroke: p[2],
                                   "stroke-width": 4, fill: "none"}}));
    defs.appendChild(pat);
  }});
  var map = L.map("map");
  var cur = FLOOR.initial.slice(), paths = [];
  var layer = L.geoJSON(FLOOR.shapes, {{
    style: function (f) {{
      return {{className: "floor-shape", color: "#ffffff", weight: 1, fillOpacity: 1,
              fillColor: FLOOR.fills[cur[f.properties.k]]}};
    }},
    onEachFeature: function (f, l) {{ paths.push(l); }}
  }});
  map.fitBounds(layer.getBounds());
  layer.addTo(map);
  paths.forEach(function (l, k) {{ l.getElement().setAttribute("data-code", FLOOR.codes[k]); }});
  var at = 0, dateEl = document.getElementById("floor-date");
  var slider = document.getElementById("floor-slider");
  function apply(k, f) {{
    if (cur[k] !== f) {{ cur[k] = f; paths[k].setStyle({{fillColor: FLOOR.fills[f]}}); }}
  }}
  function setIndex(i) {{
    i = Math.max(0, Math.min(FLOOR.days.length - 1, i));
    if (i < at) {{ FLOOR.initial.forEach(function (f, k) {{ apply(k, f); }}); at = 0; }}
    while (at < i) {{ FLOOR.steps[at].forEach(function (c) {{ apply(c[0], c[1]); }}); at++; }}
    dateEl.textContent = FLOOR.days[i];
    slider.value = String(i);
  }}
  slider.max = String(FLOOR.days.length - 1);
  slider.addEventListener("input", function () {{ setIndex(+slider.value); }});
  setIndex(0);
  window.floor = {{n: FLOOR.days.length, setIndex: setIndex}};
}}());
</script></body></html>
"""


def floor_page(shapes: dict[str, Any], states: Sequence[State]) -> str:
    """The bare Leaflet floor: shapes once, hatched recolouring, one step per state."""
    from afmap import assets

    codes = [f["properties"]["code"] for f in shapes["features"]]
    fills: list[str] = []
    patterns: list[tuple[str, str, str]] = []
    fill_index: dict[Look, int] = {}

    def fill_of(look: Look) -> int:
        if look not in fill_index:
            if look.challenger is None:
                fills.append(look.color)
            else:
                pid = f"floor-hatch-{len(patterns)}"
                patterns.append((pid, look.color, look.challenger))
                fills.append(f"url(#{pid})")
            fill_index[look] = len(fills) - 1
        return fill_index[look]

    rows = [[fill_of(s.holders[c]) for c in codes] for s in states]
    steps = [[[k, b] for k, (a, b) in enumerate(zip(prev, row)) if a != b]
             for prev, row in zip(rows, rows[1:])]
    features = [{"type": "Feature", "properties": {"k": k}, "geometry": f["geometry"]}
                for k, f in enumerate(shapes["features"])]
    data = {"codes": codes, "fills": fills, "patterns": patterns, "initial": rows[0],
            "steps": steps, "days": [s.day.isoformat() for s in states],
            "shapes": {"type": "FeatureCollection", "features": features}}
    text = json.dumps(data, separators=(",", ":")).replace("</", "<\\/")
    return _FLOOR_HTML.format(leaflet=assets.leaflet_inline_head(), data=text)

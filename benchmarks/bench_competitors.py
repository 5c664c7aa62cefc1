"""The same maps made the usual ways: folium plugins, one folium map per year, Plotly.

Each builder takes the shapes (a GeoJSON dict whose features carry ``code``
and ``name``) and the yearly states (:func:`yearly_states`), and returns the
HTML text (or, for the yearly maps, one text per year). The states use the
faction colours of the timeline and a grey for "no data", as afmap does.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from afmap.dates import reference_date
from afmap.timeline import Timeline

if TYPE_CHECKING:
    import geopandas

NO_DATA_COLOR = "#cccccc"
NO_DATA_NAME = "No data"


@dataclass(frozen=True)
class State:
    """Who held every shape on one day: code -> (faction name, colour)."""

    day: dt.date
    holders: dict[str, tuple[str, str]]


def yearly_states(timeline: Timeline, first_year: int = 1978,
                  last_year: int | None = None) -> list[State]:
    """The state on the reference date (1 July, or today) of every year."""
    last_year = last_year or dt.date.today().year
    states = []
    for year in range(first_year, last_year + 1):
        day = reference_date(year)
        holders = {}
        for code in timeline.provinces:
            seg = timeline.segment_at(code, day)
            if seg is None:
                holders[code] = (NO_DATA_NAME, NO_DATA_COLOR)
            else:
                fac = timeline.factions[seg.faction]
                holders[code] = (fac.name, fac.color)
        states.append(State(day, holders))
    return states


def shapes_geojson(provinces: geopandas.GeoDataFrame) -> dict[str, Any]:
    """The shapes as a GeoJSON dict: ``id`` and properties ``code``, ``name``."""
    from shapely.geometry import mapping

    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": code, "properties": {"code": code, "name": name},
         "geometry": mapping(geom)}
        for code, name, geom in zip(provinces["code"], provinces["name"], provinces.geometry)
    ]}


def _center(shapes: dict[str, Any]) -> list[float]:
    import shapely
    from shapely.geometry import shape

    minx, miny, maxx, maxy = shapely.total_bounds([shape(f["geometry"]) for f in shapes["features"]])
    return [(miny + maxy) / 2, (minx + maxx) / 2]


def timestamped_geojson(shapes: dict[str, Any], states: Sequence[State]) -> str:
    """folium ``TimestampedGeoJson``: every shape copied at every step."""
    import folium
    from folium import plugins

    features = []
    for state in states:
        for feat in shapes["features"]:
            name, color = state.holders[feat["properties"]["code"]]
            features.append({
                "type": "Feature", "geometry": feat["geometry"],
                "properties": {
                    "times": [state.day.isoformat()],
                    "style": {"color": "#ffffff", "weight": 1, "fillColor": color,
                              "fillOpacity": 0.8},
                    "popup": f"{feat['properties']['name']}: {name}",
                },
            })
    fmap = folium.Map(location=_center(shapes), zoom_start=6)
    plugins.TimestampedGeoJson({"type": "FeatureCollection", "features": features},
                               period="P1Y", duration="P1Y", add_last_point=False,
                               auto_play=False, date_options="YYYY").add_to(fmap)
    return fmap.get_root().render()


def time_slider_choropleth(shapes: dict[str, Any], states: Sequence[State]) -> str:
    """folium ``TimeSliderChoropleth``: shapes once, a colour per feature per stamp."""
    import folium
    from folium import plugins

    stamps = [str(int(dt.datetime(s.day.year, s.day.month, s.day.day,
                                  tzinfo=dt.timezone.utc).timestamp())) for s in states]
    styledict = {
        feat["id"]: {stamp: {"color": state.holders[feat["id"]][1], "opacity": 0.8}
                     for stamp, state in zip(stamps, states)}
        for feat in shapes["features"]
    }
    fmap = folium.Map(location=_center(shapes), zoom_start=6)
    plugins.TimeSliderChoropleth(json.dumps(shapes), styledict=styledict,
                                 name="Control").add_to(fmap)
    return fmap.get_root().render()


def yearly_maps(shapes: dict[str, Any], states: Sequence[State]) -> list[str]:
    """One plain folium map (a styled ``GeoJson``) per year."""
    import folium

    pages = []
    center = _center(shapes)
    for state in states:
        fmap = folium.Map(location=center, zoom_start=6)
        folium.GeoJson(
            shapes, name=state.day.isoformat(),
            style_function=lambda f, h=state.holders: {
                "color": "#ffffff", "weight": 1, "fillOpacity": 0.8,
                "fillColor": h[f["properties"]["code"]][1]},
            tooltip=folium.GeoJsonTooltip(["name"]),
        ).add_to(fmap)
        pages.append(fmap.get_root().render())
    return pages


def plotly_available() -> bool:
    """Whether plotly (an optional extra of the benchmark) is installed."""
    return importlib.util.find_spec("plotly") is not None


def plotly_animation(shapes: dict[str, Any], states: Sequence[State]) -> str:
    """Plotly Express animated choropleth, one frame per year, plotly.js inlined."""
    import pandas as pd
    import plotly.express as px

    rows = [{"year": s.day.year, "code": code, "holder": holder[0]}
            for s in states for code, holder in s.holders.items()]
    colors = {name: color for s in states for name, color in s.holders.values()}
    fig = px.choropleth(pd.DataFrame(rows), geojson=shapes, locations="code",
                        featureidkey="properties.code", color="holder",
                        animation_frame="year", color_discrete_map=colors,
                        category_orders={"holder": sorted(colors)})
    fig.update_geos(fitbounds="locations", visible=False)
    return fig.to_html(include_plotlyjs=True, full_html=True)

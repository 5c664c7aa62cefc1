"""The HTML maps: one date, or a timeline with a slider, in one Folium page.

Both maps are the same page: a Folium map with one FeatureGroup per faction
(so folium's layer control lists them), an "Events" and a "Province names"
group, and :class:`_AfmapLayer`, which carries the data block
(:mod:`afmap.htmldata`) and the script ``templates/afmap.js`` that fills the
groups and keeps them in step with the slider.

By default the page is self-contained (Leaflet inlined from xstatic-leaflet,
no tile layer); ``cdn=True`` links Leaflet from its CDN instead.
"""

from __future__ import annotations

import datetime as dt
import html
import itertools
from typing import TYPE_CHECKING, Any

from afmap.errors import RenderError
from afmap.timeline import Timeline

if TYPE_CHECKING:
    import folium
    import geopandas
    import xyzservices

#: Offered in the error message for an unknown tile name.
SUGGESTED_TILES = ("OpenStreetMap.Mapnik", "OpenTopoMap", "Esri.WorldGrayCanvas",
                   "Esri.WorldTopoMap", "Esri.WorldImagery")

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")

_LAYER_TEMPLATE = """
{% macro header(this, kwargs) %}
<style>
{{ this.css }}
</style>
{% endmacro %}

{% macro html(this, kwargs) %}
<script type="application/json" id="afmap-data">{{ this.data_json }}</script>
{% endmacro %}

{% macro script(this, kwargs) %}
{{ this.js }}
afmapInit(
    {{ this._parent.get_name() }},
    [{% for group in this.faction_groups %}{{ group.get_name() }}, {% endfor %}],
    {{ this.events_group.get_name() }},
    {{ this.labels_group.get_name() }}
);
{% endmacro %}
"""


def date_in_words(day: dt.date) -> str:
    """``27 September 1996``."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def _tile_provider(name: str) -> xyzservices.TileProvider:
    import xyzservices

    try:
        provider = xyzservices.providers.query_name(name)
    except ValueError:
        raise RenderError(
            f"unknown tile layer {name!r}; use an xyzservices name such as "
            f"{', '.join(SUGGESTED_TILES)}"
        ) from None
    if provider.requires_token():
        raise RenderError(
            f"tile layer {name!r} needs an API key, which afmap does not handle; "
            f"use one without, such as {', '.join(SUGGESTED_TILES)}"
        )
    return provider


def _layer_class() -> type:
    from folium.elements import MacroElement
    from folium.template import Template

    class _AfmapLayer(MacroElement):
        """The data block, the stylesheet and the script of an afmap page."""

        _template = Template(_LAYER_TEMPLATE)

        def __init__(self, data_json: str, css: str, js: str, faction_groups: list[Any],
                     events_group: Any, labels_group: Any) -> None:
            super().__init__()
            self._name = "AfmapLayer"
            self.data_json = data_json
            self.css = css
            self.js = js
            self.faction_groups = faction_groups
            self.events_group = events_group
            self.labels_group = labels_group

    return _AfmapLayer


def _layer_label(index: int, name: str, color: str) -> str:
    """Layer-control label: Leaflet inserts it as HTML, so the name is escaped.

    ``data-afmap-faction`` lets the page hide factions absent on the date shown.
    """
    return (f'<span class="afmap-swatch" data-afmap-faction="{index}" '
            f'style="background:{html.escape(color)}"></span>{html.escape(name)}')


def _stable_ids(root: Any) -> None:
    """Replace folium's random element ids by a counter, for byte-identical output."""
    from branca.element import Element

    counter = itertools.count(1)

    def visit(element: Element) -> None:
        element._id = str(next(counter))
        for part in ("header", "html", "script"):
            sub = getattr(element, part, None)
            if isinstance(sub, Element):
                visit(sub)
        for child in list(element._children.values()):
            visit(child)

    visit(root)


def _page_title(title: str, day: dt.date | None) -> str:
    return f"{title} \u2014 {date_in_words(day)}" if day else f"{title} \u2014 timeline"


def _build_map(data: dict[str, Any], *, day: dt.date | None, title: str, cdn: bool,
               provider: xyzservices.TileProvider | None) -> folium.Map:
    import folium

    from afmap import assets
    from afmap.htmldata import script_json

    (south, west), (north, east) = data["bounds"]
    fmap = folium.Map(location=[round((south + north) / 2, 4), round((west + east) / 2, 4)],
                      zoom_start=6, tiles=None, zoom_snap=0.25, zoom_delta=0.5)
    figure = fmap.get_root()
    figure.title = html.escape(_page_title(title, day))
    if cdn:
        fmap.default_js = [("leaflet", assets.LEAFLET_CDN_JS)]
        fmap.default_css = [("leaflet_css", assets.LEAFLET_CDN_CSS)]
    else:
        fmap.default_js = []
        fmap.default_css = []
        figure.header.add_child(folium.Element(assets.leaflet_inline_head()), name="leaflet")
    if provider is not None:
        folium.TileLayer(tiles=provider, control=False).add_to(fmap)

    groups = [folium.FeatureGroup(name=_layer_label(k, f["name"], f["color"]), overlay=True)
              for k, f in enumerate(data["factions"])]
    for group in groups:
        group.add_to(fmap)
    events = folium.FeatureGroup(name="Events", overlay=True, control=bool(data["events"]))
    labels = folium.FeatureGroup(name="Province names", overlay=True)
    events.add_to(fmap)
    labels.add_to(fmap)
    layer = _layer_class()(
        script_json(data),
        assets.template_text("afmap.css").strip(),
        assets.script_safe(assets.template_text("afmap.js").strip()),
        groups, events, labels,
    )
    fmap.add_child(layer)
    folium.LayerControl(collapsed=False, position="topright").add_to(fmap)
    _stable_ids(figure)
    return fmap


def render_map_html(
    timeline: Timeline,
    provinces: geopandas.GeoDataFrame,
    *,
    day: dt.date | None,
    title: str,
    subtitle: str | None = None,
    cdn: bool = False,
    tiles: str | None = None,
) -> str:
    """Render the single-date map (``day`` given) or the timeline map (``day`` None).

    Parameters
    ----------
    timeline
        Control of every province over time.
    provinces
        Columns ``code``, ``name``, ``geometry`` (EPSG:4326), one row per code
        of ``timeline.provinces``.
    day
        The date to show; None gives the timeline with a slider over every
        change date.
    title, subtitle
        Shown at the top of the map (as text, never as HTML).
    cdn
        Link Leaflet from its CDN instead of inlining it.
    tiles
        An xyzservices tile layer name (``"CartoDB.Positron"``); None draws a
        light base from the province shapes alone, so the page works offline.

    Returns
    -------
    str
        The whole HTML page; identical inputs give identical text.

    Raises
    ------
    RenderError
        Unknown tile name, missing geometry, or a faction colour that is not
        a CSS colour.
    """
    from afmap.htmldata import build_map_data

    provider = _tile_provider(tiles) if tiles else None
    data = build_map_data(timeline, provinces, day=day, title=title, subtitle=subtitle,
                          tiles=provider is not None)
    fmap = _build_map(data, day=day, title=title, cdn=cdn, provider=provider)
    return fmap.get_root().render()

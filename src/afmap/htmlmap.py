"""The HTML maps: one date, or a timeline with a slider, in one Folium page.

Both maps are the same page: a Folium map with one FeatureGroup per faction,
an "Events" and a "Province names" group, and :class:`_AfmapLayer`, which
carries the data block (:mod:`afmap.htmldata`) and the script
``templates/afmap.js`` that fills the groups, lists them in a layer control
and keeps them in step with the slider. Folium never sees a user's text: see
the comment on the trust boundary below.

By default the page is self-contained (Leaflet inlined from xstatic-leaflet,
no tile layer); ``cdn=True`` links Leaflet from its CDN instead.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import TYPE_CHECKING, Any

from afmap import i18n
from afmap.errors import OptionError
from afmap.i18n import Language
from afmap.timeline import Timeline

if TYPE_CHECKING:
    import geopandas
    import xyzservices

#: Offered in the error message for an unknown tile name.
SUGGESTED_TILES = ("OpenStreetMap.Mapnik", "OpenTopoMap", "Esri.WorldGrayCanvas",
                   "Esri.WorldTopoMap", "Esri.WorldImagery")


# The trust boundary of the HTML map. Folium and branca render their
# templates with Jinja, and branca renders a macro's output a second time as
# a template, so any text that reaches folium is evaluated as Jinja code. The
# page is therefore made in two steps: :func:`_skeleton` lays out the folium
# map from values afmap made itself (numbers, booleans, afmap's own names and
# slot markers), and takes no argument that could hold a user's text; then
# :func:`_fill` puts each part (the data block, Leaflet, afmap's CSS and JS,
# the escaped title) into its slot, once, with plain string replacement. No
# template engine ever sees a scenario's or a geodata file's text.
_SLOT = "%%afmap-slot:{}%%"
_SLOT_PATTERN = re.compile(r"%%afmap-slot:(\w+)%%")

_LAYER_TEMPLATE = """
{% macro header(this, kwargs) %}
<style>
%%afmap-slot:css%%
</style>
{% endmacro %}

{% macro html(this, kwargs) %}
<script type="application/json" id="afmap-data">%%afmap-slot:data%%</script>
{% endmacro %}

{% macro script(this, kwargs) %}
%%afmap-slot:js%%
afmapInit(
    {{ this.map.get_name() }},
    [{% for group in this.faction_groups %}{{ group.get_name() }}, {% endfor %}],
    {{ this.events_group.get_name() }},
    {{ this.labels_group.get_name() }}
);
{% endmacro %}
"""


def _tile_provider(name: str) -> xyzservices.TileProvider:
    import xyzservices

    try:
        provider = xyzservices.providers.query_name(name)
    except ValueError:
        raise OptionError(
            f"unknown tile layer {name!r}; use an xyzservices name such as "
            f"{', '.join(SUGGESTED_TILES)}"
        ) from None
    if provider.requires_token():
        raise OptionError(
            f"tile layer {name!r} needs an API key, which afmap does not handle; "
            f"use one without, such as {', '.join(SUGGESTED_TILES)}"
        )
    return provider


def _layer_class() -> type:
    from folium.elements import MacroElement
    from folium.template import Template

    class _AfmapLayer(MacroElement):
        """The slots of the data block, the stylesheet and the script of an afmap page."""

        _template = Template(_LAYER_TEMPLATE)

        def __init__(self, fmap: Any, faction_groups: list[Any], events_group: Any,
                     labels_group: Any) -> None:
            super().__init__()
            self._name = "AfmapLayer"  # folium's way to name a custom element
            self.map = fmap
            self.faction_groups = faction_groups
            self.events_group = events_group
            self.labels_group = labels_group

    return _AfmapLayer


_FOLIUM_ID = re.compile(r"_[0-9a-f]{32}\b")
_FOLIUM_VIEWPORT = re.compile(r'<meta name="viewport"[^>]*>')
#: Pinch-zoom stays allowed (folium's own tag disables it).
VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1" />'


def _stable_page(page: str) -> str:
    """Folium's page with its random element ids numbered, ``lang`` set, pinch-zoom allowed.

    Works on the skeleton's text, which holds nothing but what afmap made
    (see :func:`_skeleton`), so no user text is ever rewritten.
    """
    ids: dict[str, str] = {}
    page = _FOLIUM_ID.sub(lambda m: ids.setdefault(m.group(0), f"_{len(ids) + 1}"), page)
    page, viewports = _FOLIUM_VIEWPORT.subn(VIEWPORT, page)
    if viewports != 1 or not page.startswith("<!DOCTYPE html>\n<html>"):
        raise AssertionError("folium's page changed shape; update afmap.htmlmap")  # afmap's bug
    return page.replace("<html>", '<html lang="en">', 1)


def _page_title(title: str | None, day: dt.date | None, lang: Language) -> str:
    title = title or lang.text("map title")
    if day is None:
        return lang.text("page title timeline", title=title)
    return lang.text("page title day", title=title, date=lang.day(day))


def _skeleton(bounds: list[list[float]], n_factions: int, *, cdn: bool,
              provider: xyzservices.TileProvider | None) -> str:
    """The folium page with slots for every part a user's text can reach.

    Deliberately takes no text: whatever folium is given is rendered as a
    Jinja template (see the comment on ``_SLOT``). The layer control is
    built by ``afmap.js`` from the data block, since its labels are names.
    """
    import folium

    from afmap import assets

    (south, west), (north, east) = bounds
    fmap = folium.Map(location=[round((south + north) / 2, 4), round((west + east) / 2, 4)],
                      zoom_start=6, tiles=None, zoom_snap=0.25, zoom_delta=0.5)
    figure = fmap.get_root()
    figure.title = _SLOT.format("title")
    if cdn:
        fmap.default_js = [("leaflet", assets.LEAFLET_CDN_JS)]
        fmap.default_css = [("leaflet_css", assets.LEAFLET_CDN_CSS)]
    else:
        fmap.default_js = []
        fmap.default_css = []
        figure.header.add_child(folium.Element(_SLOT.format("leaflet")), name="leaflet")
    if provider is not None:
        folium.TileLayer(tiles=provider, control=False).add_to(fmap)
    groups = [folium.FeatureGroup(name=f"faction-{k}", overlay=True, control=False)
              for k in range(n_factions)]
    for group in groups:
        group.add_to(fmap)
    events = folium.FeatureGroup(name="Events", overlay=True, control=False)
    labels = folium.FeatureGroup(name="Province names", overlay=True, control=False)
    events.add_to(fmap)
    labels.add_to(fmap)
    fmap.add_child(_layer_class()(fmap, groups, events, labels))
    return _stable_page(figure.render())


def _fill(skeleton: str, parts: dict[str, str]) -> str:
    """Put each part into its slot, in one pass: a part's text is never scanned again."""
    slots = _SLOT_PATTERN.findall(skeleton)
    if sorted(slots) != sorted(parts):  # a bug in afmap, never the user's doing
        raise AssertionError(f"page slots {sorted(slots)} do not match the parts {sorted(parts)}")
    return _SLOT_PATTERN.sub(lambda m: parts[m.group(1)], skeleton)


def render_map_html(
    timeline: Timeline,
    provinces: geopandas.GeoDataFrame,
    *,
    day: dt.date | None,
    title: str | None = None,
    subtitle: str | None = None,
    cdn: bool = False,
    tiles: str | None = None,
    lang: str = "en",
    year: int | None = None,
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
        Shown at the top of the map (as text, never as HTML). None gives afmap's
        own title, and a subtitle that says the date shown (the reference date of
        ``year`` if given), in the reader's language.
    cdn
        Link Leaflet from its CDN instead of inlining it.
    tiles
        An xyzservices tile layer name (``"CartoDB.Positron"``); None draws a
        light base from the province shapes alone, so the page works offline.
    lang
        ``en``, ``fa`` (Dari) or ``ps`` (Pashto): the language the page opens in
        (:mod:`afmap.i18n`); a switch on the page changes it.

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
    from afmap import assets
    from afmap.htmldata import build_map_data, script_json

    language = i18n.language(lang)
    provider = _tile_provider(tiles) if tiles else None
    data = build_map_data(timeline, provinces, day=day, title=title, subtitle=subtitle,
                          tiles=provider is not None, lang=lang, year=year)
    skeleton = _skeleton(data["bounds"], len(data["factions"]), cdn=cdn, provider=provider)
    skeleton = skeleton.replace('<html lang="en">', f'<html lang="{language.tag}" '
                                f'dir="{"rtl" if language.rtl else "ltr"}">', 1)
    parts = {
        "title": html.escape(_page_title(title, day, language)),
        "css": assets.page_code("afmap.css"),
        "data": script_json(data),
        "js": assets.script_safe(assets.page_code("afmap-state.js", "afmap.js")),
    }
    if not cdn:
        parts["leaflet"] = assets.leaflet_inline_head()
    return _fill(skeleton, parts)

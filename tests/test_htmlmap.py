"""The HTML maps as text: deterministic, escaped, compact, self-contained."""

from __future__ import annotations

import datetime as dt
import json
import re
from html.parser import HTMLParser

import pytest
from browser.mapcases import (
    HOSTILE_COMMENT,
    HOSTILE_IMG,
    HOSTILE_SCRIPT,
    SEED,
    hostile_timeline,
    load_provinces,
    sample_timeline,
    simple_timeline,
    squares,
)
from browser.mappage import page_data, page_rows, state_at

from afmap.dates import in_words as date_in_words
from afmap.errors import RenderError
from afmap.htmldata import script_json
from afmap.htmlmap import render_map_html
from afmap.pageformat import decode
from afmap.timeline import FactionInfo, Segment, Timeline

DAY = dt.date(1997, 1, 1)


@pytest.fixture(scope="module")
def provinces():
    return load_provinces()


@pytest.fixture(scope="module")
def sample(provinces):
    return sample_timeline(provinces, n_dates=100)


class _Scripts(HTMLParser):
    """Collects the elements an HTML parser (like a browser's) sees."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def parsed_tags(page: str) -> list[tuple[str, dict]]:
    parser = _Scripts()
    parser.feed(page)
    return parser.tags


# ---- determinism -------------------------------------------------------------


@pytest.mark.parametrize("kwargs", [
    {"day": None},
    {"day": DAY},
    {"day": None, "cdn": True},
    {"day": DAY, "tiles": "OpenTopoMap"},
])
def test_identical_input_gives_identical_bytes(provinces, sample, kwargs):
    first = render_map_html(sample, provinces, title="Control", **kwargs)
    second = render_map_html(sample, provinces, title="Control", **kwargs)
    assert first == second
    assert not re.search(r"[0-9a-f]{32}", first), "a random folium id leaked into the page"


def test_data_keys_are_sorted_and_coordinates_rounded(provinces):
    page = render_map_html(simple_timeline(provinces), provinces, day=DAY, title="t")
    raw = re.search(r'id="afmap-data">(.*?)</script>', page, re.DOTALL).group(1)
    data = json.loads(raw)
    assert raw == script_json(data)  # sorted keys, compact separators
    assert data["geometry"]["digits"] == 4  # the province file's own grid
    assert all(re.fullmatch(r"[A-Za-z0-9_-]+", arc) for arc in data["geometry"]["arcs"])


def test_geometry_decodes_to_the_province_coordinates(provinces):
    from shapely.geometry import mapping

    from afmap.topology import decode_topology

    data = page_data(render_map_html(simple_timeline(provinces), provinces, day=None, title="t"))
    decoded = decode_topology(data["geometry"])
    by_code = dict(zip(provinces["code"], provinces.geometry))
    assert len(decoded) == len(data["provinces"]) == 34
    for info, polys in zip(data["provinces"], decoded):
        geom = by_code[info["code"]]
        coords = mapping(geom)["coordinates"]
        source = coords if geom.geom_type == "MultiPolygon" else [coords]
        assert [[same_ring(ring, [tuple(round(v, 6) for v in pt) for pt in src])
                 for ring, src in zip(poly, src_poly)]
                for poly, src_poly in zip(polys, source)] == \
            [[True] * len(p) for p in source]


def same_ring(ring: list, source: list) -> bool:
    """Whether two closed rings hold the same points in the same order, from any start."""
    if len(ring) != len(source) or ring[0] != ring[-1]:
        return False
    k = ring.index(source[0])
    return ring[k:-1] + ring[:k + 1] == source


def test_shared_borders_are_stored_once(provinces):
    data = page_data(render_map_html(simple_timeline(provinces), provinces, day=DAY, title="t"))
    used = [i if i >= 0 else ~i for shape in data["geometry"]["shapes"]
            for poly in shape for ring in poly for i in ring]
    assert set(used) == set(range(len(data["geometry"]["arcs"])))
    assert sum(1 for i in set(used) if used.count(i) == 2) > 60  # each border, both sides
    assert len(script_json(data["geometry"])) < 25_000  # the GeoJSON is 132 kB


# ---- escaping ----------------------------------------------------------------


@pytest.mark.parametrize("day", [None, dt.date(1997, 1, 1)])
def test_hostile_text_never_reaches_the_page_as_markup(provinces, day):
    timeline = hostile_timeline(provinces)
    page = render_map_html(timeline, provinces, day=day, title=f"Title {HOSTILE_SCRIPT}",
                           subtitle=f"Sub {HOSTILE_IMG}")
    for raw in (HOSTILE_IMG, HOSTILE_SCRIPT, HOSTILE_COMMENT, "alert(1)</script>",
                "<img src=x"):
        assert raw not in page
    tags = parsed_tags(page)
    assert not [t for t, _ in tags if t == "img"]
    benign = parsed_tags(render_map_html(simple_timeline(provinces), provinces, day=day,
                                         title="Title"))
    assert [t for t, _ in tags].count("script") == [t for t, _ in benign].count("script")
    assert "<title>Title &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_hostile_text_survives_in_the_data_as_plain_text(provinces):
    page = render_map_html(hostile_timeline(provinces), provinces, day=None, title="t")
    data = page_data(page)
    assert data["factions"][0]["name"] == f"Evil {HOSTILE_SCRIPT}"
    assert f"Note {HOSTILE_IMG} {HOSTILE_COMMENT}" in data["notes"]
    assert f"Source {HOSTILE_SCRIPT}" in decode(data)["sources"]
    assert data["events"][0]["name"] == f"Event {HOSTILE_SCRIPT}"
    assert data["provinces"][0]["name"].endswith(HOSTILE_IMG)


TEMPLATE_TEXT = "{{ 7*7 }} {% if 1 %}x{% endif %} {# c #} {{cite web |url=x}} $x^2$"


def _templated_timeline(provinces) -> Timeline:
    """Template syntax in every text field a timeline carries."""
    codes = list(provinces["code"])
    names = {c: f"{n} {TEMPLATE_TEXT}" for c, n in zip(codes, provinces["name"])}
    factions = {"x": FactionInfo("x", f"X {TEMPLATE_TEXT}", "#336699", f"S {TEMPLATE_TEXT}",
                                 f"N {TEMPLATE_TEXT}")}
    segs = [Segment(c, DAY, None, "x", "controlled", (), f"P {TEMPLATE_TEXT}",
                    f"Note {TEMPLATE_TEXT}", (f"Source {TEMPLATE_TEXT}",)) for c in codes]
    return Timeline(names, factions, segs)


@pytest.mark.parametrize("day", [None, DAY])
def test_no_user_text_ever_reaches_jinja(provinces, day, monkeypatch):
    # The structural guarantee: every string Jinja compiles while a map is
    # made is afmap's own. Record them all and look for the user's text.
    import jinja2

    compiled: list[str] = []
    original = jinja2.Environment.from_string

    def recording(self, source, *args, **kwargs):
        compiled.append(str(source))
        return original(self, source, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "from_string", recording)
    page = render_map_html(_templated_timeline(provinces), provinces, day=day,
                           title=f"Title {TEMPLATE_TEXT}", subtitle=f"Sub {TEMPLATE_TEXT}")
    assert compiled, "folium compiled no template: the recording missed it"
    assert not [s for s in compiled if "7*7" in s or "cite web" in s]
    data = page_data(page)
    assert data["title"] == f"Title {TEMPLATE_TEXT}"
    assert data["factions"][0]["name"] == f"X {TEMPLATE_TEXT}"
    assert data["notes"] == [f"Note {TEMPLATE_TEXT}"]
    assert decode(data)["sources"] == [f"Source {TEMPLATE_TEXT}"]
    assert data["provinces"][0]["name"].endswith(TEMPLATE_TEXT)
    assert f"<title>Title {TEMPLATE_TEXT}" in page


def test_script_json_neutralises_closing_tags_and_comments():
    text = script_json({"a": "</script><!-- & \u2028"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"a": "</script><!-- & \u2028"}


def test_a_colour_that_is_not_css_is_refused():
    gdf = squares(["AF-A"])
    timeline = Timeline({"AF-A": "A"}, {"x": FactionInfo("x", "X", "red;background:url(x)")},
                        [Segment("AF-A", DAY, None, "x", "controlled", (), "p", None, ())])
    with pytest.raises(RenderError, match="colour 'red;background:url\\(x\\)' is not a CSS"):
        render_map_html(timeline, gdf, day=DAY, title="t")


# ---- the data table ----------------------------------------------------------


def test_timeline_stores_changes_not_dates_times_provinces(provinces, sample):
    data = page_data(render_map_html(sample, provinces, day=None, title="t"))
    assert len(data["dates"]) == 100
    assert len(data["geometry"]["shapes"]) == 34
    rows = sum(len(r) for r in page_rows(data))
    # one row per segment: 34 openings plus three changes on each later date
    assert rows == len(sample.segments) == 34 + 3 * 99
    assert rows < 34 * 100 / 8
    assert len(data["periods"]) <= len(sample.segments)
    states = [json.dumps(state) for state in decode(data)["states"]]
    assert len(states) == len(set(states))  # each state once
    assert all(re.fullmatch(r"[A-Za-z0-9_-]*", text) for text in data["changes"])
    texts = decode(data)["sources"]
    assert len(texts) == len(set(texts))


def test_rows_replay_the_timeline(provinces):
    timeline = simple_timeline(provinces)
    data = page_data(render_map_html(timeline, provinces, day=None, title="t"))
    dates = [dt.date.fromisoformat(d) for d in data["dates"]]
    tables = decode(data)
    assert dates == timeline.change_dates()
    for k, info in enumerate(data["provinces"]):
        for i, day in enumerate(dates):
            state = state_at(data, i)[k]
            seg = timeline.segment_at(info["code"], day)
            if seg is None:
                assert state is None
                continue
            assert data["factions"][state["faction"]]["id"] == seg.faction
            assert bool(state["contested"]) == (seg.status == "contested")
            assert [data["factions"][f]["id"] for f in state["contestedBy"]] == \
                list(seg.contested_by)
            held = timeline.held_since(seg)
            assert data["periods"][state["period"]] == [
                seg.period, seg.since.token(), seg.until.token() if seg.until else None,
                held.token() if held != seg.since else None]
            assert [tables["sources"][s] for s in tables["srcsets"][state["sources"]]] == \
                list(seg.sources)


def test_single_date_page_holds_one_state_and_that_years_events(provinces):
    timeline = simple_timeline(provinces)
    data = page_data(render_map_html(timeline, provinces, day=dt.date(1998, 9, 1), title="t"))
    assert data["mode"] == "single"
    assert data["dates"] == ["1998-09-01"]
    assert all(len(rows) <= 1 for rows in page_rows(data))
    assert sum(1 for rows in page_rows(data) if not rows) == 1  # the province with a gap
    assert [e["name"] for e in data["events"]] == ["Taliban capture Mazar-i-Sharif"]
    data = page_data(render_map_html(timeline, provinces, day=dt.date(1997, 9, 1), title="t"))
    assert data["events"] == []


def test_missing_geometry_is_a_render_error():
    timeline = Timeline({"AF-A": "A", "AF-B": "B"}, {"x": FactionInfo("x", "X", "#123456")},
                        [Segment("AF-A", DAY, None, "x", "controlled", (), "p", None, ())])
    with pytest.raises(RenderError, match="no geometry for province\\(s\\) AF-B"):
        render_map_html(timeline, squares(["AF-A"]), day=DAY, title="t")


# ---- assets and tiles ---------------------------------------------------------

ALLOWED_URLS = {
    "http://www.w3.org/2000/svg",  # an XML namespace name, never fetched
    "https://leafletjs.com",  # Leaflet's licence banner and its attribution link
}


def test_default_page_is_self_contained(provinces, sample):
    page = render_map_html(sample, provinces, day=None, title="t")
    urls = set(re.findall(r"https?://[^\s\"'<>)]+", page))
    assert urls <= ALLOWED_URLS
    tags = parsed_tags(page)
    assert not [a for t, a in tags if t == "script" and "src" in a]
    assert not [a for t, a in tags if t == "link"]
    for unwanted in ("bootstrap", "jquery", "font-awesome", "fontawesome", "awesome-markers"):
        assert unwanted not in page.lower()
    assert "Leaflet 1.9.3" in page and "BSD 2-Clause" in page
    assert "url(images/" not in page and "sourceMappingURL" not in page


def test_cdn_page_links_leaflet_only(provinces, sample):
    page = render_map_html(sample, provinces, day=None, title="t", cdn=True)
    tags = parsed_tags(page)
    scripts = [a["src"] for t, a in tags if t == "script" and "src" in a]
    links = [a["href"] for t, a in tags if t == "link"]
    assert scripts == ["https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js"]
    assert links == ["https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css"]
    assert "BSD 2-Clause" not in page
    inlined = render_map_html(sample, provinces, day=None, title="t")
    assert len(page) < len(inlined) - 140_000


def test_tiles_by_xyzservices_name(provinces):
    page = render_map_html(simple_timeline(provinces), provinces, day=DAY, title="t",
                           tiles="OpenStreetMap.Mapnik")
    assert "tile.openstreetmap.org/{z}/{x}/{y}.png" in page
    assert page_data(page)["tiles"] is True


def test_unknown_tile_name_lists_valid_ones(provinces):
    from afmap.errors import OptionError

    with pytest.raises(OptionError) as err:
        render_map_html(simple_timeline(provinces), provinces, day=DAY, title="t",
                        tiles="Nonsense.Tiles")
    assert str(err.value) == (
        "unknown tile layer 'Nonsense.Tiles'; use an xyzservices name such as "
        "OpenStreetMap.Mapnik, OpenTopoMap, Esri.WorldGrayCanvas, Esri.WorldTopoMap, "
        "Esri.WorldImagery"
    )


def test_tile_layers_that_need_a_key_are_refused(provinces):
    from afmap.errors import OptionError

    with pytest.raises(OptionError, match="'Thunderforest.OpenCycleMap' needs an API key"):
        render_map_html(simple_timeline(provinces), provinces, day=DAY, title="t",
                        tiles="Thunderforest.OpenCycleMap")


def test_dates_in_words():
    assert date_in_words(dt.date(1996, 9, 27)) == "27 September 1996"
    assert date_in_words(dt.date(2001, 11, 3)) == "3 November 2001"


def test_single_date_title_states_the_day(provinces):
    page = render_map_html(simple_timeline(provinces), provinces, day=dt.date(1996, 9, 27),
                           title="Control")
    assert "<title>Control \u2014 27 September 1996</title>" in page


def test_multipolygons_and_other_crs_are_drawn(provinces):
    from shapely.geometry import MultiPolygon, Point, box

    gdf = squares(["AF-A", "AF-B"])
    gdf.loc[0, "geometry"] = MultiPolygon([box(61, 32, 62, 33), box(63, 35, 63.2, 35.2)])
    timeline = Timeline({"AF-A": "A", "AF-B": "B"}, {"x": FactionInfo("x", "X", "#123456")},
                        [Segment(c, DAY, None, "x", "controlled", (), "p", None, ())
                         for c in ("AF-A", "AF-B")])
    data = page_data(render_map_html(timeline, gdf.to_crs(3857), day=DAY, title="t"))
    from afmap.topology import decode_topology

    assert decode_topology(data["geometry"])[0] == [
        [[(62.0, 32.0), (62.0, 33.0), (61.0, 33.0), (61.0, 32.0), (62.0, 32.0)]],
        [[(63.0, 35.0), (63.2, 35.0), (63.2, 35.2), (63.0, 35.2), (63.0, 35.0)]],
    ]  # a ring that shares no border starts at its smallest point
    assert data["provinces"][0]["label"] == [32.5, 61.5]  # in the larger part
    assert data["bounds"] == [[32.0, 61.0], [35.2, 63.2]]
    gdf.loc[1, "geometry"] = Point(62, 32)
    with pytest.raises(RenderError, match="province AF-B: geometry is a Point"):
        render_map_html(timeline, gdf, day=DAY, title="t")


def test_event_and_row_source_sets_all_resolve(provinces, sample):
    data = page_data(render_map_html(sample, provinces, day=None, title="t"))
    sets = decode(data)["srcsets"]
    used = [e["sources"] for e in data["events"]] + [s["sources"] for s in decode(data)["states"]]
    assert used and all(-1 <= k < len(sets) for k in used)
    texts = decode(data)["sources"]
    assert all(0 <= i < len(texts) for ids in sets for i in ids)
    assert [texts[i] for i in sets[data["events"][0]["sources"]]] == \
        [SEED]


def test_the_page_carries_its_code_without_comments():
    from afmap import assets

    code = assets.page_code("afmap-state.js", "afmap.js")
    assert "/*" not in code and "// " not in code
    assert len(code) < 0.7 * sum(len(assets.template_text(n)) for n in ("afmap-state.js", "afmap.js"))
    assert "afmapInit" in code and "AfmapState" in code
    with pytest.raises(ValueError, match="scripts or stylesheets"):
        assets.page_code("afmap.js", "afmap.css")


def test_sources_that_begin_alike_are_stored_with_their_beginning_once():
    from afmap.pageformat import join_heads, shared_heads

    texts = ["Ahmed Rashid, 'Taliban', Yale University Press, 2000, p. 52: 'first'",
             "Ahmed Rashid, 'Taliban', Yale University Press, 2000, p. 60",
             "Ahmed Rashid, 'Taliban', Yale University Press, 2000: 'second'",
             "A source of its own", "", "Short, x", "Short, y"]
    heads, rows = shared_heads(texts)
    assert heads == ["Ahmed Rashid, 'Taliban', Yale University Press, 2000"]
    assert rows == [[0, ", p. 52: 'first'"], [0, ", p. 60"], [0, ": 'second'"],
                    "A source of its own", "", "Short, x", "Short, y"]
    assert join_heads(heads, rows) == texts


def test_the_shipped_sources_survive_the_page_whole(provinces):
    from afmap import api

    loaded = api.load(None, None)
    data = page_data(render_map_html(loaded.timeline, provinces, day=None))
    texts = decode(data)["sources"]
    cited = {s for seg in loaded.timeline.segments for s in seg.sources}
    assert cited <= set(texts)
    assert data["sourceHeads"] and sum(map(len, data["sourceHeads"])) > 10_000

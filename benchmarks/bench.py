"""afmap's timeline map against the usual ways of making it: size and time.

Run from the repository root::

    .venv/bin/python benchmarks/bench.py            # the full run (about 2 minutes)
    .venv/bin/python benchmarks/bench.py --quick    # a smaller run (about 30 s)

Two cases, each measured in one run: the shipped scenario on the 34 province
shapes, and a synthetic scale case (the provinces cut into about 400
districts, about 500 change dates with seeded random holders). For each it
prints the HTML size and render time of afmap's timeline (inlined and
``cdn=True``), afmap's single-year map, folium ``TimestampedGeoJson`` and
``TimeSliderChoropleth`` with yearly steps, one folium map per year, and
Plotly's animated choropleth where plotly is installed; then ``afmap render``
beyond importing geopandas and folium, and the time one slider step takes in
headless Chromium. It ends with the targets of the timeline issue, met or not.
Render times are one run each (the median of three when a run is under a
second); the figures vary by a few percent between runs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_browser as browser
import bench_competitors as competitors
import bench_synthetic as synthetic

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "scenarios"
GEODATA = ROOT / "geodata" / "provinces.geojson"

AFMAP_TIMELINE = "afmap timeline (inlined)"
AFMAP_TIMELINE_CDN = "afmap timeline (cdn=True)"
AFMAP_SINGLE = "afmap single-year map (inlined)"
TIMESTAMPED = "folium TimestampedGeoJson, yearly"
SLIDER_CHOROPLETH = "folium TimeSliderChoropleth, yearly"
YEARLY_MAPS = "folium GeoJson map per year (total)"
PLOTLY = "Plotly px.choropleth animation, yearly"
ROW_NAMES = (AFMAP_TIMELINE, AFMAP_TIMELINE_CDN, AFMAP_SINGLE, TIMESTAMPED, SLIDER_CHOROPLETH,
             YEARLY_MAPS, PLOTLY)

#: The targets of the timeline issue.
MAX_TIMELINE_OVER_SINGLE = 1.3
MIN_TIMESTAMPED_OVER_TIMELINE = 30.0
AIM_TIMESTAMPED_OVER_TIMELINE = 100.0
MAX_RENDER_BEYOND_IMPORTS_S = 1.5
SLIDER_TARGET_MS = {"shipped": 16.0, "scale": 50.0}

#: The competitors get one step per year from this year to today's.
FIRST_YEAR = 1978


@dataclass
class Row:
    """One way of making the map: its HTML size and render time."""

    name: str
    size: int | None
    seconds: float | None
    files: int = 1
    note: str = ""


@dataclass
class Case:
    """One input (shapes and timeline) and every way of mapping it."""

    key: str
    title: str
    shapes: int
    change_dates: int
    change_rows: int
    years: int
    rows: list[Row] = field(default_factory=list)
    slider: browser.SliderTiming | None = None
    slider_note: str = ""

    def row(self, name: str) -> Row:
        """The row called ``name``."""
        return next(r for r in self.rows if r.name == name)


@dataclass
class CliTiming:
    """``afmap render`` in a fresh interpreter, against importing geopandas and folium."""

    runs: int
    import_s: float
    render_s: float

    @property
    def beyond_imports_s(self) -> float:
        """What ``afmap render`` costs beyond the imports."""
        return self.render_s - self.import_s


@dataclass
class Report:
    """Everything one benchmark run measured."""

    cases: list[Case]
    cli: CliTiming | None
    notes: list[str] = field(default_factory=list)
    #: In-process seconds of the steps of ``afmap render`` (imports already done).
    phases: dict[str, float] = field(default_factory=dict)
    #: Bytes of each part of afmap's inlined timeline page (shipped case).
    parts: dict[str, int] = field(default_factory=dict)


# ---- measuring ---------------------------------------------------------------

def _timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    """Run ``fn``; when a run takes under a second, the median of three runs."""
    start = time.perf_counter()
    result = fn()
    times = [time.perf_counter() - start]
    if times[0] < 1.0:
        for _ in range(2):
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
    return result, statistics.median(times)


def _size(html: str | list[str]) -> int:
    pages = html if isinstance(html, list) else [html]
    return sum(len(p.encode("utf-8")) for p in pages)


def _pick_year(timeline: Any, preferred: int = 1998) -> int:
    """``preferred`` when the timeline covers it, else the year of its middle change date."""
    from afmap.dates import reference_date

    day = reference_date(preferred)
    if any(timeline.segment_at(code, day) for code in timeline.provinces):
        return preferred
    dates = timeline.change_dates()
    return dates[len(dates) // 2].year


def _change_rows(timeline: Any) -> int:
    return len(timeline.segments)


def _plotly_traces(states: list[competitors.State]) -> int:
    """Plotly Express's traces over all frames: one per holder present, each with the shapes."""
    return sum(len({h[0] for h in s.holders.values()}) for s in states)


def measure_case(key: str, label: str, timeline: Any, provinces: Any, *, plotly: bool,
                 title: str = "Territorial control in Afghanistan", plotly_note: str = "",
                 first_year: int = FIRST_YEAR, keep: Path | None = None) -> Case:
    """Render every variant of one case and record its size and time.

    ``label`` names the case in the table, ``title`` is the map title;
    ``keep``: a folder to write afmap's inlined timeline to (for the browser).
    """
    from afmap.dates import reference_date
    from afmap.htmlmap import render_map_html

    states = competitors.yearly_states(timeline, first_year)
    case = Case(key, label, shapes=len(timeline.provinces),
                change_dates=len(timeline.change_dates()), change_rows=_change_rows(timeline),
                years=len(states))
    year = _pick_year(timeline)

    def afmap_page(day: dt.date | None, cdn: bool) -> Callable[[], str]:
        return lambda: render_map_html(timeline, provinces, day=day, title=title,
                                       subtitle="benchmark", cdn=cdn)

    html, secs = _timed(afmap_page(None, False))
    case.rows.append(Row(AFMAP_TIMELINE, _size(html), secs))
    if keep is not None:
        (keep / f"{key}-timeline.html").write_text(html, encoding="utf-8")
    html, secs = _timed(afmap_page(None, True))
    case.rows.append(Row(AFMAP_TIMELINE_CDN, _size(html), secs))
    html, secs = _timed(afmap_page(reference_date(year), False))
    case.rows.append(Row(AFMAP_SINGLE, _size(html), secs, note=f"year {year}"))

    shapes = competitors.shapes_geojson(provinces)
    steps = f"{len(states)} steps"
    for name, build in ((TIMESTAMPED, competitors.timestamped_geojson),
                        (SLIDER_CHOROPLETH, competitors.time_slider_choropleth)):
        html, secs = _timed(lambda b=build: b(shapes, states))
        case.rows.append(Row(name, _size(html), secs, note=steps))
    pages, secs = _timed(lambda: competitors.yearly_maps(shapes, states))
    case.rows.append(Row(YEARLY_MAPS, _size(pages), secs, files=len(pages),
                         note=f"{len(pages)} files"))
    if plotly:
        html, secs = _timed(lambda: competitors.plotly_animation(shapes, states))
        copies = html.count('"FeatureCollection"')
        case.rows.append(Row(PLOTLY, _size(html), secs, note=f"{steps}, {copies} copies of the shapes"))
    else:
        case.rows.append(Row(PLOTLY, None, None, note=plotly_note or "skipped"))
    return case


def page_parts(timeline: Any, provinces: Any, title: str) -> dict[str, int]:
    """Where the bytes of afmap's inlined timeline page go."""
    from afmap import assets
    from afmap.htmldata import build_map_data, script_json

    data = build_map_data(timeline, provinces, day=None, title=title, subtitle=None, tiles=False)
    text = ("periods", "notes", "sources", "srcsets", "events", "factions", "provinces")
    parts = {
        "geometry": _size(script_json(data["geometry"])),
        "change table": sum(_size(script_json(data[k])) for k in ("changes", "states", "dates")
                            if k in data),
        "names, periods, notes, sources": sum(_size(script_json(data[k])) for k in text),
        "Leaflet (inlined)": _size(assets.leaflet_inline_head()),
        "afmap.js + afmap.css": (_size(assets.template_text("afmap.js"))
                                 + _size(assets.template_text("afmap.css"))),
    }
    return parts


def measure_phases(scenario: Path, geodata: Path, title: str | None = None) -> dict[str, float]:
    """Seconds of each step ``afmap render`` takes, in this (warm) interpreter."""
    from afmap import api
    from afmap.geodata import load_provinces
    from afmap.htmlmap import render_map_html
    from afmap.output import write_atomic

    phases: dict[str, float] = {}
    start = time.perf_counter()
    loaded = api.load(scenario, geodata)
    phases["load+check scenario"] = time.perf_counter() - start
    start = time.perf_counter()
    provinces = load_provinces(geodata)
    phases["read geodata"] = time.perf_counter() - start
    start = time.perf_counter()
    html = render_map_html(loaded.timeline, provinces, day=None,
                           title=title or loaded.title or api.MAP_TITLE)
    phases["build HTML"] = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        write_atomic(Path(tmp) / "t.html", html, inputs=())
        phases["write"] = time.perf_counter() - start
    return phases


def measure_cli(scenario: Path, geodata: Path, runs: int) -> CliTiming:
    """Best wall time of ``afmap render`` and of importing geopandas+folium, in subprocesses.

    The best of a few runs, not the median: on a shared machine the noise
    only ever adds time, and it hits the two commands unevenly.
    """
    imports, renders = [], []
    with tempfile.TemporaryDirectory() as tmp:
        render_cmd = [sys.executable, "-m", "afmap", "render", "--scenario", str(scenario),
                      "--geodata", str(geodata), "--out", str(Path(tmp) / "timeline.html")]
        import_cmd = [sys.executable, "-c", "import geopandas, folium"]
        for _ in range(runs):
            for cmd, into in ((import_cmd, imports), (render_cmd, renders)):
                start = time.perf_counter()
                subprocess.run(cmd, check=True, capture_output=True, cwd=tmp)
                into.append(time.perf_counter() - start)
    return CliTiming(runs, min(imports), min(renders))


def run(*, quick: bool = False, scenario: Path = SCENARIO, geodata: Path = GEODATA,
        browser_steps: int | None = None, cli_runs: int | None = None, use_browser: bool = True,
        use_plotly: bool = True, districts: int | None = None, dates: int | None = None,
        first_year: int = FIRST_YEAR, log: Callable[[str], None] = lambda s: None) -> Report:
    """Measure both cases; the building block of the command and of its smoke test."""
    from afmap import api
    from afmap.geodata import load_provinces

    districts = districts or (80 if quick else 400)
    dates = dates or (60 if quick else 500)
    browser_steps = browser_steps or (15 if quick else 50)
    if cli_runs is None:
        cli_runs = 2 if quick else 3
    notes: list[str] = []
    have_plotly = use_plotly and competitors.plotly_available()
    if use_plotly and not have_plotly:
        notes.append("Plotly skipped: plotly is not installed (.venv/bin/pip install plotly).")

    loaded = api.load(scenario, geodata)
    provinces = load_provinces(geodata)
    title = loaded.title or api.MAP_TITLE
    # Warm the lazy imports so the first measured render does not pay for them.
    from afmap.htmlmap import render_map_html
    render_map_html(loaded.timeline, provinces, day=None, title=title)
    importlib.import_module("folium.plugins")

    with tempfile.TemporaryDirectory() as tmp:
        keep = Path(tmp)
        log(f"shipped scenario: {scenario.name}, {len(provinces)} provinces ...")
        shipped = measure_case("shipped", f"Shipped scenario ({scenario.name}/)", loaded.timeline,
                               provinces, title=title, plotly=have_plotly and not quick,
                               plotly_note="skipped in --quick" if have_plotly else "not installed",
                               first_year=first_year, keep=keep)
        log(f"synthetic scale case: {districts} districts, {dates} change dates ...")
        cut = synthetic.make_districts(provinces, districts)
        scale_tl = synthetic.make_timeline(cut, loaded.timeline.factions, dates=dates)
        traces = _plotly_traces(competitors.yearly_states(scale_tl, first_year))
        scale = measure_case(
            "scale", "Synthetic scale case", scale_tl, cut, plotly=False, keep=keep,
            first_year=first_year,
            plotly_note=(f"skipped: px writes the shapes into each of its {traces} traces"
                         if have_plotly else "not installed"))
        cases = [shipped, scale]
        if use_browser:
            missing = browser.browser_missing()
            if missing:
                notes.append(f"Slider step not measured: {missing}.")
            else:
                log("slider steps in headless Chromium ...")
                timings = browser.slider_step(
                    {c.key: keep / f"{c.key}-timeline.html" for c in cases}, browser_steps)
                for c in cases:
                    c.slider = timings[c.key]
    cli = None
    if cli_runs:
        log("afmap render in a subprocess ...")
        cli = measure_cli(scenario.resolve(), geodata.resolve(), cli_runs)
    phases = measure_phases(scenario, geodata)
    parts = page_parts(loaded.timeline, provinces, title)
    return Report(cases, cli, notes, phases, parts)


# ---- reporting ---------------------------------------------------------------

def _fmt_size(n: int | None) -> str:
    if n is None:
        return "-"
    return f"{n / 1e6:.2f} MB" if n >= 1e6 else f"{n / 1e3:.0f} kB"


def _fmt_ratio(x: float | None) -> str:
    if x is None:
        return "-"
    return f"{x:.1f}x" if x < 100 else f"{x:.0f}x"


def case_table(case: Case) -> list[str]:
    """The table of one case, ratios against afmap's inlined timeline."""
    base = case.row(AFMAP_TIMELINE)
    lines = [
        (f"{case.title}: {case.shapes} shapes, {case.change_dates} change dates, "
         f"{case.change_rows} segments, {case.years} yearly steps for the others"),
        f"  {'map':40} {'size':>9} {'render':>8} {'size/afmap':>10} {'time/afmap':>10}  note",
    ]
    for r in case.rows:
        size_ratio = r.size / base.size if r.size and base.size else None
        time_ratio = r.seconds / base.seconds if r.seconds and base.seconds else None
        secs = f"{r.seconds:.2f} s" if r.seconds is not None else "-"
        lines.append(f"  {r.name:40} {_fmt_size(r.size):>9} {secs:>8} "
                     f"{_fmt_ratio(size_ratio):>10} {_fmt_ratio(time_ratio):>10}  {r.note}")
    if case.slider:
        s = case.slider
        lines.append(f"  slider step in Chromium ({s.paths} paths, median of {s.steps}): "
                     f"{s.work_ms:.1f} ms script+style+layout, next frame after "
                     f"{s.frame_ms:.1f} ms (after a no-op step {s.noop_frame_ms:.1f} ms)")
    return lines


def growth_lines(small: Case, big: Case) -> list[str]:
    """How each cost grows from the shipped case to the scale case."""
    def ratio(a: float | None, b: float | None) -> str:
        return _fmt_ratio(b / a) if a and b else "-"

    lines = [(f"Growth, shipped -> scale: shapes x{big.shapes / small.shapes:.1f}, "
              f"segments x{big.change_rows / small.change_rows:.1f}, "
              f"change dates x{big.change_dates / small.change_dates:.1f}")]
    for r in small.rows:
        b = big.row(r.name)
        lines.append(f"  {r.name:40} size {ratio(r.size, b.size):>7}  time {ratio(r.seconds, b.seconds):>7}")
    return lines


def targets(report: Report) -> list[tuple[str, bool | None, str]]:
    """Each target of the timeline issue: (text, met or None if unmeasured, measured value)."""
    shipped = report.cases[0]
    out: list[tuple[str, bool | None, str]] = []
    tl, tl_cdn = shipped.row(AFMAP_TIMELINE).size, shipped.row(AFMAP_TIMELINE_CDN).size
    single = shipped.row(AFMAP_SINGLE).size
    tgj = shipped.row(TIMESTAMPED).size
    r = tl / single
    out.append((f"timeline <= {MAX_TIMELINE_OVER_SINGLE}x single-year map", r <= MAX_TIMELINE_OVER_SINGLE,
                f"{r:.2f}x"))
    for label, size in (("inlined", tl), ("cdn=True, like folium's", tl_cdn)):
        r = tgj / size
        aim = "aim 100x met" if r >= AIM_TIMESTAMPED_OVER_TIMELINE else "aim 100x not met"
        out.append((f"TimestampedGeoJson >= {MIN_TIMESTAMPED_OVER_TIMELINE:.0f}x timeline ({label})",
                    r >= MIN_TIMESTAMPED_OVER_TIMELINE, f"{r:.1f}x ({aim})"))
    if report.cli:
        b = report.cli.beyond_imports_s
        out.append((f"afmap render <= {MAX_RENDER_BEYOND_IMPORTS_S} s beyond imports",
                    b <= MAX_RENDER_BEYOND_IMPORTS_S,
                    f"{b:.2f} s ({report.cli.render_s:.2f} s - {report.cli.import_s:.2f} s imports)"))
    else:
        out.append(("afmap render beyond imports", None, "not measured"))
    for case in report.cases:
        limit = SLIDER_TARGET_MS[case.key]
        name = f"slider step within {limit:.0f} ms at {case.shapes} shapes"
        s = case.slider
        if s is None:
            out.append((name, None, "not measured"))
            continue
        # Within one frame: the next frame came when it does after a no-op step.
        met = s.within_one_frame if limit <= 16.7 else s.frame_ms <= limit
        out.append((name, met, (f"next frame after {s.frame_ms:.1f} ms "
                                f"({s.work_ms:.1f} ms script+style+layout)")))
    return out


def format_report(report: Report) -> str:
    """The whole printed report."""
    lines: list[str] = []
    for case in report.cases:
        lines += case_table(case) + [""]
    if len(report.cases) == 2:
        lines += growth_lines(*report.cases) + [""]
    if report.parts:
        total = sum(report.parts.values())
        lines.append("afmap timeline page (shipped, inlined), where the bytes go: " + ", ".join(
            f"{k} {_fmt_size(v)} ({100 * v / total:.0f}%)" for k, v in report.parts.items()))
        lines.append("")
    if report.cli:
        c = report.cli
        lines.append(f"afmap render (shipped scenario, timeline) in a fresh interpreter, best "
                     f"of {c.runs}: {c.render_s:.2f} s; import geopandas+folium: "
                     f"{c.import_s:.2f} s; beyond imports: {c.beyond_imports_s:.2f} s")
    if report.phases:
        lines.append("  its steps, in a warm interpreter: " + ", ".join(
            f"{k} {v:.2f} s" for k, v in report.phases.items()))
    if report.cli or report.phases:
        lines.append("")
    lines.append("Targets:")
    for text, met, value in targets(report):
        mark = "not measured" if met is None else "MET" if met else "NOT MET"
        lines.append(f"  [{mark}] {text}: {value}")
    lines += [f"Note: {n}" for n in report.notes]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """The command line: parse options, run, print."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="smaller run: 80 districts, 60 dates, no Plotly, 2 CLI runs")
    parser.add_argument("--scenario", type=Path, default=SCENARIO)
    parser.add_argument("--geodata", type=Path, default=GEODATA)
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium slider timing")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    report = run(quick=args.quick, scenario=args.scenario, geodata=args.geodata,
                 use_browser=not args.no_browser,
                 log=lambda s: print(s, file=sys.stderr, flush=True))
    print(format_report(report))
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"\n(benchmark run took {time.perf_counter() - start:.0f} s on {os.cpu_count()} cores; "
          f"load average at the end {load:.1f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

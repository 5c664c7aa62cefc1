"""afmap's timeline page against the usual ways of making it, and against a bare Leaflet floor.

Run from the repository root::

    .venv/bin/python benchmarks/bench.py            # the full run (make bench)
    .venv/bin/python benchmarks/bench.py --quick    # a smaller run, for the smoke test

Every page is built from the same shapes and states, opened in headless
Chromium, proved to work (its slider really steps: the drawn fill of a known
shape changes) and measured side by side in one run: file size, first paint,
JS heap, step work and next frame, and whether it works with every network
request refused (``bench_browser.py``). The pages: afmap's timeline
(inlined; ``--cdn`` in the shipped case), folium ``TimestampedGeoJson`` and
``TimeSliderChoropleth``, a lean Plotly choropleth (inlined and CDN), and the
floor: a bare Leaflet page doing the same hatched recolouring
(``bench_competitors.py``). Cases: the shipped scenario, and synthetic
timelines on the 34 provinces and on 400 districts at 2.5% and 50% of the
areas changing per step (``bench_synthetic.py``). Then ``afmap render`` of
the shipped scenario, whole, in a fresh interpreter: wall and CPU time.
Ratios are against the floor page, never against imports.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_browser as browser
import bench_cdn as cdn
import bench_competitors as competitors
import bench_synthetic as synthetic

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "scenarios"
GEODATA = ROOT / "geodata" / "provinces.geojson"

AFMAP = "afmap timeline (inlined)"
AFMAP_CDN = "afmap timeline (--cdn)"
FLOOR = "floor: bare Leaflet, hatched"
TIMESTAMPED = "folium TimestampedGeoJson"
SLIDER_CHOROPLETH = "folium TimeSliderChoropleth"
PLOTLY = "Plotly go.Choropleth (inlined)"
PLOTLY_CDN = "Plotly go.Choropleth (CDN)"

CHURNS = (0.025, 0.5)
#: TimestampedGeoJson copies every shape at every step; beyond this many
#: copies (or 30 MB of copied geometry) it gets the first steps only.
TGJ_MAX_COPIES = 10_000
TGJ_MAX_GEOMETRY = 30_000_000
#: Issue 15: 400 areas x 500 steps at 50% churn, next frame within 1.3x the floor's.
FRAME_OVER_FLOOR = 1.3


@dataclass
class Row:
    """One page of one case: how it was built and what it did in Chromium."""

    name: str
    kind: str
    size: int
    build_s: float
    steps: int
    path: Path | None = None
    #: (code, step a, step b): a shape whose look differs between the two steps.
    probe: tuple[str, int, int] | None = None
    #: Whether the page is opened in Chromium (the CDN twin of a page is not, beyond the shipped case).
    opened: bool = True
    result: browser.PageResult | None = None
    note: str = ""


@dataclass
class Case:
    """One input (shapes and states) and every page made from it."""

    key: str
    title: str
    shapes: int
    steps: int
    churn: float
    rows: list[Row] = field(default_factory=list)

    def row(self, name: str) -> Row | None:
        """The row called ``name``, if the case has it."""
        return next((r for r in self.rows if r.name == name), None)


@dataclass
class CliTiming:
    """``afmap render`` (shipped scenario, timeline) in a fresh interpreter, whole."""

    runs: int
    wall_s: float
    cpu_s: float


@dataclass
class Report:
    """Everything one benchmark run measured."""

    cases: list[Case]
    cli: CliTiming | None
    notes: list[str] = field(default_factory=list)
    parts: dict[str, int] = field(default_factory=dict)


# ---- building the pages --------------------------------------------------------

def _timed(fn: Callable[[], str]) -> tuple[str, float]:
    start = time.perf_counter()
    text = fn()
    return text, time.perf_counter() - start


def _probe(states: Sequence[competitors.State], solid: bool) -> tuple[str, int, int] | None:
    """A shape whose look (its colour, when ``solid``) differs between two consecutive states."""
    for i in range(len(states) - 1):
        a, b = states[i].holders, states[i + 1].holders
        for code in a:
            if (a[code].color != b[code].color) if solid else (a[code] != b[code]):
                return code, i, i + 1
    return None


def _tgj_steps(shapes: dict[str, Any], count: int) -> int:
    import json

    geometry = sum(len(json.dumps(f["geometry"])) for f in shapes["features"])
    n = len(shapes["features"])
    return max(2, min(count, TGJ_MAX_COPIES // n, TGJ_MAX_GEOMETRY // geometry))


def build_case(case: Case, timeline: Any, areas: Any, out: Path, *,
               afmap_states: Sequence[competitors.State],
               other_states: Sequence[competitors.State], plotly: bool, cdn_row: bool = False,
               note_others: str = "") -> None:
    """Write every page of one case into ``out`` and record its size and build time.

    afmap and the floor step through ``afmap_states`` (afmap's change dates);
    folium and Plotly through ``other_states``.
    """
    from afmap.htmlmap import render_map_html

    shapes = competitors.shapes_geojson(areas)
    title = "Territorial control in Afghanistan"

    def add(name: str, kind: str, build: Callable[[], str], states: Sequence[competitors.State],
            note: str = "", probe_solid: bool = True, opened: bool = True) -> None:
        text, secs = _timed(build)
        path = out / f"{case.key}-{kind}-{len(case.rows)}.html"
        path.write_text(text, encoding="utf-8")
        case.rows.append(Row(name, kind, len(text.encode("utf-8")), secs, len(states), path,
                             _probe(states, probe_solid), opened=opened, note=note))

    add(AFMAP, "afmap", lambda: render_map_html(timeline, areas, day=None, title=title,
                                                subtitle="benchmark"),
        afmap_states, probe_solid=False)
    if cdn_row:
        add(AFMAP_CDN, "afmap", lambda: render_map_html(timeline, areas, day=None, title=title,
                                                        subtitle="benchmark", cdn=True),
            afmap_states, probe_solid=False)
    add(FLOOR, "floor", lambda: competitors.floor_page(shapes, afmap_states), afmap_states,
        probe_solid=False)
    k = _tgj_steps(shapes, len(other_states))
    tgj_states = other_states[:k]
    tgj_note = note_others + (f"; first {k} of {len(other_states)} steps (a copy of every shape "
                              f"per step)" if k < len(other_states) else "")
    add(TIMESTAMPED, "tgj", lambda: competitors.timestamped_geojson(shapes, tgj_states), tgj_states,
        note=tgj_note.lstrip("; "))
    add(SLIDER_CHOROPLETH, "tsc", lambda: competitors.time_slider_choropleth(shapes, other_states),
        other_states, note=note_others)
    if plotly:
        add(PLOTLY, "plotly", lambda: competitors.plotly_choropleth(shapes, other_states),
            other_states, note=note_others)
        twin = "" if cdn_row else "the inlined row's figure with plotly.js from its CDN; not opened"
        add(PLOTLY_CDN, "plotly", lambda: competitors.plotly_choropleth(shapes, other_states, cdn=True),
            other_states, note="; ".join(x for x in (note_others, twin) if x), opened=cdn_row)


def page_parts(timeline: Any, provinces: Any, title: str) -> dict[str, int]:
    """Where the bytes of afmap's inlined timeline page go (shipped case)."""
    from afmap import assets
    from afmap.htmldata import build_map_data, script_json

    def size(text: str) -> int:
        return len(text.encode("utf-8"))

    data = build_map_data(timeline, provinces, day=None, title=title, subtitle=None, tiles=False)
    table = ("changes", "states", "dates")
    used = {"geometry", *table}
    return {
        "geometry": size(script_json(data["geometry"])),
        "change table": sum(size(script_json(data[k])) for k in table if k in data),
        "names, periods, notes, sources": sum(size(script_json(v)) for k, v in data.items()
                                              if k not in used),
        "Leaflet (inlined)": size(assets.leaflet_inline_head()),
        "afmap.js + afmap.css": size(assets.template_text("afmap.js")) + size(
            assets.template_text("afmap.css")),
    }


def measure_cli(scenario: Path, geodata: Path, runs: int) -> CliTiming:
    """Best of ``runs``: wall and CPU (user + system) time of ``python -m afmap render``.

    The best, not the median: on a shared machine load only ever adds time.
    """
    walls, cpus = [], []
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, "-m", "afmap", "render", "--scenario", str(scenario),
               "--geodata", str(geodata), "--out", str(Path(tmp) / "timeline.html")]
        for _ in range(runs):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run(cmd, check=True, capture_output=True, cwd=tmp)
            walls.append(time.perf_counter() - start)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return CliTiming(runs, min(walls), min(cpus))


def run(*, quick: bool = False, scenario: Path = SCENARIO, geodata: Path = GEODATA,
        districts: int | None = None, dates: int | None = None, steps: int | None = None,
        cli_runs: int | None = None, use_browser: bool = True, use_plotly: bool = True,
        first_year: int = 1978, churns: Sequence[float] = CHURNS,
        area_sets: Sequence[str] = ("provinces", "districts"),
        log: Callable[[str], None] = lambda s: None) -> Report:
    """Build, prove and measure every case; the building block of the command and its smoke test."""
    from afmap import api
    from afmap.geodata import load_provinces

    districts = districts or (80 if quick else 400)
    dates = dates or (60 if quick else 500)
    steps = steps or (15 if quick else 30)
    cli_runs = (1 if quick else 3) if cli_runs is None else cli_runs
    notes: list[str] = []
    have_plotly = use_plotly and competitors.plotly_available()
    if use_plotly and not have_plotly:
        notes.append("Plotly skipped: plotly is not installed (pip install -e '.[bench]').")

    loaded = api.load(scenario, geodata)
    provinces = load_provinces(geodata)
    title = api.map_title(loaded.title)
    factions = loaded.timeline.factions
    cut = synthetic.make_districts(provinces, districts)
    cases: list[Case] = []
    with tempfile.TemporaryDirectory(prefix="afmap-bench-") as tmp:
        out = Path(tmp)
        log(f"shipped scenario ({scenario.name}) ...")
        tl = loaded.timeline
        change_states = competitors.states_at(tl, tl.change_dates())
        yearly = competitors.yearly_states(tl, first_year)
        shipped = Case("shipped", f"Shipped scenario ({scenario.name}/)", len(provinces),
                       len(change_states), competitors.changed_share(change_states))
        build_case(shipped, tl, provinces, out, afmap_states=change_states, other_states=yearly,
                   plotly=have_plotly, cdn_row=True,
                   note_others=f"yearly: 1 July, {len(yearly)} steps")
        cases.append(shipped)
        sets = {"provinces": (provinces, f"{len(provinces)} provinces"),
                "districts": (cut, f"{len(cut)} districts")}
        for areas, label in (sets[k] for k in area_sets):
            for churn in churns:
                log(f"synthetic: {label}, {dates} steps, {churn:.1%} churn ...")
                stl = synthetic.make_churn_timeline(areas, factions, dates=dates, churn=churn)
                states = competitors.states_at(stl, stl.change_dates())
                case = Case(f"{len(areas)}x{dates}@{churn:g}",
                            f"Synthetic: {label} x {dates} monthly steps, {churn:.1%} churn",
                            len(areas), len(states), competitors.changed_share(states))
                build_case(case, stl, areas, out, afmap_states=states, other_states=states,
                           plotly=have_plotly)
                cases.append(case)
        if use_browser:
            missing = browser.browser_missing()
            try:
                cdn.prepare()
            except cdn.CdnError as exc:
                notes.append(f"CDN files not available ({exc}): the folium and Plotly CDN pages "
                             "cannot load their scripts.")
            if missing:
                notes.append(f"Pages not opened: {missing}.")
            else:
                log("opening every page in headless Chromium ...")
                specs = [browser.PageSpec(f"{c.key}/{r.name}", r.path, r.kind, c.shapes, r.probe)
                         for c in cases for r in c.rows if r.path is not None and r.opened]
                results = browser.measure_pages(specs, steps, log=log)
                for c in cases:
                    for r in c.rows:
                        r.result = results.get(f"{c.key}/{r.name}")
    cli = None
    if cli_runs:
        log("afmap render in a fresh interpreter ...")
        cli = measure_cli(scenario.resolve(), geodata.resolve(), cli_runs)
    return Report(cases, cli, notes, page_parts(loaded.timeline, provinces, title))


# ---- reporting -------------------------------------------------------------------

def _fmt_size(n: int | None) -> str:
    if not n:
        return "-"
    return f"{n / 1e6:.2f} MB" if n >= 1e6 else f"{n / 1e3:.0f} kB"


def _fmt_ms(x: float | None) -> str:
    return "-" if x is None else f"{x:.0f} ms" if x >= 100 else f"{x:.1f} ms"


def _ratio(a: float | None, b: float | None) -> str:
    return "-" if not a or not b else f"{a / b:.2f}x"


def _proof(r: Row, shapes: int) -> str:
    res = r.result
    if res is None:
        return "-"
    if res.failure and not res.drawn:
        return "FAILED: " + res.failure[:60]
    a, b = res.probe_fills
    text = f"steps ({a} -> {b})" if res.stepped else f"DOES NOT STEP ({a} -> {b})"
    if res.drawn != shapes:
        text += f", {res.drawn} paths"
    if res.errors:
        text += f", {len(res.errors)} page error(s): {res.errors[0][:40]!r}"
    return text


def case_table(case: Case) -> list[str]:
    """The table of one case, page metrics against the floor page."""
    floor = case.row(FLOOR)
    fr = floor.result if floor else None
    timed = max((r.result.steps for r in case.rows if r.result), default=0)
    lines = [f"{case.title}: {case.shapes} areas, {case.steps} steps (afmap), "
             f"{case.churn:.1%} of the areas restyled per step on average, "
             f"medians of {timed} timed steps",
             f"  {'page':31} {'size':>8} {'+fetched':>8} {'build':>7} {'1st paint':>9} "
             f"{'/floor':>6} {'JS heap':>8} {'work':>8} {'frame':>8} {'/floor':>6} "
             f"{'offline':>7}  works?"]
    for r in case.rows:
        res = r.result
        fetched = _fmt_size(res.served_bytes) if res and res.served else "-"
        paint = res.first_paint_ms if res else None
        frame = res.frame_ms if res else None
        heap = _fmt_size(res.heap_bytes) if res and res.heap_bytes else "-"
        offline = "-" if res is None else "yes" if res.offline else "no"
        lines.append(
            f"  {r.name:31} {_fmt_size(r.size):>8} {fetched:>8} {r.build_s:>5.2f} s "
            f"{_fmt_ms(paint):>9} {_ratio(paint, fr and fr.first_paint_ms):>6} {heap:>8} "
            f"{_fmt_ms(res.work_ms if res else None):>8} {_fmt_ms(frame):>8} "
            f"{_ratio(frame, fr and fr.frame_ms):>6} {offline:>7}  {_proof(r, case.shapes)}")
        if r.note:
            lines.append(f"  {'':31} {r.note}")
    return lines


def targets(report: Report) -> list[tuple[str, bool | None, str]]:
    """Issue 15's browser acceptance line: (text, met or None if unmeasured, the numbers)."""
    out: list[tuple[str, bool | None, str]] = []
    big = [c for c in report.cases if c.key.endswith("@0.5") and c.shapes >= 300]
    name = f"{big[0].shapes if big else 400} x {big[0].steps if big else 500} at 50% churn: " \
        f"next frame within {FRAME_OVER_FLOOR}x the matched hatched Leaflet floor"
    if not big:
        return [(name, None, "not measured")]
    case = big[0]
    a, f = case.row(AFMAP), case.row(FLOOR)
    if not (a and f and a.result and f.result and a.result.frame_ms and f.result.frame_ms):
        return [(name, None, "not measured")]
    ratio = a.result.frame_ms / f.result.frame_ms
    out.append((name, ratio <= FRAME_OVER_FLOOR,
                f"afmap {a.result.frame_ms:.1f} ms, floor {f.result.frame_ms:.1f} ms: {ratio:.2f}x"))
    return out


def format_report(report: Report) -> str:
    """The whole printed report."""
    lines: list[str] = []
    for case in report.cases:
        lines += case_table(case) + [""]
    if report.parts:
        total = sum(report.parts.values())
        lines.append("afmap timeline page (shipped, inlined), where the bytes go: " + ", ".join(
            f"{k} {_fmt_size(v)} ({100 * v / total:.0f}%)" for k, v in report.parts.items()))
        lines.append("")
    if report.cli:
        c = report.cli
        lines.append(f"afmap render (shipped scenario, timeline), whole, in a fresh interpreter, "
                     f"best of {c.runs}: {c.wall_s:.2f} s wall, {c.cpu_s:.2f} s CPU")
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
                        help="smaller run: 80 districts, 60 steps, 15 timed steps, 1 CLI run")
    parser.add_argument("--scenario", type=Path, default=SCENARIO)
    parser.add_argument("--geodata", type=Path, default=GEODATA)
    parser.add_argument("--no-browser", action="store_true", help="build the pages, open none")
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

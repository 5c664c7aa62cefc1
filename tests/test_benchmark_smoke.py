"""The benchmark's building blocks on tiny inputs: every page is built, opened and really steps.

No timing is asserted here; the figures belong to ``benchmarks/bench.py``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from pathlib import Path

import pytest
from helpers import off_the_loop

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import bench
import bench_browser as browser
import bench_competitors as competitors
import bench_synthetic as synthetic

MINI = ROOT / "tests" / "data" / "mini"
GEODATA = ROOT / "geodata" / "provinces.geojson"


@pytest.fixture(scope="module")
def report() -> bench.Report:
    # The mini scenario changes in 1996 and 1998: yearly steps from 1995 see both, and their
    # times straddle 2001-09-09, where TimestampedGeoJson's string sort would collapse the slider.
    missing = browser.browser_missing()
    if missing:
        pytest.skip(missing)
    # bench.py --quick, trimmed further: one synthetic case, a few timed steps.
    return off_the_loop(lambda: bench.run(
        quick=True, scenario=MINI, geodata=GEODATA, districts=40, dates=12, steps=3,
        first_year=1995, churns=(0.5,), area_sets=("districts",), cli_runs=0))


@pytest.fixture(scope="module")
def provinces():
    from afmap.geodata import load_provinces

    return load_provinces(GEODATA)


def _rows(report: bench.Report):
    return [(case, row) for case in report.cases for row in case.rows]


@pytest.mark.browser
def test_every_page_is_opened_and_really_steps(report: bench.Report) -> None:
    if any("CDN files not available" in n for n in report.notes):
        pytest.skip("npm could not fetch the CDN files: " + "; ".join(report.notes))
    names = {row.name for _, row in _rows(report)}
    expected = {bench.AFMAP, bench.AFMAP_CDN, bench.FLOOR, bench.TIMESTAMPED, bench.SLIDER_CHOROPLETH}
    if competitors.plotly_available():
        expected |= {bench.PLOTLY, bench.PLOTLY_CDN}
    assert names == expected
    for case, row in _rows(report):
        res = row.result
        if not row.opened:  # the CDN twin of the inlined Plotly page, beyond the shipped case
            assert res is None and row.name == bench.PLOTLY_CDN and case.key != "shipped"
            continue
        assert res is not None, row.name
        # The drawn fill of a shape known to change did change, one path per shape (no copies),
        # and the slider has one step per state (TimestampedGeoJson's did not collapse).
        assert res.stepped, (case.key, row.name, res.probe_fills, res.failure)
        assert res.drawn == case.shapes, (case.key, row.name, res.drawn)
        assert res.steps_available == row.steps, (case.key, row.name, res.steps_available)
        assert res.first_paint_ms and res.heap_bytes and res.frame_ms, (case.key, row.name)


@pytest.mark.browser
def test_only_the_inlined_afmap_page_and_the_floor_work_offline(report: bench.Report) -> None:
    if any("CDN files not available" in n for n in report.notes):
        pytest.skip("npm could not fetch the CDN files")
    for case, row in _rows(report):
        if not row.opened:
            continue
        offline = row.name in (bench.AFMAP, bench.FLOOR)
        assert row.result.offline is offline, (case.key, row.name)
        if not offline and row.name != bench.AFMAP_CDN:
            assert row.result.served > 0, row.name  # its scripts came from the local copies


@pytest.mark.browser
def test_printed_report_has_every_case_and_the_acceptance_line(report: bench.Report) -> None:
    text = bench.format_report(report)
    assert len(report.cases) == 2 and report.cases[0].key == "shipped"
    assert report.cases[1].key.endswith("x12@0.5")
    for name in (bench.AFMAP, bench.FLOOR, bench.TIMESTAMPED, bench.SLIDER_CHOROPLETH):
        assert name in text
    assert "1st paint" in text and "JS heap" in text and "offline" in text
    # No 400-area case in this run: the acceptance line says so instead of guessing.
    assert "[not measured] 400 x 500 at 50% churn: next frame within 1.3x" in text
    assert "beyond imports" not in text


def test_districts_are_seeded_and_cover_the_provinces(provinces) -> None:
    import shapely

    a = synthetic.make_districts(provinces, 60, seed=3)
    b = synthetic.make_districts(provinces, 60, seed=3)
    assert list(a["code"]) == list(b["code"])
    assert [g.wkb for g in a.geometry] == [g.wkb for g in b.geometry]
    assert 60 <= len(a) <= 70
    assert abs(shapely.area(a.geometry.values).sum()
               - shapely.area(provinces.geometry.values).sum()) < 1e-3
    assert {code.rsplit("-", 1)[0] for code in a["code"]} == set(provinces["code"])


def _factions():
    from afmap.timeline import FactionInfo

    return {f: FactionInfo(f, f.title(), c) for f, c in
            (("dra", "#b83b3b"), ("taliban", "#3a3a3a"), ("isa", "#2b6cb0"))}


@pytest.mark.parametrize("churn", [0.025, 0.5])
def test_churn_timeline_restyles_the_asked_share_every_month(provinces, churn) -> None:
    cut = synthetic.make_districts(provinces, 40)
    tl = synthetic.make_churn_timeline(cut, _factions(), dates=10, churn=churn)
    days = tl.change_dates()
    assert days == synthetic.monthly_days(10) and days[0] == dt.date(1980, 1, 1)
    states = competitors.states_at(tl, days)
    per_step = max(1, round(churn * len(cut)))  # 1 of 45 areas at 2.5%, 22 at 50%
    assert competitors.changed_share(states) == pytest.approx(per_step / len(cut))
    assert competitors.period_of(states) == "P1M"


def _small_states(provinces, years=(2019, 2022)):
    from afmap.timeline import Segment, Timeline

    small = provinces.head(3)
    codes = list(small["code"])
    tl = Timeline(dict(zip(codes, small["name"])), _factions(),
                  [Segment(codes[0], dt.date(2020, 1, 1), None, "taliban", "contested", ("isa",), "p",
                           None, ("s",))]
                  + [Segment(c, dt.date(2020, 1, 1), None, "dra", "controlled", (), "p", None, ("s",))
                     for c in codes[1:]])
    days = [dt.date(y, 7, 1) for y in range(years[0], years[1] + 1)]
    return small, competitors.states_at(tl, days)


def test_timestamped_geojson_one_current_copy_per_step_and_numeric_sort(provinces) -> None:
    small, states = _small_states(provinces)
    html = competitors.timestamped_geojson(competitors.shapes_geojson(small), states)
    assert html.count('"times"') == 3 * 4
    assert '"times": ["2019-07-01"]' in html  # ISO days
    assert '"P1Y"' in html and 'duration: "P1D"' in html  # shown for less than one step
    assert "addlastPoint: false" in html
    assert "return a - b;" in html  # the upstream fix of the string sort
    assert html.count("#cccccc") == 3  # 2019: no data anywhere


def test_plotly_figure_holds_the_geometry_once_and_frames_only_values(provinces) -> None:
    pytest.importorskip("plotly")
    small, states = _small_states(provinces)
    html = competitors.plotly_choropleth(competitors.shapes_geojson(small), states, cdn=True)
    assert html.count('"FeatureCollection"') == 1
    assert re.search(r'<script [^>]*src="https://cdn\.plot\.ly/plotly-[0-9.]+\.min\.js"', html)
    fig = competitors.plotly_figure(competitors.shapes_geojson(small), states)
    assert len(fig.frames) == 4
    for frame in fig.frames:
        values = {k for k, v in frame.data[0].to_plotly_json().items() if v is not None}
        assert values == {"type", "z"}


def test_floor_page_hatches_contested_areas_and_inlines_leaflet(provinces) -> None:
    small, states = _small_states(provinces)
    html = competitors.floor_page(competitors.shapes_geojson(small), states)
    assert not re.search(r'<(script|link)[^>]+(src|href)="https?:', html)  # Leaflet inlined
    data = json.loads(re.search(r"var FLOOR = (\{.*?\});</script>", html).group(1))
    assert data["patterns"] == [["floor-hatch-0", "#3a3a3a", "#2b6cb0"]]
    assert "url(#floor-hatch-0)" in data["fills"]
    assert len(data["days"]) == 4 and len(data["steps"]) == 3


# -- bench_scale: claim-form scale cases ------------------------------------------------------

def test_scale_case_is_a_claim_form_folder_that_checks_and_renders(tmp_path: Path) -> None:
    import bench_scale as scale
    import yaml
    from click.testing import CliRunner

    from afmap.cli import cli

    case = scale.write_case(34, 75, tmp_path)
    again = scale.write_case(34, 75, tmp_path / "again")
    assert [p.read_bytes() for p in case.files] == [p.read_bytes() for p in again.files]
    assert case.geodata == scale.PROVINCES
    assert sorted(p.name for p in case.files) == [
        "bibliography.yaml", "factions.yaml", "part-001.yaml"]
    part = yaml.safe_load((case.scenario / "part-001.yaml").read_text(encoding="utf-8"))
    assert set(part) == {"title", "eras", "changes", "events"}
    assert part["changes"][0]["sources"][0].keys() == {"cite", "at"}
    # Every area on the first date, then about 13% of the 34 on each of the other 74.
    assert 34 + 74 * 4 <= case.claims <= 34 + 74 * 5
    contested = sum(c.get("status") == "contested" for c in part["changes"])
    assert 0.1 < contested / case.changes < 0.3

    result = CliRunner().invoke(cli, ["check", "--scenario", str(case.scenario)])
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith(": ok")
    out = tmp_path / "timeline.html"
    result = CliRunner().invoke(cli, ["render", "--scenario", str(case.scenario),
                                      "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 100_000
    for floor in scale.FLOORS.values():
        assert floor(case.scenario) == 0


def test_scale_floor_data_is_what_afmap_reads(tmp_path: Path) -> None:
    import bench_scale as scale

    from afmap.yamlfile import read_yaml

    case = scale.write_case(34, 20, tmp_path)
    for path in case.files:
        assert scale._events_data(path.read_text(encoding="utf-8")) == read_yaml(path).data


def test_scale_cases_and_table() -> None:
    import bench_scale as scale

    assert scale.parse_cases("34x75, 2_000x500") == [(34, 75), (2000, 500)]
    case = scale.Written(Path("s"), scale.PROVINCES, 34, 75, changes=300, claims=360)
    got = {name: scale.Measure(2.0, 100.0) for name in
           ("check", "render", "floor: events", "CSafeLoader+schema")}
    got[scale.FLOOR] = scale.Measure(1.0, 50.0)
    got["page kB"] = scale.Measure(279.0, 0.0)
    text = scale.format_table([(case, got)])
    assert "34x75" in text and "2.00x" in text and "279 kB" in text

"""The benchmark's building blocks on tiny inputs: every row there, every size positive.

No timing is asserted here; the figures belong to ``benchmarks/bench.py``.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import bench
import bench_competitors as competitors
import bench_synthetic as synthetic

MINI = ROOT / "tests" / "data" / "mini"
GEODATA = ROOT / "geodata" / "provinces.geojson"


@pytest.fixture(scope="module")
def report() -> bench.Report:
    return bench.run(scenario=MINI, geodata=GEODATA, districts=40, dates=12, first_year=2019,
                     use_browser=False, use_plotly=False, cli_runs=0)


@pytest.fixture(scope="module")
def provinces():
    from afmap.geodata import load_provinces

    return load_provinces(GEODATA)


def test_report_has_every_row_of_both_cases(report: bench.Report) -> None:
    assert [c.key for c in report.cases] == ["shipped", "scale"]
    for case in report.cases:
        assert [r.name for r in case.rows] == list(bench.ROW_NAMES)


def test_measured_rows_have_positive_sizes_and_times(report: bench.Report) -> None:
    for case in report.cases:
        for row in case.rows:
            if row.name == bench.PLOTLY:
                assert row.size is None and row.note
            else:
                assert row.size > 0 and row.seconds > 0, row


def test_scale_case_is_the_cut_provinces(report: bench.Report) -> None:
    shipped, scale = report.cases
    assert shipped.shapes == 34
    assert 40 <= scale.shapes <= 34 + 40  # each province gets at least one district
    assert scale.change_dates == 12
    assert scale.years == shipped.years == dt.date.today().year - 2019 + 1


def test_page_parts_and_render_phases_are_positive(report: bench.Report) -> None:
    assert set(report.parts) >= {"geometry", "change table", "Leaflet (inlined)"}
    assert all(v > 0 for v in report.parts.values())
    assert list(report.phases) == ["load+check scenario", "read geodata", "build HTML", "write"]
    assert all(v > 0 for v in report.phases.values())


def test_yearly_maps_row_counts_one_file_per_year(report: bench.Report) -> None:
    for case in report.cases:
        assert case.row(bench.YEARLY_MAPS).files == case.years


def test_printed_report_names_rows_ratios_and_targets(report: bench.Report) -> None:
    text = bench.format_report(report)
    for name in bench.ROW_NAMES:
        assert name in text
    assert "size/afmap" in text and "Growth, shipped -> scale" in text
    assert "Targets:" in text
    assert "timeline <= 1.3x single-year map" in text
    assert "[not measured] slider step within 16 ms at 34 shapes" in text
    assert "[not measured] afmap render beyond imports" in text


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


def test_synthetic_timeline_has_the_asked_change_dates(provinces) -> None:
    from afmap.timeline import FactionInfo

    cut = synthetic.make_districts(provinces, 40)
    factions = {f: FactionInfo(f, f.title(), c) for f, c in
                (("dra", "#b83b3b"), ("taliban", "#3a3a3a"), ("isa", "#2b6cb0"))}
    tl = synthetic.make_timeline(cut, factions, dates=25, changes_per_date=3)
    assert len(tl.change_dates()) == 25
    assert len(tl.segments) == len(cut) + 24 * 3
    assert all(seg.sources == (synthetic.SOURCE,) for seg in tl.segments)


def test_timestamped_geojson_copies_every_shape_at_every_step(provinces) -> None:
    from afmap.timeline import FactionInfo, Segment, Timeline

    small = provinces.head(3)
    tl = Timeline(dict(zip(small["code"], small["name"])),
                  {"taliban": FactionInfo("taliban", "Taliban", "#3a3a3a")},
                  [Segment(c, dt.date(2020, 1, 1), None, "taliban", "controlled", (), "p",
                           None, ("s",)) for c in small["code"]])
    states = competitors.yearly_states(tl, 2019, 2022)
    html = competitors.timestamped_geojson(competitors.shapes_geojson(small), states)
    assert html.count('"times"') == 3 * 4
    assert html.count("#cccccc") == 3  # 2019: no data anywhere


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

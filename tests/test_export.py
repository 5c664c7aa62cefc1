"""afmap export: one feature per province for GIS, as GeoJSON, GeoPackage or CSV."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GEODATA = ROOT / "geodata" / "provinces.geojson"
TWO_SIDES = Path(__file__).resolve().parent / "data" / "beyond" / "two-sides.yaml"
FIELDS = ["code", "province", "date", "faction", "faction_name", "color", "status",
          "contested_by", "period", "start", "end", "start_edtf", "start_precision", "end_edtf",
          "end_precision", "held_since", "note", "sources", "includes"]


def export(invoke, out: Path, *args: str):
    return invoke("export", "--scenario", TWO_SIDES, "--geodata", GEODATA, "--out", out, *args)


def test_geojson_opens_with_geopandas_with_34_features(invoke, tmp_path):
    import geopandas

    out = tmp_path / "x.geojson"
    result = export(invoke, out, "--date", "1990-07-01")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"wrote {out}\n"
    frame = geopandas.read_file(out)
    assert len(frame) == 34
    assert list(frame.columns) == [*FIELDS, "geometry"]
    bds = frame.set_index("code").loc["AF-BDS"]
    assert (bds["province"], bds["faction"], bds["status"]) == ("Badakhshan", "blue", "contested")
    raw = json.loads(out.read_text(encoding="utf-8"))
    props = next(f["properties"] for f in raw["features"] if f["properties"]["code"] == "AF-BDS")
    assert props["contested_by"] == ["red"]
    assert props["sources"] == ["Fixture source B", "Fixture source A"]
    assert props["note"] == "Front line" and props["period"] == "Before"
    assert (props["start"], props["end"]) == ("1990-01-01", "1992-01-01")


def test_gpkg_joins_lists_as_text(invoke, tmp_path):
    import geopandas

    out = tmp_path / "x.gpkg"
    assert export(invoke, out, "--date", "1990-07-01", "--format", "gpkg").exit_code == 0
    frame = geopandas.read_file(out).set_index("code")
    assert len(frame) == 34
    assert frame.loc["AF-BDS", "contested_by"] == "red"
    assert frame.loc["AF-BDS", "sources"] == "Fixture source B | Fixture source A"
    assert frame.crs.to_epsg() == 4326


def test_gpkg_is_version_1_2_with_temporal_date_fields(invoke, tmp_path):
    import sqlite3

    out = tmp_path / "x.gpkg"
    assert export(invoke, out, "--date", "1990-07-01", "--format", "gpkg").exit_code == 0
    with sqlite3.connect(out) as db:
        assert db.execute("PRAGMA user_version").fetchone() == (10200,)  # GeoPackage 1.2.0
        types = {row[1]: row[2] for row in db.execute("PRAGMA table_info(afmap)")}
        assert (types["date"], types["start"], types["end"]) == ("DATETIME",) * 3
        start = db.execute("SELECT start FROM afmap WHERE code = 'AF-BDS'").fetchone()[0]
    assert start.startswith("1990-01-01T00:00:00")


def test_csv_has_wkt_geometry(invoke, tmp_path):
    out = tmp_path / "x.csv"
    assert export(invoke, out, "--date", "1992-06-01", "--format", "csv").exit_code == 0
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 34
    assert list(rows[0]) == [*FIELDS, "wkt"]
    kabul = next(r for r in rows if r["code"] == "AF-KAB")
    assert (kabul["faction"], kabul["sources"]) == ("blue", "Fixture source C")
    assert kabul["wkt"].startswith("POLYGON ((")


def test_no_data_provinces_are_exported_with_empty_holder(invoke, tmp_path):
    out = tmp_path / "gap.geojson"
    export(invoke, out, "--date", "1993-06-01")
    props = [f["properties"] for f in json.loads(out.read_text(encoding="utf-8"))["features"]]
    assert {p["status"] for p in props} == {"no-data"}
    assert {p["faction"] for p in props} == {None}


@pytest.mark.parametrize("fmt", ["geojson", "gpkg", "csv"])
def test_exports_are_byte_identical(invoke, tmp_path, fmt):
    a, b = tmp_path / f"a.{fmt}", tmp_path / f"b.{fmt}"
    export(invoke, a, "--year", "1990", "--format", fmt)
    export(invoke, b, "--year", "1990", "--format", fmt)
    assert a.read_bytes() == b.read_bytes()


def test_historical_boundaries_1990_has_32_features(invoke, tmp_path):
    import geopandas

    out = tmp_path / "h.geojson"
    assert export(invoke, out, "--year", "1990", "--historical-boundaries").exit_code == 0
    frame = geopandas.read_file(out).set_index("code")
    assert len(frame) == 32
    assert "Panjshir" not in set(frame["province"]) and "Daykundi" not in set(frame["province"])
    assert list(frame.loc["AF-PAR", "includes"]) == ["AF-PAR", "AF-PAN"]
    assert frame.loc["AF-PAR", "faction"] == "blue"


def test_default_path_and_failure_leaves_earlier_output(invoke, in_tmp):
    result = invoke("export", "--year", "1990", "--scenario", TWO_SIDES)
    assert result.stdout == "wrote output/afmap-1990.geojson\n"
    before = (in_tmp / "output" / "afmap-1990.geojson").read_bytes()
    broken = in_tmp / "broken.yaml"
    broken.write_text("periods: [{name: x, start: 1990-13-01, default: nobody}]\n",
                      encoding="utf-8")
    failed = invoke("export", "--year", "1990", "--scenario", broken)
    assert failed.exit_code == 1
    assert "broken.yaml" in failed.stderr
    assert (in_tmp / "output" / "afmap-1990.geojson").read_bytes() == before
    assert sorted(p.name for p in (in_tmp / "output").iterdir()) == ["afmap-1990.geojson"]


def test_export_needs_a_date(invoke, tmp_path):
    result = invoke("export", "--scenario", TWO_SIDES, "--out", tmp_path / "x.geojson")
    assert result.exit_code == 2
    assert "give --year YEAR or --date YYYY-MM-DD" in result.stderr


def test_timeline_export_is_every_claim_with_start_and_end(invoke, tmp_path):
    import datetime as dt

    import geopandas
    import pandas

    from afmap import api

    out = tmp_path / "history.gpkg"
    result = invoke("export", "--timeline", "--scenario", TWO_SIDES, "--geodata", GEODATA,
                    "--out", out)
    assert (result.exit_code, result.stdout) == (0, f"wrote {out}\n"), result.output
    frame = geopandas.read_file(out)
    timeline = api.load(TWO_SIDES, GEODATA).timeline
    assert len(frame) == len(timeline.segments)
    assert str(frame["start"].dtype).startswith("datetime64")
    # a time filter on start/end gives back the control table of any day
    for day in [*timeline.change_dates(), dt.date(1991, 6, 1)]:
        at = pandas.Timestamp(day)
        live = frame[(frame["start"] <= at) & (frame["end"].isna() | (frame["end"] > at))]
        rows = {r.code: r.faction for r in timeline.at(day) if r.faction}
        assert dict(zip(live["code"], live["faction"])) == rows, day


def test_timeline_export_takes_no_date(invoke, tmp_path):
    result = invoke("export", "--timeline", "--year", "1990", "--scenario", TWO_SIDES,
                    "--out", tmp_path / "x.gpkg")
    assert result.exit_code == 2
    assert "--timeline exports every date" in result.stderr

"""Broken ``--geodata`` files: clear messages, exit 1, nothing written."""

from __future__ import annotations

import json

import pytest

from conftest import GEODATA, MINI


def _features():
    return json.loads(GEODATA.read_text(encoding="utf-8"))["features"]


def _write(tmp_path, obj, name="p.geojson"):
    path = tmp_path / name
    path.write_text(obj if isinstance(obj, str) else json.dumps(obj), encoding="utf-8")
    return path


BOWTIE = {"type": "Polygon", "coordinates": [[[65, 33], [66, 34], [66, 33], [65, 34], [65, 33]]]}


@pytest.mark.parametrize("make, message", [
    (lambda f: "", "{p}:1:1: not valid JSON: Expecting value"),
    (lambda f: [1, 2], "{p}: not a GeoJSON FeatureCollection with features"),
    (lambda f: {"type": "FeatureCollection", "features": []}, "{p}: not a GeoJSON FeatureCollection with features"),
    (lambda f: {"type": "FeatureCollection", "features": [{**f[0], "properties": {"name": "X"}}]},
     "{p}: feature 0 has no 'code' property (ISO 3166-2, e.g. AF-KAB)"),
    (lambda f: {"type": "FeatureCollection", "features": [f[0], f[0]]}, "{p}: feature 1: code AF-BAL appears twice"),
    (lambda f: {"type": "FeatureCollection", "features": [{**f[0], "geometry": None}]},
     "{p}: feature 0 (AF-BAL) has no geometry"),
])
def test_broken_geodata_messages(invoke, tmp_path, make, message):
    path = _write(tmp_path, make(_features()))
    result = invoke("control", "--year", "1998", "--scenario", MINI, "--geodata", path)
    assert result.exit_code == 1
    assert result.stderr == message.format(p=path) + "\n"


def test_missing_geodata(invoke, tmp_path):
    result = invoke("control", "--year", "1998", "--scenario", MINI, "--geodata", tmp_path / "none.geojson")
    assert result.exit_code == 1
    assert result.stderr == f"{tmp_path / 'none.geojson'}: no such file (give a province GeoJSON with --geodata)\n"


def test_invalid_geometry_refused_at_render(invoke, tmp_path):
    feats = _features()
    feats[0] = {**feats[0], "geometry": BOWTIE}
    path = _write(tmp_path, {"type": "FeatureCollection", "features": feats})
    out = tmp_path / "m.html"
    result = invoke("render", "--year", "1997", "--scenario", MINI, "--geodata", path, "--out", out)
    assert result.exit_code == 1
    assert result.stderr == (f"{path}: invalid or empty geometry for AF-BAL "
                             "(repair it, e.g. with shapely.make_valid)\n")
    assert not out.exists()


def test_scenario_names_resolve_against_given_geodata(invoke, tmp_path):
    feats = [f for f in _features() if f["properties"]["code"] != "AF-PAR"]
    path = _write(tmp_path, {"type": "FeatureCollection", "features": feats})
    result = invoke("check", MINI, "--geodata", path)
    assert result.exit_code == 1
    assert "unknown province 'Parwan'" in result.stderr

"""Broken ``--geodata`` files: clear messages, exit 1, nothing written."""

from __future__ import annotations

import json

import pytest
from helpers import GEODATA, MINI


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
     "{p}: feature 0: no 'code' property (ISO 3166-2, e.g. AF-KAB)"),
    (lambda f: {"type": "FeatureCollection", "features": [f[0], f[0]]}, "{p}: feature 1 (AF-BAL): code AF-BAL appears twice (first in feature 0)"),
    (lambda f: {"type": "FeatureCollection", "features": [{**f[0], "geometry": None}]},
     "{p}: feature 0 (AF-BAL): no geometry"),
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
    assert result.stderr == (f"{path}: feature 0 (AF-BAL): the polygon is not valid "
                             "(Self-intersection[65.5 33.5]); repair it, e.g. with shapely.make_valid\n")
    assert not out.exists()


def test_scenario_names_resolve_against_given_geodata(invoke, tmp_path):
    feats = [f for f in _features() if f["properties"]["code"] != "AF-PAR"]
    path = _write(tmp_path, {"type": "FeatureCollection", "features": feats})
    result = invoke("check", MINI, "--geodata", path)
    assert result.exit_code == 1
    assert "unknown province 'Parwan'" in result.stderr


# --- Every command refuses what would fail later: one case per kind of breakage ----------

#: Each command as a user types it, with the geodata under test; run in ``in_tmp``
#: so that default outputs would land in ``output/``.
COMMANDS = {
    "check": ("check", MINI),
    "control": ("control", "--year", "1998", "--scenario", MINI),
    "render-html": ("render", "--year", "1998", "--scenario", MINI),
    "render-png": ("render", "--year", "1998", "--scenario", MINI, "--format", "png"),
    "render-svg": ("render", "--year", "1998", "--scenario", MINI, "--format", "svg"),
    "timeline": ("render", "--scenario", MINI),
    "stats": ("stats", "--scenario", MINI, "--format", "png"),
    "export": ("export", "--year", "1998", "--scenario", MINI),
    "compare": ("compare", MINI, MINI, "--year", "1998"),
}

HEL = 10  # the index of AF-HEL in the shipped file
SQUARE = [[64, 31], [65, 31], [65, 32], [64, 32], [64, 31]]


def _with(geometry=None, **props):
    """The shipped features, Helmand given ``geometry`` and/or ``props``."""
    def make(feats):
        feat = feats[HEL]
        assert feat["properties"]["code"] == "AF-HEL"
        feats[HEL] = {**feat, "properties": {**feat["properties"], **props},
                      "geometry": feat["geometry"] if geometry is None else geometry}
        return {"type": "FeatureCollection", "features": feats}
    return make


def _deep(feats):
    return '{"type": "FeatureCollection", "features": ' + "[" * 100_000


W = "{p}: feature 10 (AF-HEL): "
EACH_PROVINCE = "; each province must be a Polygon or MultiPolygon"
BROKEN = {
    "unclosed-ring": (_with({"type": "Polygon", "coordinates": [SQUARE[:-1]]}),
                      W + "ring 0 is not closed: its first position [64, 31] differs from its "
                          "last [64, 32]; repeat the first at the end"),
    "unclosed-multi": (_with({"type": "MultiPolygon", "coordinates": [[SQUARE], [SQUARE[:-1]]]}),
                       W + "polygon 1, ring 0 is not closed: its first position [64, 31] "
                           "differs from its last [64, 32]; repeat the first at the end"),
    "short-ring": (_with({"type": "Polygon", "coordinates": [SQUARE[:3]]}),
                   W + "ring 0 has 3 positions; a ring needs at least 4, the last repeating the first"),
    "aliases-number": (_with(aliases=5), W + "'aliases' must be a list of names, not 5"),
    "split-from-number": (_with(split_from=5), W + "'split_from' must be a list of province codes, not 5"),
    "established-text": (_with(established="2004"), W + "'established' must be a year like 2004, not '2004'"),
    # 5000 digits: more than Python's int() takes from a text
    "established-huge": (lambda f: json.dumps(_with()(f)).replace(
                             '"established": null', '"established": ' + "9" * 5000, 1),
                         "{p}: feature 0 (AF-BAL): 'established' must be a year like 2004, not inf"),
    "point": (_with({"type": "Point", "coordinates": [64, 31]}), W + "geometry is a Point" + EACH_PROVINCE),
    "linestring": (_with({"type": "LineString", "coordinates": SQUARE}),
                   W + "geometry is a LineString" + EACH_PROVINCE),
    "collection": (_with({"type": "GeometryCollection",
                          "geometries": [{"type": "Polygon", "coordinates": [SQUARE]}]}),
                   W + "geometry is a GeometryCollection" + EACH_PROVINCE),
    "empty": (_with({"type": "Polygon", "coordinates": []}),
              W + "geometry is empty (a Polygon without coordinates)"),
    "empty-multi": (_with({"type": "MultiPolygon", "coordinates": []}),
                    W + "geometry is empty (a MultiPolygon without coordinates)"),
    "longitude": (_with({"type": "Polygon", "coordinates": [[[200, 31], *SQUARE[1:4], [200, 31]]]}),
                  W + "ring 0, position 0: longitude 200 is outside -180..180 (give WGS84 degrees)"),
    "nan": (_with({"type": "Polygon", "coordinates": [[*SQUARE[:2], [float("nan"), 32], *SQUARE[3:]]]}),
            W + "ring 0, position 2: nan is not a finite number"),
    "four-numbers": (_with({"type": "Polygon", "coordinates": [[[64, 31, 0, 0], *SQUARE[1:]]]}),
                     W + "ring 0, position 0: not a position [longitude, latitude] "
                         "(or [longitude, latitude, height])"),
    "deep-json": (_deep, "{p}:1:142: not valid JSON for afmap: nested more than 100 levels deep "
                         "(a province file needs fewer than 10)"),
    "name-control": (_with(name="Hel\x07mand"), W + "'name' holds the control character U+0007; remove it"),
    "name-long": (_with(name="H" * 201), W + "'name' is 201 characters long; at most 200 are allowed"),
    "name-number": (_with(name=5), W + "'name' must be a non-empty string, not 5"),
    "name-surrogate": (_with(name="Hel\ud800mand"),
                       W + "'name' holds the lone surrogate U+D800, which is no character; "
                           "remove it"),
    "alias-newline": (_with(aliases=["Hil\nmand"]),
                      W + "'aliases' item 0 holds the control character U+000A; remove it"),
    "code-newline": (_with(code="AF-HEL\u2028"),
                     "{p}: feature 10: 'code' holds the control character U+2028; remove it "
                     "(ISO 3166-2, e.g. AF-KAB)"),
    "projected-crs": (lambda f: {"type": "FeatureCollection", "features": f,
                                 "crs": {"type": "name", "properties": {"name": "EPSG:3857"}}},
                      "{p}: 'crs' is 'EPSG:3857'; afmap reads WGS84 longitude/latitude only "
                      "(RFC 7946): reproject the file, e.g. with ogr2ogr -t_srs EPSG:4326"),
}


def _assert_refused(invoke, in_tmp, path, command, message):
    result = invoke(*COMMANDS[command], "--geodata", path)
    assert result.exit_code == 1, result.output
    assert result.stderr == message.format(p=path) + "\n"
    assert "Traceback" not in result.output
    assert result.stdout == ""
    assert not (in_tmp / "output").exists()


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("kind", BROKEN)
def test_every_command_refuses_broken_geodata(invoke, in_tmp, kind, command):
    make, message = BROKEN[kind]
    path = _write(in_tmp, make(_features()))
    _assert_refused(invoke, in_tmp, path, command, message)


@pytest.mark.parametrize("command", COMMANDS)
def test_all_problems_reported_at_once(invoke, in_tmp, command):
    feats = _features()
    feats[0]["properties"]["aliases"] = 5
    feats[0]["geometry"] = {"type": "Point", "coordinates": [64, 31]}
    feats[3]["properties"]["established"] = 20.5
    path = _write(in_tmp, {"type": "FeatureCollection", "features": feats})
    _assert_refused(invoke, in_tmp, path, command, "\n".join([
        "{p}: feature 0 (AF-BAL): 'aliases' must be a list of names, not 5",
        "{p}: feature 0 (AF-BAL): geometry is a Point" + EACH_PROVINCE,
        "{p}: feature 3 (AF-BDS): 'established' must be a year like 2004, not 20.5",
    ]))


@pytest.mark.parametrize("command", COMMANDS)
def test_too_many_positions(invoke, in_tmp, monkeypatch, command):
    # The shipped file has 7,054 positions; lower the limit under it rather
    # than write a file of half a million.
    import afmap.geodata

    assert afmap.geodata.MAX_POSITIONS >= 70 * 7_054
    monkeypatch.setattr(afmap.geodata, "MAX_POSITIONS", 7_000)
    path = _write(in_tmp, GEODATA.read_text(encoding="utf-8"))
    _assert_refused(invoke, in_tmp, path, command,
                    "{p}: feature 33 (AF-ZAB): the geometries pass 7,000 positions in all, "
                    "afmap's limit; simplify them (e.g. with shapely.simplify or mapshaper)")


@pytest.mark.parametrize("command", COMMANDS)
def test_too_many_features(invoke, in_tmp, monkeypatch, command):
    import afmap.geodata

    assert afmap.geodata.MAX_FEATURES >= 10 * 400   # ten times Afghanistan's districts
    monkeypatch.setattr(afmap.geodata, "MAX_FEATURES", 33)
    path = _write(in_tmp, GEODATA.read_text(encoding="utf-8"))
    _assert_refused(invoke, in_tmp, path, command,
                    "{p}: 34 features; afmap draws at most 33 areas (a map of more is "
                    "unreadable; merge them)")


@pytest.mark.parametrize("command", COMMANDS)
def test_too_large_file(invoke, in_tmp, command):
    from afmap.geodata import MAX_FILE_BYTES

    path = in_tmp / "big.geojson"
    path.write_bytes(GEODATA.read_bytes() + b" " * MAX_FILE_BYTES)
    _assert_refused(invoke, in_tmp, path, command,
                    "{p}: larger than 20,971,520 bytes, afmap's limit for a province file; "
                    "simplify the geometries (e.g. with shapely.simplify or mapshaper)")


@pytest.mark.parametrize("command", COMMANDS)
def test_not_utf8(invoke, in_tmp, command):
    path = in_tmp / "latin1.geojson"
    path.write_bytes(GEODATA.read_bytes().replace(b'"Balkh"', b'"Balkh\xe9"', 1))
    _assert_refused(invoke, in_tmp, path, command,
                    "{p}:2:62: not UTF-8 (byte 0xe9); save the file as UTF-8")


@pytest.mark.parametrize("command", [c for c in COMMANDS if c != "control"])
def test_invalid_polygon_refused_by_check_and_every_drawing_command(invoke, in_tmp, command):
    # control never touches geometry, so it accepts the file and works; check
    # refuses what the drawing commands would refuse.
    path = _write(in_tmp, _with(BOWTIE)(_features()))
    _assert_refused(invoke, in_tmp, path, command,
                    W + "the polygon is not valid (Self-intersection[65.5 33.5]); "
                        "repair it, e.g. with shapely.make_valid")


def _three_d(feats):
    for feat in feats:
        feat["geometry"]["coordinates"] = [[[*pos, 1234.5] for pos in ring]
                                           for ring in feat["geometry"]["coordinates"]]
    return {"type": "FeatureCollection", "features": feats}


@pytest.mark.parametrize("command", COMMANDS)
def test_3d_positions_render_as_2d(invoke, in_tmp, command):
    path = _write(in_tmp, _three_d(_features()), "3d.geojson")
    result = invoke(*COMMANDS[command], "--geodata", path)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""


def test_3d_map_is_the_2d_map(invoke, tmp_path):
    path = _write(tmp_path, _three_d(_features()), "3d.geojson")
    for geodata, out in ((GEODATA, tmp_path / "2d.html"), (path, tmp_path / "3d.html")):
        result = invoke("render", "--year", "1998", "--scenario", MINI, "--geodata", geodata,
                        "--out", out)
        assert result.exit_code == 0, result.output
    assert (tmp_path / "3d.html").read_bytes() == (tmp_path / "2d.html").read_bytes()


def test_shipped_file_is_within_the_limits():
    from afmap.geodata import MAX_FILE_BYTES, MAX_POSITIONS

    count = sum(len(ring) for f in _features() for ring in f["geometry"]["coordinates"])
    assert count == 7_054
    assert 10 * count <= MAX_POSITIONS <= 100 * count
    assert 10 * GEODATA.stat().st_size <= MAX_FILE_BYTES

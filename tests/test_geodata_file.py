"""The committed ``geodata/provinces.geojson`` is what DESIGN.md promises.

These tests read the file as shipped (they do not rebuild it), so they hold
whoever regenerates it with ``scripts/build_geodata.py``.
"""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import pytest

from afmap.names import province_key

GEOJSON = Path(__file__).resolve().parent.parent / "geodata" / "provinces.geojson"

# ISO 3166-2:AF, the 34 provinces (as listed by pycountry, a build-only dependency).
CODES = [
    "AF-BAL", "AF-BAM", "AF-BDG", "AF-BDS", "AF-BGL", "AF-DAY", "AF-FRA", "AF-FYB", "AF-GHA",
    "AF-GHO", "AF-HEL", "AF-HER", "AF-JOW", "AF-KAB", "AF-KAN", "AF-KAP", "AF-KDZ", "AF-KHO",
    "AF-KNR", "AF-LAG", "AF-LOG", "AF-NAN", "AF-NIM", "AF-NUR", "AF-PAN", "AF-PAR", "AF-PIA",
    "AF-PKA", "AF-SAM", "AF-SAR", "AF-TAK", "AF-URU", "AF-WAR", "AF-ZAB",
]  # fmt: skip

NAMES = {
    "AF-BAL": "Balkh", "AF-BAM": "Bamyan", "AF-BDG": "Badghis", "AF-BDS": "Badakhshan",
    "AF-BGL": "Baghlan", "AF-DAY": "Daykundi", "AF-FRA": "Farah", "AF-FYB": "Faryab",
    "AF-GHA": "Ghazni", "AF-GHO": "Ghor", "AF-HEL": "Helmand", "AF-HER": "Herat",
    "AF-JOW": "Jowzjan", "AF-KAB": "Kabul", "AF-KAN": "Kandahar", "AF-KAP": "Kapisa",
    "AF-KDZ": "Kunduz", "AF-KHO": "Khost", "AF-KNR": "Kunar", "AF-LAG": "Laghman",
    "AF-LOG": "Logar", "AF-NAN": "Nangarhar", "AF-NIM": "Nimruz", "AF-NUR": "Nuristan",
    "AF-PAN": "Panjshir", "AF-PAR": "Parwan", "AF-PIA": "Paktia", "AF-PKA": "Paktika",
    "AF-SAM": "Samangan", "AF-SAR": "Sar-e Pol", "AF-TAK": "Takhar", "AF-URU": "Uruzgan",
    "AF-WAR": "Maidan Wardak", "AF-ZAB": "Zabul",
}  # fmt: skip

# Provincial capitals, (latitude, longitude): GeoNames, except Firozkoh, Parun
# and Mahmud-i-Raqi (their Wikipedia articles).
CAPITALS = {
    "AF-BAL": ("Mazar-i-Sharif", 36.70904, 67.11087),
    "AF-BAM": ("Bamyan", 34.82156, 67.82734),
    "AF-BDG": ("Qala-i-Naw", 34.98735, 63.12891),
    "AF-BDS": ("Fayzabad", 37.11664, 70.58002),
    "AF-BGL": ("Pul-i-Khumri", 35.94458, 68.71512),
    "AF-DAY": ("Nili", 33.72178, 66.13023),
    "AF-FRA": ("Farah", 32.37451, 62.11638),
    "AF-FYB": ("Maymana", 35.92139, 64.78361),
    "AF-GHA": ("Ghazni", 33.55391, 68.42096),
    "AF-GHO": ("Firozkoh", 34.52250, 65.25167),
    "AF-HEL": ("Lashkar Gah", 31.59382, 64.37161),
    "AF-HER": ("Herat", 34.34817, 62.19967),
    "AF-JOW": ("Sheberghan", 36.66757, 65.75290),
    "AF-KAB": ("Kabul", 34.52813, 69.17233),
    "AF-KAN": ("Kandahar", 31.61332, 65.71013),
    "AF-KAP": ("Mahmud-i-Raqi", 35.02056, 69.33056),
    "AF-KDZ": ("Kunduz", 36.72895, 68.85700),
    "AF-KHO": ("Khost", 33.33951, 69.92041),
    "AF-KNR": ("Asadabad", 34.87311, 71.14697),
    "AF-LAG": ("Mihtarlam", 34.67139, 70.20944),
    "AF-LOG": ("Pul-i-Alam", 33.99529, 69.02274),
    "AF-NAN": ("Jalalabad", 34.42647, 70.45153),
    "AF-NIM": ("Zaranj", 30.95962, 61.86037),
    "AF-NUR": ("Parun", 35.41667, 70.91694),
    "AF-PAN": ("Bazarak", 35.31292, 69.51519),
    "AF-PAR": ("Charikar", 35.01361, 69.17139),
    "AF-PIA": ("Gardez", 33.59744, 69.22592),
    "AF-PKA": ("Sharana", 33.17568, 68.73045),
    "AF-SAM": ("Aybak", 36.26468, 68.01551),
    "AF-SAR": ("Sar-e Pol", 36.21544, 65.93249),
    "AF-TAK": ("Taloqan", 36.73605, 69.53451),
    "AF-URU": ("Tarinkot", 32.62998, 65.87806),
    "AF-WAR": ("Maidan Shahr", 34.39561, 68.86618),
    "AF-ZAB": ("Qalat", 32.10575, 66.90833),
}

HISTORY = {
    "AF-KHO": (1985, ["AF-PIA"]),
    "AF-SAR": (1988, ["AF-JOW"]),
    "AF-NUR": (1989, ["AF-LAG", "AF-KNR"]),
    "AF-PAN": (2004, ["AF-PAR"]),
    "AF-DAY": (2004, ["AF-URU"]),
}


@pytest.fixture(scope="module")
def raw() -> dict:
    return json.loads(GEOJSON.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def provinces():
    import geopandas as gpd

    return gpd.read_file(GEOJSON).set_index("code", drop=False)


def test_34_provinces_with_the_iso_codes_in_code_order(provinces) -> None:
    assert len(provinces) == 34
    assert list(provinces["code"]) == CODES


def test_wgs84(provinces) -> None:
    assert provinces.crs.to_epsg() == 4326
    minx, miny, maxx, maxy = provinces.total_bounds
    # Afghanistan: about 60.5-74.9 E, 29.4-38.5 N.
    assert 60 < minx < 61 and 74.5 < maxx < 75.5
    assert 29 < miny < 30 and 38 < maxy < 39


def test_properties_are_exactly_the_seven_documented(raw) -> None:
    for feature in raw["features"]:
        keys = list(feature["properties"])
        assert keys == ["code", "name", "name_fa", "name_ps", "aliases", "established",
                        "split_from"]


def test_dari_and_pashto_names_are_in_arabic_script(raw) -> None:
    arabic = re.compile(r"^[\u0600-\u06ff]+( [\u0600-\u06ff]+)*$")
    for feature in raw["features"]:
        props = feature["properties"]
        assert arabic.match(props["name_fa"]) and arabic.match(props["name_ps"]), props["code"]
        assert "ولایت" not in props["name_fa"] and "ولايت" not in props["name_ps"]


@pytest.mark.parametrize(("code", "fa", "ps", "aliases"), [
    # Where CLDR and iso3166-2 disagree: the choice, and the other spelling kept
    ("AF-KAN", "قندهار", "کندهار", []),  # the sources agree; the languages differ
    ("AF-KDZ", "کندوز", "کندز", ["قندوز"]),
    ("AF-KNR", "کنر", "کونړ", ["کنړ"]),
    ("AF-PAN", "پنجشیر", "پنجشېر", []),  # iso3166-2's Pashto spelling is the Dari name
    ("AF-URU", "ارزگان", "ارزګان", ["اروزگان", "روزګان"]),
    ("AF-WAR", "وردک", "وردګ", ["ميدان وردګ", "میدان وردک"]),
])  # fmt: skip
def test_the_choices_between_the_sources(raw, code, fa, ps, aliases) -> None:
    props = next(f["properties"] for f in raw["features"] if f["properties"]["code"] == code)
    assert (props["name_fa"], props["name_ps"]) == (fa, ps)
    assert [a for a in props["aliases"] if re.search("[\u0600-\u06ff]", a)] == aliases


def test_common_english_names(raw) -> None:
    got = {f["properties"]["code"]: f["properties"]["name"] for f in raw["features"]}
    assert got == NAMES


def test_geometries_are_valid_single_polygons(provinces) -> None:
    import shapely

    assert shapely.is_valid(provinces.geometry.values).all()
    assert set(provinces.geom_type) == {"Polygon"}
    assert not provinces.geometry.is_empty.any()


def test_rings_are_counter_clockwise_exteriors(provinces) -> None:
    # RFC 7946: exterior rings counter-clockwise.
    for geom in provinces.geometry:
        assert geom.exterior.is_ccw


def test_coverage_is_valid(provinces) -> None:
    import shapely

    assert shapely.coverage_is_valid(provinces.geometry.values)


def test_no_two_provinces_overlap(provinces) -> None:
    geoms = dict(zip(provinces["code"], provinces.geometry))
    for (a, ga), (b, gb) in itertools.combinations(geoms.items(), 2):
        assert ga.intersection(gb).area < 1e-9, f"{a} overlaps {b}"


def test_no_gaps_between_provinces(provinces) -> None:
    import shapely

    union = shapely.union_all(provinces.geometry.values)
    assert union.geom_type == "Polygon"
    assert len(union.interiors) == 0
    assert union.area == pytest.approx(shapely.area(provinces.geometry.values).sum(), abs=1e-9)


@pytest.mark.parametrize("code", CODES)
def test_capital_lies_inside_its_province(provinces, code: str) -> None:
    from shapely.geometry import Point

    city, lat, lon = CAPITALS[code]
    point = Point(lon, lat)
    inside = [c for c, geom in zip(provinces["code"], provinces.geometry) if geom.contains(point)]
    assert inside == [code], f"{city} ({lat}N {lon}E) falls in {inside}, not {code}"


def test_names_and_aliases_resolve_to_one_province_only(raw) -> None:
    owner: dict[str, str] = {}
    for feature in raw["features"]:
        props = feature["properties"]
        assert isinstance(props["aliases"], list)
        labels = [props["code"], props["name"], props["name_fa"], props["name_ps"],
                  *props["aliases"]]
        for label in labels:
            key = province_key(label)  # as afmap resolves names, in any script
            assert key, f"{label!r} folds to nothing"
            assert owner.setdefault(key, props["code"]) == props["code"], (
                f"{label!r} would name both {owner[key]} and {props['code']}"
            )


@pytest.mark.parametrize(
    ("code", "alias"),
    [
        ("AF-HEL", "Hilmand"), ("AF-HER", "Hirat"), ("AF-JOW", "Jawzjan"), ("AF-PIA", "Paktya"),
        ("AF-SAR", "Sari Pul"), ("AF-SAR", "Sar-i-Pul"), ("AF-WAR", "Wardak"), ("AF-WAR", "Wardag"),
        ("AF-NIM", "Nimroz"), ("AF-URU", "Oruzgan"), ("AF-URU", "Urozgan"), ("AF-GHO", "Ghōr"),
        ("AF-PAN", "Panjshayr"), ("AF-PAN", "Panjsher"), ("AF-KDZ", "Kondoz"),
        ("AF-KAN", "Qandahar"), ("AF-BAM", "Bamiyan"), ("AF-DAY", "Daikundi"),
        ("AF-DAY", "Day Kundi"), ("AF-KHO", "Khowst"), ("AF-KNR", "Konar"),
        ("AF-NAN", "Ningarhar"),
    ],
)  # fmt: skip
def test_common_spellings_are_aliases(raw, code: str, alias: str) -> None:
    props = next(f["properties"] for f in raw["features"] if f["properties"]["code"] == code)
    assert alias in props["aliases"]


def test_mislabelled_source_names_are_not_aliases(raw) -> None:
    # The source calls Panjshir "Parwan" and Daykundi "Uruzgan".
    props = {f["properties"]["code"]: f["properties"] for f in raw["features"]}
    assert "Parwan" not in props["AF-PAN"]["aliases"]
    assert "Uruzgan" not in props["AF-DAY"]["aliases"]


def test_established_and_split_from(raw) -> None:
    for feature in raw["features"]:
        props = feature["properties"]
        expected = HISTORY.get(props["code"], (None, None))
        assert (props["established"], props["split_from"]) == expected, props["code"]
        if props["split_from"] is not None:
            assert set(props["split_from"]) <= set(CODES)


def test_file_is_line_per_feature_and_small() -> None:
    text = GEOJSON.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == '{"type":"FeatureCollection","features":['
    assert lines[-1] == "]}"
    assert len(lines) == 34 + 2
    assert len(text.encode("utf-8")) < 300_000

"""Historical boundaries: which provinces existed on a date, and who held them."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from afmap.boundaries import chosen_parents, members, merge_frame, parents_on
from afmap.geodata import load_provinces, read_province_info

ROOT = Path(__file__).resolve().parents[1]
GEODATA = ROOT / "geodata" / "provinces.geojson"
TWO_SIDES = Path(__file__).resolve().parent / "data" / "beyond" / "two-sides.yaml"


@pytest.fixture(scope="module")
def infos():
    return read_province_info(GEODATA)


@pytest.fixture(scope="module")
def frame():
    return load_provinces(GEODATA)


@pytest.fixture(scope="module")
def chosen(infos, frame):
    return chosen_parents(infos, frame)


def test_nuristan_joins_the_parent_with_the_longest_border(chosen):
    assert chosen == {"AF-DAY": "AF-URU", "AF-KHO": "AF-PIA", "AF-NUR": "AF-KNR",
                      "AF-PAN": "AF-PAR", "AF-SAR": "AF-JOW"}


@pytest.mark.parametrize(("day", "merged"), [
    (dt.date(1984, 12, 31), {"AF-KHO": "AF-PIA", "AF-SAR": "AF-JOW", "AF-NUR": "AF-KNR",
                             "AF-PAN": "AF-PAR", "AF-DAY": "AF-URU"}),
    (dt.date(1985, 1, 1), {"AF-SAR": "AF-JOW", "AF-NUR": "AF-KNR", "AF-PAN": "AF-PAR",
                           "AF-DAY": "AF-URU"}),
    (dt.date(1988, 6, 1), {"AF-NUR": "AF-KNR", "AF-PAN": "AF-PAR", "AF-DAY": "AF-URU"}),
    (dt.date(1990, 7, 1), {"AF-PAN": "AF-PAR", "AF-DAY": "AF-URU"}),
    (dt.date(2003, 12, 31), {"AF-PAN": "AF-PAR", "AF-DAY": "AF-URU"}),
    (dt.date(2004, 1, 1), {}),
])
def test_parents_on_a_date(infos, chosen, day, merged):
    parents = parents_on(day, infos, chosen)
    assert len(parents) == 34
    assert {c: p for c, p in parents.items() if c != p} == merged


def test_members_and_merged_geometry(infos, chosen, frame):
    parents = parents_on(dt.date(1990, 7, 1), infos, chosen)
    assert members(parents)["AF-PAR"] == ["AF-PAR", "AF-PAN"]
    merged = merge_frame(frame, parents)
    assert len(merged) == 32
    assert "AF-PAN" not in set(merged["code"]) and "AF-DAY" not in set(merged["code"])
    parwan = merged.set_index("code").loc["AF-PAR"]
    assert parwan["includes"] == "AF-PAR | AF-PAN"
    by_code = frame.set_index("code").geometry
    expected = by_code["AF-PAR"].area + by_code["AF-PAN"].area
    assert parwan.geometry.area == pytest.approx(expected, rel=1e-6)
    assert parwan.geometry.geom_type == "Polygon"  # no sliver between the two


def test_control_1990_has_no_panjshir_or_daykundi_and_takes_the_parents_holder(invoke):
    result = invoke("control", "--date", "1990-07-01", "--scenario", TWO_SIDES,
                    "--geodata", GEODATA, "--format", "json", "--historical-boundaries")
    assert result.exit_code == 0, result.output
    rows = {r["code"]: r for r in json.loads(result.stdout)}
    assert len(rows) == 32
    assert "AF-PAN" not in rows and "AF-DAY" not in rows
    assert rows["AF-PAR"]["faction"] == "blue"   # Panjshir's own 'red' gives way to Parwan
    assert rows["AF-URU"]["faction"] == "red"    # Daykundi's 'blue' gives way to Uruzgan


def test_control_without_the_option_keeps_34_rows(invoke):
    result = invoke("control", "--date", "1990-07-01", "--scenario", TWO_SIDES,
                    "--geodata", GEODATA, "--format", "json")
    rows = {r["code"]: r for r in json.loads(result.stdout)}
    assert len(rows) == 34
    assert rows["AF-PAN"]["faction"] == "red" and rows["AF-DAY"]["faction"] == "blue"


def test_html_map_1990_has_no_separate_panjshir_or_daykundi(invoke, tmp_path):
    out = tmp_path / "m.html"
    result = invoke("render", "--date", "1990-07-01", "--scenario", TWO_SIDES, "--geodata",
                    GEODATA, "--out", out, "--historical-boundaries")
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert '"code":"AF-PAR"' in text and '"code":"AF-URU"' in text
    assert '"code":"AF-PAN"' not in text and '"code":"AF-DAY"' not in text
    plain = tmp_path / "p.html"
    invoke("render", "--date", "1990-07-01", "--scenario", TWO_SIDES, "--geodata", GEODATA,
           "--out", plain)
    assert '"code":"AF-PAN"' in plain.read_text(encoding="utf-8")


def test_historical_boundaries_need_a_date(invoke, tmp_path):
    result = invoke("render", "--scenario", TWO_SIDES, "--geodata", GEODATA,
                    "--out", tmp_path / "t.html", "--historical-boundaries")
    assert result.exit_code == 2
    assert "--historical-boundaries need --year or --date" in result.stderr
    assert not (tmp_path / "t.html").exists()


def test_a_parent_outside_the_file_is_passed_over(invoke, tmp_path):
    # Panjshir names Parwan; a file without Parwan draws Panjshir as itself on every
    # date, so what check accepts, --historical-boundaries draws too.
    data = json.loads(GEODATA.read_text(encoding="utf-8"))
    data["features"] = [f for f in data["features"] if f["properties"]["code"] != "AF-PAR"]
    path = tmp_path / "no-parwan.geojson"
    path.write_text(json.dumps(data), encoding="utf-8")
    frame = load_provinces(path)
    chosen = chosen_parents(read_province_info(path), frame)
    assert "AF-PAN" not in chosen and chosen["AF-DAY"] == "AF-URU"
    scenario = tmp_path / "s.yaml"
    scenario.write_text("factions:\n  a: {name: A, color: teal}\nperiods:\n"
                        "  - {name: p, start: 1990-01-01, default: a}\n", encoding="utf-8")
    result = invoke("control", "--year", "1995", "--historical-boundaries", "--format", "json",
                    "--scenario", scenario, "--geodata", path)
    assert result.exit_code == 0, result.stderr
    codes = {row["code"] for row in json.loads(result.stdout)}
    assert "AF-PAN" in codes and "AF-DAY" not in codes

"""afmap stats: areas and shares per faction on every change date, and the chart."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections import defaultdict
from pathlib import Path

import pytest

from afmap.geodata import load_provinces
from afmap.progress import track

ROOT = Path(__file__).resolve().parents[1]
GEODATA = ROOT / "geodata" / "provinces.geojson"
DATA = Path(__file__).resolve().parent / "data"
TWO_SIDES = DATA / "beyond" / "two-sides.yaml"
HOSTILE = DATA / "beyond" / "hostile"
SCENARIOS = ROOT / "scenarios"


@pytest.fixture(scope="module")
def km2() -> dict[str, float]:
    """Province areas computed here, independently, in the same equal-area CRS."""
    frame = load_provinces(GEODATA)
    return dict(zip(frame["code"], frame.to_crs("EPSG:6933").geometry.area / 1e6))


def stats_json(invoke, *args) -> list[dict]:
    result = invoke("stats", "--geodata", GEODATA, "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def by_date(rows: list[dict]) -> dict[str, dict[str, dict]]:
    out: dict[str, dict[str, dict]] = defaultdict(dict)
    for r in rows:
        out[r["date"]][r["faction"]] = r
    return out


def test_rows_per_change_date_and_shares_sum_to_one(invoke):
    rows = stats_json(invoke, "--scenario", TWO_SIDES)
    dates = by_date(rows)
    assert list(dates) == ["1990-01-01", "1992-01-01", "1993-01-01", "1994-01-01", "1995-01-01"]
    for day, factions in dates.items():
        assert sum(r["area_share"] for r in factions.values()) == pytest.approx(1.0, abs=1e-5), day
        assert "no-data" in factions
    assert set(rows[0]) == {"date", "faction", "faction_name", "area_km2", "area_share",
                            "contested_km2", "contested_share"}


def test_areas_are_the_equal_area_sums(invoke, km2):
    dates = by_date(stats_json(invoke, "--scenario", TWO_SIDES))
    total = sum(km2.values())
    assert total == pytest.approx(642_178, rel=1e-3)
    # 1990: Parwan, Daykundi and the contested Badakhshan are blue (contested counts for its holder)
    blue_1990 = km2["AF-PAR"] + km2["AF-DAY"] + km2["AF-BDS"]
    assert dates["1990-01-01"]["blue"]["area_km2"] == pytest.approx(blue_1990, abs=0.1)
    assert dates["1990-01-01"]["blue"]["area_share"] == pytest.approx(blue_1990 / total, abs=1e-6)
    assert dates["1990-01-01"]["red"]["area_km2"] == pytest.approx(total - blue_1990, abs=0.1)
    assert dates["1990-01-01"]["no-data"]["area_share"] == 0
    # of it, Badakhshan is contested: counted for blue, and apart as contested
    assert dates["1990-01-01"]["blue"]["contested_km2"] == pytest.approx(km2["AF-BDS"], abs=0.1)
    assert dates["1990-01-01"]["blue"]["contested_share"] == pytest.approx(km2["AF-BDS"] / total, abs=1e-6)
    assert dates["1990-01-01"]["red"]["contested_km2"] == 0
    blue_1992 = km2["AF-KAB"] + km2["AF-BDS"]
    assert dates["1992-01-01"]["blue"]["area_km2"] == pytest.approx(blue_1992, abs=0.1)
    # the gap: nothing covers 1993, so all of it is no-data
    assert dates["1993-01-01"] == {"no-data": {
        "date": "1993-01-01", "faction": "no-data", "faction_name": "No data",
        "area_km2": pytest.approx(total, abs=0.1), "area_share": 1.0,
        "contested_km2": 0.0, "contested_share": 0.0}}
    kabul_share = km2["AF-KAB"] / total
    assert dates["1994-01-01"]["red"]["area_share"] == pytest.approx(kabul_share, abs=1e-6)


def test_historical_boundaries_give_merged_land_to_the_parents_holder(invoke, km2):
    dates = by_date(stats_json(invoke, "--scenario", TWO_SIDES, "--historical-boundaries"))
    # Panjshir (red) joins Parwan (blue); Daykundi (blue) joins Uruzgan (red)
    blue = km2["AF-PAR"] + km2["AF-PAN"] + km2["AF-BDS"]
    assert dates["1990-01-01"]["blue"]["area_km2"] == pytest.approx(blue, abs=0.1)
    assert sum(r["area_share"] for r in dates["1990-01-01"].values()) == pytest.approx(1, abs=1e-5)


def test_csv_and_table(invoke):
    result = invoke("stats", "--scenario", TWO_SIDES, "--geodata", GEODATA, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == ["date", "faction", "faction_name", "area_km2", "area_share",
                             "contested_km2", "contested_share"]
    assert rows[0]["date"] == "1990-01-01" and rows[0]["faction"] == "red"
    table = invoke("stats", "--scenario", TWO_SIDES, "--geodata", GEODATA).stdout
    assert table.splitlines()[0].split() == ["DATE", "FACTION", "AREA_KM2", "SHARE", "CONTESTED"]
    assert "1993-01-01  no-data" in table and "100.0%" in table


def test_help_says_how_contested_provinces_count(invoke):
    text = invoke("stats", "--help").stdout
    assert "contested" in text and "counts wholly for its holder" in text.replace("\n", " ")


def test_out_writes_a_file(invoke, tmp_path):
    out = tmp_path / "s.csv"
    result = invoke("stats", "--scenario", TWO_SIDES, "--geodata", GEODATA, "--format", "csv",
                    "--out", out)
    assert result.stdout == f"wrote {out}\n"
    assert out.read_text(encoding="utf-8").startswith("date,faction,")


def test_png_chart_size_and_colours(invoke, tmp_path):
    from PIL import Image

    out = tmp_path / "chart.png"
    result = invoke("stats", "--scenario", TWO_SIDES, "--geodata", GEODATA, "--format", "png",
                    "--out", out)
    assert result.exit_code == 0, result.output
    image = Image.open(out).convert("RGB")
    assert image.size == (1753, 1050)
    colours = {c for _, c in image.getcolors(maxcolors=1 << 24)}
    assert len(colours) > 100                      # not blank: text, fills, hatching
    assert (0xd6, 0x27, 0x28) in colours and (0x1f, 0x77, 0xb4) in colours  # the two factions


def test_svg_chart_is_deterministic_and_safe_with_hostile_names(invoke, tmp_path):
    a, b = tmp_path / "a.svg", tmp_path / "b.svg"
    for out in (a, b):
        result = invoke("stats", "--scenario", HOSTILE, "--geodata", GEODATA, "--format", "svg",
                        "--out", out)
        assert result.exit_code == 0, result.output
    assert a.read_bytes() == b.read_bytes()
    text = a.read_text(encoding="utf-8")
    assert "<dc:date>" not in text
    assert "<script" not in text


def test_no_progress_bar_when_piped(invoke):
    result = invoke("stats", "--scenario", TWO_SIDES, "--geodata", GEODATA, "--format", "csv")
    assert "Counting areas" not in result.output
    assert "Counting areas" not in result.stderr


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_on_a_terminal_only():
    tty, pipe = _Terminal(), io.StringIO()
    days = [dt.date(2000, 1, d) for d in range(1, 11)]
    assert list(track(days, "Counting areas", tty)) == days
    assert list(track(days, "Counting areas", pipe)) == days
    assert "Counting areas" in tty.getvalue() and "10/10" in tty.getvalue()
    assert pipe.getvalue() == ""


# --- Against the shipped scenarios in scenarios/ (written by another engineer; these pass
# --- once scenarios/ covers 1996-2001).

def _share_on(rows: list[dict], day: str, faction: str) -> float:
    current = [r for r in rows if r["date"] <= day]
    last = max(r["date"] for r in current)
    return sum(r["area_share"] for r in current if r["date"] == last and r["faction"] == faction)


def test_shipped_taliban_hold_more_than_the_united_front_in_mid_1998(invoke):
    rows = stats_json(invoke, "--scenario", SCENARIOS)
    taliban = _share_on(rows, "1998-07-01", "taliban")
    united_front = _share_on(rows, "1998-07-01", "united-front")
    assert taliban > united_front > 0
    for factions in by_date(rows).values():
        assert sum(r["area_share"] for r in factions.values()) == pytest.approx(1.0, abs=1e-5)

"""afmap compare A B: two scenarios side by side in one offline HTML page."""

from __future__ import annotations

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GEODATA = ROOT / "geodata" / "provinces.geojson"
BEYOND = Path(__file__).resolve().parent / "data" / "beyond"
TWO_SIDES, RIVAL, HOSTILE = BEYOND / "two-sides.yaml", BEYOND / "rival", BEYOND / "hostile"


def compare(invoke, out: Path, a: Path = TWO_SIDES, b: Path = RIVAL,
            *args: str) -> str:
    result = invoke("compare", a, b, "--date", "1992-06-01", "--geodata", GEODATA,
                    "--out", out, *args)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"wrote {out}\n"
    return out.read_text(encoding="utf-8")


def page_data(text: str) -> dict:
    m = re.search(r'<script type="application/json" id="afmap-compare-data">(.*?)</script>',
                  text, re.S)
    assert m
    return json.loads(m.group(1))


def test_two_maps_and_the_disagreements(invoke, tmp_path):
    from afmap.pageformat import decode

    text = compare(invoke, tmp_path / "c.html")
    assert 'id="cmp-map-0"' in text and 'id="cmp-map-1"' in text
    data = page_data(text)
    # Kabul: blue vs red; Balkh: red vs blue; Badakhshan: controlled vs contested
    assert data["disagree"] == ["AF-BAL", "AF-BDS", "AF-KAB"]
    assert [s["title"] for s in data["sides"]] == ["Two sides", "Rival account"]
    assert all(s["mode"] == "timeline" and s["geometry"] is None for s in data["sides"])
    assert len(data["geometry"]["shapes"]) == 34  # once, for both
    assert data["dates"] == sorted(set(data["sides"][0]["dates"]) | set(data["sides"][1]["dates"]))
    rival = data["sides"][1]
    bds = [p["code"] for p in rival["provinces"]].index("AF-BDS")
    states = decode(rival)["states"]
    contested = [states[c["state"]] for c in decode(rival)["changes"][bds] if c["state"] >= 0]
    assert any(s["contested"] for s in contested)
    assert data["day"] == "1992-06-01"


def test_self_contained_no_remote_scripts_or_styles(invoke, tmp_path):
    text = compare(invoke, tmp_path / "c.html")
    assert not re.search(r'<(script|link)[^>]+(src|href)="https?:', text)
    assert "L.map(" in text and "Leaflet 1.9.3" in text
    assert "var AfmapView" in text and "var AfmapState" in text  # the main map's modules
    assert "setView(from.getCenter(),from.getZoom()" in text  # minified


def test_identical_scenarios_do_not_disagree(invoke, tmp_path):
    data = page_data(compare(invoke, tmp_path / "c.html", TWO_SIDES, TWO_SIDES))
    assert data["disagree"] == []


def test_deterministic(invoke, tmp_path):
    assert compare(invoke, tmp_path / "a.html") == compare(invoke, tmp_path / "b.html")


def test_hostile_text_is_escaped(invoke, tmp_path):
    text = compare(invoke, tmp_path / "h.html", HOSTILE, TWO_SIDES)
    assert "<script>alert(" not in text
    assert "<img src=x" not in text
    assert "&lt;/script&gt;&lt;script&gt;alert(&#x27;title&#x27;)" in text   # in <title>
    data = page_data(text)
    evil = next(f for f in data["sides"][0]["factions"] if f["id"] == "evil")
    assert evil["name"].startswith("</script><script>")
    assert any("{{data}}" in note for note in data["sides"][0]["notes"])   # not substituted


def test_names_call_the_two_accounts(invoke, tmp_path):
    text = compare(invoke, tmp_path / "c.html", TWO_SIDES, RIVAL, "--names", "Ours", "<b>Theirs")
    assert [s["title"] for s in page_data(text)["sides"]] == ["Ours", "<b>Theirs"]
    assert "<title>Ours / &lt;b&gt;Theirs: 1992-06-01</title>" in text


def test_default_path(invoke, in_tmp):
    result = invoke("compare", TWO_SIDES, RIVAL, "--year", "1992")
    assert result.exit_code == 0, result.output
    assert result.stdout == "wrote output/afmap-compare-1992.html\n"


def test_a_broken_scenario_writes_nothing(invoke, tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("periods: [{name: x, start: 1992-01-01, default: nobody}]\n",
                      encoding="utf-8")
    out = tmp_path / "c.html"
    result = invoke("compare", TWO_SIDES, broken, "--year", "1992", "--geodata", GEODATA,
                    "--out", out)
    assert result.exit_code == 1
    assert "nobody" in result.stderr
    assert not out.exists()

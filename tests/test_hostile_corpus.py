"""The hostile corpus through every command and format: text stays text.

Template syntax, payloads, mathtext and markup in every text field of a
scenario and of the geodata must come out verbatim wherever an output carries
text, and nothing may run: the payloads would create ``afmap-pwned``.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from pathlib import Path

import pytest
from browser.mappage import page_data
from hostile import (
    ALIAS,
    HOSTILE_SCENARIO,
    NAME_SUFFIX,
    PWNED,
    hostile_geodata,
    scenario_texts,
    strings_in,
)

TEXTS = scenario_texts()
#: The texts a reader meets on 1 July 1992 (the second period starts in 1993).
TEXTS_1992 = [t for t in TEXTS if not t.startswith("Second")]


@pytest.fixture
def geo(in_tmp: Path) -> Path:
    return hostile_geodata(in_tmp)


@pytest.fixture
def run(invoke, geo: Path, in_tmp: Path):
    """``afmap ARGS`` on the hostile scenario and geodata; asserts success, nothing ran."""

    def go(*args: str, scenario: bool = True) -> str:
        extra = ["--scenario", str(HOSTILE_SCENARIO)] if scenario else []
        result = invoke(*args, *extra, "--geodata", str(geo))
        assert result.exit_code == 0, result.stderr
        assert result.stderr == ""
        assert not (in_tmp / PWNED).exists(), "a payload ran"
        return result.stdout

    return go


def test_corpus_is_valid_and_carries_template_syntax_in_every_text():
    assert len(TEXTS) >= 15
    assert all(re.search(r"\{\{|\{%|\{#|\$", t) for t in TEXTS if not t.startswith("Good"))


def test_check_accepts_it(run):
    assert run("check", str(HOSTILE_SCENARIO), scenario=False).endswith(": ok\n")


@pytest.mark.parametrize("args", [["--year", "1992"], []], ids=["single", "timeline"])
def test_html_maps_carry_every_text_verbatim(run, in_tmp, args):
    run("render", *args, "--out", "map.html")
    page = (in_tmp / "map.html").read_text(encoding="utf-8")
    strings = strings_in(page_data(page))
    wanted = TEXTS_1992 if args else TEXTS
    # the faction's own note and sources and the file's description are not shown on maps
    missing = [t for t in wanted if t not in strings
               and not t.startswith(("Description", "Faction note", "Faction source"))]
    assert missing == []
    names = [p["name"] for p in page_data(page)["provinces"]]
    assert all(n.endswith(NAME_SUFFIX) for n in names)
    assert "<title>" + html.escape(TEXTS[0]) in page


def _svg_texts(svg: str) -> list[str]:
    """The text lines of a matplotlib SVG (fonts as paths, each line as a comment)."""
    return [html.unescape(c) for c in re.findall(r"<!-- (.*?) -->", svg)]


def test_static_map_prints_title_names_and_labels_as_written(run, in_tmp):
    run("render", "--year", "1992", "--format", "svg", "--out", "map.svg")
    lines = _svg_texts((in_tmp / "map.svg").read_text(encoding="utf-8"))
    assert TEXTS[0] in lines
    assert "Evil {{7*7}} </script><script>" in lines   # the legend, wrapped at 30 characters
    assert "$\\alpha$" in lines
    assert not [line for line in lines if "49" in line]
    run("render", "--year", "1992", "--format", "png", "--out", "map.png")
    assert (in_tmp / "map.png").read_bytes()[:4] == b"\x89PNG"


@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_stats_chart_renders(run, in_tmp, fmt):
    run("stats", "--format", fmt, "--out", f"stats.{fmt}")
    if fmt == "svg":
        lines = _svg_texts((in_tmp / "stats.svg").read_text(encoding="utf-8"))
        assert any("Evil {{7*7}}" in line for line in lines)


def test_control_json_and_csv_carry_the_claims_verbatim(run):
    rows = json.loads(run("control", "--year", "1992", "--format", "json"))
    kabul = next(r for r in rows if r["code"] == "AF-KAB")
    assert kabul["note"] == TEXTS[TEXTS.index(kabul["note"])]
    assert kabul["note"].startswith("Note {{7*7}} {% for x")
    assert kabul["sources"][0].startswith("Source {{cite web |url=")
    assert kabul["province"] == "Kabul" + NAME_SUFFIX
    table = list(csv.DictReader(io.StringIO(run("control", "--year", "1992", "--format", "csv"))))
    assert next(r for r in table if r["code"] == "AF-KAB")["note"] == kabul["note"]
    assert "Kabul {{7*7}}" in run("control", "--year", "1992")


def test_stats_and_diff_name_factions_verbatim(run):
    stats = json.loads(run("stats", "--format", "json"))
    assert any(r["faction_name"].startswith("Evil {{7*7}} </script>") for r in stats)
    diff = run("diff", "1992-06-01", "1993-06-01", "--format", "json")
    assert "Evil {{7*7}} </script>" in diff and "Balkh {{7*7}}" in diff


@pytest.mark.parametrize("fmt", ["geojson", "gpkg", "csv"])
def test_exports_carry_the_claims_verbatim(run, in_tmp, fmt):
    import geopandas

    run("export", "--year", "1992", "--format", fmt, "--out", f"x.{fmt}")
    if fmt == "csv":
        frame = list(csv.DictReader((in_tmp / "x.csv").open(encoding="utf-8")))
        notes = {r["note"] for r in frame}
    else:
        frame = geopandas.read_file(in_tmp / f"x.{fmt}")
        notes = set(frame["note"].dropna())
    assert any(n.startswith("Note {{7*7}} {% for x") for n in notes)


def test_compare_page_carries_both_accounts_verbatim(run, in_tmp):
    run("compare", str(HOSTILE_SCENARIO), str(HOSTILE_SCENARIO), "--year", "1992",
        "--out", "cmp.html", scenario=False)
    page = (in_tmp / "cmp.html").read_text(encoding="utf-8")
    data = json.loads(re.search(r'id="afmap-compare-data">(.*?)</script>', page, re.DOTALL).group(1))
    strings = strings_in(data)
    assert [t for t in TEXTS_1992 if t.startswith(("Note", "Source", "Evil {{7*7}} </script>"))
            and t not in strings] == []


def test_a_province_named_by_a_hostile_alias_resolves(run, write):
    path = write(f"""\
        factions:
          a: {{name: "A", color: "#123456"}}
        periods:
          - name: p
            start: 1990-01-01
            default: a
            control:
              "AF-KAB {ALIAS}": a
        """, name="alias.yaml")
    assert run("check", str(path), scenario=False).endswith(": ok\n")
    rows = json.loads(run("control", "--year", "1992", "--scenario", str(path),
                          "--format", "json", scenario=False))
    assert next(r for r in rows if r["code"] == "AF-KAB")["faction"] == "a"

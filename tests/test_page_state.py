"""The page's state module (templates/afmap-state.js), run in Node apart from any page.

It decodes the data block as :func:`afmap.pageformat.decode` does (one
written format, :data:`afmap.pageformat.FORMAT`), and says what changes
between two dates exactly where the timeline says so.
"""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from browser.mapcases import load_provinces, sample_timeline, simple_timeline
from browser.mappage import look, page_data, state_at
from helpers import ROOT

from afmap.htmlmap import render_map_html
from afmap.pageformat import FORMAT, decode, pack, unpack

STATE_JS = ROOT / "src" / "afmap" / "templates" / "afmap-state.js"
NODE = shutil.which("node")


def in_node(data: dict, script: str, tmp_path) -> object:
    """Run ``script`` (a function body of ``S`` the module and ``data``) in Node; its JSON result."""
    if NODE is None:
        pytest.fail("these tests need Node.js (node) on PATH", pytrace=False)
    (tmp_path / "data.json").write_text(json.dumps(data), encoding="utf-8")
    program = (f"const S = require({json.dumps(str(STATE_JS))});\n"
               f"const data = JSON.parse(require('fs').readFileSync({json.dumps(str(tmp_path / 'data.json'))}, 'utf8'));\n"
               "if (data && data.languages) { S.AfmapText.choose(data, ''); }\n"
               f"process.stdout.write(JSON.stringify((function () {{ {script} }})()));\n")
    out = subprocess.run([NODE, "-e", program], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


@pytest.fixture(scope="module")
def provinces():
    return load_provinces()


@pytest.fixture(scope="module")
def sample_page(provinces):
    return page_data(render_map_html(sample_timeline(provinces, n_dates=60), provinces,
                                     day=None, title="t"))


def test_the_page_carries_the_format_it_was_written_in(sample_page):
    assert sample_page["format"] == FORMAT


def test_node_decodes_what_python_decodes(sample_page, tmp_path):
    node = in_node(sample_page, """
        const m = S.decode(data);
        return {states: m.states, srcsets: m.srcsets, eras: m.eras,
                periods: m.periodRows.map((row, k) => S.period(m, k)),
                changes: m.provinces.map(p => p.changes.map(c => c.day))};""", tmp_path)
    py = decode(sample_page)
    assert node["states"] == py["states"]
    assert node["srcsets"] == py["srcsets"]
    assert node["periods"] == py["periods"]
    assert node["eras"] == py["eras"]
    assert node["changes"] == [[c["day"] for c in rows] for rows in py["changes"]]


def test_changed_lists_exactly_the_provinces_that_look_different(sample_page, tmp_path):
    pairs = [(0, 1), (0, 30), (12, 13), (59, 0), (-1, 5)]
    node = in_node(sample_page, f"""
        const m = S.decode(data);
        return {json.dumps(pairs)}.map(([i, j]) => S.changed(m, i, j));""", tmp_path)
    for (i, j), got in zip(pairs, node):
        a, b = state_at(sample_page, i), state_at(sample_page, j)
        assert got == [k for k in range(34) if look(a[k]) != look(b[k])]
    assert any(node)


def test_touched_holds_every_province_that_can_differ(sample_page, tmp_path):
    pairs = [(0, 1), (3, 9), (9, 3), (-1, 2), (20, 20)]
    got = in_node(sample_page, f"""
        const m = S.decode(data);
        return {json.dumps(pairs)}.map(([i, j]) => S.touched(m, i, j));""", tmp_path)
    for (i, j), ks in zip(pairs, got):
        a, b = state_at(sample_page, i), state_at(sample_page, j)
        assert {k for k in range(34) if a[k] != b[k]} <= set(ks), (i, j)
        lo, hi = min(i, j), max(i, j)
        assert set(ks) == {k for k, rows in enumerate(decode(sample_page)["changes"])
                           if any(lo < c["day"] <= hi for c in rows)}
    assert got[-1] == []


def test_a_province_described_for_a_screen_reader(provinces, tmp_path):
    data = page_data(render_map_html(simple_timeline(provinces), provinces, day=None, title="t"))
    names = in_node(data, """
        const m = S.decode(data);
        return m.provinces.map(p => S.describe(m, p, S.stateOf(p, 0)));""", tmp_path)
    assert "Bamyan: United Front (Northern Alliance), contested by Taliban (Islamic Emirate), " \
        "since 27 September 1996" in names
    assert len(names) == 34


def test_events_are_indexed_by_the_date_whose_span_holds_them(sample_page, tmp_path):
    got = in_node(sample_page, "const m = S.decode(data); "
                  "return m.dates.map((d, i) => S.eventsOf(m, i).map(e => e.name));", tmp_path)
    dates = sample_page["dates"]
    for i, names in enumerate(got):
        hi = dates[i + 1] if i + 1 < len(dates) else "9999"
        assert names == [e["name"] for e in sample_page["events"] if dates[i] <= e["date"] < hi]


@pytest.mark.parametrize("table,records", [
    ("state", [(0, 1, [2, 3], 4, -1, 0), (5, 0, [], -1, 7, -1)]),
    ("change", [(0, 3), (4, -1), (90, 2)]),
    ("srcset", [([1, 2, 3],), ([],)]),
])
def test_pack_and_unpack_agree(table, records):
    names = [f.rstrip("[]+") for f in FORMAT[table]]
    assert unpack(table, pack(table, records)) == [dict(zip(names, r)) for r in records]


# --- The page's words: AfmapText writes dates and strings as afmap.i18n does --------------

EDTF_SAMPLES = ["2001-11-13", "1998-08", "1998-08?", "1998-21", "1998-22~", "1998-23%",
                "1998-24", "1995", "1995?", "199X", "19XX", "1998-XX", "1979-12-27~"]


@pytest.mark.parametrize("code", ["en", "fa", "ps"])
def test_dates_in_words_agree_with_python(code, tmp_path):
    from afmap.edtfdates import parse
    from afmap.i18n import language

    lang = language(code)
    tokens = [parse(t).token() for t in EDTF_SAMPLES]
    data = {"lang": code, "languages": {code: lang.page_strings()}, "tokens": tokens}
    got = in_node(data, "return data.tokens.map(S.AfmapText.when);", tmp_path)
    assert got == [lang.when(parse(t)) for t in EDTF_SAMPLES]
    assert in_node(data, "return S.AfmapText.when(null);", tmp_path) == lang.day(None)


def test_strings_fill_numbers_in_the_language_digits_and_isolate_names(tmp_path):
    from afmap.i18n import language

    langs = {c: language(c).page_strings() for c in ("en", "fa")}
    script = """
        var out = [S.AfmapText.t("change count", {number: 12, total: 345})];
        S.AfmapText.choose(data, "?lang=fa");
        out.push(S.AfmapText.t("change count", {number: 12, total: 345}));
        out.push(S.AfmapText.t("map label", {title: "Kabul (city)"}));
        S.AfmapText.choose(data, "?lang=xx");
        out.push(S.AfmapText.t("change count", {number: 1, total: 2}));
        return out;"""
    got = in_node({"lang": "en", "languages": langs}, script, tmp_path)
    assert got == ["change 12 of 345", "تغییر ۱۲ از ۳۴۵", "نقشه: \u2068Kabul (city)\u2069",
                   "change 1 of 2"]

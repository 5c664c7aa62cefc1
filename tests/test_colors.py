"""One colour rule: what `check` accepts every renderer draws; what it refuses has a position."""

from __future__ import annotations

import pytest
from browser.mappage import page_data
from helpers import GEODATA

from afmap.colors import ColorError, parse_color

#: Colour text -> the CSS afmap writes for it.
ACCEPTED = {
    "#3a3a3a": "#3a3a3a",
    "#abc": "#aabbcc",
    "#2b6cb080": "rgba(43,108,176,0.502)",
    "Teal": "#008080",
    "rebeccapurple": "#663399",
    "transparent": "rgba(0,0,0,0)",
    "rgb(1,2,3)": "#010203",
    "rgba(10, 20, 30, 0.5)": "rgba(10,20,30,0.5)",
    "rgb(1 2 3 / 50%)": "rgba(1,2,3,0.5)",
    "RGB(300, -5, 3)": "#ff0003",      # out-of-range channels are clamped, as CSS does
    "hsl(120deg, 50%, 50%)": "#40bf40",
    "hsl(120 50% 50%)": "#40bf40",
    "hsla(240, 100%, 50%, .25)": "rgba(0,0,255,0.25)",
    "hwb(120 10% 10%)": "#1ae61a",
    "color(srgb 1 0 0)": "#ff0000",
}

EXAMPLES = "use e.g. '#2b6cb0' or 'teal'"
#: Colour text -> what `afmap check` says of it.
REFUSED = {
    "rgb(,,,)": f"'rgb(,,,)' is not a CSS colour; {EXAMPLES}",
    "#3a3a3g": f"'#3a3a3g' is not a CSS colour; {EXAMPLES}",
    "dark grey": f"'dark grey' is not a CSS colour; {EXAMPLES}",
    "inherit": f"'inherit' is not a CSS colour; {EXAMPLES}",
    "red;background:url(x)": f"'red;background:url(x)' is not a CSS colour; {EXAMPLES}",
    "rgb(" + "1, " * 30 + "1)": f"'rgb({'1, ' * 30}1)' is not a CSS colour; {EXAMPLES}",
    "currentcolor": "'currentcolor' has no colour of its own (it takes the colour of the text "
                    f"around it); {EXAMPLES}",
    "currentColor": "'currentColor' has no colour of its own (it takes the colour of the text "
                    f"around it); {EXAMPLES}",
    "lab(50% 40 59)": "'lab(50% 40 59)' is in the lab colour space, and afmap draws in sRGB; "
                      + EXAMPLES,
    "oklch(0.7 0.1 120)": "'oklch(0.7 0.1 120)' is in the oklch colour space, and afmap draws "
                          f"in sRGB; {EXAMPLES}",
    "color(display-p3 1 0 0)": "'color(display-p3 1 0 0)' is in the display-p3 colour space, "
                               f"and afmap draws in sRGB; {EXAMPLES}",
    "rgb(" + "1" * 100 + ",2,3)": "colour is 109 characters long; the limit is 100 "
                                  f"({EXAMPLES})",
}


@pytest.mark.parametrize("text, css", ACCEPTED.items())
def test_accepted_colour_is_written_as_afmaps_own_css(text, css):
    assert parse_color(text).css == css


def test_alpha_and_darkness():
    assert parse_color("rgb(1 2 3 / 50%)").rgba == (1 / 255, 2 / 255, 3 / 255, 0.5)
    assert parse_color("#111").is_dark() and not parse_color("#eee").is_dark()
    assert not parse_color("transparent").is_dark()      # over a white page
    with pytest.raises(ColorError, match="is not a CSS colour"):
        parse_color("rgb(,,,)")


def _scenario(colours: list[str]) -> str:
    provinces = ["Kabul", "Herat", "Helmand", "Kandahar", "Balkh", "Badakhshan", "Bamyan",
                 "Ghazni", "Paktia", "Nangarhar", "Kunduz", "Faryab", "Ghor", "Farah", "Zabul",
                 "Logar"]
    lines = ["title: Colours", "factions:"]
    lines += [f"  f{i}: {{name: 'F{i}', color: '{c}'}}" for i, c in enumerate(colours)]
    lines += ["periods:", "  - name: P", "    start: 1996-01-01", "    default: f0",
              "    control:"]
    lines += [f"      {p}: f{i}" for i, p in enumerate(provinces[:len(colours)])]
    lines += ["      Uruzgan: {faction: f0, status: contested, contested_by: [f5, f4, f13]}"]
    return "\n".join(lines) + "\n"


def test_check_refuses_each_bad_colour_at_its_position(invoke, write, tmp_path, monkeypatch):
    lines = write(_scenario(list(REFUSED))).read_text(encoding="utf-8").splitlines()
    monkeypatch.chdir(tmp_path)
    result = invoke("check", "s.yaml", "--geodata", GEODATA)
    assert result.exit_code == 1
    expected = [f"s.yaml:{3 + i}:{lines[2 + i].index('color: ') + 8}: {message}"
                for i, message in enumerate(REFUSED.values())]
    assert result.stderr.splitlines()[:len(REFUSED)] == expected


@pytest.fixture
def colourful(write):
    """A scenario whose factions wear every accepted colour form."""
    return write(_scenario(list(ACCEPTED)), "colours.yaml")


def test_every_accepted_colour_passes_check(invoke, colourful):
    result = invoke("check", colourful, "--geodata", GEODATA)
    assert (result.exit_code, result.stderr) == (0, "")


def test_html_map_carries_only_afmaps_css(invoke, colourful, tmp_path):
    for args in (["--year", "1996"], []):
        out = tmp_path / "map.html"
        result = invoke("render", "--scenario", colourful, "--geodata", GEODATA, "--out", out,
                        *args)
        assert result.exit_code == 0, result.output
        data = page_data(out)
        assert [f["color"] for f in data["factions"]] == list(ACCEPTED.values())
        page = out.read_text(encoding="utf-8")
        for text, css in ACCEPTED.items():
            assert text == css or f"'{text}'" not in page and f'"{text}"' not in page


def test_compare_page_carries_only_afmaps_css(invoke, colourful, tmp_path):
    out = tmp_path / "compare.html"
    result = invoke("compare", colourful, colourful, "--year", "1996", "--geodata", GEODATA,
                    "--out", out)
    assert result.exit_code == 0, result.output
    assert "rgba(43,108,176,0.502)" in out.read_text(encoding="utf-8")
    assert "#2b6cb080" not in out.read_text(encoding="utf-8")


def test_png_map_draws_every_colour_form(invoke, colourful, tmp_path):
    from PIL import Image

    out = tmp_path / "m.png"
    result = invoke("render", "--scenario", colourful, "--geodata", GEODATA, "--out", out,
                    "--year", "1996", "--format", "png")
    assert result.exit_code == 0, result.output
    counts = {c: n for n, c in Image.open(out).convert("RGB").getcolors(maxcolors=1 << 24)}
    for rgb in ((0x01, 0x02, 0x03), (0x40, 0xbf, 0x40), (0x1a, 0xe6, 0x1a), (0xff, 0x00, 0x03)):
        assert counts.get(rgb, 0) > 500, rgb


def test_svg_map_draws_every_colour_form(invoke, colourful, tmp_path):
    out = tmp_path / "m.svg"
    result = invoke("render", "--scenario", colourful, "--geodata", GEODATA, "--out", out,
                    "--year", "1996", "--format", "svg")
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    for css in ("#010203", "#40bf40", "#1ae61a", "#663399", "#aabbcc"):
        assert f"fill: {css}" in text, css
    assert "fill-opacity: 0.502" in text       # '#2b6cb080' keeps its alpha


@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_stats_chart_draws_every_colour_form(invoke, colourful, tmp_path, fmt):
    out = tmp_path / f"chart.{fmt}"
    result = invoke("stats", "--scenario", colourful, "--geodata", GEODATA, "--format", fmt,
                    "--out", out)
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 10_000


def test_a_timeline_built_without_check_fails_to_draw_cleanly():
    import datetime as dt

    import geopandas

    from afmap.errors import RenderError
    from afmap.staticmap import static_map
    from afmap.timeline import FactionInfo, Segment, Timeline

    frame = geopandas.read_file(GEODATA)
    day = dt.date(1996, 1, 1)
    timeline = Timeline(dict(zip(frame["code"], frame["name"])),
                        {"x": FactionInfo("x", "X", "rgb(,,,)")},
                        [Segment("AF-KAB", day, None, "x", "controlled", (), "p", None, ())], [])
    with pytest.raises(RenderError) as caught:
        static_map(timeline.at(day), frame, timeline, "png", title="t", subtitle="s", day=day)
    assert str(caught.value) == ("faction 'x': colour 'rgb(,,,)' is not a CSS colour; use e.g. "
                                 "'#2b6cb0' or 'teal' (afmap check shows where)")

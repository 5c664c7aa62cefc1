"""One colour rule: what `check` accepts every renderer draws; what it refuses has a position.

Three kinds of proof: tables of texts (written into a scenario and drawn by every renderer
through the CLI), a property over texts made from CSS colour syntax (the page's CSS, the
static images' RGBA and check agree on every one), and Chromium's own verdict on a grid of
``rgb()``/``hsl()``/``hwb()`` forms (afmap accepts what the browser accepts, and means the
same colour by it).
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from browser.mappage import CHROMIUM, CHROMIUM_ARGS, page_data
from helpers import GEODATA, off_the_loop
from hypothesis import given
from hypothesis import strategies as st

from afmap.colors import ColorError, color_problem, draw_color, page_color, parse_color
from afmap.errors import RenderError

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
    # the space syntax mixes numbers, percentages and none (CSS Color 4)
    "rgb(100% 0 0)": "#ff0000",
    "rgb(20% 40 60% / 50%)": "rgba(51,40,153,0.5)",
    "hsl(120 50% 50)": "#40bf40",
    "hwb(0.5turn 20 20%)": "#33cccc",
    "rgb(none 128 none)": "#008000",
    "rgb(0 0 255 / none)": "rgba(0,0,255,0)",
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
    # comma forms CSS refuses whose space form it takes: the message gives that form
    "rgb(100%, 0, 0)": "'rgb(100%, 0, 0)' is not a CSS colour in the comma syntax; write it "
                       f"without commas, 'rgb(100% 0 0)'; {EXAMPLES}",
    "hsl(120, 50, 50)": "'hsl(120, 50, 50)' is not a CSS colour in the comma syntax; write it "
                        f"without commas, 'hsl(120 50 50)'; {EXAMPLES}",
    "hwb(120, 10%, 10%)": "'hwb(120, 10%, 10%)' is not a CSS colour in the comma syntax; write "
                          f"it without commas, 'hwb(120 10% 10%)'; {EXAMPLES}",
    "rgb(none, 0, 0)": "'rgb(none, 0, 0)' is not a CSS colour in the comma syntax; write it "
                       f"without commas, 'rgb(none 0 0)'; {EXAMPLES}",
    "rgb(calc(255) 0 0)": "'rgb(calc(255) 0 0)' uses calc(), which afmap does not evaluate; "
                          f"write the value instead; {EXAMPLES}",
    "rgb(1, 2, 3 / 0.5)": f"'rgb(1, 2, 3 / 0.5)' is not a CSS colour; {EXAMPLES}",
    "color()": f"'color()' is not a CSS colour; {EXAMPLES}",   # tinycss2 raises on it
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
                 "Logar", "Takhar", "Baghlan", "Badghis", "Nimruz", "Kunar", "Laghman",
                 "Parwan", "Kapisa"]
    assert len(colours) <= len(provinces)
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


def test_stats_chart_draws_every_colour_form(invoke, colourful, tmp_path):
    from PIL import Image

    for fmt in ("png", "svg"):
        result = invoke("stats", "--scenario", colourful, "--geodata", GEODATA, "--format", fmt,
                        "--out", tmp_path / f"chart.{fmt}")
        assert result.exit_code == 0, result.output
    image = Image.open(tmp_path / "chart.png").convert("RGB")
    counts = {c: n for n, c in image.getcolors(maxcolors=1 << 24)}
    # Herat '#abc', Kandahar 'Teal', Balkh 'rebeccapurple', Bamyan 'rgb(1,2,3)'
    for rgb in ((0xaa, 0xbb, 0xcc), (0x00, 0x80, 0x80), (0x66, 0x33, 0x99), (0x01, 0x02, 0x03)):
        assert counts.get(rgb, 0) > 500, rgb
    svg = (tmp_path / "chart.svg").read_text(encoding="utf-8")
    for css in ("#aabbcc", "#008080", "#663399", "#010203", "#40bf40"):
        assert f"fill: {css}" in svg, css


def _unchecked(color: str):
    """A timeline holding Kabul for one faction of ``color``, built without `check`."""
    import geopandas

    from afmap.timeline import FactionInfo, Segment, Timeline

    frame = geopandas.read_file(GEODATA)
    day = dt.date(1996, 1, 1)
    timeline = Timeline(dict(zip(frame["code"], frame["name"])),
                        {"x": FactionInfo("x", "X", color)},
                        [Segment("AF-KAB", day, None, "x", "controlled", (), "p", None, ())], [])
    return timeline, frame, day


def _draw_everywhere(color: str) -> dict[str, str]:
    """What each renderer makes of ``color``: its output's type, or the RenderError text."""
    from afmap.chart import stats_chart
    from afmap.htmlmap import render_map_html
    from afmap.staticmap import static_map
    from afmap.stats import area_rows, province_areas

    timeline, frame, day = _unchecked(color)
    draws = {
        "page": lambda: render_map_html(timeline, frame, day=day, title="t"),
        "timeline page": lambda: render_map_html(timeline, frame, day=None, title="t"),
        "png": lambda: static_map(timeline.at(day), frame, timeline, "png", title="t",
                                  subtitle="s", day=day),
        "chart": lambda: stats_chart(area_rows(timeline, province_areas(frame), [day]),
                                     timeline, "png", title="t", today=dt.date(2000, 1, 1)),
    }
    out = {}
    for name, draw in draws.items():
        try:
            out[name] = type(draw()).__name__
        except RenderError as exc:
            out[name] = str(exc)
    return out


@pytest.mark.parametrize("text", [t for t in REFUSED if len(t) <= 100])
def test_every_renderer_refuses_what_check_refuses_with_its_message(text):
    said = f"faction 'x': colour {REFUSED[text]} (afmap check shows where)"
    assert _draw_everywhere(text) == dict.fromkeys(["page", "timeline page", "png", "chart"],
                                                   said)


def test_every_renderer_draws_a_colour_check_accepts():
    assert _draw_everywhere("rgb(100% 0 0)") == {"page": "str", "timeline page": "str",
                                                  "png": "bytes", "chart": "bytes"}


@pytest.mark.parametrize("text", ["rgb(100%, 0, 0)", "hsl(120, 50, 50)", "rgb(calc(255) 0 0)"])
def test_every_command_stops_at_checks_message(invoke, write, tmp_path, monkeypatch, text):
    write(_scenario([text] + ["#123456"] * 13))
    monkeypatch.chdir(tmp_path)
    # the located message; check alone adds a count ("1 problem found") after it
    said = {(r.exit_code, r.stderr.splitlines()[0]) for r in (
        invoke("check", "s.yaml", "--geodata", GEODATA),
        invoke("render", "--scenario", "s.yaml", "--geodata", GEODATA, "--year", "1996"),
        invoke("render", "--scenario", "s.yaml", "--geodata", GEODATA, "--year", "1996",
               "--format", "png"),
        invoke("stats", "--scenario", "s.yaml", "--geodata", GEODATA, "--format", "png"),
        invoke("control", "--scenario", "s.yaml", "--geodata", GEODATA, "--year", "1996"),
    )}
    assert len(said) == 1, said
    code, line = said.pop()
    assert (code, line) == (1, f"s.yaml:3:27: {REFUSED[text]}")
    assert not list(tmp_path.glob("output/*"))


# --- a property: page, static image and check agree on every text ------------------------

_CHANNEL = st.one_of(
    st.integers(-300, 600).map(str),
    st.floats(-50, 400, allow_nan=False).map(lambda v: f"{v:.3g}"),
    st.integers(-20, 150).map(lambda v: f"{v}%"),
    st.sampled_from(["none", "NONE", "120deg", "0.25turn", "3rad", "200grad", "1e2", "+5",
                     "x", "#fff", "5px", "calc(1)", ""]),
)
_FUNCTION_TEXT = st.builds(
    lambda name, parts, comma, alpha: (
        f"{name}({(', ' if comma else ' ').join(parts)}"
        + ("" if alpha is None else (", " if comma else " / ") + alpha) + ")"),
    st.sampled_from(["rgb", "rgba", "RGB", "hsl", "hsla", "hwb", "color", "lab", "rgbx"]),
    st.lists(_CHANNEL, min_size=2, max_size=4),
    st.booleans(),
    st.one_of(st.none(), _CHANNEL),
)
_COLOUR_TEXT = st.one_of(
    _FUNCTION_TEXT,
    st.sampled_from(list(ACCEPTED) + [t for t in REFUSED if len(t) <= 100]),
    st.text("#0123456789abcdefgABCDEF", max_size=10),
    st.text(max_size=20),
)


@given(_COLOUR_TEXT)
def test_page_static_image_and_check_agree_on_every_text(text):
    import matplotlib.colors

    problem = color_problem(text)
    if problem is None:
        color = parse_color(text)
        css = page_color("x", text)
        assert css == color.css and parse_color(css) == color  # the page's CSS is the colour
        assert draw_color("x", text) == color.rgba
        assert matplotlib.colors.to_rgba(color.rgba) == color.rgba
        if css.startswith("#"):
            assert matplotlib.colors.to_rgba(css) == pytest.approx(color.rgba)
    else:
        said = f"faction 'x': colour {problem} (afmap check shows where)"
        for draw in (page_color, draw_color):
            with pytest.raises(RenderError) as caught:
                draw("x", text)
            assert str(caught.value) == said


# --- Chromium's verdict -------------------------------------------------------------------

def _grid() -> list[str]:
    """rgb(), hsl() and hwb() with every kind of channel, in both syntaxes, with and without
    an alpha."""
    forms = []
    kinds = {"rgb": ["51", "20%", "none"], "hue": ["120", "120deg", "none", "20%"],
             "amount": ["40", "40%", "none"]}
    for name in ("rgb", "rgba", "hsl", "hsla", "hwb"):
        slots = ([kinds["rgb"]] * 3 if name.startswith("rgb")
                 else [kinds["hue"], kinds["amount"], kinds["amount"]])
        for channels in itertools.product(*slots):
            for comma, alpha in itertools.product((False, True), (None, "0.5", "50%", "none")):
                sep = ", " if comma else " "
                tail = "" if alpha is None else (", " if comma else " / ") + alpha
                forms.append(f"{name}({sep.join(channels)}{tail})")
    return forms


#: Valid CSS that afmap refuses on purpose (see the afmap.colors docstring).
REFUSED_ON_PURPOSE = {"currentcolor", "currentColor", "inherit", "rgb(calc(255) 0 0)",
                      "lab(50% 40 59)", "oklch(0.7 0.1 120)", "color(display-p3 1 0 0)",
                      "rgb(" + "1" * 100 + ",2,3)"}


def _browser_colours(forms: list[str]) -> list[list]:
    """``[supported, computed colour]`` of each form, as Chromium sees it.

    Chromium runs from a thread of its own: the browser tests' session keeps Playwright's
    event loop running in this one, and the sync API refuses to start inside it.
    """
    if not CHROMIUM.exists():
        pytest.fail(f"this test needs Chromium at {CHROMIUM} (Debian: apt-get install "
                    "chromium)", pytrace=False)
    return off_the_loop(lambda: _ask_chromium(forms))


def _ask_chromium(forms: list[str]) -> list[list]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.set_content("<div id=d></div>")
            return page.evaluate("""forms => forms.map(f => {
                const d = document.getElementById('d');
                d.style.color = '';
                d.style.color = f;
                return [CSS.supports('color', f), getComputedStyle(d).color];
            })""", forms)
        finally:
            browser.close()


def _channels(computed: str) -> tuple[float, ...]:
    """``(r, g, b, alpha)`` of a computed colour: ``rgb(1, 2, 3)``, ``rgba(1, 2, 3, 0.5)``
    or ``color(srgb 1 0 0 / 0.5)``, channels 0-255."""
    import re

    if m := re.fullmatch(r"rgba?\((\d+), (\d+), (\d+)(?:, ([\d.]+))?\)", computed):
        return (*(float(v) for v in m.groups()[:3]), float(m.group(4) or 1))
    m = re.fullmatch(r"color\(srgb ([\d.]+) ([\d.]+) ([\d.]+)(?: / ([\d.]+))?\)", computed)
    assert m, computed
    return (*(255 * float(v) for v in m.groups()[:3]), float(m.group(4) or 1))


@pytest.mark.browser
def test_afmap_accepts_what_chromium_accepts_and_means_the_same_colour():
    forms = _grid() + list(ACCEPTED) + list(REFUSED)
    accepted = [t for t in forms if color_problem(t) is None]
    seen = _browser_colours(forms + [parse_color(t).css for t in accepted])
    verdict = dict(zip(forms, seen))
    disagree = {t for t in forms if verdict[t][0] != (color_problem(t) is None)}
    assert disagree == REFUSED_ON_PURPOSE
    assert len(forms) > 1000 and len(accepted) > 300
    for text, (_, afmaps) in zip(accepted, seen[len(forms):]):
        theirs = _channels(verdict[text][1])
        ours = _channels(afmaps)
        assert max(abs(a - b) for a, b in zip(theirs[:3], ours[:3])) <= 1, (text, theirs, ours)
        assert abs(theirs[3] - ours[3]) <= 0.002, (text, theirs, ours)

"""Static maps and the stats chart in Dari and Pashto: joined letters, right to left, one font."""

from __future__ import annotations

import datetime as dt
import re
from importlib import resources
from pathlib import Path

import pytest

from afmap.figures import FONT_FILES, matplotlib_shapes, plain, shaped
from afmap.i18n import language

ROOT = Path(__file__).resolve().parents[1]
GEODATA = ROOT / "geodata" / "provinces.geojson"
DATA = Path(__file__).resolve().parent / "data"
TWO_SIDES = DATA / "beyond" / "two-sides.yaml"
HOSTILE = DATA / "beyond" / "hostile"
PASHTO_LETTERS = "ټډړږښګڼۍېۀیکگپچژ"
#: کنټرول in Vazirmatn's joined glyphs, first letter first
KANTROL = ["uniFB90", "uniFEE8", "uni067C.medi", "uniFEAE", "uni0648", "uni0644"]


def image(invoke, out: Path, command: str, *args: str, scenario: Path | None = TWO_SIDES) -> str:
    """Render with ``command``; ``scenario`` None is the shipped history (afmap's own title)."""
    chosen = ("--scenario", scenario) if scenario else ()
    result = invoke(command, *chosen, "--geodata", GEODATA, "--out", out, *args)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"wrote {out}\n"
    return out.read_text(encoding="utf-8") if out.suffix == ".svg" else ""


def glyphs_of(svg: str, text: str) -> list[str]:
    """The glyph names a text of the SVG is drawn with, from right to left."""
    from fontTools.ttLib import TTFont

    start = svg.index(f"<!-- {text} -->")
    group = svg[start:svg.index("</g>", start)]
    uses = re.findall(r'<use xlink:href="#Vazirmatn-(Regular|Bold)-([0-9a-f]+)"'
                      r'(?: transform="translate\(([-0-9.]+) 0\)")?', group)
    assert uses, group[:500]
    fonts = {w: TTFont(font_path(f"Vazirmatn-{w}.ttf")).getGlyphOrder() for w in ("Regular", "Bold")}
    placed = sorted(((float(x or 0), fonts[w][int(i, 16)]) for w, i, x in uses), reverse=True)
    return [_unisolated(name) for _, name in placed]


def _unisolated(name: str) -> str:
    """A glyph name, the isolated presentation forms named as their letters (one outline)."""
    import unicodedata

    if re.fullmatch(r"uniF[BE][0-9A-F]{2}", name):
        form = unicodedata.decomposition(chr(int(name[3:], 16))).split()
        if form[:1] == ["<isolated>"]:
            return f"uni{form[1]}"
    return name


def font_path(name: str) -> str:
    return str(resources.files("afmap").joinpath("fonts", name))


def joined(word: str) -> list[str]:
    """The glyph names of ``word``'s letters in their joined forms, first letter first."""
    import arabic_reshaper

    return [_unisolated(f"uni{ord(c):04X}") for c in arabic_reshaper.reshape(word)]


@pytest.mark.parametrize("lang", ["fa", "ps"])
def test_png_in_dari_and_pashto_is_a4_and_drawn(invoke, tmp_path, lang):
    from PIL import Image

    out = tmp_path / f"m-{lang}.png"
    image(invoke, out, "render", "--year", "1990", "--format", "png", "--lang", lang)
    picture = Image.open(out).convert("RGB")
    assert picture.size == (1753, 1240)
    # the map is on the right, the legend and sources on the left: the left third is mostly
    # paper, the right two thirds mostly map
    left = picture.crop((0, 300, 480, 1100)).getcolors(maxcolors=1 << 24)
    white = sum(n for n, c in left if c == (255, 255, 255))
    assert white > 0.7 * 480 * 800


@pytest.mark.parametrize("lang", ["fa", "ps"])
def test_svg_legend_and_labels_are_joined_right_to_left(invoke, tmp_path, lang):
    words = language(lang)
    svg = image(invoke, tmp_path / "m.svg", "render", "--year", "1990", "--format", "svg",
                "--lang", lang)
    comments = re.findall(r"<!-- (.*?) -->", svg)
    holder = words.text("image holder")
    assert plain(holder) in comments
    # the legend title's glyphs, read from the right, are its letters in their joined forms
    assert glyphs_of(svg, plain(holder)) == joined(holder)
    assert comments[1] == plain(words.text("subtitle year", date=words.day(dt.date(1990, 7, 1)),
                                           year=words.digits("1990")))
    assert plain(words.text("image sources by province")) in comments
    assert len(re.findall(r'<g id="label-AF-[A-Z]+"', svg)) == 34


@pytest.mark.skipif(not matplotlib_shapes(), reason="Pashto's own letters join with libraqm only")
def test_pashto_letters_take_their_joined_forms(invoke, tmp_path):
    svg = image(invoke, tmp_path / "s.svg", "stats", "--format", "svg", "--lang", "ps",
                scenario=None)
    title = language("ps").text("map title")          # په افغانستان کې د سیمو کنټرول
    names = glyphs_of(svg, title)
    # the last word, کنټرول, read from the right: ټ between two letters takes its medial
    # form, which Unicode has no presentation form for (arabic-reshaper leaves it alone)
    assert names[-6:] == KANTROL


def test_the_chart_is_in_the_language(invoke, tmp_path):
    svg = image(invoke, tmp_path / "s.svg", "stats", "--format", "svg", "--lang", "ps")
    comments = re.findall(r"<!-- (.*?) -->", svg)
    words = language("ps")
    assert plain(words.text("chart axis")) in comments
    assert plain(words.text("contested")) in comments
    assert plain("Two sides") in comments                 # the scenario's title, as written
    assert "۱۰۰٪" in comments and "۱۹۹۲" in comments     # the axes in Pashto's digits
    assert any("۱۹۷۸–" in c for c in comments)            # a year is not grouped: not ۱٬۹۷۸
    assert not any(c in comments for c in ("Contested", "Share of the country's area"))


def test_hostile_names_stay_text_in_dari(invoke, tmp_path):
    svg = image(invoke, tmp_path / "h.svg", "render", "--date", "1992-06-01", "--format", "svg",
                "--lang", "fa", scenario=HOSTILE)
    assert "<script" not in svg
    assert "Hostile &lt;/script&gt;&lt;script&gt;alert('title')&lt;/script&gt; $x^2$" in svg
    chart = image(invoke, tmp_path / "c.svg", "stats", "--format", "svg", "--lang", "fa",
                  scenario=HOSTILE)
    assert "$x^2$" in chart and "<script" not in chart


def test_render_in_dari_from_the_command_line(invoke, in_tmp):
    result = invoke("render", "--year", "1998", "--format", "png", "--lang", "fa")
    assert result.exit_code == 0, result.output
    assert result.stdout == "wrote output/afmap-1998.png\n"
    assert (in_tmp / "output" / "afmap-1998.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_stats_in_pashto_from_the_command_line(invoke, in_tmp):
    result = invoke("stats", "--lang", "ps", "--format", "png", "--scenario", TWO_SIDES)
    assert result.exit_code == 0, result.output
    assert result.stdout == "wrote output/afmap-stats.png\n"
    # a table is data: --lang changes the chart's words, not the rows
    table = invoke("stats", "--lang", "ps", "--scenario", TWO_SIDES)
    assert table.exit_code == 0
    assert table.stdout == invoke("stats", "--scenario", TWO_SIDES).stdout


def test_unknown_language_is_refused(invoke, tmp_path):
    result = invoke("stats", "--lang", "de", "--format", "png", "--out", tmp_path / "x.png")
    assert result.exit_code == 2
    assert "Invalid value for '--lang': 'de' is not one of 'en', 'fa', 'ps'." in result.stderr


def test_plain_leaves_latin_alone_and_shapes_arabic_for_old_matplotlib():
    latin = "Kabul: 'Source', p. 12 (+1) $x^2$ \\alpha — Herāt"
    assert plain(latin) == latin
    # the path for matplotlib before 3.11: presentation forms, in display order
    assert shaped("کمن") == "\ufee6\ufee4\ufb90"        # ن final, م medial, ک initial
    assert shaped("جبههٔ متحد (۱۹۹۸)").startswith("(۱۹۹۸)")      # brackets mirrored back
    assert "\u0654" in shaped("جبههٔ")                           # the hamza kept
    assert shaped("ارزگان: \u2068'List', p. 2\u2069") .endswith(shaped("ارزگان:"))


def test_the_source_block_in_dari_sorts_by_the_alphabet_and_counts_in_its_digits():
    from afmap.staticmap import SOURCE_LINES, province_source_lines
    from afmap.timeline import Assignment

    rows = [Assignment(f"X-{i:03d}", f"Area {i:03d}", dt.date(2000, 1, 1), "a", "A", "#000",
                       "controlled", (), None, None, None, None, (f"Source {i}", "More"))
            for i in range(400)]
    names = {"X-000": "کابل", "X-001": "پروان", "X-002": "بلخ"}
    lines = province_source_lines(rows, "fa", names)
    assert len(lines) == SOURCE_LINES
    # ب before پ before ک, though codepoints put پ (U+067E) and ک (U+06A9) after every other
    assert lines[:3] == ["بلخ: \u2068Source 2\u2069 (+۱)", "پروان: \u2068Source 1\u2069 (+۱)",
                         "کابل: \u2068Source 0\u2069 (+۱)"]
    assert lines[-1] == "... و ۳۶۱ ساحهٔ دیگر (afmap control)"


def test_right_to_left_legend_columns_start_on_the_right():
    from matplotlib.patches import Patch

    from afmap.chart import _right_to_left

    handles = [Patch(label=str(i)) for i in range(7)]
    order = [h.get_label() or "-" for h in _right_to_left(handles, 3)]
    assert order == ["5", "6", "-", "3", "4", "-", "0", "1", "2"]


def test_the_font_is_shipped_with_its_licence_and_registered():
    from matplotlib import font_manager

    from afmap.figures import register_fonts

    folder = resources.files("afmap").joinpath("fonts")
    assert folder.joinpath("OFL.txt").read_text("utf-8").count("SIL OPEN FONT LICENSE") >= 1
    assert folder.joinpath("README.md").is_file()
    register_fonts()
    for weight, name in (("normal", FONT_FILES[0]), ("bold", FONT_FILES[1])):
        found = font_manager.findfont(font_manager.FontProperties(family="Vazirmatn",
                                                                  weight=weight),
                                      fallback_to_default=False)
        assert Path(found).name == name


def dari_and_pashto_text() -> set[str]:
    """Every character afmap may draw in Arabic script: translations and province names.

    A faction's ``source`` (where its translated name comes from) is for the translator,
    not drawn, and may quote other scripts.
    """
    chars = set(PASHTO_LETTERS)
    for lang in ("fa", "ps"):
        words = language(lang)
        texts = [words.digit_chars, words.group, *words.months, *words.seasons.values(),
                 *words.dates.values(), *words.strings.values(),
                 *(f"{f.name}{f.short or ''}" for f in words.factions.values())]
        chars |= set("".join(texts))
    from afmap.geodata import load_provinces

    frame = load_provinces(GEODATA)
    for column in ("name_fa", "name_ps"):
        if column in frame.columns:
            chars |= set("".join(str(n) for n in frame[column]))
    return {c for c in chars if ord(c) > 0x7f}


@pytest.mark.parametrize("name", FONT_FILES)
def test_the_font_has_every_glyph_dari_and_pashto_need(name):
    from fontTools.ttLib import TTFont

    cmap = TTFont(font_path(name)).getBestCmap()
    chars = dari_and_pashto_text()
    assert len(chars) > 50
    missing = sorted(f"U+{ord(c):04X} {c}" for c in chars if ord(c) not in cmap)
    assert missing == []


def test_dari_svg_is_byte_identical(invoke, tmp_path):
    a = image(invoke, tmp_path / "a.svg", "render", "--date", "1992-06-01", "--format", "svg",
              "--lang", "fa")
    b = image(invoke, tmp_path / "b.svg", "render", "--date", "1992-06-01", "--format", "svg",
              "--lang", "fa")
    assert a == b and "Vazirmatn" in a

"""Static print maps: afmap render --format png|svg."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GEODATA = ROOT / "geodata" / "provinces.geojson"
DATA = Path(__file__).resolve().parent / "data"
TWO_SIDES = DATA / "beyond" / "two-sides.yaml"
HOSTILE = DATA / "beyond" / "hostile"
RED, BLUE = (0xd6, 0x27, 0x28), (0x1f, 0x77, 0xb4)


def render(invoke, out: Path, *args: str, scenario: Path = TWO_SIDES):
    result = invoke("render", "--scenario", scenario, "--geodata", GEODATA, "--out", out, *args)
    assert result.exit_code == 0, result.output
    return result


def test_png_is_a4_at_150_dpi_and_not_blank(invoke, tmp_path):
    from PIL import Image

    out = tmp_path / "m.png"
    result = render(invoke, out, "--year", "1990", "--format", "png")
    assert result.stdout == f"wrote {out}\n"
    image = Image.open(out).convert("RGB")
    assert image.size == (1753, 1240)
    counts = {c: n for n, c in image.getcolors(maxcolors=1 << 24)}
    assert len(counts) > 200                     # text, fills, hatching, antialiasing
    assert counts.get(RED, 0) > 100_000          # most of the country is red
    assert counts.get(BLUE, 0) > 5_000           # Parwan, Daykundi, Badakhshan


def svg_of(invoke, tmp_path: Path, *args: str, name: str = "m.svg",
           scenario: Path = TWO_SIDES) -> str:
    out = tmp_path / name
    render(invoke, out, "--format", "svg", *args, scenario=scenario)
    return out.read_text(encoding="utf-8")


def test_svg_has_title_date_legend_labels_and_source_line(invoke, tmp_path):
    text = svg_of(invoke, tmp_path, "--year", "1990")
    comments = re.findall(r"<!-- (.*?) -->", text)
    assert comments[:2] == ["Two sides", "State on 1 July 1990 (reference date for 1990)"]
    assert any(c.startswith("Sources: each province's own claim, at right (in full: afmap "
                            "control - -date 1990-07-01)")
               for c in comments)   # matplotlib writes '--' in comments as '- -'
    # each province's line cites its own claim's sources, never another province's
    start = comments.index("Sources, by province")
    lines = comments[start + 1:start + 35]
    assert lines[0] == "Badakhshan: Fixture source B (+1)"
    assert all(re.fullmatch(r"[A-Z][A-Za-z -]+: Fixture source [A-Z]( \(\+1\))?", line)
               for line in lines), lines
    assert {"Red side", "Blue side", "Contested: hatched in the"} <= set(comments)
    assert len(re.findall(r'<g id="province-AF-[A-Z]+"', text)) == 34
    assert len(re.findall(r'<g id="label-AF-[A-Z]+"', text)) == 34


def test_contested_province_is_hatched_in_the_challengers_colour(invoke, tmp_path):
    text = svg_of(invoke, tmp_path, "--year", "1990")
    start = text.index('<g id="contested-AF-BDS-red">')
    pattern = re.search(r'fill: url\(#(\w+)\)', text[start:]).group(1)
    body = re.search(rf'<pattern id="{pattern}".*?</pattern>', text, re.S).group(0)
    assert "stroke: #d62728" in body
    # the holder's fill underneath
    fill = re.search(r'fill: (#[0-9a-f]{6})', text[text.index('<g id="province-AF-BDS">'):])
    assert fill.group(1) == "#1f77b4"


def test_svg_is_byte_identical_and_undated(invoke, tmp_path):
    a = svg_of(invoke, tmp_path, "--date", "1992-06-01", name="a.svg")
    b = svg_of(invoke, tmp_path, "--date", "1992-06-01", name="b.svg")
    assert a == b
    assert "<dc:date>" not in a


def test_png_is_byte_identical(invoke, tmp_path):
    a, b = tmp_path / "a.png", tmp_path / "b.png"
    render(invoke, a, "--date", "1992-06-01", "--format", "png")
    render(invoke, b, "--date", "1992-06-01", "--format", "png")
    assert a.read_bytes() == b.read_bytes()


def test_historical_boundaries_1990_map_has_no_panjshir_or_daykundi(invoke, tmp_path):
    text = svg_of(invoke, tmp_path, "--year", "1990", "--historical-boundaries")
    assert len(re.findall(r'<g id="province-AF-[A-Z]+"', text)) == 32
    assert 'id="province-AF-PAN"' not in text and 'id="label-AF-DAY"' not in text
    assert 'id="province-AF-PAR"' in text


def test_hostile_text_is_printed_not_interpreted(invoke, tmp_path):
    text = svg_of(invoke, tmp_path, "--date", "1992-06-01", scenario=HOSTILE)
    assert "<script" not in text
    assert "Hostile &lt;/script&gt;&lt;script&gt;alert('title')&lt;/script&gt; $x^2$" in text


def test_no_data_is_in_the_legend(invoke, tmp_path):
    text = svg_of(invoke, tmp_path, "--date", "1993-06-01")
    assert "<!-- No data -->" in text


@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_static_formats_need_a_date(invoke, tmp_path, fmt):
    result = invoke("render", "--scenario", TWO_SIDES, "--format", fmt,
                    "--out", tmp_path / f"x.{fmt}")
    assert result.exit_code == 2
    assert "--format png|svg and --historical-boundaries need --year or --date" in result.stderr
    assert not (tmp_path / f"x.{fmt}").exists()


def test_default_path(invoke, in_tmp):
    result = invoke("render", "--year", "1990", "--format", "png", "--scenario", TWO_SIDES)
    assert result.stdout == "wrote output/afmap-1990.png\n"
    assert (in_tmp / "output" / "afmap-1990.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_dollars_and_backslashes_print_as_written(invoke, tmp_path):
    text = svg_of(invoke, tmp_path, "--date", "1992-06-01", scenario=HOSTILE)
    comments = re.findall(r"<!-- (.*?) -->", text)   # one per line of a wrapped label
    assert "n')&lt;/script&gt; $\\alpha$" in comments    # the YAML said $\alpha$


def test_html_only_options_are_refused_for_images(invoke, tmp_path):
    result = invoke("render", "--year", "1990", "--format", "png", "--tiles", "OpenTopoMap",
                    "--scenario", TWO_SIDES, "--out", tmp_path / "x.png")
    assert result.exit_code == 2
    assert "--cdn and --tiles apply to HTML maps only, not --format png|svg" in result.stderr
    assert not (tmp_path / "x.png").exists()


def test_the_source_block_stays_on_the_page_for_many_areas():
    import datetime as dt

    from afmap.staticmap import SOURCE_LINES, province_source_lines
    from afmap.timeline import Assignment

    rows = [Assignment(f"X-{i:03d}", f"Area {i:03d}", dt.date(2000, 1, 1), "a", "A", "#000",
                       "controlled", (), None, None, None, None, (f"Source {i}",))
            for i in range(400)]
    lines = province_source_lines(rows)
    assert len(lines) == SOURCE_LINES
    assert lines[0] == "Area 000: Source 0"
    assert lines[-1] == "... and 361 more areas (afmap control)"

"""Property-based tests: whatever a scenario holds, afmap answers cleanly.

Valid generated scenarios round-trip through check, control and render;
mutated ones give either a clean result or clean located errors, never a
traceback.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import string
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from afmap.cli import cli
from click.testing import CliRunner
from conftest import GEODATA

SPELLINGS = {"AF-KAB": ["Kabul", "kabul", "AF-KAB"], "AF-HER": ["Herat", "Hirat", "HERAT"],
             "AF-HEL": ["Helmand", "Hilmand"], "AF-GHO": ["Ghor", "Ghōr", "ghor"],
             "AF-SAR": ["Sar-e Pol", "Sari Pul", "sar e pol"], "AF-WAR": ["Maidan Wardak", "Wardak"],
             "AF-PAN": ["Panjshir", "Panjshayr"], "AF-NIM": ["Nimruz", "Nimroz"]}
FACTION_IDS = ["taliban", "united-front", "dra", "isa", "junbish", "x-1"]
HOSTILE = ["<img src=x onerror=alert(1)>", "</script><script>alert(1)</script>", "Ω ‘quotes’ \"&amp;\"",
           "line\nbreak", "{{ jinja }}", "${js}"]
text = st.one_of(st.sampled_from(HOSTILE),
                 st.text(alphabet=string.ascii_letters + " -'é", min_size=1, max_size=20)
                 .filter(lambda s: s.strip()))
colour = st.one_of(st.from_regex(r"#[0-9a-f]{6}", fullmatch=True), st.sampled_from(["teal", "rebeccapurple"]))


@st.composite
def scenarios(draw):
    ids = draw(st.lists(st.sampled_from(FACTION_IDS), min_size=2, max_size=5, unique=True))
    factions = {fid: {"name": draw(text), "color": draw(colour)} for fid in ids}
    days = sorted(draw(st.sets(st.integers(0, 16000), min_size=2, max_size=8)))
    dates = [dt.date(1978, 4, 27) + dt.timedelta(days=d) for d in days]
    periods, truth = [], []
    for start, end in zip(dates, [*dates[1:], None]):
        if end is None and draw(st.booleans()):
            break
        codes = draw(st.lists(st.sampled_from(sorted(SPELLINGS)), max_size=4, unique=True))
        control = {}
        for code in codes:
            holder = draw(st.sampled_from(ids))
            name = draw(st.sampled_from(SPELLINGS[code]))
            if draw(st.booleans()):
                others = [i for i in ids if i != holder][:1]
                control[name] = {"faction": holder, "status": "contested", "contested_by": others,
                                 "note": draw(text), "sources": [draw(text)]}
            else:
                control[name] = holder
            truth.append((code, start, holder))
        period = {"name": draw(text), "start": start.isoformat(), "default": draw(st.sampled_from(ids)),
                  "control": control, "sources": [draw(text)]}
        if end is not None:
            period["end"] = end.isoformat()
        periods.append(period)
    events = [{"date": dates[0].isoformat(), "name": draw(text), "at": [34.5, 69.2], "sources": [draw(text)]}]
    return {"factions": factions, "periods": periods, "events": events}, truth


def _dump(tmp: Path, data) -> Path:
    path = tmp / "gen.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


LINE = re.compile(r"^(.+?)(:\d+:\d+)?: .+$|^\d+ problems? found$")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(scenarios())
def test_valid_scenarios_round_trip_through_check_and_control(tmp_path_factory, generated):
    data, truth = generated
    tmp = tmp_path_factory.mktemp("gen")
    path = _dump(tmp, data)
    runner = CliRunner()
    checked = runner.invoke(cli, ["check", str(path), "--geodata", str(GEODATA)])
    assert checked.exit_code == 0, checked.stderr
    for code, day, holder in truth:
        result = runner.invoke(cli, ["control", "--date", day.isoformat(), "--scenario", str(path),
                                     "--geodata", str(GEODATA), "--format", "json"])
        assert result.exit_code == 0, result.stderr
        row = next(r for r in json.loads(result.stdout) if r["code"] == code)
        assert row["faction"] == holder
        assert row["sources"]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(scenarios())
def test_valid_scenarios_render(tmp_path_factory, generated):
    data, _ = generated
    tmp = tmp_path_factory.mktemp("render")
    path = _dump(tmp, data)
    for args in (["--date", data["periods"][0]["start"]], []):
        out = tmp / "map.html"
        result = CliRunner().invoke(cli, ["render", *args, "--scenario", str(path),
                                          "--geodata", str(GEODATA), "--out", str(out)])
        assert result.exit_code == 0, result.stderr
        html = out.read_text(encoding="utf-8")
        for hostile in HOSTILE[:2]:
            assert hostile not in html  # never verbatim: always escaped


def _mutate(draw, text_: str) -> str:
    lines = text_.splitlines(keepends=True)
    kind = draw(st.sampled_from(["delete", "insert", "duplicate", "swap", "replace-value", "truncate"]))
    i = draw(st.integers(0, max(len(lines) - 1, 0)))
    if kind == "delete" and lines:
        del lines[i]
    elif kind == "insert":
        lines.insert(i, draw(st.text(alphabet=string.printable + "ōé\t", max_size=30)) + "\n")
    elif kind == "duplicate" and lines:
        lines.insert(i, lines[i])
    elif kind == "swap" and len(lines) > 1:
        j = draw(st.integers(0, len(lines) - 1))
        lines[i], lines[j] = lines[j], lines[i]
    elif kind == "replace-value" and lines and ":" in lines[i]:
        head = lines[i].split(":", 1)[0]
        junk = draw(st.sampled_from(["[]", "{}", "~", "!!binary aGk=", "*nope", "&a", "2001-02-29",
                                     "-1", "[1, [2]]", "'", "\"\\x\"", "@", "`"]))
        lines[i] = f"{head}: {junk}\n"
    elif kind == "truncate":
        cut = draw(st.integers(0, len(text_)))
        return text_[:cut]
    return "".join(lines)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_mutated_scenarios_give_clean_answers(tmp_path_factory, data):
    scenario, _ = data.draw(scenarios())
    source = yaml.safe_dump(scenario, allow_unicode=True, sort_keys=False)
    for _ in range(data.draw(st.integers(1, 3))):
        source = _mutate(data.draw, source)
    tmp = tmp_path_factory.mktemp("mut")
    path = tmp / "m.yaml"
    path.write_text(source, encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(path), "--geodata", str(GEODATA)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code in (0, 1)
    if result.exit_code == 1:
        lines = result.stderr.splitlines()
        assert lines and all(LINE.match(line) for line in lines), lines
        assert all(line.startswith(str(path)) for line in lines[:-1])


# ---- what check accepts, every command renders ------------------------------------

TEMPLATE_BITS = ["{{ 7*7 }}", "{% if 1 %}x{% endif %}", "{# c #}", "{{cite web |url=x}}",
                 "$x^2$", "$5 and $6", "\\$", "{{", "%}", "$", "</script>", "\\n"]
wild_text = st.one_of(
    st.lists(st.one_of(st.sampled_from(TEMPLATE_BITS),
                       st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)),
             min_size=1, max_size=4).map(" ".join).filter(lambda s: s.strip()),
    text,
)
wild_colour = st.one_of(colour, st.sampled_from([
    "rgb(1,2,3)", "rgba(10, 20, 30, 0.5)", "hsl(120deg, 50%, 50%)", "rgb(1 2 3 / 50%)",
    "transparent", "RED", "#abc", "#aabbcc80", "rgb(,,,)", "rgb(1,2)", "nocolour"]))


@st.composite
def wild_scenarios(draw):
    """Scenarios whose every text and colour is drawn wide: template syntax, any Unicode."""
    data, _ = draw(scenarios())
    for faction in data["factions"].values():
        faction["name"] = draw(wild_text)
        faction["color"] = draw(wild_colour)
    for period in data["periods"]:
        period["name"] = draw(wild_text)
        period["sources"] = [draw(wild_text)]
        for entry in period["control"].values():
            if isinstance(entry, dict):
                entry["note"], entry["sources"] = draw(wild_text), [draw(wild_text)]
    data["events"][0]["name"] = draw(wild_text)
    data["title"] = draw(wild_text)
    return data


OUTPUTS = [
    ("render", "--date", "{day}", "--out", "{tmp}/m.html"),
    ("render", "--out", "{tmp}/t.html"),
    ("render", "--date", "{day}", "--format", "png", "--out", "{tmp}/m.png"),
    ("render", "--date", "{day}", "--format", "svg", "--out", "{tmp}/m.svg"),
    ("control", "--date", "{day}"),
    ("control", "--date", "{day}", "--format", "csv"),
    ("stats", "--format", "png", "--out", "{tmp}/s.png"),
    ("export", "--date", "{day}", "--format", "gpkg", "--out", "{tmp}/x.gpkg"),
    ("diff", "{day}", "2020-01-01"),
]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(wild_scenarios())
def test_what_check_accepts_every_command_renders(tmp_path_factory, data):
    tmp = tmp_path_factory.mktemp("wild")
    path = _dump(tmp, data)
    runner = CliRunner()
    checked = runner.invoke(cli, ["check", str(path), "--geodata", str(GEODATA)])
    assert checked.exception is None or isinstance(checked.exception, SystemExit)
    if checked.exit_code != 0:
        assert checked.exit_code == 1 and checked.stderr
        return
    day = data["periods"][0]["start"]
    for command in OUTPUTS:
        args = [a.format(day=day, tmp=tmp) for a in command]
        result = runner.invoke(cli, [*args, "--scenario", str(path), "--geodata", str(GEODATA)])
        assert result.exception is None or isinstance(result.exception, SystemExit), \
            (args, result.exception)
        assert result.exit_code == 0, (args, result.stderr)
    from browser.mappage import page_data

    page = page_data((tmp / "t.html").read_text(encoding="utf-8"))
    assert page["title"] == data["title"].strip()
    names = {f["name"] for f in page["factions"]}
    assert names <= {f["name"].strip() for f in data["factions"].values()}
    svg_lines = re.findall(r"<!-- (.*?) -->", (tmp / "m.svg").read_text(encoding="utf-8"))
    title = data["title"].strip()
    if "\n" not in title and not re.search("[\x00-\x1f\x7f-\x9f\u2028\u2029]", title):
        import html

        assert html.escape(title, quote=False) in [line.replace("&quot;", '"')
                                                   .replace("&#x27;", "'") for line in svg_lines]

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
from click.testing import CliRunner
from helpers import GEODATA
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from afmap.cli import cli

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
    _check_mutated(tmp_path_factory, data, scenarios())


def _check_mutated(tmp_path_factory, data, strategy) -> None:
    """A generated file, mutated one to three times: ``check`` answers cleanly, located."""
    scenario, _ = data.draw(strategy)
    source = yaml.safe_dump(scenario, allow_unicode=True, sort_keys=False)
    for _ in range(data.draw(st.integers(1, 3))):
        source = _mutate(data.draw, source)
    path = tmp_path_factory.mktemp("mut") / "m.yaml"
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
    from pydantic import TypeAdapter

    from afmap.scenario import Text

    # as the model stores a text: pydantic trims Unicode white space, which is not str.strip's
    stored = TypeAdapter(Text).validate_python
    page = page_data((tmp / "t.html").read_text(encoding="utf-8"))
    assert page["title"] == stored(data["title"])
    names = {f["name"] for f in page["factions"]}
    assert names <= {stored(f["name"]) for f in data["factions"].values()}
    svg_lines = re.findall(r"<!-- (.*?) -->", (tmp / "m.svg").read_text(encoding="utf-8"))
    title = stored(data["title"])
    if "\n" not in title and not re.search("[\x00-\x1f\x7f-\x9f\u2028\u2029]", title):
        import html

        assert html.escape(title, quote=False) in [line.replace("&quot;", '"')
                                                   .replace("&#x27;", "'") for line in svg_lines]


# ---- the claim form: changes hold until the next; migrate loses nothing -------------

EDTF_FORMS = ("day", "month", "year", "season", "approximate-day", "uncertain-month")


def _edtf(draw, day: dt.date) -> tuple[str, dt.date]:
    """An EDTF text for ``day`` and the first day afmap draws it on."""
    form = draw(st.sampled_from(EDTF_FORMS))
    if form == "day":
        return day.isoformat(), day
    if form == "approximate-day":
        return day.isoformat() + "~", day
    if form in ("month", "uncertain-month"):
        return f"{day:%Y-%m}" + ("?" if form == "uncertain-month" else ""), day.replace(day=1)
    if form == "year":
        return str(day.year), dt.date(day.year, 1, 1)
    season, month = {3: (21, 3), 6: (22, 6), 9: (23, 9), 12: (24, 12)}[
        max(m for m in (3, 6, 9, 12) if m <= day.month) if day.month >= 3 else 12]
    year = day.year if day.month >= 3 else day.year - 1
    return f"{year}-{season}", dt.date(year, month, 1)


@st.composite
def claim_scenarios(draw):
    """A valid claim-form scenario and, per province, the expected state on probe days."""
    ids = draw(st.lists(st.sampled_from(FACTION_IDS), min_size=2, max_size=4, unique=True))
    factions = {fid: {"name": draw(text), "color": draw(colour)} for fid in ids}
    works = {f"w{i}": {"title": draw(text), "date": str(1990 + i)} for i in range(2)}
    changes, expect = [], {}
    for code in draw(st.lists(st.sampled_from(sorted(SPELLINGS)), min_size=1, max_size=4,
                              unique=True)):
        starts = sorted(draw(st.sets(st.integers(0, 15000), min_size=1, max_size=4)))
        drawn: list[tuple[dt.date, str | None, dt.date | None]] = []
        for k, offset in enumerate(starts):
            text_, first = _edtf(draw, dt.date(1978, 4, 27) + dt.timedelta(days=offset))
            if drawn and first <= drawn[-1][0]:
                continue  # two dates drawn on one first day: keep the first
            holder = draw(st.sampled_from(ids))
            change = {"date": text_, "province": draw(st.sampled_from(SPELLINGS[code])),
                      "holder": holder, "label": draw(text),
                      "sources": [{"cite": "w0", "at": draw(text)}, draw(text)]}
            if draw(st.booleans()):
                change["status"] = "contested"
                change["contested_by"] = [i for i in ids if i != holder][:1]
            until = None
            if k == len(starts) - 1 and draw(st.booleans()):
                until = first + dt.timedelta(days=draw(st.integers(1, 3000)))
                change["until"] = until.isoformat()
            changes.append(change)
            drawn.append((first, holder, until))
        expect[code] = drawn
    other = min(set(SPELLINGS) - set(expect))  # a year-precise claim of a province of its own
    changes.append({"date": "2000", "province": SPELLINGS[other][0], "holder": ids[0],
                    "sources": [{"cite": "w1"}]})
    expect[other] = [(dt.date(2000, 1, 1), ids[0], None)]
    data = {"factions": factions, "bibliography": works,
            "eras": [{"name": draw(text), "start": "1978-04-27", "sources": [draw(text)]}],
            "changes": changes}
    return data, expect


def _expected(drawn, day):
    state = None
    for first, holder, until in drawn:
        if first <= day:
            state = holder if until is None or day < until else None
    return state


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(claim_scenarios())
def test_a_claim_holds_until_the_next_change_or_its_until(tmp_path_factory, generated):
    data, expect = generated
    path = _dump(tmp_path_factory.mktemp("claims"), data)
    from afmap import api

    checked = CliRunner().invoke(cli, ["check", str(path), "--geodata", str(GEODATA)])
    assert checked.exit_code == 0, checked.stderr
    timeline = api.load(path, GEODATA).timeline
    probes = {d for drawn in expect.values() for first, _, until in drawn
              for d in (first, first - dt.timedelta(days=1), until) if d is not None}
    for day in sorted(probes):
        rows = {a.code: a for a in timeline.at(day)}
        for code, drawn in expect.items():
            assert rows[code].faction == _expected(drawn, day), (code, day)
            if rows[code].faction is not None:
                assert rows[code].sources


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(scenarios())
def test_migrate_keeps_every_state(tmp_path_factory, generated):
    from afmap import api

    data, _ = generated
    tmp = tmp_path_factory.mktemp("migrate")
    path = _dump(tmp, data)
    out = tmp / "out"
    result = CliRunner().invoke(cli, ["migrate", str(path), "--out", str(out),
                                      "--geodata", str(GEODATA)])
    assert result.exit_code == 0, result.output
    before = api.load(path, GEODATA).timeline
    after = api.load(out / path.name, GEODATA).timeline
    for day in before.change_dates():
        assert [(a.faction, a.status, a.contested_by) for a in after.at(day)] == \
            [(a.faction, a.status, a.contested_by) for a in before.at(day)], day


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_mutated_claim_scenarios_give_clean_answers(tmp_path_factory, data):
    _check_mutated(tmp_path_factory, data, claim_scenarios())

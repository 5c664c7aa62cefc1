"""`afmap check`: every broken-scenario rule, with its exact message and position."""

from __future__ import annotations

import pytest
from helpers import FACTIONS, MINI


def test_valid_scenario_passes(invoke):
    result = invoke("check", MINI)
    assert result.exit_code == 0
    # The fixture is in the older period form: it loads, and check names it.
    assert result.stdout == (f"{MINI}/1996-1998.yaml:1:1: note: this file is in the older "
                             f"period form, which still loads; 'afmap migrate "
                             f"{MINI}/1996-1998.yaml' rewrites it as eras and changes\n"
                             f"{MINI}: ok\n")
    assert result.stderr == ""


CASES = [
    (  # unknown province, with a suggestion
        FACTIONS + """\
periods:
  - name: P
    start: 1996-09-27
    control:
      Helmund: taliban
""", ["s.yaml:8:7: unknown province 'Helmund' (did you mean 'Helmand'?)"]),
    (  # a province twice in one period, through its ISO code and an alias
        FACTIONS + """\
periods:
  - name: P
    start: 1996-09-27
    control:
      Kabul: taliban
      AF-KAB: united-front
      Hilmand: taliban
      helmand: taliban
""", ["s.yaml:9:7: province 'AF-KAB' is given twice in this period (also as 'Kabul' on line 8)",
      "s.yaml:11:7: province 'helmand' is given twice in this period (also as 'Hilmand' on line 10)"]),
    (  # duplicate YAML key
        FACTIONS + """\
periods:
  - name: P
    start: 1996-09-27
    start: 1996-09-28
    default: taliban
""", ["s.yaml:7:5: duplicate key 'start' (first given on line 6); remove one of them"]),
    (  # unknown faction (default, plain and entry), with suggestions
        FACTIONS + """\
periods:
  - name: P
    start: 1996-09-27
    default: talibn
    control:
      Kabul: united-frnt
      Herat: {faction: northern-alliance}
""", ["s.yaml:7:14: unknown faction 'talibn' (did you mean 'taliban'?)",
      "s.yaml:9:14: unknown faction 'united-frnt' (did you mean 'united-front'?)",
      "s.yaml:10:24: unknown faction 'northern-alliance'"]),
    (  # a date that is not a real date
        FACTIONS + """\
periods:
  - name: P
    start: 1996-02-30
    default: taliban
""", ["s.yaml:6:12: '1996-02-30' is not a real date; write YYYY-MM-DD"]),
    (  # a number, a date and time, 29 February of a common year: none is a day as written
        FACTIONS + """\
periods:
  - name: P
    start: 0
    end: 2001-11-13T10:00:00
    default: taliban
  - name: Q
    start: 2001-02-29
    default: taliban
events:
  - {date: 20011113, name: "x", at: [34.5, 69.2], sources: ["s"]}
""", ["s.yaml:6:12: '0' is not a real date; write YYYY-MM-DD",
      "s.yaml:7:10: '2001-11-13T10:00:00' is not a real date; write YYYY-MM-DD",
      "s.yaml:10:12: '2001-02-29' is not a real date; write YYYY-MM-DD",
      "s.yaml:13:12: '20011113' is not a real date; write YYYY-MM-DD"]),
    (  # end not after start
        FACTIONS + """\
periods:
  - name: P
    start: 1996-09-27
    end: 1996-09-27
    default: taliban
""", ["s.yaml:7:10: end 1996-09-27 is not after start 1996-09-27; 'end' is exclusive and must come later"]),
    (  # a colour that is not a CSS colour
        """\
factions:
  taliban: {name: "Taliban", color: "#3a3a3g"}
  united-front: {name: "UF", color: "bluish"}
""", ["s.yaml:2:37: '#3a3a3g' is not a CSS colour; use e.g. '#2b6cb0' or 'teal'",
      "s.yaml:3:37: 'bluish' is not a CSS colour; use e.g. '#2b6cb0' or 'teal'"]),
    (  # YAML tags that construct objects
        FACTIONS + """\
periods:
  - name: !!python/object/apply:os.system ["echo hacked"]
    start: 1996-09-27
    default: taliban
""", ["s.yaml:5:11: YAML tag '!!python/object/apply:os.system' is not allowed; scenarios hold plain text, numbers, lists and mappings"]),
    (  # not a mapping
        "- just\n- a list\n",
        ["s.yaml:1:1: a scenario file must be a mapping with 'factions', 'periods' and 'events', not a list"]),
    (  # empty
        "# nothing here\n",
        ["s.yaml:1:1: the file is empty; a scenario is a mapping with 'factions', 'periods' and 'events'"]),
    (  # YAML syntax
        FACTIONS + "periods: [\n",
        ["s.yaml:5:1: YAML syntax error: did not find expected node content"]),
    (  # unknown key, missing key, wrong types
        FACTIONS + """\
periods:
  - name: P
    strat: 1996-09-27
    default: taliban
    control: [Kabul]
events:
  - {date: 1998-08-08, name: "x", at: [67.1, 36.7], sources: ["s"]}
""", ["s.yaml:5:5: missing key 'start' (the first day, YYYY-MM-DD)",
      "s.yaml:6:5: unknown key 'strat' (did you mean 'start'?); allowed keys: name, start, end, default, control, note, sources",
      "s.yaml:8:14: 'control' must be a mapping, not a list",
      "s.yaml:10:39: [67.1, 36.7] is not in or near Afghanistan (it looks like [longitude, latitude]; write [latitude, longitude])"]),
]


@pytest.mark.parametrize("text, expected", CASES)
def test_broken_scenario_messages(invoke, write, tmp_path, monkeypatch, text, expected):
    write(text)
    monkeypatch.chdir(tmp_path)
    result = invoke("check", "s.yaml", "--geodata", _geodata())
    assert result.exit_code == 1
    n = len(expected)
    assert result.stderr.splitlines() == [*expected, f"{n} problem{'s' if n > 1 else ''} found"]
    assert result.stdout == ""


def _geodata():
    from helpers import GEODATA
    return GEODATA


def test_not_utf8(invoke, write, tmp_path, monkeypatch):
    write(FACTIONS.encode() + b"periods:\n  - name: Kunduz \xe9t\xe9\n")
    monkeypatch.chdir(tmp_path)
    result = invoke("check", "s.yaml", "--geodata", _geodata())
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == "s.yaml:5:18: not UTF-8 text (byte 0xe9); save the file as UTF-8"


def test_overlap_across_files(invoke, write, tmp_path, monkeypatch):
    write(FACTIONS, "folder/factions.yaml")
    write("""\
        periods:
          - name: Taliban era
            start: 1996-09-27
            end: 2001-11-13
            default: taliban
        """, "folder/a.yaml")
    write("""\
        periods:
          - name: Kabul falls
            start: 2001-11-12
            control:
              Kabul: united-front
        """, "folder/b.yaml")
    monkeypatch.chdir(tmp_path)
    result = invoke("check", "folder", "--geodata", _geodata())
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "folder/b.yaml:5:7: period 'Kabul falls' overlaps period 'Taliban era' (folder/a.yaml:2) "
        "from 2001-11-12 to 2001-11-13 for Kabul; a province can have only one holder at a time: "
        "end one period before the other starts",
        "1 problem found",
    ]


def test_every_error_of_every_file_at_once(invoke, write, tmp_path, monkeypatch):
    write(FACTIONS + "periods:\n  - {name: P, start: 1996-13-01, default: x}\n", "f/a.yaml")
    write("periods:\n  - {name: Q, start: 1997-01-01, control: {Kabull: taliban}}\n", "f/b.yaml")
    monkeypatch.chdir(tmp_path)
    result = invoke("check", "f", "--geodata", _geodata())
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "f/a.yaml:5:22: '1996-13-01' is not a real date; write YYYY-MM-DD",
        "f/a.yaml:5:43: unknown faction 'x'",
        "f/b.yaml:2:44: unknown province 'Kabull' (did you mean 'Kabul'?)",
        "3 problems found",
    ]


def test_missing_path(invoke, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke("check", "nowhere.yaml", "--geodata", _geodata())
    assert result.exit_code == 1
    assert result.stderr == ("nowhere.yaml: no such file or folder (give --scenario a scenario "
                             "YAML file or folder)\n1 problem found\n")


def test_alias_bomb_is_refused_quickly(invoke, write, tmp_path, monkeypatch):
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev, cur = chr(96 + i), chr(97 + i)
        lines.append(f"{cur}: &{cur} [{', '.join(['*' + prev] * 9)}]")
    write("\n".join(lines) + "\n")
    monkeypatch.chdir(tmp_path)
    result = invoke("check", "s.yaml", "--geodata", _geodata())
    assert result.exit_code == 1
    assert "aliases expand this document to more than 200,000 values" in result.stderr


# ---- limits: the value at each limit passes, one more is refused where it stands ----------

def _text_limits():
    from afmap.scenario import MAX_COLOR, MAX_ID, MAX_NAME, MAX_NOTE, MAX_SOURCE

    short = "shorten it; put the detail in 'note'"
    split = "split it or cite the work instead"
    entry = ("  - name: P\n    start: 1996-09-27\n    default: taliban\n    control:\n"
             "      Kabul: {faction: taliban, note: @@, sources: [a, @@]}\n")
    return [  # (what, limit, YAML with @@ for the value, message after "N characters long; ")
        ("title", MAX_NAME, "title: @@\n" + FACTIONS, short),
        ("description", MAX_NOTE, "description: @@\n" + FACTIONS, split),
        ("name", MAX_NAME, FACTIONS + "  isa: {name: @@, color: teal}\n", short),
        ("short", MAX_NAME, FACTIONS + "  isa: {name: I, short: @@, color: teal}\n", short),
        ("note", MAX_NOTE, FACTIONS + "  isa: {name: I, note: @@, color: teal}\n", split),
        ("colour", MAX_COLOR, FACTIONS + "  isa: {name: I, color: '#@@'}\n",
         "use e.g. '#2b6cb0' or 'teal'"),
        ("name", MAX_NAME, FACTIONS + "periods:\n  - {name: @@, start: 1996-09-27}\n", short),
        ("note", MAX_NOTE, FACTIONS + "periods:\n" + entry.replace("@@, sources: [a, @@]",
                                                                  "@@, sources: [a]"), split),
        ("this source", MAX_SOURCE, FACTIONS + "periods:\n" + entry.replace("note: @@, ", ""),
         "cite the work: author, title, year and page, not its text"),
        ("name", MAX_NAME, FACTIONS + "events:\n  - {date: 1998-08-08, name: @@, "
         "at: [36.7, 67.1]}\n", short),
        ("this faction id", MAX_ID, FACTIONS + "  i@@: {name: I, color: teal}\n",
         "use a short id such as 'united-front'"),
    ]


@pytest.mark.parametrize("what, limit, text, hint", _text_limits(),
                         ids=lambda v: str(v)[:12] if isinstance(v, str) else None)
def test_each_text_limit(invoke, write, tmp_path, monkeypatch, what, limit, text, hint):
    monkeypatch.chdir(tmp_path)
    if "periods:" not in text:   # a scenario with nothing to map is refused on its own
        text += "periods:\n  - {name: P, start: 1996-09-27, default: taliban}\n"
    extra = 1 if what in ("colour", "this faction id") else 0   # the '#' or 'i' before @@
    at_limit = text.replace("@@", "a" * (limit - extra))
    if what == "colour":   # a colour at its length limit: white space around a real one
        at_limit = text.replace("'#@@'", "'" + "teal".center(limit) + "'")
    write(at_limit)
    result = invoke("check", "s.yaml", "--geodata", _geodata())
    assert (result.exit_code, result.stderr) == (0, ""), result.stderr
    over = "a" * (limit + 7)
    lines = write(text.replace("@@", over)).read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines) if over in text)
    start = {"colour": "'#", "this faction id": "i"}.get(what, "")  # where the value begins
    col = lines[line].index(start + over) + 1
    result = invoke("check", "s.yaml", "--geodata", _geodata())
    assert result.exit_code == 1
    n = len(over) + extra
    assert result.stderr.splitlines() == [
        f"s.yaml:{line + 1}:{col}: {what} is {n:,} characters long; the limit is {limit:,} "
        f"({hint})", "1 problem found"]


def test_a_long_province_name_is_refused_at_its_key(invoke, write, tmp_path, monkeypatch):
    write(FACTIONS + "periods:\n  - name: P\n    start: 1996-09-27\n    control:\n"
          f"      {'K' * 301}: taliban\n")
    monkeypatch.chdir(tmp_path)
    result = invoke("check", "s.yaml", "--geodata", _geodata())
    assert result.stderr.splitlines() == [
        "s.yaml:8:7: this province name is 301 characters long; the limit is 300 (write the "
        "province's name, alias or ISO code)", "1 problem found"]


def test_list_limits(invoke, write, tmp_path, monkeypatch):
    from afmap.scenario import MAX_CONTESTED_BY, MAX_SOURCES

    ids = [f"f{i}" for i in range(MAX_CONTESTED_BY + 1)]
    factions = FACTIONS + "".join(f"  {i}: {{name: {i}, color: teal}}\n" for i in ids)

    def text(n_sources: int, n_challengers: int) -> str:
        return factions + (
            "periods:\n  - name: P\n    start: 1996-09-27\n"
            f"    sources: [{', '.join(['s'] * n_sources)}]\n"
            "    control:\n"
            f"      Kabul: {{faction: taliban, status: contested, contested_by: "
            f"[{', '.join(ids[:n_challengers])}]}}\n")

    monkeypatch.chdir(tmp_path)
    write(text(MAX_SOURCES, MAX_CONTESTED_BY))
    assert invoke("check", "s.yaml", "--geodata", _geodata()).exit_code == 0
    write(text(MAX_SOURCES + 1, MAX_CONTESTED_BY + 1))
    result = invoke("check", "s.yaml", "--geodata", _geodata())
    assert result.stderr.splitlines() == [
        "s.yaml:18:14: 'sources' lists 101 sources; the limit is 100 (cite the works that "
        "support this claim most directly)",
        "s.yaml:20:66: 'contested_by' lists 11 factions; the limit is 10 (list the main "
        "challengers)",
        "2 problems found"]


def _factions(ids) -> str:
    return "factions:\n" + "".join(f"  {i}: {{name: {i}, color: teal}}\n" for i in ids)


def test_faction_limit_counts_every_file(invoke, write, tmp_path, monkeypatch):
    from afmap.scenario import MAX_FACTIONS

    monkeypatch.chdir(tmp_path)
    write(_factions(f"a{i}" for i in range(150)), "ok/a.yaml")
    write(_factions(f"b{i}" for i in range(MAX_FACTIONS - 150)), "ok/b.yaml")
    write("periods:\n  - {name: p, start: 1990-01-01, default: a0}\n", "ok/p.yaml")
    assert invoke("check", "ok", "--geodata", _geodata()).exit_code == 0
    write(_factions(f"a{i}" for i in range(150)), "over/a.yaml")
    write(_factions(["a3", *(f"b{i}" for i in range(20_000))]), "over/b.yaml")
    result = invoke("check", "over", "--geodata", _geodata())
    assert result.stderr.splitlines() == [
        "over/b.yaml:53:3: faction 201 of 20,150: a scenario has at most 200 factions (a legend "
        "of more is unreadable; merge minor ones)", "1 problem found"]


def _periods(n: int) -> str:
    import datetime as dt

    day = dt.date(1978, 4, 27)
    return "periods:\n" + "".join(
        f"  - {{name: p, start: {day + dt.timedelta(i)}, end: {day + dt.timedelta(i + 1)}, "
        f"control: {{Kabul: taliban}}}}\n" for i in range(n))


def test_period_and_event_limits(invoke, write, tmp_path, monkeypatch):
    from afmap.scenario import MAX_EVENTS, MAX_PERIODS

    event = "  - {date: 1998-08-08, name: e, at: [36.7, 67.1]}\n"
    monkeypatch.chdir(tmp_path)
    write(FACTIONS + _periods(MAX_PERIODS) + "events:\n" + event * MAX_EVENTS, "ok.yaml")
    assert invoke("check", "ok.yaml", "--geodata", _geodata()).exit_code == 0
    write(FACTIONS + _periods(MAX_PERIODS + 1) + "events:\n" + event * (MAX_EVENTS + 1),
          "over.yaml")
    result = invoke("check", "over.yaml", "--geodata", _geodata())
    assert result.stderr.splitlines() == [
        "over.yaml:10005:5: period 10,001 of 10,001: a scenario has at most 10,000 periods "
        "(split the history into scenarios of one era each)",
        "over.yaml:12007:5: event 2,001 of 2,001: a scenario has at most 2,000 events (split "
        "the history into scenarios of one era each)",
        "2 problems found"]


def test_a_scenario_with_nothing_to_map_is_refused(invoke, write):
    path = write(FACTIONS)
    result = invoke("check", path, "--geodata", _geodata())
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{path}: no changes, so there is nothing to map; add a change (date, province, "
        "holder, sources)", "1 problem found"]
    assert invoke("render", "--scenario", path, "--geodata", _geodata(),
                  "--out", path.with_suffix(".html")).exit_code == 1
    assert not path.with_suffix(".html").exists()

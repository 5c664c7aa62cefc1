"""`afmap check`: every broken-scenario rule, with its exact message and position."""

from __future__ import annotations

import pytest

from conftest import FACTIONS, MINI


def test_valid_scenario_passes(invoke):
    result = invoke("check", MINI)
    assert result.exit_code == 0
    assert result.stdout == f"{MINI}: ok\n"
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
    from conftest import GEODATA
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

"""The claim form as a user meets it: changes that hold until the next, EDTF dates, works by key.

Each scenario here is written as a user would write it and run through the
command line (``check``, ``control``, ``sources``, ``migrate``).
"""

from __future__ import annotations

import csv
import io
import json
import tarfile
from pathlib import Path

import pytest
from helpers import FACTIONS, GEODATA, MINI, ROOT

from afmap import api
from afmap.edtfdates import EdtfError, parse

CLAIMS = FACTIONS + """\
bibliography:
  rashid-2000:
    type: book
    author: Ahmed Rashid
    title: "Taliban: Militant Islam, Oil and Fundamentalism in Central Asia"
    publisher: Yale University Press
    date: 2000
  bbc-1998:
    type: news
    title: Taleban 'capture' Mazar-i-Sharif
    container: BBC News
    date: 1998-08-08
    url: https://news.bbc.co.uk/2/hi/south_asia/147626.stm
    accessed: 2026-11-30
eras:
  - name: The Taliban advance north
    start: 1996-09-27
    note: The narrative of the era, which no province cites.
    sources: ["An era's own source"]
changes:
  - date: 1996-09-27
    provinces: [Kabul, Kandahar]
    holder: taliban
    label: Fall of Kabul
    sources: [{cite: rashid-2000, at: p. 48}]
  - date: 1996-10
    province: Balkh
    holder: united-front
    label: Dostum holds Mazar-i-Sharif
    note: Held through 1997.
    sources: ["Plain source on Balkh"]
  - date: 1998-08-08
    province: Balkh
    holder: taliban
    label: Fall of Mazar-i-Sharif
    sources: [{cite: bbc-1998, quote: The Taleban say they have captured Mazar-i-Sharif}]
  - date: 1998-22~
    until: 1999
    province: Herat
    holder: taliban
    status: contested
    contested_by: [united-front]
    label: Fighting near Herat
    sources: ["A source on Herat"]
"""


def rows(invoke, path, date):
    result = invoke("control", "--date", date, "--scenario", path, "--geodata", GEODATA,
                    "--format", "json")
    assert result.exit_code == 0, result.output
    return {r["province"]: r for r in json.loads(result.stdout)}


def test_a_claim_holds_until_the_next_change_of_its_province(invoke, write):
    path = write(CLAIMS)
    assert invoke("check", path, "--geodata", GEODATA).stdout == f"{path}: ok\n"
    before = rows(invoke, path, "1996-09-30")
    assert before["Balkh"]["status"] == "no-data"
    mid = rows(invoke, path, "1997-05-01")
    assert (mid["Balkh"]["faction"], mid["Balkh"]["note"]) == ("united-front", "Held through 1997.")
    assert mid["Balkh"]["start"] == "1996-10-01" and mid["Balkh"]["end"] == "1998-08-08"
    assert mid["Kabul"]["faction"] == "taliban" and mid["Kabul"]["end"] is None
    after = rows(invoke, path, "1998-08-08")
    assert after["Balkh"]["faction"] == "taliban"
    assert after["Balkh"]["period"] == "Fall of Mazar-i-Sharif"


def test_a_claim_cites_its_own_sources_never_the_eras(invoke, write):
    kabul = rows(invoke, write(CLAIMS), "1997-01-01")["Kabul"]
    assert kabul["sources"] == ["Ahmed Rashid, 'Taliban: Militant Islam, Oil and Fundamentalism "
                                "in Central Asia', Yale University Press, 2000, p. 48"]
    balkh = rows(invoke, write(CLAIMS), "1998-08-09")["Balkh"]
    assert balkh["sources"] == [
        "'Taleban 'capture' Mazar-i-Sharif', BBC News, 8 August 1998, "
        "https://news.bbc.co.uk/2/hi/south_asia/147626.stm, accessed 2026-11-30: "
        "'The Taleban say they have captured Mazar-i-Sharif'"]
    for row in rows(invoke, write(CLAIMS), "1999-06-01").values():
        assert "An era's own source" not in row["sources"]


def test_imprecise_dates_draw_on_their_first_day_and_say_so(invoke, write):
    path = write(CLAIMS)
    assert rows(invoke, path, "1998-05-31")["Herat"]["status"] == "no-data"
    herat = rows(invoke, path, "1998-06-01")["Herat"]
    assert (herat["status"], herat["contested_by"]) == ("contested", ["united-front"])
    assert (herat["start"], herat["start_edtf"], herat["start_precision"]) == \
        ("1998-06-01", "1998-22~", "season, approximate")
    assert (herat["end"], herat["end_edtf"], herat["end_precision"]) == ("1999-01-01", "1999", "year")
    assert rows(invoke, path, "1999-01-01")["Herat"]["status"] == "no-data"  # 'until' leaves a gap
    balkh = rows(invoke, path, "1996-10-01")["Balkh"]
    assert (balkh["start_edtf"], balkh["start_precision"]) == ("1996-10", "month")
    out = invoke("control", "--date", "1998-07-01", "--scenario", path, "--geodata", GEODATA,
                 "--format", "csv").stdout
    herat_csv = next(r for r in csv.DictReader(io.StringIO(out)) if r["province"] == "Herat")
    assert herat_csv["start_precision"] == "season, approximate"


def test_the_state_runs_from_the_claim_that_began_it(invoke, write):
    text = CLAIMS + """\
  - date: 1997-06-01
    province: Kabul
    holder: taliban
    label: Same holder, a new source
    sources: ["A later report on Kabul"]
"""
    kabul = rows(invoke, write(text), "1998-01-01")["Kabul"]
    assert (kabul["start"], kabul["held_since"]) == ("1997-06-01", "1996-09-27")


@pytest.mark.parametrize("text, words", [
    ("2001-11-13", "13 November 2001"), ("1998-08", "August 1998"), ("1995", "1995"),
    ("1998-22", "summer 1998"), ("1998-24?", "winter 1998, uncertain"), ("199X", "the 1990s"),
    ("1996-09-27%", "27 September 1996, approximate and uncertain"),
])
def test_edtf_dates_in_words(text, words):
    assert parse(text).words() == words


@pytest.mark.parametrize("text", ["1998-13", "summer 1998", "1996/1998", "1998-02-30", "1850",
                                  "2001-11-1X", "98", "{1998,1999}"])
def test_what_is_not_an_edtf_date_afmap_draws(text):
    with pytest.raises(EdtfError):
        parse(text)


def test_two_files_may_not_give_one_province_two_states_on_one_day(invoke, tmp_path):
    folder = tmp_path / "s"
    folder.mkdir()
    (folder / "a.yaml").write_text(CLAIMS, encoding="utf-8")
    (folder / "b.yaml").write_text(
        "changes:\n  - {date: 1998-08-08, province: Balkh, holder: united-front, "
        "sources: [x]}\n", encoding="utf-8")
    result = invoke("check", folder, "--geodata", GEODATA)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].startswith(f"{folder}/b.yaml:2:34: two changes give "
                                                    "Balkh different states from 1998-08-08 (this "
                                                    f"one and {folder}/a.yaml:")


def test_a_change_may_not_run_into_a_period_of_the_older_form(invoke, tmp_path):
    folder = tmp_path / "s"
    folder.mkdir()
    (folder / "a.yaml").write_text(CLAIMS, encoding="utf-8")
    (folder / "b.yaml").write_text(
        "periods:\n  - {name: Old, start: 1999-01-01, control: {Kabul: united-front}}\n",
        encoding="utf-8")
    result = invoke("check", folder, "--geodata", GEODATA)
    assert result.exit_code == 1
    assert "the change of Kabul from 1996-09-27 overlaps period 'Old'" in result.stderr


def test_sources_lists_the_works_of_a_map(invoke, write):
    path = write(CLAIMS)
    text = invoke("sources", "--date", "1998-09-01", "--scenario", path, "--geodata", GEODATA)
    assert text.exit_code == 0, text.output
    lines = text.stdout.splitlines()
    assert lines[0] == "2 works cited by key"
    rashid = next(line for line in lines if line.startswith("[rashid-2000] "))
    assert rashid.startswith("[rashid-2000] Ahmed Rashid, 'Taliban") and "(cited 2 times)" in rashid
    assert "2 sources given as plain text" in lines
    assert "- An era's own source" in lines and "- A source on Herat" in lines
    csl = json.loads(invoke("sources", "--scenario", path, "--geodata", GEODATA,
                            "--format", "csl-json").stdout)
    bbc = next(item for item in csl if item["id"] == "bbc-1998")
    assert bbc["type"] == "article-newspaper"
    assert bbc["issued"] == {"date-parts": [[1998, 8, 8]]}
    assert bbc["accessed"] == {"date-parts": [[2026, 11, 30]]}
    bib = invoke("sources", "--scenario", path, "--geodata", GEODATA, "--format", "bibtex").stdout
    assert "@book{rashid-2000," in bib and "  publisher = {Yale University Press}" in bib
    assert "  url = {https://news.bbc.co.uk/2/hi/south_asia/147626.stm}" in bib


def test_bibtex_keeps_tex_out_of_titles():
    from afmap.bibliography import CitedWork, bibtex
    from afmap.scenario import Work

    text = bibtex([CitedWork("x", Work(title="50% of {districts} & $5 \\cite{y}"))])
    assert "title = {50\\% of \\{districts\\} \\& \\$5 \\textbackslash{}cite\\{y\\}}" in text


# --- migrate: the older period form, rewritten, nothing lost --------------------------

def _states(timeline, days):
    return [[(a.code, a.faction, a.status, a.contested_by) for a in timeline.at(d)] for d in days]


def test_migrate_keeps_every_state_of_the_shipped_period_form(invoke, tmp_path):
    old = tmp_path / "old"
    with tarfile.open(ROOT / "tests/data/period-form/shipped-2026-12-01.tar.gz") as tar:
        tar.extractall(old, filter="data")
    out = tmp_path / "new"
    result = invoke("migrate", old, "--out", out, "--geodata", GEODATA)
    assert result.exit_code == 0, result.output
    assert f"{old}/1996-2001-taliban-united-front.yaml: 15 eras, 42 changes, written to " \
        f"{out}/1996-2001-taliban-united-front.yaml" in result.stdout.splitlines()
    before, after = api.load(old, GEODATA), api.load(out, GEODATA)
    days = before.timeline.change_dates()
    assert len(days) >= 75
    assert _states(after.timeline, days) == _states(before.timeline, days)
    assert not any(m.periods for _, m in after.files)
    check = invoke("check", out, "--geodata", GEODATA)
    assert check.stdout == f"{out}: ok\n"
    # the period's note and sources are kept, on its era
    eras = [e for _, m in after.files for e in m.eras]
    periods = [p for _, m in before.files for p in m.periods]
    assert [(e.name, e.note) for e in eras] == [(p.name, p.note) for p in periods]
    size = sum(p.stat().st_size for p in out.glob("*.yaml"))
    assert size < sum(p.stat().st_size for p in old.glob("*.yaml")) / 3


def test_migrate_in_place_keeps_the_original(invoke, tmp_path):
    folder = tmp_path / "mini"
    folder.mkdir()
    for path in MINI.glob("*.yaml"):
        (folder / path.name).write_bytes(path.read_bytes())
    original = (folder / "1996-1998.yaml").read_bytes()
    result = invoke("migrate", folder, "--geodata", GEODATA)
    assert result.exit_code == 0, result.output
    assert (folder / "1996-1998.yaml.orig").read_bytes() == original
    assert "changes:" in (folder / "1996-1998.yaml").read_text(encoding="utf-8")
    assert invoke("check", folder, "--geodata", GEODATA).stdout == f"{folder}: ok\n"
    again = invoke("migrate", folder, "--geodata", GEODATA)
    assert (again.exit_code, again.stdout) == (0, f"{folder}: no file in the period form; nothing to do\n")


def test_migrate_refuses_a_broken_scenario_and_writes_nothing(invoke, write, tmp_path):
    path = write("periods:\n  - {name: P, start: 1998-13-01, default: taliban}\n")
    before = path.read_bytes()
    result = invoke("migrate", path, "--geodata", GEODATA)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{path}:2:")
    assert path.read_bytes() == before
    assert not path.with_name(path.name + ".orig").exists()


def test_migrate_says_comments_are_not_carried(invoke, write):
    path = write(FACTIONS + "# a comment of the user's\nperiods:\n"
                 "  - {name: P, start: 1996-09-27, default: taliban, sources: [s]}\n")
    result = invoke("migrate", path, "--geodata", GEODATA)
    assert result.exit_code == 0, result.output
    assert result.stderr == (f"{path}: 1 comment line was not carried over; copy what you need "
                             "from the original\n")
    assert Path(f"{path}.orig").read_text(encoding="utf-8").count("a comment") == 1


@pytest.mark.parametrize("text", ["1998", "1998-02", "2000-02", "1998-21", "1998-22", "1998-23",
                                  "1998-24", "2001-11-13", "2000-02-29", "1998-07?", "1998-22~",
                                  "199X", "19XX", "1998-XX", "1998-07-XX"])
def test_bounds_agree_with_the_edtf_package(text):
    import edtf

    parsed = edtf.parse_edtf(text.rstrip("?~%"))
    lower, upper = parsed.lower_strict(), parsed.upper_strict()
    when = parse(text)
    assert (when.first.timetuple()[:3], when.last.timetuple()[:3]) == (lower[:3], upper[:3])

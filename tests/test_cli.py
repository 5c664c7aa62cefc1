"""The command line as a user meets it: messages, formats, exit codes, files."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest
from helpers import GEODATA, MINI

from afmap.cli import cli

KEYS = {"code", "province", "faction", "faction_name", "status", "period", "sources"}


def test_control_json_rows(invoke):
    result = invoke("control", "--date", "1997-06-01", "--scenario", MINI, "--format", "json")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert len(rows) == 34
    assert all(KEYS <= row.keys() for row in rows)
    by_code = {r["code"]: r for r in rows}
    assert by_code["AF-KAB"]["faction"] == "taliban"
    assert by_code["AF-KAB"]["faction_name"] == "Taliban (Islamic Emirate)"
    assert by_code["AF-BDS"]["faction"] == "united-front"
    parwan = by_code["AF-PAR"]
    assert parwan["status"] == "contested"
    assert parwan["contested_by"] == ["taliban"]
    assert parwan["note"] == "Shomali front line"
    assert parwan["sources"] == ["Test source B", "Test source A"]
    assert parwan["period"] == "Taliban hold Kabul; United Front in the north-east"
    assert parwan["start"] == "1996-09-27" and parwan["end"] == "1998-08-08"


def test_control_half_open_periods(invoke):
    def holder(day, code="AF-BAL"):
        out = invoke("control", "--date", day, "--scenario", MINI, "--format", "json").stdout
        return {r["code"]: r for r in json.loads(out)}[code]

    assert holder("1998-08-07")["faction"] == "junbish"
    assert holder("1998-08-08")["faction"] == "taliban"   # end is exclusive, start inclusive
    assert holder("1996-09-26")["status"] == "no-data"
    assert holder("1996-09-26")["faction"] is None


def test_control_csv_and_table(invoke):
    out = invoke("control", "--year", "1997", "--scenario", MINI, "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 34
    assert rows[0]["date"] == "1997-07-01"  # the year's reference date
    parwan = next(r for r in rows if r["code"] == "AF-PAR")
    assert parwan["sources"] == "Test source B | Test source A"
    table = invoke("control", "--year", "1997", "--scenario", MINI).stdout.splitlines()
    assert table[0].split() == ["CODE", "PROVINCE", "FACTION", "STATUS", "SINCE", "CHANGE"]
    assert len(table) == 35
    assert any(line.startswith("AF-PAR") and "contested by taliban" in line for line in table)


@pytest.mark.parametrize("args, message", [
    (["control"], "Error: give --year YEAR or --date YYYY-MM-DD"),
    (["control", "--year", "1998", "--date", "1998-01-01"], "Error: give --year or --date, not both"),
    (["control", "--date", "1998-02-30"],
     "Error: Invalid value for '--date': '1998-02-30' is not a real date; write YYYY-MM-DD, e.g. 1996-09-27"),
    (["control", "--date", "2999-01-01"],
     "Error: Invalid value for '--date': 2999-01-01 is in the future; afmap maps what happened"),
    (["render", "--year", "1850"], "Error: Invalid value for '--year': 1850 is not a year from 1900 to"),
    (["control", "--year", "1998", "--format", "xml"], "Error: Invalid value for '--format': 'xml' is not one of"),
])
def test_usage_errors_exit_2(invoke, args, message):
    result = invoke(*args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_bad_scenario_exits_1_without_traceback(invoke, write):
    path = write("periods: 3\n")
    result = invoke("control", "--year", "1998", "--scenario", path)
    assert result.exit_code == 1
    assert result.stderr == f"{path}:1:10: 'periods' must be a list, not '3'\n"
    assert result.stdout == ""


def test_bad_geodata_exits_1(invoke, write, tmp_path):
    broken = tmp_path / "p.geojson"
    broken.write_text('{"type": "FeatureCollection", "features": [\n  {"type": "Feature"', encoding="utf-8")
    result = invoke("control", "--year", "1998", "--scenario", MINI, "--geodata", broken)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{broken}:2:")
    assert "not valid JSON" in result.stderr


def test_render_year_writes_default_path(invoke, in_tmp):
    result = invoke("render", "--year", "1998", "--scenario", MINI)
    assert result.exit_code == 0, result.stderr
    out = in_tmp / "output" / "afmap-1998.html"
    assert result.stdout == "wrote output/afmap-1998.html\n"
    html = out.read_text(encoding="utf-8")
    assert "1 July 1998" in html
    assert "Taliban (Islamic Emirate)" in html


def test_render_date_and_timeline_paths(invoke, in_tmp):
    assert invoke("render", "--date", "1996-09-27", "--scenario", MINI).exit_code == 0
    assert (in_tmp / "output" / "afmap-1996-09-27.html").exists()
    assert invoke("render", "--scenario", MINI).exit_code == 0
    assert (in_tmp / "output" / "afmap-timeline.html").exists()


def test_render_is_deterministic(invoke, in_tmp):
    invoke("render", "--year", "1997", "--scenario", MINI, "--out", "a.html")
    invoke("render", "--year", "1997", "--scenario", MINI, "--out", "b.html")
    assert (in_tmp / "a.html").read_bytes() == (in_tmp / "b.html").read_bytes()


def test_failed_render_leaves_earlier_output_untouched(invoke, in_tmp, write):
    assert invoke("render", "--year", "1997", "--scenario", MINI).exit_code == 0
    out = in_tmp / "output" / "afmap-1997.html"
    before = out.read_bytes()
    bad = write("periods:\n  - {name: P, start: 1996-01-01, default: nobody}\n", "bad.yaml")
    result = invoke("render", "--year", "1997", "--scenario", bad)
    assert result.exit_code == 1
    assert result.stderr == f"{bad}:2:43: unknown faction 'nobody' (no factions are defined; add them under 'factions:')\n"
    assert out.read_bytes() == before
    assert sorted(p.name for p in out.parent.iterdir()) == ["afmap-1997.html"]


def test_render_to_unwritable_place(invoke, in_tmp):
    (in_tmp / "blocker").write_text("a file, not a folder")
    result = invoke("render", "--year", "1997", "--scenario", MINI, "--out", "blocker/map.html")
    assert result.exit_code == 1
    assert result.stderr.startswith("blocker: cannot create the output folder:")


def test_every_command_has_help_with_examples(invoke):
    for name in cli.commands:
        result = invoke(name, "--help")
        assert result.exit_code == 0
        assert "Examples:" in result.stdout, name
        assert f"afmap {name}" in result.stdout, name


def test_help_does_not_import_heavy_libraries():
    code = ("import sys; from click.testing import CliRunner; from afmap.cli import cli; "
            "r = CliRunner().invoke(cli, ['--help']); assert r.exit_code == 0; "
            "print(sorted(m for m in ('geopandas', 'folium', 'shapely', 'pandas', 'matplotlib', "
            "'pydantic', 'ruamel') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_python_m_afmap(tmp_path):
    out = subprocess.run([sys.executable, "-m", "afmap", "--help"], capture_output=True, text=True)
    assert out.returncode == 0
    assert "Usage: afmap" in out.stdout


def test_schema_command_prints_shipped_schema(invoke):
    from afmap.schema import SCHEMA_FILE

    result = invoke("schema")
    assert result.exit_code == 0
    assert result.stdout == SCHEMA_FILE.read_text(encoding="utf-8")
    schema = json.loads(result.stdout)
    assert set(schema["properties"]) == {"title", "description", "factions", "bibliography",
                                         "eras", "changes", "periods", "events"}


def test_schema_accepts_shipped_and_test_scenarios():
    import jsonschema
    import yaml

    from afmap.schema import scenario_schema

    def as_editor_sees(value):  # a YAML language server reads dates as strings
        if isinstance(value, dict):
            return {k: as_editor_sees(v) for k, v in value.items()}
        if isinstance(value, list):
            return [as_editor_sees(v) for v in value]
        return value.isoformat() if hasattr(value, "isoformat") else value

    validator = jsonschema.Draft202012Validator(scenario_schema())
    files = sorted(MINI.glob("*.yaml")) + sorted((GEODATA.parents[1] / "scenarios").glob("*.yaml"))
    for path in files:
        data = as_editor_sees(yaml.safe_load(path.read_text(encoding="utf-8")))
        errors = [e.message for e in validator.iter_errors(data)]
        assert errors == [], path


def test_an_unknown_tile_layer_is_wrong_usage(invoke):
    result = invoke("render", "--year", "1997", "--scenario", MINI, "--tiles", "Nonsense.Tiles",
                    "--out", "/tmp/afmap-never-written.html")
    assert result.exit_code == 2
    assert result.stderr.startswith("unknown tile layer 'Nonsense.Tiles'; use an xyzservices name")


@pytest.mark.parametrize("args, message", [
    (("--date", "20010101"), "'20010101' is not a date written YYYY-MM-DD, e.g. 1996-09-27"),
    (("--date", "2001-1-1"), "'2001-1-1' is not a date written YYYY-MM-DD, e.g. 1996-09-27"),
    (("--year", "\uff11\uff19\uff19\uff18"), "'\uff11\uff19\uff19\uff18' is not a year; write four digits, e.g. 1998"),
    (("--year", "1_998"), "'1_998' is not a year; write four digits, e.g. 1998"),
])
def test_dates_and_years_are_written_as_documented(invoke, args, message):
    result = invoke("control", *args, "--scenario", MINI)
    assert result.exit_code == 2
    assert message in result.stderr

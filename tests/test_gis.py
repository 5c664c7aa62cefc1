"""The GeoPackages as GIS users open them: GDAL's own ``ogrinfo`` reads them without a warning.

Debian bookworm ships GDAL 3.6 (and QGIS 3.22, which reads through it); ``make test``
installs ``gdal-bin`` as it installs Chromium. Without ``ogrinfo`` on PATH the test skips
and says why.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest
from helpers import GEODATA, ROOT

OGRINFO = shutil.which("ogrinfo")
pytestmark = pytest.mark.skipif(
    OGRINFO is None, reason="ogrinfo (GDAL's command-line tools) is not on PATH; "
    "Debian: apt-get install gdal-bin (make test installs it)")

SCENARIOS = ROOT / "scenarios"


def ogrinfo(*args: str) -> str:
    """``ogrinfo``'s report; it must succeed and print nothing on stderr (no warning)."""
    done = subprocess.run([OGRINFO, "-ro", *args], capture_output=True, text=True)
    assert (done.returncode, done.stderr) == (0, "")
    return done.stdout


def fields(report: str) -> dict[str, str]:
    """``{name: OGR type}`` of the fields ``ogrinfo -so`` lists."""
    return dict(re.findall(r"^(\w+): (\w+) \(", report, re.MULTILINE))


def export(invoke, *args) -> None:
    result = invoke("export", "--scenario", SCENARIOS, "--geodata", GEODATA, *args)
    assert result.exit_code == 0, result.output


def test_the_gpkg_of_a_year_opens_in_gdal_with_date_fields(invoke, tmp_path):
    out = tmp_path / "afg.gpkg"
    export(invoke, "--year", "1998", "--out", out)
    report = ogrinfo("-so", "-al", str(out))
    assert "using driver `GPKG' successful" in report and "Feature Count: 34\n" in report
    types = fields(report)
    assert {types[f] for f in ("date", "start", "end")} == {"DateTime"}
    assert types["code"] == types["faction"] == "String"


def test_the_timeline_gpkg_opens_in_gdal_with_start_and_end_dates(invoke, tmp_path):
    gpkg, geojson = tmp_path / "t.gpkg", tmp_path / "t.geojson"
    export(invoke, "--timeline", "--out", gpkg)
    export(invoke, "--timeline", "--out", geojson)
    claims = json.loads(geojson.read_text(encoding="utf-8"))["features"]
    report = ogrinfo("-so", "-al", str(gpkg))
    assert f"Feature Count: {len(claims)}\n" in report
    assert fields(report)["start"] == fields(report)["end"] == "DateTime"
    # Kabul's claims, as GDAL reads their dates, are the ones the GeoJSON carries
    kabul = ogrinfo("-al", "-q", "-where", "code = 'AF-KAB'", str(gpkg))
    read = re.findall(r"^  (start|end) \(DateTime\) = (\S+)", kabul, re.MULTILINE)
    seen = [value.replace("/", "-") if value != "(null)" else None for _, value in read]
    expected = [c["properties"][k] for c in claims if c["properties"]["code"] == "AF-KAB"
                for k in ("start", "end")]
    assert seen == expected and len(expected) > 4 and expected[-1] is None

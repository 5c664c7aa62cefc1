"""The Python API as a notebook user meets it: docs/example.ipynb, run headless (nbclient)."""

from __future__ import annotations

import datetime as dt

import pytest
from helpers import GEODATA, ROOT

import afmap


def test_the_example_notebook_runs_and_shows_the_map():
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    notebook = nbformat.read(ROOT / "docs" / "example.ipynb", as_version=4)
    nbclient.NotebookClient(notebook, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(ROOT)}}).execute()
    outputs = [cell.outputs for cell in notebook.cells if cell.cell_type == "code"]
    assert outputs[0][0]["data"]["text/plain"].startswith("<afmap.Scenario: ")
    assert outputs[1][0]["data"]["text/plain"] == "(34, 4326)"
    assert "taliban" in outputs[2][0]["data"]["text/plain"]
    page = outputs[4][0]["data"]["text/html"]
    assert page.startswith('<iframe srcdoc="&lt;!DOCTYPE html&gt;')
    assert "Territorial control in Afghanistan" in page


def test_control_frame_is_a_geodataframe_of_the_day():
    frame = afmap.control_frame(dt.date(1998, 7, 1), geodata=GEODATA)
    assert len(frame) == 34 and frame.crs.to_epsg() == 4326
    kabul = frame.set_index("province").loc["Kabul"]
    assert (kabul["faction"], kabul["status"]) == ("taliban", "controlled")
    assert kabul["sources"] and kabul["geometry"].geom_type in ("Polygon", "MultiPolygon")
    assert list(frame.columns) == [*afmap.notebook.COLUMNS, "geometry"]


def test_claims_and_reprs_are_short():
    history = afmap.load(geodata=GEODATA)
    assert len(repr(history)) < 200 and len(repr(history.timeline)) < 200
    table = afmap.claims(geodata=GEODATA)
    assert len(table) == len(history.timeline.segments)
    m = afmap.map(year=1998, geodata=GEODATA)
    assert repr(m).startswith("<afmap.Map 'Territorial control in Afghanistan', 1998-07-01, ")
    assert m._repr_html_().startswith("<iframe srcdoc=")


def test_import_afmap_is_light():
    import subprocess
    import sys

    code = "import sys, afmap; print(sorted(m for m in ('geopandas', 'folium', 'pydantic') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_a_map_in_dari_for_the_notebook():
    import afmap

    m = afmap.map(year=1998, lang="fa")
    assert m.title == "کنترول ساحات در افغانستان"
    assert m.html.startswith('<!DOCTYPE html>\n<html lang="fa-AF" dir="rtl">')
    assert '"lang":"fa"' in m.html

"""The joined control data for GIS users: one feature per province, as GeoJSON, GeoPackage or CSV.

Lists (``contested_by``, ``sources``, ``includes``) stay JSON arrays in
GeoJSON and are joined with `` | `` in GeoPackage and CSV, which have no list type.
CSV carries the geometry as WKT in its last column (QGIS reads it as a
"delimited text" layer with geometry field ``wkt``).
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from afmap.errors import RenderError
from afmap.timeline import Assignment, Timeline

if TYPE_CHECKING:
    import geopandas

EXPORT_FORMATS = ("geojson", "gpkg", "csv")
FIELDS = ("code", "province", "date", "faction", "faction_name", "color", "status",
          "contested_by", "period", "start", "end", "start_edtf", "start_precision", "end_edtf",
          "end_precision", "held_since", "note", "sources", "includes")
_LISTS = ("contested_by", "sources", "includes")
_DATES = ("date", "start", "end")
#: GeoPackage writes the time it was made; a fixed one keeps exports byte-identical.
_FIXED_TIME = "2000-01-01T00:00:00.000Z"


def records(rows: Sequence[Assignment], frame: geopandas.GeoDataFrame) -> list[dict[str, Any]]:
    """One property mapping per province of ``frame`` (its ``geometry`` under that key)."""
    by_code = {r.code: r for r in rows}
    includes = (dict(zip(frame["code"], frame["includes"])) if "includes" in frame
                else {})
    out = []
    for code, geom in zip(frame["code"], frame.geometry):
        row = by_code.get(code)
        if row is None:
            raise RenderError(f"no control row for province {code}; "
                              "the scenario and geodata disagree")
        props: dict[str, Any] = {k: v for k, v in row.as_dict().items() if k in FIELDS}
        props["color"] = row.color
        props["includes"] = includes.get(code, code).split(" | ")
        out.append({**{k: props.get(k) for k in FIELDS}, "geometry": geom})
    return out


def timeline_records(timeline: Timeline, frame: geopandas.GeoDataFrame) -> list[dict[str, Any]]:
    """One property mapping per claim of every province: the whole history as features.

    Each carries the claim's ``start`` and ``end`` (``end`` empty while it
    holds), so QGIS's Temporal Controller ("Separate fields for start and
    end date") animates the history; ``date`` is the claim's start.
    """
    geometry = dict(zip(frame["code"], frame.geometry))
    out = []
    for code in timeline.provinces:
        if code not in geometry:
            raise RenderError(f"no geometry for province {code}; the scenario and geodata "
                              "disagree")
        for seg in timeline.segments_of(code):
            row = timeline.row(code, seg.start)
            props = {k: v for k, v in row.as_dict().items() if k in FIELDS}
            props["color"] = row.color
            props["includes"] = [code]
            out.append({**{k: props.get(k) for k in FIELDS}, "geometry": geometry[code]})
    return out


def export_bytes(rows: Sequence[Assignment], frame: geopandas.GeoDataFrame, fmt: str,
                 *, recs: list[dict[str, Any]] | None = None) -> bytes:
    """The export file's content.

    Raises
    ------
    RenderError
        For an unknown format or a GeoPackage that GDAL cannot write.
    """
    recs = records(rows, frame) if recs is None else recs
    if fmt == "geojson":
        return _geojson(recs)
    if fmt == "csv":
        return _csv(recs)
    if fmt == "gpkg":
        return _gpkg(recs, frame.crs)
    raise RenderError(f"cannot export as '{fmt}'; use one of {', '.join(EXPORT_FORMATS)}")


def _geojson(recs: list[dict[str, Any]]) -> bytes:
    from shapely.geometry import mapping

    features = [{"type": "Feature",
                 "properties": {k: v for k, v in r.items() if k != "geometry"},
                 "geometry": mapping(r["geometry"])} for r in recs]
    doc = {"type": "FeatureCollection", "features": features}
    return (json.dumps(doc, ensure_ascii=False) + "\n").encode("utf-8")


def _flat(value: Any) -> Any:
    if isinstance(value, list):
        return " | ".join(str(v) for v in value)
    return "" if value is None else value


def _csv(recs: list[dict[str, Any]]) -> bytes:
    import shapely

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow([*FIELDS, "wkt"])
    for r in recs:
        writer.writerow([_flat(r[k]) for k in FIELDS]
                        + [shapely.to_wkt(r["geometry"], rounding_precision=6)])
    return buf.getvalue().encode("utf-8")


def _gpkg(recs: list[dict[str, Any]], crs: Any) -> bytes:
    import geopandas
    import pandas
    import pyogrio
    import pyogrio.errors

    flat = [{k: (_flat(v) if k in _LISTS else v) for k, v in r.items()} for r in recs]
    frame = geopandas.GeoDataFrame(flat, geometry="geometry", crs=crs)
    for key in _DATES:  # temporal fields (DATETIME at midnight), for QGIS's Temporal Controller
        frame[key] = pandas.to_datetime(frame[key], format="%Y-%m-%d")
    with tempfile.TemporaryDirectory(prefix="afmap-") as tmp:
        path = Path(tmp) / "export.gpkg"
        old = pyogrio.get_gdal_config_option("OGR_CURRENT_DATE")
        pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": _FIXED_TIME})
        try:
            # GeoPackage 1.2: what GDAL 3.6 and QGIS 3.22 open without a version warning
            frame.to_file(path, driver="GPKG", layer="afmap", engine="pyogrio",
                          dataset_options={"VERSION": "1.2"})
        except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError,
                pyogrio.errors.FieldError, pyogrio.errors.GeometryError, OSError,
                ValueError) as exc:
            raise RenderError(f"cannot write the GeoPackage: {exc}") from None
        finally:
            pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": old})
        return path.read_bytes()

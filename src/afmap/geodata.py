"""Province geometries: loading and checking ``geodata/provinces.geojson``."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from afmap.errors import GeodataError
from afmap.names import ProvinceNames

if TYPE_CHECKING:
    import geopandas

#: The geometry file shipped with the repository.
DEFAULT_GEODATA = Path("geodata") / "provinces.geojson"


@dataclass(frozen=True)
class ProvinceInfo:
    """The attributes of one province, without geometry."""

    code: str
    name: str
    aliases: tuple[str, ...]
    established: int | None
    split_from: tuple[str, ...]


def default_geodata_path() -> Path:
    """``geodata/provinces.geojson`` in the working folder, else beside the source tree."""
    here = Path.cwd() / DEFAULT_GEODATA
    if here.exists():
        return here
    return Path(__file__).resolve().parents[2] / DEFAULT_GEODATA


def read_province_info(path: Path | None = None) -> list[ProvinceInfo]:
    """Province attributes from the GeoJSON file, read without geopandas.

    This is what validation needs: it stays fast and light.
    """
    path = path or default_geodata_path()
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise GeodataError(f"{path}: no such file (give a province GeoJSON with --geodata)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise GeodataError(f"{path}: cannot read: {exc}") from None
    except json.JSONDecodeError as exc:
        raise GeodataError(f"{path}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg}") from None
    features = data.get("features") if isinstance(data, dict) else None
    if not isinstance(features, list) or not features:
        raise GeodataError(f"{path}: not a GeoJSON FeatureCollection with features")
    infos: list[ProvinceInfo] = []
    seen: set[str] = set()
    for i, feat in enumerate(features):
        props = feat.get("properties") if isinstance(feat, dict) else None
        if not isinstance(props, dict):
            raise GeodataError(f"{path}: feature {i} has no properties")
        code, name = props.get("code"), props.get("name")
        if not isinstance(code, str) or not code:
            raise GeodataError(f"{path}: feature {i} has no 'code' property (ISO 3166-2, e.g. AF-KAB)")
        if not isinstance(name, str) or not name:
            raise GeodataError(f"{path}: feature {i} ({code}) has no 'name' property")
        if code in seen:
            raise GeodataError(f"{path}: feature {i}: code {code} appears twice")
        if not isinstance(feat.get("geometry"), dict):
            raise GeodataError(f"{path}: feature {i} ({code}) has no geometry")
        seen.add(code)
        infos.append(ProvinceInfo(
            code=code, name=name,
            aliases=tuple(str(a) for a in props.get("aliases") or ()),
            established=props.get("established"),
            split_from=tuple(props.get("split_from") or ()),
        ))
    return sorted(infos, key=lambda p: p.code)


def province_names(infos: list[ProvinceInfo]) -> ProvinceNames:
    """A name resolver over the given provinces."""
    return ProvinceNames({p.code: p.name for p in infos}, {p.code: p.aliases for p in infos})


def load_provinces(path: Path | None = None) -> geopandas.GeoDataFrame:
    """Province polygons keyed by ISO code: columns code, name, geometry (EPSG:4326).

    Raises
    ------
    GeodataError
        If the file is missing, unreadable, or has invalid or missing geometries.
    """
    import geopandas
    import shapely

    path = path or default_geodata_path()
    read_province_info(path)  # the attribute checks, with clear messages
    from pyogrio.errors import DataLayerError, DataSourceError

    try:
        frame = geopandas.read_file(path)
    except (DataSourceError, DataLayerError, OSError, ValueError) as exc:
        raise GeodataError(f"{path}: cannot read as GeoJSON: {exc}") from None
    if frame.crs is None:
        frame = frame.set_crs("EPSG:4326")
    elif frame.crs.to_epsg() != 4326:
        frame = frame.to_crs("EPSG:4326")
    bad = frame[frame.geometry.isna() | ~shapely.is_valid(frame.geometry.values)]
    if len(bad):
        codes = ", ".join(str(c) for c in bad["code"])
        raise GeodataError(f"{path}: invalid or empty geometry for {codes} (repair it, e.g. with shapely.make_valid)")
    frame = frame.sort_values("code").reset_index(drop=True)
    return frame[["code", "name", "geometry"]]

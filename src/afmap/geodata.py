"""Province geometries: loading and checking ``geodata/provinces.geojson``."""

from __future__ import annotations

import json
import math
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from afmap.errors import GeodataError
from afmap.inputfiles import read_regular_file
from afmap.names import ProvinceNames

if TYPE_CHECKING:
    import geopandas

#: The geometry file shipped with the repository.

# Bounds on the work a province file can cause. The shipped file is 133,796 bytes
# with 7,054 positions (vertices) in 34 polygons; the limits leave room for far
# more detailed boundaries while keeping every command's time and memory bounded.

#: Largest province file read, in bytes (about 160 times the shipped file).
MAX_FILE_BYTES = 20 * 2**20
#: Most positions (vertices) in all geometries of a file (about 70 times the shipped file).
MAX_POSITIONS = 500_000
#: Most features (provinces, or districts) a file may hold: ten times the
#: about 400 districts of Afghanistan, so every image and page stays quick.
MAX_FEATURES = 4_000
#: Longest province code, name or alias, in characters.
MAX_NAME_LENGTH = 200
#: Most problems listed for one file; the rest are counted.
MAX_PROBLEMS = 50


@dataclass(frozen=True)
class ProvinceInfo:
    """The attributes of one province, without geometry."""

    code: str
    name: str
    aliases: tuple[str, ...]
    established: int | None
    split_from: tuple[str, ...]
    #: (language, name) pairs, language "fa" (Dari) or "ps" (Pashto); the file's
    #: ``name_fa`` and ``name_ps``, either of which a file may lack.
    local_names: tuple[tuple[str, str], ...] = ()

    def name_in(self, lang: str) -> str:
        """The province's name in ``lang`` ("fa", "ps"), else its English name."""
        return next((name for in_lang, name in self.local_names if in_lang == lang), self.name)


#: The languages of the local-name properties ``name_fa`` and ``name_ps``.
LOCAL_LANGUAGES = ("fa", "ps")


def default_geodata_path() -> Path:
    """``geodata/provinces.geojson`` in the working folder, else the shipped province file."""
    from afmap.shipped import default_geodata

    return default_geodata()


def read_province_info(path: Path | None = None) -> list[ProvinceInfo]:
    """Province attributes from the GeoJSON file, read without geopandas or shapely.

    This is what validation needs: it stays fast and light, yet checks the whole
    file, so that what ``afmap check`` accepts every command can draw:

    - at most :data:`MAX_FILE_BYTES`, UTF-8 (a BOM is skipped), JSON nested at
      most about a thousand levels, a FeatureCollection in WGS84 (no ``crs``
      member, or one naming WGS84; other projections are refused, not reprojected);
    - properties: ``code`` and ``name`` non-empty strings; ``name_fa`` and
      ``name_ps`` (Dari and Pashto names) such strings or absent/null; ``aliases`` and
      ``split_from`` lists of such strings (or absent/null), each at most
      :data:`MAX_NAME_LENGTH` characters without control characters; codes
      unique; ``established`` an
      integer year 1..9999 (or absent/null);
    - geometry: a non-empty Polygon or MultiPolygon; each ring a list of at
      least 4 positions, closed (last equals first); each position finite
      numbers, longitude in -180..180 and latitude in -90..90;
      :data:`MAX_POSITIONS` positions in all at most.

    3-D positions ``[lon, lat, height]`` are accepted and the height is dropped
    (many GIS exports carry a height of 0): afmap draws in 2-D. Whether each
    polygon is valid (no self-intersection...) needs shapely and is checked by
    :func:`load_provinces`, which every drawing command calls.

    Raises
    ------
    GeodataError
        With every problem found, one per line.
    """
    provinces = _read_provinces(path or default_geodata_path())
    return sorted((p.info for p in provinces), key=lambda p: p.code)


def province_names(infos: list[ProvinceInfo]) -> ProvinceNames:
    """A name resolver over the given provinces."""
    return ProvinceNames({p.code: p.name for p in infos}, {p.code: p.aliases for p in infos},
                         {p.code: p.local_names for p in infos})


def province_shapes(path: Path | None = None) -> tuple[list[ProvinceInfo], list[Any]]:
    """The checked provinces and their shapely polygons, without geopandas.

    The file gets the checks of :func:`read_province_info`, then each polygon
    must be valid (shapely's rules: no self-intersection, holes inside
    their shell, ...). Heights (3-D positions) are dropped. ``afmap check``
    calls this too, so that what it accepts every drawing command draws.

    Raises
    ------
    GeodataError
        If the file is missing, unreadable, or has invalid or missing geometries.
    """
    import shapely
    from shapely.geometry import MultiPolygon, Polygon

    path = path or default_geodata_path()
    provinces = _read_provinces(path)
    geoms: list[Any] = []
    for p in provinces:
        parts = [Polygon(rings[0], rings[1:]) for rings in p.polygons]
        geoms.append(MultiPolygon(parts) if p.multi else parts[0])
    problems = [f"{path}: {_where(p.index, p.info.code)}: the {'multi' if p.multi else ''}polygon is "
                f"not valid ({shapely.is_valid_reason(g)}); repair it, e.g. with shapely.make_valid"
                for p, g in zip(provinces, geoms) if not shapely.is_valid(g)]
    if problems:
        _refuse(problems)
    return [p.info for p in provinces], geoms


def load_provinces(path: Path | None = None) -> geopandas.GeoDataFrame:
    """Province polygons keyed by ISO code: columns code, name, name_fa, name_ps, geometry.

    ``name_fa`` and ``name_ps`` are the Dari and Pashto names, the English
    ``name`` where the file has none. The CRS is EPSG:4326. The checks are
    those of :func:`province_shapes`.

    Raises
    ------
    GeodataError
        If the file is missing, unreadable, or has invalid or missing geometries.
    """
    import geopandas

    infos, geoms = province_shapes(path)
    frame = geopandas.GeoDataFrame(
        {"code": [p.code for p in infos], "name": [p.name for p in infos],
         **{f"name_{lang}": [p.name_in(lang) for p in infos] for lang in LOCAL_LANGUAGES}},
        geometry=geoms, crs="EPSG:4326")
    return frame.sort_values("code").reset_index(drop=True)


def names_in(frame: geopandas.GeoDataFrame, lang: str) -> dict[str, str]:
    """Code -> each province's name in ``lang``: the frame's ``name_<lang>`` column (see
    :func:`load_provinces`) where it has one, else its ``name``."""
    column = f"name_{lang}" if lang in LOCAL_LANGUAGES and f"name_{lang}" in frame.columns \
        else "name"
    return {str(code): str(n) if isinstance(n, str) and n else str(d)
            for code, n, d in zip(frame["code"], frame[column], frame["name"])}


# --- The checks at load: pure Python, so that ``afmap check`` stays light -----------------

#: Geometry types a province may have.
_POLYGONAL = ("Polygon", "MultiPolygon")
_GEOJSON_TYPES = frozenset({"Point", "MultiPoint", "LineString", "MultiLineString", "Polygon",
                            "MultiPolygon", "GeometryCollection", "Feature", "FeatureCollection"})
#: ``crs`` names (pre-RFC 7946 GeoJSON) that mean WGS84 longitude/latitude.
_WGS84_NAMES = frozenset({"EPSG:4326", "URN:OGC:DEF:CRS:EPSG::4326"})
#: Characters a code, name or alias may not hold: C0/C1 controls, line and paragraph separators.
_CONTROL_CATEGORIES = frozenset({"Cc", "Zl", "Zp"})
#: Where a too deeply nested JSON file is reported; a province file needs fewer than 10 levels.
_JSON_DEPTH = 100
_JSON_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


@dataclass(frozen=True)
class _Province:
    """One checked feature: its attributes and its rings as 2-D (lon, lat) tuples."""

    index: int
    info: ProvinceInfo
    multi: bool
    polygons: list[list[list[tuple[float, float]]]]


class _Bad(Exception):
    """The first problem in one feature's geometry (the rest of it is not looked at)."""


class _Budget:
    """Counts positions across the file and stops at :data:`MAX_POSITIONS`."""

    def __init__(self, path: Path) -> None:
        self.path, self.left = path, MAX_POSITIONS

    def take(self, n: int, where: str) -> None:
        self.left -= n
        if self.left < 0:
            raise GeodataError(f"{self.path}: {where}: the geometries pass {MAX_POSITIONS:,} "
                               "positions in all, afmap's limit; simplify them "
                               "(e.g. with shapely.simplify or mapshaper)")


def _read_provinces(path: Path) -> list[_Province]:
    """Every feature of ``path``, checked; all problems are raised at once."""
    data = _read_json(path)
    features = data.get("features") if isinstance(data, dict) else None
    if not isinstance(features, list) or not features:
        raise GeodataError(f"{path}: not a GeoJSON FeatureCollection with features")
    if len(features) > MAX_FEATURES:
        raise GeodataError(f"{path}: {len(features):,} features; afmap draws at most "
                           f"{MAX_FEATURES:,} areas (a map of more is unreadable; merge them)")
    _check_crs(path, data.get("crs"))
    problems: list[str] = []
    provinces: list[_Province] = []
    first: dict[str, int] = {}
    budget = _Budget(path)
    for i, feat in enumerate(features):
        code = _code_of(feat)
        if code in first:
            problems.append(f"{_where(i, code)}: code {code} appears twice "
                            f"(first in feature {first[code]})")
        elif code is not None:
            first[code] = i
        found = _feature(i, feat, budget)
        if isinstance(found, list):
            problems += found
        else:
            provinces.append(found)
    # A split_from naming a code the file lacks is allowed: a file may hold some
    # provinces only; --historical-boundaries refuses it (afmap.boundaries).
    if problems:
        _refuse([f"{path}: {m}" for m in problems])
    return provinces


def _refuse(lines: list[str]) -> None:
    more = len(lines) - MAX_PROBLEMS
    shown = lines[:MAX_PROBLEMS] + ([f"... and {more} more problems"] if more > 0 else [])
    raise GeodataError("\n".join(shown))


def _read_json(path: Path) -> object:
    """The parsed JSON of ``path``, bounded in size and depth."""
    try:
        raw = read_regular_file(path, MAX_FILE_BYTES + 1, hint="a province GeoJSON with --geodata")
    except FileNotFoundError:
        raise GeodataError(f"{path}: no such file (give a province GeoJSON with --geodata)") from None
    except OSError as exc:
        raise GeodataError(f"{path}: cannot read: {exc}") from None
    if len(raw) > MAX_FILE_BYTES:
        raise GeodataError(f"{path}: larger than {MAX_FILE_BYTES:,} bytes, afmap's limit for a "
                           "province file; simplify the geometries (e.g. with shapely.simplify "
                           "or mapshaper)")
    raw = raw.removeprefix(b"\xef\xbb\xbf")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[:exc.start].decode("utf-8")  # valid up to the first bad byte
        line, col = _line_col(before, len(before))
        raise GeodataError(f"{path}:{line}:{col}: not UTF-8 (byte 0x{raw[exc.start]:02x}); "
                           "save the file as UTF-8") from None
    try:
        # Huge integers become floats (inf at worst), which the checks then refuse:
        # int() would fail on more than 4300 digits with a message about Python.
        return json.loads(text, parse_int=lambda s: int(s) if len(s) <= 18 else float(s))
    except json.JSONDecodeError as exc:
        raise GeodataError(f"{path}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg}") from None
    except RecursionError:
        pass
    where = _too_deep(text)
    at = str(path) if where is None else "%s:%d:%d" % (path, *_line_col(text, where))
    raise GeodataError(f"{at}: not valid JSON for afmap: nested more than {_JSON_DEPTH} levels "
                       "deep (a province file needs fewer than 10)")


def _too_deep(text: str) -> int | None:
    """Offset of the first bracket that opens level :data:`_JSON_DEPTH` + 1."""
    depth = 0
    for m in _JSON_TOKENS.finditer(text):
        token = m.group()
        if token in ("[", "{"):
            depth += 1
            if depth > _JSON_DEPTH:
                return m.start()
        elif token in ("]", "}"):
            depth -= 1
    return None


def _line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset`` in ``text``."""
    return text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)


def _check_crs(path: Path, crs: object) -> None:
    """Only WGS84 longitude/latitude: a ``crs`` member may name it, nothing else."""
    if crs is None:
        return
    props = crs.get("properties") if isinstance(crs, dict) else None
    name = props.get("name") if isinstance(props, dict) else None
    if isinstance(name, str) and (name.upper() in _WGS84_NAMES or name.upper().endswith("CRS84")):
        return
    raise GeodataError(f"{path}: 'crs' is {_short(name if name is not None else crs)}; afmap reads "
                       "WGS84 longitude/latitude only (RFC 7946): reproject the file, e.g. with "
                       "ogr2ogr -t_srs EPSG:4326")


def _where(i: int, code: str | None) -> str:
    return f"feature {i} ({code})" if code else f"feature {i}"


def _code_of(feat: object) -> str | None:
    props = feat.get("properties") if isinstance(feat, dict) else None
    code = props.get("code") if isinstance(props, dict) else None
    return code if isinstance(code, str) and _text_problem(code) is None else None


def _feature(i: int, feat: object, budget: _Budget) -> _Province | list[str]:
    """The checked province of one feature, or its problems."""
    if not isinstance(feat, dict):
        return [f"feature {i}: not a GeoJSON Feature (an object with geometry and properties)"]
    props = feat.get("properties")
    if not isinstance(props, dict):
        return [f"feature {i}: no properties"]
    code = _code_of(feat)
    where = _where(i, code)
    problems: list[str] = []
    if code is None:
        problems.append(_code_problem(where, props.get("code")))
    name = props.get("name")
    if name is None:
        problems.append(f"{where}: no 'name' property")
    elif (why := _text_problem(name)) is not None:
        problems.append(f"{where}: 'name' {why}")
    local_names = []
    for lang in LOCAL_LANGUAGES:  # optional: a user's file may lack them
        local = props.get(f"name_{lang}")
        if local is None:
            continue
        if (why := _text_problem(local)) is not None:
            problems.append(f"{where}: 'name_{lang}' {why}")
        else:
            local_names.append((lang, local))
    aliases = _strings(props.get("aliases"), "aliases", "names", where, problems)
    split_from = _strings(props.get("split_from"), "split_from", "province codes", where, problems)
    established = props.get("established")
    if established is not None and not (type(established) is int and 1 <= established <= 9999):
        problems.append(f"{where}: 'established' must be a year like 2004, not {_short(established)}")
    try:
        multi, polygons = _geometry(feat.get("geometry"), where, budget)
    except _Bad as exc:
        problems.append(f"{where}: {exc}")
    if problems:
        return problems
    info = ProvinceInfo(code=str(code), name=name, aliases=aliases,
                        established=established, split_from=split_from,
                        local_names=tuple(local_names))
    return _Province(index=i, info=info, multi=multi, polygons=polygons)


def _code_problem(where: str, code: object) -> str:
    if code is None or code == "":
        return f"{where}: no 'code' property (ISO 3166-2, e.g. AF-KAB)"
    why = _text_problem(code)
    return f"{where}: 'code' {why} (ISO 3166-2, e.g. AF-KAB)"


def _text_problem(value: object) -> str | None:
    """Why ``value`` is no usable code, name or alias (None if it is)."""
    if not isinstance(value, str) or not value.strip():
        return f"must be a non-empty string, not {_short(value)}"
    if len(value) > MAX_NAME_LENGTH:
        return f"is {len(value):,} characters long; at most {MAX_NAME_LENGTH} are allowed"
    bad = next((ch for ch in value if unicodedata.category(ch) in _CONTROL_CATEGORIES), None)
    if bad is not None:
        return f"holds the control character U+{ord(bad):04X}; remove it"
    lone = next((ch for ch in value if unicodedata.category(ch) == "Cs"), None)
    if lone is not None:  # a JSON "\ud800" escape: no character, and not writable as UTF-8
        return f"holds the lone surrogate U+{ord(lone):04X}, which is no character; remove it"
    return None


def _strings(value: object, key: str, what: str, where: str, problems: list[str]) -> tuple[str, ...]:
    """A list-of-strings property (absent or null: empty); problems are appended."""
    if value is None:
        return ()
    if not isinstance(value, list):
        problems.append(f"{where}: '{key}' must be a list of {what}, not {_short(value)}")
        return ()
    for j, item in enumerate(value):
        if (why := _text_problem(item)) is not None:
            problems.append(f"{where}: '{key}' item {j} {why}")
    return tuple(value)


def _short(value: object) -> str:
    """A value for a message: a JSON kind, or a short quoted text."""
    if isinstance(value, str):
        text = value if len(value) <= 40 else value[:40] + "..."
        return repr(text)
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, (int, float)):
        return repr(value) if len(repr(value)) <= 40 else "a number"
    return "a list" if isinstance(value, list) else "an object"


def _geometry(geom: object, where: str,
              budget: _Budget) -> tuple[bool, list[list[list[tuple[float, float]]]]]:
    """(is a MultiPolygon, polygons as rings of 2-D positions); raises :class:`_Bad`."""
    if not isinstance(geom, dict):
        raise _Bad("no geometry")
    kind = geom.get("type")
    if kind not in _POLYGONAL:
        if isinstance(kind, str) and kind in _GEOJSON_TYPES:
            raise _Bad(f"geometry is a {kind}; each province must be a Polygon or MultiPolygon")
        what = "no 'type'" if kind is None else f"the unknown type {_short(kind)}"
        raise _Bad(f"geometry has {what}; each province must be a Polygon or MultiPolygon")
    coords = geom.get("coordinates")
    if not isinstance(coords, list):
        raise _Bad(f"the {kind} has no 'coordinates' list")
    if not coords:
        raise _Bad(f"geometry is empty (a {kind} without coordinates)")
    multi = kind == "MultiPolygon"
    polygons = []
    for k, rings in enumerate(coords if multi else [coords]):
        label = f"polygon {k}, " if multi else ""
        if not isinstance(rings, list) or not rings:
            raise _Bad(f"polygon {k} is empty (a polygon is a list of rings)")
        polygons.append([_ring(ring, f"{label}ring {r}", where, budget)
                         for r, ring in enumerate(rings)])
    return multi, polygons


def _ring(ring: object, label: str, where: str, budget: _Budget) -> list[tuple[float, float]]:
    """One ring as (lon, lat) floats, heights dropped; raises :class:`_Bad`."""
    if not isinstance(ring, list):
        raise _Bad(f"{label} is not a list of positions")
    if len(ring) < 4:
        raise _Bad(f"{label} has {len(ring)} position{'s' * (len(ring) != 1)}; a ring needs at "
                   "least 4, the last repeating the first")
    budget.take(len(ring), where)
    out = []
    for n, pos in enumerate(ring):
        if not isinstance(pos, list) or not 2 <= len(pos) <= 3:
            raise _Bad(f"{label}, position {n}: not a position [longitude, latitude] "
                       "(or [longitude, latitude, height])")
        for v in pos:
            if type(v) not in (int, float) or (type(v) is float and not math.isfinite(v)):
                raise _Bad(f"{label}, position {n}: {_short(v)} is not a finite number")
        lon, lat = pos[0], pos[1]
        if not -180 <= lon <= 180:
            raise _Bad(f"{label}, position {n}: longitude {_short(lon)} is outside -180..180 "
                       "(give WGS84 degrees)")
        if not -90 <= lat <= 90:
            raise _Bad(f"{label}, position {n}: latitude {_short(lat)} is outside -90..90 "
                       "(give WGS84 degrees)")
        out.append((float(lon), float(lat)))
    if out[0] != out[-1]:
        raise _Bad(f"{label} is not closed: its first position {json.dumps(ring[0][:2])} differs "
                   f"from its last {json.dumps(ring[-1][:2])}; repeat the first at the end")
    return out

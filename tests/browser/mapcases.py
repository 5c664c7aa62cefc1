"""Timelines built by hand for the HTML map tests (no scenario loader involved)."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from afmap.timeline import EventInfo, FactionInfo, Segment, Timeline

ROOT = Path(__file__).resolve().parents[2]
GEODATA = ROOT / "geodata" / "provinces.geojson"

HOSTILE_IMG = "<img src=x onerror=alert(1)>"
HOSTILE_SCRIPT = "</script><script>alert(1)</script>"
HOSTILE_COMMENT = "<!-- <script>alert(2)</script>"

SEED = "'Afghan conflict', Wikipedia, The Free Encyclopedia (English)"

FACTIONS = {
    "dra": FactionInfo("dra", "PDPA government (DRA)", "#b83b3b"),
    "mujahideen": FactionInfo("mujahideen", "Mujahideen", "#4f8a3c"),
    "taliban": FactionInfo("taliban", "Taliban (Islamic Emirate)", "#3a3a3a"),
    "united-front": FactionInfo("united-front", "United Front (Northern Alliance)", "#2b6cb0"),
    "islamic-republic": FactionInfo("islamic-republic", "Islamic Republic", "#2f9e8f"),
}


def load_provinces():
    """The 34 provinces of ``geodata/provinces.geojson`` (code, name, geometry)."""
    import geopandas

    gdf = geopandas.read_file(GEODATA)
    return gdf[["code", "name", "geometry"]].sort_values("code").reset_index(drop=True)


def squares(codes: list[str]):
    """One 1x1 degree square per code in a row: a tiny synthetic geometry."""
    import geopandas
    from shapely.geometry import box

    return geopandas.GeoDataFrame(
        {"code": codes, "name": codes,
         "geometry": [box(61 + i, 32, 62 + i, 33) for i in range(len(codes))]},
        crs="EPSG:4326",
    )


def grid(side: int):
    """``side`` x ``side`` squares of 0.1 degree, codes ``AF-G0`` ..., and one period."""
    import geopandas
    from shapely.geometry import box

    codes = [f"AF-G{i}" for i in range(side * side)]
    cells = geopandas.GeoDataFrame(
        {"code": codes, "name": codes,
         "geometry": [box(61 + 0.1 * (i % side), 30 + 0.1 * (i // side),
                          61.1 + 0.1 * (i % side), 30.1 + 0.1 * (i // side))
                      for i in range(side * side)]},
        crs="EPSG:4326",
    )
    segs = [Segment(c, dt.date(2001, 1, 1), None, "taliban" if i % 2 else "islamic-republic",
                    "controlled", (), "Grid test", None, (SEED,)) for i, c in enumerate(codes)]
    return cells, Timeline(dict(zip(codes, codes)), FACTIONS, segs, [])


def sample_timeline(provinces, n_dates: int = 100, seed: int = 7) -> Timeline:
    """A 34-province timeline with ``n_dates`` change dates, a few provinces changing each time.

    The contents are synthetic test data, not history; the sources say so.
    """
    rng = random.Random(seed)
    codes = list(provinces["code"])
    names = dict(zip(provinces["code"], provinces["name"]))
    fids = list(FACTIONS)
    start = dt.date(1978, 4, 27)
    days = [start + dt.timedelta(days=120 * i + rng.randrange(0, 60)) for i in range(n_dates)]
    state = {c: (fids[0], "controlled", ()) for c in codes}
    since = {c: days[0] for c in codes}
    segments: list[Segment] = []

    def close(code: str, end: dt.date | None, k: int) -> None:
        fac, status, by = state[code]
        segments.append(Segment(code, since[code], end, fac, status, by,
                                f"Test period {k}", f"note for {code}" if k % 3 == 0 else None,
                                (f"Test source {k % 5}",)))

    for k, day in enumerate(days[1:], start=1):
        for code in rng.sample(codes, 3):
            close(code, day, k)
            fac = rng.choice(fids)
            if rng.random() < 0.3:
                other = rng.choice([f for f in fids if f != fac])
                state[code] = (fac, "contested", (other,))
            else:
                state[code] = (fac, "controlled", ())
            since[code] = day
    for code in codes:
        close(code, None, n_dates)
    events = [EventInfo(days[i] + dt.timedelta(days=3), f"Test event {i}",
                        34.0 + (i % 5) * 0.5, 63.0 + (i % 7) * 1.0, "synthetic", (SEED,))
              for i in range(0, n_dates, 10)]
    return Timeline(names, FACTIONS, segments, events)


def simple_timeline(provinces) -> Timeline:
    """Two periods, one contested province, one gap: easy to reason about."""
    codes = list(provinces["code"])
    names = dict(zip(provinces["code"], provinces["name"]))
    p1 = "Taliban hold Kabul; United Front in the north-east"
    d1, d2, d3 = dt.date(1996, 9, 27), dt.date(1998, 8, 8), dt.date(2001, 11, 13)
    segs: list[Segment] = []
    for i, code in enumerate(codes):
        first = "united-front" if i % 4 == 0 else "taliban"
        if i == 1:
            segs.append(Segment(code, d1, d2, "united-front", "contested", ("taliban",), p1,
                                "Shomali front line", (SEED,)))
        elif i == 2:
            segs.append(Segment(code, d1, d2, first, "controlled", (), p1, None, (SEED,)))
            continue  # no data after d2
        else:
            segs.append(Segment(code, d1, d2, first, "controlled", (), p1, None, (SEED,)))
        segs.append(Segment(code, d2, d3, "taliban", "controlled", (), "Taliban take the north",
                            None, (SEED, "Second test source")))
        segs.append(Segment(code, d3, None, "islamic-republic", "controlled", (),
                            "Islamic Republic", None, (SEED,)))
    events = [EventInfo(d2, "Taliban capture Mazar-i-Sharif", 36.709, 67.110, None, (SEED,))]
    return Timeline(names, FACTIONS, segs, events)


def hostile_timeline(provinces) -> Timeline:
    """Every untrusted string replaced by markup that would run if not escaped."""
    codes = list(provinces["code"])
    names = {c: f"{n} {HOSTILE_IMG}" for c, n in zip(provinces["code"], provinces["name"])}
    factions = {
        "evil": FactionInfo("evil", f"Evil {HOSTILE_SCRIPT}", "#aa3377"),
        "worse": FactionInfo("worse", f"Worse {HOSTILE_IMG}", "#228833"),
    }
    d1, d2 = dt.date(1996, 9, 27), dt.date(1998, 8, 8)
    segs = []
    for i, code in enumerate(codes):
        segs.append(Segment(code, d1, d2, "evil" if i % 2 else "worse",
                            "contested" if i % 5 == 0 else "controlled",
                            ("worse",) if i % 5 == 0 else (),
                            f"Period {HOSTILE_SCRIPT}", f"Note {HOSTILE_IMG} {HOSTILE_COMMENT}",
                            (f"Source {HOSTILE_SCRIPT}", f"Source {HOSTILE_IMG}")))
        segs.append(Segment(code, d2, None, "worse", "controlled", (), f"Later {HOSTILE_IMG}",
                            HOSTILE_SCRIPT, (HOSTILE_COMMENT,)))
    events = [EventInfo(dt.date(1997, 1, 1), f"Event {HOSTILE_SCRIPT}", 34.5, 69.2,
                        f"Event note {HOSTILE_IMG}",
                        (f"Event source {HOSTILE_SCRIPT}",))]
    return Timeline(names, factions, segs, events)

"""Scale cases: scenario folders in the claim form, checked and rendered as a user would.

Each case is a folder shaped like ``scenarios/``: ``factions.yaml``, a
``bibliography.yaml`` of works, and era files with ``eras`` and ``changes``
whose sources cite the works (``{cite: ..., at: ...}``). On the first date
every area gets a holder; on each later date about 13% of the areas change
hands, a fifth of them contested. Areas changing to one state on one day form
one change (``provinces: [...]``). Everything is seeded: two runs write the
same files.

Cases are areas x change dates: 34 x 75, 34 x 5,000 and 34 x 20,000 on the
shipped provinces; 400 x 500 and 2,000 x 500 on districts cut from them
(``bench_synthetic.make_districts``, written as a GeoJSON file for
``--geodata``).

Each command runs in a fresh child process (``python -m afmap check`` and
``python -m afmap render``); its CPU time (user + system) and peak RSS come
from ``os.wait4``, best of ``--runs`` (fewer for the big cases). The floors
run the same way on the same files:

- *events*: libyaml's parser (``yaml.parse`` with ``CSafeLoader``), every
  event consumed, nothing composed. It reads the files and no more.
- *events + schema*: plain data built from those events by the simplest loop
  (no positions, no checks), validated with ``fastjsonschema`` compiled from
  ``src/afmap/schema/scenario.schema.json``. This is the floor that checks
  something, and the one the ratios are taken against.
- *CSafeLoader + schema*: ``yaml.load`` with libyaml's ``CSafeLoader`` (dates
  kept as text) and the same validation: what most programs would do, shown
  for reference. It is several times slower than the floor, because PyYAML
  composes nodes and constructs the data in Python.

Run from the repository root::

    .venv/bin/python benchmarks/bench_scale.py [--quick] [--cases 34x75,400x500] [--runs 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PROVINCES = ROOT / "geodata" / "provinces.geojson"
SCHEMA = ROOT / "src" / "afmap" / "schema" / "scenario.schema.json"

#: The cases, as (areas, change dates), in the order they are run.
CASES = ((34, 75), (34, 5_000), (34, 20_000), (400, 500), (2_000, 500))
QUICK = ((34, 75), (400, 500))
CHURN = 0.13  # share of the areas that change on each change date
CONTESTED = 0.2  # share of the changes that are contested
DATES_PER_FILE = 2_000  # change dates in one era file (the shipped files hold up to 500 changes)
DATES_PER_ERA = 250
LAST_DAY = dt.date(2025, 12, 31)
FIRST_DAY = dt.date(1978, 4, 27)
WORKS = 60
FACTIONS = (("dra", "#D55E00"), ("mujahideen", "#009E73"), ("isa", "#56B4E9"),
            ("hezb-e-islami", "#CC79A7"), ("junbish", "#F0E442"), ("taliban", "#3a3a3a"),
            ("united-front", "#0072B2"), ("islamic-republic", "#882255"))


def case_name(areas: int, dates: int) -> str:
    return f"{areas}x{dates}"


def parse_cases(text: str) -> list[tuple[int, int]]:
    """``34x75,400x500`` as [(34, 75), (400, 500)]."""
    out = []
    for part in text.split(","):
        areas, _, dates = part.strip().lower().replace(",", "").partition("x")
        out.append((int(areas.replace("_", "")), int(dates.replace("_", ""))))
    return out


# -- writing a case --------------------------------------------------------------------------

@dataclass
class Written:
    """A generated case: its folder, its geodata file and what it holds."""

    scenario: Path
    geodata: Path
    areas: int
    dates: int
    changes: int = 0
    claims: int = 0  # area-changes: one area's new state on one date
    files: list[Path] = field(default_factory=list)

    @property
    def yaml_bytes(self) -> int:
        return sum(p.stat().st_size for p in self.files)


def _areas(count: int, folder: Path) -> tuple[list[str], Path]:
    """The names of ``count`` areas and a geodata file that holds them."""
    provinces = json.loads(PROVINCES.read_text(encoding="utf-8"))
    if count == len(provinces["features"]):
        return [f["properties"]["name"] for f in provinces["features"]], PROVINCES
    path = folder / f"districts-{count}.geojson"
    # In a child process: a parent grown by geopandas would lend its size to the peak RSS
    # of every child it starts later (Linux keeps ru_maxrss across exec).
    subprocess.run([sys.executable, str(Path(__file__).resolve()), "--districts", str(count),
                    str(path)], check=True)
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    return [f["properties"]["name"] for f in features], path


def write_districts(count: int, path: Path) -> int:
    """Cut the provinces into about ``count`` districts (``bench_synthetic``) into ``path``."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import bench_synthetic

    from afmap.geodata import load_provinces

    cut = bench_synthetic.make_districts(load_provinces(PROVINCES), count)
    path.write_text(cut.to_json(drop_id=True), encoding="utf-8")
    return 0


def _days(dates: int, rng: random.Random) -> list[dt.date]:
    """``dates`` distinct change days ending before :data:`LAST_DAY`, the first one included.

    Up to about 12,000 dates they lie between 1978 and today; more need an earlier start.
    """
    first = min(FIRST_DAY, LAST_DAY - dt.timedelta(days=int(dates * 1.4)))
    span = (LAST_DAY - first).days
    return [first] + [first + dt.timedelta(days=o) for o in sorted(rng.sample(range(1, span), dates - 1))]


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def write_case(areas: int, dates: int, folder: Path, seed: int = 2001) -> Written:
    """Write the scenario folder of one case under ``folder``; see the module docstring."""
    folder.mkdir(parents=True, exist_ok=True)
    names, geodata = _areas(areas, folder)
    scenario = folder / f"scenario-{case_name(areas, dates)}"
    scenario.mkdir(exist_ok=True)
    out = Written(scenario, geodata, len(names), dates)
    rng = random.Random(seed)
    fids = [f for f, _ in FACTIONS]
    works = [f"work-{k:03d}" for k in range(WORKS)]

    lines = ["# Synthetic benchmark data (seeded random), not history.", "factions:"]
    for fid, colour in FACTIONS:
        lines += [f"  {fid}:", f"    name: {_quote(fid.replace('-', ' ').title() + ' (synthetic)')}",
                  f"    color: {_quote(colour)}"]
    _write(out, scenario / "factions.yaml", lines)
    lines = ["# Works cited by the synthetic era files.", "bibliography:"]
    for k, key in enumerate(works):
        lines += [f"  {key}:", "    type: book" if k % 3 else "    type: news",
                  f"    author: Author {k}", f"    title: Synthetic work number {k}",
                  f"    date: {1980 + k % 40}"]
        if k % 3 == 0:
            lines += ["    container: The Synthetic Times", f"    url: https://example.org/news/{k}"]
    _write(out, scenario / "bibliography.yaml", lines)

    days = _days(dates, rng)
    state: dict[int, tuple[str, str, str]] = {}
    cited = 0

    def source(k: int) -> list[str]:
        nonlocal cited
        key = works[cited % WORKS]
        cited += 1
        return ["  sources:", f"  - cite: {key}", f"    at: p. {k % 400 + 1}"]

    def changes_on(k: int, day: dt.date, changed: list[int]) -> list[str]:
        groups: dict[tuple[str, str, str], list[int]] = {}
        for a in changed:
            holder = rng.choice(fids)
            if rng.random() < CONTESTED:
                other = rng.choice([f for f in fids if f != holder])
                new = (holder, "contested", other)
            else:
                new = (holder, "controlled", "")
            state[a] = new
            groups.setdefault(new, []).append(a)
        text: list[str] = []
        for (holder, status, other), members in groups.items():
            out.changes += 1
            out.claims += len(members)
            text.append("")
            text.append(f"- date: {day.isoformat()}")
            if len(members) == 1:
                text.append(f"  province: {names[members[0]]}")
            else:
                text.append("  provinces: [" + ", ".join(names[a] for a in members) + "]")
            text.append(f"  holder: {holder}")
            if status == "contested":
                text += ["  status: contested", f"  contested_by: [{other}]"]
            text.append(f"  label: Synthetic change {k}")
            if out.changes % 7 == 0:
                text.append(f"  note: Synthetic note {out.changes}; the areas change hands on "
                            "this day in the benchmark data.")
            text += source(out.changes)
        return text

    for start in range(0, dates, DATES_PER_FILE):
        chunk = list(range(start, min(dates, start + DATES_PER_FILE)))
        lines = ["# Synthetic benchmark data (seeded random), not history.",
                 f"title: Synthetic scale case {case_name(areas, dates)}, part {start // DATES_PER_FILE + 1}",
                 "", "eras:"]
        for e in range(chunk[0], chunk[-1] + 1, DATES_PER_ERA):
            end = e + DATES_PER_ERA
            lines += ["", f"- name: Synthetic era {e // DATES_PER_ERA + 1}",
                      f"  short: Era {e // DATES_PER_ERA + 1}", f"  start: {days[e].isoformat()}"]
            if end < dates:
                lines.append(f"  end: {days[end].isoformat()}")
            lines += [f"  note: A stretch of {DATES_PER_ERA} synthetic change dates."] + source(e)
        lines += ["", "changes:"]
        events: list[str] = []
        for k in chunk:
            if k == 0:
                changed = list(range(len(names)))
            else:
                # About CHURN of the areas: the whole part always, the fraction by chance.
                want = CHURN * len(names)
                n = max(1, int(want) + (rng.random() < want - int(want)))
                changed = rng.sample(range(len(names)), n)
            lines += changes_on(k, days[k], changed)
            if k % 100 == 50:
                events += ["", f"- date: {days[k].isoformat()}", f"  name: Synthetic event {k}",
                           f"  at: [{33 + rng.random() * 3:.4f}, {63 + rng.random() * 6:.4f}]"]
                events += source(k)
        if events:
            lines += ["", "events:", *events]
        _write(out, scenario / f"part-{start // DATES_PER_FILE + 1:03d}.yaml", lines)
    assert cited >= WORKS, "every work must be cited, or check reports it"
    return out


def _write(out: Written, path: Path, lines: list[str]) -> None:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out.files.append(path)


# -- the floors, run as child processes -------------------------------------------------------

def floor_events(folder: Path) -> int:
    """Consume libyaml's parse events of every file; nothing is composed."""
    import yaml

    count = 0
    for path in sorted(folder.glob("*.yaml")):
        for _ in yaml.parse(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader):
            count += 1
    return 0 if count else 1


def _events_data(text: str) -> object:
    """Plain data from libyaml's parse events: the least a reader must do to have data.

    Every scalar stays text; no position, tag, anchor or duplicate key is looked at
    (the generated files have none), and mapping keys are taken to be scalars.
    """
    import yaml
    from yaml import events

    starts = {events.MappingStartEvent: dict, events.SequenceStartEvent: list}
    ends = (events.MappingEndEvent, events.SequenceEndEvent)
    stack: list[Any] = []  # the lists and mappings being filled
    keys: list[Any] = []  # for each, the key awaiting its value (None: none)
    root: object = None
    for event in yaml.parse(text, Loader=yaml.CSafeLoader):
        kind = type(event)
        if kind is events.ScalarEvent:
            value: Any = event.value
        elif kind in starts:
            value = starts[kind]()
        elif kind in ends:
            stack.pop()
            keys.pop()
            continue
        else:
            continue
        if not stack:
            root = value
        elif type(stack[-1]) is list:
            stack[-1].append(value)
        elif keys[-1] is None:
            keys[-1] = value
            continue
        else:
            stack[-1][keys[-1]] = value
            keys[-1] = None
        if kind in starts:
            stack.append(value)
            keys.append(None)
    return root


def floor_events_schema(folder: Path) -> int:
    """Plain data built from libyaml's events, validated with fastjsonschema: the floor."""
    import fastjsonschema

    validate = fastjsonschema.compile(json.loads(SCHEMA.read_text(encoding="utf-8")))
    for path in sorted(folder.glob("*.yaml")):
        validate(_events_data(path.read_text(encoding="utf-8")))
    return 0


def floor_load(folder: Path) -> int:
    """Load every file with libyaml's CSafeLoader and validate it against the JSON Schema.

    Dates stay text (the schema's dates are strings), as in afmap's own reading.
    """
    import fastjsonschema
    import yaml

    class Loader(yaml.CSafeLoader):
        pass

    Loader.yaml_implicit_resolvers = {
        k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
        for k, v in yaml.CSafeLoader.yaml_implicit_resolvers.items()}
    validate = fastjsonschema.compile(json.loads(SCHEMA.read_text(encoding="utf-8")))
    for path in sorted(folder.glob("*.yaml")):
        validate(yaml.load(path.read_text(encoding="utf-8"), Loader=Loader))
    return 0


FLOORS = {"events": floor_events, "events+schema": floor_events_schema, "load": floor_load}
#: The floor the ratios are taken against.
FLOOR = "floor: events+schema"


# -- measuring ---------------------------------------------------------------------------------

@dataclass
class Measure:
    cpu: float  # seconds, user + system
    rss_mb: float  # peak resident set, MB


#: An afmap source tree to measure instead of the installed one (``--src``).
SRC: Path | None = None


def run_child(args: list[str]) -> Measure:
    """CPU time and peak RSS of one fresh ``python ARGS`` process (which must succeed)."""
    env = {**os.environ, "PYTHONPATH": str(SRC)} if SRC else None
    proc = subprocess.Popen([sys.executable, *args], cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, env=env)
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    proc.stderr.close()
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed ({proc.returncode}):\n"
                           f"{err.decode(errors='replace')[-3000:]}")
    return Measure(usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def best(args: list[str], runs: int) -> Measure:
    got = [run_child(args) for _ in range(runs)]
    return Measure(min(m.cpu for m in got), min(m.rss_mb for m in got))


def commands(case: Written, out: Path) -> dict[str, list[str]]:
    geo = [] if case.geodata == PROVINCES else ["--geodata", str(case.geodata)]
    me = str(Path(__file__).resolve())
    return {
        "check": ["-m", "afmap", "check", "--scenario", str(case.scenario), *geo],
        "render": ["-m", "afmap", "render", "--scenario", str(case.scenario), *geo,
                   "--out", str(out)],
        "floor: events": [me, "--floor", "events", str(case.scenario)],
        FLOOR: [me, "--floor", "events+schema", str(case.scenario)],
        "CSafeLoader+schema": [me, "--floor", "load", str(case.scenario)],
    }


def runs_for(case: Written, runs: int) -> int:
    """Fewer runs of the big cases: their timing varies less than their cost."""
    return 1 if case.claims > 50_000 else min(runs, 2) if case.claims > 10_000 else runs


def measure(case: Written, runs: int, tmp: Path) -> dict[str, Measure]:
    out = tmp / f"{case_name(case.areas, case.dates)}.html"
    n = runs_for(case, runs)
    results = {}
    for name, args in commands(case, out).items():
        log(f"  {name} (best of {n}) ...")
        results[name] = best(args, n)
    results["page kB"] = Measure(out.stat().st_size / 1000, 0.0)
    return results


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def format_table(rows: list[tuple[Written, dict[str, Measure]]]) -> str:
    head = (f"{'case':>11} {'changes':>8} {'claims':>8} {'YAML MB':>8} | {'command':20} "
            f"{'CPU s':>7} {'RSS MB':>7} {'CPU/floor':>9} {'RSS/floor':>9}")
    lines = ["CPU seconds (user + sys of a fresh process) and peak RSS, best of the runs.",
             "Floor: plain data from libyaml's events + fastjsonschema validation of each file.",
             "",
             head, "-" * len(head)]
    for case, res in rows:
        floor = res[FLOOR]
        first = True
        for name in ("check", "render", "floor: events", FLOOR, "CSafeLoader+schema"):
            m = res[name]
            left = (f"{case_name(case.areas, case.dates):>11} {case.changes:>8,} {case.claims:>8,} "
                    f"{case.yaml_bytes / 1e6:>8.2f}" if first else " " * 38)
            first = False
            lines.append(f"{left} | {name:20} {m.cpu:7.2f} {m.rss_mb:7.0f} "
                         f"{m.cpu / floor.cpu:8.2f}x {m.rss_mb / floor.rss_mb:8.2f}x")
        lines.append(f"{' ' * 38} | {'timeline page':20} {res['page kB'].cpu:>7,.0f} kB")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="only the small cases (34x75, 400x500)")
    parser.add_argument("--cases", help="comma-separated AREASxDATES, e.g. 34x5000,400x500")
    parser.add_argument("--runs", type=int, default=3, help="runs per command (big cases fewer)")
    parser.add_argument("--keep", type=Path, help="write the cases here and keep them")
    parser.add_argument("--src", type=Path, help="measure the afmap of this source tree "
                        "(e.g. a git worktree's src/) instead of the installed one")
    parser.add_argument("--floor", choices=sorted(FLOORS), help=argparse.SUPPRESS)
    parser.add_argument("folder", nargs="?", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--districts", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.districts:
        return write_districts(args.districts, args.folder)
    if args.floor:
        return FLOORS[args.floor](args.folder)
    global SRC
    SRC = args.src and args.src.resolve()
    cases = parse_cases(args.cases) if args.cases else list(QUICK if args.quick else CASES)
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    with tempfile.TemporaryDirectory(prefix="afmap-scale-") as tmp:
        where = args.keep or Path(tmp)
        rows = []
        for areas, dates in cases:
            t0 = time.perf_counter()
            case = write_case(areas, dates, where)
            log(f"{case_name(areas, dates)}: {case.changes:,} changes, {case.claims:,} claims, "
                f"{case.yaml_bytes / 1e6:.2f} MB of YAML ({time.perf_counter() - t0:.1f} s to write)")
            rows.append((case, measure(case, args.runs, Path(tmp))))
        print(format_table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())

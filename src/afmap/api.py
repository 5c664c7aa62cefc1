"""The library functions the command line calls, one per command.

Each takes paths and plain values, does the whole job, and raises
:class:`~afmap.errors.AfmapError` for anything the user can fix.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from afmap.bibliography import CitedWork
from afmap.dates import in_words
from afmap.errors import Problem
from afmap.geodata import (
    ProvinceInfo,
    default_geodata_path,
    load_provinces,
    province_names,
    province_shapes,
    read_province_info,
)
from afmap.output import Input, check_out, write_atomic
from afmap.timeline import Assignment, Timeline
from afmap.validate import Scenario, check_scenario, load_scenario

if TYPE_CHECKING:
    import geopandas

    from afmap.diff import Diff
    from afmap.stats import AreaRow

def default_scenario() -> Path:
    """The scenario a command reads without ``--scenario``: ``scenarios/`` here, else the shipped one."""
    from afmap.shipped import default_scenario as where

    return where()

def load(scenario: Path | None = None, geodata: Path | None = None) -> Scenario:
    """Load and check a scenario against the province list of ``geodata``."""
    return load_scenario(scenario or default_scenario(), _infos(geodata))


def _infos(geodata: Path | None) -> list[ProvinceInfo]:
    return read_province_info(geodata or default_geodata_path())


def input_paths(scenario: Path | None = None, geodata: Path | None = None) -> list[Path]:
    """The files and folders a map is made from (what ``--watch`` watches)."""
    return [path for _, path in inputs(scenario, geodata)]


def inputs(scenario: Path | None = None, geodata: Path | None = None) -> list[Input]:
    """The inputs of a command with what each is, for :func:`~afmap.output.write_atomic`."""
    return [("the scenario", Path(scenario or default_scenario())),
            ("the geodata", Path(geodata or default_geodata_path()))]


def _refuse_out(out: Path, ins: list[Input]) -> list[Input]:
    """``ins``, once :func:`~afmap.output.check_out` accepts ``out``: a refused --out costs no work.

    ``write_atomic`` checks again, which is what makes the check impossible to skip.
    """
    check_out(out, ins)
    return ins


def check(scenario: Path | None = None, geodata: Path | None = None,
          notices: list[Problem] | None = None) -> list[Problem]:
    """Every problem in a scenario (empty when it is valid).

    The province file is checked whole, polygons included, so that a scenario
    and geodata that pass here draw in every command. ``notices`` (when given)
    receives a note for each file in the older period form.
    """
    infos, _ = province_shapes(geodata or default_geodata_path())
    return check_scenario(scenario or default_scenario(), infos, notices)


def control(day: dt.date, scenario: Path | None = None,
            geodata: Path | None = None) -> list[Assignment]:
    """Who held each province on ``day``: one row per province."""
    return load(scenario, geodata).timeline.at(day)


#: Where commands write when not given ``--out``.
OUTPUT = Path("output")


def default_map_path(day: dt.date | None, year: int | None, fmt: str = "html",
                     kind: str = "") -> Path:
    """``output/afmap-1998.html``, ``output/afmap-1996-09-27.html``, ``output/afmap-timeline.html``.

    ``kind`` names other outputs: ``compare`` gives ``output/afmap-compare-1998.html``,
    ``stats`` (no date) ``output/afmap-stats.png``.
    """
    if kind == "stats":
        return OUTPUT / f"afmap-stats.{fmt}"
    stem = str(year) if year is not None else (day.isoformat() if day else "timeline")
    prefix = f"afmap-{kind}-" if kind else "afmap-"
    return OUTPUT / f"{prefix}{stem}.{fmt}"


def map_subtitle(day: dt.date | None, year: int | None, lang: str = "en") -> str:
    """The line under the map title that states the date shown, in ``lang``."""
    from afmap.i18n import language

    words = language(lang)
    if day is None:
        return words.text("subtitle timeline")
    if year is not None:
        return words.text("subtitle year", date=in_words(day, lang), year=words.digits(str(year)))
    return words.text("subtitle day", date=in_words(day, lang))


def map_title(title: str | None, lang: str = "en") -> str:
    """The scenario's own title, else afmap's ("Territorial control in Afghanistan") in ``lang``."""
    from afmap.i18n import language

    return title or language(lang).text("map title")


def render(out: Path, *, day: dt.date | None, year: int | None = None,
           scenario: Path | None = None, geodata: Path | None = None,
           cdn: bool = False, tiles: str | None = None,
           historical_boundaries: bool = False, lang: str = "en") -> Path:
    """Render the HTML map of ``day`` (or the timeline when None) to ``out``, atomically.

    ``historical_boundaries`` (single date only) draws the provinces that existed on ``day``;
    ``lang`` (``en``, ``fa``, ``ps``) is the language the page opens in.
    """
    from afmap.htmlmap import render_map_html

    ins = _refuse_out(out, inputs(scenario, geodata))
    geodata = geodata or default_geodata_path()
    loaded = load(scenario, geodata)
    timeline, provinces = _view(loaded, geodata, day, historical_boundaries and day is not None)
    html = render_map_html(timeline, provinces, day=day, title=loaded.title, cdn=cdn,
                           tiles=tiles, lang=lang, year=year)
    return write_atomic(out, html, inputs=ins)


# --- Counting, comparing, printing: stats, diff, static images, export, compare -----------

def _view(loaded: Scenario, geodata: Path, day: dt.date | None,
          historical_boundaries: bool) -> tuple[Timeline, geopandas.GeoDataFrame]:
    """The timeline and polygons to draw on ``day``: today's provinces or those of the day."""
    from afmap.boundaries import historical_view

    frame = load_provinces(geodata)
    if not historical_boundaries or day is None:
        return loaded.timeline, frame
    return historical_view(loaded.timeline, read_province_info(geodata), frame, day)


def control_rows(day: dt.date, scenario: Path | None = None, geodata: Path | None = None,
                 historical_boundaries: bool = False) -> list[Assignment]:
    """Like :func:`control`; with ``historical_boundaries`` one row per province of ``day``."""
    if not historical_boundaries:
        return control(day, scenario, geodata)
    geodata = geodata or default_geodata_path()
    timeline, _ = _view(load(scenario, geodata), geodata, day, True)
    return timeline.at(day)


def stats(scenario: Path | None = None, geodata: Path | None = None, *,
          historical_boundaries: bool = False,
          track: Callable[[Sequence[dt.date]], Iterable[dt.date]] | None = None,
          ) -> tuple[Scenario, list[AreaRow]]:
    """Each faction's area and share of the country on every change date."""
    from afmap.boundaries import chosen_parents, parents_on
    from afmap.stats import area_rows, province_areas

    geodata = geodata or default_geodata_path()
    loaded = load(scenario, geodata)
    frame = load_provinces(geodata)
    parents = None
    if historical_boundaries:
        infos = read_province_info(geodata)
        chosen = chosen_parents(infos, frame)
        parents = partial(parents_on, infos=infos, chosen=chosen)
    rows = area_rows(loaded.timeline, province_areas(frame), loaded.timeline.change_dates(),
                     parents_on=parents, track=track)
    return loaded, rows


def stats_image(out: Path, fmt: str, scenario: Path | None = None,
                geodata: Path | None = None, *, historical_boundaries: bool = False,
                track: Callable[[Sequence[dt.date]], Iterable[dt.date]] | None = None,
                lang: str = "en") -> Path:
    """The stacked share chart (PNG or SVG) to ``out``, atomically, in ``lang``."""
    from afmap.chart import stats_chart

    ins = _refuse_out(out, inputs(scenario, geodata))
    loaded, rows = stats(scenario, geodata, historical_boundaries=historical_boundaries,
                         track=track)
    return write_atomic(out, stats_chart(rows, loaded.timeline, fmt,
                                         title=map_title(loaded.title, lang), lang=lang),
                        inputs=ins)


def diff(start: dt.date, end: dt.date, scenario: Path | None = None,
         geodata: Path | None = None) -> Diff:
    """Provinces that changed hands from ``start`` to ``end``, and the events between."""
    from afmap.diff import diff as diff_timeline

    return diff_timeline(load(scenario, geodata).timeline, start, end)


def render_image(out: Path, fmt: str, *, day: dt.date, year: int | None = None,
                 scenario: Path | None = None, geodata: Path | None = None,
                 historical_boundaries: bool = False, lang: str = "en") -> Path:
    """A print-ready PNG or SVG map of ``day`` to ``out``, atomically, in ``lang``."""
    from afmap.staticmap import static_map

    ins = _refuse_out(out, inputs(scenario, geodata))
    geodata = geodata or default_geodata_path()
    loaded = load(scenario, geodata)
    timeline, frame = _view(loaded, geodata, day, historical_boundaries)
    data = static_map(timeline.at(day), frame, timeline, fmt, title=map_title(loaded.title, lang),
                      subtitle=map_subtitle(day, year, lang), day=day, lang=lang)
    return write_atomic(out, data, inputs=ins)


def export(out: Path, fmt: str, *, day: dt.date, scenario: Path | None = None,
           geodata: Path | None = None, historical_boundaries: bool = False) -> Path:
    """The joined control data of ``day`` as GeoJSON, GeoPackage or CSV to ``out``, atomically."""
    from afmap.export import export_bytes

    ins = _refuse_out(out, inputs(scenario, geodata))
    geodata = geodata or default_geodata_path()
    timeline, frame = _view(load(scenario, geodata), geodata, day, historical_boundaries)
    return write_atomic(out, export_bytes(timeline.at(day), frame, fmt), inputs=ins)


def export_timeline(out: Path, fmt: str, *, scenario: Path | None = None,
                    geodata: Path | None = None) -> Path:
    """Every claim of every province as a feature with start and end dates, to ``out``."""
    from afmap.export import export_bytes, timeline_records

    ins = _refuse_out(out, inputs(scenario, geodata))
    geodata = geodata or default_geodata_path()
    timeline = load(scenario, geodata).timeline
    recs = timeline_records(timeline, load_provinces(geodata))
    return write_atomic(out, export_bytes([], load_provinces(geodata), fmt, recs=recs),
                        inputs=ins)


def compare(out: Path, scenario_a: Path, scenario_b: Path, *, day: dt.date,
            year: int | None = None, geodata: Path | None = None,
            names: tuple[str, str] | None = None) -> Path:
    """Two scenarios side by side in one offline HTML page, to ``out``, atomically.

    The page opens on ``day``; its slider moves both through every change
    date of either, outlining and listing where they disagree. ``names``
    calls the two accounts (default: each scenario's title, else its path).
    """
    from afmap.compare import compare_html

    geodata = geodata or default_geodata_path()
    ins = _refuse_out(out, [("the first scenario", Path(scenario_a)),
                            ("the second scenario", Path(scenario_b)), ("the geodata", geodata)])
    a, b = load(scenario_a, geodata), load(scenario_b, geodata)
    html = compare_html(a.timeline, b.timeline, load_provinces(geodata), day=day,
                        names=names or (a.title or str(scenario_a), b.title or str(scenario_b)),
                        subtitle=f"{map_subtitle(day, year)}; the slider moves both accounts "
                                 "through every change date of either")
    return write_atomic(out, html, inputs=ins)


# --- The claim form: migrating older files, listing works ---------------------------------

@dataclass(frozen=True)
class MigratedFile:
    """One file ``afmap migrate`` rewrote: where from, where to, and what it holds now."""

    source: Path
    target: Path
    backup: Path | None
    changes: int
    eras: int
    comments: int


def migrate(path: Path, geodata: Path | None = None, out: Path | None = None) -> list[MigratedFile]:
    """Rewrite the period-form files of a scenario as eras and changes.

    Files with no periods are left as they are. Without ``out`` each file is
    rewritten in place and its original kept beside it as ``NAME.yaml.orig``;
    with ``out`` (a folder) the whole scenario is written there and nothing
    is changed. Before anything is written, the migrated scenario is loaded
    and compared with the original on every change date: the holder, status
    and challengers of every province must agree.
    """
    import shutil
    import tempfile

    from afmap.errors import RenderError
    from afmap.migrate import dump, migrate_files
    from afmap.validate import scenario_files

    infos = _infos(geodata)
    before = load_scenario(path, infos)
    names = province_names(infos)
    migrated = migrate_files([(model, located.data) for located, model in before.files], names)
    texts: dict[Path, str] = {}
    comments: dict[Path, int] = {}
    for (located, _), result in zip(before.files, migrated):
        if result is None:
            continue
        file = Path(located.path)
        original = file.read_text(encoding="utf-8-sig")
        first = original.splitlines()[0] if original else ""
        schema = first.split("$schema=", 1)[1].strip() if "$schema=" in first else None
        texts[file] = dump(result.data, schema)
        comments[file] = sum(1 for line in original.splitlines()
                             if line.lstrip().startswith("#") and "$schema=" not in line)
    if not texts:
        return []
    files = scenario_files(Path(path))
    with tempfile.TemporaryDirectory(prefix="afmap-migrate-") as tmp:
        for file in files:
            target = Path(tmp) / file.name
            if file in texts:
                target.write_text(texts[file], encoding="utf-8")
            else:
                shutil.copyfile(file, target)
        after = load_scenario(Path(tmp) if Path(path).is_dir() else Path(tmp) / Path(path).name,
                              infos)
        for day in before.timeline.change_dates():
            old = [(a.faction, a.status, a.contested_by) for a in before.timeline.at(day)]
            new = [(a.faction, a.status, a.contested_by) for a in after.timeline.at(day)]
            if old != new:
                raise RenderError(f"{path}: the migrated scenario differs from the original on "
                                  f"{day}; nothing was written (please report this)")
    done: list[MigratedFile] = []
    for (located, _), result in zip(before.files, migrated):
        file = Path(located.path)
        if result is None or file not in texts:
            continue
        if out is not None:
            target, backup = Path(out) / file.name, None
        else:
            target, backup = file, file.with_name(file.name + ".orig")
            if backup.exists():
                raise RenderError(f"{backup}: a backup from an earlier migration is in the way; "
                                  "move it, then run afmap migrate again")
        done.append(MigratedFile(file, target, backup, result.changes, result.eras,
                                 comments[file]))
    if out is not None:
        for file in files:
            if file not in texts:
                write_atomic(Path(out) / file.name, file.read_bytes(), inputs=inputs(path, geodata))
    for item in done:
        if item.backup is not None:
            write_atomic(item.backup, item.source.read_bytes(), inputs=())
            write_atomic(item.target, texts[item.source], inputs=())
        else:
            write_atomic(item.target, texts[item.source], inputs=inputs(path, geodata))
    return done



@dataclass(frozen=True)
class SourceList:
    """The works a map cites (by key) and the sources it gives as plain text, each once."""

    works: list[CitedWork]
    plain: list[str]
    #: How many claims, eras, events and factions cite each work key.
    uses: dict[str, int]


def sources(day: dt.date | None = None, scenario: Path | None = None,
            geodata: Path | None = None) -> SourceList:
    """What the map of ``day`` cites (the timeline map's, every date, when None).

    The map of a day cites the claims shown on it, its era's account and the
    events of its year; the timeline map cites every claim, era and event,
    and the factions' own sources.
    """
    from collections import Counter

    from afmap.bibliography import cited_keys, work_text

    loaded = load(scenario, geodata)
    timeline = loaded.timeline
    works = {k: w for _, model in loaded.files for k, w in model.bibliography.items()}
    texts = {work_text(w): k for k, w in works.items()}
    uses: Counter[str] = Counter()
    plain: dict[str, None] = {}

    def take(items: Sequence[str | object], keys: Sequence[str] = ()) -> None:
        found = set(keys)
        for text in items:
            assert isinstance(text, str)
            key = next((k for t, k in texts.items() if text.startswith(t)), None)
            if key is None:
                plain[text] = None
            else:
                found.add(key)
        uses.update(found)

    if day is None:
        for _, model in loaded.files:
            for item in (*model.factions.values(), *model.eras, *model.changes, *model.periods,
                         *model.events):
                keys = cited_keys(item.sources)
                uses.update(keys)
                plain.update((s, None) for s in item.sources if isinstance(s, str))
            for period in model.periods:
                for entry in period.control.values():
                    if not isinstance(entry, str):
                        uses.update(cited_keys(entry.sources))
                        plain.update((s, None) for s in entry.sources if isinstance(s, str))
    else:
        for code in timeline.provinces:
            seg = timeline.segment_at(code, day)
            if seg is not None:
                take(seg.sources, seg.works)
        era = timeline.era_at(day)
        if era is not None:
            take(era.sources)
        for event in timeline.events:
            if event.date.year == day.year:
                take(event.sources)
    cited = [CitedWork(k, works[k]) for k in sorted(uses, key=lambda k: (work_text(works[k]), k))
             if k in works]
    return SourceList(cited, sorted(plain), dict(uses))


def init(folder: Path) -> list[Path]:
    """Write an editable copy of the shipped scenarios into ``folder``, with its schema.

    Each file's first line points at ``scenario.schema.json`` written beside
    it, so editors complete and check the copy wherever it lives. Refuses a
    folder that already holds ``*.yaml`` files (nothing is overwritten).
    """
    from afmap.errors import OutPathError
    from afmap.schema import schema_text
    from afmap.shipped import shipped

    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise OutPathError(f"{folder}: not a folder; give a folder for the scenario copy")
    if folder.is_dir() and any(p.suffix.lower() in (".yaml", ".yml") for p in folder.iterdir()):
        raise OutPathError(f"{folder}: already holds scenario files; give an empty or new folder")
    written = []
    line = "# yaml-language-server: $schema="
    for path in sorted(shipped("scenarios").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        if text.startswith(line):
            text = f"{line}scenario.schema.json\n" + text.split("\n", 1)[1]
        written.append(write_atomic(folder / path.name, text, inputs=()))
    written.append(write_atomic(folder / "scenario.schema.json", schema_text(), inputs=()))
    return written

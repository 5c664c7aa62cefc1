"""Loading a scenario file or folder, checking every rule, building the timeline.

All problems of all files are collected and raised together as one
:class:`~afmap.errors.ScenarioError`, each located as ``path:line:col``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from afmap.colors import color_problem
from afmap.errors import Problem, ScenarioError
from afmap.geodata import ProvinceInfo, province_names
from afmap.names import ProvinceNames, suggestion
from afmap.scenario import (MAX_EVENTS, MAX_FACTIONS, MAX_NAME, MAX_PERIODS, ControlEntry, Event,
                            Period, ScenarioFile)
from afmap.structure import Parsed, validate_structure
from afmap.timeline import EventInfo, FactionInfo, Segment, Timeline
from afmap.yamlfile import LocatedData, Path_, read_yaml


@dataclass
class Scenario:
    """A checked scenario: its files and the timeline they make."""

    files: list[tuple[LocatedData, ScenarioFile]]
    timeline: Timeline

    @property
    def title(self) -> str | None:
        """The scenario's title: the one title its files give, or None.

        In a folder of era files that each carry a title, no one of them names
        the whole, so the caller's default title is used.
        """
        titles = {f.title for _, f in self.files if f.title}
        return titles.pop() if len(titles) == 1 else None


def scenario_files(path: Path) -> list[Path]:
    """The YAML files of a scenario: ``path`` itself, or every ``*.yaml`` in a folder."""
    if path.is_dir():
        # A FIFO or device named *.yaml is kept, so that reading refuses it aloud
        # rather than the scenario silently losing a file; dangling links (editor locks) are not.
        files = sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml")
                       and p.exists() and not p.is_dir())
        if not files:
            raise ScenarioError([Problem(str(path), 0, 0,
                "no *.yaml files in this folder; give a scenario file or a folder of them")])
        return files
    if not path.exists():
        raise ScenarioError([Problem(str(path), 0, 0,
            "no such file or folder (give --scenario a scenario YAML file or folder)")])
    return [path]


def load_scenario(path: Path, provinces: list[ProvinceInfo]) -> Scenario:
    """Read, check and resolve a scenario; raise :class:`ScenarioError` listing every problem."""
    scenario, problems = _load(Path(path), provinces)
    if problems or scenario is None:
        raise ScenarioError(problems)
    return scenario


def check_scenario(path: Path, provinces: list[ProvinceInfo]) -> list[Problem]:
    """Every problem of a scenario, sorted by file and position (empty when valid)."""
    try:
        _, problems = _load(Path(path), provinces)
    except ScenarioError as exc:
        return exc.problems
    return sorted(problems)


def _load(path: Path, provinces: list[ProvinceInfo]) -> tuple[Scenario | None, list[Problem]]:
    problems: list[Problem] = []
    parsed: list[Parsed] = []
    for file in scenario_files(path):
        located = read_yaml(file)
        problems.extend(located.problems)
        if located.data is None:
            continue
        result = validate_structure(located, problems)
        if result is not None:
            parsed.append(result)
    builder = _Builder(provinces, problems)
    timeline = builder.build(parsed)
    for result in parsed if not builder.too_many else ():
        for loc, raw in result.broken:
            builder.check_raw_names(result.located, loc, raw)
    if not problems and not any(p.model.periods or p.broken for p in parsed):
        # The timeline map would have no date to show: refused here, not at render.
        problems.append(Problem(str(path), 0, 0, "no periods, so there is nothing to map; "
                                "add a period (name, start, and a default or control)"))
    files = [(p.located, p.model) for p in parsed]
    return (Scenario(files, timeline) if not problems else None), problems


# -- meaning: names, factions, colours, dates, overlaps ------------------------------------

@dataclass
class _Claim:
    located: LocatedData
    loc: Path_
    period: Period
    segment: Segment


class _Builder:
    """Checks the meaning of parsed files and turns them into a :class:`Timeline`."""

    def __init__(self, provinces: list[ProvinceInfo], problems: list[Problem]) -> None:
        self.infos = provinces
        self.names: ProvinceNames = province_names(provinces)
        self.problems = problems
        self.factions: dict[str, FactionInfo] = {}
        #: More factions, periods or events than a scenario may have: items go unchecked.
        self.too_many = False

    def build(self, parsed: list[Parsed]) -> Timeline:
        order = {p.code: p.name for p in self.infos}
        if self._too_many(parsed):  # reported; checking each of so many would be unbounded work
            return Timeline(order, {}, [], [])
        where: dict[str, str] = {}
        for located, model in ((p.located, p.model) for p in parsed):
            for fid, fac in model.factions.items():
                if fid in self.factions:
                    self._add(located, ("factions", fid),
                              f"faction '{fid}' is defined twice (also in {where[fid]})", key=True)
                    continue
                problem = color_problem(fac.color)
                if problem is not None:
                    self._add(located, ("factions", fid, "color"), problem)
                where[fid] = located.path
                self.factions[fid] = FactionInfo(fid, fac.name, fac.color, fac.short, fac.note,
                                                 tuple(fac.sources))
        claims: list[_Claim] = []
        events: list[EventInfo] = []
        for p in parsed:
            for i, period in zip(p.index["periods"], p.model.periods):
                claims.extend(self._period(p.located, ("periods", i), period))
            for i, event in zip(p.index["events"], p.model.events):
                events.append(self._event(p.located, ("events", i), event))
        self._overlaps(claims)
        return Timeline(order, self.factions, [c.segment for c in claims], events)

    def _too_many(self, parsed: list[Parsed]) -> bool:
        """Whether the files hold more factions, periods or events than a scenario may.

        Each count over its limit is reported once, at the first item too many.
        """
        split = "split the history into scenarios of one era each"
        limits = (("factions", MAX_FACTIONS, "a legend of more is unreadable; merge minor ones"),
                  ("periods", MAX_PERIODS, split), ("events", MAX_EVENTS, split))
        for key, limit, hint in limits:
            items: list[tuple[LocatedData, Path_]] = []
            seen: set[str] = set()
            for p in parsed:
                if key == "factions":  # an id defined twice is reported as such, not counted
                    fresh = [f for f in p.model.factions if f not in seen]
                    seen.update(fresh)
                    items.extend((p.located, (key, fid)) for fid in fresh)
                elif isinstance(p.located.data.get(key), list):
                    items.extend((p.located, (key, i)) for i in range(len(p.located.data[key])))
            if len(items) > limit:
                located, loc = items[limit]
                self._add(located, loc, f"{key[:-1]} {limit + 1:,} of {len(items):,}: a scenario "
                          f"has at most {limit:,} {key} ({hint})", key=key == "factions")
                self.too_many = True
        return self.too_many

    def check_raw_names(self, located: LocatedData, loc: Path_, raw: dict[str, Any]) -> None:
        """Check the names and entries of a period that failed its shape check.

        Positions already reported (by the shape check) are not reported again.
        """
        from pydantic import ValidationError

        taken = {(p.path, p.line, p.col) for p in self.problems}
        before = len(self.problems)
        if isinstance(raw.get("default"), str):
            self._faction(located, (*loc, "default"), raw["default"])
        control = raw.get("control")
        for name, value in (control.items() if isinstance(control, dict) else ()):
            at = (*loc, "control", name)
            if len(name) > MAX_NAME:
                continue  # the shape check has reported it
            if self.names.resolve(name) is None:
                self._add(located, at, f"unknown province '{name}'{self.names.suggest(name)}",
                          key=True)
            try:
                entry = (ControlEntry.model_validate(value) if isinstance(value, dict)
                         else ControlEntry(faction=value, sources=[]))
            except ValidationError:
                continue  # the shape check has reported it
            self._entry(located, at, entry)
        fresh = [p for p in self.problems[before:] if (p.path, p.line, p.col) not in taken]
        del self.problems[before:]
        self.problems.extend(fresh)

    def _add(self, located: LocatedData, loc: Path_, message: str, *, key: bool = False) -> None:
        self.problems.append(located.problem(loc, message, key=key))

    def _faction(self, located: LocatedData, loc: Path_, fid: str) -> bool:
        if fid in self.factions:
            return True
        hint = suggestion(fid, self.factions) if self.factions else \
            " (no factions are defined; add them under 'factions:')"
        self._add(located, loc, f"unknown faction '{fid}'{hint}")
        return False

    def _period(self, located: LocatedData, loc: Path_, period: Period) -> list[_Claim]:
        ok = True
        if period.end is not None and period.end <= period.start:
            self._add(located, (*loc, "end"), f"end {period.end} is not after start "
                      f"{period.start}; 'end' is exclusive and must come later")
            ok = False
        if period.default is not None:
            ok &= self._faction(located, (*loc, "default"), period.default)
        entries: dict[str, tuple[str, ControlEntry]] = {}
        for name, value in period.control.items():
            at = (*loc, "control", name)
            code = self.names.resolve(name)
            entry = value if isinstance(value, ControlEntry) else ControlEntry(faction=value, sources=[])
            if code is None:
                self._add(located, at, f"unknown province '{name}'{self.names.suggest(name)}", key=True)
                self._entry(located, at, entry)
                ok = False
                continue
            if code in entries:
                first = entries[code][0]
                line = located.where((*loc, "control", first), key=True)[0]
                self._add(located, at, f"province '{name}' is given twice in this period "
                          f"(also as '{first}' on line {line})", key=True)
                ok = False
                continue
            ok &= self._entry(located, at, entry)
            entries[code] = (name, entry)
        if not ok:
            return []
        claims = []
        fallback = (ControlEntry.model_construct(faction=period.default, status="controlled",
                                                 contested_by=[], note=None, sources=[])
                    if period.default is not None else None)
        for code in self.names.names:
            if code in entries:
                name, entry = entries[code]
                claims.append(self._claim(located, (*loc, "control", name), period, code, entry))
            elif fallback is not None:
                claims.append(self._claim(located, (*loc, "start"), period, code, fallback))
        return claims

    def _entry(self, located: LocatedData, at: Path_, entry: ControlEntry) -> bool:
        faction_at = (*at, "faction") if (*at, "faction") in located.values else at
        ok = self._faction(located, faction_at, entry.faction)
        for j, other in enumerate(entry.contested_by):
            ok &= self._faction(located, (*at, "contested_by", j), other)
            if other == entry.faction:
                self._add(located, (*at, "contested_by", j),
                          f"'{other}' cannot contest a province it holds; list the other side")
                ok = False
        if entry.contested_by and entry.status != "contested":
            self._add(located, (*at, "contested_by"),
                      "contested_by needs status: contested (or remove contested_by)")
            ok = False
        return ok

    def _claim(self, located: LocatedData, loc: Path_, period: Period, code: str,
               entry: ControlEntry) -> _Claim:
        sources = tuple(dict.fromkeys([*entry.sources, *period.sources]))
        note = entry.note or (period.note if entry.faction == period.default else None)
        seg = Segment(code, period.start, period.end, entry.faction, entry.status,
                      tuple(entry.contested_by), period.name, note, sources)
        return _Claim(located, loc, period, seg)

    def _event(self, located: LocatedData, loc: Path_, event: Event) -> EventInfo:
        lat, lon = event.at
        if not (20 <= lat <= 45 and 55 <= lon <= 80):
            hint = (" (it looks like [longitude, latitude]; write [latitude, longitude])"
                    if 20 <= lon <= 45 and 55 <= lat <= 80 else "")
            self._add(located, (*loc, "at"),
                      f"[{lat}, {lon}] is not in or near Afghanistan{hint}")
        return EventInfo(event.date, event.name, lat, lon, event.note, tuple(event.sources))

    def _overlaps(self, claims: list[_Claim]) -> None:
        by_code: dict[str, list[_Claim]] = defaultdict(list)
        for claim in claims:
            by_code[claim.segment.code].append(claim)
        clashes: dict[tuple[int, int], list[str]] = defaultdict(list)
        pairs: dict[tuple[int, int], tuple[_Claim, _Claim]] = {}
        for code, items in by_code.items():
            items.sort(key=lambda c: (c.segment.start, c.located.path, c.loc))
            latest: _Claim | None = None
            for claim in items:
                if latest is not None and _overlap(latest.segment, claim.segment):
                    key = (id(latest.period), id(claim.period))
                    clashes[key].append(self.names.names[code])
                    pairs[key] = (latest, claim)
                if latest is None or _ends_after(claim.segment, latest.segment):
                    latest = claim
        for key, names in clashes.items():
            first, second = pairs[key]
            a, b = first.segment, second.segment
            end = min((d for d in (a.end, b.end) if d is not None), default=None)
            span = f"from {max(a.start, b.start)} to {end}" if end else f"from {max(a.start, b.start)} on"
            which = (f"{len(names)} provinces ({', '.join(names[:3])}, ...)" if len(names) > 3
                     else ", ".join(names))
            line = first.located.where(("periods",) + first.loc[1:2])[0]
            single = len(names) == 1 and "control" in second.loc
            loc = second.loc if single else second.loc[:2] + ("start",)
            self._add(second.located, loc,
                      f"period '{second.period.name}' overlaps period '{first.period.name}' "
                      f"({first.located.path}:{line}) {span} for {which}; a province can have "
                      "only one holder at a time: end one period before the other starts", key=single)


def _overlap(a: Segment, b: Segment) -> bool:
    return (a.end is None or b.start < a.end) and (b.end is None or a.start < b.end)


def _ends_after(a: Segment, b: Segment) -> bool:
    if b.end is None:
        return False
    return a.end is None or a.end > b.end

"""Loading a scenario file or folder, checking every rule, building the timeline.

All problems of all files are collected and raised together as one
:class:`~afmap.errors.ScenarioError`, each located as ``path:line:col``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from afmap.bibliography import source_text
from afmap.colors import color_problem
from afmap.edtfdates import When
from afmap.errors import Problem, ScenarioError
from afmap.geodata import ProvinceInfo, province_names
from afmap.names import ProvinceNames, suggestion
from afmap.scenario import (
    MAX_CHANGES,
    MAX_ERAS,
    MAX_EVENTS,
    MAX_FACTIONS,
    MAX_NAME,
    MAX_PERIODS,
    MAX_WORKS,
    Change,
    Citation,
    ControlEntry,
    Era,
    Event,
    Period,
    ScenarioFile,
    Work,
    edtf_when,
)
from afmap.structure import Parsed, validate_structure
from afmap.timeline import EraInfo, EventInfo, FactionInfo, Segment, Timeline
from afmap.yamlfile import LocatedData, Path_, read_yaml


@dataclass
class Scenario:
    """A checked scenario: its files and the timeline they make."""

    files: list[tuple[LocatedData, ScenarioFile]]
    timeline: Timeline

    def __repr__(self) -> str:
        from afmap.notebook import describe

        return describe(self)

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
        files = sorted(p for p in path.iterdir() if p.suffix.lower() in (".yaml", ".yml")
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


def check_scenario(path: Path, provinces: list[ProvinceInfo],
                   notices: list[Problem] | None = None) -> list[Problem]:
    """Every problem of a scenario, sorted by file and position (empty when valid).

    ``notices`` (when given) receives what is not wrong but worth saying: a
    file in the older period form, which ``afmap migrate`` rewrites.
    """
    try:
        _, problems = _load(Path(path), provinces, notices)
    except ScenarioError as exc:
        return exc.problems
    return sorted(problems)


#: What ``afmap check`` says of a file in the period form.
PERIOD_FORM_NOTICE = ("note: this file is in the older period form, which still loads; "
                      "'afmap migrate {path}' rewrites it as eras and changes")


def _load(path: Path, provinces: list[ProvinceInfo],
          notices: list[Problem] | None = None) -> tuple[Scenario | None, list[Problem]]:
    from afmap.gcpause import collector_paused

    # Loading makes hundreds of thousands of objects and no garbage cycles: the
    # collector's passes over them would be most of the time a large scenario takes.
    with collector_paused():
        return _load_files(path, provinces, notices)


def _load_files(path: Path, provinces: list[ProvinceInfo],
                notices: list[Problem] | None) -> tuple[Scenario | None, list[Problem]]:
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
        if notices is not None and isinstance(located.data.get("periods"), list) \
                and located.data["periods"]:
            line, col = located.where(("periods",), key=True)
            notices.append(Problem(located.path, line, col,
                                   PERIOD_FORM_NOTICE.format(path=located.path)))
    builder = _Builder(provinces, problems)
    timeline = builder.build(parsed)
    for result in parsed if not builder.too_many else ():
        for loc, raw in result.broken:
            builder.check_raw_names(result.located, loc, raw)
    if not problems and not any(p.model.periods or p.model.changes or p.broken for p in parsed):
        # The timeline map would have no date to show: refused here, not at render.
        problems.append(Problem(str(path), 0, 0, "no changes, so there is nothing to map; "
                                "add a change (date, province, holder, sources)"))
    files = [(p.located, p.model) for p in parsed]
    return (Scenario(files, timeline) if not problems else None), problems


# -- meaning: names, factions, colours, dates, overlaps ------------------------------------

@dataclass(slots=True)
class _Claim:
    located: LocatedData
    loc: Path_
    period: Period | None
    segment: Segment


@dataclass(slots=True)
class _Pending:
    """One province's share of a change, before the next change of it is known."""

    located: LocatedData
    loc: Path_
    code: str
    change: Change
    since: When
    until: When | None
    sources: tuple[str, ...]
    works: tuple[str, ...]

    @property
    def state(self) -> tuple[str, str, tuple[str, ...]]:
        c = self.change
        return (c.holder, c.status, tuple(c.contested_by))

    def where(self) -> str:
        return f"{self.located.path}:{self.located.where(self.loc)[0]}"


class _Builder:
    """Checks the meaning of parsed files and turns them into a :class:`Timeline`."""

    def __init__(self, provinces: list[ProvinceInfo], problems: list[Problem]) -> None:
        self.infos = provinces
        self.names: ProvinceNames = province_names(provinces)
        self.problems = problems
        self.factions: dict[str, FactionInfo] = {}
        self.works: dict[str, Work] = {}
        self._period_cache: dict[int, tuple[tuple[str, ...], tuple[str, ...]]] = {}
        # A scenario writes the same names, dates and works many times: each is read once.
        self._codes: dict[str, str | None] = {}
        self._work_texts: dict[str, str] = {}
        #: More factions, periods or events than a scenario may have: items go unchecked.
        self.too_many = False

    def build(self, parsed: list[Parsed]) -> Timeline:
        order = {p.code: p.name for p in self.infos}
        if self._too_many(parsed):  # reported; checking each of so many would be unbounded work
            return Timeline(order, {}, [], [])
        self._bibliography(parsed)
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
                sources, _ = self._sources(located, ("factions", fid, "sources"), fac.sources)
                self.factions[fid] = FactionInfo(fid, fac.name, fac.color, fac.short, fac.note,
                                                 sources)
        claims: list[_Claim] = []
        pending: list[_Pending] = []
        events: list[EventInfo] = []
        eras: list[EraInfo] = []
        for p in parsed:
            for i, period in zip(p.index["periods"], p.model.periods):
                claims.extend(self._period(p.located, ("periods", i), period))
            for i, change in zip(p.index["changes"], p.model.changes):
                pending.extend(self._change(p.located, ("changes", i), change))
            for i, era in zip(p.index["eras"], p.model.eras):
                eras.extend(self._era(p.located, ("eras", i), era))
            for i, event in zip(p.index["events"], p.model.events):
                events.append(self._event(p.located, ("events", i), event))
        changed = self._claims_of(pending)
        self._overlaps(claims)
        self._against_periods(changed, claims)
        self._unused_works(parsed)
        segments = [c.segment for c in claims] + [c.segment for c in changed]
        return Timeline(order, self.factions, segments, events, eras)

    # -- the bibliography and the sources that cite it ---------------------------------------

    def _bibliography(self, parsed: list[Parsed]) -> None:
        self.work_at: dict[str, tuple[LocatedData, Path_]] = {}
        for p in parsed:
            for key, work in p.model.bibliography.items():
                if key in self.works:
                    first = self.work_at[key][0]
                    line = first.where(("bibliography", key), key=True)[0]
                    self._add(p.located, ("bibliography", key), f"work '{key}' is defined twice "
                              f"(also in {first.path}:{line}); keep one", key=True)
                    continue
                self.works[key] = work
                self.work_at[key] = (p.located, ("bibliography", key))

    def _sources(self, located: LocatedData, loc: Path_,
                 sources: list[str | Citation]) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The sources as text, and the keys of the works they cite; unknown keys reported."""
        texts: list[str] = []
        keys: list[str] = []
        for j, source in enumerate(sources):
            if isinstance(source, Citation):
                if source.cite not in self.works:
                    hint = suggestion(source.cite, self.works) if self.works else \
                        " (the bibliography is empty; add the work under 'bibliography:')"
                    self._add(located, (*loc, j, "cite"), f"unknown work '{source.cite}'{hint}")
                    continue
                keys.append(source.cite)
            texts.append(source_text(source, self.works, self._work_texts))
        return tuple(dict.fromkeys(texts)), tuple(dict.fromkeys(keys))

    def _unused_works(self, parsed: list[Parsed]) -> None:
        """Report each work no source cites (the raw data counts, so a broken item's cites count)."""
        used: set[str] = set()
        for p in parsed:
            if p.whole:  # every item is in the model, so its sources hold every cite
                _model_cites(p.model, used)
            else:
                _collect_cites(p.located.data, used)
        for key, (located, loc) in self.work_at.items():
            if key not in used:
                self._add(located, loc, f"work '{key}' is cited nowhere; cite it in a claim's "
                          "sources or remove it from the bibliography", key=True)

    # -- the claim form: eras and changes ----------------------------------------------------

    def _era(self, located: LocatedData, loc: Path_, era: Era) -> list[EraInfo]:
        start = edtf_when(era.start)
        end = edtf_when(era.end) if era.end else None
        sources, _ = self._sources(located, (*loc, "sources"), era.sources)
        if end is not None and end.first <= start.first:
            self._add(located, (*loc, "end"), f"end {end.text} is not after start {start.text}; "
                      "'end' is the first day after the era")
            return []
        return [EraInfo(era.name, start.first, end.first if end else None, era.note, sources,
                        start, end, era.short)]

    def _change(self, located: LocatedData, loc: Path_, change: Change) -> list[_Pending]:
        ok = self._state(located, loc, change.holder, change.status, change.contested_by,
                         holder_key="holder")
        since = edtf_when(change.date)
        until = edtf_when(change.until) if change.until else None
        if until is not None and until.first <= since.first:
            self._add(located, (*loc, "until"), f"until {until.text} is not after date "
                      f"{since.text}; a claim must end after it starts")
            ok = False
        sources, works = self._sources(located, (*loc, "sources"), change.sources)
        where = (lambda k: (*loc, "provinces", k)) if change.provinces is not None else \
            (lambda k: (*loc, "province"))
        seen: dict[str, int] = {}
        out: list[_Pending] = []
        for k, name in enumerate(change.names):
            code = self._resolve(name)
            if code is None:
                self._add(located, where(k), f"unknown province '{name}'{self.names.suggest(name)}")
                ok = False
                continue
            if code in seen:
                self._add(located, where(k), f"province '{name}' is listed twice in this change "
                          f"(also as '{change.names[seen[code]]}')")
                ok = False
                continue
            seen[code] = k
            out.append(_Pending(located, where(k), code, change, since, until, sources, works))
        return out if ok else []

    def _resolve(self, name: str) -> str | None:
        if name not in self._codes:
            self._codes[name] = self.names.resolve(name)
        return self._codes[name]

    def _claims_of(self, pending: list[_Pending]) -> list[_Claim]:
        """Each province's changes in time order: one holds until the next (or its ``until``).

        Two changes of one province on one day, or an ``until`` that runs past
        a later change with another state, are reported: one province has one
        state a day.
        """
        by_code: dict[str, list[_Pending]] = defaultdict(list)
        for item in pending:
            by_code[item.code].append(item)
        out: list[_Claim] = []
        for code, items in by_code.items():
            items.sort(key=lambda c: (c.since.first, c.located.path, c.loc))
            name = self.names.names[code]
            for i, item in enumerate(items):
                nxt = items[i + 1] if i + 1 < len(items) else None
                if nxt is not None and nxt.since.first == item.since.first:
                    what = ("different states" if nxt.state != item.state
                            else "the same state twice")
                    self._add(nxt.located, nxt.loc, f"two changes give {name} {what} from "
                              f"{item.since.first} (this one and {item.where()}); a province has "
                              "one state a day: remove one or merge them")
                    continue
                end, end_when = None, None
                if item.until is not None:
                    end, end_when = item.until.first, item.until
                if nxt is not None and (end is None or nxt.since.first <= end):
                    if end is not None and nxt.since.first < end and nxt.state != item.state:
                        self._add(item.located, (*item.loc[:2], "until"),
                                  f"{name}: this change lasts until {item.until.text if item.until else ''}, "
                                  f"but the change at {nxt.where()} gives it another state from "
                                  f"{nxt.since.first}; end this one at or before that date")
                    end, end_when = nxt.since.first, nxt.since
                c = item.change
                seg = Segment(code, item.since.first, end, c.holder, c.status,
                              tuple(c.contested_by), c.label, c.note, item.sources,
                              item.since, end_when, item.works)
                out.append(_Claim(item.located, item.loc, None, seg))
        return out

    def _against_periods(self, changed: list[_Claim], periods: list[_Claim]) -> None:
        """A change and a period (of the older form) may not both speak of one province's day."""
        if not changed or not periods:
            return
        by_code: dict[str, list[_Claim]] = defaultdict(list)
        for claim in periods:
            by_code[claim.segment.code].append(claim)
        for claim in changed:
            for other in by_code.get(claim.segment.code, ()):
                if _overlap(claim.segment, other.segment):
                    assert other.period is not None
                    a, b = claim.segment, other.segment
                    line = other.located.where(other.loc[:2])[0]
                    self._add(claim.located, claim.loc, f"the change of "
                              f"{self.names.names[a.code]} from {a.start} overlaps period "
                              f"'{other.period.name}' ({other.located.path}:{line}) from "
                              f"{max(a.start, b.start)}; a province can have only one holder "
                              "at a time: give the change an 'until' or end the period sooner")
                    break

    def _too_many(self, parsed: list[Parsed]) -> bool:
        """Whether the files hold more factions, periods or events than a scenario may.

        Each count over its limit is reported once, at the first item too many.
        """
        split = "split the history into scenarios of one era each"
        limits = (("factions", MAX_FACTIONS, "a legend of more is unreadable; merge minor ones"),
                  ("periods", MAX_PERIODS, split), ("events", MAX_EVENTS, split),
                  ("changes", MAX_CHANGES, split), ("eras", MAX_ERAS, split),
                  ("bibliography", MAX_WORKS, "split the history into scenarios of one era each"))
        for key, limit, hint in limits:
            items: list[tuple[LocatedData, Path_]] = []
            seen: set[str] = set()
            for p in parsed:
                if key in ("factions", "bibliography"):  # an id defined twice is not counted
                    fresh = [f for f in getattr(p.model, key) if f not in seen]
                    seen.update(fresh)
                    items.extend((p.located, (key, fid)) for fid in fresh)
                elif isinstance(p.located.data.get(key), list):
                    items.extend((p.located, (key, i)) for i in range(len(p.located.data[key])))
            if len(items) > limit:
                located, loc = items[limit]
                what = "works" if key == "bibliography" else key
                self._add(located, loc, f"{what[:-1]} {limit + 1:,} of {len(items):,}: a scenario "
                          f"has at most {limit:,} {what} ({hint})",
                          key=key in ("factions", "bibliography"))
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
            code = self._resolve(name)
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
        return self._state(located, at, entry.faction, entry.status, entry.contested_by,
                           holder_key="faction")

    def _state(self, located: LocatedData, at: Path_, holder: str, status: str,
               contested_by: list[str], *, holder_key: str) -> bool:
        """The holder and challengers are known factions, and contested_by fits the status."""
        ok = holder in self.factions or self._faction(
            located, (*at, holder_key) if located.has((*at, holder_key)) else at, holder)
        for j, other in enumerate(contested_by):
            ok &= self._faction(located, (*at, "contested_by", j), other)
            if other == holder:
                self._add(located, (*at, "contested_by", j),
                          f"'{other}' cannot contest a province it holds; list the other side")
                ok = False
        if contested_by and status != "contested":
            self._add(located, (*at, "contested_by"),
                      "contested_by needs status: contested (or remove contested_by)")
            ok = False
        return ok

    def _claim(self, located: LocatedData, loc: Path_, period: Period, code: str,
               entry: ControlEntry) -> _Claim:
        own, own_works = self._sources(located, (*loc, "sources"), entry.sources)
        shared, shared_works = self._period_sources(located, loc, period)
        sources = tuple(dict.fromkeys([*own, *shared]))
        note = entry.note or (period.note if entry.faction == period.default else None)
        seg = Segment(code, period.start, period.end, entry.faction, entry.status,
                      tuple(entry.contested_by), period.name, note, sources,
                      works=tuple(dict.fromkeys([*own_works, *shared_works])))
        return _Claim(located, loc, period, seg)

    def _period_sources(self, located: LocatedData, loc: Path_,
                        period: Period) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """A period's own sources as text, rendered (and their cites checked) once per period."""
        key = id(period)
        if key not in self._period_cache:
            self._period_cache[key] = self._sources(located, (*loc[:2], "sources"),
                                                    period.sources)
        return self._period_cache[key]

    def _event(self, located: LocatedData, loc: Path_, event: Event) -> EventInfo:
        lat, lon = event.at
        if not (20 <= lat <= 45 and 55 <= lon <= 80):
            hint = (" (it looks like [longitude, latitude]; write [latitude, longitude])"
                    if 20 <= lon <= 45 and 55 <= lat <= 80 else "")
            self._add(located, (*loc, "at"),
                      f"[{lat}, {lon}] is not in or near Afghanistan{hint}")
        sources, _ = self._sources(located, (*loc, "sources"), event.sources)
        return EventInfo(event.date, event.name, lat, lon, event.note, sources)

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


def _collect_cites(data: Any, used: set[str]) -> None:
    """Every ``cite:`` key in ``data`` (the raw file), wherever it stands."""
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if isinstance(node.get("cite"), str):
                used.add(node["cite"])
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)


def _model_cites(model: ScenarioFile, used: set[str]) -> None:
    """Every work a file's sources cite, read from its checked items."""
    lists: list[list[str | Citation]] = [f.sources for f in model.factions.values()]
    for items in (model.eras, model.changes, model.events, model.periods):
        lists.extend(item.sources for item in items)
    for period in model.periods:
        lists.extend(e.sources for e in period.control.values() if isinstance(e, ControlEntry))
    used.update(s.cite for sources in lists for s in sources if isinstance(s, Citation))


def _overlap(a: Segment, b: Segment) -> bool:
    return (a.end is None or b.start < a.end) and (b.end is None or a.start < b.end)


def _ends_after(a: Segment, b: Segment) -> bool:
    if b.end is None:
        return False
    return a.end is None or a.end > b.end

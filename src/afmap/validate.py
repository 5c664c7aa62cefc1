"""Loading a scenario file or folder, checking every rule, building the timeline.

All problems of all files are collected and raised together as one
:class:`~afmap.errors.ScenarioError`, each located as ``path:line:col``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from afmap.errors import Problem, ScenarioError
from afmap.geodata import ProvinceInfo, province_names
from afmap.names import ProvinceNames, suggestion
from afmap.scenario import ControlEntry, Event, Faction, Period, ScenarioFile
from afmap.timeline import EventInfo, FactionInfo, Segment, Timeline
from afmap.yamlfile import LocatedData, Path_, read_yaml

_MODELS: dict[str, type] = {"file": ScenarioFile, "faction": Faction, "period": Period,
                            "entry": ControlEntry, "event": Event}


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
        files = sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
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
    parsed: list[_Parsed] = []
    for file in scenario_files(path):
        located = read_yaml(file)
        problems.extend(located.problems)
        if located.data is None:
            continue
        result = _validate_structure(located, problems)
        if result is not None:
            parsed.append(result)
    builder = _Builder(provinces, problems)
    timeline = builder.build(parsed)
    for result in parsed:
        for loc, raw in result.broken:
            builder.check_raw_names(result.located, loc, raw)
    files = [(p.located, p.model) for p in parsed]
    return (Scenario(files, timeline) if not problems else None), problems


# -- structure: pydantic errors turned into located messages -----------------------------

Broken = list[tuple[Path_, dict[str, Any]]]


@dataclass
class _Parsed:
    """The well-formed part of one file, with where each kept item stood."""

    located: LocatedData
    model: ScenarioFile
    broken: Broken
    index: dict[str, list[int]]


def _validate_structure(located: LocatedData, problems: list[Problem]) -> _Parsed | None:
    """Check one file's shape item by item, so one bad period hides no other problem.

    Returns a :class:`ScenarioFile` of the items that are well formed and the
    raw periods that are not (their names are still checked), or None if the
    file's top level is unusable.
    """
    from pydantic import ValidationError

    data = located.data
    taken = {(p.line, p.col) for p in problems if p.path == located.path}
    found: list[Problem] = []

    def attempt(model: type[Any], value: Any, prefix: Path_) -> Any:
        try:
            return model.model_validate(value)
        except ValidationError as exc:
            for err in exc.errors(include_url=False):
                err = {**err, "loc": (*prefix, *err["loc"])}
                found.append(_located_error(located, err))
        return None

    containers = {"factions": dict, "periods": list, "events": list}
    top = {k: v for k, v in data.items() if k not in containers or v is None}
    header = attempt(ScenarioFile, top, ())
    parts: dict[str, Any] = {"factions": {}, "periods": [], "events": []}
    broken: Broken = []
    index: dict[str, list[int]] = {"periods": [], "events": []}
    for key, kind in containers.items():
        value = data.get(key)
        if value is None:
            continue
        if not isinstance(value, kind):
            want = "a mapping of faction id to faction" if kind is dict else "a list"
            found.append(located.problem((key,), f"'{key}' must be {want}, not {_describe(value)}"))
            continue
        if kind is dict:
            for fid, item in value.items():
                ok = attempt(ScenarioFile, {"factions": {fid: item}}, ())
                if ok is not None:
                    parts["factions"].update(ok.factions)
        else:
            model = Period if key == "periods" else Event
            for i, item in enumerate(value):
                ok = attempt(model, item, (key, i))
                if ok is not None:
                    parts[key].append(ok)
                    index[key].append(i)
                elif key == "periods" and isinstance(item, dict):
                    broken.append(((key, i), item))
    problems.extend(p for p in found if (p.line, p.col) not in taken)
    if header is None:
        return None
    return _Parsed(located, header.model_copy(update=parts), broken, index)


def _data_loc(located: LocatedData, loc: tuple[Any, ...]) -> Path_:
    """Drop union tags from a pydantic ``loc`` so it matches the data path."""
    out: list[str | int] = []
    node = located.data
    for part in loc:
        if isinstance(node, dict) and part in node:
            out.append(part)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            out.append(part)
            node = node[part]
        elif part in ("faction", "entry") and not (isinstance(node, dict) and part in node):
            continue
        else:
            out.append(part)
            node = None
    return tuple(out)


def _model_at(path: Path_) -> str:
    """Which model the mapping at ``path`` is (for listing its known keys)."""
    if not path:
        return "file"
    head = path[0]
    if head == "factions" and len(path) == 2:
        return "faction"
    if head == "periods" and len(path) == 2:
        return "period"
    if head == "periods" and len(path) == 4:
        return "entry"
    if head == "events" and len(path) == 2:
        return "event"
    return "file"


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"'{value}'"


def _located_error(located: LocatedData, err: Any) -> Problem:
    path = _data_loc(located, tuple(err["loc"]))
    kind, value = err["type"], err.get("input")
    field = path[-1] if path else "file"
    if kind == "missing":
        parent = path[:-1]
        hint = {"start": " (the first day, YYYY-MM-DD)", "name": "", "faction": " (a faction id)",
                "color": " (a CSS colour such as '#2b6cb0')", "at": " ([latitude, longitude])",
                "date": " (YYYY-MM-DD)"}.get(str(field), "")
        return located.problem(parent, f"missing key '{field}'{hint}")
    if kind == "extra_forbidden":
        known = list(_MODELS[_model_at(path[:-1])].model_fields)
        return located.problem(path, f"unknown key '{field}'{suggestion(str(field), known)}; "
                               f"allowed keys: {', '.join(known)}", key=True)
    if kind.startswith("date") or kind.startswith("datetime"):
        return located.problem(path, f"{_describe(value)} is not a real date; write YYYY-MM-DD")
    if kind == "string_pattern_mismatch":
        return located.problem(path, f"{_describe(value)} is not a faction id; ids use lower-case "
                               "letters, digits and hyphens, e.g. 'united-front'")
    if kind == "string_too_short":
        return located.problem(path, f"'{field}' must not be empty")
    if kind == "string_type":
        return located.problem(path, f"'{field}' must be text, not {_describe(value)}")
    if kind in ("float_parsing", "float_type", "finite_number"):
        return located.problem(path, f"{_describe(value)} is not a number")
    if kind == "literal_error":
        return located.problem(path, f"status must be 'controlled' or 'contested', not {_describe(value)}")
    if kind in ("list_type", "tuple_type"):
        what = "[latitude, longitude]" if field == "at" else "a list"
        return located.problem(path, f"'{field}' must be {what}, not {_describe(value)}")
    if kind in ("too_short", "too_long") and len(path) and "at" in path:
        return located.problem(path, "'at' must be exactly [latitude, longitude]")
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        if isinstance(field, int) and len(path) >= 2:
            item = {"periods": "period", "events": "event"}.get(str(path[-2]), "item")
            return located.problem(path, f"each {item} must be a mapping of keys "
                                   f"({', '.join(_MODELS[item if item != 'item' else 'file'].model_fields)}), "
                                   f"not {_describe(value)}")
        return located.problem(path, f"'{field}' must be a mapping, not {_describe(value)}")
    return located.problem(path, f"'{field}': {err['msg']}")


# -- meaning: names, factions, colours, dates, overlaps ------------------------------------

_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$")
_FUNC = re.compile(r"^(?:rgb|rgba|hsl|hsla)\(\s*[-0-9.%,\s/]+\)$")


def is_css_colour(text: str) -> bool:
    """Whether ``text`` is a CSS colour: hex, rgb()/hsl(), or a CSS colour name."""
    if _HEX.match(text) or _FUNC.match(text):
        return True
    import webcolors

    if text.lower() == "rebeccapurple":  # CSS Color 4's one addition to the CSS3 names
        return True
    try:
        webcolors.name_to_hex(text)
    except ValueError:
        return False
    return True


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

    def build(self, parsed: list[_Parsed]) -> Timeline:
        where: dict[str, str] = {}
        for located, model in ((p.located, p.model) for p in parsed):
            for fid, fac in model.factions.items():
                if fid in self.factions:
                    self._add(located, ("factions", fid),
                              f"faction '{fid}' is defined twice (also in {where[fid]})", key=True)
                    continue
                if not is_css_colour(fac.color):
                    self._add(located, ("factions", fid, "color"),
                              f"'{fac.color}' is not a CSS colour; use e.g. '#2b6cb0' or 'teal'")
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
        order = {p.code: p.name for p in self.infos}
        return Timeline(order, self.factions, [c.segment for c in claims], events)

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
            if self.names.resolve(name) is None:
                self._add(located, at, f"unknown province '{name}'{self.names.suggest(name)}",
                          key=True)
            try:
                entry = (ControlEntry.model_validate(value) if isinstance(value, dict)
                         else ControlEntry(faction=value))
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
            entry = value if isinstance(value, ControlEntry) else ControlEntry(faction=value)
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

"""Rewriting files of the period form as eras and changes, losing nothing.

Each period becomes an era with its name, dates, note and sources. Each
province's run of periods in one state becomes one change, dated where the
run starts, with the entry's own note and sources, labelled with the name of
the period in which it starts; provinces that change on one day in the same
way are one change. A run that the file does not continue ends with
``until``. The result gives every province the same holder, status and
challengers on every day (``tests/test_migrate.py`` checks this on the
shipped history).

What moves: a period's note and sources describe the period, so they stay
with its era and are no longer shown as a province's sources. A source text
written more than once becomes one bibliography work (``text:``, keyed from
its first words) cited where it stood. YAML comments are not carried over
(the command says how many there were, and keeps the original file).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from afmap.names import ProvinceNames
from afmap.scenario import Citation, ControlEntry, Period, ScenarioFile

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_NUMBER = re.compile(r"-?[0-9]+\.[0-9]+")
SCHEMA_COMMENT = "# yaml-language-server: $schema={schema}\n"


@dataclass
class _Run:
    code: str
    start: str
    end: str | None
    state: tuple[str, str, tuple[str, ...]]
    note: str | None
    sources: list[Any]
    label: str


@dataclass
class Migrated:
    """One file in the claim form, as plain data ready to write as YAML."""

    data: dict[str, Any]
    changes: int
    eras: int


@dataclass
class _Pool:
    """Source texts written more than once anywhere, and the keys they become."""

    counts: dict[str, int] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)
    defined: set[str] = field(default_factory=set)


def migrate_files(files: list[tuple[ScenarioFile, dict[str, Any]]],
                  names: ProvinceNames) -> list[Migrated | None]:
    """Migrate each ``(model, raw data)`` of a scenario; None for a file with no periods.

    Files are migrated together so that a source repeated across files is
    written once, in the first file that cites it.
    """
    pool = _Pool()
    for model, _ in files:
        for text in _all_texts(model):
            pool.counts[text] = pool.counts.get(text, 0) + 1
    taken = {k for model, _ in files for k in model.bibliography}
    for text, n in pool.counts.items():
        if n > 1:
            pool.keys[text] = _key(text, taken)
    return [_migrate(model, raw, names, pool) if model.periods else None for model, raw in files]


def _all_texts(model: ScenarioFile) -> Iterable[str]:
    def texts(sources: Iterable[Any]) -> Iterable[str]:
        return (s for s in sources if isinstance(s, str))

    for fac in model.factions.values():
        yield from texts(fac.sources)
    for period in model.periods:
        yield from texts(period.sources)
        for value in period.control.values():
            if isinstance(value, ControlEntry):
                yield from texts(value.sources)
    for event in model.events:
        yield from texts(event.sources)


def _key(text: str, taken: set[str]) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[A-Za-z0-9]+", ascii_text.lower())
    stem = "-".join(words[:6])[:48].strip("-") or "source"
    key, n = stem, 2
    while key in taken:
        key, n = f"{stem}-{n}", n + 1
    taken.add(key)
    return key


def _state(period: Period, name: str | None) -> tuple[tuple[str, str, tuple[str, ...]], ControlEntry | None]:
    value = period.control.get(name) if name is not None else None
    if value is None:
        assert period.default is not None
        return (period.default, "controlled", ()), None
    entry = value if isinstance(value, ControlEntry) else ControlEntry(faction=value, sources=[])
    return (entry.faction, entry.status, tuple(entry.contested_by)), entry


def _runs(model: ScenarioFile, names: ProvinceNames) -> list[_Run]:
    periods = sorted(model.periods, key=lambda p: p.start)
    runs: dict[str, list[_Run]] = {}
    for period in periods:
        written = {names.resolve(n): n for n in period.control}
        for code in names.names:
            if code not in written and period.default is None:
                continue
            state, entry = _state(period, written.get(code))
            note = entry.note if entry else None
            sources = list(entry.sources) if entry else []
            start, end = period.start.isoformat(), period.end.isoformat() if period.end else None
            mine = runs.setdefault(code, [])
            last = mine[-1] if mine else None
            if last is not None and last.end == start and last.state == state \
                    and last.note == note:
                last.end = end
                last.sources.extend(s for s in sources if s not in last.sources)
                continue
            mine.append(_Run(code, start, end, state, note, sources, period.name))
    return [run for code in names.names for run in runs.get(code, [])]


def _migrate(model: ScenarioFile, raw: dict[str, Any], names: ProvinceNames,
             pool: _Pool) -> Migrated:
    runs = _runs(model, names)
    starts: dict[str, set[str]] = {}
    for run in runs:
        starts.setdefault(run.code, set()).add(run.start)
    groups: dict[tuple[Any, ...], list[str]] = {}
    order: list[tuple[Any, ...]] = []
    by_group: dict[tuple[Any, ...], _Run] = {}
    for run in runs:
        until = run.end if run.end is not None and run.end not in starts[run.code] else None
        key = (run.start, until, run.state, run.note, _freeze(run.sources), run.label)
        if key not in groups:
            groups[key] = []
            order.append(key)
            by_group[key] = run
        groups[key].append(names.names[run.code])
    bibliography: dict[str, Any] = dict(raw.get("bibliography") or {})
    changes = []
    for key in sorted(order, key=lambda k: k[0]):
        run, until = by_group[key], key[1]
        holder, status, contested_by = run.state
        change: dict[str, Any] = {"date": run.start}
        if until is not None:
            change["until"] = until
        provinces = groups[key]
        if len(provinces) == 1:
            change["province"] = provinces[0]
        else:
            change["provinces"] = Flow(provinces)
        change["holder"] = holder
        if status != "controlled":
            change["status"] = status
        if contested_by:
            change["contested_by"] = Flow(contested_by)
        change["label"] = run.label
        changes.append(_narrated(change, run.note, run.sources, pool, bibliography))
    eras = []
    for period in sorted(model.periods, key=lambda p: p.start):
        era: dict[str, Any] = {"name": period.name, "start": period.start.isoformat()}
        if period.end is not None:
            era["end"] = period.end.isoformat()
        eras.append(_narrated(era, period.note, period.sources, pool, bibliography))
    data: dict[str, Any] = {}
    for k in ("title", "description"):
        if raw.get(k) is not None:
            data[k] = getattr(model, k)
    if raw.get("factions"):
        data["factions"] = {fid: _plain(fac.model_dump(exclude_defaults=True), pool, bibliography)
                            for fid, fac in model.factions.items()}
    if bibliography:
        data["bibliography"] = bibliography
    data["eras"] = eras
    data["changes"] = changes
    if model.events:
        data["events"] = [_plain(_event(e.model_dump(exclude_defaults=True)), pool, bibliography)
                          for e in model.events]
    # The bibliography goes before the eras, though it is filled while they are written.
    ordered = {k: data[k] for k in ("title", "description", "factions", "bibliography", "eras",
                                    "changes", "events") if k in data}
    return Migrated(ordered, len(changes), len(eras))


def _narrated(item: dict[str, Any], note: str | None, sources: Iterable[Any], pool: _Pool,
              bibliography: dict[str, Any]) -> dict[str, Any]:
    """``item`` with its note and its sources (cited through the pool), when it has them."""
    if note:
        item["note"] = note
    cited = _cite(sources, pool, bibliography)
    if cited:
        item["sources"] = cited
    return item


def _event(data: dict[str, Any]) -> dict[str, Any]:
    data["date"] = data["date"].isoformat()
    data["at"] = Flow(list(data["at"]))
    return data


def _plain(data: dict[str, Any], pool: _Pool, bibliography: dict[str, Any]) -> dict[str, Any]:
    if "sources" in data:
        data["sources"] = _cite(data["sources"], pool, bibliography)
    return data


def _freeze(sources: list[Any]) -> tuple[Any, ...]:
    return tuple(s if isinstance(s, str) else (s.cite, s.at, s.quote) for s in sources)


def _cite(sources: Iterable[Any], pool: _Pool, bibliography: dict[str, Any]) -> list[Any]:
    out: list[Any] = []
    for source in sources:
        if isinstance(source, (Citation, dict)):
            out.append(source.model_dump(exclude_none=True) if isinstance(source, Citation)
                       else source)
        elif source in pool.keys:
            key = pool.keys[source]
            if key not in pool.defined:
                pool.defined.add(key)
                bibliography[key] = {"text": source}
            out.append({"cite": key})
        else:
            out.append(source)
    return out


class Flow(list):  # type: ignore[type-arg]
    """A list written on one line: ``[Helmand, Kandahar]``."""


def dump(data: dict[str, Any], schema: str | None) -> str:
    """The migrated data as YAML text, with the schema comment editors read."""
    import yaml

    class _Dumper(yaml.SafeDumper):
        def ignore_aliases(self, data: Any) -> bool:  # a text shared by two items is written twice
            return True

    def flow(dumper: yaml.SafeDumper, value: Flow) -> Any:
        return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=True)

    def text(dumper: yaml.SafeDumper, value: str) -> Any:
        if _DATE.fullmatch(value):  # written plain: afmap reads every scalar as text
            return dumper.represent_scalar("tag:yaml.org,2002:timestamp", value)
        if _NUMBER.fullmatch(value):  # coordinates: numbers for editors and the schema
            return dumper.represent_scalar("tag:yaml.org,2002:float", value)
        return dumper.represent_scalar("tag:yaml.org,2002:str", value)

    _Dumper.add_representer(Flow, flow)
    _Dumper.add_representer(str, text)
    body = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100,
                     default_flow_style=False, indent=2)
    # Blank lines between the items of eras, changes and events, for reading.
    body = re.sub(r"\n(- )", r"\n\n\1", body)
    body = re.sub(r"\n\n((?:eras|changes|events|bibliography|factions):)", r"\n\n\1", body)
    head = SCHEMA_COMMENT.format(schema=schema) if schema else ""
    return head + body

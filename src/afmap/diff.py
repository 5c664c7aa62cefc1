"""What changed between two dates: provinces that changed hands, and the events between."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable
from dataclasses import dataclass

from afmap.edtfdates import parse as parse_edtf
from afmap.tables import align
from afmap.terminal import visible
from afmap.timeline import NO_DATA, EventInfo, Timeline

COLUMNS = ("code", "province", "from_faction", "to_faction", "from_faction_name",
           "to_faction_name", "since", "since_precision", "change", "note", "sources")


@dataclass(frozen=True)
class Change:
    """One province whose holder on ``to`` differs from its holder on ``from``."""

    code: str
    province: str
    from_faction: str
    to_faction: str
    from_faction_name: str
    to_faction_name: str
    #: The claim of ``to``: since when (EDTF), its precision, its label, note and sources.
    since: str | None = None
    since_precision: str | None = None
    change: str | None = None
    note: str | None = None
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Diff:
    """The changes of control and the events in ``(start, end]``."""

    start: dt.date
    end: dt.date
    changes: list[Change]
    events: list[EventInfo]

    def as_dict(self) -> dict[str, object]:
        """JSON-ready."""
        return {
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "changes": [dict(zip(COLUMNS, _cells(c))) for c in self.changes],
            "events": [{"date": e.date.isoformat(), "name": e.name, "at": [e.lat, e.lon],
                        "note": e.note, "sources": list(e.sources)} for e in self.events],
        }


def diff(timeline: Timeline, start: dt.date, end: dt.date) -> Diff:
    """Provinces held by another faction on ``end`` than on ``start``, and the events after
    ``start`` up to and including ``end``.

    A province no period covers counts as held by ``no-data``. A change of
    status only (controlled to contested by the same holder) is not a change of hands.
    """
    changes = []
    for before, after in zip(timeline.at(start), timeline.at(end)):
        a, b = before.faction or NO_DATA, after.faction or NO_DATA
        if a != b:
            held = after.held_since
            changes.append(Change(before.code, before.province, a, b,
                                  before.faction_name or "No data",
                                  after.faction_name or "No data",
                                  held.text if held else None,
                                  held.describe_precision() if held else None,
                                  after.period, after.note, after.sources))
    events = timeline.events_between(start + dt.timedelta(days=1), end + dt.timedelta(days=1))
    return Diff(start, end, changes, events)


def _cells(c: Change) -> list[object]:
    return [c.code, c.province, c.from_faction, c.to_faction, c.from_faction_name,
            c.to_faction_name, c.since, c.since_precision, c.change, c.note, list(c.sources)]


def to_json(d: Diff) -> str:
    """One object: from, to, changes, events."""
    return json.dumps(d.as_dict(), ensure_ascii=False, indent=2) + "\n"


def to_csv(d: Diff) -> str:
    """The changes of hands as CSV (events are in the table and JSON forms)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows([" | ".join(v) if isinstance(v, list) else ("" if v is None else v)
                      for v in _cells(c)] for c in d.changes)
    return buf.getvalue()


def to_table(d: Diff) -> str:
    """Two aligned blocks: the changes of hands, then the events."""
    lines = [f"{len(d.changes)} province(s) changed hands from {d.start} to {d.end}"]
    if d.changes:
        head = ("CODE", "PROVINCE", "FROM", "TO", "SINCE", "CHANGE")
        body = [(c.code, c.province, c.from_faction, c.to_faction,
                 parse_edtf(c.since).words() if c.since else "-", c.change or "-")
                for c in d.changes]
        lines += align(head, body)
    lines.append("")
    lines.append(f"{len(d.events)} event(s) after {d.start} up to {d.end}")
    lines += [f"{e.date}  {visible(e.name)}" for e in d.events]
    return "\n".join(lines) + "\n"


FORMATS: dict[str, Callable[[Diff], str]] = {"table": to_table, "csv": to_csv, "json": to_json}

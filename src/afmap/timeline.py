"""The control timeline: who held each province on any date.

A :class:`Timeline` is built from a validated scenario (names already resolved
to ISO 3166-2 codes). Periods are half-open ``[start, end)``; a date no period
covers is "no data".
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from afmap.edtfdates import When

Status = str  # "controlled" | "contested" | "no-data"
NO_DATA = "no-data"


@dataclass(frozen=True)
class FactionInfo:
    """A faction as maps and tables show it."""

    id: str
    name: str
    color: str
    short: str | None = None
    note: str | None = None
    sources: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Segment:
    """One province held by one faction over ``[start, end)`` (``end`` None: open)."""

    code: str
    start: dt.date
    end: dt.date | None
    faction: str
    status: Status
    contested_by: tuple[str, ...]
    period: str | None
    note: str | None
    sources: tuple[str, ...]
    #: The dates as the source gives them (EDTF); None: the exact day ``start`` / ``end``.
    start_when: When | None = None
    end_when: When | None = None
    #: Keys of the bibliography works the sources cite.
    works: tuple[str, ...] = ()

    @property
    def since(self) -> When:
        """The start as written, with its precision."""
        return self.start_when or When.of_day(self.start)

    @property
    def until(self) -> When | None:
        """The end as written, with its precision (None: open)."""
        if self.end is None:
            return None
        return self.end_when or When.of_day(self.end)

    def covers(self, day: dt.date) -> bool:
        """Whether ``day`` lies in ``[start, end)``."""
        return self.start <= day and (self.end is None or day < self.end)


@dataclass(frozen=True)
class EventInfo:
    """A dated point on the map."""

    date: dt.date
    name: str
    lat: float
    lon: float
    note: str | None = None
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class EraInfo:
    """A named stretch of time with its narrative; it speaks of no one province."""

    name: str
    start: dt.date
    end: dt.date | None
    note: str | None = None
    sources: tuple[str, ...] = ()
    start_when: When | None = None
    end_when: When | None = None
    #: The name the stats chart shows (eras without one are not named there).
    short: str | None = None

    def covers(self, day: dt.date) -> bool:
        """Whether ``day`` lies in ``[start, end)``."""
        return self.start <= day and (self.end is None or day < self.end)


@dataclass(frozen=True, slots=True)
class Assignment:
    """The state of one province on one date: one row of ``afmap control``."""

    code: str
    province: str
    date: dt.date
    faction: str | None
    faction_name: str | None
    color: str | None
    status: Status
    contested_by: tuple[str, ...]
    period: str | None
    start: dt.date | None
    end: dt.date | None
    note: str | None
    sources: tuple[str, ...]
    start_when: When | None = None
    end_when: When | None = None
    #: Since when the province has been in this state without a break (an earlier claim
    #: may have begun it); the same as ``start_when`` when this claim began it.
    held_since: When | None = None

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready mapping with the keys of the command-line contract."""
        return {
            "code": self.code,
            "province": self.province,
            "date": self.date.isoformat(),
            "faction": self.faction,
            "faction_name": self.faction_name,
            "status": self.status,
            "contested_by": list(self.contested_by),
            "period": self.period,
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "start_edtf": self.start_when.text if self.start_when else None,
            "start_precision": self.start_when.describe_precision() if self.start_when else None,
            "end_edtf": self.end_when.text if self.end_when else None,
            "end_precision": self.end_when.describe_precision() if self.end_when else None,
            "held_since": self.held_since.text if self.held_since else None,
            "note": self.note,
            "sources": list(self.sources),
        }


@dataclass
class Timeline:
    """Control of every province over time.

    Parameters
    ----------
    provinces
        ISO code -> display name, in the order rows are reported.
    factions
        Faction id -> :class:`FactionInfo`.
    segments
        Every segment of every province; they must not overlap per province.
    events
        Dated points, any order.
    """

    provinces: Mapping[str, str]
    factions: Mapping[str, FactionInfo]
    segments: Sequence[Segment]
    events: Sequence[EventInfo] = ()
    eras: Sequence[EraInfo] = ()
    _by_code: dict[str, list[Segment]] = field(init=False, repr=False)
    _starts: dict[str, list[dt.date]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._by_code = {code: [] for code in self.provinces}
        for seg in self.segments:
            self._by_code.setdefault(seg.code, []).append(seg)
        for segs in self._by_code.values():
            segs.sort(key=lambda s: s.start)
        self._starts = {c: [s.start for s in segs] for c, segs in self._by_code.items()}
        self._held: dict[int, When] = {}
        for segs in self._by_code.values():
            for before, seg in zip([None, *segs], segs):
                run = (before is not None and before.end == seg.start
                       and (before.faction, before.status, before.contested_by)
                       == (seg.faction, seg.status, seg.contested_by))
                self._held[id(seg)] = self._held[id(before)] if run else seg.since
        self.events = sorted(self.events, key=lambda e: (e.date, e.name))
        self.eras = sorted(self.eras, key=lambda e: (e.start, e.name))

    def __repr__(self) -> str:
        return (f"<afmap.Timeline: {len(self.provinces)} provinces, {len(self.segments)} claims, "
                f"{len(self.events)} events, {len(self.eras)} eras>")

    def era_at(self, day: dt.date) -> EraInfo | None:
        """The latest-starting era covering ``day``, or None."""
        found = None
        for era in self.eras:
            if era.covers(day):
                found = era
        return found

    def segments_of(self, code: str) -> list[Segment]:
        """The segments of one province, in time order."""
        return list(self._by_code.get(code, []))

    def held_since(self, seg: Segment) -> When:
        """Since when the province of ``seg`` has been in its state without a break."""
        held = self._held.get(id(seg))
        return held if held is not None else seg.since

    def segment_at(self, code: str, day: dt.date) -> Segment | None:
        """The segment covering ``day`` for province ``code``, or None."""
        i = bisect.bisect_right(self._starts.get(code, []), day) - 1
        if i < 0:
            return None
        seg = self._by_code[code][i]
        return seg if seg.covers(day) else None

    def at(self, day: dt.date) -> list[Assignment]:
        """One :class:`Assignment` per province on ``day``, in province order."""
        return [self.row(code, day) for code in self.provinces]

    def row(self, code: str, day: dt.date) -> Assignment:
        """The state of province ``code`` on ``day``: its row of ``afmap control``."""
        seg = self.segment_at(code, day)
        name = self.provinces[code]
        if seg is None:
            return Assignment(code, name, day, None, None, None, NO_DATA, (), None,
                              None, None, None, ())
        fac = self.factions[seg.faction]
        return Assignment(code, name, day, seg.faction, fac.name, fac.color, seg.status,
                          seg.contested_by, seg.period, seg.start, seg.end, seg.note,
                          seg.sources, seg.since, seg.until, self.held_since(seg))

    def change_dates(self) -> list[dt.date]:
        """Every date on which some province's state changes, ascending."""
        days: set[dt.date] = set()
        for seg in self.segments:
            days.add(seg.start)
            if seg.end is not None:
                days.add(seg.end)
        return sorted(days)

    def events_between(self, start: dt.date, end: dt.date | None) -> list[EventInfo]:
        """Events with ``start <= date < end`` (``end`` None: open)."""
        return [e for e in self.events if e.date >= start and (end is None or e.date < end)]

    def factions_at(self, day: dt.date) -> list[FactionInfo]:
        """Factions holding or contesting some province on ``day``, in table order."""
        used: set[str] = set()
        for a in self.at(day):
            if a.faction:
                used.add(a.faction)
                used.update(a.contested_by)
        return [f for fid, f in self.factions.items() if fid in used]

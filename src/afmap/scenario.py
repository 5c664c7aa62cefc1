"""The scenario format: typed models of what a user writes in YAML.

These models are the single description of the format: validation, the JSON
Schema (``afmap schema``) and the timeline all come from them. Names of
provinces and factions are checked later, against the geodata and the
faction table, by :mod:`afmap.validate`.

Limits
------
Every text and list has a bound, so that what ``afmap check`` accepts every
command renders in bounded time and memory (a multi-megabyte title would make
an SVG of gigabytes, thousands of factions a legend nobody can read). The
longest texts of the shipped scenarios are far below them (measured: a name
95 characters, a title 85, a note 1,117, a source 405; at most 7 sources to a
claim, 3 challengers, 12 factions, 75 periods and 76 events):

========================  ===========  ==========================================
limit                     value        applies to
========================  ===========  ==========================================
``MAX_NAME``              300          title, names, short names, province keys
``MAX_NOTE``              20,000       note, description
``MAX_SOURCE``            5,000        each source
``MAX_SOURCES``           100          sources of one faction, period, entry, event
``MAX_ID``                64           a faction id
``MAX_COLOR``             100          a colour's text
``MAX_CONTESTED_BY``      10           challengers of one contested province
``MAX_FACTIONS``          200          factions of a whole scenario (all files)
``MAX_PERIODS``           10,000       periods of a whole scenario (all files)
``MAX_EVENTS``            2,000        events of a whole scenario (all files)
========================  ===========  ==========================================

Texts count characters after surrounding white space is stripped. The counts
over a whole scenario are checked by :mod:`afmap.validate`.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import (BaseModel, BeforeValidator, ConfigDict, Discriminator, Field,
                      StringConstraints, Tag)
from pydantic_core import PydanticCustomError

MAX_NAME = 300
MAX_NOTE = 20_000
MAX_SOURCE = 5_000
MAX_SOURCES = 100
MAX_ID = 64
MAX_COLOR = 100
MAX_CONTESTED_BY = 10
MAX_FACTIONS = 200
MAX_PERIODS = 10_000
MAX_EVENTS = 2_000

_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _calendar_date(value: object) -> object:
    """Only a ``YYYY-MM-DD`` text that names a real day (or a date) is a date.

    Pydantic's lax date parsing would read ``0`` as 1970-01-01 and
    ``2001-11-13T00:00:00`` as a day; a scenario's dates are days as written.
    """
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and _DAY.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise PydanticCustomError("date_calendar", "not a real date; write YYYY-MM-DD")


Day = Annotated[dt.date, BeforeValidator(_calendar_date),
                Field(description="A calendar day, YYYY-MM-DD.")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_NAME)]
Note = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_NOTE)]
Source = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                          max_length=MAX_SOURCE)]
Colour = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                          max_length=MAX_COLOR)]
FactionId = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=MAX_ID),
    Field(description="Faction id: lower-case letters, digits and hyphens, e.g. 'united-front'."),
]
Sources = Annotated[
    list[Source],
    Field(default_factory=list, max_length=MAX_SOURCES,
          description="Where the claim comes from: a quotation or author, title and year."),
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Faction(_Model):
    """A side in the conflict, drawn in one colour."""

    name: Text = Field(description="Full name shown in legends and popups.")
    color: Colour = Field(description=(
        "A CSS colour in sRGB: hex ('#2b6cb0', '#2b6cb080'), a name ('teal', 'rebeccapurple', "
        "'transparent'), 'rgb(43, 108, 176)', 'rgb(43 108 176 / 50%)', 'rgba(...)', "
        "'hsl(210deg, 60%, 43%)', 'hsla(...)' or 'hwb(...)'. Not 'currentcolor' (it has no "
        "colour of its own), nor lab(), lch(), oklab(), oklch() or color()."))
    short: Text | None = Field(None, description="Short label for tight spaces.")
    note: Note | None = None
    sources: Sources


class ControlEntry(_Model):
    """Who holds one province during a period, with status and sources."""

    faction: FactionId
    status: Literal["controlled", "contested"] = "controlled"
    contested_by: list[FactionId] = Field(
        default_factory=list, max_length=MAX_CONTESTED_BY,
        description="Factions that fight for the province (status: contested)."
    )
    note: Note | None = None
    sources: Sources


def _control_kind(value: object) -> str:
    return "entry" if isinstance(value, (dict, ControlEntry)) else "faction"


ControlValue = Annotated[
    Annotated[FactionId, Tag("faction")] | Annotated[ControlEntry, Tag("entry")],
    Discriminator(_control_kind),
]


class Period(_Model):
    """A stretch of time during which control is as stated.

    ``start`` is inclusive, ``end`` exclusive; no ``end`` means until today.
    """

    name: Text
    start: Day
    end: Day | None = None
    default: FactionId | None = Field(
        None, description="Faction holding every province not listed under 'control'."
    )
    control: dict[Text, ControlValue] = Field(
        default_factory=dict, description="Province (name, alias or ISO 3166-2 code) -> faction id or entry."
    )
    note: Note | None = None
    sources: Sources


class Event(_Model):
    """A dated point (battle, capture, massacre) shown with the map of its date."""

    date: Day
    name: Text
    at: tuple[float, float] = Field(description="[latitude, longitude] in degrees (WGS84).")
    note: Note | None = None
    sources: Sources


class ScenarioFile(_Model):
    """One scenario YAML file. A folder of them forms one timeline."""

    title: Text | None = None
    description: Note | None = None
    factions: dict[FactionId, Faction] = Field(default_factory=dict)
    periods: list[Period] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)

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
``MAX_CHANGES``           100,000      changes of a whole scenario (all files)
``MAX_ERAS``              1,000        eras of a whole scenario (all files)
``MAX_WORKS``             5,000        works of the bibliography (all files)
``MAX_PROVINCES``         400          provinces named by one change
``MAX_URL``               2,000        a work's URL
========================  ===========  ==========================================

Texts count characters after surrounding white space is stripped. The counts
over a whole scenario are checked by :mod:`afmap.validate`.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

from afmap.edtfdates import EdtfError, When
from afmap.edtfdates import parse as parse_edtf

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
MAX_CHANGES = 100_000
MAX_ERAS = 1_000
MAX_WORKS = 5_000
MAX_PROVINCES = 400
MAX_URL = 2_000

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


#: Dates read so far, by text (bounded: a scenario has at most a few tens of thousands).
_WHEN: dict[str, When] = {}
_MAX_WHEN = 100_000


def edtf_when(text: str) -> When:
    """The EDTF date ``text`` means (:func:`afmap.edtfdates.parse`), each text parsed once.

    A scenario writes the same dates many times, and checking its shape and
    building its timeline both read them.
    """
    when = _WHEN.get(text)
    if when is None:
        when = parse_edtf(text)
        if len(_WHEN) >= _MAX_WHEN:
            _WHEN.clear()
        _WHEN[text] = when
    return when


def _edtf(value: str) -> str:
    try:
        return edtf_when(value).text
    except EdtfError as exc:
        raise PydanticCustomError("edtf", str(exc)) from None


def _year_number(value: object) -> object:
    """``date: 2018`` is a year, whether YAML read it as text or (in an editor) as a number."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


# The constraints come before the number's validator (which still runs first) so that
# pydantic checks them in its core; after it, they were a Python call per date.
Edtf = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40),
                 BeforeValidator(_year_number),
                 AfterValidator(_edtf),
                 WithJsonSchema({"anyOf": [{"type": "string", "maxLength": 40},
                                           {"type": "integer", "minimum": 1900,
                                            "maximum": 2100}]}),
                 Field(description=(
                     "An EDTF date as exact as the source: 2001-11-13 (a day), 1998-08 (a "
                     "month), 1995 (a year), 1998-22 (summer; 21 spring, 23 autumn, 24 winter), "
                     "199X (a decade); end with ? (uncertain), ~ (approximate) or % (both). "
                     "The map draws it on the first day it can denote."),
                       examples=["2001-11-13", "1998-08", "1998-22~", "1995?"])]
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
WorkKey = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:-]*$", max_length=MAX_ID),
    Field(description="A bibliography key: letters, digits and . _ : -, e.g. 'rashid-2000'."),
]
Url = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_URL,
                                       pattern=r"^(https?|ftp)://[^\s]+$")]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Citation(_Model):
    """A work of the bibliography, cited by key, with an optional pinpoint and quotation."""

    cite: WorkKey = Field(description="The key of a work under 'bibliography:'.")
    at: Text | None = Field(None, description=(
        "Where in the work: a page, a section, the date of a news item ('p. 212', "
        "'ch. 4', '13 November 2001')."))
    quote: Source | None = Field(None, description="A short quotation that supports the claim.")


def _source_kind(value: object) -> str:
    return "citation" if isinstance(value, (dict, Citation)) else "text"


SourceRef = Annotated[
    Annotated[Source, Tag("text")] | Annotated[Citation, Tag("citation")],
    Discriminator(_source_kind),
]
Sources = Annotated[
    list[SourceRef],
    Field(default_factory=list, max_length=MAX_SOURCES,
          description=("Where the claim comes from: a citation of a bibliography work "
                       "({cite: key, at: pinpoint, quote: ...}) or a reference as plain text.")),
]


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


WORK_TYPES = ("article", "book", "chapter", "report", "news", "web", "encyclopedia",
              "dataset", "map", "other")


class Work(_Model):
    """A work written once in the bibliography and cited by its key.

    Give the fields the work has (``title`` at least), or, for a reference
    not yet split into fields, its whole text as ``text``.
    """

    type: Literal[WORK_TYPES] | None = Field(  # type: ignore[valid-type]
        None, description="What the work is (CSL-JSON and BibTeX use it).")
    author: Text | None = Field(None, description="Author(s) as written: 'Ahmed Rashid'.")
    title: Text | None = None
    container: Text | None = Field(None, description=(
        "Where it appeared: newspaper, journal, website, encyclopedia, book of a chapter."))
    publisher: Text | None = None
    date: Edtf | None = Field(None, description="When it was published (EDTF).")
    edition: Text | None = None
    url: Url | None = None
    accessed: Day | None = Field(None, description="When an online work was read, YYYY-MM-DD.")
    text: Source | None = Field(None, description="The whole reference as free text.")
    note: Note | None = None

    @model_validator(mode="after")
    def _titled(self) -> Work:
        if self.title is None and self.text is None:
            raise PydanticCustomError("work_untitled",
                                      "a work needs a 'title' (or its whole reference as 'text')")
        return self


class Era(_Model):
    """A named stretch of time with a narrative: it labels the slider and the stats chart.

    An era says nothing about any one province; its sources are the narrative's.
    """

    name: Text
    short: Text | None = Field(None, description=(
        "A short name ('Soviet war'): the eras that have one are named on the stats chart."))
    start: Edtf
    end: Edtf | None = Field(None, description="The first day after the era (EDTF); none: today.")
    note: Note | None = None
    sources: Sources


class Change(_Model):
    """From ``date``, the named provinces are held as stated, until a later change.

    Name one province (``province``) or several (``provinces``) that change
    on the same day for the same reason, on the same sources. The state holds
    until the next change of that province, or until ``until`` if given (then
    the province has no data until a later change).
    """

    date: Edtf = Field(description="The first day of the new state (EDTF).")
    until: Edtf | None = Field(None, description=(
        "The first day the claim no longer holds (EDTF); leave it out when a later change "
        "takes over."))
    province: Text | None = Field(None, description="One province: name, alias or ISO code.")
    provinces: list[Text] | None = Field(None, min_length=1, max_length=MAX_PROVINCES,
                                         description="Several provinces changing together.")
    holder: FactionId = Field(description="The faction that holds them.")
    status: Literal["controlled", "contested"] = "controlled"
    contested_by: list[FactionId] = Field(
        default_factory=list, max_length=MAX_CONTESTED_BY,
        description="Factions that fight for the provinces (status: contested).")
    label: Text | None = Field(None, description=(
        "A short name for the change, shown as its 'period': 'Fall of Kunduz'."))
    note: Note | None = Field(None, description="What holds for the whole span of the claim.")
    sources: Sources

    @model_validator(mode="after")
    def _one_place(self) -> Change:
        if (self.province is None) == (self.provinces is None):
            raise PydanticCustomError("change_where", "a change names 'province' (one) or "
                                      "'provinces' (a list), not both and not neither")
        return self

    @property
    def names(self) -> list[str]:
        """The province names as written."""
        return [self.province] if self.province is not None else list(self.provinces or ())


class ScenarioFile(_Model):
    """One scenario YAML file. A folder of them forms one timeline.

    ``eras`` and ``changes`` are the claim form; ``periods`` the older
    snapshot form, which keeps loading with its meaning (``afmap migrate``
    rewrites it).
    """

    title: Text | None = None
    description: Note | None = None
    factions: dict[FactionId, Faction] = Field(default_factory=dict)
    bibliography: dict[WorkKey, Work] = Field(default_factory=dict)
    eras: list[Era] = Field(default_factory=list)
    changes: list[Change] = Field(default_factory=list)
    periods: list[Period] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)

"""The scenario format: typed models of what a user writes in YAML.

These models are the single description of the format: validation, the JSON
Schema (``afmap schema``) and the timeline all come from them. Names of
provinces and factions are checked later, against the geodata and the
faction table, by :mod:`afmap.validate`.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, StringConstraints, Tag

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
FactionId = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$"),
    Field(description="Faction id: lower-case letters, digits and hyphens, e.g. 'united-front'."),
]
Sources = Annotated[
    list[Text],
    Field(default_factory=list,
          description="Where the claim comes from: a quotation or author, title and year."),
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Faction(_Model):
    """A side in the conflict, drawn in one colour."""

    name: Text = Field(description="Full name shown in legends and popups.")
    color: Text = Field(description="Any CSS colour: '#2b6cb0', 'rebeccapurple', 'rgb(1,2,3)'.")
    short: Text | None = Field(None, description="Short label for tight spaces.")
    note: Text | None = None
    sources: Sources


class ControlEntry(_Model):
    """Who holds one province during a period, with status and sources."""

    faction: FactionId
    status: Literal["controlled", "contested"] = "controlled"
    contested_by: list[FactionId] = Field(
        default_factory=list, description="Factions that fight for the province (status: contested)."
    )
    note: Text | None = None
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
    start: dt.date
    end: dt.date | None = None
    default: FactionId | None = Field(
        None, description="Faction holding every province not listed under 'control'."
    )
    control: dict[Text, ControlValue] = Field(
        default_factory=dict, description="Province (name, alias or ISO 3166-2 code) -> faction id or entry."
    )
    note: Text | None = None
    sources: Sources


class Event(_Model):
    """A dated point (battle, capture, massacre) shown with the map of its date."""

    date: dt.date
    name: Text
    at: tuple[float, float] = Field(description="[latitude, longitude] in degrees (WGS84).")
    note: Text | None = None
    sources: Sources


class ScenarioFile(_Model):
    """One scenario YAML file. A folder of them forms one timeline."""

    title: Text | None = None
    description: Text | None = None
    factions: dict[FactionId, Faction] = Field(default_factory=dict)
    periods: list[Period] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)

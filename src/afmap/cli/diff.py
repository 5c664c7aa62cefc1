"""``afmap diff``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from afmap.cli.echo import emit
from afmap.cli.options import _date, format_option, geodata_option, scenario_option


@click.command()
@click.argument("start", metavar="FROM", callback=_date)
@click.argument("end", metavar="TO", callback=_date)
@scenario_option
@geodata_option
@format_option(("table", "csv", "json"), "table")
def diff(start: dt.date, end: dt.date, scenario: Path | None, geodata: Path | None,
         fmt: str) -> None:
    """The provinces that changed hands between two dates, and the events between.

    FROM and TO are dates (YYYY-MM-DD). A province changed hands when its
    holder on TO differs from its holder on FROM; events are those after FROM
    up to and including TO. Each change carries the claim of TO: since when
    the new state holds (EDTF, with its precision), the change's label, its
    note and its own sources. CSV lists the changes only; table and JSON add
    the events.

    \b
    Examples:
      afmap diff 1996-01-01 2001-06-01
      afmap diff 1992-04-01 1996-09-27 --format json
    """
    from afmap import api
    from afmap.diff import FORMATS

    if end < start:
        raise click.UsageError(f"FROM ({start}) is after TO ({end}); give the earlier date first")
    emit(FORMATS[fmt](api.diff(start, end, scenario, geodata)), fmt)

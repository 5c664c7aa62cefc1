"""``afmap control``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from afmap.cli.echo import emit
from afmap.cli.options import (
    format_option,
    geodata_option,
    historical_boundaries_option,
    resolve_day,
    scenario_option,
    when,
)


@click.command()
@when(required=True)
@scenario_option
@geodata_option
@format_option(("table", "csv", "json"), "table")
@historical_boundaries_option
def control(year: int | None, date_: dt.date | None, scenario: Path | None,
            geodata: Path | None, fmt: str, historical_boundaries: bool) -> None:
    """Print who held each province on a date: one row per province.

    JSON rows carry code, province, faction, faction_name, status
    (controlled | contested | no-data), contested_by, period, start, end,
    note and sources.

    \b
    Examples:
      afmap control --year 1998
      afmap control --date 2021-08-10 --format csv > provinces.csv
      afmap control --year 1998 --format json
      afmap control --year 1990 --historical-boundaries   # 32 provinces
    """
    from afmap import api
    from afmap.tables import FORMATS

    day = resolve_day(year, date_, required=True)
    emit(FORMATS[fmt](api.control_rows(day, scenario, geodata, historical_boundaries)), fmt)

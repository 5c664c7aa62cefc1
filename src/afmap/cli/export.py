"""``afmap export``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from afmap.cli.echo import written
from afmap.cli.options import (
    format_option,
    geodata_option,
    historical_boundaries_option,
    out_option,
    resolve_day,
    scenario_option,
    when,
)


@click.command()
@when(required=False)
@scenario_option
@geodata_option
@format_option(("geojson", "gpkg", "csv"), "geojson", follows_out=True)
@out_option
@historical_boundaries_option
@click.option("--timeline", is_flag=True,
              help="Every claim of every province as a feature with start and end dates "
                   "(for QGIS's Temporal Controller), instead of one date.")
def export(year: int | None, date_: dt.date | None, scenario: Path | None,
           geodata: Path | None, fmt: str | None, out: Path | None,
           historical_boundaries: bool, timeline: bool) -> None:
    """Export the joined control data of a date for GIS (QGIS opens every format).

    One feature per province with code, province, date, faction,
    faction_name, color, status, contested_by, period, start, end, note,
    sources and includes (the modern provinces it covers). Lists stay
    arrays in GeoJSON and are joined with ' | ' in GeoPackage and CSV; CSV
    carries the geometry as WKT in its 'wkt' column. Without --format, the
    --out suffix decides (afg.gpkg is a GeoPackage). --out - prints GeoJSON
    or CSV to standard output.

    With --timeline: every claim of every province, one feature each, with
    its start and end dates (a GeoPackage by default, output/afmap-timeline.gpkg):
    in QGIS, Layer Properties > Temporal > "Separate fields for start and
    end date" (start, end) animates the whole history.

    \b
    Examples:
      afmap export --year 1998                          # output/afmap-1998.geojson
      afmap export --timeline                           # output/afmap-timeline.gpkg
      afmap export --date 2001-11-13 --format gpkg --out kabul.gpkg
      afmap export --year 1990 --format csv --historical-boundaries
    """
    from afmap import api
    from afmap.output import format_for

    if timeline:
        if year is not None or date_ is not None or historical_boundaries:
            raise click.UsageError("--timeline exports every date; give it without --year, "
                                   "--date or --historical-boundaries")
        fmt = format_for(out, fmt, ("geojson", "gpkg", "csv"), "gpkg",
                         inputs=api.inputs(scenario, geodata))
        target = out or api.default_map_path(None, None, fmt)
        written(target, fmt, lambda path: api.export_timeline(path, fmt, scenario=scenario,
                                                              geodata=geodata))
        return
    day = resolve_day(year, date_, required=True)
    fmt = format_for(out, fmt, ("geojson", "gpkg", "csv"), "geojson",
                     inputs=api.inputs(scenario, geodata))
    target = out or api.default_map_path(day, year, fmt)
    written(target, fmt, lambda path: api.export(path, fmt, day=day, scenario=scenario,
                                                 geodata=geodata,
                                                 historical_boundaries=historical_boundaries))

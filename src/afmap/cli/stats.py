"""``afmap stats``."""

from __future__ import annotations

from pathlib import Path

import click

from afmap.cli.echo import emit, say
from afmap.cli.options import (
    format_option,
    geodata_option,
    historical_boundaries_option,
    lang_option,
    out_file_option,
    scenario_option,
)


@click.command()
@scenario_option
@geodata_option
@format_option(("table", "csv", "json", "png", "svg"), "table", follows_out=True)
@out_file_option("Write to this file instead of standard output "
                 "[default for png/svg: output/afmap-stats.<format>].")
@historical_boundaries_option
@lang_option
def stats(scenario: Path | None, geodata: Path | None, fmt: str | None, out: Path | None,
          historical_boundaries: bool, lang: str) -> None:
    """Each faction's area and share of the country on every change date.

    Areas are computed in an equal-area projection (EPSG:6933). A contested
    province counts wholly for its holder, and is also given apart as
    contested_km2 / contested_share; land that no period covers counts as
    no-data (listed on every date, even at 0), so the shares of one date
    sum to 1. No population share: afmap ships no sourced per-province
    population figures. CSV and JSON rows carry date, faction, faction_name,
    area_km2, area_share, contested_km2 and contested_share. PNG/SVG: a
    stacked area chart from 1978 to today with the eras marked and the
    contested part of each band hatched, its text in --lang (the table, CSV
    and JSON are data and stay as they are). Without --format, the --out
    suffix decides (shares.csv is CSV).

    \b
    Examples:
      afmap stats                          # a table per change date
      afmap stats --format csv > shares.csv
      afmap stats --format png             # output/afmap-stats.png
      afmap stats --format svg --lang ps   # the chart in Pashto
      afmap stats --format json --historical-boundaries
    """
    from afmap import api
    from afmap.output import format_for
    from afmap.progress import tracker
    from afmap.stats import FORMATS

    fmt = format_for(out, fmt, ("table", "csv", "json", "png", "svg"), "table",
                     inputs=api.inputs(scenario, geodata))
    track = tracker("Counting areas")
    if fmt in ("png", "svg"):
        target = out or api.default_map_path(None, None, fmt, kind="stats")
        written = api.stats_image(target, fmt, scenario, geodata,
                                  historical_boundaries=historical_boundaries, track=track,
                                  lang=lang)
        say(f"wrote {written}")
        return
    from afmap.output import check_out, write_atomic

    inputs = api.inputs(scenario, geodata)
    if out is not None:
        check_out(out, inputs)  # before counting: a refused --out costs no work
    _, rows = api.stats(scenario, geodata, historical_boundaries=historical_boundaries,
                        track=track)
    text = FORMATS[fmt](rows)
    if out is None:
        emit(text, fmt)
        return
    say(f"wrote {write_atomic(out, text, inputs=inputs)}")

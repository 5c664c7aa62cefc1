"""``afmap render``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from afmap.cli.echo import say, written
from afmap.cli.options import (
    format_option,
    geodata_option,
    historical_boundaries_option,
    lang_option,
    out_option,
    resolve_day,
    scenario_option,
    when,
)


@click.command()
@when(required=False)
@scenario_option
@geodata_option
@out_option
@format_option(("html", "png", "svg"), "html", follows_out=True)
@click.option("--cdn", is_flag=True, help="Link JavaScript libraries from CDNs instead of inlining them.")
@click.option("--tiles", metavar="NAME", default=None,
              help="Add an online tile layer by its xyzservices name, e.g. OpenStreetMap.Mapnik.")
@click.option("--watch", is_flag=True,
              help="Keep running: render again whenever a scenario file changes.")
@historical_boundaries_option
@lang_option
def render(year: int | None, date_: dt.date | None, scenario: Path | None, geodata: Path | None,
           out: Path | None, fmt: str | None, cdn: bool, tiles: str | None, watch: bool,
           historical_boundaries: bool, lang: str) -> None:
    """Render a map of who held each province.

    With --year or --date: the state on that day. Without: the timeline map,
    one slider over every date on which control changes. --format png|svg
    (one date only) writes a print-ready A4 map with title, date, legend,
    hatched contested provinces, labels and a source line. Without --format,
    the --out suffix decides (map.png is a PNG); a suffix that contradicts
    --format is wrong usage. --out - prints an HTML or SVG map to standard
    output.

    \b
    Examples:
      afmap render --year 1998            # output/afmap-1998.html
      afmap render --date 1996-09-27      # output/afmap-1996-09-27.html
      afmap render                        # output/afmap-timeline.html
      afmap render --year 2001 --scenario my.yaml --out kabul-2001.html
      afmap render --year 1998 --watch    # re-render on every save
      afmap render --year 1998 --format png --out taliban-1998.png
      afmap render --year 1990 --format svg --historical-boundaries
      afmap render --lang fa              # the timeline in Dari (ps: Pashto)
    """
    from functools import partial

    from afmap import api
    from afmap.output import format_for

    day = resolve_day(year, date_, required=False)
    fmt = format_for(out, fmt, ("html", "png", "svg"), "html",
                     inputs=api.inputs(scenario, geodata))
    target = out or api.default_map_path(day, year, fmt)
    if day is None and (fmt != "html" or historical_boundaries):
        raise click.UsageError("--format png|svg and --historical-boundaries need --year or --date")
    if fmt != "html" and (cdn or tiles):
        raise click.UsageError("--cdn and --tiles apply to HTML maps only, not --format png|svg")
    if fmt == "html":
        job = partial(api.render, day=day, year=year, scenario=scenario,
                      geodata=geodata, cdn=cdn, tiles=tiles,
                      historical_boundaries=historical_boundaries, lang=lang)
    else:
        assert day is not None
        job = partial(api.render_image, fmt=fmt, day=day, year=year, scenario=scenario,
                      geodata=geodata, historical_boundaries=historical_boundaries, lang=lang)
    if watch:
        from afmap.output import check_out
        from afmap.watch import watch as watch_loop

        if str(target) == "-":
            raise click.UsageError("--watch writes a file on every change; give --out a file name")
        check_out(target, api.inputs(scenario, geodata))  # wrong usage: no watching at all

        watch_loop(partial(job, target), api.input_paths(scenario, geodata), say,
                   partial(say, err=True))
        return
    written(target, fmt, job)

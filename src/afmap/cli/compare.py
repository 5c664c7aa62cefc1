"""``afmap compare``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from afmap.cli.echo import say
from afmap.cli.options import geodata_option, out_file_option, resolve_day, when


@click.command()
@click.argument("scenario_a", type=click.Path(path_type=Path))
@click.argument("scenario_b", type=click.Path(path_type=Path))
@when(required=True)
@geodata_option
@click.option("--names", nargs=2, metavar="A B", default=None,
              help="What to call the two accounts [default: each scenario's title, else its path].")
@out_file_option("Output file [default: output/afmap-compare-<date>.html].")
def compare(scenario_a: Path, scenario_b: Path, year: int | None, date_: dt.date | None,
            geodata: Path | None, names: tuple[str, str] | None, out: Path | None) -> None:
    """Two scenarios side by side over time, in one HTML page that works offline.

    The page opens on the date given; one slider moves both maps through
    every change date of either. The two maps pan and zoom together;
    provinces where the scenarios disagree on the date shown (another holder
    or another status) are outlined on both, counted and listed beside them.
    Each SCENARIO is a YAML file or a folder of them.

    \b
    Examples:
      afmap compare scenarios my-account.yaml --year 1998
      afmap compare a.yaml b.yaml --date 1996-09-27 --out weigh.html
      afmap compare scenarios theirs --year 2001 --names "Ours" "Theirs"
    """
    from afmap import api

    day = resolve_day(year, date_, required=True)
    target = out or api.default_map_path(day, year, "html", kind="compare")
    written = api.compare(target, scenario_a, scenario_b, day=day, year=year, geodata=geodata,
                          names=names)
    say(f"wrote {written}")

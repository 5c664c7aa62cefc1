"""Options shared by several commands, defined once."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal, TypeVar, overload

import click

from afmap.dates import parse_date, reference_date

F = TypeVar("F", bound=Callable[..., Any])


def _year(ctx: click.Context, param: click.Parameter, value: str | None) -> int | None:
    if value is None:
        return None
    if not re.fullmatch(r"[0-9]{4}", value):  # int() would take '１９９８', ' 1998' and '1_998'
        raise click.BadParameter(f"'{value}' is not a year; write four digits, e.g. 1998")
    this_year = dt.date.today().year
    year = int(value)
    if not 1900 <= year <= this_year:
        raise click.BadParameter(f"{year} is not a year from 1900 to {this_year}")
    return year


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        day = parse_date(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None
    if day > dt.date.today():
        raise click.BadParameter(f"{day} is in the future; afmap maps what happened")
    return day


def when(required: bool) -> Callable[[F], F]:
    """``--year`` / ``--date``: at most one (exactly one if ``required``, as the help says)."""
    need = " One of --year and --date is required." if required else ""

    def decorate(func: F) -> F:
        func = click.option("--date", "date_", metavar="YYYY-MM-DD", callback=_date,
                            help="Show control on this exact day." + need)(func)
        func = click.option("--year", callback=_year, metavar="YEAR",
                            help="Show control on the year's reference date (1 July)." + need)(func)
        return func

    return decorate


@overload
def resolve_day(year: int | None, day: dt.date | None, required: Literal[True]) -> dt.date: ...
@overload
def resolve_day(year: int | None, day: dt.date | None, required: bool) -> dt.date | None: ...


def resolve_day(year: int | None, day: dt.date | None, required: bool) -> dt.date | None:
    """The one date meant by ``--year``/``--date``; usage error if both or (required) none."""
    if year is not None and day is not None:
        raise click.UsageError("give --year or --date, not both")
    if year is not None:
        return reference_date(year)
    if day is None and required:
        raise click.UsageError("give --year YEAR or --date YYYY-MM-DD")
    return day


scenario_option = click.option(
    "--scenario", type=click.Path(path_type=Path), default=None, metavar="PATH",
    help="Scenario YAML file or folder [default: ./scenarios, else the shipped history].")
geodata_option = click.option(
    "--geodata", type=click.Path(path_type=Path), default=None, metavar="PATH",
    help="Province GeoJSON [default: ./geodata/provinces.geojson, else the shipped one].")
def out_file_option(help_: str) -> Callable[[F], F]:
    """``--out PATH`` for a command that writes one file; ``help_`` says what it defaults to."""
    return click.option("--out", type=click.Path(path_type=Path, dir_okay=False), default=None,
                        metavar="PATH", help=help_)


out_option = out_file_option("Output file [default: output/afmap-<date>.<format>; "
                             "'-' for standard output].")


def format_option(choices: tuple[str, ...], default: str, *,
                  follows_out: bool = False) -> Callable[[F], F]:
    """``--format`` with the given choices.

    With ``follows_out`` (commands that take ``--out``) it is None when left
    out, and the command passes it through :func:`afmap.output.format_for`:
    the ``--out`` suffix decides, else ``default``.
    """
    if follows_out:
        return click.option("--format", "fmt", type=click.Choice(choices), default=None,
                            help=f"Output format [default: what --out's suffix names, else "
                                 f"{default}].")
    return click.option("--format", "fmt", type=click.Choice(choices), default=default,
                        show_default=True, help="Output format.")


lang_option = click.option(
    "--lang", type=click.Choice(("en", "fa", "ps")), default="en", show_default=True,
    help="Language of the map: en (English), fa (Dari), ps (Pashto); names, notes and "
         "sources stay as the scenario writes them.")

historical_boundaries_option = click.option(
    "--historical-boundaries", is_flag=True,
    help="Draw the provinces that existed on the date: e.g. Panjshir and Daykundi are part of "
         "Parwan and Uruzgan before 2004, Sar-e Pol of Jowzjan before 1988, Nuristan of Kunar "
         "before 1989, Khost of Paktia before 1985; the parent's holder in the scenario holds "
         "the whole.")

"""``afmap check``."""

from __future__ import annotations

from pathlib import Path

import click

from afmap.cli.echo import say
from afmap.cli.options import geodata_option, scenario_option


@click.command()
@click.argument("path", type=click.Path(path_type=Path), required=False)
@scenario_option
@geodata_option
def check(path: Path | None, scenario: Path | None, geodata: Path | None) -> None:
    """Check a scenario file or folder and print every problem.

    Each problem is printed as path:line:col: message. Exits 0 when the
    scenario is valid, 1 when it is not. A valid file in the older period
    form is named with a note: it loads as it always has, and
    'afmap migrate' rewrites it as eras and changes.

    \b
    Examples:
      afmap check                      # ./scenarios, else the shipped history
      afmap check --scenario my-history/
      afmap check scenarios/1996-2001.yaml
    """
    from afmap import api

    if path is not None and scenario is not None and path != scenario:
        raise click.UsageError("give the scenario as PATH or as --scenario, not both")
    path = path or scenario
    notices: list = []
    problems = api.check(path, geodata, notices)
    for problem in problems:
        say(str(problem), err=True)
    if problems:
        say(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found", err=True)
        raise SystemExit(1)
    for notice in notices:
        say(str(notice))
    say(f"{path or api.default_scenario()}: ok")

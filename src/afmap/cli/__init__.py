"""afmap: maps of territorial control in the Afghan conflict, 1978 to today.

\b
Examples:
  afmap render --year 1998        # output/afmap-1998.html
  afmap render                    # output/afmap-timeline.html, with a slider
  afmap control --year 1998 --format json
  afmap check scenarios
"""

from __future__ import annotations

import sys
from typing import Any

import click

from afmap.errors import AfmapError


class AfmapGroup(click.Group):
    """Turns every :class:`AfmapError` into its message and exit code 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except AfmapError as exc:
            for line in exc.lines():
                click.echo(line, err=True)
            sys.exit(1)


@click.group(cls=AfmapGroup, help=__doc__, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="afmap")
def cli() -> None:
    pass


def _register() -> None:
    from afmap.cli.check import check
    from afmap.cli.compare import compare
    from afmap.cli.control import control
    from afmap.cli.diff import diff
    from afmap.cli.export import export
    from afmap.cli.render import render
    from afmap.cli.schema import schema
    from afmap.cli.stats import stats

    for command in (render, control, check, schema, stats, diff, export, compare):
        cli.add_command(command)


_register()

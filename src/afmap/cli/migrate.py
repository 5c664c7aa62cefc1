"""``afmap migrate``."""

from __future__ import annotations

from pathlib import Path

import click

from afmap.cli.echo import say
from afmap.cli.options import geodata_option


@click.command()
@click.argument("path", type=click.Path(path_type=Path), required=False)
@click.option("--out", type=click.Path(path_type=Path, file_okay=False),
              help="Write the migrated scenario into this folder instead of in place.")
@geodata_option
def migrate(path: Path | None, out: Path | None, geodata: Path | None) -> None:
    """Rewrite scenario files of the older period form as eras and changes.

    Each period becomes an era (its name, dates, note and sources); each
    province's run of periods in one state becomes one change with its own
    note and sources. Before writing, the new files are loaded and compared
    with the old on every change date: every province keeps its holder,
    status and challengers. In place, each original is kept as NAME.yaml.orig.
    Files with no periods are left alone. YAML comments are not carried over
    (their count is printed).

    \b
    Examples:
      afmap migrate scenarios
      afmap migrate my-history.yaml --out migrated/
    """
    from afmap import api

    done = api.migrate(path or api.default_scenario(), geodata, out)
    if not done:
        say(f"{path or api.default_scenario()}: no file in the period form; nothing to do")
        return
    for item in done:
        line = (f"{item.source}: {item.eras} era{'s' if item.eras != 1 else ''}, {item.changes} "
                f"change{'s' if item.changes != 1 else ''}, written to {item.target}")
        if item.backup is not None:
            line += f" (the original is kept as {item.backup})"
        say(line)
        if item.comments:
            say(f"{item.source}: {item.comments} comment line{'s were' if item.comments != 1 else ' was'} "
                "not carried over; copy what you need from the original", err=True)

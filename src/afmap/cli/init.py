"""``afmap init``."""

from __future__ import annotations

from pathlib import Path

import click

from afmap.cli.echo import say


@click.command()
@click.argument("folder", type=click.Path(path_type=Path), default="scenarios", required=False)
def init(folder: Path) -> None:
    """Write an editable copy of the shipped history into FOLDER (default: scenarios).

    The copy holds every era file, the factions and the bibliography, and
    the JSON Schema beside them, so that an editor with a YAML language
    server completes and checks them there. A scenarios/ folder in the
    working folder is what every command reads by default, so after
    'afmap init' edits show up in 'afmap render'. Nothing is overwritten:
    a folder that already holds scenario files is refused.

    \b
    Examples:
      afmap init                 # ./scenarios
      afmap init my-history
    """
    from afmap import api

    written = api.init(folder)
    say(f"wrote {len(written) - 1} scenario files and their schema to {folder}; "
        f"edit them, then run afmap check {folder}")

"""``afmap schema``."""

from __future__ import annotations

from pathlib import Path

import click

from afmap.cli.echo import say
from afmap.cli.options import out_file_option


@click.command()
@out_file_option("Write the schema to a file instead of printing it.")
def schema(out: Path | None) -> None:
    """Print the JSON Schema of the scenario format.

    Editors with a YAML language server (VS Code's YAML extension, for one)
    use it to complete keys and flag mistakes as you type. The shipped
    scenarios point to it in their first line:

    \b
      # yaml-language-server: $schema=../src/afmap/schema/scenario.schema.json

    \b
    Examples:
      afmap schema > scenario.schema.json
      afmap schema --out my-scenarios/scenario.schema.json
    """
    from afmap.output import write_atomic
    from afmap.schema import schema_text

    text = schema_text()
    if out is None:
        click.echo(text, nl=False)
    else:
        say(f"wrote {write_atomic(out, text, inputs=())}")

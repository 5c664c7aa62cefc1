"""The one way the commands print: nothing from a file can steer the terminal.

Messages and tables pass through :func:`afmap.terminal.visible_lines`, so a
name holding ESC, U+2028 or a line break is shown escaped (``\\x1b``), not
obeyed. Data formats keep their data:

- JSON: the controls ``json.dumps`` leaves raw (DEL, C1, U+2028, U+2029...) are
  written ``\\uXXXX``, which is the same JSON value;
- CSV: byte for byte as the data says when piped or redirected (it is a file
  format: a spreadsheet must get the note as written, and click's stripping
  of ANSI styles is turned off for it); on a terminal, escaped like a table.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import click

from afmap.terminal import json_safe, visible_lines


def say(text: str, *, err: bool = False, nl: bool = True) -> None:
    """Print a message (stderr if ``err``), control characters escaped."""
    click.echo(visible_lines(text), err=err, nl=nl)


def emit(text: str, fmt: str) -> None:
    """Print a command's result in ``fmt`` (table, csv, json...) to stdout, as is (no newline)."""
    if fmt == "csv" and not _is_terminal(sys.stdout):
        # color=True: click would otherwise strip what looks like ANSI styles from the data.
        click.echo(text, nl=False, color=True)
        return
    click.echo(json_safe(text) if fmt == "json" else visible_lines(text), nl=False)


def _is_terminal(stream: object) -> bool:
    try:
        return bool(stream.isatty())  # type: ignore[attr-defined]
    except (AttributeError, ValueError):
        return False


#: Formats ``--out -`` can write to standard output (the others are binary).
TEXT_FORMATS = ("html", "svg", "geojson", "csv", "json", "table")


def written(out: object, fmt: str, write: Callable[[Path], Path]) -> None:
    """Run ``write(path)`` and say where it wrote; ``--out -`` prints the file instead.

    For ``-`` the file is written to a temporary folder by the same code and
    its text copied to standard output, so a piped map is byte for byte what
    the file would hold. A binary format (PNG, GeoPackage) is wrong usage.
    """
    import tempfile

    if str(out) != "-":
        say(f"wrote {write(Path(str(out)))}")
        return
    if fmt not in TEXT_FORMATS:
        raise click.UsageError(f"--out - writes text formats to standard output; {fmt} is "
                               "binary: give a file name")
    with tempfile.TemporaryDirectory(prefix="afmap-stdout-") as tmp:
        path = write(Path(tmp) / f"out.{fmt}")
        click.echo(path.read_text(encoding="utf-8"), nl=False)

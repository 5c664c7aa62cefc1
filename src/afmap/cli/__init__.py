"""afmap: maps of territorial control in the Afghan conflict, 1978 to today.

\b
Examples:
  afmap render --year 1998        # output/afmap-1998.html
  afmap render                    # output/afmap-timeline.html, with a slider
  afmap control --year 1998 --format json
  afmap check scenarios
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import click

from afmap.errors import AfmapError

#: Signals that end a command the way Ctrl-C does: files being written are removed.
_ENDING_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP")
                        if hasattr(signal, name))


class AfmapGroup(click.Group):
    """Turns every :class:`AfmapError` into its message and exit code (1, or 2 for usage).

    It also makes the streams unable to fail on encoding (a character the
    terminal's encoding lacks is written as ``\\u014d``) and turns SIGTERM and
    SIGHUP into ``SystemExit(128 + signal)``, so that an interrupted write
    removes its temporary file as it does on Ctrl-C.
    """

    def main(self, *args: Any, **kwargs: Any) -> Any:
        _forgiving_streams()
        with _signals_exit():
            return super().main(*args, **kwargs)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except AfmapError as exc:
            from afmap.cli.echo import say

            for line in exc.lines():
                say(line, err=True)
            sys.exit(exc.exit_code)


def _forgiving_streams() -> None:
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")


def _exit_on_signal(signum: int, frame: object) -> None:
    signal.signal(signum, signal.SIG_DFL)  # a second one ends the process at once
    raise SystemExit(128 + signum)


@contextmanager
def _signals_exit() -> Iterator[None]:
    """SIGTERM and SIGHUP raise SystemExit while the command runs (main thread only).

    A signal the caller ignores (``nohup`` ignores SIGHUP) or handles stays so.
    """
    saved = {}
    try:
        for signum in _ENDING_SIGNALS:
            if signal.getsignal(signum) is signal.SIG_DFL:
                saved[signum] = signal.signal(signum, _exit_on_signal)
    except ValueError:  # not the main thread: signals stay as they are
        pass
    try:
        yield
    finally:
        for signum, handler in saved.items():
            signal.signal(signum, handler)


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
    from afmap.cli.init import init
    from afmap.cli.migrate import migrate
    from afmap.cli.render import render
    from afmap.cli.schema import schema
    from afmap.cli.sources import sources
    from afmap.cli.stats import stats

    for command in (render, control, check, schema, stats, diff, export, compare, migrate,
                    sources, init):
        cli.add_command(command)


_register()

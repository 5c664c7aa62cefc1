"""Progress bars for long commands: on a terminal only, silent when piped."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TextIO, TypeVar

T = TypeVar("T")


def track(items: Sequence[T], label: str, stream: TextIO | None = None) -> Iterator[T]:
    """Yield ``items``, drawing a click progress bar on ``stream`` (stderr) if it is a terminal.

    Output that is piped or redirected, and test runners, get no bar at all,
    so stdout stays clean data.
    """
    import click

    stream = stream or sys.stderr
    if not _is_tty(stream) or len(items) < 2:
        yield from items
        return
    with click.progressbar(items, label=label, file=stream, show_pos=True) as bar:
        yield from bar


def _is_tty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def tracker(label: str) -> Callable[[Sequence[T]], Iterable[T]]:
    """A ``track`` with its label bound, for library functions that take one."""
    return lambda items: track(items, label)


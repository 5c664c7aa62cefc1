"""Pausing Python's cycle collector while afmap builds many small objects.

Loading a scenario and building a page's data make hundreds of thousands
of tuples, lists and dicts that hold no reference cycles; the collector's
passes over them cost as much as the work itself on a large scenario.
Reference counting still frees everything as usual.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Within the block (or the decorated function), no cycle collection; then as before."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()

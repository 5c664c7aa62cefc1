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

#: New objects above which a pause ends by freezing the heap (:func:`gc.freeze`).
FREEZE_ABOVE = 100_000

_froze = False


@contextmanager
def collector_paused() -> Iterator[None]:
    """Within the block (or the decorated function), no cycle collection; then as before.

    A pause that made more than :data:`FREEZE_ABOVE` objects ends by freezing
    every object there is (:func:`gc.freeze`), so that the collector's next
    passes do not walk them all again, up to three times: at 34 x 20,000 that
    was 1 s of ``afmap render``, spent in the imports after loading. The next
    pause unfreezes them; if it is large too, it collects once before it
    freezes again, so garbage frozen by one pause is collected by the next.
    """
    global _froze
    collecting = gc.isenabled()
    gc.disable()
    thawed = collecting and _froze
    if thawed:
        gc.unfreeze()
        _froze = False
    try:
        yield
    finally:
        if collecting:
            if gc.get_count()[0] > FREEZE_ABOVE:
                if thawed:
                    gc.collect()
                gc.freeze()
                _froze = True
            gc.enable()

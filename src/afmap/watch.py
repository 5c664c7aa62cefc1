"""Live re-rendering: ``afmap render --watch``.

Watches the scenario file or folder (and the geodata file) and renders again
after every change. Errors are printed and the watch goes on, so an editor and
a browser side by side form a live loop.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from threading import Event

from afmap.errors import AfmapError

Echo = Callable[[str], None]


def render_once(render: Callable[[], Path], echo: Echo, err: Echo) -> bool:
    """Run ``render``; report the result or every error line. True on success."""
    try:
        written = render()
    except AfmapError as exc:
        for line in exc.lines():
            err(line)
        err(f"[{_now()}] not written; fix the problems above and save again")
        return False
    echo(f"[{_now()}] wrote {written}")
    return True


def watch(render: Callable[[], Path], paths: list[Path], echo: Echo, err: Echo,
          stop: Event | None = None) -> None:
    """Render now and again after each change to ``paths``, until ``stop`` is set or Ctrl-C."""
    import logging

    from watchfiles import watch as watch_changes

    # watchfiles logs its own line on Ctrl-C; the user pressed it and needs no telling.
    logging.getLogger("watchfiles.main").setLevel(logging.ERROR)
    render_once(render, echo, err)
    existing = [p for p in paths if p.exists()]
    echo(f"watching {', '.join(str(p) for p in existing)} (Ctrl-C to stop)")
    for changes in watch_changes(*existing, watch_filter=_is_input, debounce=200, step=50,
                                 stop_event=stop, raise_interrupt=False, force_polling=None):
        names = sorted({Path(p).name for _, p in changes})
        echo(f"[{_now()}] changed: {', '.join(names)}")
        render_once(render, echo, err)


def _is_input(change: object, path: str) -> bool:
    return path.endswith((".yaml", ".yml", ".geojson", ".json"))


def _now() -> str:
    return dt.datetime.now().strftime("%H:%M:%S")

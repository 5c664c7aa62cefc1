"""Live re-rendering: ``afmap render --watch``.

Watches the scenario file or folder (and the geodata file) and renders again
after every change. Errors are printed and the watch goes on, so an editor and
a browser side by side form a live loop.

Editors save by writing a temporary file and renaming it over the old one, so
the watch follows paths, not files: it watches the folder each input lives in
(and each input folder itself) and keeps only the changes to input paths. An
editor's swap and backup files, and the map's own temporary file when it is
written next to the scenario, are not inputs and never cause a render. A
missing input is waited for and picked up once it appears.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from threading import Event

from afmap.errors import AfmapError

Echo = Callable[[str], None]

# After the last change to an input, wait this long before rendering, so that
# an editor's delete, write and rename of one save give one render.
_QUIET = 0.15
_TICK_MS = 100  # how often the watch looks up, even when nothing changes

Stamp = tuple[int, ...] | None


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
    """Render now and again after each change to ``paths``, until ``stop`` is set or Ctrl-C.

    ``paths`` are scenario files or folders and the geodata file; any of them
    may be missing, and may be replaced, deleted and created again at will.
    """
    loop = _Loop(render, [Path(p) for p in paths], echo, err)
    try:
        loop.start()
        echo(f"watching {', '.join(str(p) for p in loop.inputs)} (Ctrl-C to stop)")
        while not (stop is not None and stop.is_set()):
            loop.follow(stop)
    except KeyboardInterrupt:
        return  # the user pressed Ctrl-C and needs no telling


class _Loop:
    """What the watch remembers between changes."""

    def __init__(self, render: Callable[[], Path], inputs: list[Path], echo: Echo,
                 err: Echo) -> None:
        self.render, self.inputs, self.echo, self.err = render, inputs, echo, err
        self.changed: set[str] = set()  # names changed since the last render
        self.last_change = 0.0
        self.waiting: set[Path] = set()  # missing inputs already reported
        self.seen = _stamps(inputs)

    def start(self) -> None:
        if not self._report_missing():
            render_once(self.render, self.echo, self.err)

    def follow(self, stop: Event | None) -> None:
        """Watch the folders the inputs are in until one of them is replaced or ``stop`` is set."""
        from watchfiles import watch as watch_changes

        folders = _folders(self.inputs)
        names = {os.path.realpath(p) for p in self.inputs}
        first = True
        try:
            for changes in watch_changes(*(f for f, _ in folders), watch_filter=None,
                                         debounce=200, step=50, rust_timeout=_TICK_MS,
                                         yield_on_timeout=True, stop_event=stop,
                                         recursive=False, force_polling=None):
                if first:  # what changed before the watch was in place
                    self._note(_differ(self.seen, _stamps(self.inputs)))
                    first = False
                self._note(Path(p).name for _, p in changes if _is_input(p, names))
                if self.changed and time.monotonic() - self.last_change >= _QUIET:
                    self._act()
                if _folders(self.inputs) != folders:
                    return  # a folder was created, removed or replaced: watch anew
        except FileNotFoundError:
            return  # a folder vanished between looking for it and watching it

    def _note(self, names: Iterable[str]) -> None:
        names = set(names)
        if names:
            self.changed |= names
            self.last_change = time.monotonic()

    def _act(self) -> None:
        names, self.changed = sorted(self.changed), set()
        self.seen = _stamps(self.inputs)
        if self._report_missing():
            return  # the earlier map stays as it is until every input is back
        self.echo(f"[{_now()}] changed: {', '.join(names)}")
        render_once(self.render, self.echo, self.err)

    def _report_missing(self) -> bool:
        """Say once for each missing input that the watch waits for it. True if any is missing."""
        missing = {p for p in self.inputs if not p.exists()}
        for path in self.inputs:
            if path in missing and path not in self.waiting:
                self.echo(f"[{_now()}] waiting for {path} to appear")
        self.waiting = missing
        return bool(missing)


def _folders(inputs: list[Path]) -> list[tuple[str, tuple[int, int]]]:
    """The folders to watch, each with its identity: where each input is, and each input folder.

    A folder that does not exist yet is stood in for by its nearest existing
    parent, so that its creation is seen.
    """
    found: dict[str, tuple[int, int]] = {}
    for path in inputs:
        for wanted in (path, path.parent):
            folder = Path(os.path.realpath(wanted))
            while not folder.is_dir() and folder != folder.parent:
                folder = folder.parent
            try:
                st = folder.stat()
            except OSError:
                continue
            found[str(folder)] = (st.st_dev, st.st_ino)
    return sorted(found.items())


def _is_input(path: str, inputs: set[str]) -> bool:
    """An input itself, or a scenario file in an input folder; never a swap or temporary file."""
    if path in inputs:
        return True
    parent, name = os.path.split(path)
    return parent in inputs and _is_scenario_name(name)


def _is_scenario_name(name: str) -> bool:
    # What validate.scenario_files reads from a folder; `.#x.yaml` is an Emacs lock link.
    return name.endswith((".yaml", ".yml")) and not name.startswith(".#")


def _stamps(inputs: list[Path]) -> dict[str, Stamp]:
    """A stat of every input file (those in input folders too), to see changes the watch missed."""
    stamps: dict[str, Stamp] = {}
    for path in inputs:
        stamps[str(path)] = _stamp(path)
        if path.is_dir():
            try:
                children = [c for c in path.iterdir() if _is_scenario_name(c.name)]
            except OSError:
                continue
            stamps.update((str(c), _stamp(c)) for c in children)
    return stamps


def _stamp(path: Path) -> Stamp:
    try:
        st = path.stat()
    except OSError:
        return None
    if path.is_dir():  # its times change with every swap file in it
        return (st.st_dev, st.st_ino)
    return (st.st_dev, st.st_ino, st.st_mtime_ns, st.st_size)


def _differ(before: dict[str, Stamp], after: dict[str, Stamp]) -> list[str]:
    return [Path(p).name for p in sorted(before.keys() | after.keys())
            if before.get(p) != after.get(p)]


def _now() -> str:
    return dt.datetime.now().strftime("%H:%M:%S")

"""``afmap render --watch``: renders on every save, reports errors, keeps going."""

from __future__ import annotations

import shutil
import threading
import time
from functools import partial

from afmap import api
from afmap.dates import reference_date
from afmap.watch import watch
from conftest import GEODATA, MINI


def _wait_for(predicate, what: str, guard: float = 60.0) -> None:
    # A guard against hanging forever, not a performance limit.
    end = time.monotonic() + guard
    while not predicate():
        if time.monotonic() > end:
            raise AssertionError(f"never happened: {what}")
        time.sleep(0.05)


def test_watch_rerenders_and_survives_errors(tmp_path):
    folder = tmp_path / "scen"
    shutil.copytree(MINI, folder)
    out = tmp_path / "map.html"
    said: list[str] = []
    errors: list[str] = []
    stop = threading.Event()
    job = partial(api.render, out, day=reference_date(1997), year=1997, scenario=folder,
                  geodata=GEODATA)
    thread = threading.Thread(target=watch, args=(job, [folder], said.append, errors.append, stop))
    thread.start()
    try:
        _wait_for(lambda: any(s.startswith("watching") for s in said), "watch started")
        assert out.exists()
        first = out.read_bytes()

        period_file = folder / "1996-1998.yaml"
        good = period_file.read_text(encoding="utf-8")
        period_file.write_text(good.replace("Badakhshan: united-front", "Badakhstan: unitedfront", 1),
                               encoding="utf-8")
        _wait_for(lambda: any("not written" in e for e in errors), "error reported")
        assert f"{period_file}:7:7: unknown province 'Badakhstan' (did you mean 'Badakhshan'?)" in errors
        assert f"{period_file}:7:19: unknown faction 'unitedfront' (did you mean 'united-front'?)" in errors
        assert out.read_bytes() == first  # a failed render leaves the map as it was

        period_file.write_text(good.replace("Shomali front line", "Shomali plain front line"),
                               encoding="utf-8")
        _wait_for(lambda: b"Shomali plain front line" in out.read_bytes(), "map re-rendered")
        assert sum(s.count("wrote") for s in said) == 2
        assert thread.is_alive()
    finally:
        stop.set()
        thread.join(30)
    assert not thread.is_alive()

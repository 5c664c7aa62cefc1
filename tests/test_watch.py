"""``afmap render --watch``: renders on every save, reports errors, keeps going."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import threading
import time
from contextlib import contextmanager
from functools import partial

import pytest
from helpers import GEODATA, MINI

from afmap import api
from afmap.dates import reference_date
from afmap.watch import watch


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


# A single-file scenario: the folder scenario's two files in one.
ONE_FILE = (MINI / "factions.yaml").read_text(encoding="utf-8") + \
    (MINI / "1996-1998.yaml").read_text(encoding="utf-8")
OLD_NOTE, NEW_NOTE = "Shomali front line", "Shomali plain front line"


@contextmanager
def _watching(scenario, out):
    """Run the watch in a thread; yield what it said (stdout and stderr in order)."""
    said: list[str] = []
    stop = threading.Event()
    job = partial(api.render, out, day=reference_date(1997), year=1997, scenario=scenario,
                  geodata=GEODATA)
    thread = threading.Thread(target=watch, args=(job, [scenario, GEODATA], said.append,
                                                  said.append, stop))
    thread.start()
    try:
        _wait_for(lambda: any(s.startswith("watching") for s in said), "watch started")
        yield said
        assert thread.is_alive()
    finally:
        stop.set()
        thread.join(30)
    assert not thread.is_alive()


def _writes(said: list[str]) -> int:
    return sum(" wrote " in s for s in said)


def _save_atomically(path, text: str) -> None:
    # What most editors do: a temporary file in the same folder, renamed over the old one.
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, path)


def _map_says(out, text: str) -> bool:
    return out.exists() and text.encode() in out.read_bytes()


def test_watch_follows_a_file_across_atomic_saves(tmp_path):
    scenario = tmp_path / "scen.yaml"
    scenario.write_text(ONE_FILE, encoding="utf-8")
    out = tmp_path / "map.html"
    with _watching(scenario, out) as said:
        assert _map_says(out, OLD_NOTE)
        _save_atomically(scenario, ONE_FILE.replace(OLD_NOTE, NEW_NOTE))
        _wait_for(lambda: _map_says(out, NEW_NOTE), "first atomic save rendered")
        # The file watched at the start is gone now; the next save must be seen too.
        _save_atomically(scenario, ONE_FILE.replace(OLD_NOTE, "Shomali second front line"))
        _wait_for(lambda: _map_says(out, "Shomali second front line"), "second save rendered")
        assert not _map_says(out, NEW_NOTE)
        assert _writes(said) == 3  # one render for each save


@pytest.mark.skipif(shutil.which("sed") is None, reason="needs sed")
def test_watch_follows_a_file_across_sed_in_place(tmp_path):
    scenario = tmp_path / "scen.yaml"
    scenario.write_text(ONE_FILE, encoding="utf-8")
    out = tmp_path / "map.html"
    with _watching(scenario, out):
        for new in (NEW_NOTE, "Shomali sed front line"):
            subprocess.run(["sed", "-i", "-e", f"s/Shomali[a-z ]*front line/{new}/",
                            str(scenario)], check=True)
            _wait_for(lambda new=new: _map_says(out, new), f"sed -i edit {new!r} rendered")


def test_watch_waits_for_a_deleted_file_and_renders_it_again(tmp_path):
    scenario = tmp_path / "scen.yaml"
    scenario.write_text(ONE_FILE, encoding="utf-8")
    out = tmp_path / "map.html"
    with _watching(scenario, out) as said:
        first = out.read_bytes()
        scenario.unlink()
        _wait_for(lambda: any(f"waiting for {scenario} to appear" in s for s in said),
                  "missing file reported")
        assert out.read_bytes() == first  # the map stays as it was
        scenario.write_text(ONE_FILE.replace(OLD_NOTE, NEW_NOTE), encoding="utf-8")
        _wait_for(lambda: _map_says(out, NEW_NOTE), "re-created file rendered")
        assert sum("waiting for" in s for s in said) == 1
        assert not any("not written" in s for s in said)


def test_watch_renders_a_scenario_file_created_after_the_start(tmp_path):
    scenario = tmp_path / "later" / "scen.yaml"  # neither the file nor its folder exist yet
    out = tmp_path / "map.html"
    with _watching(scenario, out) as said:
        assert f"waiting for {scenario} to appear" in said[0]
        assert not out.exists()
        scenario.parent.mkdir()
        scenario.write_text(ONE_FILE.replace(OLD_NOTE, NEW_NOTE), encoding="utf-8")
        _wait_for(lambda: _map_says(out, NEW_NOTE), "new file rendered")
        assert sum("waiting for" in s for s in said) == 1


def test_watch_picks_up_a_scenario_folder_moved_into_place(tmp_path):
    folder = tmp_path / "scen"
    out = tmp_path / "map.html"
    with _watching(folder, out) as said:
        assert f"waiting for {folder} to appear" in said[0]
        ready = tmp_path / "draft"
        shutil.copytree(MINI, ready)
        period_file = ready / "1996-1998.yaml"
        period_file.write_text(period_file.read_text(encoding="utf-8").replace(OLD_NOTE, NEW_NOTE),
                               encoding="utf-8")
        ready.rename(folder)
        _wait_for(lambda: _map_says(out, NEW_NOTE), "moved-in folder rendered")
        # Files in the folder that came in are watched as well.
        _save_atomically(folder / "1996-1998.yaml", (MINI / "1996-1998.yaml").read_text(
            encoding="utf-8").replace(OLD_NOTE, "Shomali moved front line"))
        _wait_for(lambda: _map_says(out, "Shomali moved front line"), "edit in it rendered")


def test_watch_does_not_render_again_for_its_own_output(tmp_path):
    # The map (and its temporary file) lands in the folder the scenario is in.
    scenario = tmp_path / "scen.yaml"
    scenario.write_text(ONE_FILE, encoding="utf-8")
    out = tmp_path / "map.html"
    with _watching(scenario, out) as said:
        _save_atomically(scenario, ONE_FILE.replace(OLD_NOTE, NEW_NOTE))
        _wait_for(lambda: _map_says(out, NEW_NOTE), "save rendered")
        time.sleep(2)  # a quiet period: a render loop would show as more writes
        assert _writes(said) == 2
        assert _map_says(out, NEW_NOTE)


def test_watch_ignores_editor_swap_and_backup_files(tmp_path):
    scenario = tmp_path / "scen.yaml"
    scenario.write_text(ONE_FILE, encoding="utf-8")
    out = tmp_path / "map.html"
    with _watching(scenario, out) as said:
        first = out.read_bytes()
        changed = ONE_FILE.replace(OLD_NOTE, NEW_NOTE)
        for name in (".scen.yaml.swp", "scen.yaml~", ".scen.yaml.tmp", "4913", ".#scen.yaml"):
            (tmp_path / name).write_text(changed, encoding="utf-8")
        (tmp_path / "4913").unlink()
        time.sleep(2)  # a quiet period: a render would show as a write
        assert _writes(said) == 1
        assert out.read_bytes() == first
        scenario.write_text(changed, encoding="utf-8")
        _wait_for(lambda: _map_says(out, NEW_NOTE), "real save rendered")
        assert _writes(said) == 2
        assert next(s for s in said if "changed:" in s).endswith("changed: scen.yaml")

"""afmap installed as a user installs it: a wheel in a fresh venv, run from an empty folder.

The wheel is built from this checkout (``pip wheel``, with build isolation,
as ``pip install`` builds it) and installed without dependencies into a new
venv; the venv sees the already installed dependencies through a path file,
but not this checkout, so every file afmap reads must come from the wheel.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from helpers import ROOT


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """``(bin folder, wheel path)`` of afmap installed from a freshly built wheel."""
    tmp = tmp_path_factory.mktemp("install")
    wheels = tmp / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w",
                    str(wheels), str(ROOT)], check=True, cwd=tmp)
    wheel = next(wheels.glob("afmap-*.whl"))
    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    site = Path(subprocess.run([str(venv / "bin" / "python"), "-c",
                                "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               check=True, capture_output=True, text=True).stdout.strip())
    deps = sysconfig.get_paths()["purelib"]  # this interpreter's dependencies, not its afmap
    (site / "afmap-test-deps.pth").write_text(deps + "\n", encoding="utf-8")
    subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--no-deps",
                    "--no-index", str(wheel)], check=True)
    return venv / "bin", wheel


def run(bin_: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH",)}
    return subprocess.run([str(bin_ / "afmap"), *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=600)


def test_the_wheel_carries_the_shipped_history_and_geometry(installed):
    _, wheel = installed
    names = zipfile.ZipFile(wheel).namelist()
    assert "afmap/_data/geodata/provinces.geojson" in names
    assert "afmap/_data/scenarios/factions.yaml" in names
    assert "afmap/_data/scenarios/bibliography.yaml" in names
    assert "afmap/schema/scenario.schema.json" in names
    shipped = sorted(p.name for p in (ROOT / "scenarios").glob("*.yaml"))
    assert sorted(n.rsplit("/", 1)[1] for n in names
                  if n.startswith("afmap/_data/scenarios/")) == shipped
    first = zipfile.ZipFile(wheel).read("afmap/_data/scenarios/factions.yaml").decode()
    assert first.startswith("# yaml-language-server: $schema=../../schema/scenario.schema.json\n")


def test_afmap_works_from_an_empty_folder(installed, tmp_path):
    bin_, _ = installed
    home = tmp_path / "empty"
    home.mkdir()
    version = run(bin_, home, "--version")
    assert version.returncode == 0 and "version" in version.stdout
    rendered = run(bin_, home, "render", "--year", "1998")
    assert rendered.returncode == 0, rendered.stderr
    assert (home / "output" / "afmap-1998.html").stat().st_size > 100_000
    control = run(bin_, home, "control", "--year", "1998", "--format", "json")
    assert control.returncode == 0, control.stderr
    rows = json.loads(control.stdout)
    assert len(rows) == 34
    assert next(r for r in rows if r["province"] == "Kabul")["faction"] == "taliban"
    checked = run(bin_, home, "check")
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.endswith("afmap/_data/scenarios: ok\n")
    exported = run(bin_, home, "export", "--year", "1998", "--format", "geojson",
                   "--out", "afg.geojson")
    assert exported.returncode == 0, exported.stderr
    assert len(json.loads((home / "afg.geojson").read_text())["features"]) == 34


def test_init_gives_an_editable_copy_that_every_command_then_reads(installed, tmp_path):
    bin_, _ = installed
    home = tmp_path / "work"
    home.mkdir()
    made = run(bin_, home, "init")
    assert made.returncode == 0, made.stderr
    assert made.stdout == ("wrote 11 scenario files and their schema to scenarios; edit them, "
                           "then run afmap check scenarios\n")
    assert (home / "scenarios" / "scenario.schema.json").exists()
    saur = home / "scenarios" / "1978-1979-saur.yaml"
    assert saur.read_text().startswith("# yaml-language-server: $schema=scenario.schema.json\n")
    assert run(bin_, home, "check").stdout == "scenarios: ok\n"
    # an edit to the copy is what the next map shows
    factions = home / "scenarios" / "factions.yaml"
    factions.write_text(factions.read_text().replace("name: \"Taliban (", "name: \"Edited Taliban (", 1))
    rows = json.loads(run(bin_, home, "control", "--year", "1998", "--format", "json").stdout)
    assert any(r["faction_name"].startswith("Edited Taliban") for r in rows)
    again = run(bin_, home, "init")
    assert (again.returncode, again.stderr) == (
        2, "scenarios: already holds scenario files; give an empty or new folder\n")

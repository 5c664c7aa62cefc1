"""afmap installed as a user installs it: a wheel in a fresh venv, run from an empty folder;
and the sdist, whose own tests pass from the unpacked archive.

The wheel is built from this checkout (``pip wheel``, with build isolation,
as ``pip install`` builds it) and installed without dependencies into a new
venv; the venv sees the already installed dependencies through a path file,
but not this checkout, so every file afmap reads must come from the wheel.

The sdist is built with ``python -m build --sdist`` and unpacked; a part of
its test suite then runs there, with the unpacked ``src`` first on the path,
so a file the tests read and the sdist lacks fails them. (The whole suite
passes there too; it is too long to run twice in one CI run.)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from pathlib import Path

import pytest
from helpers import ROOT


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """``(bin folder, wheel path)`` of afmap installed from a freshly built wheel."""
    tmp = tmp_path_factory.mktemp("install")
    wheels = tmp / "wheels"
    env = _clean_env()
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w",
                    str(wheels), str(ROOT)], check=True, cwd=tmp, env=env)
    wheel = next(wheels.glob("afmap-*.whl"))
    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, env=env)
    site = Path(subprocess.run([str(venv / "bin" / "python"), "-c",
                                "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               check=True, capture_output=True, text=True, env=env).stdout.strip())
    deps = sysconfig.get_paths()["purelib"]  # this interpreter's dependencies, not its afmap
    (site / "afmap-test-deps.pth").write_text(deps + "\n", encoding="utf-8")
    subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--no-deps",
                    "--no-index", str(wheel)], check=True, env=env)
    return venv / "bin", wheel


def _clean_env() -> dict[str, str]:
    """This environment without ``PYTHONPATH``.

    When these tests run from an unpacked sdist, ``PYTHONPATH`` names its ``src``, which
    holds ``afmap.egg-info``: pip would take afmap as installed already and install nothing.
    """
    return {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}


def run(bin_: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(bin_ / "afmap"), *args], cwd=cwd, env=_clean_env(),
                          capture_output=True, text=True, timeout=600)


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


#: Tracked files an sdist leaves out: CI's script, git's own files, the output folder's marker.
NOT_IN_SDIST = {".ci/run", ".gitignore", "output/.gitkeep"}
#: Test modules run from the unpacked sdist: the CLI, check over the broken corpus, the
#: province file, and migrate over the period-form archive in tests/data.
SDIST_TESTS = ["tests/test_check.py", "tests/test_cli.py", "tests/test_geodata_file.py",
               "tests/test_claims.py"]


@pytest.fixture(scope="module")
def sdist(tmp_path_factory) -> Path:
    """The folder of the sdist built from this checkout, unpacked."""
    tmp = tmp_path_factory.mktemp("sdist")
    subprocess.run([sys.executable, "-m", "build", "--sdist", "--outdir", str(tmp / "dist"),
                    str(ROOT)], check=True, capture_output=True, env=_clean_env())
    archive = next((tmp / "dist").glob("afmap-*.tar.gz"))
    with tarfile.open(archive) as tar:
        tar.extractall(tmp, filter="data")
    return next(p for p in tmp.iterdir() if p.name.startswith("afmap-"))


def _source_files() -> set[str]:
    """The files the project is made of: git's list in a checkout; in an unpacked sdist (these
    tests run there too), the list of the sdist it was built from."""
    if (ROOT / ".git").exists():
        listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True,
                                check=True)
        names = set(listed.stdout.decode().split("\0")) - {""}
        return {n for n in names if (ROOT / n).is_file()}   # not the ones deleted but uncommitted
    sources = ROOT / "src" / "afmap.egg-info" / "SOURCES.txt"
    return set(sources.read_text(encoding="utf-8").split())


def test_the_sdist_holds_every_file_of_the_project(sdist):
    held = {str(p.relative_to(sdist)) for p in sdist.rglob("*") if p.is_file()}
    assert _source_files() - NOT_IN_SDIST - held == set()
    for name in ("pyproject.toml", "setup.py", "README.md", "geodata/provinces.geojson",
                 "tests/data/period-form/shipped-2026-12-01.tar.gz",
                 "src/afmap/schema/scenario.schema.json", "docs/python.md"):
        assert name in held, name
    assert {p.name for p in (sdist / "scenarios").glob("*.yaml")} == \
        {p.name for p in (ROOT / "scenarios").glob("*.yaml")}


def test_the_sdists_tests_pass_from_the_unpacked_sdist(sdist):
    env = {**_clean_env(), "PYTHONPATH": str(sdist / "src")}
    where = subprocess.run([sys.executable, "-c", "import afmap; print(afmap.__file__)"],
                           env=env, cwd=sdist, capture_output=True, text=True, check=True)
    assert where.stdout.strip() == str(sdist / "src" / "afmap" / "__init__.py")
    ran = subprocess.run([sys.executable, "-m", "pytest", *SDIST_TESTS, "-q",
                          "-p", "no:cacheprovider"],
                         env=env, cwd=sdist, capture_output=True, text=True)
    summary = ran.stdout.strip().splitlines()[-1]
    assert ran.returncode == 0, ran.stdout[-3000:] + ran.stderr[-2000:]
    assert " passed" in summary and "failed" not in summary and "error" not in summary, summary

"""Bad input gets a clear error and loses nothing.

--out may not name an input (the scenario, a *.yaml in the scenario folder, the
geodata) nor anything that is not a regular file; inputs must be regular files
of bounded size; a write interrupted by SIGTERM, SIGHUP or Ctrl-C leaves no
temporary file and the earlier output intact.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from helpers import FACTIONS, GEODATA, MINI, ROOT

from afmap.errors import OutPathError
from afmap.output import write_atomic

KABUL = FACTIONS + """\
periods:
  - name: Taliban hold Kabul
    start: 1996-09-27
    default: taliban
    control:
      Badakhshan: united-front
    sources: ["Test source A"]
"""

#: Every command that writes a file, without its --scenario/--geodata/--out.
WRITERS = {
    "render-html": ["render", "--year", "1997"],
    "render-timeline": ["render"],
    "render-png": ["render", "--year", "1997", "--format", "png"],
    "render-svg": ["render", "--year", "1997", "--format", "svg"],
    "render-watch": ["render", "--year", "1997", "--watch"],
    "stats-csv": ["stats", "--format", "csv"],
    "stats-json": ["stats", "--format", "json"],
    "stats-png": ["stats", "--format", "png"],
    "export-geojson": ["export", "--year", "1997"],
    "export-gpkg": ["export", "--year", "1997", "--format", "gpkg"],
    "export-csv": ["export", "--year", "1997", "--format", "csv"],
    "compare": ["compare"],
}


def _args(command: list[str], scenario: Path, geodata: Path, out: Path | str) -> list[str]:
    if command == ["compare"]:
        return ["compare", str(scenario), str(MINI), "--year", "1997", "--geodata", str(geodata),
                "--out", str(out)]
    return [*command, "--scenario", str(scenario), "--geodata", str(geodata), "--out", str(out)]


def _listing(folder: Path) -> dict[str, bytes | str]:
    """Every entry under ``folder``: a file's bytes, or what else it is."""
    out: dict[str, bytes | str] = {}
    for path in sorted(folder.rglob("*")):
        mode = path.lstat().st_mode
        out[str(path.relative_to(folder))] = path.read_bytes() if stat.S_ISREG(mode) else oct(mode)
    return out


@pytest.fixture
def inputs(tmp_path: Path) -> tuple[Path, Path, Path]:
    """(scenario file, scenario folder, geodata copy) in ``tmp_path``."""
    scenario = tmp_path / "kabul.yaml"
    scenario.write_text(KABUL, encoding="utf-8")
    folder = tmp_path / "scenarios"
    shutil.copytree(MINI, folder)
    geodata = tmp_path / "provinces.geojson"
    geodata.write_bytes(GEODATA.read_bytes())
    return scenario, folder, geodata


@pytest.mark.parametrize("name", WRITERS)
@pytest.mark.parametrize("target", ["scenario", "geodata", "folder-yaml", "folder-new-yaml",
                                    "symlink", "hardlink"])
def test_out_onto_an_input_is_refused(invoke, monkeypatch, tmp_path, inputs, name, target):
    scenario, folder, geodata = inputs
    monkeypatch.chdir(tmp_path)
    (tmp_path / "link.yaml").symlink_to(scenario)
    os.link(scenario, tmp_path / "hard.yaml")
    uses_folder = target.startswith("folder")
    out, message = {
        "scenario": ("kabul.yaml", "kabul.yaml: --out is one of the inputs (the scenario)"),
        "geodata": ("provinces.geojson",
                    "provinces.geojson: --out is one of the inputs (the geodata)"),
        "folder-yaml": ("scenarios/factions.yaml", "scenarios/factions.yaml: --out is inside "
                        "the scenario folder (scenarios), where every .yaml file is an input"),
        "folder-new-yaml": ("scenarios/new.yaml", "scenarios/new.yaml: --out is inside "
                            "the scenario folder (scenarios), where every .yaml file is an input"),
        "symlink": ("link.yaml", "link.yaml: --out is one of the inputs (the scenario)"),
        "hardlink": ("hard.yaml", "hard.yaml: --out is one of the inputs (the scenario)"),
    }[target]
    if name == "compare":
        message = message.replace("(the scenario)", "(the first scenario)").replace(
            "the scenario folder", "the first scenario folder")
    before = _listing(tmp_path)
    given = Path("scenarios") if uses_folder else Path("kabul.yaml")
    result = invoke(*_args(WRITERS[name], given, Path("provinces.geojson"), out))
    assert result.stderr == f"{message}; give another file name\n"
    assert result.exit_code == 2
    assert result.stdout == ""
    assert _listing(tmp_path) == before  # every input byte-identical, no stray .tmp file


@pytest.mark.parametrize("name", WRITERS)
@pytest.mark.parametrize("kind", ["device", "fifo", "socket"])
def test_out_onto_something_not_a_file_is_refused(invoke, tmp_path, inputs, name, kind):
    scenario, _, geodata = inputs
    if kind == "device":
        out, what = Path("/dev/null"), "a character device"
    elif kind == "fifo":
        out, what = tmp_path / "map.out", "a FIFO"
        os.mkfifo(out)
    else:
        out, what = tmp_path / "map.sock", "a socket"
        sock = socket.socket(socket.AF_UNIX)
        sock.bind(str(out))
    before = _listing(tmp_path)
    try:
        result = invoke(*_args(WRITERS[name], scenario, geodata, out))
    finally:
        if kind == "socket":
            sock.close()
    assert result.stderr == f"{out}: --out is {what}, not a regular file; give a file name\n"
    assert result.exit_code == 2
    assert _listing(tmp_path) == before
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_schema_out_onto_a_device_is_refused(invoke):
    result = invoke("schema", "--out", "/dev/null")
    assert result.stderr == "/dev/null: --out is a character device, not a regular file; give a file name\n"
    assert result.exit_code == 2


def test_default_scenario_folder_is_an_input(invoke, in_tmp):
    shutil.copytree(MINI, in_tmp / "scenarios")
    before = _listing(in_tmp)
    result = invoke("render", "--year", "1997", "--out", "scenarios/extra.yaml")
    assert result.stderr == ("scenarios/extra.yaml: --out is inside the scenario folder "
                             "(scenarios), where every .yaml file is an input; give another "
                             "file name\n")
    assert result.exit_code == 2
    assert _listing(in_tmp) == before


@pytest.mark.parametrize("out", ["scenarios/nosuch/../extra.yaml", "scenarios/EXTRA.YAML"])
def test_an_out_that_names_the_scenario_folder_another_way_is_refused(invoke, in_tmp, out):
    shutil.copytree(MINI, in_tmp / "scenarios")
    before = _listing(in_tmp)
    result = invoke("render", "--year", "1997", "--out", out)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{out}: --out is inside the scenario folder (scenarios)")
    assert _listing(in_tmp) == before


def test_upper_case_yaml_files_are_part_of_the_scenario(invoke, in_tmp):
    shutil.copytree(MINI, in_tmp / "scenarios")
    (in_tmp / "scenarios" / "EXTRA.YAML").write_text("periods: 3\n", encoding="utf-8")
    result = invoke("check")
    assert result.exit_code == 1
    assert result.stderr.startswith("scenarios/EXTRA.YAML:1:10: 'periods' must be a list")


def test_out_beside_the_inputs_is_written(invoke, tmp_path, inputs):
    scenario, folder, geodata = inputs
    for out in (folder / "map.csv", tmp_path / "other.yaml"):
        result = invoke("export", "--year", "1997", "--format", "csv", "--scenario", folder,
                        "--geodata", geodata, "--out", out)
        assert result.exit_code == 0, result.stderr
        assert result.stdout == f"wrote {out}\n"
        assert out.read_text(encoding="utf-8").startswith("code,province,")


def test_refused_out_leaves_earlier_output_untouched(invoke, tmp_path, inputs):
    scenario, _, geodata = inputs
    out = tmp_path / "map.html"
    assert invoke("render", "--year", "1997", "--scenario", scenario, "--geodata", geodata,
                  "--out", out).exit_code == 0
    (tmp_path / "alias.html").symlink_to(scenario)
    before = _listing(tmp_path)
    result = invoke("render", "--year", "1998", "--scenario", scenario, "--geodata", geodata,
                    "--out", tmp_path / "alias.html")
    assert result.exit_code == 2
    assert _listing(tmp_path) == before


def test_write_atomic_needs_its_inputs_and_refuses_a_folder(tmp_path):
    with pytest.raises(TypeError):
        write_atomic(tmp_path / "a.txt", "x")  # type: ignore[call-arg]
    with pytest.raises(OutPathError) as caught:
        write_atomic(tmp_path, "x", inputs=())
    assert str(caught.value) == f"{tmp_path}: --out is a folder, not a regular file; give a file name"
    assert caught.value.exit_code == 2
    assert list(tmp_path.iterdir()) == []


# --- Inputs that are not regular files, or too large ---------------------------------------

def _afmap(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run afmap in a subprocess; the timeout only guards against a hang."""
    return subprocess.run([sys.executable, "-m", "afmap", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=300)


def test_fifo_as_scenario_is_refused_without_blocking(tmp_path):
    os.mkfifo(tmp_path / "s.yaml")
    result = _afmap("control", "--year", "1997", "--scenario", "s.yaml", "--geodata", GEODATA,
                    cwd=tmp_path)
    assert result.stderr == "s.yaml: not a regular file (a FIFO); give a scenario YAML file or folder\n"
    assert result.returncode == 1


def test_fifo_in_scenario_folder_is_refused_without_blocking(tmp_path):
    shutil.copytree(MINI, tmp_path / "scen")
    os.mkfifo(tmp_path / "scen" / "more.yaml")
    result = _afmap("check", "scen", "--geodata", GEODATA, cwd=tmp_path)
    assert result.stderr == ("scen/more.yaml: not a regular file (a FIFO); give a scenario YAML "
                             "file or folder\n1 problem found\n")
    assert result.returncode == 1


def test_fifo_as_geodata_is_refused_without_blocking(tmp_path):
    os.mkfifo(tmp_path / "p.geojson")
    result = _afmap("control", "--year", "1997", "--scenario", MINI, "--geodata", "p.geojson",
                    cwd=tmp_path)
    assert result.stderr == ("p.geojson: cannot read: not a regular file (a FIFO); give a "
                             "province GeoJSON with --geodata\n")
    assert result.returncode == 1


def test_device_as_scenario_is_refused(invoke):
    result = invoke("check", "/dev/zero", "--geodata", GEODATA)
    assert result.stderr == ("/dev/zero: not a regular file (a character device); give a "
                             "scenario YAML file or folder\n1 problem found\n")
    assert result.exit_code == 1


def test_dangling_link_in_scenario_folder_is_still_skipped(invoke, tmp_path):
    folder = tmp_path / "scen"
    shutil.copytree(MINI, folder)
    (folder / ".#1996-1998.yaml").symlink_to("user@host.1234")  # an editor's lock file
    result = invoke("check", folder, "--geodata", GEODATA)
    assert result.exit_code == 0, result.stderr


def test_scenario_file_size_is_bounded(invoke, monkeypatch, write):
    import afmap.yamlfile

    assert afmap.yamlfile.MAX_FILE_BYTES == 50 * 2**20
    monkeypatch.setattr(afmap.yamlfile, "MAX_FILE_BYTES", len(KABUL.encode()) - 1)
    path = write(KABUL, "kabul.yaml")
    result = invoke("check", path, "--geodata", GEODATA)
    assert result.stderr == (f"{path}: larger than {len(KABUL) - 1:,} bytes, afmap's limit for "
                             "one scenario file; split it into several files in a folder\n"
                             "1 problem found\n")
    assert result.exit_code == 1
    monkeypatch.setattr(afmap.yamlfile, "MAX_FILE_BYTES", len(KABUL.encode()))
    assert invoke("check", path, "--geodata", GEODATA).exit_code == 0


def test_nul_byte_is_located(invoke, write):
    path = write(b"factions:\n  taliban: {name: Tali\x00ban, color: '#000'}\n", "nul.yaml")
    result = invoke("check", path, "--geodata", GEODATA)
    assert result.stderr == (f"{path}:2:23: contains NUL bytes; a scenario is a UTF-8 text file\n"
                             "1 problem found\n")


# --- Signals during the final write --------------------------------------------------------

#: A child that pauses inside write_atomic, its temporary file fully written, until signalled.
PAUSED_WRITER = """\
import os, sys, time
def paused_replace(src, dst):
    sys.stderr.write("paused\\n")
    sys.stderr.flush()
    time.sleep(600)  # the test sends its signal here
os.replace = paused_replace
from afmap.cli import cli
cli(["schema", "--out", sys.argv[1]])
"""


@pytest.mark.parametrize("signame, code", [("SIGTERM", 128 + 15), ("SIGHUP", 128 + 1),
                                           ("SIGINT", 1)])
def test_signal_during_write_removes_the_temporary_file(tmp_path, signame, code):
    out = tmp_path / "schema.json"
    out.write_text("earlier output\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen([sys.executable, "-c", PAUSED_WRITER, str(out)], cwd=tmp_path,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    guard = threading.Timer(300, proc.kill)  # only against a hang; no timing is asserted
    guard.start()
    try:
        assert proc.stderr.readline() == "paused\n"
        assert [p.name for p in tmp_path.glob(".schema.json.*.tmp")]  # the write is under way
        proc.send_signal(getattr(signal, signame))
        proc.wait()
    finally:
        guard.cancel()
        proc.kill()
        proc.communicate()
    assert proc.returncode == code
    assert sorted(p.name for p in tmp_path.iterdir()) == ["schema.json"]
    assert out.read_text() == "earlier output\n"


def test_signal_handlers_are_restored_and_ignored_signals_stay_ignored(invoke):
    from afmap.cli import _exit_on_signal, _signals_exit

    saved = signal.signal(signal.SIGHUP, signal.SIG_IGN)  # as under nohup
    try:
        before = signal.getsignal(signal.SIGTERM)
        with _signals_exit():
            assert signal.getsignal(signal.SIGHUP) is signal.SIG_IGN
            assert signal.getsignal(signal.SIGTERM) is (
                _exit_on_signal if before is signal.SIG_DFL else before)
        assert signal.getsignal(signal.SIGTERM) is before
        assert invoke("schema").exit_code == 0
        assert signal.getsignal(signal.SIGTERM) is before
        assert signal.getsignal(signal.SIGHUP) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGHUP, saved)


# ---- outputs mean what their names say ------------------------------------------------

@pytest.mark.parametrize("args, out, magic", [
    (("render", "--year", "1997"), "map.png", b"\x89PNG\r\n"),
    (("render", "--year", "1997"), "map.svg", b"<?xml"),
    (("render", "--year", "1997"), "map.html", b"<!DOCTYPE html>"),
    (("export", "--year", "1997"), "afg.gpkg", b"SQLite format 3\x00"),
    (("export", "--year", "1997"), "afg.csv", b"code,province,"),
    (("export", "--year", "1997"), "afg.geojson", b'{"type": "FeatureCollection"'),
    (("stats",), "shares.json", b"["),
    (("stats",), "shares.csv", b"date,faction,"),
])
def test_without_format_the_out_suffix_decides(invoke, tmp_path, args, out, magic):
    path = tmp_path / out
    result = invoke(*args, "--scenario", MINI, "--geodata", GEODATA, "--out", path)
    assert result.exit_code == 0, result.output
    assert path.read_bytes().startswith(magic), path.read_bytes()[:40]


@pytest.mark.parametrize("args, out, fmt, named", [
    (("render", "--year", "1997"), "map.png", "html", "png"),
    (("render", "--year", "1997"), "map.html", "svg", "html"),
    (("export", "--year", "1997"), "afg.gpkg", "geojson", "gpkg"),
    (("stats",), "shares.csv", "json", "csv"),
])
def test_an_out_suffix_that_contradicts_format_is_wrong_usage(invoke, tmp_path, args, out, fmt,
                                                              named):
    path = tmp_path / out
    result = invoke(*args, "--scenario", MINI, "--geodata", GEODATA, "--out", path,
                    "--format", fmt)
    assert result.exit_code == 2
    assert result.stderr == (f"{path}: --out ends {path.suffix}, a {named} file, but --format is "
                             f"{fmt}; give --format {named} or an --out for {fmt}\n")
    assert not path.exists()


def test_an_out_suffix_that_names_no_format_leaves_the_default(invoke, tmp_path):
    path = tmp_path / "map.txt"
    result = invoke("render", "--year", "1997", "--scenario", MINI, "--geodata", GEODATA,
                    "--out", path)
    assert result.exit_code == 0, result.output
    assert path.read_bytes().startswith(b"<!DOCTYPE html>")


def test_out_dash_writes_text_formats_to_standard_output(invoke, in_tmp):
    shutil.copytree(MINI, in_tmp / "scenarios")
    page = invoke("render", "--year", "1997", "--out", "-")
    assert page.exit_code == 0, page.output
    assert page.stdout.startswith("<!DOCTYPE html>") and page.stdout.rstrip().endswith("</html>")
    geojson = invoke("export", "--year", "1997", "--out", "-")
    assert json.loads(geojson.stdout)["type"] == "FeatureCollection"
    svg = invoke("render", "--year", "1997", "--format", "svg", "--out", "-")
    assert svg.stdout.startswith("<?xml")
    assert not (in_tmp / "-").exists() and not (in_tmp / "output").exists()


@pytest.mark.parametrize("args", [("render", "--year", "1997", "--format", "png"),
                                  ("export", "--year", "1997", "--format", "gpkg"),
                                  ("render", "--year", "1997", "--watch")])
def test_out_dash_refuses_binary_formats_and_watching(invoke, in_tmp, args):
    shutil.copytree(MINI, in_tmp / "scenarios")
    result = invoke(*args, "--out", "-")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert not (in_tmp / "-").exists()

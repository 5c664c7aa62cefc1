"""What reaches a terminal: control characters shown escaped, never obeyed; no encoding fails."""

from __future__ import annotations

import csv
import io
import json
import os
import select
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import FACTIONS, GEODATA

from afmap.errors import Problem
from afmap.terminal import json_safe, visible, visible_lines

#: One of each kind of character a name could steer a terminal with.
CONTROLS = [
    ("\x1b", "\\x1b"), ("\x07", "\\x07"), ("\x00", "\\x00"), ("\r", "\\r"), ("\n", "\\n"),
    ("\t", "\\t"), ("\x0b", "\\x0b"), ("\x0c", "\\x0c"), ("\x1c", "\\x1c"), ("\x1d", "\\x1d"),
    ("\x1e", "\\x1e"), ("\x7f", "\\x7f"), ("\x85", "\\x85"), ("\x9b", "\\x9b"),
    ("\u2028", "\\u2028"), ("\u2029", "\\u2029"), ("\u202e", "\\u202e"), ("\u2066", "\\u2066"),
]


@pytest.mark.parametrize("char, shown", CONTROLS)
def test_problem_shows_control_characters_escaped(char, shown):
    problem = Problem(f"a{char}.yaml", 3, 7, f"unknown province 'K{char}bul'")
    assert str(problem) == f"a{shown}.yaml:3:7: unknown province 'K{shown}bul'"
    assert str(Problem("s.yaml", 0, 0, f"x{char}")) == f"s.yaml: x{shown}"


def test_visible_keeps_text_and_line_breaks_where_asked():
    text = "Ghōr, Hérat, کابل\u200c, «quoted» \\x1b"  # ZWNJ is Persian orthography, not a control
    assert visible(text) == text
    assert visible_lines("a\x1b\nb\u2028c\n") == "a\\x1b\nb\\u2028c\n"
    assert json.loads(json_safe(json.dumps(["\x85\u2028\x7f\u202e"], ensure_ascii=False,
                                           indent=1))) == ["\x85\u2028\x7f\u202e"]
    assert json_safe('[\n "a\x85\u2028"\n]') == '[\n "a\\u0085\\u2028"\n]'


HOSTILE = FACTIONS + """\
periods:
  - name: "Red\\e[31m era\\u2028s.yaml:1:1: forged"
    start: 1996-09-27
    default: taliban
    control:
      Badakhshan: united-front
    sources: ["Test source A"]
events:
  - {date: 1997-01-01, name: "Fall\\ns.yaml:1:1: forged\\e[2J", at: [34.5, 69.2], sources: [x]}
"""


def test_check_message_cannot_forge_a_line(invoke, write):
    path = write(FACTIONS + "periods:\n  - name: P\n    start: 1996-09-27\n    control:\n"
                 '      "Kabul\\e]0;x\\a\\u2029\\x85\\v\\f\\x1c\\x1d\\x1e\\x7f\\x9b\\u202e": taliban\n'
                 "    sources: [x]\n")
    result = invoke("check", path, "--geodata", GEODATA)
    assert result.exit_code == 1
    assert result.stderr == (
        f"{path}:8:7: unknown province 'Kabul\\x1b]0;x\\x07\\u2029\\x85\\x0b\\x0c\\x1c\\x1d"
        "\\x1e\\x7f\\x9b\\u202e' (did you mean 'Kabul'?)\n1 problem found\n")


def test_file_name_with_line_break_is_escaped(invoke, tmp_path):
    folder = tmp_path / "scen"
    folder.mkdir()
    (folder / "a\nb.yaml").write_text("periods: 3\n", encoding="utf-8")
    result = invoke("check", folder, "--geodata", GEODATA)
    assert result.stderr == (f"{folder}/a\\nb.yaml:1:10: 'periods' must be a list, not '3'\n"
                             "1 problem found\n")


def test_control_table_escapes_and_stays_aligned(invoke, write):
    path = write(HOSTILE)
    result = invoke("control", "--year", "1998", "--scenario", path)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 35
    assert lines[1] == ("AF-BAL  Balkh          taliban       controlled  27 September 1996  "
                        "Red\\x1b[31m era\\u2028s.yaml:1:1: forged")
    assert {line.index("Red") for line in lines[1:]} == {lines[0].index("CHANGE")}
    assert "\x1b" not in result.stdout and "\u2028" not in result.stdout


def test_control_json_escapes_yet_keeps_the_data(invoke, write):
    result = invoke("control", "--year", "1998", "--scenario", write(HOSTILE), "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert '"period": "Red\\u001b[31m era\\u2028s.yaml:1:1: forged"' in result.stdout
    assert json.loads(result.stdout)[0]["period"] == "Red\x1b[31m era\u2028s.yaml:1:1: forged"


def test_control_csv_piped_is_the_data_byte_for_byte(invoke, write):
    result = invoke("control", "--year", "1998", "--scenario", write(HOSTILE), "--format", "csv")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows[0]["period"] == "Red\x1b[31m era\u2028s.yaml:1:1: forged"


def test_control_csv_on_a_terminal_is_escaped(write):
    import pty

    path = write(HOSTILE)
    main, child = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "afmap", "control", "--year", "1998",
                             "--scenario", str(path), "--geodata", str(GEODATA), "--format", "csv"],
                            stdout=child, stderr=subprocess.PIPE)
    os.close(child)
    chunks = []
    while True:
        ready, _, _ = select.select([main], [], [], 300)  # only a guard against a hang
        if not ready:
            proc.kill()
            break
        try:
            chunk = os.read(main, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(main)
    assert proc.wait(timeout=300) == 0, proc.stderr.read() if proc.stderr else ""
    out = b"".join(chunks).decode("utf-8")
    assert "\x1b" not in out
    assert ",Red\\x1b[31m era\\u2028s.yaml:1:1: forged," in out


def test_diff_table_event_names_are_escaped(invoke, write):
    result = invoke("diff", "1996-10-01", "1998-01-01", "--scenario", write(HOSTILE))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "1997-01-01  Fall\\ns.yaml:1:1: forged\\x1b[2J"


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_latin1_terminal_never_fails_on_encoding(tmp_path, fmt):
    path = tmp_path / "s.yaml"
    path.write_text(FACTIONS + "periods:\n  - name: Ghōr → Kabul\n    start: 1996-09-27\n"
                    "    default: taliban\n    sources: [x]\n", encoding="utf-8")
    env = {**os.environ, "PYTHONIOENCODING": "latin-1"}
    result = subprocess.run([sys.executable, "-m", "afmap", "control", "--year", "1998",
                             "--scenario", str(path), "--geodata", str(GEODATA), "--format", fmt],
                            capture_output=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr.decode("latin-1")
    assert "Gh\\u014dr \\u2192 Kabul" in result.stdout.decode("latin-1")
    if fmt == "json":  # the escape is JSON's own: the data survives a Latin-1 terminal
        assert json.loads(result.stdout.decode("latin-1"))[0]["period"] == "Ghōr → Kabul"


def test_latin1_terminal_gets_error_messages(tmp_path):
    path = tmp_path / "ş.yaml"
    path.write_text("periods: 3\n", encoding="utf-8")
    env = {**os.environ, "PYTHONIOENCODING": "latin-1"}
    result = subprocess.run([sys.executable, "-m", "afmap", "check", path.name, "--geodata",
                             str(GEODATA)], capture_output=True, env=env, cwd=tmp_path,
                            timeout=300)
    assert result.returncode == 1
    assert result.stderr.decode("latin-1") == ("\\u015f.yaml:1:10: 'periods' must be a list, "
                                               "not '3'\n1 problem found\n")
    assert "Traceback" not in result.stderr.decode("latin-1")


def test_wrote_line_escapes_the_path(invoke, tmp_path):
    out = tmp_path / "s\x1bchema.json"
    result = invoke("schema", "--out", out)
    assert result.exit_code == 0
    assert result.stdout == f"wrote {tmp_path}/s\\x1bchema.json\n"
    assert Path(out).exists()

"""The corpus of broken and hostile scenario files in tests/data/broken.

Each ``NAME.yaml`` has ``NAME.expected``: the exact text ``afmap check`` prints
on stderr. Every file must also fail ``render`` and ``control`` cleanly: exit 1,
the same problems, no traceback, earlier output untouched.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import GEODATA, ROOT

BROKEN = ROOT / "tests" / "data" / "broken"
CASES = sorted(BROKEN.glob("*.yaml"))


def test_corpus_is_large():
    assert len(CASES) >= 30


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_check_prints_expected_problems(invoke, monkeypatch, case):
    monkeypatch.chdir(ROOT)
    rel = case.relative_to(ROOT)
    result = invoke("check", rel, "--geodata", GEODATA)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == case.with_suffix(".expected").read_text(encoding="utf-8")
    for line in result.stderr.splitlines()[:-1]:
        assert line.startswith(f"{rel}:"), line


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_render_and_control_fail_cleanly(invoke, monkeypatch, tmp_path, case):
    monkeypatch.chdir(ROOT)
    rel = case.relative_to(ROOT)
    out = tmp_path / "map.html"
    out.write_text("an earlier map", encoding="utf-8")
    expected = case.with_suffix(".expected").read_text(encoding="utf-8").splitlines()[:-1]
    for args in (["render", "--year", "1998", "--out", out], ["control", "--year", "1998"]):
        result = invoke(*args, "--scenario", rel, "--geodata", GEODATA)
        assert result.exit_code == 1, args
        assert result.stderr.splitlines() == expected
        assert "Traceback" not in result.output
    assert out.read_text(encoding="utf-8") == "an earlier map"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.html"]


def test_no_tag_ran(tmp_path):
    # tag-python-object.yaml would create this file if YAML tags constructed objects.
    assert not Path("/tmp/afmap-pwned").exists()

"""Shared fixtures: a CLI runner, small scenarios, a temporary output folder."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from helpers import GEODATA

from afmap.cli import cli


@pytest.fixture
def invoke() -> Callable[..., Result]:
    """Run ``afmap ARGS`` as a user would, with stdout and stderr apart."""
    runner = CliRunner()

    def run(*args: str) -> Result:
        return runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)

    return run


@pytest.fixture
def write(tmp_path: Path) -> Callable[..., Path]:
    """Write a dedented YAML text to ``tmp_path/NAME`` and return the path."""

    def make(text: str | bytes, name: str = "s.yaml") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return make


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Work in an empty folder (so ``output/`` lands there), geodata from the repo."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "geodata").mkdir()
    (tmp_path / "geodata" / "provinces.geojson").write_bytes(GEODATA.read_bytes())
    return tmp_path

"""Dated historical facts checked against the shipped scenarios through the CLI.

Each fact (in ``tests/data/facts/ERA.yaml``) names the province, a date, the faction expected
to hold the province on that date (and, where it matters, the status) and the source the fact
comes from. The facts are
checked with ``afmap control --date D --format json`` exactly as a user would run it.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from pathlib import Path
from typing import NamedTuple

import pytest
from click.testing import CliRunner

from afmap.cli import cli

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"
GEODATA = ROOT / "geodata" / "provinces.geojson"
START = dt.date(1978, 4, 27)


class Fact(NamedTuple):
    province: str
    date: str
    faction: str
    status: str | None
    source: str


FACTS_DIR = ROOT / "tests" / "data" / "facts"


def _facts() -> list[Fact]:
    """The facts of every era file in ``tests/data/facts`` (one file per era)."""
    import yaml

    out = []
    for path in sorted(FACTS_DIR.glob("*.yaml")):
        for item in yaml.safe_load(path.read_text(encoding="utf-8"))["facts"]:
            out.append(Fact(item["province"], str(item["date"]), item["faction"],
                            item.get("status"), item["source"]))
    return out


FACTS = _facts()


@functools.lru_cache(maxsize=None)
def control_rows(date: str) -> tuple[dict, ...]:
    """Rows printed by ``afmap control --date D --format json`` (one CLI call per date)."""
    result = CliRunner().invoke(
        cli,
        ["control", "--date", date, "--format", "json",
         "--scenario", str(SCENARIOS), "--geodata", str(GEODATA)],
    )
    assert result.exit_code == 0, result.output
    return tuple(json.loads(result.output))


def row_for(date: str, province: str) -> dict:
    matches = [row for row in control_rows(date) if row["province"] == province]
    assert len(matches) == 1, f"{province} appears {len(matches)} times on {date}"
    return matches[0]


def change_dates() -> list[dt.date]:
    """Every period start and end in the shipped scenarios, plus today."""
    from afmap import api

    dates = {START, dt.date.today(), *api.load(SCENARIOS).timeline.change_dates()}
    return sorted(d for d in dates if START <= d <= dt.date.today())


def test_there_are_enough_facts_in_every_era() -> None:
    years = [int(fact.date[:4]) for fact in FACTS]
    assert len(FACTS) >= 40
    for first, last in [(1978, 1979), (1980, 1989), (1989, 1992), (1992, 1996), (1996, 2001),
                        (2001, 2001), (2002, 2021), (2021, 2021), (2022, 2100)]:
        assert any(first <= year <= last for year in years), (first, last)


@pytest.mark.parametrize("fact", FACTS, ids=[f"{f.province}-{f.date}" for f in FACTS])
def test_historical_fact(fact: Fact) -> None:
    row = row_for(fact.date, fact.province)
    assert row["faction"] == fact.faction, (fact, row["period"])
    if fact.status:
        assert row["status"] == fact.status, (fact, row["period"])
    assert row["sources"], fact


@pytest.mark.parametrize("date", [d.isoformat() for d in change_dates()])
def test_every_row_on_a_change_date_is_sourced(date: str) -> None:
    rows = control_rows(date)
    assert len(rows) == 34
    unsourced = [row["province"] for row in rows if not row["sources"]]
    assert not unsourced, f"{date}: no sources for {unsourced}"


def test_no_province_is_ever_without_an_assignment() -> None:
    probe: set[dt.date] = set()
    for day in change_dates():
        probe.add(day)
        if day > START:
            probe.add(day - dt.timedelta(days=1))
    gaps = []
    for day in sorted(probe):
        rows = control_rows(day.isoformat())
        assert len(rows) == 34, day
        gaps += [(day.isoformat(), row["province"]) for row in rows if row["status"] == "no-data"]
    assert not gaps, gaps[:20]

"""Sources are first-class: every shipped claim cites one, and seed quotations are exact."""

from __future__ import annotations

import re

import pytest

from afmap import api
from conftest import ROOT

SEED = ROOT.parent / "shared" / "seed" / "afghan-conflict.txt"
QUOTE = re.compile(r"^Afghan conflict \(seed article\): '(.*)'$", re.S)


@pytest.fixture(scope="module")
def shipped():
    return api.load(ROOT / "scenarios", ROOT / "geodata" / "provinces.geojson")


def test_every_period_and_differing_entry_cites_a_source(shipped):
    for located, model in shipped.files:
        for period in model.periods:
            assert period.sources, f"{located.path}: period '{period.name}' has no sources"
            for name, entry in period.control.items():
                if isinstance(entry, str) or entry.faction == period.default:
                    continue
                assert entry.sources or period.sources, (located.path, period.name, name)
        for event in model.events:
            assert event.sources, f"{located.path}: event '{event.name}' has no sources"


def test_every_segment_carries_sources(shipped):
    assert all(seg.sources for seg in shipped.timeline.segments)


def _all_sources(shipped):
    for _, model in shipped.files:
        for period in model.periods:
            yield from period.sources
            for entry in period.control.values():
                if not isinstance(entry, str):
                    yield from entry.sources
        for event in model.events:
            yield from event.sources


def test_seed_quotations_are_verbatim(shipped):
    if not SEED.exists():
        pytest.skip(f"seed article not beside the repository ({SEED})")
    seed = " ".join(SEED.read_text(encoding="utf-8").split())
    quotes = [m.group(1) for s in _all_sources(shipped) if (m := QUOTE.match(s))]
    assert len(quotes) >= 20
    for quote in quotes:
        parts = [" ".join(p.split()) for p in re.split(r"\s*(?:\.\.\.|…)\s*", quote) if p.strip()]
        for part in parts:
            assert part in seed, f"not in the seed article: {part!r}"

"""Sources are first-class and claim-level: on the shipped history, as a reader meets it.

- every claim, era and event cites a source, and every quotation of the article
  "Afghan conflict" is verbatim;
- no note and no source text is written twice anywhere in the folder (the
  mechanical migration's size is checked in ``test_claims.py``);
- at least 95% of (change date x province) rows cite a source that speaks of
  that province (``tests/relevance.py``);
- one edit to a claim's note changes that claim on every date it covers, and
  nothing else.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections import Counter

import pytest
from helpers import GEODATA, ROOT

from afmap import api
from afmap.scenario import Citation

SEED = ROOT.parent / "shared" / "seed" / "afghan-conflict.txt"
SCENARIOS = ROOT / "scenarios"


@pytest.fixture(scope="module")
def shipped():
    return api.load(SCENARIOS, GEODATA)


def _sources(model):
    for fac in model.factions.values():
        yield from fac.sources
    for era in model.eras:
        yield from era.sources
    for change in model.changes:
        yield from change.sources
    for event in model.events:
        yield from event.sources


def test_the_shipped_history_is_in_the_claim_form(shipped):
    assert not any(model.periods for _, model in shipped.files)
    assert sum(len(model.changes) for _, model in shipped.files) >= 100


def test_every_change_era_and_event_cites_a_source(shipped):
    for located, model in shipped.files:
        for i, change in enumerate(model.changes):
            assert change.sources, f"{located.path}: change {i} ({change.label}) has no sources"
        for era in model.eras:
            assert era.sources, f"{located.path}: era '{era.name}' has no sources"
        for event in model.events:
            assert event.sources, f"{located.path}: event '{event.name}' has no sources"


def test_every_segment_carries_sources(shipped):
    assert all(seg.sources for seg in shipped.timeline.segments)


def test_the_afghan_conflict_article_is_a_bibliography_entry(shipped):
    works = {k: w for _, m in shipped.files for k, w in m.bibliography.items()}
    article = works["afghan-conflict"]
    assert article.title == "Afghan conflict"
    assert article.url == "https://en.wikipedia.org/wiki/Afghan_conflict"
    for path in SCENARIOS.glob("*.yaml"):
        assert "seed article" not in path.read_text(encoding="utf-8").casefold(), path


def test_quotations_of_the_afghan_conflict_article_are_verbatim(shipped):
    if not SEED.exists():
        pytest.skip(f"the article's text is not beside the repository ({SEED})")
    text = " ".join(SEED.read_text(encoding="utf-8").split())
    quotes = [s.quote for _, m in shipped.files for s in _sources(m)
              if isinstance(s, Citation) and s.cite == "afghan-conflict" and s.quote]
    assert len(quotes) >= 20
    for quote in quotes:
        parts = [" ".join(p.split()) for p in re.split(r"\s*(?:\.\.\.|…)\s*", quote) if p.strip()]
        for part in parts:
            assert part in text, f"not in the article: {part!r}"


def _written_texts(model):
    """Every note and source text as written (a bare citation of a key is not a text)."""
    for text in (model.description,):
        if text:
            yield "note", text
    for item in (*model.factions.values(), *model.eras, *model.changes, *model.events,
                 *model.bibliography.values()):
        if item.note:
            yield "note", item.note
    for work in model.bibliography.values():
        if work.text:
            yield "source", work.text
    for source in _sources(model):
        if isinstance(source, str):
            yield "source", source
        elif source.quote or source.at:
            yield "source", f"{source.cite} | {source.at} | {source.quote}"


def test_no_note_or_source_is_written_twice(shipped):
    counts = Counter(t for _, model in shipped.files for t in _written_texts(model))
    twice = [f"{kind}: {text[:100]}" for (kind, text), n in counts.items() if n > 1]
    assert not twice, "\n".join(twice)


def test_at_least_95_percent_of_rows_cite_a_source_on_their_province():
    from relevance import rows

    results = [ok for _, _, ok in rows(SCENARIOS, GEODATA)]
    rate = sum(results) / len(results)
    assert len(results) >= 1_000
    assert rate >= 0.95, f"{rate:.1%} of {len(results):,} rows"


def test_relevance_counts_province_capital_district_and_region():
    from relevance import Gazetteer

    from afmap.geodata import read_province_info

    gaz = Gazetteer(read_province_info(GEODATA))
    assert gaz.relevant("AF-HEL", ["Reuters, 'Taliban take Lashkar Gah', 13 August 2021"])
    assert gaz.relevant("AF-HEL", ["LWJ: Sangin district centre overrun"])
    assert gaz.relevant("AF-HEL", ["the Taliban advance in southern Afghanistan"])
    assert gaz.relevant("AF-HEL", ["Hilmand"])
    assert not gaz.relevant("AF-HEL", ["AP, 'Kunduz falls', 28 September 2015"])
    assert not gaz.relevant("AF-BAL", ["the Northern Alliance's commanders"])


def test_one_edit_to_a_claims_note_shows_on_every_date_of_that_claim_and_no_other(tmp_path):
    folder = tmp_path / "scenarios"
    shutil.copytree(SCENARIOS, folder)
    before = api.load(folder, GEODATA).timeline
    seg = next(s for s in before.segments_of("AF-HEL") if s.note and s.end is not None
               and s.status == "contested" and (s.end - s.start).days > 365)
    # The note's first words, however YAML wraps them; they occur once in the folder.
    words = seg.note.split()[:8]
    pattern = re.compile(r"\s+".join(re.escape(w) for w in words))
    found = [(p, m) for p in folder.glob("*.yaml")
             for m in pattern.finditer(p.read_text(encoding="utf-8"))]
    assert len(found) == 1, found
    path, match = found[0]
    text = path.read_text(encoding="utf-8")
    path.write_text(text[:match.start()] + "Corrected. " + text[match.start():], encoding="utf-8")
    after = api.load(folder, GEODATA).timeline
    days = sorted({*before.change_dates(), seg.start, seg.end - dt.timedelta(days=1),
                   seg.start - dt.timedelta(days=1), seg.end})
    # The claim is the change: every province it names, on every date it holds.
    claim = {(s.code, s.start) for s in before.segments if (s.start, s.note, s.sources)
             == (seg.start, seg.note, seg.sources)}
    for day in days:
        for old, new in zip(before.at(day), after.at(day)):
            if (old.code, old.start) in claim:
                assert new.note == "Corrected. " + seg.note, day
            else:
                assert new == old, (day, old.province)


def test_popups_show_the_claims_own_sources_not_another_provinces(shipped):
    helmand = shipped.timeline.at(dt.date(2001, 11, 26))
    row = next(r for r in helmand if r.code == "AF-HEL")
    assert not any("Kunduz" in s and "Helmand" not in s for s in row.sources), row.sources

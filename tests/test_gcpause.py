"""The cycle collector's pause: what it leaves frozen, and that nothing stays out of reach."""

from __future__ import annotations

import gc
import weakref

import pytest

from afmap import gcpause
from afmap.gcpause import collector_paused


class _Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle: only the collector frees it


@pytest.fixture(autouse=True)
def _small_threshold(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(gcpause, "FREEZE_ABOVE", 1_000)
    yield
    gc.unfreeze()
    gcpause._froze = False
    gc.enable()


def _many() -> list[list[int]]:
    return [[i] for i in range(5_000)]


def test_a_large_pause_leaves_the_heap_frozen_and_the_collector_on():
    with collector_paused():
        assert not gc.isenabled()
        kept = _many()
    assert gc.isenabled()
    assert gc.get_freeze_count() > len(kept)


def test_a_small_pause_freezes_nothing_and_unfreezes_what_a_large_one_froze():
    with collector_paused():
        kept = _many()
    with collector_paused():
        assert gc.get_freeze_count() == 0
    assert gc.get_freeze_count() == 0
    assert gc.isenabled()
    assert kept


def test_garbage_frozen_by_one_large_pause_is_collected_by_the_next():
    node = _Node()
    gone = weakref.ref(node)
    with collector_paused():
        kept = _many()
    del node  # garbage now, but frozen
    assert gone() is not None
    with collector_paused():
        more = _many()
    assert gone() is None
    assert kept and more


def test_a_collector_the_caller_turned_off_stays_off():
    gc.disable()
    with collector_paused():
        _many()
    assert not gc.isenabled()
    assert gc.get_freeze_count() == 0

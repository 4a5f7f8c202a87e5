"""Pausing the cycle collector (domain.gc_pause): paused inside, restored after, however the block ends."""

from __future__ import annotations

import gc

import pytest

from annotator.domain.gc_pause import gc_paused


@pytest.fixture(autouse=True)
def _collector_restored():
    enabled = gc.isenabled()
    yield
    gc.unfreeze()
    if enabled:
        gc.enable()
    else:
        gc.disable()


def test_paused_inside_and_running_after():
    gc.enable()
    with gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_nested_blocks_keep_it_paused_until_the_outermost_ends():
    gc.enable()
    with gc_paused():
        with gc_paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off():
    gc.disable()
    with gc_paused():
        pass
    assert not gc.isenabled()


def test_restored_when_the_block_raises():
    gc.enable()
    with pytest.raises(ValueError), gc_paused():
        raise ValueError("boom")
    assert gc.isenabled()


def test_freeze_keeps_what_lives_on_out_of_later_collections():
    gc.enable()
    gc.unfreeze()
    with gc_paused(freeze=True):
        kept = [[n] for n in range(1000)]
    assert gc.get_freeze_count() >= len(kept)
    assert gc.isenabled()


def test_no_freeze_unless_asked():
    gc.enable()
    gc.unfreeze()
    with gc_paused():
        made = [[n] for n in range(1000)]
    assert gc.get_freeze_count() == 0 and made

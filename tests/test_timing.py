"""Stage times: a nested stage pauses the one around it."""

from __future__ import annotations

import pytest

from onrecord import timing
from onrecord.timing import StageTimes


@pytest.fixture
def ticking(monkeypatch):
    """A clock that advances one second each time it is read."""
    now = iter(range(1000))
    monkeypatch.setattr(timing.time, "perf_counter", lambda: float(next(now)))


def test_a_nested_stage_is_not_counted_in_the_outer_one(ticking):
    clock = StageTimes()
    with clock.stage("parse"):  # reads 0
        with clock.stage("checks"):  # reads 1: parse +1
            pass  # exit reads 2: checks +1
        pass  # exit reads 3: parse +1
    assert dict(clock.seconds) == {"parse": 2.0, "checks": 1.0}
    assert clock.total() == 3.0


def test_stages_add_up_over_repeated_entries(ticking):
    clock = StageTimes()
    for _ in range(3):
        with clock.stage("model"):
            pass
    assert clock.seconds["model"] == 3.0


def test_a_stage_that_raises_still_counts(ticking):
    clock = StageTimes()
    with pytest.raises(ValueError), clock.stage("sources"):
        raise ValueError
    assert clock.seconds["sources"] == 1.0

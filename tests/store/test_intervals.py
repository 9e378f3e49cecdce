"""The Wilson interval against the values published by Newcombe (1998), Statistics in Medicine 17:857, table I."""

from __future__ import annotations

import pytest

from onrecord.store.intervals import wilson


@pytest.mark.parametrize(("successes", "n", "low", "high"), [
    (81, 263, 0.2553, 0.3662),
    (15, 148, 0.0624, 0.1605),
    (0, 20, 0.0, 0.1611),
    (1, 29, 0.0061, 0.1718),
])
def test_wilson_matches_published_intervals(successes, n, low, high):
    got = wilson(successes, n)
    assert got == (pytest.approx(low, abs=5e-5), pytest.approx(high, abs=5e-5))


def test_all_successes_mirror_none():
    low, high = wilson(0, 12)
    assert wilson(12, 12) == (pytest.approx(1 - high), pytest.approx(1 - low))
    assert high < 1 and low == 0.0


def test_a_small_sample_gives_a_wide_interval_and_a_large_one_a_narrow_one():
    small_low, small_high = wilson(1, 3)
    large_low, large_high = wilson(100, 300)
    assert small_high - small_low > 0.7
    assert large_high - large_low < 0.11
    assert small_low < 1 / 3 < small_high and large_low < 1 / 3 < large_high


def test_no_observations_give_no_interval_and_impossible_counts_are_refused():
    assert wilson(0, 0) == (None, None)
    with pytest.raises(ValueError):
        wilson(4, 3)

"""95% Wilson score intervals for the shares the corpus reports.

A share from a handful of quotes (1 anonymous of 3) is not a finding; its
interval says so. Wilson's interval stays inside [0, 1] and keeps a sensible
width near 0 and 1 and for small n, where the textbook normal interval fails.
"""

from __future__ import annotations

from math import sqrt

Z_95 = 1.959963984540054  # the standard normal quantile for a two-sided 95% interval


def wilson(successes: int, n: int, z: float = Z_95) -> tuple[float, float] | tuple[None, None]:
    """The Wilson score interval (low, high) for ``successes`` out of ``n``; ``(None, None)`` when n is 0."""
    if n <= 0:
        return None, None
    if not 0 <= successes <= n:
        raise ValueError(f"successes must be between 0 and n ({successes} of {n})")
    share = successes / n
    z2 = z * z
    denominator = 1 + z2 / n
    centre = (share + z2 / (2 * n)) / denominator
    half = z * sqrt(share * (1 - share) / n + z2 / (4 * n * n)) / denominator
    # At 0 of n (n of n) the bound is exactly 0 (1); rounding would leave 1e-17 behind.
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == n else min(1.0, centre + half)
    return low, high

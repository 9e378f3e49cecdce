"""Linear time and bounded memory on text dense with quotations (benchmarks/doubling.py).

Each doubling from 50 to 400 KB may cost at most 2.2x the CPU time and the memory the
article adds may at most double (with the same slack); a 2 MB article must complete
within the bounds below. Timing is noisy on a shared machine, so a failed doubling is
measured once more before it counts.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "benchmarks" / "doubling.py"

TWO_MB_SECONDS = 180
TWO_MB_PEAK_MB = 1000
"""The 2 MB article's bounds in CI, the issue's: 180 s and 1 GB of peak RSS, models included.
Measured at the commit that set these (benchmarks/scaling.md): about 95 s and 900 MB."""


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True, timeout=3000)


def test_the_dense_text_is_dense_with_quotations():
    sys.path.insert(0, str(SCRIPT.parent))
    try:
        from doubling import dense_text
    finally:
        sys.path.remove(str(SCRIPT.parent))
    text = dense_text(20)
    assert 20_000 <= len(text) < 21_000
    assert text.count("“") >= 150


def test_the_check_flags_a_quadratic_cost():
    sys.path.insert(0, str(SCRIPT.parent))
    try:
        from doubling import problems
    finally:
        sys.path.remove(str(SCRIPT.parent))
    linear = [{"size_kb": s, "cpu_seconds": s / 10, "added_mb": s, "peak_mb": 300 + s, "seconds": s / 10}
              for s in (50, 100, 200)]
    quadratic = [dict(row, cpu_seconds=row["size_kb"] ** 2 / 1000) for row in linear]
    assert problems(linear, 2.2, None, None) == []
    assert problems(quadratic, 2.2, None, None)
    assert problems(linear, 2.2, 5, None) == ["100 KB took 10.0 s (limit 5)", "200 KB took 20.0 s (limit 5)"]


@pytest.mark.slow
def test_each_doubling_from_50_to_400_kb_costs_at_most_2_2_times():
    done = _run("--sizes", "50", "100", "200", "400", "--check")
    if done.returncode != 0:  # timing noise: one more measurement before it counts
        done = _run("--sizes", "50", "100", "200", "400", "--check")
    assert done.returncode == 0, done.stderr[-3000:]
    rows = json.loads(done.stdout)
    assert [row["size_kb"] for row in rows] == [50, 100, 200, 400]
    assert rows[-1]["quotes"] > 6000


@pytest.mark.slow
def test_a_2mb_article_completes_within_its_bounds():
    done = _run("--sizes", "2000", "--max-seconds", str(TWO_MB_SECONDS), "--max-peak-mb", str(TWO_MB_PEAK_MB),
                "--check")
    assert done.returncode == 0, done.stderr[-3000:]
    (row,) = json.loads(done.stdout)
    assert row["chars"] >= 2_000_000
    assert row["quotes"] > 30_000

"""The attribution tests fail when attribution finds nothing (``scripts/stub_check.py``).

A test that passes with the attribution stage swapped for one that returns
nothing does not test attribution; the script runs the attribution, speaker,
sourcing, golden and record tests so, and requires 95% of them to fail.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_the_attribution_tests_fail_without_attribution():
    run = subprocess.run([sys.executable, str(ROOT / "scripts" / "stub_check.py")], cwd=ROOT,
                         capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stdout + run.stderr

"""Test sentences are our own: no string in tests/ shares a run of 8 words with PolNeAR train or dev.

``scripts/check_test_sentences.py`` does the finding; this runs it. PolNeAR lives
outside the repository (../shared/data/polnear); in CI its absence is a failure,
not a skip, so the check cannot silently disappear.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
POLNEAR = ROOT.parent / "shared" / "data" / "polnear"


def test_no_test_string_shares_eight_words_with_polnear():
    if not all((POLNEAR / part / "text").is_dir() for part in ("train", "dev")):
        if os.environ.get("CI"):
            pytest.fail(f"PolNeAR train and dev not found under {POLNEAR}: the sentence check cannot run")
        pytest.skip(f"PolNeAR train and dev not found under {POLNEAR}")
    run = subprocess.run([sys.executable, str(ROOT / "scripts" / "check_test_sentences.py"), "--polnear", str(POLNEAR)],
                         capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stdout + run.stderr

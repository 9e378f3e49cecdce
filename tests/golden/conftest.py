"""The founding sample, analyzed once for the golden tests of this folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from onrecord import analyze
from onrecord.records import Article

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "examples" / "russians-fighting-for-ukraine.txt"


@pytest.fixture(scope="session")
def article() -> Article:
    return analyze(SAMPLE.read_text(encoding="utf-8"), id=SAMPLE.stem)

"""The quality gate: onrecord eval on PolNeAR dev must meet the floors in quality/floors.json.

Floors only move up. The corpus lives outside the repository
(../shared/data/polnear/dev, or ONRECORD_POLNEAR_DEV); in CI its absence is
a failure, not a skip, so the gate cannot silently disappear.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from onrecord.evaluation import attributions_from_article, load_gold, score
from onrecord.ingest import RawArticle
from onrecord.pipeline import analyze_many

ROOT = Path(__file__).resolve().parents[1]
FLOORS = json.loads((ROOT / "quality" / "floors.json").read_text(encoding="utf-8"))
DEV = Path(os.environ.get("ONRECORD_POLNEAR_DEV", ROOT.parent / "shared" / "data" / "polnear" / "dev"))


@pytest.fixture(scope="module")
def dev_result():
    if not DEV.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"PolNeAR dev not found at {DEV}: the quality gate cannot run")
        pytest.skip(f"PolNeAR dev not found at {DEV}")
    gold = load_gold(DEV)
    articles = analyze_many(RawArticle(id=d.name, text=d.text) for d in gold)
    return score([(d, attributions_from_article(a)) for d, a in zip(gold, articles)])


@pytest.mark.slow
def test_attribution_f1_meets_its_floor(dev_result):
    assert dev_result.attribution.f1 >= FLOORS["attribution_f1"]


@pytest.mark.slow
def test_content_f1_meets_its_floor(dev_result):
    assert dev_result.content.f1 >= FLOORS["content_f1"]


@pytest.mark.slow
def test_direct_recall_meets_its_floor(dev_result):
    assert dev_result.direct_recall >= FLOORS["direct_recall"]


@pytest.mark.slow
def test_exact_f1_meets_its_floor(dev_result):
    assert dev_result.exact.f1 >= FLOORS["exact_f1"]

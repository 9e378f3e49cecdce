"""The quality gate: onrecord on PolNeAR train and dev together must not be worse than the
committed reference (quality/reference.json) beyond noise.

The rule: for each gated figure (content, attribution, exact and cue F1, direct
recall, speaker accuracy) a paired bootstrap over the 923 documents (1000 resamples, fixed seed)
gives a 95% interval of (now - reference); the gate fails when the whole
interval lies below zero. A change that trades gains and losses passes unless
its net loss is beyond what the documents themselves make noise of; a change
that loses in many documents and gains in none fails even when small.

When a change that moves figures is accepted, regenerate the reference
(benchmarks/quality.md says how). The corpus lives outside the repository
(../shared/data/polnear, or ONRECORD_POLNEAR): in CI its absence is a
failure, not a skip, so the gate cannot silently disappear.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from onrecord.evaluation import attributions_from_article, load_gold, score
from onrecord.evaluation.bootstrap import GATED, paired_differences
from onrecord.evaluation.reference import aligned, read_reference
from onrecord.ingest import RawArticle
from onrecord.pipeline import analyze_many

ROOT = Path(__file__).resolve().parents[1]
POLNEAR = Path(os.environ.get("ONRECORD_POLNEAR", ROOT.parent / "shared" / "data" / "polnear"))
PARTS = ("train", "dev")
REFERENCE = ROOT / "quality" / "reference.json"
REFRESH = ("onrecord eval ../shared/data/polnear/train ../shared/data/polnear/dev "
           "--write-reference quality/reference.json")


@pytest.fixture(scope="module")
def differences():
    folders = [POLNEAR / part for part in PARTS]
    missing = [str(folder) for folder in folders if not folder.is_dir()]
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"PolNeAR not found at {', '.join(missing)}: the quality gate cannot run")
        pytest.skip(f"PolNeAR not found at {', '.join(missing)}")
    gold = [document for folder in folders for document in load_gold(folder)]
    articles = analyze_many(RawArticle(id=d.name, text=d.text) for d in gold)
    now = score([(d, attributions_from_article(a)) for d, a in zip(gold, articles)]).documents
    _, before = read_reference(REFERENCE)
    assert len(before) == len(now), "the reference must cover train and dev exactly: regenerate it"
    return {(d.figure, d.measure): d for d in paired_differences(now, aligned(now, before, str(REFERENCE)))}


def test_the_reference_covers_train_and_dev_and_says_how_it_was_made():
    header, documents = read_reference(REFERENCE)
    assert [Path(folder).name for folder in header["folders"]] == list(PARTS)
    assert header["command"] == REFRESH and header["commit"] != "unknown"
    assert len(documents) == 839 + 84


@pytest.mark.slow
@pytest.mark.parametrize("figure, measure", GATED, ids=[f"{f}-{m}" for f, m in GATED])
def test_not_worse_than_the_reference_beyond_noise(differences, figure, measure):
    d = differences[figure, measure]
    assert not d.worse_beyond_noise, (
        f"{figure} {measure} {d.current:.4f} against the reference's {d.reference:.4f} ({d.difference:+.4f}); "
        f"95% paired interval {d.interval.low:+.4f} to {d.interval.high:+.4f} lies below zero. "
        f"If the change is accepted anyway, refresh the reference: {REFRESH}")

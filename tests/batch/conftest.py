"""A 200-article corpus (the shortest PolNeAR train texts, else generated) and its single-process ingest."""

from __future__ import annotations

import random
import shutil
import time
from pathlib import Path

import pytest
from batch_corpus import SHARD_SIZE

from onrecord.batch import LocalRunner, ingest
from onrecord.store import Store

POLNEAR = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "polnear" / "train" / "text"
N_ARTICLES = 200

_FIRST = ["Anna", "Boris", "Carla", "David", "Elena", "Farid", "Grace", "Hugo", "Irene", "Jonas"]
_LAST = ["Petrov", "Lindqvist", "Okafor", "Moreau", "Tanaka", "Silva", "Novak", "Berg", "Costa", "Haddad"]
_TOPICS = ["the budget", "the new bridge", "the election", "the harbour", "school meals", "the strike"]


def _generated(i: int) -> str:
    rng = random.Random(i)
    a, b = rng.sample(range(10), 2)
    speaker1, speaker2 = f"{_FIRST[a]} {_LAST[a]}", f"{_FIRST[b]} {_LAST[b]}"
    topic = rng.choice(_TOPICS)
    return (
        f"Council debates {topic} (report {i})\n\n"
        f"The council met on Monday to discuss {topic}.\n\n"
        f"“We cannot wait any longer on {topic},” {speaker1} said.\n\n"
        f"{_LAST[b]} disagreed. “The numbers for {topic} do not add up,” {speaker2} told reporters.\n\n"
        f"The vote is expected next week, number {i}.\n"
    )


@pytest.fixture(scope="session")
def corpus_dir(tmp_path_factory) -> Path:
    """200 article files in one folder."""
    out = tmp_path_factory.mktemp("corpus")
    if POLNEAR.is_dir():
        files = sorted(POLNEAR.glob("*.txt"), key=lambda p: (p.stat().st_size, p.name))[:N_ARTICLES]
        for f in files:
            shutil.copy(f, out / f.name)
    else:
        for i in range(N_ARTICLES):
            (out / f"article-{i:03d}.txt").write_text(_generated(i), encoding="utf-8")
    return out


@pytest.fixture(scope="session")
def reference_db(corpus_dir, tmp_path_factory) -> Path:
    """The corpus ingested in this process, the plain single-process way."""
    path = tmp_path_factory.mktemp("reference") / "reference.duckdb"
    started = time.monotonic()
    with Store.open(path) as store:
        ingest([str(corpus_dir)], store, LocalRunner(1), shard_size=SHARD_SIZE)
    # How long the analysis takes here, for tests that must interrupt a run in its middle.
    path.with_suffix(".seconds").write_text(f"{time.monotonic() - started:.2f}")
    return path

"""Incremental corpus speakers and counts equal a full recompute: PolNeAR dev records ingested in three parts,
in every order.

The records are made once per session with ``onrecord analyze --format jsonl``
on ../shared/data/polnear/dev/text and then ingested as records (no
re-analysis). Each ingest links only its own new speakers; after all three
parts the corpus must hold exactly what one ``--rebuild-speakers`` over the
whole corpus gives: the same ``corpus_speakers`` rows and the same link for
every speaker and quote; and the counts kept at ingest (``onrecord.store.aggregates``),
added shard by shard, must equal those counted over the whole corpus at once.
"""

from __future__ import annotations

import itertools
import subprocess
import sys
from pathlib import Path

import pytest

from onrecord.batch import LocalRunner, ingest
from onrecord.store import Store, merge_speakers
from onrecord.store.aggregates import COUNT_TABLES, recount

DEV_TEXT = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "polnear" / "dev" / "text"
ONRECORD = [str(Path(sys.executable).parent / "onrecord")]


@pytest.fixture(scope="module")
def dev_parts(tmp_path_factory) -> list[Path]:
    if not DEV_TEXT.is_dir():
        pytest.fail(f"PolNeAR dev is missing at {DEV_TEXT} (../shared/data)")
    folder = tmp_path_factory.mktemp("dev-records")
    done = subprocess.run([*ONRECORD, "analyze", "--format", "jsonl", str(DEV_TEXT)],
                          capture_output=True, text=True, check=True)
    lines = done.stdout.splitlines(keepends=True)
    assert len(lines) == 84
    parts = []
    for n in range(3):
        part = folder / f"part{n}.jsonl"
        part.write_text("".join(lines[n::3]), encoding="utf-8")
        parts.append(part)
    return parts


def corpus_state(store: Store) -> tuple[list, list, list, dict]:
    corpus = store.con.execute("SELECT * FROM corpus_speakers ORDER BY id").fetchall()
    links = store.con.execute("SELECT article_id, id, corpus_speaker_id FROM speakers ORDER BY 1, 2").fetchall()
    # The quote's key and search signature too: they follow from its id and text, whatever the order of ingests.
    links += store.con.execute("SELECT 'quote', article_id, id, corpus_speaker_id, corpus_speaker_key, content_sig_a, "
                               "content_sig_b FROM quotes ORDER BY 2, 3").fetchall()
    assert all(row[4] is not None and row[5] is not None for row in links if row[0] == "quote")
    counts = store.con.execute("SELECT * FROM corpus_speaker_names ORDER BY ALL").fetchall()
    kept = {name: store.con.execute(f"SELECT * FROM {name} ORDER BY ALL").fetchall() for name in COUNT_TABLES}
    return corpus, links, counts, kept


def build(path: Path, parts: list[Path]) -> tuple[list, list, list]:
    with Store.open(path) as store:
        for part in parts:
            summary = ingest([str(part)], store, LocalRunner(1))
            assert summary.errors == 0 and summary.stored == 28
        return corpus_state(store)


@pytest.fixture(scope="module")
def full(dev_parts, tmp_path_factory) -> tuple[list, list, list]:
    with Store.open(tmp_path_factory.mktemp("full") / "corpus.duckdb") as store:
        ingest([str(p) for p in dev_parts], store, LocalRunner(1))
        merge_speakers(store, rebuild=True)
        recount(store)
        return corpus_state(store)


@pytest.mark.parametrize("order", list(itertools.permutations(range(3))))
def test_three_parts_in_any_order_equal_a_full_recompute(dev_parts, full, tmp_path, order):
    incremental = build(tmp_path / "corpus.duckdb", [dev_parts[i] for i in order])
    assert incremental[1] == full[1]
    assert incremental[0] == full[0]
    assert incremental[2] == full[2]
    for name, rows in full[3].items():
        assert incremental[3][name] == rows, name
    speaker_links = [link for link in full[1] if link[0] != "quote"]
    assert sum(row[-1] for row in full[0]) == len(speaker_links)  # every speaker is in one corpus speaker


def test_the_parts_share_corpus_speakers(dev_parts, full):
    # Not a vacuous comparison: some corpus speakers gather speakers of several parts.
    assert max(row[-1] for row in full[0]) > 20
    # Nor a vacuous count: the counts hold every quote and article, and speakers quoted in several parts.
    kept = full[3]
    assert sum(r[-2] for r in kept["corpus_quote_counts"]) > 1000
    assert sum(r[2] for r in kept["corpus_article_counts"]) == 84
    assert max(r[-2] for r in kept["corpus_speaker_counts"]) > 20


def test_an_ingest_recomputes_only_the_corpus_speakers_its_speakers_join(dev_parts, tmp_path):
    with Store.open(tmp_path / "corpus.duckdb") as store:
        ingest([str(dev_parts[0])], store, LocalRunner(1))
        before = store.article_ids()
        # Mark every row; the next ingest may rewrite only those its new speakers join.
        store.con.execute("UPDATE corpus_speakers SET n_speakers = -n_speakers")
        ingest([str(dev_parts[1])], store, LocalRunner(1))
        joined = {cid for article_id, cid in store.con.execute(
            "SELECT article_id, corpus_speaker_id FROM speakers").fetchall() if article_id not in before}
        rewritten = {r[0] for r in store.con.execute("SELECT id FROM corpus_speakers WHERE n_speakers > 0").fetchall()}
        kept = store.con.execute("SELECT count(*) FROM corpus_speakers WHERE n_speakers < 0").fetchone()[0]
    assert rewritten == joined
    assert kept > 0

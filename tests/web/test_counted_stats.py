"""The corpus page's figures from the counts kept at ingest equal those scanned from the quotes.

The corpus is the store tests' hand-built one (``tests/store/store_records.py``):
dates whole, cut to a month or a year, with a time of day, or missing, and an
article without an outlet; the filters are the page's (an outlet's whole name, ISO dates).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "store"))

from store_records import more_articles, three_articles  # noqa: E402

from onrecord.store import Store, merge_speakers, shard_tables  # noqa: E402
from onrecord.store.aggregates import are_current  # noqa: E402
from onrecord.web import data  # noqa: E402


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("counted-page") / "corpus.duckdb"
    with Store.open(path) as writer:
        writer.write_shard(shard_tables(three_articles()))
        merge_speakers(writer)
        writer.write_shard(shard_tables(more_articles()))
        merge_speakers(writer)
    with data.open_corpus(path) as reader:
        yield reader


@pytest.mark.parametrize("filters", [
    data.Filters(), data.Filters(outlet="daily planet"), data.Filters(outlet="(unknown)"),
    data.Filters(since="2023-05"), data.Filters(since="2023-05-15"), data.Filters(until="2023-06"),
    data.Filters(since="2022", until="2023-05-20"), data.Filters(outlet="Harbour Herald", since="2023-06"),
    data.Filters(search="ferry"),  # the page's search lists quotes; its figures take no search
], ids=repr)
def test_the_corpus_figures_from_the_counts_equal_those_from_the_quotes(store, filters):
    assert are_current(store)
    assert data.corpus_stats(store, filters) == data.corpus_stats(store, filters, use_counts=False)


def test_the_figures_compared_are_not_empty(store):
    stats = data.corpus_stats(store, data.Filters())
    assert stats["totals"] == {"articles": 7, "quotes": 13}
    assert stats["undated_quotes"] == 3  # the article without a date and the one with a year only
    assert [b["articles"] for b in stats["time"]["bins"]] and stats["time"]["unplaced_articles"] == 1
    assert stats["top_speakers"][0]["name"].startswith("Yevgen")

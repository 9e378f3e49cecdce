"""The per-outlet report on hand-built records: counts, shares with their n and Wilson interval, hidden outlets."""

from __future__ import annotations

import pytest
from store_records import HAS_CAVEATS, HAS_IDENTITY, NO_IDENTITY, three_articles

from onrecord.store import Store, merge_speakers, shard_tables
from onrecord.store.intervals import wilson
from onrecord.store.render import render_report
from onrecord.store.report import ALL_OUTLETS, report


@pytest.fixture
def filled(tmp_path):
    with Store.open(tmp_path / "corpus.duckdb") as store:
        store.write_shard(shard_tables(three_articles()))
        merge_speakers(store)
        yield store


def rows(store, **kwargs):
    return {r["outlet"]: r for r in report(store, **kwargs).result.dicts()}


def test_the_all_outlets_row_counts_every_article(filled):
    everything = rows(filled, min_articles=1)[ALL_OUTLETS]
    assert (everything["articles"], everything["quotes"], everything["quotes_per_article"]) == (3, 7, 2.33)
    assert everything["top_speakers"].startswith("Yevgeny Prigozhin (3)")
    if HAS_CAVEATS:
        assert everything["caveats_per_article"] == 1.0


@pytest.mark.skipif(not HAS_IDENTITY, reason=NO_IDENTITY)
def test_shares_carry_their_counts_and_wilson_intervals(filled):
    planet = rows(filled, min_articles=1)["Daily Planet"]
    assert (planet["quotes"], planet["anonymous_quotes"], planet["anonymous_share"]) == (5, 1, 0.2)
    low, high = wilson(1, 5)
    assert (planet["anonymous_share_low"], planet["anonymous_share_high"]) == (low, high)
    # Per article: a2 quotes an anonymous official, a1 does not.
    assert (planet["articles"], planet["anonymous_articles"], planet["anonymous_article_share"]) == (2, 1, 0.5)
    gotham = rows(filled, min_articles=1)["Gotham Gazette"]
    assert (gotham["anonymous_articles"], gotham["anonymous_article_share"], gotham["anonymous_article_share_low"]) \
        == (0, 0.0, 0.0)
    assert (gotham["unknown_quotes"], gotham["unknown_share"]) == (1, 0.5)


def test_small_outlets_are_hidden_but_counted_in_the_total(filled):
    built = report(filled, min_articles=2)
    shown = [r["outlet"] for r in built.result.dicts()]
    assert shown == ["Daily Planet", ALL_OUTLETS]
    assert built.hidden == ["Gotham Gazette"]
    assert built.result.dicts()[-1]["articles"] == 3
    assert "1 outlet(s) with fewer than 2 articles hidden (Gotham Gazette)" in built.notes()[0]
    assert report(filled, min_articles=1).notes() == []


def test_article_filters_narrow_the_report_and_quote_filters_do_not_apply(filled):
    assert set(rows(filled, min_articles=1, outlet="gazette")) == {"Gotham Gazette", ALL_OUTLETS}
    assert rows(filled, min_articles=1, since="2023-06-01")["Daily Planet"]["articles"] == 1
    # A share counts all of an outlet's quotes: --speaker would make it meaningless, so it is dropped.
    assert rows(filled, min_articles=1, speaker="caesar")[ALL_OUTLETS]["quotes"] == 7


@pytest.mark.skipif(not HAS_IDENTITY, reason=NO_IDENTITY)
def test_the_table_shows_each_share_with_its_interval(filled):
    text = render_report(report(filled, min_articles=1))
    planet_quotes = next(line for line in text.split("Per quote")[1].splitlines() if line.startswith("Daily Planet"))
    low, high = wilson(1, 5)
    assert f"20.0 ({100 * low:.1f}-{100 * high:.1f})" in planet_quotes
    assert planet_quotes.split()[2] == "5"  # n, the outlet's quotes


def test_an_empty_corpus_gives_an_empty_report(tmp_path):
    with Store.open(tmp_path / "empty.duckdb") as store:
        built = report(store)
        assert built.result.rows == [] and built.notes() == []

"""Quotes carry their speaker's corpus speaker (``onrecord.store.quote_links``), and ``--speaker`` reads by it.

The quick path (only the matching corpus speakers' rows) must give what the
join of every quote gives, for every filter text; a corpus whose quotes are not
all linked (an ingest cut short, a corpus made before the column) takes the
join until the next ingest links them. Names are invented for these tests.
"""

from __future__ import annotations

import pytest
from store_records import article, quote, speaker, three_articles

from onrecord.store import Store, merge_speakers, shard_tables
from onrecord.store.filters import Filters
from onrecord.store.queries import quotes, speakers
from onrecord.store.quote_links import NO_SPEAKER, quotes_linked
from onrecord.store.speaker_quotes import speaker_quotes


def quick(store: Store, text: str):
    """The quick path's answer, ``None`` when it declines."""
    return speaker_quotes(store, Filters(speaker=text), None, "q.article_id, q.id")


def odd_names() -> list:
    """Speakers whose names hold what JSON escapes, and one known by two spellings."""
    return [
        article("o1", "Harbour Herald", "2024-03-01", [quote("q1", "The pier opens in May", 3, "s1"),
                                                       quote("q2", "Tolls stay as they are", 30, "s2")],
                [speaker("s1", 'Tomasz "Tom" Wrzesniak', identity="named"),
                 speaker("s2", "Ilse Vandermeer", identity="named")]),
        article("o2", "Harbour Herald", "2024-03-02", [quote("q1", "We will appeal", 3, "s1"),
                                                       quote("q2", "No comment on the ferry", 30, None)],
                [speaker("s1", "ILSE VANDERMEER", identity="named")]),
    ]


@pytest.fixture
def corpus(tmp_path):
    with Store.open(tmp_path / "corpus.duckdb") as store:
        store.write_shard(shard_tables(three_articles() + odd_names()))
        merge_speakers(store)
        yield store


def test_every_quote_carries_its_speaker_s_corpus_speaker(corpus):
    rows = corpus.con.execute(
        "SELECT q.corpus_speaker_id, s.corpus_speaker_id FROM quotes q LEFT JOIN speakers s "
        "ON s.article_id = q.article_id AND s.id = q.speaker_id").fetchall()
    assert len(rows) == 11
    assert all(mine == (theirs if theirs is not None else NO_SPEAKER) for mine, theirs in rows)
    assert sum(mine == NO_SPEAKER for mine, _ in rows) == 2  # the two quotes without a speaker
    assert quotes_linked(corpus)


@pytest.mark.parametrize("text", ["Prigozhin", "prigozhin", "Yevgény", "Lois", "vandermeer", "Tom", '"Tom"',
                                  "Wrzes", "o", "Caesar", "senior", "nobody at all", "%", "_"])
@pytest.mark.parametrize("limit", [None, 1, 2, 100])
def test_the_quick_path_gives_what_the_join_of_every_quote_gives(corpus, text, limit):
    filters = Filters(speaker=text)
    assert quotes(corpus, filters, limit=limit).rows == quotes(corpus, filters, limit=limit, use_links=False).rows


@pytest.mark.parametrize("others", [dict(outlet="harbour"), dict(since="2023-06"), dict(until="2023-05"),
                                    dict(identity="named"), dict(identity="pseudonym"), dict(search="the"),
                                    dict(key="a1"), dict(key="o2:q1")], ids=repr)
def test_the_quick_path_keeps_the_other_filters(corpus, others):
    for text in ("Prigozhin", "e", "Caesar"):
        filters = Filters.of(speaker=text, **others)
        assert quotes(corpus, filters, limit=2).rows == quotes(corpus, filters, limit=2, use_links=False).rows


def test_the_quick_path_is_taken_and_finds_quotes(corpus):
    assert quick(corpus, "Vandermeer") is not None
    found = quotes(corpus, Filters(speaker="Vandermeer")).dicts()
    assert [q["content"] for q in found] == ["Tolls stay as they are", "We will appeal"]
    assert {q["speaker"] for q in found} == {"Ilse Vandermeer"}


def test_a_text_json_escapes_takes_the_join_and_still_finds_the_speaker(corpus):
    # The twin of the test above: in the JSON list of names the quote mark is written \", so the quick path
    # could miss the name; the join is used and finds it.
    assert quick(corpus, '"Tom"') is None
    assert [q["content"] for q in quotes(corpus, Filters(speaker='"Tom"')).dicts()] == ["The pier opens in May"]


def test_speakers_with_a_speaker_filter_read_the_same_rows(corpus):
    assert speakers(corpus, 10, Filters(speaker="Prigozhin")).rows[0][:4] == (
        "Yevgeny Prigozhin", "person", "named", 3)


def test_quotes_not_linked_yet_are_read_by_the_join_until_the_ingest_links_them(tmp_path):
    with Store.open(tmp_path / "corpus.duckdb") as store:
        store.write_shard(shard_tables(three_articles()))
        merge_speakers(store)
        store.write_shard(shard_tables(odd_names()))  # written, not linked: an ingest stopped before its last step
        assert not quotes_linked(store)
        assert quick(store, "Lois") is None
        assert [q["content"] for q in quotes(store, Filters(speaker="Lois")).dicts()] == ["The city is calm"]
        merge_speakers(store)
        assert quotes_linked(store)
        assert [q["content"] for q in quotes(store, Filters(speaker="Lois")).dicts()] == ["The city is calm"]


def test_a_corpus_made_before_the_column_gets_it_at_its_next_ingest(tmp_path):
    with Store.open(tmp_path / "corpus.duckdb") as store:
        store.write_shard(shard_tables(three_articles()))
        merge_speakers(store)
        linked = store.con.execute("SELECT article_id, id, corpus_speaker_id FROM quotes ORDER BY 1, 2").fetchall()
        store.con.execute("ALTER TABLE quotes DROP COLUMN corpus_speaker_id")
    with Store.open(tmp_path / "corpus.duckdb") as store:  # the writer adds the column, empty
        assert not quotes_linked(store)
        store.write_shard(shard_tables(odd_names()))
        merge_speakers(store)
        assert quotes_linked(store)
        again = store.con.execute("SELECT article_id, id, corpus_speaker_id FROM quotes WHERE article_id IN "
                                  "(SELECT id FROM articles WHERE site_name <> 'Harbour Herald') ORDER BY 1, 2"
                                  ).fetchall()
    assert again == linked


def test_a_rebuild_links_the_quotes_again_the_same_way(corpus):
    before = corpus.con.execute("SELECT article_id, id, corpus_speaker_id FROM quotes ORDER BY 1, 2").fetchall()
    merge_speakers(corpus, rebuild=True)
    assert corpus.con.execute("SELECT article_id, id, corpus_speaker_id FROM quotes ORDER BY 1, 2").fetchall() == before


@pytest.mark.parametrize("others", [dict(outlet="harbour"), dict(since="2023-06"), dict(until="2023-05"),
                                    dict(search="the"), dict(search="e"), dict(search="nothing like it"),
                                    dict(key="a1"), dict(key="o2:q1"), dict(search="o", outlet="a")], ids=repr)
@pytest.mark.parametrize("limit", [1, 2, 100])
def test_a_limited_query_without_a_speaker_gives_what_the_join_gives(corpus, others, limit):
    """Ordered on quotes and articles alone, then the shown quotes read with their speakers (``_limited``)."""
    filters = Filters.of(**others)
    found = quotes(corpus, filters, limit=limit).rows
    assert found == quotes(corpus, filters, limit=limit, use_links=False).rows
    assert found or others in (dict(search="nothing like it"), dict(key="a1"), dict(key="o2:q1"))  # input ids, not keys

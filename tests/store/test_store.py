"""Writes (idempotent, one transaction per shard), schema widening, queries, report, export, locking."""

from __future__ import annotations

import subprocess
import sys

import duckdb
import pytest
from store_records import HAS_CAVEATS, HAS_IDENTITY, NO_CAVEATS, NO_IDENTITY, three_articles

from onrecord.store import Store, StoreLocked, merge_speakers, shard_tables
from onrecord.store import queries
from onrecord.store.render import render
from onrecord.store.report import report
from onrecord.store.errors import NoDatabase


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path / "corpus.duckdb") as s:
        yield s


@pytest.fixture
def filled(store):
    store.write_shard(shard_tables(three_articles()))
    merge_speakers(store)
    return store


def count(store, table):
    return store.con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]


def test_writing_the_same_shard_twice_adds_nothing(store):
    tables = shard_tables(three_articles())
    assert len(store.write_shard(tables)) == 3
    assert store.write_shard(tables) == []
    assert count(store, "articles") == 3
    assert count(store, "quotes") == 7
    assert count(store, "speakers") == 6


def test_a_shard_is_written_whole_or_not_at_all(store, monkeypatch):
    original = Store._insert_from
    first, rest = three_articles()[:1], three_articles()[1:]
    store.write_shard(shard_tables(first))

    def failing(self, name, view, available):
        if name == "speakers":
            raise RuntimeError("disk full")
        return original(self, name, view, available)

    tables = shard_tables(rest)
    monkeypatch.setattr(Store, "_insert_from", failing)
    written = []
    with pytest.raises(RuntimeError):
        store.write_shard(tables, written)
    assert written == []
    assert count(store, "articles") == 1  # the shard before stays; none of the failed one's rows
    assert count(store, "quotes") == len(first[0].quotes)
    monkeypatch.setattr(Store, "_insert_from", original)
    assert len(store.write_shard(tables, written)) == 2  # the rest, later
    assert written == tables["articles"].column("id").to_pylist()
    assert count(store, "quotes") == 7


def _table_rows(store, table):
    """Every row of ``table`` but the write time, sorted: what a corpus holds whatever the order of writing."""
    columns = [c for c in store.existing_columns(table) if c != "ingested_at"]
    listed = ", ".join(f'"{c}"' for c in columns)
    return store.con.execute(f'SELECT {listed} FROM "{table}" ORDER BY ALL').fetchall()


def test_one_shard_writes_the_same_tables_as_one_article_at_a_time(tmp_path):
    articles = three_articles()
    with Store.open(tmp_path / "batched.duckdb") as batched, Store.open(tmp_path / "single.duckdb") as single:
        assert batched.write_shard(shard_tables(articles)) == shard_tables(articles)["articles"].column("id").to_pylist()
        for one in articles:
            assert len(single.write_shard(shard_tables([one]))) == 1
        for name in batched.schema.record_tables:
            assert _table_rows(batched, name.name) == _table_rows(single, name.name), name.name
        assert count(batched, "quotes") == 7


def test_a_shard_partly_stored_adds_only_its_new_articles(store):
    articles = three_articles()
    store.write_shard(shard_tables(articles[1:2]))
    assert store.write_shard(shard_tables(articles)) == [
        i for i in shard_tables(articles)["articles"].column("id").to_pylist()
        if i != shard_tables(articles[1:2])["articles"].column("id")[0].as_py()]
    assert count(store, "articles") == 3
    assert count(store, "quotes") == 7


def test_an_old_database_gains_the_columns_of_new_record_fields(tmp_path):
    path = tmp_path / "old.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE TABLE speakers (article_id VARCHAR, id VARCHAR, name VARCHAR)")
    with Store.open(path) as store:
        columns = store.existing_columns("speakers")
        assert {"kind", "aliases", "mentions", "corpus_speaker_id"} <= set(columns)
        store.write_shard(shard_tables(three_articles()))
        assert count(store, "speakers") == 6


def test_mentions_rows_carry_their_text(store):
    article = three_articles()[0]
    article.speakers[0].mentions = [(0, 2)]
    store.write_shard(shard_tables([article]))
    assert store.con.execute("SELECT speaker_id, start_offset, end_offset, text FROM mentions").fetchall() == [("s1", 0, 2, "a1")]


# -- corpus speakers -----------------------------------------------------------


def corpus_names(store) -> list[frozenset[str]]:
    rows = store.con.execute(
        "SELECT corpus_speaker_id, list(name ORDER BY name) FROM speakers GROUP BY 1"
    ).fetchall()
    return [frozenset(names) for _, names in rows]


def test_the_same_full_name_but_for_an_accent_is_one_corpus_speaker(filled):
    groups = corpus_names(filled)
    assert frozenset({"Yevgeny Prigozhin", "Yevgény Prigozhin"}) in groups


def _person_articles(names_by_outlet: list[tuple[str, str, str | None]]):
    from store_records import article, quote, speaker

    out = []
    for i, (outlet, name, identity) in enumerate(names_by_outlet):
        out.append(article(f"p{i}", outlet, "2023-01-01", [quote("q1", f"words {i}", 3, "s1")],
                           [speaker("s1", name, identity=identity)]))
    return out


def test_people_sharing_a_surname_are_not_merged(store):
    store.write_shard(shard_tables(_person_articles([
        ("A", "Joe Biden", None), ("B", "Hunter Biden", None), ("A", "Biden", None), ("B", "Biden", None),
        ("A", "George W. Bush", None), ("B", "George H. W. Bush", None), ("C", "George Bush", None),
    ])))
    merge_speakers(store)
    groups = corpus_names(store)
    assert frozenset({"Joe Biden"}) in groups and frozenset({"Hunter Biden"}) in groups
    # "Biden" alone is ambiguous: not guessed, kept per outlet.
    assert sum(1 for g in groups if g == frozenset({"Biden"})) == 2
    assert frozenset({"George W. Bush"}) in groups and frozenset({"George H. W. Bush"}) in groups
    assert frozenset({"George Bush"}) in groups


@pytest.mark.skipif(not HAS_IDENTITY, reason=NO_IDENTITY)
def test_pseudonyms_are_never_merged_across_outlets(store):
    store.write_shard(shard_tables(_person_articles([
        ("A", "Caesar", "pseudonym"), ("A", "Caesar", "pseudonym"), ("B", "Caesar", "pseudonym"),
        ("A", "a senior official", "anonymous"), ("A", "a senior official", "anonymous"),
    ])))
    merge_speakers(store)
    groups = store.con.execute(
        "SELECT count(DISTINCT corpus_speaker_id) FROM speakers WHERE name = 'Caesar'"
    ).fetchall()[0][0]
    assert groups == 2  # outlet A's Caesar (two articles) and outlet B's
    anonymous = store.con.execute(
        "SELECT count(DISTINCT corpus_speaker_id) FROM speakers WHERE name = 'a senior official'"
    ).fetchall()[0][0]
    assert anonymous == 2  # never merged


def test_merge_is_idempotent(filled):
    before = filled.con.execute("SELECT * FROM corpus_speakers ORDER BY id").fetchall()
    merge_speakers(filled)
    assert filled.con.execute("SELECT * FROM corpus_speakers ORDER BY id").fetchall() == before


# -- queries -------------------------------------------------------------------


def test_report_matches_hand_counts(filled):
    rows = {r["outlet"]: r for r in report(filled, min_articles=1).result.dicts()}
    planet, gotham = rows["Daily Planet"], rows["Gotham Gazette"]
    assert (planet["articles"], planet["quotes"], planet["quotes_per_article"]) == (2, 5, 2.5)
    assert (gotham["articles"], gotham["quotes"], gotham["quotes_per_article"]) == (1, 2, 2.0)
    assert planet["top_speakers"].startswith("Yevgeny Prigozhin (2)")
    assert gotham["top_speakers"] == "Yevgeny Prigozhin (1)"
    if HAS_IDENTITY:
        assert (planet["named_share"], planet["pseudonym_share"], planet["anonymous_share"]) == (0.6, 0.2, 0.2)
        assert (gotham["named_share"], gotham["pseudonym_share"], gotham["anonymous_share"]) == (0.5, 0.0, 0.0)
    if HAS_CAVEATS:
        assert (planet["caveats_per_article"], gotham["caveats_per_article"]) == (1.5, 0.0)


@pytest.mark.skipif(not HAS_IDENTITY, reason=NO_IDENTITY)
def test_report_identity_shares_need_identity(filled):
    rows = {r["outlet"]: r for r in report(filled, min_articles=1).result.dicts()}
    assert rows["Daily Planet"]["named_share"] == 0.6


@pytest.mark.skipif(not HAS_CAVEATS, reason=NO_CAVEATS)
def test_report_caveats_per_article(filled):
    rows = {r["outlet"]: r for r in report(filled, min_articles=1).result.dicts()}
    assert rows["Daily Planet"]["caveats_per_article"] == 1.5


def test_report_non_responses_by_outlet(filled):
    rows = {r["outlet"]: r for r in report(filled, min_articles=1).result.dicts()}
    planet, gotham, every = rows["Daily Planet"], rows["Gotham Gazette"], rows["(all outlets)"]
    assert (planet["non_responses"], planet["non_responses_by_kind"]) == (3, "declined 2, no-response 1")
    assert (gotham["non_responses"], gotham["non_responses_by_kind"]) == (0, "")
    assert (every["non_responses"], every["non_responses_by_kind"]) == (3, "declined 2, no-response 1")


def test_report_reasons_by_category(filled):
    """The Daily Planet's two unnamed sources give their reasons (safety, not-authorized); the
    Gazette's speakers are all named."""
    rows = {r["outlet"]: r for r in report(filled, min_articles=1).result.dicts()}
    planet, gotham, every = rows["Daily Planet"], rows["Gotham Gazette"], rows["(all outlets)"]
    assert (planet["anonymity_reasons"], planet["anonymity_reasons_by_category"]) == (2, "not-authorized 1, safety 1")
    assert (gotham["anonymity_reasons"], gotham["anonymity_reasons_by_category"]) == (0, "")
    assert every["anonymity_reasons_by_category"] == "not-authorized 1, safety 1"


@pytest.mark.skipif(not HAS_IDENTITY, reason=NO_IDENTITY)
def test_report_unnamed_share_counts_persons_only(filled):
    """Anonymous and pseudonymous persons are unnamed; the hand-made records hold one of each in
    the Daily Planet's five quotes, none in the Gazette's two."""
    rows = {r["outlet"]: r for r in report(filled, min_articles=1).result.dicts()}
    assert rows["Daily Planet"]["unnamed_quotes"] == 2
    assert rows["Daily Planet"]["unnamed_share"] == 0.4
    assert rows["Gotham Gazette"]["unnamed_quotes"] == 0


def test_non_responses_table_holds_each_record(filled):
    rows = filled.con.execute(
        "SELECT a.input_id, r.id, r.kind, r.speaker_id FROM non_responses r JOIN articles a ON a.id = r.article_id "
        "ORDER BY 1, 2").fetchall()
    assert rows == [("a1", "n1", "declined", "s1"), ("a1", "n2", "no-response", None), ("a2", "n1", "declined", "s2")]


def test_quotes_filters(filled):
    def contents(**filters):
        return sorted(r["content"] for r in queries.quotes(filled, **filters).dicts())

    assert contents(speaker="prigozhin") == ["The march is over", "Wagner will go on", "We are leaving Bakhmut"]
    assert contents(outlet="gotham gazette") == ["Nobody knows where he is", "Wagner will go on"]
    assert contents(since="2023-06-01") == ["Nobody knows where he is", "Talks are under way",
                                            "The march is over", "Wagner will go on"]
    assert contents(until="2023-05") == ["I came to fight", "The city is calm", "We are leaving Bakhmut"]
    assert contents(search="BAKHMUT") == ["We are leaving Bakhmut"]
    if HAS_IDENTITY:
        assert contents(identity="pseudonym") == ["I came to fight"]
        assert contents(identity="unknown") == ["Nobody knows where he is"]


def test_filter_text_is_literal_not_a_like_pattern(filled):
    def contents(**filters):
        return sorted(r["content"] for r in queries.quotes(filled, **filters).dicts())

    assert contents(outlet="%") == [] and contents(outlet="gotham_gazette") == []
    assert contents(search="%") == [] and contents(search="leaving_Bakhmut") == []
    assert contents(speaker="_") == [] and contents(speaker="\\") == []
    assert contents(search="leaving bakhmut") == ["We are leaving Bakhmut"]


def test_speakers_top(filled):
    top = queries.speakers(filled, top=2).dicts()
    assert top[0]["speaker"] == "Yevgeny Prigozhin"
    assert (top[0]["quotes"], top[0]["articles"], top[0]["outlets"]) == (3, 3, 2)
    assert len(top) == 2


def test_render_formats(filled):
    result = queries.speakers(filled, top=1)
    assert '"speaker": "Yevgeny Prigozhin"' in render(result, "json")
    assert render(result, "csv").splitlines()[0].startswith("speaker,kind,identity,quotes")
    table = render(result, "table").splitlines()
    assert table[0].startswith("speaker") and table[2].startswith("Yevgeny Prigozhin")


@pytest.mark.parametrize("fmt", ["parquet", "csv", "jsonl"])
def test_export_writes_every_table(filled, tmp_path, fmt):
    files = queries.export(filled, tmp_path / "out", fmt)
    names = {f.name for f in files}
    assert {f"articles.{fmt}", f"quotes.{fmt}", f"speakers.{fmt}", f"corpus_speakers.{fmt}"} <= names
    if fmt == "parquet":
        import pyarrow.parquet as pq

        assert pq.read_table(tmp_path / "out" / "quotes.parquet").num_rows == 7
    elif fmt == "jsonl":
        assert len((tmp_path / "out" / "quotes.jsonl").read_text().splitlines()) == 7


# -- concurrency ---------------------------------------------------------------


def test_readers_share_a_database_but_not_with_a_writer(tmp_path):
    path = tmp_path / "c.duckdb"
    with Store.open(path) as s:
        s.write_shard(shard_tables(three_articles()))
    with Store.open(path, read_only=True) as r1, Store.open(path, read_only=True) as r2:
        assert count(r1, "articles") == count(r2, "articles") == 3
    writer = subprocess.Popen(
        [sys.executable, "-c", f"import duckdb, sys, time; c = duckdb.connect({str(path)!r}); print('ok', flush=True); "
         "sys.stdin.read()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert writer.stdout.readline().strip() == "ok"
        with pytest.raises(StoreLocked, match="E401"):
            Store.open(path, read_only=True)
    finally:
        writer.communicate("")


def test_querying_a_missing_database_says_so(tmp_path):
    with pytest.raises(NoDatabase, match="E402"):
        Store.open(tmp_path / "none.duckdb", read_only=True)

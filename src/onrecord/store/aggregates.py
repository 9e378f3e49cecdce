"""Counts kept at ingest, so that ``report``, the corpus page and ``speakers --top`` read thousands of rows.

Without them each of those joins every quote (about 20 per article) with its
article and speaker on every call: 6 s for ``report`` at 100,000 articles and
10 s at a million (``benchmarks/corpus_scale.md``). The counts are keyed by
the article's outlet (the raw name, null when unknown) and its publication
``day`` (the first 10 characters of ``published``: every date filter of the
CLI and the web app, ``--since 2023-05-17`` as well as ``--until 2023-05``, is
then exactly a condition on ``day``); a month or a year is a ``GROUP BY`` away.

- ``corpus_quote_counts``: quotes per outlet, day and speaker identity, and how many of them
  are by a person (quotes of unnamed persons: person quotes whose identity is anonymous or pseudonym);
- ``corpus_article_counts``: articles per outlet and day, those quoting an anonymous speaker, those
  quoting an unnamed person, and their caveats;
- ``corpus_kind_counts``: non-responses by kind and unnamed sources by the reason's category;
- ``corpus_speaker_counts``: per corpus speaker, outlet and day, its quotes and the articles quoting it;
- ``corpus_speaker_totals``: per corpus speaker, its quotes in all: a bound on its quotes under any filter,
  so the top speakers are found among the few most quoted (``onrecord.store.counted.top_counted``).

Each count is a sum over articles, and an article is written once, so adding a
shard adds its own counts to the rows of its keys (``add_counts``) and the
result equals a recompute over the whole corpus whatever the order of the
shards. ``Store.write_shard`` notes its articles in ``corpus_uncounted``; the
ingest's last step, where the speakers are linked (``onrecord.store.speaker_merge``),
adds their counts and their speakers' (``count_written``); the speaker counts
are cleared with the links when those are rebuilt. ``are_current`` tells the
readers whether the counts cover the corpus (a corpus written before they
existed does not, until its next ingest fills them: ``fill_missing``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from onrecord.store.schema import Column, Table

if TYPE_CHECKING:
    from onrecord.store.db import Store

DAY = "substr(a.published, 1, 10)"
OUTLET_DAY = ("outlet", "day")
_IDENTITY = "COALESCE(s.identity, 'unknown')"
_UNNAMED = f"s.kind = 'person' AND {_IDENTITY} IN ('anonymous', 'pseudonym')"

QUOTE_COUNTS, ARTICLE_COUNTS, KIND_COUNTS, SPEAKER_COUNTS, SPEAKER_TOTALS = (
    "corpus_quote_counts", "corpus_article_counts", "corpus_kind_counts", "corpus_speaker_counts",
    "corpus_speaker_totals")
UNCOUNTED = "corpus_uncounted"


def _table(name: str, keys: list[str], counts: list[str], description: str) -> Table:
    return Table(name, [Column(k, "VARCHAR", ()) for k in keys] + [Column(c, "BIGINT", ()) for c in counts],
                 description=description)


def aggregate_tables() -> list[Table]:
    """The count tables, for ``derive_schema``."""
    return [
        _table(QUOTE_COUNTS, ["outlet", "day", "identity"], ["quotes", "person_quotes"],
               "Quotes per outlet, day (published[:10]) and speaker identity, kept at ingest."),
        _table(ARTICLE_COUNTS, ["outlet", "day"], ["articles", "anonymous_articles", "unnamed_articles", "caveats"],
               "Articles per outlet and day, those quoting an anonymous speaker or an unnamed person, caveats."),
        _table(KIND_COUNTS, ["outlet", "day", "what", "kind"], ["n"],
               "Non-responses by kind (what = non_responses) and unnamed sources by reason (anonymity_reasons)."),
        _table(SPEAKER_COUNTS, ["corpus_speaker_id", "outlet", "day"], ["quotes", "articles"],
               "Per corpus speaker, outlet and day: its quotes and the articles quoting it."),
        _table(SPEAKER_TOTALS, ["corpus_speaker_id"], ["quotes"],
               "Per corpus speaker: its quotes in all (the sum of its corpus_speaker_counts rows)."),
        # ``id``, not ``article_id``: bookkeeping of the corpus, not rows of an article (an export writes it
        # whole, not partitioned by the article's outlet and year).
        _table(UNCOUNTED, ["id"], [], "Ids of articles written but not counted yet: the ingest's last step counts "
               "them (empty after every finished ingest)."),
    ]


def _layout(store: Store, name: str) -> tuple[list[str], list[str]]:
    table = store.schema[name]
    return ([c.name for c in table.columns if c.sql_type == "VARCHAR"],
            [c.name for c in table.columns if c.sql_type == "BIGINT"])


def add_counts(store: Store, name: str, new_sql: str) -> None:
    """Add the rows of ``new_sql`` (keys and counts of the table ``name``, in its order) to that table.

    One ``MERGE``: the rows of the keys it touches get its counts added, keys
    not there yet are inserted, the others are not written. Keys may be null (an
    unknown outlet or date). A merge reads the table once; the sum, delete and
    insert it replaces read it twice (0.40 s against 0.21 s for 20,000 keys of
    the 4.8 million speaker count rows at a million articles).
    """
    keys, counts = _layout(store, name)
    con = store.con
    sums = ", ".join(f"sum({c})::BIGINT AS {c}" for c in counts)
    con.execute(f"CREATE OR REPLACE TEMP TABLE _counts_added AS SELECT {', '.join(keys)}, {sums} "
                f"FROM ({new_sql}) GROUP BY {', '.join(keys)}")
    same = " AND ".join(f"t.{k} IS NOT DISTINCT FROM n.{k}" for k in keys)
    added = ", ".join(f"{c} = t.{c} + n.{c}" for c in counts)
    listed = keys + counts
    con.execute(f"MERGE INTO {name} t USING _counts_added n ON ({same}) WHEN MATCHED THEN UPDATE SET {added} "
                f"WHEN NOT MATCHED THEN INSERT ({', '.join(listed)}) VALUES ({', '.join('n.' + c for c in listed)})")
    con.execute("DROP TABLE _counts_added")


def _written(store: Store, table: str, column: str | None = None) -> bool:
    """Whether a writer's corpus has the table (and column): its schema is the derived one, no query needed."""
    found = store.schema.tables.get(table)
    return found is not None and (column is None or column in found.column_names)


UNLINKED_ONLY = "corpus_speaker_id IS NULL"
"""The rows an ingest has just written: ``write_shard`` leaves ``corpus_speaker_id`` null on speakers and quotes and
only ``speaker_merge.link_speakers`` fills it, after counting them, in one transaction. As a filter it lets DuckDB
skip every older row group by its null statistics, so counting 1,000 new articles never reads the 20 million
quotes of a million-article corpus (``benchmarks/corpus_scale.md``)."""


def _select_new_rows(store: Store, articles: str, unlinked: bool) -> None:
    """Temp tables ``_count_articles`` (id, outlet, day), ``_count_quotes`` and ``_count_speakers`` of the articles
    ``articles`` selects; with ``unlinked``, their speakers and quotes are looked for among unlinked rows only."""
    con = store.con
    only = f"{UNLINKED_ONLY} AND " if unlinked else ""
    con.execute(f"CREATE OR REPLACE TEMP TABLE _count_articles AS {articles_sql(store)} WHERE a.id IN ({articles})")
    con.execute("CREATE OR REPLACE TEMP TABLE _count_quotes AS SELECT article_id, speaker_id FROM quotes "
                f"WHERE {only}article_id IN (SELECT id FROM _count_articles)")
    con.execute("CREATE OR REPLACE TEMP TABLE _count_speakers AS SELECT * FROM speakers "
                f"WHERE {only}article_id IN (SELECT id FROM _count_articles)")


_SPEAKER_OF_QUOTE = "LEFT JOIN _count_speakers s ON s.article_id = q.article_id AND s.id = q.speaker_id"


def add_article_counts(store: Store, articles: str, unlinked: bool = False) -> None:
    """Add the counts of the articles whose ids ``articles`` (SQL giving a column ``id``) selects (a writer).

    Their rows are read once into small temp tables (``_select_new_rows``) and
    counted from there; ``unlinked`` says they were just written (see
    ``UNLINKED_ONLY``), so only the new row groups of quotes and speakers are read.
    """
    _select_new_rows(store, articles, unlinked)
    add_counts(store, QUOTE_COUNTS, (
        f"SELECT a.outlet, a.day, {_IDENTITY} AS identity, count(*) AS quotes, "
        "count(*) FILTER (WHERE s.kind = 'person') AS person_quotes "
        f"FROM _count_quotes q JOIN _count_articles a ON a.id = q.article_id {_SPEAKER_OF_QUOTE} GROUP BY ALL"))
    caveats = "COALESCE(c.n, 0)" if _written(store, "caveats") else "0"
    caveat_join = ("LEFT JOIN (SELECT article_id, count(*) AS n FROM caveats WHERE article_id IN "
                   "(SELECT id FROM _count_articles) GROUP BY 1) c ON c.article_id = a.id"
                   if _written(store, "caveats") else "")
    add_counts(store, ARTICLE_COUNTS, (
        "SELECT a.outlet, a.day, count(*) AS articles, "
        "count(*) FILTER (WHERE q.anonymous > 0) AS anonymous_articles, "
        f"count(*) FILTER (WHERE q.unnamed > 0) AS unnamed_articles, sum({caveats}) AS caveats "
        f"FROM _count_articles a LEFT JOIN (SELECT q.article_id, count(*) FILTER (WHERE {_IDENTITY} = 'anonymous') "
        f"AS anonymous, count(*) FILTER (WHERE {_UNNAMED}) AS unnamed FROM _count_quotes q {_SPEAKER_OF_QUOTE} "
        f"GROUP BY 1) q ON q.article_id = a.id {caveat_join} GROUP BY ALL"))
    kinds = []
    if _written(store, "non_responses"):
        kinds.append("SELECT a.outlet, a.day, 'non_responses' AS what, i.kind, count(*) AS n "
                     "FROM non_responses i JOIN _count_articles a ON a.id = i.article_id GROUP BY ALL")
    if _written(store, "speakers", "anonymity_reason_category"):
        kinds.append("SELECT a.outlet, a.day, 'anonymity_reasons' AS what, "
                     "s.anonymity_reason_category AS kind, count(*) AS n FROM _count_speakers s "
                     "JOIN _count_articles a ON a.id = s.article_id "
                     "WHERE s.anonymity_reason_category IS NOT NULL GROUP BY ALL")
    if kinds:
        add_counts(store, KIND_COUNTS, " UNION ALL ".join(kinds))
    for name in ("_count_articles", "_count_quotes", "_count_speakers"):
        store.con.execute(f"DROP TABLE {name}")


def articles_sql(store: Store) -> str:
    """Every article's ``id``, ``outlet`` and ``day``, the keys of the count tables."""
    return f"SELECT a.id, {store.outlet_sql('a')} AS outlet, {DAY} AS day FROM articles a"


def add_speaker_counts(store: Store, linked: str, unlinked: bool = False, articles: str | None = None) -> None:
    """Add the quotes of the speakers ``linked`` gives (``article_id``, ``speaker_id``, ``corpus_speaker_id``),
    per outlet and day and in all. ``unlinked``: those speakers' quotes are not linked yet (``UNLINKED_ONLY``),
    so only the quotes' new row groups are read. ``articles`` (``id``, ``outlet``, ``day``: ``articles_sql``)
    may be narrowed to their articles, so that the join does not read every article."""
    only = f"{UNLINKED_ONLY} AND " if unlinked else ""
    store.con.execute(f"CREATE OR REPLACE TEMP TABLE _speakers_counted AS {linked}")
    store.con.execute(
        "CREATE OR REPLACE TEMP TABLE _speaker_counts_added AS "
        "SELECT n.corpus_speaker_id, a.outlet, a.day, count(*) AS quotes, "
        "count(DISTINCT q.article_id) AS articles FROM _speakers_counted n "
        "JOIN (SELECT article_id, speaker_id FROM quotes "
        f"WHERE {only}article_id IN (SELECT article_id FROM _speakers_counted)) q "
        "ON q.article_id = n.article_id AND q.speaker_id = n.speaker_id "
        f"JOIN ({articles or articles_sql(store)}) a ON a.id = n.article_id GROUP BY ALL")
    add_counts(store, SPEAKER_COUNTS, "SELECT * FROM _speaker_counts_added")
    add_counts(store, SPEAKER_TOTALS, "SELECT corpus_speaker_id, sum(quotes)::BIGINT AS quotes "
                                      "FROM _speaker_counts_added GROUP BY 1")
    store.con.execute("DROP TABLE _speaker_counts_added")
    store.con.execute("DROP TABLE _speakers_counted")


def _one(store: Store, sql: str):
    return store.con.execute(sql).fetchall()[0][0]


def articles_counted(store: Store) -> bool:
    """Whether the outlet counts cover every article and quote of the corpus (two sums, two row counts)."""
    if not all(store.has_table(t) for t in (QUOTE_COUNTS, ARTICLE_COUNTS, KIND_COUNTS)):
        return False
    return bool(_one(store, f"SELECT (SELECT COALESCE(sum(articles), 0) FROM {ARTICLE_COUNTS}) = "
                            f"(SELECT count(*) FROM articles) AND (SELECT COALESCE(sum(quotes), 0) "
                            f"FROM {QUOTE_COUNTS}) = (SELECT count(*) FROM quotes)"))


def speakers_counted(store: Store) -> bool:
    """Whether the speaker counts are there for a corpus whose speakers are linked, their totals with them."""
    if not store.has_table(SPEAKER_COUNTS) or not store.has_table(SPEAKER_TOTALS):
        return False
    if _one(store, f"SELECT EXISTS (SELECT 1 FROM {SPEAKER_COUNTS})"):
        return bool(_one(store, f"SELECT (SELECT sum(quotes) FROM {SPEAKER_COUNTS}) IS NOT DISTINCT FROM "
                                f"(SELECT sum(quotes) FROM {SPEAKER_TOTALS})"))
    return not _one(store, "SELECT EXISTS (SELECT 1 FROM speakers s JOIN quotes q ON q.article_id = s.article_id "
                           "AND q.speaker_id = s.id WHERE s.corpus_speaker_id IS NOT NULL)")


def all_linked(store: Store) -> bool:
    """Whether every speaker has its corpus speaker: an ingest stopped before its last step leaves some without,
    and those are counted only when the next ingest links them."""
    return not _one(store, "SELECT EXISTS (SELECT 1 FROM speakers WHERE corpus_speaker_id IS NULL)")


def are_current(store: Store) -> bool:
    """Whether readers may answer from the counts instead of the quotes."""
    with store.coded_errors("cannot be queried"):
        return articles_counted(store) and speakers_counted(store) and all_linked(store)


COUNT_TABLES = (QUOTE_COUNTS, ARTICLE_COUNTS, KIND_COUNTS, SPEAKER_COUNTS, SPEAKER_TOTALS)


def recount(store: Store) -> None:
    """Clear every count and count the whole corpus again, in one transaction (the reference the tests
    compare the incremental counts with)."""
    con = store.con
    con.begin()
    try:
        for name in COUNT_TABLES:
            con.execute(f"DELETE FROM {name}")
        fill_missing(store)
        con.commit()
    except BaseException:
        store.rollback()
        raise


def count_written(store: Store) -> None:
    """Add the counts of the articles written since the last count (``corpus_uncounted``), then those of
    anything else missing (``fill_missing``). In the caller's transaction: the ingest's last step.

    Counting once per ingest, not per shard: merging into the count tables reads
    their touched rows, some 200 ms a shard at 100k articles, 28 ms an article in
    the analysis ingest's shards of 8.
    """
    add_article_counts(store, f"SELECT id FROM {UNCOUNTED}", unlinked=True)
    store.con.execute(f"DELETE FROM {UNCOUNTED}")
    fill_missing(store)


def fill_missing(store: Store) -> None:
    """Recount the whole corpus when its counts do not cover it (written before they existed). In the caller's
    transaction."""
    if not articles_counted(store):
        for name in (QUOTE_COUNTS, ARTICLE_COUNTS, KIND_COUNTS, UNCOUNTED):  # every article is counted below
            store.con.execute(f"DELETE FROM {name}")
        add_article_counts(store, "SELECT id FROM articles")
    if not speakers_counted(store):
        store.con.execute(f"DELETE FROM {SPEAKER_COUNTS}")
        store.con.execute(f"DELETE FROM {SPEAKER_TOTALS}")
        add_speaker_counts(store, "SELECT article_id, id AS speaker_id, corpus_speaker_id FROM speakers "
                                  "WHERE corpus_speaker_id IS NOT NULL")

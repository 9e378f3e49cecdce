"""Each quote carries its speaker's corpus speaker (``quotes.corpus_speaker_id``), kept by the speaker merge.

Why: one person's quotes (``quotes --speaker``, the web app's speaker page)
were found by joining every quote with every speaker, 20 million quotes and
7.5 million speakers at a million articles: 5.7 s at p95. With the corpus
speaker on the quote row, DuckDB filters the quotes table as it scans it and
reads the text of the matching rows only (``benchmarks/corpus_scale.md``).

The column holds, for every quote, the ``corpus_speaker_id`` of its speaker
(``speakers`` row ``(article_id, speaker_id)``), or ``NO_SPEAKER`` ('') when
the quote has no such speaker. It is null only between an article's write and
the ingest's last step that links its speakers (``speaker_merge.link_speakers``
calls ``link_quotes`` there). Readers take the quick path only when no quote
is null (``quotes_linked``), so an ingest cut short never gives a wrong answer,
only a slower one.
"""

from __future__ import annotations

from onrecord.store.db import Store

KEY = "corpus_speaker_key"
"""``quotes.corpus_speaker_key``: a 60-bit integer made from ``corpus_speaker_id`` by ``key_sql``. Filtering
20 million quotes on it took 0.3-0.7 s at a million articles against 0.45-1.35 s for the 13-character ids
(load average 6); the id is still tested on the rows the key keeps, so a collision cannot add a quote."""


def key_sql(expr: str) -> str:
    """SQL for the key of corpus speaker id ``expr``: 15 hex digits of its md5, the same in every DuckDB
    version (unlike ``hash()``), so a key written by one version is found by the next."""
    return f"('0x' || md5({expr})[1:15])::BIGINT"


NO_SPEAKER = ""
"""``quotes.corpus_speaker_id`` of a quote whose speaker is unresolved: not null, so that "not linked yet"
stays distinct and DuckDB can skip every row group without nulls when it looks for those."""


def link_quotes(store: Store, rebuild: bool) -> None:
    """Give the quotes of the speakers just linked (temp table ``_corpus_new``) their corpus speaker.

    In the caller's transaction. Only quotes whose column is null are touched:
    the ones written by this ingest (DuckDB skips the older row groups by their
    null statistics), or all of them when ``rebuild`` or in a corpus written
    before the column existed.
    """
    con = store.con
    if rebuild:
        con.execute(f"UPDATE quotes SET corpus_speaker_id = NULL, {KEY} = NULL WHERE corpus_speaker_id IS NOT NULL")
    con.execute(
        f"UPDATE quotes SET corpus_speaker_id = n.corpus_speaker_id, {KEY} = {key_sql('n.corpus_speaker_id')} "
        "FROM _corpus_new n "
        "WHERE quotes.corpus_speaker_id IS NULL AND quotes.article_id = n.article_id "
        "AND quotes.speaker_id = n.speaker_id"
    )
    if _unlinked_with_speaker(store):  # a corpus made before the column: its speakers were linked earlier
        con.execute(
            f"UPDATE quotes SET corpus_speaker_id = s.corpus_speaker_id, {KEY} = {key_sql('s.corpus_speaker_id')} "
            "FROM speakers s "
            "WHERE quotes.corpus_speaker_id IS NULL AND s.corpus_speaker_id IS NOT NULL "
            "AND quotes.article_id = s.article_id AND quotes.speaker_id = s.id"
        )
    con.execute(f"UPDATE quotes SET corpus_speaker_id = ?, {KEY} = {key_sql('?')} WHERE corpus_speaker_id IS NULL",
                [NO_SPEAKER, NO_SPEAKER])
    # A corpus linked before the key existed: its quotes and speakers get their key once.
    con.execute(f"UPDATE quotes SET {KEY} = {key_sql('corpus_speaker_id')} WHERE {KEY} IS NULL")
    con.execute(f"UPDATE speakers SET {KEY} = {key_sql('corpus_speaker_id')} "
                f"WHERE {KEY} IS NULL AND corpus_speaker_id IS NOT NULL")


def _unlinked_with_speaker(store: Store) -> bool:
    return store.con.execute(
        "SELECT EXISTS (SELECT 1 FROM quotes WHERE corpus_speaker_id IS NULL AND speaker_id IS NOT NULL)"
    ).fetchall()[0][0]


def quotes_linked(store: Store) -> bool:
    """Whether every quote carries its corpus speaker: the column exists (a corpus or dataset written before it
    has none) and no quote waits for an ingest's last step."""
    if not (store.has_column("quotes", "corpus_speaker_id") and store.has_column("quotes", KEY)
            and store.has_column("speakers", KEY)):
        return False
    with store.coded_errors("cannot be queried"):
        return not store.con.execute(
            "SELECT EXISTS (SELECT 1 FROM quotes WHERE corpus_speaker_id IS NULL) "
            f"OR EXISTS (SELECT 1 FROM quotes WHERE {KEY} IS NULL) "
            f"OR EXISTS (SELECT 1 FROM speakers WHERE {KEY} IS NULL)").fetchall()[0][0]

"""The corpus speaker merge as SQL run inside DuckDB: incremental, and equal to a full recompute.

Each speaker's corpus speaker follows from that speaker's own row alone (its
name, kind, identity and, for pseudonyms, its article's outlet): see the rule
in ``onrecord.store.corpus``. And a ``corpus_speakers`` row follows from how
many of its speakers carry each name, kind, identity and outlet, which
``corpus_speaker_names`` keeps. So adding articles only has to

1. give the speakers that have no ``corpus_speaker_id`` yet (the ones just
   written) their id, a hash of their merge key;
2. add them to the counts of the corpus speakers they join, and their quotes to the count tables
   (``onrecord.store.aggregates``), read while still unlinked so that only the new row groups are scanned;
3. recompute the ``corpus_speakers`` rows of those ids from their counts, and give their quotes the id too
   (``onrecord.store.quote_links``).

The cost follows the speakers added and the names of the corpus speakers they
join, never a corpus speaker's members (a much-quoted person has thousands).
Every other corpus speaker is left as it was, and the result is the one a
full recompute gives (``rebuild=True``: clear every link and count, then the
same steps). No row becomes a Python object: the work is a few SQL statements.
"""

from __future__ import annotations

from onrecord.lexicons import words
from onrecord.store.aggregates import (SPEAKER_COUNTS, SPEAKER_TOTALS, add_speaker_counts, articles_sql,
                                        count_written)
from onrecord.store.db import Store
from onrecord.store.quote_links import KEY, key_sql, link_quotes

TITLES = sorted(words("corpus_name_titles"))

# Name tokens: NFC, accents stripped, lower case, apostrophes dropped (O'Brien = OBrien),
# split on any punctuation, symbol, separator or control/format character (Al-Sayed = Al Sayed).
_TOKENS = (
    "list_filter(regexp_split_to_array(lower(strip_accents(nfc_normalize("
    "regexp_replace(coalesce(s.name, ''), '[''’ʼ`´]', '', 'g')))), '[\\s\\p{P}\\p{S}\\p{Z}\\p{C}]+'), "
    "lambda x: x <> '')"
)

# A person's leading titles (Sen., Dr) are not part of their name; an organisation's leading "the" is not either.
_NAME_TOKENS = """CASE
    WHEN kind = 'person' THEN list_filter(toks, lambda x, i: i >= coalesce(
        list_position(list_transform(toks, lambda t: list_contains($titles, t)), false), len(toks) + 1))
    WHEN kind = 'organization' AND len(toks) > 1 AND toks[1] = 'the' THEN toks[2:]
    ELSE toks END"""

_OWN = "'article|' || article_id || '|' || speaker_id"
_KEY = f"""CASE
    WHEN identity = 'anonymous' OR kind NOT IN ('person', 'organization') OR len(name_toks) = 0 THEN {_OWN}
    WHEN identity = 'pseudonym' THEN 'pseudonym|' || kind || '|' || coalesce(outlet, '') || '|'
        || array_to_string(name_toks, ' ')
    WHEN kind = 'organization' THEN 'organization|' || array_to_string(name_toks, ' ')
    WHEN len(name_toks) >= 2 THEN 'person|' || array_to_string(name_toks, ' ')
    ELSE {_OWN} END"""


def _identity_sql(store: Store) -> str:
    return "s.identity" if store.has_column("speakers", "identity") else "CAST(NULL AS VARCHAR)"


def _new_links_sql(store: Store) -> str:
    """The corpus speaker id of every speaker that has none yet, into the temp table ``_corpus_new``."""
    return f"""CREATE OR REPLACE TEMP TABLE _corpus_new AS
    WITH fresh AS (
        SELECT s.article_id, s.id AS speaker_id, s.name, s.kind, {_identity_sql(store)} AS identity,
               a.outlet, {_TOKENS} AS toks
        FROM speakers s JOIN _linking_articles a ON a.id = s.article_id
        WHERE s.corpus_speaker_id IS NULL
    ), named AS (SELECT *, {_NAME_TOKENS} AS name_toks FROM fresh)
    SELECT article_id, speaker_id, 'c' || md5({_KEY})[1:12] AS corpus_speaker_id, name, kind, identity,
           CASE WHEN identity = 'pseudonym' THEN outlet END AS outlet
    FROM named"""


_JOINED = "SELECT DISTINCT corpus_speaker_id FROM _corpus_new"

# The counts of every corpus speaker the new speakers join: what it had plus them.
_COUNTS_SQL = f"""CREATE OR REPLACE TEMP TABLE _corpus_counts AS
    SELECT corpus_speaker_id, name, kind, identity, outlet, sum(n)::BIGINT AS n
    FROM (SELECT corpus_speaker_id, name, kind, identity, outlet, n FROM corpus_speaker_names
          WHERE corpus_speaker_id IN ({_JOINED})
          UNION ALL
          SELECT corpus_speaker_id, name, kind, identity, outlet, 1 FROM _corpus_new)
    GROUP BY ALL"""

# ``corpus_speakers`` rows from those counts. The display name is the most used one; on a tie the one with
# fewer words (no title), then one not in capitals (a transcript's ``JANE DOE:``), then the one with accents,
# then the first in order. The outlet is set only when every speaker is a pseudonym of one outlet.
_ROWS_SQL = """CREATE OR REPLACE TEMP TABLE _corpus_rows AS
    WITH display AS (
        SELECT id, first(name ORDER BY n DESC, len(string_split(trim(name), ' ')), name = upper(name),
                         name = strip_accents(name), name) AS name
        FROM (SELECT corpus_speaker_id AS id, name, sum(n) AS n FROM _corpus_counts GROUP BY ALL) GROUP BY id
    ), identities AS (
        SELECT id, first(identity ORDER BY n DESC, identity) AS identity
        FROM (SELECT corpus_speaker_id AS id, identity, sum(n) AS n FROM _corpus_counts
              WHERE identity IS NOT NULL GROUP BY ALL)
        GROUP BY id
    )
    SELECT c.corpus_speaker_id AS id, any_value(d.name) AS name, min(c.kind) AS kind, any_value(i.identity) AS identity,
           CASE WHEN bool_and(c.identity = 'pseudonym') AND count(DISTINCT c.outlet) = 1 THEN min(c.outlet) END AS outlet,
           to_json(list_sort(list_distinct(list(c.name)))) AS names, sum(c.n) AS n_speakers
    FROM _corpus_counts c JOIN display d ON d.id = c.corpus_speaker_id
    LEFT JOIN identities i ON i.id = c.corpus_speaker_id
    GROUP BY c.corpus_speaker_id"""

# Written by one ``MERGE``: the touched rows updated in place, new ids inserted. Deleting the touched ids and
# inserting them again cost 0.13 s + 0.30 s at a million articles (DuckDB checks the primary key against the
# deleted keys); the merge 0.39-0.46 s (rewriting only the changed text columns did not do better: 0.49 s).
_CORPUS_COLUMNS = ("name", "kind", "identity", "outlet", "names", "n_speakers")
_MERGE_ROWS_SQL = (
    "MERGE INTO corpus_speakers t USING _corpus_rows n ON (t.id = n.id) WHEN MATCHED THEN UPDATE SET "
    + ", ".join(f"{c} = n.{c}" for c in _CORPUS_COLUMNS)
    + f" WHEN NOT MATCHED THEN INSERT (id, {', '.join(_CORPUS_COLUMNS)}) "
    + f"VALUES (n.id, {', '.join('n.' + c for c in _CORPUS_COLUMNS)})")


def _made_before_counts(store: Store) -> bool:
    """Whether the corpus has links but no counts: made by an onrecord without ``corpus_speaker_names``."""
    return store.con.execute(
        "SELECT NOT EXISTS (SELECT 1 FROM corpus_speaker_names) "
        "AND EXISTS (SELECT 1 FROM speakers WHERE corpus_speaker_id IS NOT NULL)"
    ).fetchall()[0][0]


def link_speakers(store: Store, rebuild: bool = False) -> int:
    """Link the speakers without a corpus speaker (all of them when ``rebuild``); return the corpus speaker count.

    One transaction: a failure leaves the corpus as it was before the call. A
    corpus made before the counts existed is rebuilt once (its links may also
    follow an older rule).
    """
    con = store.con
    rebuild = rebuild or _made_before_counts(store)
    con.begin()
    try:
        if rebuild:
            for table in ("speakers", "quotes"):
                con.execute(f"UPDATE {table} SET corpus_speaker_id = NULL WHERE corpus_speaker_id IS NOT NULL")
            for table in ("corpus_speakers", "corpus_speaker_names", SPEAKER_COUNTS, SPEAKER_TOTALS):
                con.execute(f"DELETE FROM {table}")
        # Counted while the new rows are still unlinked: the null link marks them (aggregates.UNLINKED_ONLY).
        count_written(store)
        # The articles of the unlinked speakers, read once: joining ``articles`` itself read all of them twice.
        con.execute(f"CREATE OR REPLACE TEMP TABLE _linking_articles AS {articles_sql(store)} "
                    "WHERE a.id IN (SELECT article_id FROM speakers WHERE corpus_speaker_id IS NULL)")
        con.execute(_new_links_sql(store), {"titles": TITLES})
        add_speaker_counts(store, "SELECT article_id, speaker_id, corpus_speaker_id FROM _corpus_new", unlinked=True,
                           articles="SELECT * FROM _linking_articles")
        con.execute(
            f"UPDATE speakers SET corpus_speaker_id = n.corpus_speaker_id, {KEY} = {key_sql('n.corpus_speaker_id')} "
            "FROM _corpus_new n "
            "WHERE speakers.corpus_speaker_id IS NULL AND speakers.article_id = n.article_id "
            "AND speakers.id = n.speaker_id"
        )
        link_quotes(store, rebuild=False)  # a rebuild cleared the quotes' links above
        con.execute(_COUNTS_SQL)
        con.execute(f"DELETE FROM corpus_speaker_names WHERE corpus_speaker_id IN ({_JOINED})")
        con.execute("INSERT INTO corpus_speaker_names (corpus_speaker_id, name, kind, identity, outlet, n) "
                    "SELECT corpus_speaker_id, name, kind, identity, outlet, n FROM _corpus_counts")
        con.execute(_ROWS_SQL)
        con.execute(_MERGE_ROWS_SQL)
        for table in ("_linking_articles", "_corpus_new", "_corpus_counts", "_corpus_rows"):
            con.execute(f"DROP TABLE {table}")
        total = con.execute("SELECT count(*) FROM corpus_speakers").fetchall()[0][0]  # fetched whole: no open result
        con.commit()
    except BaseException:
        store.rollback()
        raise
    return total

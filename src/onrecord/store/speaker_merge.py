"""The corpus speaker merge as SQL run inside DuckDB: incremental, and equal to a full recompute.

Each speaker's corpus speaker follows from that speaker's own row alone (its
name, kind, identity and, for pseudonyms, its article's outlet): see the rule
in ``onrecord.store.corpus``. So adding articles only has to

1. give the speakers that have no ``corpus_speaker_id`` yet (the ones just
   written) their id, a hash of their merge key;
2. recompute the ``corpus_speakers`` rows of those ids from all their members.

Every other corpus speaker is left as it was, and the result is the one a
full recompute gives (``rebuild=True``: clear every link, then the same two
steps). No row becomes a Python object: the work is three SQL statements.
"""

from __future__ import annotations

from onrecord.lexicons import words
from onrecord.store.db import Store

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
        SELECT s.article_id, s.id AS speaker_id, s.kind, {_identity_sql(store)} AS identity,
               {store.outlet_sql('a')} AS outlet, {_TOKENS} AS toks
        FROM speakers s JOIN articles a ON a.id = s.article_id
        WHERE s.corpus_speaker_id IS NULL
    ), named AS (SELECT *, {_NAME_TOKENS} AS name_toks FROM fresh)
    SELECT article_id, speaker_id, 'c' || md5({_KEY})[1:12] AS corpus_speaker_id FROM named"""


def _rows_sql(store: Store) -> str:
    """``corpus_speakers`` rows of the ids in ``_corpus_new``, from all their members.

    The display name is the most used one; on a tie the one with fewer words
    (no title), then one not in capitals (a transcript's ``JANE DOE:``), then
    the one with accents, then the first in order.
    """
    return f"""INSERT INTO corpus_speakers (id, name, kind, identity, outlet, names, n_speakers)
    WITH members AS (
        SELECT s.corpus_speaker_id AS id, s.name, s.kind, {_identity_sql(store)} AS identity,
               {store.outlet_sql('a')} AS outlet
        FROM speakers s JOIN articles a ON a.id = s.article_id
        WHERE s.corpus_speaker_id IN (SELECT DISTINCT corpus_speaker_id FROM _corpus_new)
    ), display AS (
        SELECT id, first(name ORDER BY n DESC, len(string_split(trim(name), ' ')), name = upper(name),
                         name = strip_accents(name), name) AS name
        FROM (SELECT id, name, count(*) AS n FROM members GROUP BY id, name) GROUP BY id
    ), identities AS (
        SELECT id, first(identity ORDER BY n DESC, identity) AS identity
        FROM (SELECT id, identity, count(*) AS n FROM members WHERE identity IS NOT NULL GROUP BY id, identity)
        GROUP BY id
    )
    SELECT m.id, any_value(d.name), min(m.kind), any_value(i.identity),
           CASE WHEN bool_and(m.identity = 'pseudonym') AND count(DISTINCT m.outlet) = 1 THEN min(m.outlet) END,
           to_json(list_sort(list_distinct(list(m.name)))), count(*)
    FROM members m JOIN display d USING (id) LEFT JOIN identities i USING (id)
    GROUP BY m.id"""


def link_speakers(store: Store, rebuild: bool = False) -> int:
    """Link the speakers without a corpus speaker (all of them when ``rebuild``); return the corpus speaker count.

    One transaction: a failure leaves the corpus as it was before the call.
    """
    con = store.con
    con.begin()
    try:
        if rebuild:
            con.execute("UPDATE speakers SET corpus_speaker_id = NULL WHERE corpus_speaker_id IS NOT NULL")
            con.execute("DELETE FROM corpus_speakers")
        con.execute(_new_links_sql(store), {"titles": TITLES})
        con.execute(
            "UPDATE speakers SET corpus_speaker_id = n.corpus_speaker_id FROM _corpus_new n "
            "WHERE speakers.article_id = n.article_id AND speakers.id = n.speaker_id"
        )
        con.execute("DELETE FROM corpus_speakers WHERE id IN (SELECT DISTINCT corpus_speaker_id FROM _corpus_new)")
        con.execute(_rows_sql(store))
        con.execute("DROP TABLE _corpus_new")
        total = con.execute("SELECT count(*) FROM corpus_speakers").fetchone()[0]
        con.commit()
    except BaseException:
        store.rollback()
        raise
    return total

"""``--search`` with the trigram signature gives exactly the rows ``ILIKE`` alone gives (onrecord.store.trigrams)."""

from __future__ import annotations

import random

import duckdb
import pytest
from store_records import article, quote, speaker

from onrecord.store import Store, merge_speakers, queries, shard_tables, trigrams
from onrecord.store.filters import Filters, search_clause

# Made-up quotes: ASCII and not, cases, punctuation, the two code points ILIKE folds to ASCII, short and empty.
TEXTS = [
    "The harbour bridge will reopen in March, the mayor's office said.",
    "THE HARBOUR BRIDGE WILL REOPEN IN MARCH",
    "Prices at the market rose 4.5% after the storm (again).",
    "Le café du coin ferme à 18h — personne ne sait pourquoi.",
    "İstanbul'daki toplantı ertelendi, dedi yetkili.",
    "The sample was cooled to 4 \u212aelvin overnight",
    "Die Straße bleibt gesperrt; STRASSE gesperrt.",
    "“We will not back down,” she said — again.",
    "naïve résumé coöperate",
    "Emoji 👍🏽 in the middle of a sentence 👍",
    "a_b%c\\d",
    "ok",
    "",
    "x",
    "Ünïcödé ÜBER über",
]

PHRASES = ["bridge", "BRIDGE", "Harbour Bridge", "reopen in march", "ok", "o", "", "%", "4.5%", "(again)",
           "café", "CAFÉ", "ferme à", "istanbul", "İstanbul", "İSTANBUL", "kelvin", "KELVIN", "4 kelvin",
           "straße", "STRASSE", "strasse", "ss", "back down,", "“we", "—", "naïve", "coöp", "👍🏽", "👍 in",
           "a_b", "b%c", "c\\d", "\\", "_", "über", "ÜBER", "üBer", "e, d", "said.", "he", "the", "zz", "xyzzy"]


@pytest.fixture
def store(tmp_path):
    quotes = [quote(f"q{i + 1}", text, 0, "s1") for i, text in enumerate(TEXTS)]
    records = [article("t1", "Daily Planet", "2024-01-02", quotes, [speaker("s1", "Mara Olsen", identity="named")])]
    with Store.open(tmp_path / "corpus.duckdb") as s:
        s.write_shard(shard_tables(records))
        merge_speakers(s)
        yield s


def _phrases() -> list[str]:
    """The fixed phrases, their case variants, and every substring of 1-6 characters of each text."""
    found = set(PHRASES)
    for phrase in PHRASES:
        found |= {phrase.upper(), phrase.lower(), phrase.swapcase()}
    for text in TEXTS:
        for size in range(1, 7):
            found |= {text[i:i + size] for i in range(len(text) - size + 1)}
    rng = random.Random(7)
    found |= {"".join(rng.choice("abcdefghij ,.") for _ in range(rng.randrange(2, 8))) for _ in range(200)}
    return sorted(found)


def _rows(store: Store, sql: str, params: list) -> set[str]:
    return {r[0] for r in store.con.execute(f"SELECT q.id FROM quotes q WHERE {sql}", params).fetchall()}


def test_every_quote_is_signed_at_write(store):
    assert trigrams.indexed(store)
    nonzero = store.con.execute("SELECT count(*) FROM quotes WHERE content_sig_a <> 0 OR content_sig_b <> 0").fetchone()
    assert nonzero[0] == len(TEXTS) - 3  # "", "ok", "x" hold no trigram


def test_search_with_the_signature_keeps_exactly_the_ilike_rows(store):
    used = 0
    for phrase in _phrases():
        clause = search_clause(store, phrase)
        plain = _rows(store, "q.content_text ILIKE ? ESCAPE '\\'", [clause.params[-1]])
        assert _rows(store, clause.sql, list(clause.params)) == plain, phrase
        used += "content_sig_a" in clause.sql
    assert used > 500  # the signature was tested, not only ILIKE


def test_the_signature_rules_out_quotes(store):
    clause = search_clause(store, "harbour bridge")
    assert "content_sig_a" in clause.sql
    passing = _rows(store, clause.sql.split(" THEN ")[0].replace("(CASE WHEN ", ""), list(clause.params[:4]))
    assert passing and len(passing) < len(TEXTS) / 2
    assert _rows(store, clause.sql, list(clause.params)) == {"q1", "q2"}


def test_quotes_search_is_the_same_with_and_without_the_signature(store):
    for phrase in ["bridge", "İstanbul", "KELVIN", "ss", "'s", "—"]:
        with_sig = queries.quotes(store, Filters(search=phrase)).rows
        store.con.execute("UPDATE quotes SET content_sig_a = NULL WHERE id = 'q1'")  # not indexed: ILIKE alone
        assert not trigrams.indexed(store)
        without = queries.quotes(store, Filters(search=phrase)).rows
        merge_speakers(store)  # fills the signature again
        assert trigrams.indexed(store)
        assert with_sig == without and (with_sig or phrase == "KELVIN"), phrase


def test_only_two_code_points_fold_to_ascii_under_ilike():
    """The signature gives every bit to a quote with İ or the Kelvin sign; no other character may need it."""
    folding = duckdb.connect().execute(r"""
        WITH cps AS (SELECT i, chr(i::INT) AS ch FROM range(128, 196608) t(i) WHERE i < 55296 OR i > 57343),
        ascii_chars AS (SELECT chr(j::INT) AS a FROM range(32, 127) t(j) WHERE j NOT IN (37, 92, 95))
        SELECT DISTINCT i FROM cps, ascii_chars WHERE ch ILIKE ('%' || a || '%') ORDER BY i""").fetchall()
    assert [r[0] for r in folding] == [ord(c) for c in trigrams._FOLDS_TO_ASCII]


def test_mask_of_a_short_or_non_ascii_phrase():
    assert trigrams.mask("ab") == (0, 0) and trigrams.mask("ü€ß") == (0, 0)
    assert trigrams.mask("Bridge") == trigrams.mask("bRIDGE") != (0, 0)
    sig = trigrams.signatures(["The bridge \u212a"]).to_pylist()[0]
    assert sig == {"content_sig_a": (1 << 63) - 1, "content_sig_b": (1 << 63) - 1}

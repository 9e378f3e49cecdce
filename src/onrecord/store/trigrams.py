"""A trigram signature per quote, so that ``quotes --search`` runs ``ILIKE`` on a few candidates, not on all.

Why: at a million articles ``--search`` was an ``ILIKE '%phrase%'`` over 20
million quote texts (3.1 s quiet, 9-12 s on the loaded machine), and DuckDB's
full-text extension cannot be installed here. Each quote carries 126 bits
(``content_sig_a``, ``content_sig_b``: two ``BIGINT`` of 63 bits, which
Parquet keeps as they are): bit ``b`` is set when the text holds a trigram
whose hash is ``b``. A phrase's trigrams set the bits of its mask; a quote
whose signature lacks one of them cannot hold the phrase, so
``(sig & mask) = mask`` is tested first and ``ILIKE`` decides on the rest.
The answer is exactly ``ILIKE``'s (tests/store/test_trigram_search.py):

- only trigrams of three ASCII characters count, lower-cased as ASCII, and a
  quote without one has signature 0; a phrase shorter than three characters,
  or with no three ASCII characters in a row, has mask 0 and every quote passes;
- ``ILIKE`` folds case by Unicode, and two characters fold to ASCII letters:
  ``İ`` (U+0130, to ``i``) and the Kelvin sign (U+212A, to ``k``). A quote
  holding either gets every bit, so it always reaches ``ILIKE`` (checked
  against every code point in the test);
- the hash is arithmetic on the three bytes, not DuckDB's ``hash()``, so a
  signature written by one DuckDB version means the same in the next.

One definition (``signatures``) makes the quotes' signatures at every write
(``Store.write_shard``, and ``fill_signatures`` for quotes written without
them: an older corpus, the synthetic benchmark) and the phrase's mask. It is
numpy over Arrow buffers, registered in DuckDB as the function
``onrecord_trigrams``: the same in SQL lambdas took 250 us a quote (80 min at
a million articles).
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

SIG_COLUMNS = ("content_sig_a", "content_sig_b")
BITS = 63
"""Bits per column: a ``BIGINT`` without its sign bit."""
FUNCTION = "onrecord_trigrams"
_ALL = (1 << BITS) - 1
_FOLDS_TO_ASCII = ("\u0130", "\u212a")
"""The two code points ``ILIKE`` folds to an ASCII letter (İ -> i, Kelvin sign -> k)."""
_SIG_TYPE = pa.struct([(SIG_COLUMNS[0], pa.int64()), (SIG_COLUMNS[1], pa.int64())])


def _buckets(data: np.ndarray, lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(text number, bucket 0..125) of every ASCII trigram of the texts laid end to end in ``data``."""
    if len(data) < 3:
        return np.empty(0, np.int32), np.empty(0, np.int64)
    text = np.repeat(np.arange(len(lengths), dtype=np.int32), lengths)
    ascii_ = data < 128
    keep = ascii_[:-2] & ascii_[1:-1] & ascii_[2:] & (text[:-2] == text[2:])
    first = np.flatnonzero(keep)
    key = (data[first].astype(np.int64) << 14) | (data[first + 1].astype(np.int64) << 7) | data[first + 2]
    bucket = (((key * 2654435761) & 0xFFFFFFFF) * (2 * BITS)) >> 32
    return text[first], bucket


def _or_per_text(n: int, text: np.ndarray, bits: np.ndarray) -> np.ndarray:
    """For each of ``n`` texts, the OR of ``1 << bits`` over its entries (``text`` sorted)."""
    out = np.zeros(n, np.int64)
    if len(text):
        firsts = np.flatnonzero(np.r_[True, text[1:] != text[:-1]])
        out[text[firsts]] = np.bitwise_or.reduceat(np.left_shift(np.int64(1), bits), firsts)
    return out


def signatures(texts: pa.Array | pa.ChunkedArray | list[str | None], phrase: bool = False) -> pa.StructArray:
    """The signature of each text (``content_sig_a``, ``content_sig_b``); with ``phrase``, the mask of each.

    A null text has signature 0 (``ILIKE`` never keeps it). A phrase is not
    given every bit for ``İ`` or the Kelvin sign: its mask only holds the
    trigrams it must share with a quote.
    """
    if not isinstance(texts, (pa.Array, pa.ChunkedArray)):
        texts = pa.array(texts, pa.string())
    if isinstance(texts, pa.ChunkedArray):
        texts = texts.combine_chunks() if texts.num_chunks else pa.array([], pa.string())
    n = len(texts)
    lowered = pc.ascii_lower(texts.cast(pa.large_string())).fill_null("")
    offsets = np.frombuffer(lowered.buffers()[1], np.int64)[lowered.offset:lowered.offset + n + 1]
    data = np.frombuffer(lowered.buffers()[2], np.uint8) if lowered.buffers()[2] is not None else np.empty(0, np.uint8)
    base = offsets[0] if n else 0
    data = data[base:offsets[-1]] if n else data[:0]
    text, bucket = _buckets(data, np.diff(offsets))
    low = bucket < BITS
    a = _or_per_text(n, text[low], bucket[low])
    b = _or_per_text(n, text[~low], bucket[~low] - BITS)
    if not phrase and n:
        folds = np.zeros(n, bool)
        for char in _FOLDS_TO_ASCII:
            folds |= pc.fill_null(pc.match_substring(texts, char), False).to_numpy(zero_copy_only=False)
        a[folds] = _ALL
        b[folds] = _ALL
    return pa.StructArray.from_arrays([pa.array(a, pa.int64()), pa.array(b, pa.int64())], fields=list(_SIG_TYPE))


def mask(phrase: str) -> tuple[int, int]:
    """The two halves of ``phrase``'s mask: the bits every quote holding it (as ``ILIKE`` matches) has set."""
    row = signatures([phrase], phrase=True)
    return row.field(0)[0].as_py(), row.field(1)[0].as_py()


def register(con) -> None:
    """Make ``onrecord_trigrams(text)`` (a struct of the two halves) callable in ``con``'s SQL."""
    import duckdb

    def udf(texts: pa.Array) -> pa.Array:
        return signatures(texts)

    if con.execute("SELECT EXISTS (SELECT 1 FROM duckdb_functions() WHERE function_name = ?)",
                   [FUNCTION]).fetchall()[0][0]:
        return
    con.create_function(FUNCTION, udf, [duckdb.sqltype("VARCHAR")],
                        duckdb.sqltype(f"STRUCT({SIG_COLUMNS[0]} BIGINT, {SIG_COLUMNS[1]} BIGINT)"),
                        type="arrow", side_effects=False)


def indexed(store) -> bool:
    """Whether every quote has its signature: the columns exist (not in a corpus or dataset made before them)
    and no quote waits for ``fill_signatures``."""
    if not all(store.has_column("quotes", c) for c in SIG_COLUMNS):
        return False
    with store.coded_errors("cannot be queried"):
        return not store.con.execute(
            f"SELECT EXISTS (SELECT 1 FROM quotes WHERE {SIG_COLUMNS[0]} IS NULL)").fetchall()[0][0]


def fill_signatures(store) -> int:
    """Give every quote without a signature its own (in the caller's transaction); return how many.

    Only null rows are read: after the first fill DuckDB skips every row group
    without nulls, so an ingest pays for its own quotes only.
    """
    con = store.con
    register(con)
    missing = con.execute(f"SELECT count(*) FROM quotes WHERE {SIG_COLUMNS[0]} IS NULL").fetchall()[0][0]
    if missing:
        sig = f"{FUNCTION}(content_text)"
        con.execute(f"UPDATE quotes SET {SIG_COLUMNS[0]} = {sig}.{SIG_COLUMNS[0]}, "
                    f"{SIG_COLUMNS[1]} = {sig}.{SIG_COLUMNS[1]} WHERE {SIG_COLUMNS[0]} IS NULL")
    return missing

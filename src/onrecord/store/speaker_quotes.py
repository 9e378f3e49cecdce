"""``quotes --speaker``: read only the quotes of the corpus speakers the text names.

Joining every quote with its article, speaker and corpus speaker and then
keeping one person's took 5.7 s at p95 at a million articles (20 million
quotes). Here:

1. the corpus speakers whose display name or list of names holds the text
   (the filter's own test on ``cs.name`` and ``cs.names``) are looked up once;
2. their quotes are read by ``quotes.corpus_speaker_key`` and ``corpus_speaker_id`` (``onrecord.store.quote_links``),
   with the other filters; a ``--limit`` is applied to their keys first, so the
   text of a much-quoted person's 450,000 quotes is not read for 100;
3. the rows shown are read for those quotes' articles only.

The answer is the join's: a quote the ``--speaker`` filter keeps has a
corpus speaker whose name or names match, or a speaker whose own name
matches, and a speaker's own name is one of its corpus speaker's names (the
JSON list holds it as is unless it has a character JSON escapes: such a text,
a quote mark, backslash or control character, goes to the join). The quick
path also needs every quote linked (``quotes_linked``): not so after an ingest
cut short, or in a corpus or dataset written before the column.
"""

from __future__ import annotations

from dataclasses import replace

from onrecord.store.dataset import is_dataset
from onrecord.store.db import Store
from onrecord.store.filters import Filters, like_literal, where_sql
from onrecord.store.queries import QUOTE_ORDER, Result, run
from onrecord.store.quote_links import KEY, NO_SPEAKER, key_sql, quotes_linked

_JSON_ESCAPED = ('"', "\\")
_IDS = "(SELECT unnest(?::VARCHAR[]))"
_LISTED = 100
"""Up to this many corpus speakers are looked up by their primary key's index (``id IN (...)``)."""


def _quick(store: Store, text: str | None) -> bool:
    if not text or any(c in _JSON_ESCAPED or ord(c) < 32 for c in text):
        return False
    return quotes_linked(store)


def matching_ids(store: Store, text: str) -> list[str]:
    """The corpus speakers the ``--speaker`` text matches: the filter's test on their names (the display name
    is one of them, so its own test adds nothing for a text with no character JSON escapes)."""
    pattern = f"%{like_literal(text)}%"
    return [r[0] for r in run(store, "SELECT id FROM corpus_speakers WHERE CAST(names AS VARCHAR) ILIKE ? "
                                     "ESCAPE '\\'", [pattern]).rows]


def _has_rowids(store: Store) -> bool:
    """Whether the tables have rowids: a database file does, a Parquet dataset's views do not."""
    return store.path == ":memory:" or not is_dataset(store.path)


def _rows(ids: list[str], shown: tuple[list[int], list[str], list[int]] | None, with_speakers: bool,
          rowids: bool = True) -> tuple[str, list]:
    """``FROM`` the quotes of corpus speakers ``ids`` as ``QUOTE_ROWS`` has them (``q._row``, ``a._row``: their
    rowids); with ``shown`` (quote rowids, their articles' ids and rowids) only those quotes and articles, and
    the speakers of those articles."""
    if shown is None:
        # The integer key first (DuckDB tests a scan's filters in turn, the id on the rows the key keeps).
        row = ", rowid AS _row" if rowids else ""
        sql = (f"FROM (SELECT *{row} FROM quotes WHERE {KEY} IN (SELECT {key_sql('unnest(?::VARCHAR[])')}) "
               f"AND corpus_speaker_id IN {_IDS}) q JOIN (SELECT *{row} FROM articles) a "
               "ON a.id = q.article_id")
        params: list = [ids, ids]
    else:
        # By rowid: 0.02 s for 100 quotes, where a scan for them read 20 million keys again.
        sql = (f"FROM (SELECT *, rowid AS _row FROM quotes WHERE rowid IN (SELECT unnest(?::BIGINT[]))) q "
               "JOIN (SELECT *, rowid AS _row FROM articles WHERE rowid IN (SELECT unnest(?::BIGINT[]))) a "
               "ON a.id = q.article_id")
        params = [shown[0], shown[2]]
    if with_speakers:
        of_articles = f" AND article_id IN {_IDS}" if shown is not None else ""
        sql += (f" LEFT JOIN (SELECT * FROM speakers WHERE {KEY} IN (SELECT {key_sql('unnest(?::VARCHAR[])')}) "
                f"AND corpus_speaker_id IN {_IDS}{of_articles}) s ON s.article_id = q.article_id AND s.id = q.speaker_id ")
        params += [ids, ids] + ([shown[1]] if shown is not None else [])
        if len(ids) <= _LISTED:  # looked up by the primary key's index; a join would read every row
            sql += f"LEFT JOIN (SELECT * FROM corpus_speakers WHERE id IN ({', '.join('?' * len(ids))})) cs "
            params += ids
        else:
            sql += f"LEFT JOIN (SELECT * FROM corpus_speakers WHERE id IN {_IDS}) cs "
            params.append(ids)
        sql += "ON cs.id = s.corpus_speaker_id"
    return sql, params


def speaker_quotes(store: Store, filters: Filters, limit: int | None, columns: str) -> Result | None:
    """``queries.quotes`` for a ``--speaker`` filter (``columns``: its select list); ``None`` when the quick
    path cannot answer (see the module's docstring)."""
    if not filters.speaker:
        return _limited(store, filters, limit, columns)
    if not _quick(store, filters.speaker):
        return None
    ids = matching_ids(store, filters.speaker)
    # Every quote of those corpus speakers passes the speaker test: only the other filters remain.
    others = replace(filters, speaker=None)
    where, params = where_sql(others.clauses(store))
    order = QUOTE_ORDER + (f" LIMIT {int(limit)}" if limit else "")
    shown = None
    if limit and _has_rowids(store):
        rows, row_params = _rows(ids, None, with_speakers=bool(others.identity))
        kept = run(store, f"SELECT q._row, q.article_id, a._row, q.corpus_speaker_id {rows}{where} {order}",
                   row_params + params)
        shown, ids = _shown(kept)
    rows, row_params = _rows(ids, shown, with_speakers=True, rowids=_has_rowids(store))
    return run(store, f"SELECT {columns} {rows}{where} {order}", row_params + params)


def _shown(kept: Result) -> tuple[tuple[list[int], list[str], list[int]], list[str]]:
    """The rowids of the quotes the first statement kept, their articles' ids and rowids; and their corpus
    speakers, whose speakers alone the second statement reads (a surname alone can match 13,000 corpus speakers).

    Rowids hold between the two statements: no other process writes while this one has the file open, and
    the call writes nothing.
    """
    shown = ([r[0] for r in kept.rows], sorted({r[1] for r in kept.rows}), sorted({r[2] for r in kept.rows}))
    return shown, sorted({r[3] for r in kept.rows}) or [NO_SPEAKER]


def _limited(store: Store, filters: Filters, limit: int | None, columns: str) -> Result | None:
    """``queries.quotes`` with a ``--limit`` and filters on quotes and articles only (``--search``, ``--outlet``,
    dates, keys): the quotes kept are ordered without reading any speaker, then the shown ones are read with
    their speakers. The join of every matching quote with 7.5 million speakers and 3 million corpus speakers
    cost 1-2 s of ``--search`` at a million articles. ``None`` without a limit, with ``--identity``, on a
    Parquet dataset (no rowids), or when not every quote is linked."""
    if not limit or filters.identity or not _has_rowids(store) or not quotes_linked(store):
        return None
    where, params = where_sql(filters.clauses(store))
    order = f"{QUOTE_ORDER} LIMIT {int(limit)}"
    # The tables themselves, not ``SELECT *, rowid``: that subquery made DuckDB read every column (3-5 s, not 2).
    kept = run(store, "SELECT q.rowid, q.article_id, a.rowid, q.corpus_speaker_id FROM quotes q "
                      f"JOIN articles a ON a.id = q.article_id{where} {order}", params)
    shown, ids = _shown(kept)
    rows, row_params = _rows(ids, shown, with_speakers=True)
    return run(store, f"SELECT {columns} {rows}{where} {order}", row_params + params)

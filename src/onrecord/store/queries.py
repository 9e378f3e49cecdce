"""The questions the CLI and the notebook API ask of a corpus: quotes, speakers, exports.

Each query returns a ``Result`` (column names and rows); ``onrecord.store.render``
prints one as a table, JSON or CSV, and the per-outlet report lives in
``onrecord.store.report``. The SQL only uses the public schema of docs/corpus.md.
Filters are ``onrecord.store.filters.Filters``; every quote carries ``key``
(``ARTICLE:qN``), stable across runs because the article id is a hash of its URL
or text and ``qN`` its id within the article.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import get_args

from onrecord.records import Identity
from onrecord.store.dataset import copy_to, export_partitioned
from onrecord.store.db import Store
from onrecord.store.errors import StoreError, from_os_error
from onrecord.store.filters import Filters, where_sql

IDENTITIES: tuple[str, ...] = get_args(Identity)  # the record model's one list, in its order

# Every quote with its article and (when resolved) its speaker and corpus speaker.
QUOTE_ROWS = (
    "FROM quotes q JOIN articles a ON a.id = q.article_id "
    "LEFT JOIN speakers s ON s.article_id = q.article_id AND s.id = q.speaker_id "
    "LEFT JOIN corpus_speakers cs ON cs.id = s.corpus_speaker_id"
)

QUOTE_COLUMNS = (
    "q.article_id || ':' || q.id AS key, q.article_id, q.id AS quote_id, COALESCE(cs.name, s.name) AS speaker, "
    "{identity} AS identity, {outlet} AS outlet, a.published, a.title, q.type, q.cue_text AS cue, "
    "q.content_text AS content"
)
QUOTE_ORDER = "ORDER BY a.published NULLS LAST, q.article_id, TRY_CAST(substr(q.id, 2) AS INTEGER), q.id"


@dataclass
class Result:
    columns: list[str]
    rows: list[tuple]

    def dicts(self) -> list[dict]:
        return [dict(zip(self.columns, row)) for row in self.rows]


def quotes(store: Store, filters: Filters | None = None, limit: int | None = None, use_links: bool = True,
           **given) -> Result:
    """Quotes with their key, speaker and article, filtered (``Filters``, or its fields as keywords).

    ``speaker`` is null when the quote has no resolved speaker; the table
    rendering shows it as ``(unresolved)``. With a ``--speaker`` filter only the matching corpus speakers'
    quotes are read (``onrecord.store.speaker_quotes``); ``use_links=False`` joins every quote instead: the
    same answer, slower.
    """
    filters = filters or Filters.of(**given)
    identity_sql = "s.identity" if store.has_column("speakers", "identity") else "NULL"
    if use_links:
        from onrecord.store.speaker_quotes import speaker_quotes

        found = speaker_quotes(store, filters, limit, QUOTE_COLUMNS.format(identity=identity_sql,
                                                                           outlet=store.outlet_sql("a")))
        if found is not None:
            return found
    where, params = where_sql(filters.clauses(store))
    sql = (
        f"SELECT {QUOTE_COLUMNS.format(identity=identity_sql, outlet=store.outlet_sql('a'))} {QUOTE_ROWS}{where} "
        f"{QUOTE_ORDER}"
    )
    if limit:
        sql += f" LIMIT {int(limit)}"
    return run(store, sql, params)


def speakers(store: Store, top: int = 20, filters: Filters | None = None, use_counts: bool | None = None,
             **given) -> Result:
    """Corpus speakers by number of quotes among the quotes the filters keep.

    ``articles`` and ``outlets`` count where they are quoted; ``also_named`` lists
    the other names merged into them (``Donald J. Trump`` under ``Donald Trump``).
    Without a speaker, identity or search filter the counts kept at ingest answer
    (``onrecord.store.counted``; ``use_counts=False`` scans the quotes instead: the same answer).
    """
    from onrecord.store import counted

    filters = filters or Filters.of(**given)
    also = ("array_to_string(list_filter(from_json(cs.names, '[\"VARCHAR\"]'), lambda x: x <> cs.name), '; ')")
    if use_counts is not False and counted.answers(store, filters):
        return counted.speakers(store, top, filters)
    where, params = where_sql(filters.clauses(store))
    sql = (
        "SELECT cs.name AS speaker, cs.kind, cs.identity, count(q.id) AS quotes, "
        f"count(DISTINCT q.article_id) AS articles, count(DISTINCT {store.outlet_sql('a')}) AS outlets, "
        f"{also} AS also_named, cs.id AS corpus_speaker_id "
        f"{QUOTE_ROWS}{where}{' AND' if where else ' WHERE'} cs.id IS NOT NULL "
        "GROUP BY cs.id, cs.name, cs.kind, cs.identity, cs.names "
        "ORDER BY quotes DESC, articles DESC, speaker LIMIT ?"
    )
    return run(store, sql, params + [top])


EXPORT_FORMATS = {"parquet": "(FORMAT parquet)", "csv": "(FORMAT csv, HEADER true)", "jsonl": "(FORMAT json)"}


def export(store: Store, out: str | Path, fmt: str, partition_by: list[str] | None = None) -> list[Path]:
    """Write every table to ``out/TABLE.EXT`` (``out`` is created); return the files written.

    With ``partition_by`` (Parquet only), the tables of articles are hive-partitioned
    folders instead (``out/quotes/outlet=X/year=Y/``; see ``onrecord.store.dataset``).
    A folder that cannot be created or written (read-only, no permission, disk
    full) raises ``NotWritable`` or ``DiskFull`` naming ``out``.
    """
    if fmt not in EXPORT_FORMATS:
        raise StoreError("--format", f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
    if partition_by and fmt != "parquet":
        raise StoreError("--partition-by", f"partitions are written as Parquet only, not {fmt}; add --format parquet")
    out = Path(out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise from_os_error(str(out), exc, "cannot be created") from exc
    written = []
    with store.coded_errors("cannot be read"):
        tables = [r[0] for r in store.con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY table_name"
        ).fetchall()]
    if partition_by:
        return export_partitioned(store, out, tables, partition_by)
    for table in tables:
        path = out / f"{table}.{fmt}"
        copy_to(store, f'SELECT * FROM "{table}"', path, EXPORT_FORMATS[fmt], out)
        written.append(path)
    return written


def run(store: Store, sql: str, params: list) -> Result:
    with store.coded_errors("cannot be queried"):
        cursor = store.con.execute(sql, params)
        columns = [d[0] for d in cursor.description]
        return Result(columns, cursor.fetchall())

"""Rows of the store's tables from ``Article`` records, as lists of dicts or Arrow tables.

Both runners (local processes and Dask) turn a shard of analyzed articles into
one Arrow table per store table with ``shard_tables``; the writer loads those
into DuckDB, and the Dask runner writes them as Parquet first.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import pyarrow as pa
from pydantic import TypeAdapter

from onrecord.records import Article
from onrecord.store.schema import Column, Schema, Table, article_key, derive_schema

_JSONABLE = TypeAdapter(Any)  # pydantic's public serializer: records, lists and dicts of them to JSON types

_ARROW = {
    "VARCHAR": pa.string(),
    "JSON": pa.string(),
    "BIGINT": pa.int64(),
    "INTEGER": pa.int32(),
    "DOUBLE": pa.float64(),
    "BOOLEAN": pa.bool_(),
}


def _value(record: Any, column: Column) -> Any:
    value = record
    for name in column.path:
        if value is None:
            return None
        value = getattr(value, name)
    if column.json:
        return json.dumps(_JSONABLE.dump_python(value, mode="json"), ensure_ascii=False)
    return value


def shard_columns(table: Table) -> list[Column]:
    """The columns a shard carries: all but the timestamps the writer sets."""
    return [c for c in table.columns if c.sql_type in _ARROW]


def article_rows(article: Article, schema: Schema | None = None) -> dict[str, list[dict]]:
    """The rows one article contributes to each record table, keyed by table name."""
    schema = schema or derive_schema()
    key = article_key(article.url, article.text)
    rows: dict[str, list[dict]] = {}
    articles = schema["articles"]
    row = {c.name: _value(article, c) for c in shard_columns(articles) if c.path}
    row["id"] = key
    rows["articles"] = [row]
    for table in schema.record_tables:
        if table.parent_field is None:
            continue
        items = getattr(article, table.parent_field) or []
        out = []
        for n, item in enumerate(items):
            row = {c.name: _value(item, c) for c in shard_columns(table) if c.path}
            row["article_id"] = key
            if table.ordinal:
                row["n"] = n
            out.append(row)
        rows[table.name] = out
    if "mentions" in schema.tables:
        rows["mentions"] = [
            {"article_id": key, "speaker_id": speaker.id, "start_offset": s, "end_offset": e, "text": article.text[s:e]}
            for speaker in article.speakers
            for s, e in speaker.mentions
        ]
    return rows


def to_arrow(table: Table, rows: Iterable[dict]) -> pa.Table:
    columns = shard_columns(table)
    arrow_schema = pa.schema([(c.name, _ARROW[c.sql_type]) for c in columns])
    rows = list(rows)
    return pa.Table.from_pydict({c.name: [r.get(c.name) for r in rows] for c in columns}, schema=arrow_schema)


def shard_tables(articles: Iterable[Article], schema: Schema | None = None) -> dict[str, pa.Table]:
    """One Arrow table per record table holding the rows of ``articles``."""
    schema = schema or derive_schema()
    collected: dict[str, list[dict]] = {t.name: [] for t in schema.record_tables}
    for article in articles:
        for name, rows in article_rows(article, schema).items():
            collected[name].extend(rows)
    return {name: to_arrow(schema[name], rows) for name, rows in collected.items()}

"""The DuckDB corpus: open (creating or widening the schema), write shards, one transaction per article.

Concurrency: DuckDB lets one process open a database file for writing, and
while it does, no other process can open the file at all. ``onrecord ingest``
is that writer; queries open the file ``read_only`` and may run side by side
with each other whenever no ingest holds it. See ``docs/corpus.md``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import duckdb
import pyarrow as pa

from onrecord.store.errors import NoDatabase, StoreError, StoreLocked
from onrecord.store.schema import Schema, derive_schema

_CHILD_ORDER_FIRST = "articles"


class Store:
    """An open corpus database. Use ``Store.open(path)``; close it (or use ``with``)."""

    def __init__(self, con: duckdb.DuckDBPyConnection, path: str, schema: Schema, read_only: bool):
        self.con = con
        self.path = path
        self.schema = schema
        self.read_only = read_only

    @classmethod
    def open(cls, path: str | Path, read_only: bool = False) -> "Store":
        path = str(path)
        if read_only and path != ":memory:" and not Path(path).exists():
            raise NoDatabase(path, "no such database; create it with `onrecord ingest INPUT --db PATH`")
        try:
            con = duckdb.connect(path, read_only=read_only)
        except duckdb.IOException as exc:
            if "lock" in str(exc).lower():
                raise StoreLocked(
                    path,
                    "the database is held by another process (an ingest running?); DuckDB allows one "
                    "writer and no readers while it runs - wait for it, or query a copy of the file",
                ) from exc
            raise StoreError(path, f"cannot be opened ({exc})") from exc
        except duckdb.Error as exc:
            raise StoreError(path, f"cannot be opened ({exc})") from exc
        store = cls(con, path, derive_schema(), read_only)
        if not read_only:
            store._ensure_schema()
        return store

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    # -- schema ------------------------------------------------------------

    def existing_columns(self, table: str) -> list[str]:
        rows = self.con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
            [table],
        ).fetchall()
        return [r[0] for r in rows]

    def has_table(self, table: str) -> bool:
        return bool(self.existing_columns(table))

    def has_column(self, table: str, column: str) -> bool:
        return column in self.existing_columns(table)

    def _ensure_schema(self) -> None:
        """Create missing tables; add columns for record fields added since the file was made."""
        self.con.begin()
        for table in self.schema.tables.values():
            self.con.execute(table.ddl())
            have = set(self.existing_columns(table.name))
            for column in table.columns:
                if column.name not in have:
                    self.con.execute(f'ALTER TABLE "{table.name}" ADD COLUMN "{column.name}" {column.sql_type}')
        self.con.commit()

    # -- writes --------------------------------------------------------------

    def article_ids(self) -> set[str]:
        return {r[0] for r in self.con.execute("SELECT id FROM articles").fetchall()}

    def write_shard(self, tables: dict[str, pa.Table]) -> list[str]:
        """Insert the articles of one shard, each in its own transaction; return the ids written.

        An article already in the database is skipped whole, so loading the
        same shard twice (a retried task, a resumed ingest) adds nothing.
        """
        names = [_CHILD_ORDER_FIRST] + [n for n in tables if n != _CHILD_ORDER_FIRST]
        views = {}
        for name in names:
            view = f"_shard_{name}"
            self.con.register(view, tables[name])
            views[name] = view
        written: list[str] = []
        try:
            ids = list(dict.fromkeys(tables["articles"].column("id").to_pylist()))
            for article_id in ids:
                self.con.begin()
                try:
                    if self.con.execute("SELECT 1 FROM articles WHERE id = ?", [article_id]).fetchall():
                        self.con.rollback()
                        continue
                    for name in names:
                        self._insert_from(name, views[name], tables[name].schema.names, article_id)
                    self.con.commit()
                except BaseException:
                    self.con.rollback()
                    raise
                written.append(article_id)
        finally:
            for view in views.values():
                self.con.unregister(view)
        return written

    def _insert_from(self, name: str, view: str, available: Iterable[str], article_id: str) -> None:
        table = self.schema[name]
        available = set(available)
        columns = [c for c in table.column_names if c in available]
        targets = ", ".join(f'"{c}"' for c in columns)
        sources = targets
        if name == "articles":
            targets += ', "ingested_at"'
            sources += ", now()"
        key = "id" if name == "articles" else "article_id"
        self.con.execute(
            f'INSERT INTO "{name}" ({targets}) SELECT {sources} FROM "{view}" WHERE "{key}" = ?', [article_id]
        )

    def record_error(self, where: str, code: str, reason: str) -> None:
        """Remember an input that could not be analyzed (once per input and reason)."""
        self.con.execute(
            "INSERT INTO errors (input, code, reason, recorded_at) VALUES (?, ?, ?, now()) ON CONFLICT DO NOTHING",
            [where, code, reason],
        )

    def outlet_sql(self, alias: str = "a") -> str:
        """SQL for an article's outlet: the ``outlet`` record's name when the records have one, else ``site_name``."""
        columns = self.existing_columns("articles")
        for candidate in ("outlet_name", "outlet"):
            if candidate in columns:
                return f"COALESCE({alias}.{candidate}, {alias}.site_name)"
        return f"{alias}.site_name"
